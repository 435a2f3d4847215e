"""Forms about people and their roles outside organizations: inviting network staff and
certification-body people, revoking a role, and accepting any invitation."""

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from network.forms import NameField
from network.models import CountryNetwork, Role, RoleKind, User
from network.models.roles import CERTIFICATION_KINDS
from network.selectors import country_networks_visible_to, is_network_wide_staff


class _InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    language = forms.ChoiceField(label=_("Language of the invitation"), choices=settings.LANGUAGES)

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def _refuse_existing(self, email, **scope):
        if email and Role.objects.filter(user__email__iexact=email, **scope).exists():
            self.add_error("email", _("This person already has this role."))


class StaffInvitationForm(_InvitationForm):
    """Network-wide staff invite for the whole network or any country network; country
    staff only for their own country network."""

    country_network = forms.ModelChoiceField(
        label=_("Staff of"), queryset=CountryNetwork.objects.none()
    )
    field_order = ["email", "country_network", "language"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["country_network"]
        field.queryset = country_networks_visible_to(user).order_by("name")
        if is_network_wide_staff(user):
            field.required = False
            field.empty_label = _("the whole network")
        else:
            field.empty_label = None

    def clean(self):
        cleaned = super().clean()
        self._refuse_existing(
            cleaned.get("email"),
            kind=RoleKind.NETWORK_STAFF,
            country_network=cleaned.get("country_network"),
        )
        return cleaned


class CertificationInvitationForm(_InvitationForm):
    kind = forms.ChoiceField(
        label=_("Role"),
        choices=[(kind.value, kind.label) for kind in CERTIFICATION_KINDS],
        help_text=_(
            "Evaluators audit; reviewers check the files; committee members decide. "
            "Nobody decides on an evaluation they took part in."
        ),
    )
    field_order = ["email", "kind", "language"]

    def __init__(self, *args, certification_body, **kwargs):
        super().__init__(*args, **kwargs)
        self.certification_body = certification_body

    def clean(self):
        cleaned = super().clean()
        self._refuse_existing(
            cleaned.get("email"),
            kind=cleaned.get("kind"),
            certification_body=self.certification_body,
        )
        return cleaned


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Recorded in the activity log."),
    )


class AcceptWithNewAccountForm(forms.Form):
    full_name = NameField(label=_("Full name"), max_length=200)
    password1 = forms.CharField(
        label=_("Password"),
        max_length=256,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        max_length=256,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            try:
                password_validation.validate_password(
                    first, User(email=self.email, full_name=cleaned.get("full_name", ""))
                )
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
