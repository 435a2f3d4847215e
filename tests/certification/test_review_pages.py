"""The certification body's side: the applications addressed to it, the whole file on
one page, returning with reasons per item, accepting, and quoting."""

import datetime
from decimal import Decimal

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from certification.models import Application, ApplicationKind, Quote
from certification.services.applications import application_move
from certification.services.reviews import quote_pdf_render, quote_send
from network.models import RoleKind
from tests.certification.factories import (
    ApplicationFactory,
    ConflictDeclarationFactory,
    ready_application,
)
from tests.certification.test_application_pages import _rows
from tests.fixtures.personas import make_user
from tests.producers.factories import CertificationBodyFactory, grant

S = Application.Status


def review_url(application, name="certification:review_detail"):
    return reverse(name, args=[application.pk])


@pytest.fixture
def application(standard_v1, coop_a, coop_a_editor, evaluator):
    """Coop A's application to the evaluator's body, submitted."""
    ready = ready_application(
        organization=coop_a, by=coop_a_editor, body=CertificationBodyFactory()
    )
    application_move(application=ready, transition="submit", by=coop_a_editor)
    return ready


@pytest.fixture
def cleared(evaluator, coop_a):
    ConflictDeclarationFactory(person=evaluator, organization=coop_a)
    return evaluator


@pytest.fixture
def evaluator_client(client, cleared):
    client.force_login(cleared)
    return client


def test_the_file_page_shows_the_whole_application(evaluator_client, application):
    response = evaluator_client.get(review_url(application))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Centro de acopio Huayopata",
        "Inspección interna anual",
        "Rosa Quispe",
        "café pergamino",
        "Jr. Cusco 123",
    ):
        assert text in html
    link = application.document_links.first()
    assert reverse("certification:application_document", args=[application.pk, link.pk]) in html
    assert reverse("certification:application_map", args=[application.pk]) in html
    assert [b.name for b in response.context["buttons"]] == ["start_review"]
    assert response.context["history"][0].transition.name == "submit"


def test_a_body_person_without_a_declaration_finds_no_file(client, evaluator, application):
    client.force_login(evaluator)
    assert client.get(review_url(application)).status_code == 404
    assert client.get(reverse("certification:review_list")).context["page_obj"].paginator.count == 0


def test_the_cooperative_uses_its_own_page(client, coop_a_admin, application):
    client.force_login(coop_a_admin)
    assert client.get(review_url(application)).status_code == 403
    assert (
        client.get(
            detail := reverse("certification:application_detail", args=[application.pk])
        ).status_code
        == 200
    )
    assert detail


def test_country_staff_follow_the_file_without_acting(client, country_staff, application):
    client.force_login(country_staff)
    response = client.get(review_url(application))
    assert response.status_code == 200 and response.context["buttons"] == []
    move = reverse("certification:review_move", args=[application.pk, "start_review"])
    assert client.post(move).status_code == 403


def test_the_review_list_holds_the_bodys_filed_applications(
    evaluator_client, application, coop_a, coop_a_editor
):
    version = application.standard_version
    draft = ApplicationFactory(
        organization=coop_a,
        certification_body=application.certification_body,
        standard_version=version,
    )
    elsewhere = ApplicationFactory(
        organization=coop_a,
        status=S.SUBMITTED,
        standard_version=version,
        certification_body=CertificationBodyFactory(name="Otra"),
    )
    listed = list(evaluator_client.get(reverse("certification:review_list")).context["page_obj"])
    assert listed == [application]
    assert draft not in listed and elsewhere not in listed
    filtered = evaluator_client.get(reverse("certification:review_list"), {"status": "returned"})
    assert list(filtered.context["page_obj"]) == []


def test_the_evaluator_downloads_the_document_as_it_was_sent(evaluator_client, application):
    link = application.document_links.select_related("version").first()
    response = evaluator_client.get(
        reverse("certification:application_document", args=[application.pk, link.pk])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF")


# --- Moves -------------------------------------------------------------------------------


def test_starting_the_review_and_returning_with_reasons_per_item(
    evaluator_client, application, coop_a_editor, client
):
    move = reverse("certification:review_move", args=[application.pk, "start_review"])
    assert evaluator_client.post(move).status_code == 302
    url = review_url(application, "certification:review_return")
    empty = evaluator_client.post(url, {"note": "Revise por favor"})
    assert empty.status_code == 200
    assert "Revise por favor" in empty.content.decode()
    assert Application.objects.get(pk=application.pk).status == S.ELIGIBILITY_REVIEW

    response = evaluator_client.post(
        url,
        {
            "section_members": "El número de socios no coincide con el padrón.",
            "document_statutes": "Los estatutos no están firmados.",
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.RETURNED
    assert {(i.section, i.requirement) for i in application.return_items.all()} == {
        ("members", ""),
        ("documents", "statutes"),
    }

    client.force_login(coop_a_editor)
    html = client.get(reverse("certification:application_detail", args=[application.pk]))
    html = html.content.decode()
    assert "Los estatutos no están firmados." in html
    assert reverse("certification:application_section", args=[application.pk, "members"]) in html


def test_quoting_a_renewal_after_accepting_it(evaluator_client, cleared, coop_a, coop_a_editor):
    renewal = ApplicationFactory(
        organization=coop_a,
        kind=ApplicationKind.RENEWAL,
        certification_body=CertificationBodyFactory(),
        status=S.ELIGIBILITY_REVIEW,
        created_by=coop_a_editor,
    )
    accept = reverse("certification:review_move", args=[renewal.pk, "accept"])
    assert evaluator_client.post(accept).status_code == 302
    page = evaluator_client.get(review_url(renewal))
    assert [b.name for b in page.context["buttons"]] == ["send_quote", "withdraw"][:1]
    assert page.context["buttons"][0].links and not page.context["buttons"][0].blocked

    url = review_url(renewal, "certification:quote_send")
    valid = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    wrong = evaluator_client.post(
        url, {"amount": "0", "currency": "USD", "valid_until": valid, "notes": "Dos días en campo"}
    )
    assert wrong.status_code == 200 and "Dos días en campo" in wrong.content.decode()
    assert not Quote.objects.exists()
    done = evaluator_client.post(
        url,
        {"amount": "950.50", "currency": "USD", "valid_until": valid, "notes": "Dos días en campo"},
    )
    assert done.status_code == 302
    quote = Quote.objects.get()
    assert (quote.amount, quote.sent_at is not None) == (Decimal("950.50"), True)
    assert Application.objects.get(pk=renewal.pk).status == S.QUOTE_SENT


def test_the_quote_pdf_downloads_once_made(client, coop_a, coop_a_editor, cleared, standard_v1):
    renewal = ApplicationFactory(
        organization=coop_a,
        kind=ApplicationKind.RENEWAL,
        certification_body=CertificationBodyFactory(),
        status=S.ELIGIBLE,
        created_by=coop_a_editor,
    )
    quote = quote_send(
        application=renewal,
        by=cleared,
        amount=Decimal("800"),
        currency="PEN",
        valid_until=timezone.localdate() + datetime.timedelta(days=20),
    )
    client.force_login(coop_a_editor)
    url = reverse("certification:quote_download", args=[renewal.pk, quote.pk])
    assert client.get(url).status_code == 404  # not made yet
    page = client.get(reverse("certification:application_detail", args=[renewal.pk]))
    assert "preparando" in page.content.decode() or "being prepared" in page.content.decode()
    assert quote_pdf_render(quote_id=quote.pk) is True
    assert quote_pdf_render(quote_id=quote.pk) is False  # made once
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    reader = PdfReader(__import__("io").BytesIO(b"".join(response.streaming_content)))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "800" in text and "PEN" in text and coop_a.legal_name in text


def test_the_cooperative_rejects_a_quote_with_a_reason(client, coop_a, coop_a_editor, cleared):
    renewal = ApplicationFactory(
        organization=coop_a,
        kind=ApplicationKind.RENEWAL,
        certification_body=CertificationBodyFactory(),
        status=S.ELIGIBLE,
        created_by=coop_a_editor,
    )
    quote_send(
        application=renewal,
        by=cleared,
        amount=Decimal("800"),
        currency="USD",
        valid_until=timezone.localdate() + datetime.timedelta(days=20),
    )
    client.force_login(coop_a_editor)
    url = reverse("certification:application_move", args=[renewal.pk, "reject_quote"])
    assert client.post(url, {"reason": ""}).status_code == 200
    assert Application.objects.get(pk=renewal.pk).status == S.QUOTE_SENT
    assert client.post(url, {"reason": "Muy caro para nosotros"}).status_code == 302
    assert Application.objects.get(pk=renewal.pk).status == S.QUOTE_REJECTED
    assert Quote.objects.get().answer == Quote.Answer.REJECTED


# --- Query counts ------------------------------------------------------------------------


def test_the_file_page_and_the_review_list_keep_their_queries_with_many_rows(
    evaluator_client, application, coop_a, coop_a_editor, django_assert_max_num_queries
):
    urls = [review_url(application), reverse("certification:review_list")]

    def grow(count):
        _rows(application, count)
        ApplicationFactory.create_batch(
            count,
            organization=coop_a,
            certification_body=application.certification_body,
            standard_version=application.standard_version,
            created_by=coop_a_editor,
            status=S.SUBMITTED,
        )

    grow(10)
    for url in urls:
        evaluator_client.get(url)
    counted = {}
    for url in urls:
        with CaptureQueriesContext(connection) as ten:
            assert evaluator_client.get(url).status_code == 200
        counted[url] = len(ten)
    grow(190)
    for url in urls:
        with django_assert_max_num_queries(counted[url]):
            assert evaluator_client.get(url).status_code == 200


def test_other_bodies_people_never_see_the_file(client, application, coop_a):
    stranger = make_user("otro.evaluador@example.org")
    grant(stranger, RoleKind.EVALUATOR, certification_body=CertificationBodyFactory(name="Otra"))
    ConflictDeclarationFactory(person=stranger, organization=coop_a)
    TOTP.activate(stranger, generate_totp_secret())
    client.force_login(stranger)
    assert client.get(review_url(application)).status_code == 404
