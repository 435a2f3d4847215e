"""Who sees which evaluation and what they may do with it; the reads its pages, its
checklist and its report need.

An evaluation is part of its application's file: whoever sees the application sees the
evaluation (applications_visible_to: certification-body people only with a current "no
conflict" declaration, 404 otherwise). Inside that scope:
- the certification body's cleared people see the findings as they are recorded; the
  lead evaluator and the team record them; the lead submits, works offline and closes;
- the cooperative sees the plan and, once the report is issued, the findings and the
  report; its editors and administrators answer non-compliances with corrective actions;
- network staff watch (read), and may retry a failed report;
- the risk assessment behind the plan is the body's: its people and network staff read it."""

import datetime
from enum import StrEnum

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, TruncDate
from django.utils import timezone

from certification.models import (
    CorrectiveAction,
    Criterion,
    Evaluation,
    EvaluationReport,
    EvaluationTeamMember,
    Finding,
    FindingResult,
    Section,
)
from certification.selectors.applications import (
    ApplicationCapability,
    application_capabilities,
    applications_visible_to,
)
from certification.selectors.conflicts import has_current_no_conflict
from certification.selectors.involvement import involvement_source, reviewers_of
from network.models import Role, RoleKind, User
from network.selectors import is_network_wide_staff, organization_roles


class EvaluationCapability(StrEnum):
    VIEW = "view"  # the plan, the team, the report once issued
    SEE_FINDINGS = "see_findings"  # findings before the report: the body's people, staff
    PLAN = "plan"  # plan an evaluation, change the plan while it is planned
    RECORD = "record"  # record findings and evidence (the lead and the team)
    LEAD = "lead"  # start, submit, offline checklist, report versions, close
    RESPOND = "respond"  # propose corrective actions (the cooperative's editors)
    REVIEW_ACTIONS = "review_actions"  # accept or reject corrective actions (the team)
    RETRY = "retry"  # try a failed report again (the lead, network-wide staff)
    SEE_RISK = "see_risk"  # the body's risk assessment: its people and network staff


ISSUED = (Evaluation.Status.REPORT_ISSUED, Evaluation.Status.CLOSED)


def evaluations_visible_to(user) -> QuerySet[Evaluation]:
    return Evaluation.objects.filter(application__in=applications_visible_to(user).values("pk"))


def evaluation_capabilities(user, evaluation: Evaluation) -> frozenset:
    """What the user may do with an evaluation they can see."""
    on_application = application_capabilities(user, evaluation.application)
    capabilities = set()
    if ApplicationCapability.VIEW in on_application:
        capabilities.add(EvaluationCapability.VIEW)
    body_person = bool(
        {ApplicationCapability.REVIEW, ApplicationCapability.DECIDE} & on_application
    )
    in_cooperative = evaluation.application.organization_id in organization_roles(user)
    issued = evaluation.status in ISSUED
    if body_person or (issued and EvaluationCapability.VIEW in capabilities):
        capabilities.add(EvaluationCapability.SEE_FINDINGS)
    elif EvaluationCapability.VIEW in capabilities and not in_cooperative:
        capabilities.add(EvaluationCapability.SEE_FINDINGS)  # network staff watch
    if body_person or (EvaluationCapability.VIEW in capabilities and not in_cooperative):
        capabilities.add(EvaluationCapability.SEE_RISK)
    if ApplicationCapability.REVIEW in on_application:
        capabilities.add(EvaluationCapability.PLAN)
        if user.pk in team_ids(evaluation):
            capabilities |= {EvaluationCapability.RECORD, EvaluationCapability.REVIEW_ACTIONS}
        if user.pk == evaluation.lead_evaluator_id:
            capabilities |= {EvaluationCapability.LEAD, EvaluationCapability.RETRY}
    if in_cooperative and ApplicationCapability.EDIT in on_application:
        capabilities.add(EvaluationCapability.RESPOND)
    if is_network_wide_staff(user):
        capabilities.add(EvaluationCapability.RETRY)
    return frozenset(capabilities)


def team_ids(evaluation: Evaluation) -> set[int]:
    """The lead evaluator and the team members, by user id (one query, then kept)."""
    cached = getattr(evaluation, "_team_ids", None)
    if cached is None:
        cached = {evaluation.lead_evaluator_id} | set(
            evaluation.team_members.values_list("person_id", flat=True)
        )
        evaluation._team_ids = cached
    return cached


def team_of(evaluation: Evaluation) -> list[User]:
    """The lead evaluator first, then the team by name."""
    members = User.objects.filter(evaluation_teams__evaluation=evaluation).order_by("full_name")
    return [evaluation.lead_evaluator, *members]


def assignable_evaluators(application, *, on=None) -> QuerySet[User]:
    """Evaluators of the application's certification body who may join its evaluation:
    those with a current "no conflict" declaration for the organization who did not
    review the file (whoever reviewed does not evaluate)."""
    body_people = Role.objects.filter(
        kind=RoleKind.EVALUATOR, certification_body=application.certification_body_id
    ).values("user_id")
    candidates = (
        User.objects.filter(pk__in=body_people, is_active=True)
        .exclude(pk__in=reviewers_of(application))
        .order_by("full_name")
    )
    cleared = [
        person.pk
        for person in candidates
        if has_current_no_conflict(person, application.organization, on=on)
    ]
    return User.objects.filter(pk__in=cleared).order_by("full_name")


def applications_to_plan(user) -> QuerySet:
    """Applications ready for evaluation that the user may plan: those they see (cleared
    for the organization) addressed to a body they evaluate or review for."""
    from certification.models import Application
    from network.selectors import certification_body_ids

    bodies = certification_body_ids(user, RoleKind.EVALUATOR, RoleKind.REVIEWER)
    return (
        applications_visible_to(user)
        .filter(status=Application.Status.READY_FOR_EVALUATION, certification_body__in=bodies)
        .select_related("organization")
        .order_by("created_at", "pk")
    )


def application_evaluations(application) -> QuerySet[Evaluation]:
    return application.evaluations.select_related("lead_evaluator").order_by("-created_at")


def latest_evaluation(application) -> Evaluation | None:
    """The application's newest evaluation (a follow-up comes after the first): the one
    the committee decides on."""
    return (
        application.evaluations.select_related("lead_evaluator", "risk_assessed_by")
        .order_by("-created_at", "-pk")
        .first()
    )


# --- Findings ---------------------------------------------------------------------------


def evaluation_sections(evaluation: Evaluation) -> list[Section]:
    """The sections the evaluation's findings fall in, each with `.total` findings and
    `.recorded` (those with a result): one query."""
    return list(
        Section.objects.filter(criteria__findings__evaluation=evaluation)
        .annotate(
            total=Count("criteria__findings"),
            recorded=Count("criteria__findings", filter=~Q(criteria__findings__result="")),
        )
        .order_by("position")
    )


def section_findings(evaluation: Evaluation, section: Section) -> list[Finding]:
    """A section's findings in the standard's order, with their criterion and how many
    evidence files each has: one query, however many criteria."""
    return list(
        Finding.objects.filter(evaluation=evaluation, criterion__section=section)
        .select_related("criterion", "updated_by")
        .annotate(evidence_count=Count("evidence"))
        .order_by("criterion__position", "pk")
    )


def evaluation_findings(evaluation: Evaluation) -> QuerySet[Finding]:
    """Every finding, by section and position, with criterion and section."""
    return (
        Finding.objects.filter(evaluation=evaluation)
        .select_related("criterion", "criterion__section")
        .order_by("criterion__section__position", "criterion__position", "pk")
    )


def finding_counts(evaluation: Evaluation) -> dict:
    """{class: {result: n}} and the totals: the report's summary table."""
    counts: dict[str, dict[str, int]] = {}
    for row in (
        Finding.objects.filter(evaluation=evaluation)
        .values("criterion__criterion_class", "result")
        .order_by()
        .annotate(total=Count("pk"))
    ):
        counts.setdefault(row["criterion__criterion_class"], {})[row["result"]] = row["total"]
    return counts


def non_compliances(
    evaluation: Evaluation, *, issuing_at: datetime.datetime | None = None
) -> QuerySet[Finding]:
    """The non-compliant findings, each with `.actions`: its corrective actions, oldest
    first (a list), and `.proposal_due_on` (with_proposal_deadline; `issuing_at`: the
    report being made then issues the evaluation)."""
    return (
        with_proposal_deadline(evaluation_findings(evaluation), issuing_at=issuing_at)
        .filter(result=FindingResult.NON_COMPLIANT)
        .prefetch_related(
            Prefetch(
                "corrective_actions",
                queryset=CorrectiveAction.objects.select_related("proposed_by", "reviewed_by"),
                to_attr="actions",
            )
        )
    )


def self_evaluation_texts(application) -> dict[int, str]:
    """{criterion id: the cooperative's self-evaluation answer as one line of text} (its
    verdict, how, and the documents it named), beside each finding and in the offline
    checklist."""
    from certification.selectors.self_evaluation import self_evaluation_answers

    texts = {}
    for criterion_id, answer in self_evaluation_answers(application).items():
        parts = [answer.get_verdict_display()] if answer.verdict else []
        if answer.how:
            parts.append(answer.how)
        documents = ", ".join(document.title for document in answer.documents.all())
        if documents:
            parts.append(documents)
        texts[criterion_id] = " — ".join(str(part) for part in parts)
    return texts


# --- Corrective actions -------------------------------------------------------------------


TAKEN = (CorrectiveAction.Status.PROPOSED, CorrectiveAction.Status.ACCEPTED)


def _last_rejection():
    """A finding's rejected actions, the last reviewed first (correlated on the finding)."""
    return CorrectiveAction.objects.filter(
        finding=OuterRef("pk"), status=CorrectiveAction.Status.REJECTED
    ).order_by("-reviewed_at", "-pk")


def proposal_deadline(*, issuing_at: datetime.datetime | None = None) -> Case:
    """The day by which the cooperative proposes a corrective action for a finding (an
    expression over Finding rows): CERTIFICATION_CORRECTIVE_ACTION_PROPOSAL_DAYS after the
    report was issued (its first version made) or after its last proposal was rejected;
    None when no proposal is awaited (not a non-compliance of an issued report still
    open, or an action waits for review or was accepted). The one definition the pages,
    the evaluations list, the report and the reminder sweep read.

    `issuing_at`: the first version of the report being made at that moment, which
    renders before it issues the evaluation, counts as the issue."""
    issued = EvaluationReport.objects.filter(
        evaluation=OuterRef("evaluation"), status=EvaluationReport.Status.DONE
    ).order_by("generated_at", "pk")
    issued_at = Subquery(issued.values("generated_at")[:1])
    open_statuses = [Evaluation.Status.REPORT_ISSUED]
    if issuing_at is not None:
        issued_at = Coalesce(issued_at, Value(issuing_at))
        open_statuses.append(Evaluation.Status.SUBMITTED)
    since = Coalesce(Subquery(_last_rejection().values("reviewed_at")[:1]), issued_at)
    days = datetime.timedelta(days=settings.CERTIFICATION_CORRECTIVE_ACTION_PROPOSAL_DAYS)
    awaited = Q(result=FindingResult.NON_COMPLIANT, evaluation__status__in=open_statuses) & ~Q(
        Exists(CorrectiveAction.objects.filter(finding=OuterRef("pk"), status__in=TAKEN))
    )
    return Case(
        When(awaited, then=Cast(TruncDate(since) + Value(days), DateField())),
        default=None,
        output_field=DateField(),
    )


def with_proposal_deadline(
    findings: QuerySet[Finding], *, issuing_at: datetime.datetime | None = None
) -> QuerySet[Finding]:
    """Each finding with `proposal_due_on` (proposal_deadline) and `rejection_comment`,
    the evaluator's reason for the last rejection. In SQL: the pages and the reminder
    sweep read the same date."""
    return findings.annotate(
        proposal_due_on=proposal_deadline(issuing_at=issuing_at),
        rejection_comment=Subquery(_last_rejection().values("review_comment")[:1]),
    )


def _count(rows: QuerySet):
    """How many rows a correlated queryset holds, as a subquery: the outer query stays
    without a GROUP BY (a join-and-count would make it group every finding's row)."""
    counted = rows.order_by().annotate(rows=Func(F("pk"), function="COUNT")).values("rows")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def overdue_count(*, today: datetime.date):
    """An expression over Evaluation rows: what is overdue in it, one number — corrective
    actions not accepted past their due date, and non-compliances past the day one was
    to be proposed by (proposal_deadline). Two subqueries, however many rows."""
    late_actions = _actions_overdue(today).filter(finding__evaluation=OuterRef("pk"))
    late_proposals = (
        Finding.objects.filter(evaluation=OuterRef("pk"))
        .alias(proposal_due_on=proposal_deadline())
        .filter(proposal_due_on__lt=today)
    )
    return _count(late_actions) + _count(late_proposals)


def _actions_overdue(today: datetime.date) -> QuerySet[CorrectiveAction]:
    """Not accepted and past their due date (CorrectiveAction.is_overdue, in SQL)."""
    return CorrectiveAction.objects.filter(due_on__lt=today).exclude(
        status=CorrectiveAction.Status.ACCEPTED
    )


def corrective_actions_overdue(evaluations: QuerySet[Evaluation], *, today=None):
    """Actions not accepted whose due date has passed, for the given evaluations."""
    today = today or timezone.localdate()
    return (
        _actions_overdue(today)
        .filter(finding__evaluation__in=evaluations)
        .select_related("finding__criterion", "finding__evaluation__application__organization")
        .order_by("due_on", "pk")
    )


# --- Reports ----------------------------------------------------------------------------------


def evaluation_reports(evaluation: Evaluation) -> QuerySet[EvaluationReport]:
    return evaluation.reports.order_by("-number")


def latest_report(evaluation: Evaluation) -> EvaluationReport | None:
    return evaluation.reports.order_by("-number").first()


# --- Impartiality -----------------------------------------------------------------------------


@involvement_source
def evaluation_people(application) -> set[int]:
    """The lead evaluators and team members of the application's evaluations: with the
    file's reviewers, none of them may decide on it (certification.selectors.involvement)."""
    team = EvaluationTeamMember.objects.filter(evaluation__application=application)
    leads = Evaluation.objects.filter(application=application)
    return set(team.values_list("person_id", flat=True)) | set(
        leads.values_list("lead_evaluator_id", flat=True)
    )


def criteria_for(evaluation: Evaluation) -> QuerySet[Criterion]:
    """The criteria the evaluation's type judges for the organization's actor type, on
    the planned start (phased-in criteria count from their year)."""
    from certification.selectors.standard import criteria_of

    application = evaluation.application
    return criteria_of(
        application.standard_version,
        actor_type=application.organization.actor_type,
        evaluation_kind=evaluation.kind,
        on=evaluation.planned_start_on,
    )


def finding_evidence(finding: Finding):
    return finding.evidence.select_related("uploaded_by").order_by("created_at", "pk")


def evaluation_corrective_actions(evaluation: Evaluation) -> QuerySet[CorrectiveAction]:
    return CorrectiveAction.objects.filter(finding__evaluation=evaluation).select_related(
        "finding__criterion", "proposed_by", "reviewed_by"
    )


def evaluation_checklist_imports(evaluation: Evaluation):
    return evaluation.checklist_imports.all()


def sees_evaluations(user) -> bool:
    """Whom the navigation offers the evaluations page: certification-body people, the
    cooperatives' people and network staff."""
    from network.selectors import has_certification_role, has_staff_role

    return bool(
        getattr(user, "is_authenticated", False)
        and (has_certification_role(user) or organization_roles(user) or has_staff_role(user))
    )
