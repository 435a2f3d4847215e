"""A real Celery worker process on the real Redis, sending to a real SMTP server."""

import pytest
from django.urls import reverse

from network.models import OutboxMessage
from network.services import welcome_send
from network.tasks import ping
from tests.fixtures.personas import make_user
from tests.fixtures.services import eventually

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_a_task_round_trips_through_the_worker(celery_worker_process):
    assert ping.delay(41).get(timeout=30) == 42


def test_an_email_queued_after_commit_reaches_the_smtp_server(celery_worker_process, mailbox):
    user = make_user("joao@example.org", full_name="João Silva", language="pt")
    welcome_send(user=user)  # autocommit: the task is queued at once

    message = mailbox.wait_for("joao@example.org")
    assert message["Subject"] == "Bem-vindo ao Minga"
    assert message["Content-Language"] == "pt"
    assert "Olá João" in mailbox.text(message)
    assert "Olá João" in mailbox.html(message) and "<html" in mailbox.html(message)
    assert eventually(
        lambda: OutboxMessage.objects.filter(to="joao@example.org", status="sent").exists()
    )


def test_healthz_reports_database_redis_and_worker(celery_worker_process, client):
    response = client.get(reverse("network:healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok", "worker": "ok"}
