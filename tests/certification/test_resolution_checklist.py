"""The resolution checklist's lines that the evaluation's records answer, each in every
state it can take (present, missing, not applicable), computed from the file; what a
missing line stops (any resolution, or a grant only); and the resolution page showing
each line's state and message."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from certification.models import (
    Application,
    CriterionClass,
    Evaluation,
    EvaluationReport,
    EvaluationType,
    FindingResult,
    Resolution,
    ResolutionOutcome,
    RiskLevel,
)
from certification.selectors import completeness_checklist
from certification.services import evaluations as services
from certification.services.decisions import resolution_record
from network.workflow import GuardFailed
from tests.certification.factories import (
    ApplicationFactory,
    CriterionFactory,
    EvaluatorCompetenceFactory,
    body_person,
    evaluated_file,
)
from tests.producers.factories import ProductNetworkFactory

pytestmark = pytest.mark.django_db


def lines_of(application) -> dict:
    return {line.key: line for line in completeness_checklist(application)}


def state(application, key) -> str:
    return lines_of(application)[key].state


def decide(application, by, outcome=ResolutionOutcome.GRANTED):
    return resolution_record(
        application=application,
        by=by,
        outcome=outcome,
        reasons="Según el expediente.",
        scope_products=list(application.organization.product_networks.all()),
        scope_activities=["production"],
    )


def non_compliance(application, code, *, criterion_class=CriterionClass.CRITICAL):
    """Make criterion `code` of the file's evaluation a non-compliance (a new criterion of
    `criterion_class` when the version has none with that code)."""
    evaluation = application.evaluations.get()
    finding = evaluation.findings.filter(criterion__code=code).first()
    if finding is None:
        criterion = CriterionFactory(
            standard_version=application.standard_version,
            section=application.standard_version.sections.first(),
            code=code,
            criterion_class=criterion_class,
        )
        finding = evaluation.findings.create(criterion=criterion)
    finding.result = FindingResult.NON_COMPLIANT
    finding.comment = f"No cumple {code}."
    finding.save()
    return finding


def propose(finding, by):
    return services.corrective_action_propose(
        finding=finding,
        by=by,
        action="Convocar la asamblea y registrar el acta.",
        responsible="Rosa Quispe",
        due_on=timezone.localdate() + datetime.timedelta(days=60),
    )


def test_a_complete_file_is_present_on_every_line_and_may_be_granted(evaluated, committee):
    lines = lines_of(evaluated)
    assert {key: line.state for key, line in lines.items()} == {
        "application": "ok",
        "objections": "ok",
        "quote": "ok",
        "evaluation": "ok",
        "nonconformity_report": "not_applicable",
        "corrective_action_plan": "not_applicable",
        "evaluation_report": "ok",
        "risk_assessment": "ok",
        "evaluator_competence": "ok",
    }
    evaluation = evaluated.evaluations.get()
    assert evaluation.reference in lines["evaluation"].message
    assert str(evaluation.lead_evaluator) in lines["evaluator_competence"].message
    resolution = decide(evaluated, committee)
    stored = {line["key"]: line["state"] for line in resolution.checklist}
    assert stored["evaluator_competence"] == "ok"


# --- The evaluation form ----------------------------------------------------------------


def test_the_evaluation_is_missing_without_one_before_submission_or_with_a_blank_result(
    body, coop_a, reviewer, committee
):
    bare = ApplicationFactory(organization=coop_a, certification_body=body,
                              status=Application.Status.EVALUATED)  # fmt: skip
    assert state(bare, "evaluation") == "missing"

    application = evaluated_file(organization=coop_a, certification_body=body, reviewer=reviewer)
    evaluation = application.evaluations.get()
    Evaluation.objects.filter(pk=evaluation.pk).update(status=Evaluation.Status.IN_PROGRESS)
    line = lines_of(application)["evaluation"]
    assert line.state == "missing" and evaluation.reference in line.message

    Evaluation.objects.filter(pk=evaluation.pk).update(status=Evaluation.Status.REPORT_ISSUED)
    evaluation.findings.filter(pk=evaluation.findings.first().pk).update(result="")
    line = lines_of(application)["evaluation"]
    assert line.state == "missing" and line.message.startswith("1 ")
    with pytest.raises(GuardFailed, match="incompleto"):
        decide(application, committee, ResolutionOutcome.NOT_GRANTED)  # whatever the outcome
    assert not Resolution.objects.exists()


# --- Non-compliances, the cooperative's answers and the plan -------------------------------


def test_non_compliances_need_an_issued_report_and_the_cooperatives_answer(
    evaluated, coop_a_editor
):
    finding = non_compliance(evaluated, "C.1")
    evaluation = evaluated.evaluations.get()
    Evaluation.objects.filter(pk=evaluation.pk).update(status=Evaluation.Status.SUBMITTED)
    line = lines_of(evaluated)["nonconformity_report"]
    assert line.state == "missing" and not line.only_for_grant  # the report lists them

    Evaluation.objects.filter(pk=evaluation.pk).update(status=Evaluation.Status.REPORT_ISSUED)
    line = lines_of(evaluated)["nonconformity_report"]
    assert (line.state, line.only_for_grant) == ("missing", True)
    assert "C.1" in line.message

    action = propose(finding, coop_a_editor)
    line = lines_of(evaluated)["nonconformity_report"]
    assert line.state == "ok" and "C.1" in line.message

    # A rejected action is no answer: the cooperative proposes another.
    lead = evaluation.lead_evaluator
    services.corrective_action_review(
        corrective_action=action, by=lead, accept=False, comment="Falta la fecha de la asamblea."
    )
    assert state(evaluated, "nonconformity_report") == "missing"


def test_a_critical_non_compliance_needs_an_accepted_action_before_a_grant_only(
    evaluated, coop_a_editor, committee
):
    finding = non_compliance(evaluated, "C.1")
    action = propose(finding, coop_a_editor)
    line = lines_of(evaluated)["corrective_action_plan"]
    assert (line.state, line.only_for_grant) == ("missing", True)
    assert "C.1" in line.message and "otorg" in line.message  # "before it is granted"
    with pytest.raises(GuardFailed, match="C.1"):
        decide(evaluated, committee)
    assert not Resolution.objects.exists()

    lead = evaluated.evaluations.get().lead_evaluator
    services.corrective_action_review(corrective_action=action, by=lead, accept=True)
    assert state(evaluated, "corrective_action_plan") == "ok"
    assert decide(evaluated, committee).outcome == ResolutionOutcome.GRANTED


def test_without_the_cooperatives_answers_the_committee_may_still_refuse(evaluated, committee):
    non_compliance(evaluated, "C.1")
    assert state(evaluated, "nonconformity_report") == "missing"
    resolution = decide(evaluated, committee, ResolutionOutcome.NOT_GRANTED)
    stored = {line["key"]: line for line in resolution.checklist}
    assert stored["corrective_action_plan"]["state"] == "missing"
    assert stored["corrective_action_plan"]["only_for_grant"] is True


def test_minimum_non_compliances_may_be_granted_with_their_actions_under_review(
    evaluated, coop_a_editor, committee
):
    finding = non_compliance(evaluated, "M.1", criterion_class=CriterionClass.MINIMUM)
    propose(finding, coop_a_editor)
    line = lines_of(evaluated)["corrective_action_plan"]
    assert line.state == "ok" and "M.1" in line.message  # named: to follow up
    assert decide(evaluated, committee).outcome == ResolutionOutcome.GRANTED


# --- The report -------------------------------------------------------------------------------


def test_the_report_is_missing_until_its_latest_version_is_made(evaluated, committee):
    evaluation = evaluated.evaluations.get()
    assert state(evaluated, "evaluation_report") == "ok"
    first = evaluation.reports.get()
    assert first.sha256[:12] in lines_of(evaluated)["evaluation_report"].message

    second = EvaluationReport.objects.create(
        evaluation=evaluation, number=2, language="es", status=EvaluationReport.Status.FAILED
    )
    line = lines_of(evaluated)["evaluation_report"]
    assert line.state == "missing" and "2" in line.message
    with pytest.raises(GuardFailed):
        decide(evaluated, committee, ResolutionOutcome.NOT_GRANTED)

    second.delete()
    first.delete()
    line = lines_of(evaluated)["evaluation_report"]
    assert line.state == "missing" and evaluation.reference in line.message


def test_the_report_line_says_when_actions_were_reviewed_after_it(evaluated, coop_a_editor):
    finding = non_compliance(evaluated, "C.1")
    action = propose(finding, coop_a_editor)
    before = lines_of(evaluated)["evaluation_report"].message
    services.corrective_action_review(
        corrective_action=action, by=evaluated.evaluations.get().lead_evaluator, accept=True
    )
    after = lines_of(evaluated)["evaluation_report"]
    assert after.state == "ok" and len(after.message) > len(before)


# --- The risk assessment ------------------------------------------------------------------


def test_the_risk_assessment_is_missing_when_not_recorded_or_contradicted(evaluated):
    evaluation = evaluated.evaluations.get()
    Evaluation.objects.filter(pk=evaluation.pk).update(risk_level="")
    assert state(evaluated, "risk_assessment") == "missing"

    # An initial application's first evaluation is complete, whatever the risk.
    Evaluation.objects.filter(pk=evaluation.pk).update(
        risk_level=RiskLevel.LOW, evaluation_type=EvaluationType.DESK_NORMAL
    )
    line = lines_of(evaluated)["risk_assessment"]
    assert line.state == "missing" and "inicial" in line.message


@pytest.mark.parametrize(
    ("risk", "evaluation_type", "expected"),
    [
        (RiskLevel.LOW, EvaluationType.DESK_SHORTENED, "ok"),
        (RiskLevel.MEDIUM, EvaluationType.DESK_NORMAL, "ok"),
        (RiskLevel.MEDIUM, EvaluationType.DESK_SHORTENED, "missing"),
        (RiskLevel.HIGH, EvaluationType.DESK_NORMAL, "missing"),
        (RiskLevel.HIGH, EvaluationType.REMOTE, "ok"),
    ],
)
def test_a_renewal_is_evaluated_as_its_risk_allows(body, coop_a, risk, evaluation_type, expected):
    renewal = evaluated_file(organization=coop_a, certification_body=body, kind="renewal")
    renewal.evaluations.update(risk_level=risk, evaluation_type=evaluation_type)
    assert state(renewal, "risk_assessment") == expected


# --- The evaluators' competence --------------------------------------------------------------


def test_the_team_must_hold_a_competence_for_the_scope_on_the_evaluations_dates(
    body, coop_a, committee
):
    application = evaluated_file(organization=coop_a, certification_body=body)
    evaluation = application.evaluations.get()
    lead = evaluation.lead_evaluator
    competence = lead.evaluator_competences.get()

    # A product the application lists and the competence does not cover.
    cocoa = ProductNetworkFactory(slug="cocoa", name="Cacao")
    application.products.create(product_network=cocoa, volume=10, unit="qq", form="raw")
    line = lines_of(application)["evaluator_competence"]
    assert line.state == "missing" and str(lead) in line.message and "Cacao" in line.message
    competence.product_networks.add(cocoa)
    assert state(application, "evaluator_competence") == "ok"

    # Each member of the team too.
    member = body_person("tomas@example.org", "evaluator", body, coop_a, full_name="Tomás Tello")
    evaluation.team_members.create(person=member)
    line = lines_of(application)["evaluator_competence"]
    assert (
        line.state == "missing" and "Tomás Tello" in line.message and str(lead) not in line.message
    )
    EvaluatorCompetenceFactory(evaluator=member, certification_body=body, product_networks=[cocoa])
    assert state(application, "evaluator_competence") == "ok"

    # Ended before the evaluation's last day: it does not cover the evaluation.
    competence.valid_until = evaluation.planned_start_on
    competence.ended_at = timezone.now()
    competence.save()
    assert state(application, "evaluator_competence") == "missing"
    with pytest.raises(GuardFailed):
        decide(application, committee, ResolutionOutcome.NOT_GRANTED)


# --- The page -----------------------------------------------------------------------------------


def test_the_resolution_page_shows_each_lines_state_and_message(
    client, evaluated, committee, coop_a_editor
):
    finding = non_compliance(evaluated, "C.1")
    propose(finding, coop_a_editor)
    client.force_login(committee)
    page = client.get(reverse("certification:resolution_new", args=[evaluated.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    with translation.override("es"):
        lines = completeness_checklist(evaluated)
    for line in lines:
        assert escape(line.label) in html, line.key
        assert escape(line.message) in html, line.key
    assert "badge-missing" in html and "badge-ok" in html and "badge-not_applicable" not in html
    with translation.override("es"):
        assert gettext("missing for a grant") in html
