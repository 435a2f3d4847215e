"""The committee's resolution: who may decide (separation of duties, in the service and
so in every door: page and admin), the checklist computed from the file, one resolution
when two members decide at once, and what each outcome does to the file."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from certification.models import Application, Certificate, Resolution, ResolutionOutcome
from certification.selectors import completeness_checklist, involvement_source, people_involved
from certification.selectors import involvement as involvement_module
from certification.services.decisions import NotImpartial, resolution_record
from network.activity import activity_record
from network.models import ActivityLog, OutboxMessage, RoleKind
from network.workflow import GuardFailed, TransitionNotAllowed
from tests.certification.factories import (
    CertificateFactory,
    ResolutionFactory,
    committee_member,
    evaluated_file,
)
from tests.producers.factories import grant

S = Application.Status
GRANT = {"outcome": ResolutionOutcome.GRANTED, "reasons": "Cumple todos los criterios."}


def _grant(application, by, **extra):
    return resolution_record(
        application=application,
        by=by,
        scope_products=list(application.organization.product_networks.all()),
        scope_activities=["production"],
        **{**GRANT, **extra},
    )


def test_people_involved_are_those_who_made_review_moves(evaluated, reviewer, committee):
    lead = evaluated.evaluations.get().lead_evaluator_id  # the evaluation team's (issue 10)
    assert people_involved(evaluated) == {reviewer.pk, lead}
    # The cooperative's own moves (accepting the quote) are not review moves.
    assert evaluated.created_by.pk not in people_involved(evaluated)
    activity_record(actor=committee, verb="application.returned", target=evaluated)
    assert people_involved(evaluated) == {reviewer.pk, lead, committee.pk}


def test_other_parts_of_the_file_add_their_people(evaluated, committee):
    """The evaluation team (issue 10) registers itself with involvement_source."""

    def team(application):
        return {committee.pk} if application.pk == evaluated.pk else set()

    involvement_source(team)
    try:
        assert committee.pk in people_involved(evaluated)
        with pytest.raises(NotImpartial):
            _grant(evaluated, committee)
    finally:
        involvement_module._SOURCES.remove(team)


def test_an_uninvolved_committee_member_grants(evaluated, committee, coop_a_admin):
    resolution = _grant(evaluated, committee)
    evaluated.refresh_from_db()
    assert evaluated.status == S.DECIDED
    assert resolution.decided_by == committee
    assert resolution.application_version == evaluated.version - 1
    assert {line["key"]: line["state"] for line in resolution.checklist}["quote"] == "ok"
    assert list(resolution.scope_products.values_list("slug", flat=True)) == ["coffee"]
    entry = ActivityLog.objects.get(verb="application.decided")
    assert entry.actor == committee and entry.changes["outcome"] == "granted"
    assert ActivityLog.objects.filter(verb="resolution.recorded", actor=committee).exists()
    told = OutboxMessage.objects.filter(template="certification_resolution")
    assert coop_a_admin.email in set(told.values_list("to", flat=True))


def test_whoever_reviewed_the_file_cannot_decide_even_as_committee_member(
    evaluated, reviewer, body
):
    grant(reviewer, RoleKind.COMMITTEE, certification_body=body)
    with pytest.raises(NotImpartial, match="Participaste"):
        _grant(evaluated, reviewer)
    evaluated.refresh_from_db()
    assert evaluated.status == S.EVALUATED
    assert Resolution.objects.count() == 0


def test_only_the_bodys_committee_decides(evaluated, reviewer, coop_a):
    from network.models import CertificationBody

    other_body = CertificationBody.objects.create(name="Otra Certificadora")
    outsider = committee_member("otro.comite@example.org", other_body, coop_a)
    with pytest.raises(NotImpartial, match="comité"):
        _grant(evaluated, outsider)
    assert Resolution.objects.count() == 0


def test_a_member_with_a_conflict_cannot_decide(evaluated, body):
    undeclared = committee_member("sin.declaracion@example.org", body)  # no declaration
    with pytest.raises(NotImpartial):
        _grant(evaluated, undeclared)


def test_the_checklist_is_computed_from_the_file(body, coop_a, reviewer, committee):
    application = evaluated_file(organization=coop_a, certification_body=body, reviewer=reviewer)
    ActivityLog.objects.filter(verb="application.quote_accepted").delete()
    lines = {line.key: line.state for line in completeness_checklist(application)}
    assert lines["application"] == "ok" and lines["objections"] == "ok"
    assert lines["quote"] == "missing"
    assert lines["evaluation_report"] == "ok"  # registered by the evaluations' records
    with pytest.raises(GuardFailed, match="incompleto"):
        _grant(application, committee)
    application.refresh_from_db()
    assert application.status == S.EVALUATED
    assert Resolution.objects.count() == 0


def test_renewals_have_no_objection_period_to_check(body, coop_a, reviewer, committee):
    renewal = evaluated_file(
        organization=coop_a, certification_body=body, reviewer=reviewer, kind="renewal"
    )
    lines = {line.key: line.state for line in completeness_checklist(renewal)}
    assert lines["objections"] == "not_applicable"
    _grant(renewal, committee)


def test_a_granted_certification_names_its_scope(evaluated, committee):
    with pytest.raises(GuardFailed):
        resolution_record(application=evaluated, by=committee, **GRANT)
    with pytest.raises(GuardFailed):
        _grant(evaluated, committee, reasons="   ")


def test_two_members_deciding_on_a_stale_page_store_one_resolution(evaluated, committee, body,
                                                                   coop_a):  # fmt: skip
    second = committee_member("segundo.comite@example.org", body, coop_a)
    stale = Application.objects.get(pk=evaluated.pk)
    _grant(evaluated, committee)
    with pytest.raises(TransitionNotAllowed):
        _grant(stale, second, outcome=ResolutionOutcome.NOT_GRANTED)
    assert Resolution.objects.get().decided_by == committee


@pytest.mark.django_db(transaction=True)
def test_two_members_deciding_at_the_same_moment_store_one_resolution(
    body, coop_a, reviewer, committee
):
    application = evaluated_file(organization=coop_a, certification_body=body, reviewer=reviewer)
    second = committee_member("segundo.comite@example.org", body, coop_a)
    start = threading.Barrier(2)
    outcomes = []

    def decide(person, outcome):
        try:
            start.wait()
            _grant(Application.objects.get(pk=application.pk), person, outcome=outcome)
            outcomes.append("stored")
        except (TransitionNotAllowed, GuardFailed):
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(committee, ResolutionOutcome.GRANTED)),
        threading.Thread(target=decide, args=(second, ResolutionOutcome.NOT_GRANTED)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "stored"]
    assert Resolution.objects.filter(application=application).count() == 1
    assert ActivityLog.objects.filter(verb="application.decided").count() == 1


def test_follow_up_sends_the_file_back_to_evaluation(evaluated, committee):
    resolution_record(application=evaluated, by=committee, outcome=ResolutionOutcome.FOLLOW_UP,
                      reasons="Falta verificar el acopio.")  # fmt: skip
    evaluated.refresh_from_db()
    assert evaluated.status == S.IN_EVALUATION


def test_suspension_acts_on_the_current_certificate(body, coop_a, reviewer, committee):
    certificate = CertificateFactory(
        user_agreement__resolution=ResolutionFactory(
            application__organization=coop_a, application__certification_body=body
        )
    )
    renewal = evaluated_file(
        organization=coop_a, certification_body=body, reviewer=reviewer, kind="renewal"
    )
    resolution_record(application=renewal, by=committee, outcome=ResolutionOutcome.SUSPENDED,
                      reasons="Acciones correctivas no realizadas.")  # fmt: skip
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.SUSPENDED
    entry = ActivityLog.objects.get(verb="certificate.suspended")
    assert entry.reason == "Acciones correctivas no realizadas."


def test_suspension_is_not_offered_without_a_certificate(evaluated, committee):
    with pytest.raises(GuardFailed):
        resolution_record(application=evaluated, by=committee,
                          outcome=ResolutionOutcome.SUSPENDED, reasons="x")  # fmt: skip


# --- The same rule through the page and the admin ----------------------------------------


def test_the_page_refuses_whoever_reviewed_the_file(client, evaluated, reviewer, body):
    grant(reviewer, RoleKind.COMMITTEE, certification_body=body)
    client.force_login(reviewer)
    url = reverse("certification:resolution_new", args=[evaluated.pk])
    response = client.get(url)
    assert response.status_code == 403
    assert "articipaste en la revisión" in response.content.decode()
    response = client.post(
        url,
        {
            "outcome": "granted",
            "reasons": "x",
            "scope_products": [],
            "scope_activities": ["production"],
        },
    )
    assert response.status_code == 403
    assert Resolution.objects.count() == 0


def test_the_page_lets_an_uninvolved_member_decide(client, evaluated, committee, coop_a):
    client.force_login(committee)
    url = reverse("certification:resolution_new", args=[evaluated.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Cotización aceptada" in page.content.decode()  # the checklist, in Spanish
    coffee = coop_a.product_networks.get()
    response = client.post(url, {"outcome": "granted", "reasons": "Cumple.",
                                 "scope_products": [coffee.pk],
                                 "scope_activities": ["production", "trading"]})  # fmt: skip
    resolution = Resolution.objects.get()
    assert response["Location"] == reverse("certification:resolution_detail", args=[resolution.pk])
    assert resolution.scope_activities == ["production", "trading"]


def test_a_bad_resolution_form_keeps_what_was_typed(client, evaluated, committee):
    client.force_login(committee)
    url = reverse("certification:resolution_new", args=[evaluated.pk])
    response = client.post(url, {"outcome": "granted", "reasons": "Texto escrito"})
    assert response.status_code == 200
    assert "Texto escrito" in response.content.decode()
    assert "nombra sus productos" in response.content.decode()
    assert Resolution.objects.count() == 0


def test_the_admin_refuses_whoever_reviewed_the_file(client, evaluated, reviewer, body):
    grant(reviewer, RoleKind.COMMITTEE, certification_body=body)
    reviewer.is_staff = reviewer.is_superuser = True
    reviewer.save()
    client.force_login(reviewer)
    response = client.post(
        reverse("admin:certification_resolution_add"),
        {"application": evaluated.pk, "outcome": "granted", "reasons": "Cumple.",
         "scope_products": [p.pk for p in evaluated.organization.product_networks.all()],
         "scope_activities": ["production"]},
    )  # fmt: skip
    assert response.status_code == 200
    assert "articipaste en la revisión" in response.content.decode()
    assert Resolution.objects.count() == 0
    evaluated.refresh_from_db()
    assert evaluated.status == S.EVALUATED


def test_the_admin_records_through_the_service(client, evaluated, committee):
    committee.is_staff = committee.is_superuser = True
    committee.save()
    client.force_login(committee)
    response = client.post(
        reverse("admin:certification_resolution_add"),
        {"application": evaluated.pk, "outcome": "granted", "reasons": "Cumple.",
         "scope_products": [p.pk for p in evaluated.organization.product_networks.all()],
         "scope_activities": ["production"]},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    resolution = Resolution.objects.get()
    assert resolution.decided_by == committee
    evaluated.refresh_from_db()
    assert evaluated.status == S.DECIDED
