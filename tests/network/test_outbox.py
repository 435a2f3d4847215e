import socket

import pytest
from django.core import mail

from network.email import email_send
from network.models import OutboxMessage
from network.services import TransientEmailError, outbox_deliver, outbox_due


@pytest.fixture
def welcome_en(db):
    return email_send(
        to="ana@example.org",
        template="welcome",
        context={"user": None, "site_url": "https://minga.example.org"},
        language="en",
    )


def test_it_renders_in_the_recipients_language(db):
    spanish = email_send(to="a@example.org", template="welcome", context={}, language="es")
    english = email_send(to="b@example.org", template="welcome", context={}, language="en")
    assert spanish.subject == "Bienvenida a Minga"
    assert english.subject == "Welcome to Minga"
    assert english.headers["Content-Language"] == "en"
    assert "<html" in english.body_html and "verified" in english.body_text


def test_it_sends_a_message_once(welcome_en):
    assert outbox_deliver(message_id=welcome_en.pk) is True
    assert outbox_deliver(message_id=welcome_en.pk) is False
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["ana@example.org"]
    assert sent.alternatives[0][1] == "text/html"
    welcome_en.refresh_from_db()
    assert welcome_en.status == OutboxMessage.Status.SENT and welcome_en.attempts == 1


def test_it_keeps_the_message_pending_when_smtp_is_down(welcome_en, settings):
    with socket.socket() as probe:  # a port where nothing listens
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port
    with pytest.raises(TransientEmailError):
        outbox_deliver(message_id=welcome_en.pk)
    welcome_en.refresh_from_db()
    assert welcome_en.status == OutboxMessage.Status.PENDING
    assert welcome_en.last_error


def test_the_sweep_finds_messages_whose_task_was_lost(welcome_en):
    OutboxMessage.objects.filter(pk=welcome_en.pk).update(created_at="2020-01-01T00:00Z")
    assert outbox_due() == [welcome_en.pk]


def test_allauths_emails_get_an_html_part_and_go_through_the_outbox(client, db):
    from tests.fixtures.personas import make_user

    make_user("rosa@example.org")
    client.post("/accounts/password/reset/", {"email": "rosa@example.org"})
    message = OutboxMessage.objects.get(to="rosa@example.org")
    assert "/accounts/password/reset/key/" in message.body_text
    assert "<html" in message.body_html and "/accounts/password/reset/key/" in message.body_html
    assert message.subject.startswith("[Minga]")
