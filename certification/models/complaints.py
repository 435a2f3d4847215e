"""Complaints and appeals: what anyone may raise about a certified organization, a
certification body or the network, and what an organization may raise against a
resolution.

Each is acknowledged by email with its reference, assigned to a person not involved in
what is disputed (checked by the service), and closed with an outcome. The complainant
follows theirs through a private link (only the token's hash is stored); nothing of the
complainant is ever shown to the organization complained about."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from network.workflow import StateField, StateMachine, Transition


class CaseStatus(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("case status", "received")
    ASSIGNED = "assigned", pgettext_lazy("case status", "being handled")
    CLOSED = "closed", pgettext_lazy("case status", "closed")


class Case(models.Model):
    """What complaints and appeals share: who handles them and how they ended."""

    status = StateField(_("status"), choices=CaseStatus.choices, default=CaseStatus.RECEIVED)
    language = models.CharField(_("language"), max_length=8, default=settings.LANGUAGE_CODE)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True, max_length=4000)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_at = models.DateTimeField(_("received"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    prefix = ""

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.reference

    @property
    def reference(self) -> str:
        return f"{self.prefix}-{self.created_at:%Y}-{self.pk:05d}"


class Complaint(Case):
    class About(models.TextChoices):
        ORGANIZATION = "organization", _("a certified organization")
        CERTIFICATION_BODY = "certification_body", _("a certification body")
        NETWORK = "network", _("the network or the standard")

    about = models.CharField(_("the complaint is about"), max_length=20, choices=About.choices)
    organization = models.ForeignKey(
        "producers.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    certification_body = models.ForeignKey(
        "network.CertificationBody",
        verbose_name=_("certification body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(_("what happened"), max_length=4000)
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("email"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)

    prefix = "RCL"

    class Meta(Case.Meta):
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        constraints = [
            models.CheckConstraint(
                name="complaint_names_what_it_is_about",
                condition=(
                    models.Q(
                        about="organization",
                        organization__isnull=False,
                        certification_body__isnull=True,
                    )
                    | models.Q(
                        about="certification_body",
                        organization__isnull=True,
                        certification_body__isnull=False,
                    )
                    | models.Q(
                        about="network", organization__isnull=True, certification_body__isnull=True
                    )
                ),
            )  # fmt: skip
        ]
        indexes = [models.Index(fields=["status", "-created_at"])]


class Appeal(Case):
    resolution = models.ForeignKey(
        "certification.Resolution",
        verbose_name=_("resolution"),
        on_delete=models.PROTECT,
        related_name="appeals",
    )
    organization = models.ForeignKey(
        "producers.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    grounds = models.TextField(_("grounds of the appeal"), max_length=4000)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    prefix = "APL"

    class Meta(Case.Meta):
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        indexes = [models.Index(fields=["status", "-created_at"])]


def _case_machine(model, name):
    S = CaseStatus
    return StateMachine(
        model,
        name=name,
        transitions=[
            Transition("assign", [S.RECEIVED, S.ASSIGNED], S.ASSIGNED, _("Assign"),
                       f"{name}.assigned"),
            Transition("close", [S.ASSIGNED], S.CLOSED, _("Close with an outcome"),
                       f"{name}.closed", needs_reason=True),
        ],
    )  # fmt: skip


COMPLAINT = _case_machine(Complaint, "complaint")
APPEAL = _case_machine(Appeal, "appeal")
