"""Forms the public fills in on certification pages: objecting to an applicant."""

from django import forms
from django.utils.translation import gettext_lazy as _

from certification.models.objections import REASONS_MAX_LENGTH
from network.forms import BotTrapForm, NameField


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
