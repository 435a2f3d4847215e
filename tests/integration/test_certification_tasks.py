"""The application's work outside the request, through a real Celery worker on the real
Redis and a real SMTP server: the emails of its moves, each in its recipient's language,
and the quote's PDF made once by the reports worker."""

import datetime
import re
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from pypdf import PdfReader

from certification import tasks
from certification.models import Application, ApplicationKind, Quote
from certification.services.applications import application_move
from certification.services.reviews import quote_send
from network.models import RoleKind
from tests.certification.factories import (
    ApplicationFactory,
    ConflictDeclarationFactory,
    load_standard_file,
    ready_application,
)
from tests.fixtures.personas import make_user
from tests.fixtures.services import eventually
from tests.producers.factories import grant

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

TIMEOUT = 60


@pytest.fixture
def application():
    load_standard_file()
    return ready_application()


@pytest.fixture
def evaluator(application):
    person = make_user("evaluator@example.org", full_name="Evelyn Reyes", language="en")
    grant(person, RoleKind.EVALUATOR, certification_body=application.certification_body)
    ConflictDeclarationFactory(person=person, organization=application.organization)
    return person


def test_the_moves_reach_everyone_in_their_language(celery_worker_process, mailbox, application,
                                                    evaluator):  # fmt: skip
    editor = application.created_by
    application_move(application=application, transition="submit", by=editor)

    to_body = mailbox.wait_for(evaluator.email, timeout=TIMEOUT)
    assert "applied for certification" in to_body["Subject"]
    assert to_body["Content-Language"] == "en"
    assert f"/certification/review/{application.pk}/" in mailbox.text(to_body)
    assert application.organization.legal_name in mailbox.html(to_body)

    to_cooperative = mailbox.wait_for(editor.email, timeout=TIMEOUT)
    assert to_cooperative["Content-Language"] == "es"
    assert "enviada" in mailbox.text(to_cooperative)
    assert f"/certification/applications/{application.pk}/" in mailbox.text(to_cooperative)


def test_the_quote_pdf_is_made_once_by_the_reports_worker(celery_worker_process, mailbox,
                                                         application, evaluator):  # fmt: skip
    editor = application.created_by
    renewal = ApplicationFactory(
        organization=application.organization,
        certification_body=application.certification_body,
        standard_version=application.standard_version,
        kind=ApplicationKind.RENEWAL,
        status=Application.Status.ELIGIBLE,
        created_by=editor,
    )
    quote = quote_send(
        application=renewal,
        by=evaluator,
        amount=Decimal("1250.00"),
        currency="USD",
        valid_until=timezone.localdate() + datetime.timedelta(days=30),
        notes="Evaluación completa en campo, dos días.",
    )  # queued after commit (autocommit here): the worker makes the PDF

    made = eventually(lambda: Quote.objects.get(pk=quote.pk).pdf_file, timeout=TIMEOUT)
    assert made
    again = [tasks.report_quote_pdf.delay(quote.pk) for _ in range(2)]
    assert [run.get(timeout=TIMEOUT) for run in again] == [False, False]
    assert Quote.objects.get(pk=quote.pk).pdf_file == made

    with default_storage.open(made, "rb") as handle:
        text = "".join(page.extract_text() for page in PdfReader(BytesIO(handle.read())).pages)
    # In the language of the person who filed (Spanish): 1 250,00.
    assert re.search(r"1\s250,00 USD", text)
    assert renewal.organization.legal_name in text
    assert "dos días" in text

    message = mailbox.wait_for(editor.email, timeout=TIMEOUT)
    assert re.search(r"1\s250,00 USD", mailbox.text(message))
    assert f"/certification/applications/{renewal.pk}/" in mailbox.text(message)
