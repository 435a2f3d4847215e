"""Complaints and appeals: anyone complains (a bot trap and a per-IP limit), each case is
acknowledged by email with its reference, handled by someone not involved in what it
disputes, closed with an outcome the complainant reads; the organization complained
about never sees the complaint nor who made it."""

import re

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from certification.models import Appeal, Complaint
from certification.selectors import assignable_people, complaints_visible_to
from certification.services.complaints import appeal_file, case_assign, case_close
from network.models import OutboxMessage, RoleKind
from network.workflow import GuardFailed
from tests.certification.factories import (
    ApplicationFactory,
    CertificateFactory,
    ResolutionFactory,
    body_person,
    shared_test_version,
)
from tests.fixtures.personas import make_user
from tests.producers.factories import grant

COMPLAINTS = "/complaints/"


@pytest.fixture
def certificate(coop_a, body, reviewer):
    from network.activity import activity_record

    application = ApplicationFactory(
        organization=coop_a,
        certification_body=body,
        status="decided",
        standard_version=shared_test_version(),
    )
    activity_record(actor=reviewer, verb="application.review_started", target=application)
    return CertificateFactory(user_agreement__resolution=ResolutionFactory(application=application))


@pytest.fixture
def handler(db):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user = make_user("hector.handler@example.org", full_name="Héctor Handler", language="en")
    grant(user, RoleKind.NETWORK_STAFF)
    TOTP.activate(user, generate_totp_secret())
    return user


def _complain(client, certificate, **extra):
    return client.post(COMPLAINTS, {
        "about": "organization", "certificate_number": certificate.number,
        "text": "Compran café de fuera y lo venden como propio.",
        "email": "testigo@example.org", **extra,
    })  # fmt: skip


def test_an_anonymous_complaint_is_acknowledged_assigned_and_closed(
    client, certificate, network_staff, handler, reviewer, coop_a_admin
):
    response = _complain(client, certificate)
    complaint = Complaint.objects.get()
    assert complaint.name == "" and complaint.organization == certificate.organization
    track_url = response["Location"]
    assert track_url.startswith("/complaints/track/")
    ack = OutboxMessage.objects.get(template="certification_case_received")
    assert ack.to == "testigo@example.org"
    assert complaint.reference in ack.subject and complaint.reference.startswith("RCL-")
    assert track_url in ack.body_text  # the private link
    page = client.get(track_url).content.decode()
    assert complaint.reference in page and "Recibida" in page
    # Those involved in the disputed decision may not handle it.
    people = set(assignable_people(complaint))
    assert handler in people and reviewer not in people and coop_a_admin not in people
    with pytest.raises(GuardFailed):
        case_assign(case=complaint, by=network_staff, assignee=reviewer)
    case_assign(case=complaint, by=network_staff, assignee=handler)
    assert OutboxMessage.objects.filter(template="certification_case_assigned",
                                        to=handler.email).exists()  # fmt: skip
    case_close(case=complaint, by=handler, outcome="Verificamos el acopio: la queja es fundada.")
    closed = OutboxMessage.objects.get(template="certification_case_closed")
    assert closed.to == "testigo@example.org" and "fundada" in closed.body_text
    page = client.get(track_url).content.decode()
    assert "Verificamos el acopio" in page and "Cerrada" in page


def test_the_organization_never_sees_a_complaint_about_it(client, certificate, coop_a_admin):
    _complain(client, certificate, name="Juana Testigo")
    complaint = Complaint.objects.get()
    assert not complaints_visible_to(coop_a_admin).exists()
    client.force_login(coop_a_admin)
    assert (
        client.get(reverse("certification:complaint_detail", args=[complaint.pk])).status_code
        == 404
    )
    assert client.get(reverse("certification:case_list")).status_code == 403
    for path in (
        reverse("producers:organization_detail", args=[certificate.organization.pk]),
        reverse("producers:activity_list", args=[certificate.organization.pk]),
    ):
        html = client.get(path).content.decode()
        assert "Juana" not in html and "testigo@example.org" not in html


def test_only_the_person_assigned_closes(certificate, network_staff, handler):
    from django.core.exceptions import PermissionDenied

    from certification.services.complaints import complaint_file

    complaint, _token = complaint_file(about="network", text="x", email="a@example.org")
    case_assign(case=complaint, by=network_staff, assignee=handler)
    with pytest.raises(PermissionDenied):
        case_close(case=complaint, by=network_staff, outcome="no")
    complaint.refresh_from_db()
    assert complaint.status == "assigned"


def test_a_complaint_about_a_body_is_not_handled_by_its_people(body, network_staff):
    from certification.services.complaints import complaint_file

    complaint, _token = complaint_file(about="certification_body", certification_body=body,
                                       text="Cobran de más.", email="a@example.org")  # fmt: skip
    insider = body_person("interno@example.org", RoleKind.EVALUATOR, body)
    assert insider not in set(assignable_people(complaint))
    with pytest.raises(GuardFailed):
        case_assign(case=complaint, by=network_staff, assignee=insider)


def test_a_bot_is_thanked_and_forgotten(client, certificate):
    response = _complain(client, certificate, website="http://spam.example")
    assert response["Location"] == reverse("certification:complaint_sent")
    assert Complaint.objects.count() == 0 and OutboxMessage.objects.count() == 0


def test_a_bad_complaint_keeps_what_was_typed(client, certificate):
    response = _complain(client, certificate, certificate_number="SPS-XX-0000-0000")
    html = response.content.decode()
    assert response.status_code == 200 and "Compran café de fuera" in html
    assert "registro público" in html
    assert Complaint.objects.count() == 0


def test_the_complaint_form_has_a_per_ip_limit(client, db, settings):
    settings.MINGA_FORM_RATES = {"complaint": "3/m"}
    codes = [client.post(COMPLAINTS, {}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_an_unknown_private_link_is_404(client, db):
    assert client.get(reverse("certification:complaint_track", args=["nope"])).status_code == 404


def test_an_organization_appeals_and_reads_the_outcome(
    client, certificate, coop_a_admin, network_staff, handler, reviewer
):
    resolution = certificate.resolution
    client.force_login(coop_a_admin)
    response = client.post(reverse("certification:appeal_new", args=[resolution.pk]),
                           {"grounds": "No se consideró nuestro plan de acción."})  # fmt: skip
    appeal = Appeal.objects.get()
    assert response["Location"] == reverse("certification:appeal_detail", args=[appeal.pk])
    ack = OutboxMessage.objects.get(template="certification_case_received")
    assert ack.to == coop_a_admin.email and appeal.reference in ack.subject
    excluded = {reviewer, resolution.decided_by, coop_a_admin}
    assert not excluded & set(assignable_people(appeal))
    for person in excluded - {coop_a_admin}:
        grant(person, RoleKind.NETWORK_STAFF)
        with pytest.raises(GuardFailed):
            case_assign(case=appeal, by=network_staff, assignee=person)
    case_assign(case=appeal, by=network_staff, assignee=handler)
    case_close(case=appeal, by=handler, outcome="Se revisa la resolución.")
    page = client.get(reverse("certification:appeal_detail", args=[appeal.pk])).content.decode()
    assert "Se revisa la resolución." in page


def test_a_viewer_cannot_appeal(certificate, coop_a_viewer):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        appeal_file(resolution=certificate.resolution, by=coop_a_viewer, grounds="x")


def test_the_desk_assigns_and_closes_through_its_pages(client, certificate, network_staff, handler):
    from certification.services.complaints import complaint_file

    complaint, _token = complaint_file(about="network", text="x", email="a@example.org")
    client.force_login(network_staff)
    page = client.get(reverse("certification:complaint_detail", args=[complaint.pk]))
    assert handler.full_name in page.content.decode()
    client.post(reverse("certification:complaint_assign", args=[complaint.pk]),
                {"assignee": handler.pk})  # fmt: skip
    complaint.refresh_from_db()
    assert complaint.assignee == handler
    client.force_login(handler)
    assert complaint.reference in client.get(reverse("certification:case_list")).content.decode()
    client.post(
        reverse("certification:complaint_close", args=[complaint.pk]), {"outcome": "Listo."}
    )
    complaint.refresh_from_db()
    assert complaint.status == "closed" and complaint.outcome == "Listo."


FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
text = st.text(max_size=300) | st.sampled_from(["", " ", "\x00", "organization", "network",
                                                "a@b.co", "SPS-PE-2026-0001"])  # fmt: skip
FIELDS = ["about", "certificate_number", "certification_body", "text", "name", "email", "website"]


@FUZZ
@given(data=st.dictionaries(st.sampled_from(FIELDS), text))
def test_the_complaint_form_never_fails(client, db, settings, data):
    settings.MINGA_FORM_RATES = {"complaint": "100000/m"}
    assert client.post(COMPLAINTS, data).status_code < 500


def test_reference_format(db):
    from certification.services.complaints import complaint_file

    complaint, token = complaint_file(about="network", text="x", email="a@example.org")
    assert re.fullmatch(r"RCL-\d{4}-\d{5}", complaint.reference)
    assert len(token) >= 32


def test_every_text_field_of_the_complaint_form_has_a_length_limit(db):
    from django import forms

    from certification.forms.public import ComplaintForm

    unlimited = [
        name
        for name, field in ComplaintForm().fields.items()
        if isinstance(field, forms.CharField) and not field.max_length
    ]
    assert unlimited == []


@pytest.mark.parametrize("cases", [10, 200])
def test_the_desk_lists_cases_in_the_same_queries(client, network_staff, cases,
                                                  django_assert_max_num_queries):  # fmt: skip
    from tests.certification.factories import AppealFactory, ComplaintFactory

    ComplaintFactory.create_batch(cases, assignee=network_staff, status="assigned")
    appeal = AppealFactory()
    AppealFactory.create_batch(cases - 1, resolution=appeal.resolution)
    client.force_login(network_staff)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("certification:case_list"))
    assert response.status_code == 200
    assert response.content.decode().count("RCL-") == cases
