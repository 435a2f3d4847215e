"""Evaluations through their services: planning with a cleared team, the criteria each
type judges, findings with version checks, submission, corrective actions, and who is
involved in a file (for the committee's impartiality)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from certification.models import (
    Application,
    CorrectiveAction,
    Evaluation,
    EvaluationReport,
    EvaluationType,
    FindingResult,
)
from certification.selectors import people_involved
from certification.selectors.evaluations import (
    EvaluationCapability,
    corrective_actions_overdue,
    evaluation_capabilities,
    evaluations_visible_to,
)
from certification.services import evaluations as services
from certification.services.applications import application_move
from certification.services.reports import report_make
from network.activity import activity_record
from network.concurrency import StaleEdit
from network.models import ActivityLog, RoleKind
from network.workflow import GuardFailed
from tests.certification.evaluation_helpers import (
    body_person,
    planned,
    ready_application,
    record_all,
    started,
)
from tests.certification.factories import ConflictDeclarationFactory
from tests.fixtures.personas import make_user
from tests.producers.factories import CertificationBodyFactory, OrganizationFactory, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(standard_v1):
    organization = OrganizationFactory(legal_name="Cooperativa Valle Alto", country="PE")
    return ready_application(organization=organization, standard_version=standard_v1)


@pytest.fixture
def lead(application):
    return body_person(
        application.certification_body,
        "lidia@andina.example.org",
        cleared_for=[application.organization],
    )


def test_it_refuses_a_team_member_without_a_current_no_conflict_declaration(application, lead):
    body = application.certification_body
    undeclared = body_person(body, "ugo@andina.example.org")
    conflicted = body_person(body, "carla@andina.example.org")
    ConflictDeclarationFactory(
        person=conflicted, organization=application.organization, outcome="conflict"
    )
    for person in (undeclared, conflicted):
        with pytest.raises(ValidationError) as refused:
            planned(application, lead, team=[person])
        assert str(person) in refused.value.messages[0]
    assert not Evaluation.objects.exists()


def test_it_refuses_someone_who_is_not_an_evaluator_of_the_body(application, lead):
    other_body = CertificationBodyFactory(name="Certificadora del Norte")
    outsider = body_person(
        other_body, "otto@norte.example.org", cleared_for=[application.organization]
    )
    with pytest.raises(ValidationError):
        planned(application, lead, team=[outsider])


def test_starting_creates_one_finding_per_criterion_the_type_judges(application, lead):
    on_site = started(application, lead)
    classes = set(on_site.findings.values_list("criterion__criterion_class", flat=True))
    assert classes == {"critical", "minimum", "improvement"}
    application.refresh_from_db()
    assert application.status == Application.Status.IN_EVALUATION

    # A desk evaluation (a follow-up, planned once the first is closed) judges critical ones.
    Evaluation.objects.filter(pk=on_site.pk).update(status=Evaluation.Status.CLOSED)
    desk = started(application, lead, kind=EvaluationType.DESK_SHORTENED)
    assert set(desk.findings.values_list("criterion__criterion_class", flat=True)) == {"critical"}
    assert desk.findings.count() < on_site.findings.count()


def test_the_evaluation_cannot_start_once_a_member_declares_a_conflict(application, lead):
    evaluation = planned(application, lead)
    ConflictDeclarationFactory(
        person=lead, organization=application.organization, outcome="conflict"
    )
    with pytest.raises(GuardFailed):
        services.evaluation_start(evaluation=evaluation, by=lead)
    evaluation.refresh_from_db()
    assert evaluation.status == Evaluation.Status.PLANNED


def test_two_people_saving_the_same_finding_never_lose_an_edit(application, lead):
    evaluation = started(application, lead)
    finding = evaluation.findings.first()
    opened = finding.version
    services.finding_save(finding=finding, by=lead, result="C", comment="first", version=opened)
    with pytest.raises(StaleEdit) as stale:
        services.finding_save(
            finding=finding, by=lead, result="NC", comment="second", version=opened
        )
    assert stale.value.current.comment == "first"
    finding.refresh_from_db()
    assert (finding.result, finding.comment) == ("C", "first")
    assert (
        ActivityLog.objects.filter(verb="finding.recorded", target_id=str(finding.pk)).count() == 1
    )


def test_submitting_needs_every_result_and_queues_the_first_report(
    application, lead, django_capture_on_commit_callbacks
):
    evaluation = started(application, lead)
    with pytest.raises(GuardFailed):
        services.evaluation_submit(evaluation=evaluation, by=lead)
    record_all(evaluation, lead, non_compliant={"2.1"})
    with django_capture_on_commit_callbacks() as callbacks:
        services.evaluation_submit(evaluation=evaluation, by=lead)
    report = evaluation.reports.get()
    assert (report.number, report.status, report.language) == (1, "queued", "es")
    assert len(callbacks) == 1  # the report task, after commit


def test_the_report_issues_the_evaluation_and_finishes_the_applications_evaluation(
    application, lead
):
    evaluation = started(application, lead)
    record_all(evaluation, lead, non_compliant={"2.1"})
    services.evaluation_submit(evaluation=evaluation, by=lead)
    report = evaluation.reports.get()
    assert report_make(report_id=report.pk) is True
    assert report_make(report_id=report.pk) is False  # made once
    report.refresh_from_db()
    evaluation.refresh_from_db()
    application.refresh_from_db()
    assert report.status == EvaluationReport.Status.DONE and len(report.sha256) == 64
    assert evaluation.status == Evaluation.Status.REPORT_ISSUED
    assert application.status == Application.Status.EVALUATED


def test_corrective_actions_are_proposed_reviewed_and_flagged_when_overdue(application, lead):
    coop_editor = make_user("edu@valle.example.org")
    grant(coop_editor, RoleKind.ORG_EDITOR, organization=application.organization)
    evaluation = started(application, lead)
    record_all(evaluation, lead, non_compliant={"2.1"})
    services.evaluation_submit(evaluation=evaluation, by=lead)
    report_make(report_id=evaluation.reports.get().pk)
    evaluation.refresh_from_db()
    finding = evaluation.findings.get(result=FindingResult.NON_COMPLIANT)
    compliant = evaluation.findings.filter(result=FindingResult.COMPLIANT).first()
    capabilities = evaluation_capabilities(coop_editor, evaluation)
    assert EvaluationCapability.RESPOND in capabilities
    assert EvaluationCapability.RECORD not in capabilities

    with pytest.raises(ValidationError):
        services.corrective_action_propose(
            finding=compliant, by=coop_editor, action="x", responsible="y", due_on="2020-01-01"
        )
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    action = services.corrective_action_propose(
        finding=finding,
        by=coop_editor,
        action="Convocar la asamblea.",
        responsible="Rosa",
        due_on=yesterday,
    )
    assert list(corrective_actions_overdue(Evaluation.objects.all())) == [action]
    with pytest.raises(ValidationError):  # one waiting at a time
        services.corrective_action_propose(
            finding=finding, by=coop_editor, action="Otra", responsible="Rosa", due_on=yesterday
        )
    with pytest.raises(GuardFailed):  # rejecting needs a reason
        services.corrective_action_review(corrective_action=action, by=lead, accept=False)
    services.corrective_action_review(
        corrective_action=action, by=lead, accept=True, comment="Bien."
    )
    action.refresh_from_db()
    assert action.status == CorrectiveAction.Status.ACCEPTED and action.reviewed_by == lead
    assert list(corrective_actions_overdue(Evaluation.objects.all())) == []


def test_people_involved_are_the_team_and_the_files_reviewers(application, lead):
    body = application.certification_body
    member = body_person(body, "tomas@andina.example.org", cleared_for=[application.organization])
    reviewer = body_person(body, "rita@andina.example.org", kind=RoleKind.REVIEWER)
    committee = body_person(body, "cora@andina.example.org", kind=RoleKind.COMMITTEE)
    activity_record(actor=reviewer, verb="application.accepted", target=application)
    activity_record(actor=committee, verb="application.created", target=application)
    planned(application, lead, team=[member])
    assert people_involved(application) == {lead.pk, member.pk, reviewer.pk}


def test_an_evaluator_of_another_body_does_not_see_the_evaluation(application, lead):
    evaluation = planned(application, lead)
    other = body_person(
        CertificationBodyFactory(name="Certificadora del Norte"),
        "otto@norte.example.org",
        cleared_for=[application.organization],
    )
    assert evaluation not in evaluations_visible_to(other)
    assert evaluation in evaluations_visible_to(lead)


def test_a_follow_up_moves_the_application_back_and_a_new_evaluation_can_run(application, lead):
    evaluation = started(application, lead, kind=EvaluationType.REMOTE)
    record_all(evaluation, lead)
    services.evaluation_submit(evaluation=evaluation, by=lead)
    report_make(report_id=evaluation.reports.get().pk)
    application.refresh_from_db()
    application_move(application=application, transition="follow_up", by=lead, reason="Visita")
    # Evaluated completely once, the initial application's follow-up may be a desk one.
    follow_up = started(application, lead, kind=EvaluationType.DESK_NORMAL)
    assert follow_up.findings.exists()
