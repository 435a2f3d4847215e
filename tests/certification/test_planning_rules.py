"""What planning an evaluation records and refuses besides the team's declarations: the
risk assessment (which types of evaluation it allows), kept with who and when, changed
only at the version read and logged; and impartiality between reviewing and evaluating
(a reviewer is not put on the team, a team member makes no review move)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from certification.models import Application, Evaluation, EvaluationType, RiskLevel
from certification.selectors import people_involved
from certification.selectors.evaluations import assignable_evaluators
from certification.services import evaluations as services
from certification.services.applications import application_move
from network.activity import activity_record
from network.concurrency import StaleEdit
from network.models import ActivityLog, RoleKind
from network.workflow import GuardFailed
from tests.certification.evaluation_helpers import body_person, planned, ready_application
from tests.certification.factories import ApplicationFactory
from tests.producers.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organization():
    return OrganizationFactory(legal_name="Cooperativa Valle Alto")


@pytest.fixture
def application(organization):
    return ready_application(organization=organization)


@pytest.fixture
def lead(application, organization):
    return body_person(application.certification_body, "lidia@andina.example.org",
                       cleared_for=[organization], full_name="Lidia Líder")  # fmt: skip


# --- The risk assessment ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "risk", "evaluation_type", "allowed"),
    [
        ("initial", RiskLevel.LOW, EvaluationType.DESK_NORMAL, False),
        ("initial", RiskLevel.LOW, EvaluationType.REMOTE, True),
        ("initial", RiskLevel.HIGH, EvaluationType.ON_SITE, True),
        ("renewal", RiskLevel.LOW, EvaluationType.DESK_SHORTENED, True),
        ("renewal", RiskLevel.MEDIUM, EvaluationType.DESK_SHORTENED, False),
        ("renewal", RiskLevel.MEDIUM, EvaluationType.DESK_NORMAL, True),
        ("renewal", RiskLevel.HIGH, EvaluationType.DESK_NORMAL, False),
        ("scope_extension", RiskLevel.HIGH, EvaluationType.REMOTE, True),
    ],
)
def test_the_risk_decides_which_types_of_evaluation_are_allowed(
    organization, kind, risk, evaluation_type, allowed
):
    application = ready_application(organization=organization, kind=kind)
    lead = body_person(application.certification_body, "lidia@andina.example.org",
                       cleared_for=[organization])  # fmt: skip
    if allowed:
        evaluation = planned(application, lead, kind=evaluation_type, risk=risk)
        assert (evaluation.risk_level, evaluation.risk_assessed_by) == (risk, lead)
        assert evaluation.risk_assessed_at is not None
    else:
        with pytest.raises(ValidationError):
            planned(application, lead, kind=evaluation_type, risk=risk)
        assert not Evaluation.objects.exists()


def test_the_risk_assessment_is_required_with_its_reasons(application, lead):
    today = timezone.localdate()
    for level, rationale in (("", "Motivo."), (RiskLevel.LOW, "  ")):
        with pytest.raises(ValidationError):
            services.evaluation_plan(
                application=application, by=lead, evaluation_type=EvaluationType.ON_SITE,
                planned_start_on=today, planned_end_on=today, lead_evaluator=lead,
                risk_level=level, risk_rationale=rationale,
            )  # fmt: skip
    assert not Evaluation.objects.exists()


def test_the_plan_is_logged_with_its_risk_and_a_change_is_version_checked(application, lead):
    evaluation = planned(application, lead, risk=RiskLevel.MEDIUM)
    entry = ActivityLog.objects.get(verb="evaluation.planned")
    assert entry.changes["risk_level"] == [None, "medium"]
    opened = evaluation.version
    data = {
        "evaluation_type": EvaluationType.REMOTE,
        "planned_start_on": evaluation.planned_start_on,
        "planned_end_on": evaluation.planned_end_on,
        "lead_evaluator": lead,
        "risk_level": RiskLevel.HIGH,
        "risk_rationale": "Una queja recibida sobre el acopio.",
    }
    services.evaluation_replan(evaluation=evaluation, by=lead, version=opened, data=data, team=[])
    evaluation.refresh_from_db()
    assert (evaluation.risk_level, evaluation.evaluation_type) == ("high", "remote")
    entry = ActivityLog.objects.get(verb="evaluation.replanned")
    assert entry.changes["risk_level"] == ["medium", "high"]
    with pytest.raises(StaleEdit):
        services.evaluation_replan(evaluation=evaluation, by=lead, version=opened,
                                   data={**data, "risk_level": RiskLevel.LOW}, team=[])  # fmt: skip
    # A high risk allows no desk evaluation, also when the plan changes.
    with pytest.raises(ValidationError):
        services.evaluation_replan(
            evaluation=evaluation, by=lead, version=evaluation.version,
            data={**data, "evaluation_type": EvaluationType.DESK_NORMAL}, team=[],
        )  # fmt: skip
    evaluation.refresh_from_db()
    assert evaluation.risk_level == "high"


def test_the_plan_form_refuses_a_type_the_risk_does_not_allow(client, application, lead):
    client.force_login(lead)
    today = timezone.localdate().isoformat()
    response = client.post(
        reverse("certification:evaluation_plan", args=[application.pk]),
        {"risk_level": "low", "risk_rationale": "Pocas parcelas, sin quejas.",
         "evaluation_type": "desk_normal", "planned_start_on": today, "planned_end_on": today,
         "lead_evaluator": lead.pk},
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200 and "Pocas parcelas, sin quejas." in page
    assert 'id="id_evaluation_type_error"' in page
    assert not Evaluation.objects.exists()


def test_the_risk_assessment_is_the_bodys(client, application, lead, coop_admin_of):
    evaluation = planned(application, lead, risk=RiskLevel.MEDIUM)
    url = reverse("certification:evaluation_detail", args=[evaluation.pk])
    client.force_login(lead)
    assert "Sin no conformidades previas" in client.get(url).content.decode()
    client.force_login(coop_admin_of(application.organization))
    page = client.get(url)
    assert page.status_code == 200 and "Sin no conformidades previas" not in page.content.decode()


@pytest.fixture
def coop_admin_of():
    from tests.fixtures.personas import make_user
    from tests.producers.factories import grant

    def make(organization):
        admin = make_user(f"admin{organization.pk}@example.org")
        grant(admin, RoleKind.ORG_ADMIN, organization=organization)
        return admin

    return make


# --- Reviewing and evaluating exclude each other -------------------------------------------


def test_whoever_reviewed_the_file_is_not_put_on_the_evaluation_team(
    application, lead, organization
):
    body = application.certification_body
    reviewer = body_person(body, "rita@andina.example.org", cleared_for=[organization],
                           full_name="Rita Revisora")  # fmt: skip
    activity_record(actor=reviewer, verb="application.quote_sent", target=application)
    assert reviewer not in assignable_evaluators(application)
    assert lead in assignable_evaluators(application)
    for team, chief in (([reviewer], lead), ([], reviewer)):
        with pytest.raises(ValidationError, match="Rita Revisora"):
            planned(application, chief, team=team)
    assert not Evaluation.objects.exists()


def in_objection_period(ready):
    """Another application of `ready`'s organization to its body, in its objection period
    (over)."""
    today = timezone.localdate()
    return ApplicationFactory(
        organization=ready.organization,
        certification_body=ready.certification_body,
        standard_version=ready.standard_version,
        status=Application.Status.OBJECTION_PERIOD,
        objection_starts_on=today - datetime.timedelta(days=20),
        objection_ends_on=today - datetime.timedelta(days=5),
    )


def test_closing_the_objection_period_is_reviewing_the_file(application, organization):
    body = application.certification_body
    application = in_objection_period(application)
    closer = body_person(body, "carlos@andina.example.org", kind=RoleKind.REVIEWER,
                         cleared_for=[organization])  # fmt: skip
    application_move(application=application, transition="close_objections", by=closer)
    assert closer.pk in people_involved(application)


def test_a_member_of_the_evaluation_team_makes_no_review_move(application, organization, lead):
    today = timezone.localdate()
    application = in_objection_period(application)
    Evaluation.objects.create(
        application=application, evaluation_type=EvaluationType.ON_SITE,
        planned_start_on=today, planned_end_on=today, lead_evaluator=lead, created_by=lead,
    )  # fmt: skip
    with pytest.raises(GuardFailed, match=str(application.certification_body)):
        application_move(application=application, transition="close_objections", by=lead)
    application.refresh_from_db()
    assert application.status == Application.Status.OBJECTION_PERIOD
    other = body_person(application.certification_body, "otra@andina.example.org",
                        kind=RoleKind.REVIEWER, cleared_for=[organization])  # fmt: skip
    application_move(application=application, transition="close_objections", by=other)
    application.refresh_from_db()
    assert application.status == Application.Status.ELIGIBLE
