"""Every write to an evaluation: planning, its moves, findings, evidence, the report's
texts and corrective actions. The report itself is certification/services/reports.py,
the offline checklist certification/services/checklists.py.

The evaluation's moves carry the application along (through application_move, the one
way its status changes): starting the first evaluation moves the application into
evaluation, the report's issue moves it to "evaluated"."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext as _

from certification.models import (
    CORRECTIVE_ACTION,
    EVALUATION,
    Application,
    CorrectiveAction,
    Evaluation,
    EvaluationTeamMember,
    Finding,
    FindingEvidence,
    FindingResult,
)
from certification.models.evaluations import OPEN, evaluated_completely_before, risk_refusal
from certification.selectors.competence import application_scope, competence_gaps
from certification.selectors.conflicts import has_current_no_conflict
from certification.selectors.evaluations import criteria_for
from certification.selectors.involvement import reviewers_of
from certification.services.applications import application_move
from certification.services.notices import PROPOSED, corrective_action_notify
from network.activity import activity_record, changes_between
from network.concurrency import lock_at_version
from network.files import store_private
from network.models import Role, RoleKind

PLANNABLE = (Application.Status.READY_FOR_EVALUATION, Application.Status.IN_EVALUATION)
SUMMARY_FIELDS = ["strengths", "next_evaluation_points", "distribution_list"]
PLAN_FIELDS = ["evaluation_type", "planned_start_on", "planned_end_on", "lead_evaluator"]
RISK_FIELDS = ["risk_level", "risk_rationale"]


# --- Planning ---------------------------------------------------------------------------


def _check_team(application, lead_evaluator, team, *, start, end) -> None:
    """Everyone on the team is an evaluator of the application's body with a current "no
    conflict" declaration for the organization, did not review the file, and is qualified
    for its products and activities on the planned dates (ValidationError naming who is
    not, and why)."""
    people = [lead_evaluator, *team]
    evaluators = set(
        Role.objects.filter(
            kind=RoleKind.EVALUATOR,
            certification_body=application.certification_body_id,
            user__in=[person.pk for person in people],
        ).values_list("user_id", flat=True)
    )
    not_evaluators = [str(person) for person in people if person.pk not in evaluators]
    if not_evaluators:
        raise ValidationError(
            _("Not evaluators of %(body)s: %(people)s.")
            % {"body": application.certification_body, "people": ", ".join(not_evaluators)}
        )
    conflicted = [
        str(person)
        for person in people
        if not has_current_no_conflict(person, application.organization)
    ]
    if conflicted:
        raise ValidationError(
            _(
                "No current “no conflict” declaration for %(organization)s: %(people)s. "
                "Each member of the team declares first."
            )
            % {"organization": application.organization, "people": ", ".join(conflicted)}
        )
    reviewers = reviewers_of(application)
    reviewed = [str(person) for person in people if person.pk in reviewers]
    if reviewed:
        raise ValidationError(
            _(
                "%(people)s reviewed this application: whoever reviewed the file does not "
                "evaluate it (impartiality)."
            )
            % {"people": ", ".join(reviewed)}
        )
    products, activities = application_scope(application)
    gaps = competence_gaps(
        body_id=application.certification_body_id,
        people=people,
        products=products,
        activities=activities,
        start=start,
        end=end,
    )
    if gaps:
        raise ValidationError(
            _("Not qualified for this application on the planned dates: %(gaps)s. The body "
              "records its evaluators' competences first.") % {"gaps": "; ".join(gaps)}
        )  # fmt: skip


def _check_risk(
    application, *, risk_level: str, risk_rationale: str, evaluation_type: str, evaluation=None
):
    """The risk assessment is recorded, with its reasons, and allows the type chosen."""
    if not risk_level or not risk_rationale.strip():
        raise ValidationError(_("Record the risk assessment: its level and why."))
    refusal = risk_refusal(
        application_kind=application.kind,
        risk_level=risk_level,
        evaluation_type=evaluation_type,
        follow_up=evaluated_completely_before(application, evaluation),
    )
    if refusal:
        raise ValidationError(refusal)


def evaluation_plan(
    *,
    application: Application,
    by,
    evaluation_type: str,
    planned_start_on,
    planned_end_on,
    lead_evaluator,
    risk_level: str,
    risk_rationale: str,
    team=(),
) -> Evaluation:
    """Plan an evaluation of an application ready for it (or in evaluation, for a
    follow-up); one open evaluation at a time. The risk assessment recorded with it
    decides which types of evaluation are allowed (certification.models.TYPES_ALLOWED)."""
    team = [person for person in team if person.pk != lead_evaluator.pk]
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.status not in PLANNABLE:
            raise ValidationError(_("The application is not ready for evaluation."))
        if application.evaluations.filter(status__in=OPEN).exists():
            raise ValidationError(_("The application already has an open evaluation."))
        _check_risk(
            application,
            risk_level=risk_level,
            risk_rationale=risk_rationale,
            evaluation_type=evaluation_type,
        )
        _check_team(application, lead_evaluator, team, start=planned_start_on, end=planned_end_on)
        evaluation = EVALUATION.create(
            application=application,
            evaluation_type=evaluation_type,
            planned_start_on=planned_start_on,
            planned_end_on=planned_end_on,
            lead_evaluator=lead_evaluator,
            risk_level=risk_level,
            risk_rationale=risk_rationale.strip(),
            risk_assessed_by=by,
            risk_assessed_at=timezone.now(),
            created_by=by,
        )
        EvaluationTeamMember.objects.bulk_create(
            EvaluationTeamMember(evaluation=evaluation, person=person) for person in team
        )
        activity_record(
            actor=by,
            verb="evaluation.planned",
            target=evaluation,
            changes={
                "evaluation_type": [None, evaluation_type],
                "planned_start_on": [None, str(planned_start_on)],
                "planned_end_on": [None, str(planned_end_on)],
                "lead_evaluator": [None, str(lead_evaluator)],
                "team": [None, ", ".join(str(person) for person in team)],
                "risk_level": [None, risk_level],
                "risk_rationale": [None, risk_rationale.strip()],
            },
        )
    return evaluation


def evaluation_replan(*, evaluation: Evaluation, by, version: int | None, data: dict, team):
    """Change a planned evaluation (dates, type, team, risk assessment) if nobody changed
    it since `version` was read (else StaleEdit)."""
    lead = data["lead_evaluator"]
    team = [person for person in team if person.pk != lead.pk]
    data = {**data, "risk_rationale": data["risk_rationale"].strip()}
    with transaction.atomic():
        evaluation = lock_at_version(
            Evaluation.objects.select_related("application__organization"),
            pk=evaluation.pk,
            version=version,
        )
        if evaluation.status != Evaluation.Status.PLANNED:
            raise ValidationError(_("Only a planned evaluation can be changed."))
        _check_risk(
            evaluation.application,
            risk_level=data["risk_level"],
            risk_rationale=data["risk_rationale"],
            evaluation_type=data["evaluation_type"],
            evaluation=evaluation,
        )
        _check_team(
            evaluation.application,
            lead,
            team,
            start=data["planned_start_on"],
            end=data["planned_end_on"],
        )
        before = model_to_dict(evaluation, fields=[*PLAN_FIELDS, *RISK_FIELDS])
        before["team"] = ", ".join(sorted(str(p) for p in evaluation.team.all()))
        if any(before[name] != data[name] for name in RISK_FIELDS):
            evaluation.risk_assessed_by, evaluation.risk_assessed_at = by, timezone.now()
        for name in [*PLAN_FIELDS, *RISK_FIELDS]:
            setattr(evaluation, name, data[name])
        evaluation.full_clean(exclude=["application", "created_by"])
        evaluation.save()
        evaluation.team_members.exclude(person__in=team).delete()
        kept = set(evaluation.team_members.values_list("person_id", flat=True))
        EvaluationTeamMember.objects.bulk_create(
            EvaluationTeamMember(evaluation=evaluation, person=person)
            for person in team
            if person.pk not in kept
        )
        after = model_to_dict(evaluation, fields=[*PLAN_FIELDS, *RISK_FIELDS])
        after["team"] = ", ".join(sorted(str(p) for p in team))
        activity_record(
            actor=by,
            verb="evaluation.replanned",
            target=evaluation,
            changes=changes_between(before, after),
        )
    return evaluation


# --- Moves ------------------------------------------------------------------------------


def evaluation_start(*, evaluation: Evaluation, by) -> Evaluation:
    """Planned → in progress: one empty finding per criterion the type judges, and the
    application moves into evaluation (unless it is there already: a follow-up)."""
    with transaction.atomic():
        EVALUATION.move(
            evaluation, "start", by=by, started_at=timezone.now(), version=F("version") + 1
        )
        Finding.objects.bulk_create(
            Finding(evaluation=evaluation, criterion=criterion)
            for criterion in criteria_for(evaluation)
        )
        application = evaluation.application
        if application.status == Application.Status.READY_FOR_EVALUATION:
            application_move(application=application, transition="start_evaluation", by=by)
        evaluation.refresh_from_db(fields=["version"])
    return evaluation


def evaluation_submit(*, evaluation: Evaluation, by) -> Evaluation:
    """In progress → submitted once every finding has a result; the report's first
    version is queued (made by the reports worker)."""
    from certification.services.reports import report_request

    with transaction.atomic():
        EVALUATION.move(
            evaluation, "submit", by=by, submitted_at=timezone.now(), version=F("version") + 1
        )
        report_request(evaluation=evaluation, by=by)
        evaluation.refresh_from_db(fields=["version"])
    return evaluation


def evaluation_close(*, evaluation: Evaluation, by) -> Evaluation:
    with transaction.atomic():
        EVALUATION.move(evaluation, "close", by=by, version=F("version") + 1)
        evaluation.refresh_from_db(fields=["version"])
    return evaluation


def evaluation_move(*, evaluation: Evaluation, transition: str, by) -> Evaluation:
    """The moves a person makes from the evaluation's page (issuing the report is the
    worker's, when the report is made)."""
    moves = {"start": evaluation_start, "submit": evaluation_submit, "close": evaluation_close}
    return moves[transition](evaluation=evaluation, by=by)


# --- Findings ---------------------------------------------------------------------------


def _recording(evaluation: Evaluation) -> None:
    if evaluation.status != Evaluation.Status.IN_PROGRESS:
        raise ValidationError(_("Findings are recorded while the evaluation is in progress."))


def finding_save(
    *, finding: Finding, by, result: str, comment: str, version: int | None
) -> Finding:
    """Record one finding if nobody saved it since `version` was read (else StaleEdit
    with what is stored)."""
    with transaction.atomic():
        current = lock_at_version(
            Finding.objects.select_related("evaluation"), pk=finding.pk, version=version
        )
        _recording(current.evaluation)
        before = model_to_dict(current, fields=["result", "comment"])
        current.result, current.comment, current.updated_by = result, comment, by
        current.save(update_fields=["result", "comment", "updated_by", "version", "updated_at"])
        changes = changes_between(before, {"result": result, "comment": comment})
        if changes:
            activity_record(
                actor=by,
                verb="finding.recorded",
                target=current,
                scope=current.evaluation,
                changes=changes,
            )
    return current


def finding_evidence_add(*, finding: Finding, by, uploaded, checked) -> FindingEvidence:
    _recording(finding.evaluation)
    file_name = store_private(
        uploaded, folder=f"evaluations/{finding.evaluation_id}", checked=checked
    )
    with transaction.atomic():
        evidence = FindingEvidence.objects.create(
            finding=finding,
            file_name=file_name,
            original_name=checked.original_name[:255],
            content_type=checked.kind.content_type,
            size=checked.size,
            uploaded_by=by,
        )
        activity_record(
            actor=by,
            verb="finding.evidence_added",
            target=finding,
            scope=finding.evaluation,
            changes={"evidence_file": [None, evidence.original_name]},
        )
    return evidence


def evaluation_texts_save(*, evaluation: Evaluation, by, data: dict, version: int | None):
    """Strengths, points for the next evaluation and the distribution list: written
    while the evaluation is in progress, or before a new report version."""
    with transaction.atomic():
        current = lock_at_version(Evaluation.objects.all(), pk=evaluation.pk, version=version)
        allowed = (Evaluation.Status.IN_PROGRESS, Evaluation.Status.REPORT_ISSUED)
        if current.status not in allowed:
            raise ValidationError(_("The report's texts cannot be changed now."))
        before = model_to_dict(current, fields=SUMMARY_FIELDS)
        for name in SUMMARY_FIELDS:
            setattr(current, name, data[name])
        current.save(update_fields=[*SUMMARY_FIELDS, "version", "updated_at"])
        activity_record(
            actor=by,
            verb="evaluation.texts_updated",
            target=current,
            changes=changes_between(before, model_to_dict(current, fields=SUMMARY_FIELDS)),
        )
    return current


# --- Corrective actions -----------------------------------------------------------------


def corrective_action_propose(
    *, finding: Finding, by, action: str, responsible: str, due_on, uploaded=None, checked=None
) -> CorrectiveAction:
    """The cooperative answers a non-compliance of an issued report; one proposal at a
    time per finding, and none after one was accepted."""
    evaluation = finding.evaluation
    if evaluation.status != Evaluation.Status.REPORT_ISSUED:
        raise ValidationError(_("Corrective actions are proposed once the report is issued."))
    if finding.result != FindingResult.NON_COMPLIANT:
        raise ValidationError(_("Only a non-compliance needs a corrective action."))
    file_name = ""
    if uploaded is not None:
        file_name = store_private(uploaded, folder=f"evaluations/{evaluation.pk}", checked=checked)
    with transaction.atomic():
        Finding.objects.select_for_update().get(pk=finding.pk)
        taken = finding.corrective_actions.filter(
            status__in=[CorrectiveAction.Status.PROPOSED, CorrectiveAction.Status.ACCEPTED]
        )
        if taken.exists():
            raise ValidationError(
                _("This non-compliance has a corrective action waiting for review or accepted.")
            )
        proposed = CORRECTIVE_ACTION.create(
            finding=finding,
            action=action,
            responsible=responsible,
            due_on=due_on,
            evidence_file=file_name,
            evidence_name=checked.original_name[:255] if checked else "",
            evidence_type=checked.kind.content_type if checked else "",
            proposed_by=by,
        )
        activity_record(
            actor=by,
            verb="corrective_action.proposed",
            target=proposed,
            scope=evaluation,
            changes={
                "criterion": finding.criterion.code,
                "responsible": [None, responsible],
                "due_on": [None, str(due_on)],
            },
        )
        corrective_action_notify(action=proposed, event=PROPOSED)
    return proposed


def corrective_action_review(
    *, corrective_action: CorrectiveAction, by, accept: bool, comment: str = ""
) -> CorrectiveAction:
    """The evaluation team accepts an action, or rejects it saying why; the cooperative's
    editors and administrators are told either way."""
    transition = "accept" if accept else "reject"
    with transaction.atomic():
        CORRECTIVE_ACTION.move(
            corrective_action,
            transition,
            by=by,
            reason=comment,
            reviewed_by=by,
            reviewed_at=timezone.now(),
            review_comment=comment,
        )
        corrective_action_notify(action=corrective_action, event=transition)
    return corrective_action
