"""The outbox (network/outbox.py): each message tried once per task, temporary failures
scheduled with backoff on the row, permanent ones failed at once; only the sweep queues
a message again, and only when it is due and no task carries it. SMTP answers come from
the real test server (aiosmtpd), told how to answer."""

import logging
import smtplib
import socket
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from network import outbox
from network.models import ActivityLog, OutboxMessage
from network.outbox import email_send, outbox_claim_due, outbox_deliver
from network.workflow import GuardFailed, TransitionNotAllowed
from tests.fixtures.personas import make_user

Status = OutboxMessage.Status


@pytest.fixture
def welcome_en(db):
    return email_send(
        to="ana@example.org",
        template="welcome",
        context={"user": None, "site_url": "https://minga.example.org"},
        language="en",
    )


@pytest.fixture
def smtp(mailbox, settings):
    """Mail goes to the real test SMTP server, which answers as the test tells it."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", mailbox.port
    return mailbox


def stored(message) -> OutboxMessage:
    return OutboxMessage.objects.get(pk=message.pk)


def email_log(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "minga.email"]


def test_it_renders_in_the_recipients_language(db):
    spanish = email_send(to="a@example.org", template="welcome", context={}, language="es")
    english = email_send(to="b@example.org", template="welcome", context={}, language="en")
    assert spanish.subject == "Bienvenida a Minga"
    assert english.subject == "Welcome to Minga"
    assert english.headers["Content-Language"] == "en"
    assert "<html" in english.body_html and "verified" in english.body_text


def test_a_new_message_is_due_and_carried_by_its_task(welcome_en):
    message = stored(welcome_en)
    assert message.status == Status.PENDING
    assert message.next_attempt_at <= timezone.now()
    assert message.queued_at is not None  # the task queued after commit carries it
    assert outbox_claim_due() == []  # so the sweep leaves it alone


def test_it_sends_a_message_once(welcome_en):
    assert outbox_deliver(message_id=welcome_en.pk) is True
    assert outbox_deliver(message_id=welcome_en.pk) is False
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["ana@example.org"]
    assert sent.alternatives[0][1] == "text/html"
    message = stored(welcome_en)
    assert message.status == Status.SENT and message.attempts == 1
    assert message.next_attempt_at is None and message.sent_at is not None


def test_a_temporary_refusal_schedules_the_next_attempt_and_logs_it(welcome_en, smtp, caplog):
    smtp.refuse("451 4.3.0 Mailbox busy, try again later")
    before = timezone.now()

    assert outbox_deliver(message_id=welcome_en.pk) is False

    message = stored(welcome_en)
    assert message.status == Status.PENDING and message.attempts == 1
    assert message.last_error == "451 4.3.0 Mailbox busy, try again later"
    assert message.queued_at is None  # no task carries it now: the sweep will, when due
    wait = message.next_attempt_at - before
    assert timedelta(seconds=59) < wait < timedelta(seconds=62)
    [record] = email_log(caplog)
    assert record.levelname == "WARNING"
    assert f"outbox message {welcome_en.pk} " in record.getMessage()
    assert "code 451" in record.getMessage()
    assert smtp.messages == []


def test_a_stray_duplicate_task_makes_no_early_attempt(welcome_en, smtp):
    smtp.refuse("451 4.3.0 Try again later")
    outbox_deliver(message_id=welcome_en.pk)
    smtp.accept()

    assert outbox_deliver(message_id=welcome_en.pk) is False  # a second task for the row
    message = stored(welcome_en)
    assert message.status == Status.PENDING and message.attempts == 1
    assert smtp.messages == []


@pytest.mark.parametrize(
    ("reply", "at"),
    [
        ("550 5.1.1 Unknown recipient", "RCPT"),
        ("554 5.7.1 Message refused", "DATA"),
        ("552 5.3.4 Message too big", "DATA"),
    ],
)
def test_a_permanent_refusal_fails_the_message_at_once(welcome_en, smtp, caplog, reply, at):
    smtp.refuse(reply, at=at)

    assert outbox_deliver(message_id=welcome_en.pk) is False

    message = stored(welcome_en)
    assert message.status == Status.FAILED and message.attempts == 1
    assert message.last_error == reply
    assert message.next_attempt_at is None and message.queued_at is None
    [record] = email_log(caplog)
    assert record.levelname == "ERROR"
    assert f"outbox message {welcome_en.pk} " in record.getMessage()
    assert f"code {reply[:3]}" in record.getMessage()
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert outbox_claim_due() == []  # never tried again by itself


def test_bad_smtp_credentials_fail_the_message_at_once(welcome_en, smtp, settings):
    smtp.password = "the-right-one"
    settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = "minga", "a-wrong-one"

    outbox_deliver(message_id=welcome_en.pk)

    message = stored(welcome_en)
    assert message.status == Status.FAILED and message.attempts == 1
    assert message.last_error.startswith("535 ")


def test_smtp_down_is_temporary(welcome_en, settings, caplog):
    with socket.socket() as probe:  # a port where nothing listens
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port

    outbox_deliver(message_id=welcome_en.pk)

    message = stored(welcome_en)
    assert message.status == Status.PENDING and message.attempts == 1
    assert "ConnectionRefusedError" in message.last_error
    assert [r.levelname for r in email_log(caplog)] == ["WARNING"]


@pytest.mark.parametrize(
    ("error", "code", "temporary"),
    [
        (smtplib.SMTPServerDisconnected("Connection unexpectedly closed"), None, True),
        (TimeoutError("timed out"), None, True),
        (smtplib.SMTPConnectError(421, b"4.3.2 Service not available"), 421, True),
        (smtplib.SMTPSenderRefused(451, b"4.4.1 try later", "minga@example.org"), 451, True),
        (smtplib.SMTPRecipientsRefused({"a@example.org": (450, b"4.2.1 busy")}), 450, True),
        (smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"5.1.1 unknown")}), 550, False),
        (smtplib.SMTPAuthenticationError(535, b"5.7.8 bad credentials"), 535, False),
        (smtplib.SMTPNotSupportedError("SMTP AUTH extension not supported"), None, False),
        (ValueError("Header values may not contain linefeed"), None, False),
    ],
    ids=repr,
)
def test_failures_are_told_apart_by_kind_and_code(error, code, temporary):
    assert outbox.smtp_failure(error)[0] == code
    assert outbox.smtp_failure(error)[2] is temporary


def test_the_wait_doubles_from_a_minute_up_to_an_hour():
    waits = [outbox.retry_wait(attempts) for attempts in range(1, 10)]
    assert [wait.total_seconds() / 60 for wait in waits] == [1, 2, 4, 8, 16, 32, 60, 60, 60]
    total = sum((outbox.retry_wait(n) for n in range(1, outbox.MAX_ATTEMPTS)), timedelta())
    assert timedelta(hours=23) < total < timedelta(hours=25)  # give up after about a day


def test_it_gives_up_after_the_last_attempt(welcome_en, smtp, caplog):
    OutboxMessage.objects.filter(pk=welcome_en.pk).update(attempts=outbox.MAX_ATTEMPTS - 1)
    smtp.refuse("421 4.7.0 Too many connections")

    outbox_deliver(message_id=welcome_en.pk)

    message = stored(welcome_en)
    assert message.status == Status.FAILED and message.attempts == outbox.MAX_ATTEMPTS
    assert message.last_error == "421 4.7.0 Too many connections"
    assert "gave up" in email_log(caplog)[-1].getMessage()


# --- The sweep -------------------------------------------------------------------------


def test_the_sweep_queues_a_message_only_once_it_is_due(welcome_en, smtp):
    smtp.refuse("451 4.3.0 Try again later")
    outbox_deliver(message_id=welcome_en.pk)
    due_at = stored(welcome_en).next_attempt_at

    assert outbox_claim_due(now=due_at - timedelta(seconds=1)) == []
    assert outbox_claim_due(now=due_at) == [welcome_en.pk]
    assert outbox_claim_due(now=due_at) == []  # a duplicated beat tick: already queued
    assert outbox_claim_due(now=due_at + timedelta(minutes=30)) == []  # its task is in line

    smtp.accept()
    assert outbox_deliver(message_id=welcome_en.pk) is True
    assert stored(welcome_en).attempts == 2


def test_the_sweep_requeues_a_message_whose_task_was_lost(welcome_en):
    queued_at = stored(welcome_en).queued_at
    assert outbox_claim_due(now=queued_at + timedelta(minutes=30)) == []
    lost = queued_at + outbox.QUEUED_LOST_AFTER + timedelta(seconds=1)
    assert outbox_claim_due(now=lost) == [welcome_en.pk]
    assert outbox_claim_due(now=lost) == []


def test_the_sweep_takes_back_a_message_whose_worker_died_while_sending(welcome_en):
    claimed_at = timezone.now() - outbox.SENDING_LOST_AFTER - timedelta(seconds=1)
    outbox.OUTBOX.move(welcome_en, "claim", claimed_at=claimed_at)

    assert outbox_claim_due() == [welcome_en.pk]
    assert stored(welcome_en).status == Status.PENDING


# --- Staff retry, erasure --------------------------------------------------------------


@pytest.fixture
def refused(welcome_en, smtp):
    smtp.refuse("550 5.1.1 Unknown recipient", at="RCPT")
    outbox_deliver(message_id=welcome_en.pk)
    smtp.accept()
    return stored(welcome_en)


def test_staff_retry_a_failed_message_now_and_it_is_logged(
    refused, smtp, django_capture_on_commit_callbacks
):
    staff = make_user("nora@example.org")
    with django_capture_on_commit_callbacks() as queued:
        outbox.outbox_retry(message=refused, by=staff)
    assert len(queued) == 1  # its send task, after commit

    message = stored(refused)
    assert message.status == Status.PENDING and message.attempts == 0
    assert message.next_attempt_at <= timezone.now() and message.queued_at is not None
    entry = ActivityLog.objects.get(verb="email.retried")
    assert entry.actor == staff and entry.target_id == str(refused.pk)
    assert entry.changes["status"] == ["failed", "pending"]
    assert entry.changes["attempts"] == [1, 0]
    assert "ana@example.org" not in entry.target_repr
    assert message.last_error == "550 5.1.1 Unknown recipient"  # shown until it is sent

    assert outbox_deliver(message_id=refused.pk) is True
    assert [str(m["To"]) for m in smtp.messages] == ["ana@example.org"]
    assert stored(refused).last_error == ""


def test_staff_retry_every_failed_message_through_the_sweep(refused, smtp):
    erased = email_send(to="gone@example.org", template="welcome", context={}, language="es")
    outbox.outbox_erase(email="gone@example.org")
    staff = make_user("nora@example.org")

    assert outbox.outbox_retry_failed(by=staff) == 1

    message = stored(refused)
    assert message.status == Status.PENDING and message.attempts == 0
    assert stored(erased).status == Status.FAILED
    assert ActivityLog.objects.filter(verb="email.retried", actor=staff).count() == 1
    assert outbox_claim_due() == [refused.pk]
    assert outbox_deliver(message_id=refused.pk) is True


def test_only_a_failed_message_can_be_retried(welcome_en):
    with pytest.raises(TransitionNotAllowed):
        outbox.outbox_retry(message=welcome_en, by=make_user("nora@example.org"))


def test_an_erased_message_is_never_sent_nor_retried(welcome_en, refused):
    other = email_send(to="Ana@Example.org", template="welcome", context={}, language="es")

    outbox.outbox_erase(email="ana@example.org")

    for message in (stored(refused), stored(other)):
        assert message.status == Status.FAILED
        assert message.to == OutboxMessage.ERASED_TO and message.body_text == ""
    assert outbox_deliver(message_id=other.pk) is False
    with pytest.raises(GuardFailed):
        outbox.outbox_retry(message=stored(refused), by=make_user("nora@example.org"))


def test_allauths_emails_get_an_html_part_and_go_through_the_outbox(client, db):
    make_user("rosa@example.org")
    client.post("/accounts/password/reset/", {"email": "rosa@example.org"})
    message = OutboxMessage.objects.get(to="rosa@example.org")
    assert "/accounts/password/reset/key/" in message.body_text
    assert "<html" in message.body_html and "/accounts/password/reset/key/" in message.body_html
    assert message.subject.startswith("[Minga]")
    assert message.queued_at is not None and message.template == "password_reset_key"


# --- The broker down --------------------------------------------------------------------


@pytest.fixture
def broker_down():
    """Celery publishes to a port where nothing listens, as when Redis is down."""
    from network.celery import app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]

    def reconnect(url):
        app.conf.broker_url = url
        app._pool, app.amqp._producer_pool = None, None  # built again from the URL

    before = app.conf.broker_url
    reconnect(f"redis://127.0.0.1:{closed_port}/0")
    yield
    reconnect(before)


def test_a_message_written_while_the_broker_is_down_is_left_to_the_sweep(
    db, broker_down, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        message = email_send(to="ana@example.org", template="welcome", context={}, language="es")

    assert stored(message).queued_at is None  # no task carries it: the sweep will
    assert "not queued" in email_log(caplog)[0].getMessage()
    assert outbox_claim_due() == [message.pk]


def test_a_sweep_that_cannot_reach_the_broker_leaves_the_messages_due(welcome_en, broker_down):
    from network.tasks import outbox_sweep

    OutboxMessage.objects.filter(pk=welcome_en.pk).update(queued_at=None)
    with pytest.raises(BrokerError):
        outbox_sweep()
    assert stored(welcome_en).queued_at is None
    assert outbox_claim_due() == [welcome_en.pk]
