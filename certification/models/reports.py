"""The evaluation report: a PDF made by a worker on the `reports` queue, one row per
version. Submitting an evaluation asks for version 1; the lead evaluator asks for a new
version after corrective actions; every version is kept.

The row is also the job people wait for: queued → running → done, or failed (a person
retries it). Making the report is idempotent: a version is rendered into one file under
one name, and a row already done is never made again (certification/services/reports.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from network.workflow import StateField, StateMachine, Transition


class EvaluationReport(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("being made")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    evaluation = models.ForeignKey(
        "certification.Evaluation",
        verbose_name=_("evaluation"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    number = models.PositiveSmallIntegerField(_("report version"))
    status = StateField(_("status"), choices=Status.choices, default=Status.QUEUED)
    language = models.CharField(_("language"), max_length=8)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    file_name = models.CharField(max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("size"), null=True, blank=True)
    pages = models.PositiveSmallIntegerField(_("pages"), null=True, blank=True)
    generated_at = models.DateTimeField(_("generated"), null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("evaluation report")
        verbose_name_plural = _("evaluation reports")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "number"], name="report_version_once"),
            models.CheckConstraint(
                condition=~models.Q(status="done") | ~models.Q(sha256=""),
                name="report_done_has_its_hash",
            ),
        ]

    def __str__(self):
        return f"{self.evaluation} · v{self.number}"

    @property
    def waiting(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


def _file_stored(report: EvaluationReport):
    if not (report.file_name and report.sha256):
        return _("The report's file is not stored yet.")
    return None


R = EvaluationReport.Status
# The job's own moves are not worth a log line each; a person's retry and the report
# being made are.
REPORT = StateMachine(
    EvaluationReport,
    name="report",
    scope=lambda report: report.evaluation,
    record=False,
    transitions=[
        Transition("start", [R.QUEUED], R.RUNNING, _("Start")),
        Transition("finish", [R.RUNNING], R.DONE, _("Done"), "report.generated", record=True,
                   guards=(_file_stored,)),
        Transition("fail", [R.QUEUED, R.RUNNING], R.FAILED, _("Failed")),
        Transition("retry", [R.FAILED], R.QUEUED, _("Try again"), "report.retried", record=True),
    ],
)  # fmt: skip
