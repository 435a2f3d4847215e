"""Certificates: issued once an administrator of the organization accepts the user
agreement, numbered per country and year without races, valid for the version's
months; suspended, reinstated and cancelled by the body's committee with a reason, and
the register shows it on the next request."""

import datetime
import io
import threading

import pytest
import zxingcpp
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from certification.dates import period_end
from certification.models import USER_AGREEMENT_VERSION, Certificate, ResolutionOutcome
from certification.services.certificates import (
    certificate_move,
    certificate_pdf_render,
    next_certificate_number,
    user_agreement_accept,
    verification_url,
)
from certification.services.decisions import resolution_record
from network.models import ActivityLog, OutboxMessage, RoleKind
from network.workflow import GuardFailed
from tests.fixtures.personas import make_user
from tests.producers.factories import grant


@pytest.fixture
def granted(evaluated, committee):
    return resolution_record(
        application=evaluated, by=committee, outcome=ResolutionOutcome.GRANTED,
        reasons="Cumple.", scope_products=list(evaluated.organization.product_networks.all()),
        scope_activities=["production", "trading"],
    )  # fmt: skip


@pytest.fixture
def certificate(granted, coop_a_admin):
    return user_agreement_accept(resolution=granted, by=coop_a_admin)


def test_accepting_the_agreement_issues_the_certificate(granted, coop_a_admin, coop_a):
    certificate = user_agreement_accept(resolution=granted, by=coop_a_admin)
    today = timezone.localdate()
    months = granted.application.standard_version.certificate_validity_months
    assert certificate.number == f"SPS-PE-{today.year}-0001"
    assert certificate.status == Certificate.Status.ACTIVE
    assert (certificate.valid_from, certificate.valid_until) == (today, period_end(today, months))
    assert certificate.certification_body == granted.application.certification_body
    assert certificate.standard_version == granted.application.standard_version
    assert [p.slug for p in certificate.scope_products.all()] == ["coffee"]
    assert certificate.scope_activities == ["production", "trading"]
    agreement = certificate.user_agreement
    assert (agreement.accepted_by, agreement.text_version) == (coop_a_admin, USER_AGREEMENT_VERSION)
    assert agreement.accepted_at is not None
    assert ActivityLog.objects.filter(verb="user_agreement.accepted", actor=coop_a_admin).exists()
    assert ActivityLog.objects.filter(verb="certificate.issued").exists()


def test_only_an_administrator_of_the_organization_accepts(
    granted, coop_a_editor, coop_a_viewer, network_staff, committee
):
    for person in (coop_a_editor, coop_a_viewer, network_staff, committee):
        with pytest.raises(GuardFailed):
            user_agreement_accept(resolution=granted, by=person)
    assert Certificate.objects.count() == 0


def test_the_agreement_is_accepted_once(certificate, granted, coop_a_admin):
    with pytest.raises(GuardFailed):
        user_agreement_accept(resolution=granted, by=coop_a_admin)
    assert Certificate.objects.count() == 1


def test_a_refused_certification_has_no_agreement(evaluated, committee, coop_a_admin):
    refused = resolution_record(
        application=evaluated,
        by=committee,
        outcome=ResolutionOutcome.NOT_GRANTED,
        reasons="No cumple.",
    )
    with pytest.raises(GuardFailed):
        user_agreement_accept(resolution=refused, by=coop_a_admin)


def test_numbers_count_per_country_and_year(db):
    assert next_certificate_number(country="PE", year=2026) == "SPS-PE-2026-0001"
    assert next_certificate_number(country="PE", year=2026) == "SPS-PE-2026-0002"
    assert next_certificate_number(country="BO", year=2026) == "SPS-BO-2026-0001"
    assert next_certificate_number(country="PE", year=2027) == "SPS-PE-2027-0001"


@pytest.mark.django_db(transaction=True)
def test_numbers_taken_at_the_same_moment_never_repeat():
    numbers, start = [], threading.Barrier(6)

    def take():
        start.wait()
        for _ in range(10):
            numbers.append(next_certificate_number(country="EC", year=2026))
        connection.close()

    threads = [threading.Thread(target=take) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(numbers) == [f"SPS-EC-2026-{n:04d}" for n in range(1, 61)]


def test_a_renewals_certificate_replaces_the_current_one_in_the_register(
    certificate, body, coop_a, reviewer, committee, coop_a_admin
):
    from tests.certification.factories import evaluated_file

    renewal = evaluated_file(
        organization=coop_a, certification_body=body, reviewer=reviewer, kind="renewal"
    )
    granted = resolution_record(
        application=renewal,
        by=committee,
        outcome="granted",
        reasons="Renovado.",
        scope_products=list(coop_a.product_networks.all()),
        scope_activities=["production"],
    )
    renewed = user_agreement_accept(resolution=granted, by=coop_a_admin)
    certificate.refresh_from_db()
    assert not certificate.is_current and renewed.is_current
    assert renewed.number.endswith("-0002")


def test_the_committee_suspends_reinstates_and_cancels_with_reasons(
    client, certificate, committee, coop_a_admin
):
    register = reverse("certification:register")
    certificate_move(certificate=certificate, transition="suspend", by=committee,
                     reason="Cuota impaga.")  # fmt: skip
    assert "badge-suspended" in client.get(register).content.decode()
    assert (
        client.get(reverse("certification:verify", args=[certificate.number]))
        .context["certificate"]
        .status
        == "suspended"
    )
    certificate_move(certificate=certificate, transition="reinstate", by=committee,
                     reason="Cuota pagada.")  # fmt: skip
    assert "badge-active" in client.get(register).content.decode()
    with pytest.raises(GuardFailed):
        certificate_move(certificate=certificate, transition="cancel", by=committee, reason=" ")
    certificate_move(certificate=certificate, transition="cancel", by=committee,
                     reason="Uso indebido del sello.")  # fmt: skip
    assert "badge-cancelled" in client.get(register).content.decode()
    reasons = list(ActivityLog.objects.filter(target_id=str(certificate.pk),
                                              verb__startswith="certificate.")
                   .order_by("id").values_list("reason", flat=True))  # fmt: skip
    assert reasons[-3:] == ["Cuota impaga.", "Cuota pagada.", "Uso indebido del sello."]
    told = OutboxMessage.objects.filter(
        template="certificate_status_changed", to=coop_a_admin.email
    )
    assert told.count() == 3


def test_only_the_bodys_committee_moves_a_certificate(certificate, reviewer, coop_a_admin):
    from django.core.exceptions import PermissionDenied

    for person in (reviewer, coop_a_admin):
        with pytest.raises(PermissionDenied):
            certificate_move(certificate=certificate, transition="suspend", by=person, reason="x")


def test_the_suspension_page_asks_for_a_reason_and_keeps_it(client, certificate, committee):
    client.force_login(committee)
    url = reverse("certification:certificate_move", args=[certificate.pk, "suspend"])
    assert client.post(url, {"reason": ""}).status_code == 200
    certificate.refresh_from_db()
    assert certificate.status == "active"
    response = client.post(url, {"reason": "Cuota impaga."})
    assert response["Location"] == reverse(
        "certification:certificate_detail", args=[certificate.pk]
    )
    certificate.refresh_from_db()
    assert certificate.status == "suspended"
    assert client.get(reverse("certification:certificate_move",
                              args=[certificate.pk, "expire"])).status_code == 404  # fmt: skip


def test_the_verification_page_shows_no_private_data(client, certificate, coop_a):
    coop_a.tax_id, coop_a.phone = "20123456789", "+51 999 888 777"
    coop_a.save()
    page = client.get(reverse("certification:verify", args=[certificate.number.lower()]))
    html = page.content.decode()
    assert page.status_code == 200
    for shown in (certificate.number, coop_a.legal_name, "Certificadora Andina", "Café"):
        assert shown in html
    for private in (coop_a.email, coop_a.tax_id, coop_a.phone, "Cumple.", "Carla"):
        assert private not in html
    assert client.get(reverse("certification:verify", args=["SPS-XX-0000-0000"])).status_code == 404


def test_the_certificate_pdf_carries_a_qr_code_of_its_verification_page(certificate, settings):
    assert certificate_pdf_render(certificate_id=certificate.pk) is True
    assert certificate_pdf_render(certificate_id=certificate.pk) is False  # once
    certificate.refresh_from_db()
    data = certificate.pdf.read()
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert certificate.number in text and certificate.organization.legal_name in text
    decoded = [
        result.text
        for image in reader.pages[0].images
        for result in zxingcpp.read_barcodes(image.image)
    ]
    assert decoded == [verification_url(certificate.number)]
    assert "Certificado del Símbolo de Pequeños Productores" in text  # Peru: Spanish
    assert decoded[0].startswith(settings.SITE_URL)


def test_a_brazilian_certificate_is_written_in_portuguese(granted, coop_a, coop_a_admin):
    coop_a.country = "BR"
    coop_a.save()
    certificate = user_agreement_accept(resolution=granted, by=coop_a_admin)
    assert certificate.language == "pt" and certificate.number.startswith("SPS-BR-")
    certificate_pdf_render(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    text = " ".join(PdfReader(io.BytesIO(certificate.pdf.read())).pages[0].extract_text().split())
    assert "Certificado do Símbolo dos Pequenos Produtores" in text


def test_expiry_waits_for_the_end_of_validity(certificate):
    from certification.models import CERTIFICATE

    assert not CERTIFICATE.can(certificate, "expire")
    Certificate.objects.filter(pk=certificate.pk).update(
        valid_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    certificate.refresh_from_db()
    certificate_move(certificate=certificate, transition="expire", by=None, check_capability=False)
    assert certificate.status == "expired"


def test_the_organizations_people_download_the_pdf(
    client, certificate, coop_a_viewer, coop_b_admin
):
    certificate_pdf_render(certificate_id=certificate.pk)
    client.force_login(coop_a_viewer)
    response = client.get(reverse("certification:certificate_pdf", args=[certificate.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    client.force_login(coop_b_admin)
    assert (
        client.get(reverse("certification:certificate_pdf", args=[certificate.pk])).status_code
        == 404
    )


def test_network_staff_cannot_sign_for_the_organization(client, granted, network_staff):
    client.force_login(network_staff)
    response = client.get(reverse("certification:user_agreement", args=[granted.pk]))
    assert response.status_code == 403


def test_the_cooperative_accepts_through_its_page(client, granted, coop_a_admin):
    client.force_login(coop_a_admin)
    url = reverse("certification:user_agreement", args=[granted.pk])
    assert client.post(url, {}).status_code == 200  # the box not ticked: nothing issued
    assert Certificate.objects.count() == 0
    response = client.post(url, {"accept": "on"})
    certificate = Certificate.objects.get()
    assert response["Location"] == reverse(
        "certification:certificate_detail", args=[certificate.pk]
    )


def test_a_person_of_another_body_with_a_role_here_sees_nothing(certificate, coop_a):
    from network.models import CertificationBody
    from tests.certification.factories import committee_member

    stranger = committee_member(
        "ajeno@example.org", CertificationBody.objects.create(name="Otra"), coop_a
    )
    from certification.selectors import certificates_visible_to

    assert not certificates_visible_to(stranger).exists()
    grant(make_user("x@example.org"), RoleKind.ORG_VIEWER, organization=coop_a)
