"""Forms the public fills in (translated into Spanish, English, Portuguese, French)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from network.forms import NameField
from network.models import ProductNetwork
from producers.models import Organization

LEVELS = [
    (1, _("1st grade")),
    (2, _("2nd grade")),
    (3, _("3rd grade")),
    (4, _("4th grade")),
]


class OrganizationApplicationForm(forms.ModelForm):
    """A cooperative asks to join the network."""

    product_networks = forms.ModelMultipleChoiceField(
        label=_("Products"),
        queryset=ProductNetwork.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    applicant_name = NameField(label=_("Your name"), max_length=200)
    applicant_email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("We write to you here about the application and, once admitted, invite you."),
    )

    website = forms.URLField(
        label=_("Website"), required=False, max_length=200, assume_scheme="https"
    )

    class Meta:
        model = Organization
        fields = [
            "legal_name",
            "short_name",
            "country",
            "region",
            "municipality",
            "level",
            "founding_year",
            "legal_form",
            "tax_id",
            "phone",
            "website",
            "product_networks",
            "application_message",
        ]
        field_classes = {"legal_name": NameField, "short_name": NameField}
        labels = {
            "legal_name": _("Legal name of the organization"),
            "short_name": _("Short name"),
            "country": _("Country"),
            "region": _("Region"),
            "municipality": _("Municipality"),
            "level": _("Level"),
            "founding_year": _("Founding year"),
            "legal_form": _("Legal form"),
            "tax_id": _("Tax id"),
            "phone": _("Phone"),
            "website": _("Website"),
            "application_message": _("Tell us about your organization"),
        }
        help_texts = {
            "level": _(
                "1st grade: the members are producers; 2nd grade: the members are organizations."
            ),
            "legal_form": _("e.g. cooperative, association"),
        }
        widgets = {"application_message": forms.Textarea(attrs={"rows": 5})}

    field_order = ["applicant_name", "applicant_email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = LEVELS
