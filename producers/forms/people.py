from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from network.forms import NameField
from network.models import Role, RoleKind
from network.models.roles import ORGANIZATION_KINDS

ORGANIZATION_ROLE_CHOICES = [(kind.value, kind.label) for kind in ORGANIZATION_KINDS]


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    kind = forms.ChoiceField(
        label=_("Role"),
        choices=ORGANIZATION_ROLE_CHOICES,
        initial=RoleKind.ORG_VIEWER,
        help_text=_(
            "Viewers read everything; editors also change the profile, members and "
            "documents; administrators also manage people."
        ),
    )
    language = forms.ChoiceField(label=_("Language of the invitation"), choices=settings.LANGUAGES)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if Role.objects.filter(organization=self.organization, user__email__iexact=email).exists():
            raise forms.ValidationError(_("This person already has a role here."))
        return email


class RoleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Role"), choices=ORGANIZATION_ROLE_CHOICES)


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
            from network.models import User

            try:
                password_validation.validate_password(
                    first, User(email=self.email, full_name=cleaned.get("full_name", ""))
                )
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
