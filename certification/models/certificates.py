"""Certificates and the user agreement that comes before them.

A granted resolution becomes a certificate once the organization has accepted the user
agreement (who, when, which text). The certificate carries its public number
(SPS-PE-2026-0042: country and year of issue, then a counter per country and year), the
scope, body and standard version, its validity from the version's rules, and a status
moved only through CERTIFICATE (network/workflow.py): suspension, reinstatement and
cancellation need a reason; expiry is for the renewal sweep. The public register and the
API read the status straight from this table, so a move shows on the next request."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from certification.models.decisions import ScopeActivity
from network.files import PrivateFileField
from network.workflow import StateField, StateMachine, Transition

# The text people accept is templates/certification/agreement/<version>.html; a new
# wording gets a new version, and acceptances keep the version they accepted.
USER_AGREEMENT_VERSION = "2026-1"


class UserAgreement(models.Model):
    """The organization's acceptance of the SPS user agreement for one granted resolution."""

    resolution = models.OneToOneField(
        "certification.Resolution",
        verbose_name=_("resolution"),
        on_delete=models.PROTECT,
        related_name="user_agreement",
    )
    organization = models.ForeignKey(
        "producers.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text_version = models.CharField(_("text version"), max_length=20)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("accepted"), default=timezone.now)

    class Meta:
        verbose_name = _("user agreement")
        verbose_name_plural = _("user agreements")

    def __str__(self):
        return f"{self.organization} · {self.text_version}"


class CertificateCounter(models.Model):
    """The last number given per country and year (taken under the row's lock, in one
    statement: two certificates issued at once never get the same number)."""

    country = models.CharField(max_length=2)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["country", "year"], name="one_counter_per_country_year")
        ]

    def __str__(self):
        return f"{self.country}-{self.year}: {self.last}"


class Certificate(models.Model):
    class Status(models.TextChoices):
        # With a context: the word agrees with "certificate" (es "suspendido", pt "suspenso").
        ACTIVE = "active", pgettext_lazy("certificate status", "active")
        SUSPENDED = "suspended", pgettext_lazy("certificate status", "suspended")
        EXPIRED = "expired", pgettext_lazy("certificate status", "expired")
        CANCELLED = "cancelled", pgettext_lazy("certificate status", "cancelled")

    number = models.CharField(_("certificate number"), max_length=32, unique=True)
    organization = models.ForeignKey(
        "producers.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    resolution = models.OneToOneField(
        "certification.Resolution",
        verbose_name=_("resolution"),
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    user_agreement = models.OneToOneField(
        UserAgreement,
        verbose_name=_("user agreement"),
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    certification_body = models.ForeignKey(
        "network.CertificationBody",
        verbose_name=_("certification body"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    standard_version = models.ForeignKey(
        "certification.StandardVersion",
        verbose_name=_("version of the standard"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    country = CountryField(_("country"))
    scope_products = models.ManyToManyField(
        "network.ProductNetwork",
        verbose_name=_("products in scope"),
        blank=True,
        related_name="certificates",
    )
    scope_activities = ArrayField(
        models.CharField(max_length=20, choices=ScopeActivity.choices),
        verbose_name=_("activities in scope"),
        default=list,
        blank=True,
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    status = StateField(_("status"), choices=Status.choices, default=Status.ACTIVE)
    status_changed_at = models.DateTimeField(_("status since"), default=timezone.now)
    # The organization's certificate the register shows (a renewal's new one replaces it).
    is_current = models.BooleanField(default=True, editable=False)
    language = models.CharField(_("language of the certificate"), max_length=8)
    pdf = PrivateFileField(folder="certificates", blank=True, editable=False)
    pdf_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)  # network.concurrency

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=models.Q(is_current=True),
                name="one_current_certificate_per_organization",
            )
        ]
        indexes = [
            models.Index(fields=["is_current", "status", "country"], name="certificate_register"),
            models.Index(fields=["valid_until"], name="certificate_valid_until"),
        ]

    def __str__(self):
        return self.number

    def activity_labels(self) -> list[str]:
        return [ScopeActivity(a).label for a in self.scope_activities if a in ScopeActivity.values]

    @property
    def shows_as_valid(self) -> bool:
        return self.status == self.Status.ACTIVE


def _not_expired(certificate):
    if certificate.valid_until < timezone.localdate():
        return _("The certificate's validity has ended; it cannot be reinstated.")
    return None


def _validity_over(certificate):
    if certificate.valid_until >= timezone.localdate():
        return _("The certificate is valid until %(day)s.") % {
            "day": certificate.valid_until.isoformat()
        }
    return None


C = Certificate.Status
CERTIFICATE = StateMachine(
    Certificate,
    name="certificate",
    scope=lambda certificate: certificate.organization,
    related=("organization",),  # the renewal sweep expires many at once
    transitions=[
        Transition("suspend", [C.ACTIVE], C.SUSPENDED, _("Suspend the certificate"),
                   "certificate.suspended", needs_reason=True, style="secondary"),
        Transition("reinstate", [C.SUSPENDED], C.ACTIVE, _("Reinstate the certificate"),
                   "certificate.reinstated", needs_reason=True, guards=(_not_expired,)),
        Transition("cancel", [C.ACTIVE, C.SUSPENDED], C.CANCELLED,
                   _("Cancel the certificate"), "certificate.cancelled", needs_reason=True,
                   style="danger"),
        # For the renewal sweep (issue 12): after the validity and its grace period.
        Transition("expire", [C.ACTIVE, C.SUSPENDED], C.EXPIRED, _("Mark as expired"),
                   "certificate.expired", guards=(_validity_over,)),
    ],
)  # fmt: skip
