"""Public forms of the certification app: the register's filters, the complaint, and the
objection to an applicant."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries as world_countries

from certification.models import Certificate, Complaint
from certification.models.objections import REASONS_MAX_LENGTH
from certification.selectors import certificate_by_number
from network.forms import BotTrapForm, NameField
from network.models import CertificationBody, ProductNetwork


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or certificate number"), required=False, max_length=100)
    country = forms.ChoiceField(label=_("Country"), required=False)
    product = forms.ModelChoiceField(
        label=_("Product"),
        queryset=ProductNetwork.objects.order_by("name"),
        required=False,
        empty_label=_("all"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("all")), *Certificate.Status.choices],
    )

    def __init__(self, *args, country_codes=(), **kwargs):
        """`country_codes`: the countries the register holds certificates in."""
        super().__init__(*args, **kwargs)
        codes = set(country_codes)
        self.fields["country"].choices = [
            ("", _("all")),
            *((code, name) for code, name in world_countries if code in codes),
        ]


class ComplaintForm(BotTrapForm):
    about = forms.ChoiceField(
        label=_("Your complaint is about"),
        choices=Complaint.About.choices,
        widget=forms.RadioSelect,
    )
    certificate_number = forms.CharField(
        label=_("Certificate number of the organization"),
        required=False,
        max_length=32,
        help_text=_("As shown in the public register, e.g. SPS-PE-2026-0042."),
    )
    certification_body = forms.ModelChoiceField(
        label=_("Certification body"),
        queryset=CertificationBody.objects.filter(is_active=True).order_by("name"),
        required=False,
        empty_label=_("choose one"),
    )
    text = forms.CharField(
        label=_("What happened"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What, when and where; who was affected. At most 4000 characters."),
    )
    name = NameField(
        label=_("Your name (optional)"),
        required=False,
        max_length=200,
        help_text=_("The organization you complain about never sees who you are."),
    )
    email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        help_text=_("We send the acknowledgement, with your reference and a private link, here."),
    )

    def clean(self):
        data = super().clean()
        about = data.get("about")
        if about == Complaint.About.ORGANIZATION:
            number = data.get("certificate_number", "")
            certificate = certificate_by_number(number) if number else None
            if certificate is None:
                self.add_error(
                    "certificate_number",
                    _("Give the number of a certificate in the public register."),
                )
            else:
                data["organization"] = certificate.organization
        elif about == Complaint.About.CERTIFICATION_BODY and not data.get("certification_body"):
            self.add_error("certification_body", _("Choose the certification body."))
        return data


class ObjectionForm(BotTrapForm):
    name = NameField(label=_("Your name"), max_length=120)
    organization = forms.CharField(
        label=_("Organization you speak for (optional)"), max_length=150, required=False
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("We send the acknowledgement, with the reference of your objection, here."),
    )
    phone = forms.CharField(label=_("Phone (optional)"), max_length=40, required=False)
    reasons = forms.CharField(
        label=_("Your reasons"),
        max_length=REASONS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "What you know that the certification body should consider: facts, places, "
            "dates. Say how you know it."
        ),
    )
