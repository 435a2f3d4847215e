"""Conflict-of-interest declarations (ISO/IEC 17065 impartiality, domain.md).

A certification-body person declares, per organization, that they have no conflict of
interest with it, or that they have one and what it is. A declaration is dated and valid
for a period (settings.CERTIFICATION_CONFLICT_DECLARATION_MONTHS); a later declaration
supersedes earlier ones, which are kept as the record. Only a current "no conflict"
declaration opens the organization's files to that person (certification.selectors)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ConflictDeclaration(models.Model):
    class Outcome(models.TextChoices):
        NONE = "none", _("no conflict of interest")
        CONFLICT = "conflict", _("conflict of interest")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="conflict_declarations",
    )
    organization = models.ForeignKey(
        "producers.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="conflict_declarations",
    )
    outcome = models.CharField(_("declaration"), max_length=10, choices=Outcome.choices)
    details = models.TextField(_("details"), blank=True)
    declared_on = models.DateField(_("declared on"))
    valid_until = models.DateField(_("valid until"))
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("conflict-of-interest declaration")
        verbose_name_plural = _("conflict-of-interest declarations")
        # Newest first: the first of a person and organization is the one in force.
        ordering = ["-declared_on", "-created_at", "-id"]
        indexes = [models.Index(fields=["person", "organization", "-declared_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="none") | ~Q(details=""),
                name="conflict_declared_with_details",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("declared_on")),
                name="conflict_declaration_dates_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.organization} · {self.get_outcome_display()}"

    def is_valid_on(self, day) -> bool:
        return self.declared_on <= day <= self.valid_until
