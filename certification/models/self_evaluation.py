"""The self-evaluation: the cooperative's own answer to each applicable criterion of the
version its application is pinned to — complies, does not comply or not applicable, how,
and which documents of its library show it (domain.md, "The certification procedure",
step 5).

One row per application and criterion, written as the person goes (each save is
version-checked, network/concurrency.py). A criterion without a verdict is not answered;
the application cannot move to "ready for evaluation" while an applicable critical
criterion is unanswered (the guard in certification/selectors/self_evaluation.py)."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

HOW_MAX_LENGTH = 4000


class Verdict(models.TextChoices):
    COMPLIES = "complies", _("complies")
    DOES_NOT_COMPLY = "does_not_comply", _("does not comply")
    NOT_APPLICABLE = "not_applicable", _("not applicable")


class SelfEvaluationAnswer(models.Model):
    application = models.ForeignKey(
        "certification.Application",
        verbose_name=_("certification application"),
        on_delete=models.PROTECT,
        related_name="self_evaluation_answers",
    )
    criterion = models.ForeignKey(
        "certification.Criterion",
        verbose_name=_("criterion"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    verdict = models.CharField(_("answer"), max_length=20, choices=Verdict.choices, blank=True)
    how = models.TextField(
        _("how"),
        blank=True,
        max_length=HOW_MAX_LENGTH,
        validators=[MaxLengthValidator(HOW_MAX_LENGTH)],
    )
    documents = models.ManyToManyField(
        "producers.Document", verbose_name=_("documents"), blank=True, related_name="+"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1)  # network.concurrency
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("self-evaluation answer")
        verbose_name_plural = _("self-evaluation answers")
        ordering = ["application", "criterion__section__position", "criterion__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion"], name="self_evaluation_one_answer"
            )
        ]

    def __str__(self):
        return f"{self.application.reference} · {self.criterion.code}"

    @property
    def is_answered(self) -> bool:
        return bool(self.verdict)
