"""Forms the public fills in: signing a campaign, applying as a town or university,
searching the knowledge resources."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from advocacy.models import GOAL_COUNT, Resource
from network.forms import BotTrapForm, NameField


def _country_choices():
    return [("", _("Choose a country"))] + list(countries)


class CountrySelect(forms.Select):
    """The 250 country names are built only when the select is drawn, in the reader's
    language; validating a POST needs just a dictionary lookup (see CountryCodeField)."""

    def optgroups(self, name, value, attrs=None):
        self.choices = _country_choices()
        return super().optgroups(name, value, attrs)


class CountryCodeField(forms.CharField):
    widget = CountrySelect
    default_error_messages = {"invalid": _("Choose a country from the list.")}

    def __init__(self, **kwargs):
        super().__init__(max_length=2, **kwargs)

    def widget_attrs(self, widget):
        return {}  # no maxlength on a <select>

    def clean(self, value):
        code = super().clean(value)
        if code and code not in countries:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return code


class SignatureForm(BotTrapForm):
    name = NameField(label=_("Full name"), max_length=120)
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("We send you a link to confirm your signature."),
    )
    country = CountryCodeField(label=_("Country"))
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    organization = forms.CharField(
        label=_("Organization (optional)"), max_length=150, required=False
    )
    consent_updates = forms.BooleanField(
        label=_("Send me news about this campaign (you can stop them at any time)"),
        required=False,
    )
    show_publicly = forms.BooleanField(
        label=_("Show my first name and country among the recent signers"), required=False
    )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Please write your name."))
        return name


class DeclarationApplicationForm(BotTrapForm):
    CONTACT_FIELDS = ["name", "country", "city", "contact_name", "contact_role",
                      "contact_email", "contact_phone", "message"]  # fmt: skip

    name = NameField(label=_("Name of the town or university"), max_length=160)
    country = CountryCodeField(label=_("Country"))
    city = forms.CharField(label=_("City or region"), max_length=120, required=False)
    contact_name = NameField(label=_("Contact person"), max_length=120)
    contact_role = forms.CharField(label=_("Role"), max_length=120, required=False)
    contact_email = forms.EmailField(label=_("Contact email"), max_length=254)
    contact_phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    message = forms.CharField(
        label=_("Message"), max_length=4000, required=False, widget=forms.Textarea
    )

    def __init__(self, *args, goals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = list(goals)
        for number in range(1, GOAL_COUNT + 1):
            self.fields[f"goal_{number}_text"] = forms.CharField(
                label=_("What you already do for this goal"),
                max_length=4000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[f"goal_{number}_link"] = forms.URLField(
                label=_("Link to evidence (optional)"),
                max_length=500,
                required=False,
                assume_scheme="https",
            )

    def contact_fields(self):
        return [self[name] for name in self.CONTACT_FIELDS]

    def goal_fields(self):
        return [
            {
                "number": number,
                "text": self.goals[number - 1] if number <= len(self.goals) else "",
                "fields": [self[f"goal_{number}_text"], self[f"goal_{number}_link"]],
            }
            for number in range(1, GOAL_COUNT + 1)
        ]

    def evidence(self) -> list[dict]:
        return [
            {
                "text": self.cleaned_data.get(f"goal_{number}_text", ""),
                "link": self.cleaned_data.get(f"goal_{number}_link", ""),
            }
            for number in range(1, GOAL_COUNT + 1)
        ]

    def declaration_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.CONTACT_FIELDS}


class ResourceSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("All kinds"))] + list(Resource.Kind.choices),
        required=False,
    )
    tag = forms.CharField(label=_("Tag"), max_length=40, required=False)
