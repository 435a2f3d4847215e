from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

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
