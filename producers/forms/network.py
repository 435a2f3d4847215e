"""Forms of the staff pages about the network's structure and its people."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from network.models import (
    CertificationBody,
    CountryNetwork,
    ProductNetwork,
    Role,
    RoleKind,
    User,
)
from network.models.roles import CERTIFICATION_KINDS
from network.selectors import country_networks_visible_to, is_network_wide_staff


class CountryNetworkForm(forms.ModelForm):
    class Meta:
        model = CountryNetwork
        fields = ["country", "name", "coordinator"]
        help_texts = {"coordinator": _("A person with a staff role; invite them first.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        staff = Role.objects.filter(kind=RoleKind.NETWORK_STAFF)
        if self.instance.pk:  # network-wide staff, or staff of this country network
            staff = staff.filter(country_network__isnull=True) | staff.filter(
                country_network=self.instance
            )
        self.fields["coordinator"].queryset = User.objects.filter(
            pk__in=staff.values("user")
        ).order_by("full_name")


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
