"""The resolution: what the certification body's committee decided on an evaluated
application, with its reasons, the scope it grants and the completeness checklist as it
stood at the time (computed from the file, never ticked by hand).

One resolution per evaluated file: the pair (application, application_version) is
unique, so two committee members deciding at once store one resolution (the other gets
the database's refusal), and the application's conditional move does the same. A
follow-up evaluation moves the application on, so a later resolution is a new pair."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certification.models.applications import ScopeActivity


class ResolutionOutcome(models.TextChoices):
    GRANTED = "granted", _("granted")
    FOLLOW_UP = "follow_up", _("follow-up evaluation required")
    NOT_GRANTED = "not_granted", _("not granted")
    SUSPENDED = "suspended", _("suspension")
    CANCELLED = "cancelled", _("cancellation")


class Resolution(models.Model):
    application = models.ForeignKey(
        "certification.Application",
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="resolutions",
    )
    # The application's version when it was decided: the evaluated file decided upon.
    application_version = models.PositiveIntegerField(editable=False)
    outcome = models.CharField(_("outcome"), max_length=20, choices=ResolutionOutcome.choices)
    reasons = models.TextField(_("reasons"), max_length=4000)
    scope_products = models.ManyToManyField(
        "network.ProductNetwork",
        verbose_name=_("products in scope"),
        blank=True,
        related_name="+",
    )
    scope_activities = ArrayField(
        models.CharField(max_length=20, choices=ScopeActivity.choices),
        verbose_name=_("activities in scope"),
        default=list,
        blank=True,
    )
    # [{"key", "label", "state", "message"}] as computed when the committee decided.
    checklist = models.JSONField(_("completeness checklist"), default=list, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "application_version"],
                name="one_resolution_per_evaluated_file",
            )
        ]

    def __str__(self):
        return f"{self.application.reference} · {self.get_outcome_display()}"

    @property
    def reference(self) -> str:
        return f"{self.application.reference}-R{self.pk}"

    def activity_labels(self) -> list[str]:
        return [ScopeActivity(a).label for a in self.scope_activities if a in ScopeActivity.values]

    @property
    def grants(self) -> bool:
        return self.outcome == ResolutionOutcome.GRANTED
