"""Evaluator competences: recorded and ended by the body's reviewers and committee
members (never their own, only for the body's evaluators), through the service and the
pages, logged; and an evaluation team planned only when each member is qualified for the
application's products and activities on the planned dates."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from certification.models import Evaluation, EvaluatorCompetence
from certification.selectors.competence import competence_gaps
from certification.services.competence import competence_end, competence_record
from network.models import ActivityLog, RoleKind
from tests.certification.evaluation_helpers import body_person, planned, ready_application
from tests.producers.factories import (
    CertificationBodyFactory,
    OrganizationFactory,
    ProductNetworkFactory,
    grant,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today


@pytest.fixture
def andina():
    return CertificationBodyFactory(name="Certificadora Andina")


@pytest.fixture
def quality(andina):
    """A committee member of the body: records its evaluators' competences."""
    return body_person(andina, "quilla@andina.example.org", kind=RoleKind.COMMITTEE,
                       full_name="Quilla Calidad")  # fmt: skip


@pytest.fixture
def elena(andina):
    return body_person(andina, "elena@andina.example.org", full_name="Elena Evaluadora",
                       competent=False)  # fmt: skip


@pytest.fixture
def coffee():
    return ProductNetworkFactory(slug="coffee", name="Café")


def record(body, by, evaluator, products, activities=("production",), **dates):
    today = timezone.localdate()
    return competence_record(
        body=body,
        by=by,
        evaluator=evaluator,
        product_networks=products,
        scope_activities=list(activities),
        valid_from=dates.get("valid_from", today - datetime.timedelta(days=10)),
        valid_until=dates.get("valid_until", today + datetime.timedelta(days=365)),
        basis="Curso SPS 2025.",
    )


def test_a_committee_member_records_and_ends_an_evaluators_competence(
    andina, quality, elena, coffee
):
    competence = record(andina, quality, elena, [coffee], ["production", "trading"])
    assert list(competence.product_networks.all()) == [coffee]
    entry = ActivityLog.objects.get(verb="evaluator_competence.recorded")
    assert entry.actor == quality and entry.changes["evaluator"] == [None, str(elena)]

    ended = competence_end(
        competence=competence, by=quality, last_day=timezone.localdate(), reason="Dejó la CB."
    )
    assert ended.valid_until == timezone.localdate() and ended.ended_by == quality
    entry = ActivityLog.objects.get(verb="evaluator_competence.ended")
    assert entry.reason == "Dejó la CB."
    with pytest.raises(ValidationError):  # once
        competence_end(competence=ended, by=quality, last_day=timezone.localdate(), reason="x")


def test_nobody_records_their_own_competence_nor_one_outside_their_body(
    andina, quality, elena, coffee
):
    for_self = body_person(andina, "rosa@andina.example.org", kind=RoleKind.REVIEWER)
    grant(for_self, RoleKind.EVALUATOR, certification_body=andina)
    with pytest.raises(ValidationError, match="propia|own"):
        record(andina, for_self, for_self, [coffee])
    with pytest.raises(ValidationError):  # an evaluator does not qualify evaluators
        record(andina, elena, quality, [coffee])
    norte = CertificationBodyFactory(name="Certificadora del Norte")
    outsider = body_person(norte, "otto@norte.example.org", competent=False)
    with pytest.raises(ValidationError):  # not an evaluator of this body
        record(andina, quality, outsider, [coffee])
    with pytest.raises(ValidationError):  # nothing named
        record(andina, quality, elena, [])
    assert not EvaluatorCompetence.objects.exists()


def test_gaps_name_who_lacks_what_and_records_add_up(andina, quality, elena, coffee):
    cocoa = ProductNetworkFactory(slug="cocoa", name="Cacao")
    start, end = timezone.localdate(), timezone.localdate() + datetime.timedelta(days=3)

    def gaps():
        return competence_gaps(
            body_id=andina.pk,
            people=[elena],
            products={coffee.pk, cocoa.pk},
            activities={"production", "processing"},
            start=start,
            end=end,
        )

    [gap] = gaps()
    assert gap.startswith(f"{elena}: ") and _day(start) in gap and _day(end) in gap
    record(andina, quality, elena, [coffee])
    [gap] = gaps()
    assert gap.startswith(str(elena)) and "Cacao" in gap and "Café" not in gap
    record(andina, quality, elena, [cocoa], ["processing"])
    assert gaps() == []
    # Ends in the middle of the dates: no longer covers them.
    for competence in elena.evaluator_competences.all():
        competence_end(competence=competence, by=quality, last_day=start, reason="Revisión.")
    assert len(gaps()) == 1


def _day(day):
    return date_format(day)


# --- Planning checks the team ---------------------------------------------------------------


def test_a_team_member_without_a_competence_for_the_scope_is_refused(andina, quality, coffee):
    organization = OrganizationFactory(legal_name="Cooperativa Valle Alto")
    application = ready_application(organization=organization, body=andina)
    application.products.create(product_network=coffee, volume=100, unit="qq", form="raw")
    application.scope_activities = ["production"]
    application.save()
    lead = body_person(andina, "lidia@andina.example.org", cleared_for=[organization],
                       competent=False, full_name="Lidia Líder")  # fmt: skip
    with pytest.raises(ValidationError, match="Lidia Líder"):
        planned(application, lead)
    record(andina, quality, lead, [ProductNetworkFactory(slug="honey", name="Miel")])
    with pytest.raises(ValidationError, match="Café"):
        planned(application, lead)
    record(andina, quality, lead, [coffee])
    assert planned(application, lead).lead_evaluator == lead


# --- The pages ----------------------------------------------------------------------------------


def test_the_pages_record_list_and_end_a_competence(client, andina, quality, elena, coffee):
    client.force_login(quality)
    add = reverse("certification:competence_add", args=[andina.pk])
    form = client.get(add).content.decode()
    assert "Elena Evaluadora" in form and "Quilla Calidad" not in form
    today = timezone.localdate()
    data = {
        "evaluator": elena.pk,
        "product_networks": [coffee.pk],
        "scope_activities": ["production"],
        "valid_from": today.isoformat(),
        "valid_until": (today - datetime.timedelta(days=1)).isoformat(),
        "basis": "Curso SPS.",
    }
    response = client.post(add, data)
    assert response.status_code == 200 and not EvaluatorCompetence.objects.exists()
    assert "Curso SPS." in response.content.decode()  # what was typed stays
    data["valid_until"] = (today + datetime.timedelta(days=365)).isoformat()
    response = client.post(add, data)
    assert response["Location"] == reverse("certification:competence_list")
    competence = EvaluatorCompetence.objects.get()

    listing = client.get(reverse("certification:competence_list")).content.decode()
    end = reverse("certification:competence_end", args=[competence.pk])
    assert "Elena Evaluadora" in listing and "Café" in listing and end in listing
    response = client.post(end, {"last_day": today.isoformat(), "reason": "Cambió de puesto."})
    assert response.status_code == 302
    competence.refresh_from_db()
    assert competence.ended_by == quality and competence.valid_until == today


def test_an_evaluator_reads_the_records_but_does_not_record(client, andina, quality, elena, coffee):
    competence = record(andina, quality, elena, [coffee])
    client.force_login(elena)
    assert client.get(reverse("certification:competence_list")).status_code == 200
    assert client.get(reverse("certification:competence_add", args=[andina.pk])).status_code == 403
    end = reverse("certification:competence_end", args=[competence.pk])
    assert client.post(end, {"last_day": TODAY().isoformat(), "reason": "x"}).status_code == 403
    norte = CertificationBodyFactory(name="Certificadora del Norte")
    stranger = body_person(norte, "nora@norte.example.org", kind=RoleKind.COMMITTEE)
    client.force_login(stranger)
    assert client.get(reverse("certification:competence_add", args=[andina.pk])).status_code == 404
    assert client.get(end).status_code == 404
    assert "Elena" not in client.get(reverse("certification:competence_list")).content.decode()
    competence.refresh_from_db()
    assert competence.ended_at is None


def test_planning_needs_competence_even_through_the_page(client, andina, quality):
    organization = OrganizationFactory(legal_name="Cooperativa Sin Competencia")
    application = ready_application(organization=organization, body=andina)
    lead = body_person(andina, "ugo@andina.example.org", cleared_for=[organization],
                       competent=False, full_name="Ugo Sin Competencia")  # fmt: skip
    client.force_login(lead)
    today = timezone.localdate().isoformat()
    response = client.post(
        reverse("certification:evaluation_plan", args=[application.pk]),
        {"risk_level": "low", "risk_rationale": "Pequeña.", "evaluation_type": "on_site",
         "planned_start_on": today, "planned_end_on": today, "lead_evaluator": lead.pk},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Ugo Sin Competencia" in response.content.decode()
    assert not Evaluation.objects.exists()


def test_an_evaluation_does_not_start_once_its_leads_competence_ended(andina, quality, coffee):
    from certification.services.evaluations import evaluation_start
    from network.workflow import GuardFailed

    organization = OrganizationFactory(legal_name="Cooperativa Valle Alto")
    application = ready_application(organization=organization, body=andina)
    lead = body_person(andina, "lidia@andina.example.org", cleared_for=[organization],
                       competent=False, full_name="Lidia Líder")  # fmt: skip
    competence = record(andina, quality, lead, [coffee])
    evaluation = planned(application, lead)
    competence_end(competence=competence, by=quality, last_day=timezone.localdate(),
                   reason="Evaluación de desempeño insuficiente.")  # fmt: skip
    with pytest.raises(GuardFailed, match="Lidia Líder"):
        evaluation_start(evaluation=evaluation, by=lead)
    evaluation.refresh_from_db()
    assert evaluation.status == Evaluation.Status.PLANNED


def test_the_list_takes_the_same_queries_for_3_and_30_records(client, andina, quality, coffee):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    client.force_login(quality)
    client.get(reverse("certification:competence_list"))  # what a first request loads once
    for total in (3, 30):
        EvaluatorCompetence.objects.all().delete()
        for number in range(total):
            person = body_person(andina, f"eva{total}-{number}@andina.example.org",
                                 competent=False)  # fmt: skip
            record(andina, quality, person, [coffee])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("certification:competence_list"))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_checklist_checks_the_team_on_the_planned_dates_then_on_the_actual_ones(
    andina, quality, coffee
):
    """Before the evaluation starts its planned dates count; once started, the days it
    took place: from the start to the submission (to the planned end meanwhile)."""
    import time_machine

    from certification.selectors import completeness_checklist
    from certification.selectors.competence import team_competence_gaps
    from certification.services.evaluations import evaluation_start, evaluation_submit
    from tests.certification.evaluation_helpers import record_all

    today = timezone.localdate()
    organization = OrganizationFactory(legal_name="Cooperativa Valle Alto")
    application = ready_application(organization=organization, body=andina)
    lead = body_person(andina, "lidia@andina.example.org", cleared_for=[organization],
                       competent=False, full_name="Lidia Líder")  # fmt: skip
    # Qualified through the planned days (today to today + 2) and not a day more.
    record(andina, quality, lead, [coffee], valid_until=today + datetime.timedelta(days=2))
    evaluation = planned(application, lead)
    assert evaluation.dates == (today, today + datetime.timedelta(days=2))
    assert team_competence_gaps(evaluation) == []

    def on(days):
        day = today + datetime.timedelta(days=days)
        return time_machine.travel(timezone.make_aware(datetime.datetime.combine(
            day, datetime.time(10))), tick=False)  # fmt: skip

    with on(1):  # started a day late: still within the competence while in progress
        evaluation = evaluation_start(evaluation=evaluation, by=lead)
    evaluation.refresh_from_db()
    assert evaluation.dates == (
        today + datetime.timedelta(days=1),
        today + datetime.timedelta(days=2),
    )
    assert team_competence_gaps(evaluation) == []

    with on(4):  # submitted two days after the competence ended
        record_all(evaluation, lead)
        evaluation_submit(evaluation=evaluation, by=lead)
    evaluation.refresh_from_db()
    last_day = today + datetime.timedelta(days=4)
    assert evaluation.dates == (today + datetime.timedelta(days=1), last_day)
    [gap] = team_competence_gaps(evaluation)
    assert "Lidia Líder" in gap and _day(last_day) in gap
    line = {line.key: line for line in completeness_checklist(application)}["evaluator_competence"]
    assert line.state == "missing" and _day(last_day) in line.message
