"""Evaluator competence (ISO/IEC 17065: a certification body assigns only personnel
qualified for the scope; domain.md, step 7: "the evaluator was competent").

A certification body records, per evaluator, the products (the product networks that
applications list) and the scope activities they are qualified to evaluate, for a period.
A record is never edited: when it no longer holds it is ended (its last day set, with who
ended it and why), and a new one is recorded if the qualification changes. The team of an
evaluation is checked against the records valid on its dates, when it is planned and in
the resolution's checklist (certification/selectors/competence.py)."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certification.models.applications import ScopeActivity


class EvaluatorCompetence(models.Model):
    certification_body = models.ForeignKey(
        "network.CertificationBody",
        verbose_name=_("certification body"),
        on_delete=models.PROTECT,
        related_name="evaluator_competences",
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evaluator"),
        on_delete=models.PROTECT,
        related_name="evaluator_competences",
    )
    product_networks = models.ManyToManyField(
        "network.ProductNetwork", verbose_name=_("products"), related_name="+"
    )
    scope_activities = ArrayField(
        models.CharField(max_length=20, choices=ScopeActivity.choices),
        verbose_name=_("scope activities"),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    basis = models.TextField(
        _("basis of the qualification"),
        max_length=2_000,
        blank=True,
        help_text=_("Training, experience or the assessment that qualifies the evaluator."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ended by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    end_reason = models.TextField(_("why it was ended"), max_length=2_000, blank=True)

    class Meta:
        verbose_name = _("evaluator competence")
        verbose_name_plural = _("evaluator competences")
        ordering = ["evaluator__full_name", "-valid_until", "-id"]
        indexes = [models.Index(fields=["certification_body", "evaluator", "valid_until"])]
        constraints = [
            # An ended record may end before it started (it never held); others may not.
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("valid_from")) | Q(ended_at__isnull=False),
                name="evaluator_competence_dates_in_order",
            ),
            models.CheckConstraint(
                condition=~Q(scope_activities=[]), name="evaluator_competence_has_activities"
            ),
        ]

    def __str__(self):
        return f"{self.evaluator} · {self.certification_body}"

    def holds_on(self, day) -> bool:
        return self.valid_from <= day <= self.valid_until

    @property
    def state(self) -> str:
        """current, future, expired or ended: how the list shows it."""
        today = timezone.localdate()
        if self.ended_at is not None and self.valid_until < today:
            return "ended"
        if self.valid_from > today:
            return "future"
        if self.valid_until < today:
            return "expired"
        return "current"

    @property
    def scope_activity_labels(self) -> list:
        labels = dict(ScopeActivity.choices)
        return [labels.get(value, value) for value in self.scope_activities]
