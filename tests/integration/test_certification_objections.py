"""An objection made on the public page is acknowledged at a real SMTP server, through
the outbox and a real Celery worker, in the language of the page the visitor used."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from certification.models import Application, Objection
from network.models import OutboxMessage
from tests.certification.factories import ApplicationFactory, load_standard_file
from tests.fixtures.services import eventually

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_the_acknowledgement_reaches_the_objector_with_its_reference(
    celery_worker_process, mailbox, client
):
    today = timezone.localdate()
    application = ApplicationFactory(
        standard_version=load_standard_file("sps-spo-1.yaml"),
        status=Application.Status.OBJECTION_PERIOD,
        objection_starts_on=today,
        objection_ends_on=today + datetime.timedelta(days=15),
        organization__legal_name="Cooperativa Agraria Flor de Café",
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pt"
    response = client.post(
        reverse("certification:objection_create", args=[application.pk]),
        {
            "name": "João Silva",
            "email": "joao@example.org",
            "reasons": "Compram café de fazendas grandes.",
        },  # fmt: skip
    )
    assert response.status_code == 302
    objection = Objection.objects.get()

    message = mailbox.wait_for("joao@example.org", objection.reference, timeout=60)
    assert message["Subject"] == f"Recebemos a sua objeção ({objection.reference})"
    assert message["Content-Language"] == "pt"
    text = mailbox.text(message)
    assert "Olá João Silva" in text
    assert "Cooperativa Agraria Flor de Café" in text and application.reference in text
    assert objection.reference in mailbox.html(message)
    assert "Compram café" not in text  # the reasons are not echoed to any address
    assert eventually(
        lambda: OutboxMessage.objects.filter(to="joao@example.org", status="sent").exists()
    )
