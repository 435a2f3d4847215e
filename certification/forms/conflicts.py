from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from certification.models import ConflictDeclaration


class OrganizationSearchForm(forms.Form):
    q = forms.CharField(label=_("Organization name"), required=False, max_length=100)
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("all")), *countries]


class ConflictDeclarationForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Your declaration"),
        choices=[
            (
                ConflictDeclaration.Outcome.NONE,
                _("I have no conflict of interest with this organization"),
            ),
            (
                ConflictDeclaration.Outcome.CONFLICT,
                _("I have a conflict of interest with this organization"),
            ),
        ],
        widget=forms.RadioSelect,
    )
    details = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Required when you declare a conflict: family or business ties, recent work "
            "for the organization or its competitors, gifts, anything that could bias you."
        ),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("outcome") == ConflictDeclaration.Outcome.CONFLICT
            and not (data.get("details") or "").strip()
        ):
            self.add_error("details", _("Say what the conflict of interest is."))
        return data
