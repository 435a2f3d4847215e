"""The evaluation (audit) of an application by its certification body, step 6 of the
procedure (domain.md): a team records a finding for every criterion the evaluation's
type judges, the cooperative answers each non-compliance with corrective actions, and
the report (certification/models/reports.py) is made from them.

An evaluation has its own machine (EVALUATION): planned → in progress → submitted →
report issued → closed. Starting it moves the application into evaluation and creates
its findings; the report's issue moves the application to "evaluated"
(certification/services/evaluations.py)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certification.models.applications import guard_for
from certification.models.standard import CriterionClass, EvaluationKind
from network.workflow import StateField, StateMachine, Transition


class EvaluationType(models.TextChoices):
    DESK_NORMAL = "desk_normal", _("desk evaluation, normal")
    DESK_SHORTENED = "desk_shortened", _("desk evaluation, shortened")
    ON_SITE = "on_site", _("on-site evaluation")
    REMOTE = "remote", _("remote evaluation")


DESK_TYPES = (EvaluationType.DESK_NORMAL, EvaluationType.DESK_SHORTENED)
COMPLETE_TYPES = (EvaluationType.ON_SITE, EvaluationType.REMOTE)


class RiskLevel(models.TextChoices):
    """The certification body's assessment of the file's risk, recorded when it plans an
    evaluation: it decides how thorough the evaluation must be (domain.md, steps 6-7)."""

    LOW = "low", _("low")
    MEDIUM = "medium", _("medium")
    HIGH = "high", _("high")


# The evaluation types each risk allows: a desk evaluation only where the risk allows
# it, a shortened one only at a low risk. An initial application's first evaluation is
# complete (on-site or remote) whatever its risk; its follow-ups follow the risk.
TYPES_ALLOWED = {
    RiskLevel.LOW: (*DESK_TYPES, *COMPLETE_TYPES),
    RiskLevel.MEDIUM: (EvaluationType.DESK_NORMAL, *COMPLETE_TYPES),
    RiskLevel.HIGH: COMPLETE_TYPES,
}


def risk_refusal(
    *, application_kind: str, risk_level: str, evaluation_type: str, follow_up: bool = False
):
    """Why this type of evaluation does not fit the recorded risk, or None. `follow_up`:
    the application was evaluated completely before (its report issued)."""
    from certification.models.applications import ApplicationKind

    if not risk_level:
        return _("No risk assessment is recorded for the evaluation.")
    initial = application_kind == ApplicationKind.INITIAL and not follow_up
    if initial and evaluation_type not in COMPLETE_TYPES:
        return _("An initial application needs a complete evaluation: on-site or remote.")
    allowed = TYPES_ALLOWED[RiskLevel(risk_level)]
    if evaluation_type not in allowed:
        return _("A %(level)s risk allows only: %(types)s.") % {
            "level": RiskLevel(risk_level).label,
            "types": ", ".join(str(EvaluationType(kind).label) for kind in allowed),
        }
    return None


class Evaluation(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        SUBMITTED = "submitted", _("submitted")
        REPORT_ISSUED = "report_issued", _("report issued")
        CLOSED = "closed", _("closed")

    application = models.ForeignKey(
        "certification.Application",
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    evaluation_type = models.CharField(
        _("type of evaluation"), max_length=20, choices=EvaluationType.choices
    )
    planned_start_on = models.DateField(_("planned start"))
    planned_end_on = models.DateField(_("planned end"))
    lead_evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead evaluator"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evaluation team"),
        through="certification.EvaluationTeamMember",
        related_name="+",
        blank=True,
    )
    status = StateField(_("status"), choices=Status.choices, default=Status.PLANNED)
    # What the report says besides the findings (domain.md, step 6).
    strengths = models.TextField(_("strengths"), blank=True, max_length=10_000)
    next_evaluation_points = models.TextField(
        _("points for the next evaluation"), blank=True, max_length=10_000
    )
    distribution_list = models.TextField(
        _("distribution list"),
        blank=True,
        max_length=4_000,
        help_text=_("Who receives the report: one name or organization per line."),
    )
    # The risk assessment behind the type chosen (TYPES_ALLOWED), asked for in the plan.
    risk_level = models.CharField(
        _("risk level"), max_length=10, choices=RiskLevel.choices, blank=True
    )
    risk_rationale = models.TextField(_("why this risk level"), max_length=4_000, blank=True)
    risk_assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("risk assessed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    risk_assessed_at = models.DateTimeField(_("risk assessed"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("planned by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1)  # network.concurrency
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-planned_start_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end_on__gte=models.F("planned_start_on")),
                name="evaluation_dates_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.application.reference} · {self.get_evaluation_type_display()}"

    @property
    def kind(self) -> str:
        """Which criteria it judges: desk (critical only) or complete."""
        if self.evaluation_type in DESK_TYPES:
            return EvaluationKind.DESK
        return EvaluationKind.COMPLETE

    @property
    def reference(self) -> str:
        return f"{self.application.reference}-E{self.pk}"

    @property
    def dates(self):
        """(first day, last day) it took place, as recorded: from the day it started to
        the day it was submitted (the planned end, or the start if later, while still in
        progress); the planned dates before it starts."""
        if self.started_at is None:
            return self.planned_start_on, self.planned_end_on
        start = timezone.localdate(self.started_at)
        if self.submitted_at is not None:
            return start, max(start, timezone.localdate(self.submitted_at))
        return start, max(start, self.planned_end_on)


class EvaluationTeamMember(models.Model):
    """A certification-body person on the evaluation team besides the lead evaluator."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="team_members"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="evaluation_teams",
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation team member")
        verbose_name_plural = _("evaluation team members")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "person"], name="evaluation_team_member_once"
            )
        ]

    def __str__(self):
        return str(self.person)


class FindingResult(models.TextChoices):
    """What the evaluator found for one criterion; the codes are those of the standard's
    evaluation forms (C, NC, NR) plus "not applicable"."""

    COMPLIANT = "C", _("compliant")
    NON_COMPLIANT = "NC", _("non-compliant")
    NOT_REVIEWED = "NR", _("not reviewed")
    NOT_APPLICABLE = "NA", _("not applicable")


class Finding(models.Model):
    """The result for one criterion of one evaluation; created, empty, when the
    evaluation starts, one per criterion its type judges."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE, related_name="findings"
    )
    criterion = models.ForeignKey(
        "certification.Criterion",
        verbose_name=_("criterion"),
        on_delete=models.PROTECT,
        related_name="findings",
    )
    result = models.CharField(
        _("result"), max_length=2, choices=FindingResult.choices, blank=True, default=""
    )
    comment = models.TextField(_("comment"), blank=True, max_length=10_000)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1)  # network.concurrency
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "criterion"], name="finding_once_per_criterion"
            )
        ]
        indexes = [models.Index(fields=["evaluation", "result"])]

    def __str__(self):
        return f"{self.criterion.code}: {self.get_result_display() or '—'}"

    @property
    def is_non_compliance(self) -> bool:
        return self.result == FindingResult.NON_COMPLIANT

    @property
    def severity(self) -> str:
        """A non-compliance weighs as its criterion's class (critical, minimum...)."""
        return self.criterion.criterion_class if self.is_non_compliance else ""

    def get_severity_display(self) -> str:
        return str(CriterionClass(self.severity).label) if self.severity else ""


class FindingEvidence(models.Model):
    """A file the evaluator keeps as evidence for a finding (network/files.py)."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="evidence")
    file_name = models.CharField(max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.original_name


class CorrectiveAction(models.Model):
    """The cooperative's answer to a non-compliance: what it will do, who is
    responsible, by when, with evidence; the evaluation team accepts or rejects it. A
    rejected action is answered by proposing another."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    finding = models.ForeignKey(
        Finding,
        verbose_name=_("finding"),
        on_delete=models.CASCADE,
        related_name="corrective_actions",
    )
    action = models.TextField(_("corrective action"), max_length=4_000)
    responsible = models.CharField(_("person responsible"), max_length=200)
    due_on = models.DateField(_("due date"))
    evidence_file = models.CharField(max_length=255, blank=True)
    evidence_name = models.CharField(_("evidence"), max_length=255, blank=True)
    evidence_type = models.CharField(max_length=100, blank=True)
    status = StateField(_("status"), choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_comment = models.TextField(_("evaluator's comment"), blank=True)
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self):
        return f"{self.finding.criterion.code}: {self.action[:60]}"

    def is_overdue(self, today=None) -> bool:
        """Not accepted and past its due date: flagged for everyone who sees it."""
        today = today or timezone.localdate()
        return self.status != self.Status.ACCEPTED and self.due_on < today


# --- Guards: each returns why a move is blocked, or None -------------------------------


def _team_cleared(evaluation: Evaluation):
    from certification.selectors.conflicts import has_current_no_conflict

    organization = evaluation.application.organization
    people = [evaluation.lead_evaluator, *evaluation.team.all()]
    blocked = [
        str(person) for person in people if not has_current_no_conflict(person, organization)
    ]
    if blocked:
        return _(
            "These team members have no current “no conflict” declaration for the "
            "organization: %(people)s."
        ) % {"people": ", ".join(blocked)}
    return None


def _team_competent(evaluation: Evaluation):
    """Still qualified when it starts: a competence ended since the plan stops it (not
    started yet, so checked on the planned dates)."""
    from certification.selectors.competence import team_competence_gaps

    gaps = team_competence_gaps(evaluation)
    if gaps:
        return _("Not qualified for this application on the planned dates: %(gaps)s.") % {
            "gaps": "; ".join(str(gap) for gap in gaps)
        }
    return None


def _application_open(evaluation: Evaluation):
    from certification.models.applications import Application

    allowed = (Application.Status.READY_FOR_EVALUATION, Application.Status.IN_EVALUATION)
    if evaluation.application.status not in allowed:
        return _("The application is not ready for evaluation.")
    return None


def _every_finding_recorded(evaluation: Evaluation):
    missing = evaluation.findings.filter(result="").count()
    if missing:
        return _("%(count)s criteria have no result yet.") % {"count": missing}
    if not evaluation.findings.exists():
        return _("The evaluation has no findings.")
    return None


def _report_done(evaluation: Evaluation):
    from certification.models.reports import EvaluationReport

    if not evaluation.reports.filter(status=EvaluationReport.Status.DONE).exists():
        return _("The report is not made yet.")
    return None


def _no_action_waiting(evaluation: Evaluation):
    waiting = CorrectiveAction.objects.filter(
        finding__evaluation=evaluation, status=CorrectiveAction.Status.PROPOSED
    ).count()
    if waiting:
        return _("%(count)s corrective actions wait for a review.") % {"count": waiting}
    return None


S = Evaluation.Status
EVALUATION = StateMachine(
    Evaluation,
    name="evaluation",
    transitions=[
        Transition("start", [S.PLANNED], S.IN_PROGRESS, _("Start the evaluation"),
                   "evaluation.started",
                   guards=(_application_open, _team_cleared, _team_competent)),
        Transition("submit", [S.IN_PROGRESS], S.SUBMITTED, _("Submit the evaluation"),
                   "evaluation.submitted", guards=(_every_finding_recorded,)),
        Transition("issue_report", [S.SUBMITTED], S.REPORT_ISSUED, _("Issue the report"),
                   "evaluation.report_issued", guards=(_report_done,)),
        Transition("close", [S.REPORT_ISSUED], S.CLOSED, _("Close the evaluation"),
                   "evaluation.closed", guards=(_no_action_waiting,), style="secondary"),
    ],
)  # fmt: skip

A = CorrectiveAction.Status
CORRECTIVE_ACTION = StateMachine(
    CorrectiveAction,
    name="corrective_action",
    scope=lambda action: action.finding.evaluation,
    transitions=[
        Transition("accept", [A.PROPOSED], A.ACCEPTED, _("Accept"), "corrective_action.accepted"),
        Transition("reject", [A.PROPOSED], A.REJECTED, _("Reject"), "corrective_action.rejected",
                   needs_reason=True, style="secondary"),
    ],
)  # fmt: skip


# --- The application's moves that wait for evaluations (certification.models.guard_for) --

OPEN = (Evaluation.Status.PLANNED, Evaluation.Status.IN_PROGRESS, Evaluation.Status.SUBMITTED)
ISSUED = (Evaluation.Status.REPORT_ISSUED, Evaluation.Status.CLOSED)


def evaluated_completely_before(application, evaluation=None) -> bool:
    """Whether an earlier evaluation of the application (before `evaluation`, or any) was
    complete and had its report issued: what makes a later one a follow-up."""
    earlier = application.evaluations.filter(status__in=ISSUED, evaluation_type__in=COMPLETE_TYPES)
    if evaluation is not None:
        earlier = earlier.filter(pk__lt=evaluation.pk)
    return earlier.exists()


@guard_for("start_evaluation")
def _an_evaluation_started(application):
    if not application.evaluations.filter(status=Evaluation.Status.IN_PROGRESS).exists():
        return _("An evaluation of the application must be started first.")
    return None


@guard_for("finish_evaluation")
def _a_report_issued(application):
    if not application.evaluations.filter(status__in=ISSUED).exists():
        return _("The evaluation report is not issued yet.")
    if application.evaluations.filter(status__in=OPEN).exists():
        return _("An evaluation of the application is still open.")
    return None
