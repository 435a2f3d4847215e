"""The one role mechanism: who acts for which organization, country network or
certification body, and invitations that grant a role once accepted.

A role names a kind and exactly the scope that kind needs: an organization for
organization roles; a country network (or none: network-wide) for network staff; a
certification body for its people. Organizations live in the producers app, referred to
here by name only so that `network` imports none of the other apps.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class CertificationBody(models.Model):
    """A body authorised by the standard owner to evaluate and certify organizations."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    country = CountryField(_("country"), blank=True)
    accreditation = models.CharField(
        _("accreditation"), max_length=200, blank=True, help_text=_("ISO/IEC 17065 accreditation")
    )
    is_active = models.BooleanField(_("authorised"), default=True)

    class Meta:
        verbose_name = _("certification body")
        verbose_name_plural = _("certification bodies")
        ordering = ["name"]

    def __str__(self):
        return self.name


class RoleKind(models.TextChoices):
    ORG_ADMIN = "org_admin", _("administrator")
    ORG_EDITOR = "org_editor", _("editor")
    ORG_VIEWER = "org_viewer", _("viewer")
    NETWORK_STAFF = "network_staff", _("network staff")
    EVALUATOR = "evaluator", _("evaluator")
    REVIEWER = "reviewer", _("reviewer")
    COMMITTEE = "committee", _("committee member")


ORGANIZATION_KINDS = (RoleKind.ORG_ADMIN, RoleKind.ORG_EDITOR, RoleKind.ORG_VIEWER)
CERTIFICATION_KINDS = (RoleKind.EVALUATOR, RoleKind.REVIEWER, RoleKind.COMMITTEE)
STAFF_KINDS = (RoleKind.NETWORK_STAFF,)


def _scope_check(prefix: str = "") -> Q:
    """The scope each kind needs, as a database constraint (also used by invitations)."""
    org = Q(**{f"{prefix}organization__isnull": False})
    country = Q(**{f"{prefix}country_network__isnull": False})
    body = Q(**{f"{prefix}certification_body__isnull": False})
    return (
        (Q(kind__in=ORGANIZATION_KINDS) & org & ~country & ~body)
        | (Q(kind__in=STAFF_KINDS) & ~org & ~body)
        | (Q(kind__in=CERTIFICATION_KINDS) & body & ~org & ~country)
    )


class ScopedRole(models.Model):
    kind = models.CharField(_("role"), max_length=20, choices=RoleKind.choices)
    organization = models.ForeignKey(
        "producers.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    country_network = models.ForeignKey(
        "network.CountryNetwork",
        verbose_name=_("country network"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty for network-wide staff."),
    )
    certification_body = models.ForeignKey(
        "network.CertificationBody",
        verbose_name=_("certification body"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def scope(self):
        return self.organization or self.certification_body or self.country_network

    @property
    def scope_label(self) -> str:
        scope = self.scope
        return str(scope) if scope is not None else str(_("the whole network"))


class Role(ScopedRole):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="roles",
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["kind", "id"]
        constraints = [
            models.CheckConstraint(condition=_scope_check(), name="role_scope_matches_kind"),
            # One role per person and organization: changing it replaces the kind.
            models.UniqueConstraint(
                fields=["user", "organization"],
                condition=Q(organization__isnull=False),
                name="role_one_per_organization",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "country_network", "certification_body"],
                condition=Q(organization__isnull=True),
                nulls_distinct=False,
                name="role_unique_outside_organizations",
            ),
        ]
        indexes = [models.Index(fields=["organization", "kind"])]

    def __str__(self):
        return f"{self.user} · {self.get_kind_display()} · {self.scope_label}"


class Invitation(ScopedRole):
    """An emailed offer of a role. The link carries a random token; only its hash is
    stored. Accepting creates the account or links the signed-in one."""

    email = models.EmailField(_("email address"))
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    language = models.CharField(
        _("language of the email"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=_scope_check(), name="invitation_scope_matches_kind")
        ]

    def __str__(self):
        return f"{self.email} · {self.get_kind_display()} · {self.scope_label}"

    @property
    def is_open(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )
