from django import forms
from django.utils.translation import gettext_lazy as _

from network.concurrency import VersionedForm
from network.forms import NameField
from network.models import ProductNetwork
from producers.models import Organization, Product
from producers.services.organizations import PROFILE_FIELDS


class OrganizationForm(VersionedForm, forms.ModelForm):
    product_networks = forms.ModelMultipleChoiceField(
        label=_("Product networks"),
        queryset=ProductNetwork.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = [*PROFILE_FIELDS, "product_networks"]
        field_classes = dict.fromkeys(["legal_name", "short_name", "contact_name"], NameField)
        widgets = {
            "founding_year": forms.NumberInput(attrs={"min": 1850, "max": 2100}),
        }

    def __init__(self, *args, may_change_country: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_change_country:
            # The country decides which country network's staff oversee the organization.
            self.fields["country"].disabled = True
            self.fields["country"].help_text = _("Only network staff can change the country.")


class ProductForm(forms.ModelForm):
    class Meta:
        model = Product
        fields = [
            "product_network",
            "description",
            "annual_volume",
            "unit",
            "form",
            "destination_markets",
        ]


class MembershipDecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Recorded in the membership history and sent to the organization."),
        max_length=4000,
    )
