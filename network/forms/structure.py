"""Forms of the staff pages about the network's structure: country and product
networks, certification bodies."""

from django import forms
from django.utils.translation import gettext_lazy as _

from network.models import CertificationBody, CountryNetwork, ProductNetwork
from network.selectors.structure import coordinator_candidates


class CountryNetworkForm(forms.ModelForm):
    class Meta:
        model = CountryNetwork
        fields = ["country", "name", "coordinator"]
        help_texts = {"coordinator": _("A person with a staff role; invite them first.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = coordinator_candidates(self.instance)


class ProductNetworkForm(forms.ModelForm):
    class Meta:
        model = ProductNetwork
        fields = ["name", "slug", "is_honey"]


class CertificationBodyForm(forms.ModelForm):
    class Meta:
        model = CertificationBody
        fields = ["name", "country", "accreditation", "is_active"]
        help_texts = {
            "is_active": _(
                "Authorised by the standard owner to evaluate and certify organizations."
            )
        }
