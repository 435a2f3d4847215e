"""The one way to send email: render in the recipient's language, store in the outbox,
send from the `email` queue after the transaction commits.

Templates live in templates/emails/<name>/{subject.txt,body.txt,body.html}. The subject
and the text part are plain text: they are rendered without HTML escaping, here and only
here; the HTML part is escaped like every page.

Many at once (a sweep's batch of reminders): `emails_send` writes them in one statement
with their template's plain data (network/plaindata.py) instead of rendered bodies; the
worker renders each in its language just before the first attempt. Rendering 100,000
emails inside the sweep took longer than the whole sweep may; in the workers it is
spread over the hours the sending takes anyway. Both ways end in the same rows and the
same delivery below.

Delivery: a message is queued once when it is written (a batch: one sweep task is
queued, which queues up to SWEEP_LIMIT of them, and the minute sweeps the rest). The
send task tries it once; a temporary failure (no connection, timeout, SMTP 4xx) puts it
back to pending with its next attempt time, 1 minute doubling up to 1 hour, and it is
failed after
MAX_ATTEMPTS (about a day). A permanent refusal (SMTP 5xx) fails it at once. Only the
sweep, run by beat every minute, queues messages again: those due and not already queued.
So one task at most carries a message, whatever SMTP does. Staff see failed messages and
retry them (network:outbox_list).
"""

import logging
import smtplib
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection, transaction
from django.db.models import F, Q
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone, translation
from kombu.exceptions import OperationalError as BrokerError

from network.models import OUTBOX, OutboxMessage
from network.plaindata import from_plain_data, plain_data
from network.workflow import TransitionNotAllowed

logger = logging.getLogger("minga.email")
Out = OutboxMessage.Status

FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=1)
# 1, 2, 4 … 32 minutes, then hourly: the 30th attempt is about a day after the first.
MAX_ATTEMPTS = 30
# A worker that claimed a message and is silent this long died (tasks stop at 15 min).
SENDING_LOST_AFTER = timedelta(minutes=20)
# A queued task not run after Redis's visibility timeout (and a margin) was lost.
QUEUED_LOST_AFTER = timedelta(
    seconds=settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
) + timedelta(minutes=10)
SWEEP_LIMIT = 1000


# --- Rendering ---------------------------------------------------------------------------


def render_email(*, template: str, context: dict, language: str) -> tuple[str, str, str]:
    """Subject, text body and HTML body of an email template in `language`."""
    with translation.override(language):
        subject = _render_plain(f"emails/{template}/subject.txt", context).strip()
        text = _render_plain(f"emails/{template}/body.txt", context)
        html = get_template(f"emails/{template}/body.html").render(context)
    return " ".join(subject.splitlines()), text, html


def render_subject(*, template: str, context: dict, language: str | None = None) -> str:
    """An email template's subject alone, in `language` (default: the active one): what
    an in-app notification shows."""
    with translation.override(language or translation.get_language()):
        subject = _render_plain(f"emails/{template}/subject.txt", context).strip()
    return " ".join(subject.splitlines())


def _render_plain(name: str, context: dict) -> str:
    """A plain-text template: values are written as they are ("Café & Cacao"), never
    HTML-escaped, whatever the template says."""
    return get_template(name).template.render(Context(context, autoescape=False))


# --- Queuing -----------------------------------------------------------------------------


def email_send(
    *,
    to: str,
    template: str,
    context: dict,
    language: str | None = None,
    headers: dict | None = None,
) -> OutboxMessage:
    """Queue a templated email to one recipient, written in their language."""
    language = language or settings.LANGUAGE_CODE
    subject, text, html = render_email(template=template, context=context, language=language)
    return outbox_add(
        to=to,
        subject=subject,
        body_text=text,
        body_html=html,
        headers={"Content-Language": language, **(headers or {})},
        language=language,
        template=template,
    )


def outbox_add(
    *,
    to: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    headers: dict | None = None,
    language: str = "",
    template: str = "",
    from_email: str | None = None,
) -> OutboxMessage:
    """Store a rendered message; its send task is queued when the transaction commits."""
    now = timezone.now()
    message = OUTBOX.create(
        to=to,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        headers=headers or {},
        language=language,
        template=template,
        next_attempt_at=now,
        queued_at=now,
    )
    _queue_after_commit(message.pk)
    return message


_BATCH_FIELDS = ("to", "from_email", "subject", "body_text", "body_html", "headers", "language",
                 "template", "context", "attempts", "last_error", "created_at",
                 "next_attempt_at")  # fmt: skip


def emails_send(emails: list[dict], *, ids: list[int] | None = None) -> list[int]:
    """Queue many templated emails at once, each a dict of email_send's arguments (to,
    template, context, language, headers), the context plain data (TypeError otherwise).

    One INSERT for all; the bodies are rendered by the worker before the first attempt.
    Returns the new messages' ids in the order given (`ids`: ones reserved beforehand
    with outbox_ids_reserve). After commit one sweep task is queued: it queues up to
    SWEEP_LIMIT sends, the minute sweep the rest."""
    if not emails:
        return []
    now = timezone.now()
    rows = []
    for email in emails:
        language = email.get("language") or settings.LANGUAGE_CODE
        rows.append((
            email["to"], settings.DEFAULT_FROM_EMAIL, "", "", "",
            {"Content-Language": language, **(email.get("headers") or {})}, language,
            email["template"], plain_data(email["context"]), 0, "", now, now,
        ))  # fmt: skip
    if ids is None:
        ids = [pk for (pk,) in OUTBOX.create_many(_BATCH_FIELDS, rows)]
    else:
        rows = [(pk, *row) for pk, row in zip(ids, rows, strict=True)]
        OUTBOX.create_many(("id", *_BATCH_FIELDS), rows, returning=())
    transaction.on_commit(_sweep_soon)
    return ids


def outbox_ids_reserve(count: int) -> list[int]:
    """Ids for messages emails_send is about to write: a row that points at its email
    (a reminder's claim) can then be written first, in the same transaction (foreign
    keys are checked at commit). Ids never used are gaps, nothing more."""
    if count <= 0:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [OutboxMessage._meta.db_table, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


# Set while a sweep queued by emails_send waits to run: batches committed meanwhile need
# no sweep of their own (that one will see them); the sweep clears it as it starts.
SWEEP_QUEUED_KEY = "outbox:sweep-queued"


def _sweep_soon() -> None:
    """Queue one outbox sweep, unless one is already on its way (a sweep's 50 batches
    need one or two, not 50; it takes SWEEP_LIMIT messages, beat's minute sweeps the
    rest)."""
    from network.tasks import outbox_sweep

    try:
        if not cache.add(SWEEP_QUEUED_KEY, 1, timeout=60):
            return
    except Exception as error:  # noqa: BLE001 - no cache: queue it anyway
        logger.warning("outbox sweep flag not set (cache: %s)", error)
    try:
        outbox_sweep.delay()
    except BrokerError as error:
        cache.delete(SWEEP_QUEUED_KEY)
        logger.warning("outbox sweep not queued (broker: %s); beat's next one will", error)


def outbox_add_message(message: EmailMultiAlternatives, *, language: str = "", template=""):
    """Store a message rendered elsewhere (allauth's emails) in the outbox."""
    html = next((body for body, mime in message.alternatives if mime == "text/html"), "")
    text = message.body if message.content_subtype != "html" else ""
    if message.content_subtype == "html":
        html = message.body
    for recipient in message.to:
        outbox_add(
            to=recipient,
            subject=message.subject,
            body_text=text,
            body_html=html,
            headers=dict(message.extra_headers),
            language=language or translation.get_language() or "",
            template=template,
            from_email=message.from_email,
        )


def _queue_after_commit(message_id: int) -> None:
    transaction.on_commit(lambda: _queue(message_id))


def _queue(message_id: int) -> None:
    """Hand the message to the `email` queue; if the broker is down, leave it to the
    sweep instead of failing the request that wrote it."""
    from network.tasks import outbox_send  # tasks call this module: import when used

    try:
        outbox_send.delay(message_id)
    except BrokerError as error:
        logger.warning("outbox message %s not queued (broker: %s)", message_id, error)
        OutboxMessage.objects.filter(pk=message_id).update(queued_at=None)


# --- Delivering --------------------------------------------------------------------------


def outbox_deliver(*, message_id: int) -> bool:
    """Try one outbox message once; False when it was not ours to try (sent, failed,
    being sent by another worker, or waiting for its next attempt with no task queued:
    a stray duplicate task never makes an early attempt).

    The conditional UPDATE claims the row, so a duplicated task sends nothing twice. A
    temporary failure schedules the next attempt (the sweep queues it then); a permanent
    one fails the message. Either way it is logged, and nothing is raised."""
    claimed = OUTBOX.move_many(
        OutboxMessage.objects.filter(pk=message_id, queued_at__isnull=False),
        "claim",
        claimed_at=timezone.now(),
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return False
    message = OutboxMessage.objects.get(pk=message_id)
    try:
        if not message.rendered and not _render_stored(message):
            logger.info("outbox message %s was erased before it was rendered", message.pk)
            return False
        get_connection(fail_silently=False).send_messages([_as_email(message)])
    except Exception as error:  # noqa: BLE001 - every failure is classified and logged
        with _unless_erased_meanwhile(message):
            _failed(message, error)
        return False
    with _unless_erased_meanwhile(message):
        OUTBOX.move(
            message, "sent",
            sent_at=timezone.now(), next_attempt_at=None, queued_at=None, last_error="",
        )  # fmt: skip
    return True


def _render_stored(message: OutboxMessage) -> bool:
    """Render a batch message from its stored context and keep the result (retries and
    the staff page use it); False when erasure emptied it meanwhile. A template that
    cannot be rendered raises, and the message fails like any permanent error."""
    subject, text, html = render_email(
        template=message.template,
        context=from_plain_data(message.context),
        language=message.language or settings.LANGUAGE_CODE,
    )
    kept = OutboxMessage.objects.filter(pk=message.pk, context__isnull=False).update(
        subject=subject[:255], body_text=text, body_html=html, context=None
    )
    message.subject, message.body_text, message.body_html, message.context = (
        subject[:255], text, html, None,
    )  # fmt: skip
    return bool(kept)


@contextmanager
def _unless_erased_meanwhile(message: OutboxMessage):
    """Erasure fails every message to the address, the one being sent included."""
    try:
        yield
    except TransitionNotAllowed:
        logger.info("outbox message %s was erased while it was being sent", message.pk)


def _as_email(message: OutboxMessage) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=message.from_email,
        to=[message.to],
        headers=message.headers,
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    return email


def smtp_failure(error: Exception) -> tuple[int | None, str, bool]:
    """(SMTP code or None, the reason in a line, whether trying again later may work).

    Temporary: no connection, a timeout, a dropped connection, any 4xx. Permanent: any
    5xx (550 unknown recipient, 535 bad credentials, 554 refused), and errors that are
    not about the network at all (a message we cannot build): sending it again would
    fail the same way until someone fixes something."""
    code = None
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        # We send to one recipient: its answer is the answer.
        code, text = next(iter(error.recipients.values()), (None, b""))
        reason = f"{code} {_decoded(text)}"
    elif isinstance(error, smtplib.SMTPResponseException):
        code, reason = error.smtp_code, f"{error.smtp_code} {_decoded(error.smtp_error)}"
    else:
        reason = f"{type(error).__name__}: {error}"
    if code is not None and code > 0:
        temporary = 400 <= code < 500
    else:
        temporary = isinstance(error, smtplib.SMTPServerDisconnected) or (
            isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException)
        )
    return code, reason.strip()[:2000], temporary


def _decoded(text) -> str:
    return text.decode(errors="replace") if isinstance(text, bytes) else str(text)


def retry_wait(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt: 1 min doubling, capped."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_WAIT)


def _failed(message: OutboxMessage, error: Exception) -> None:
    code, reason, temporary = smtp_failure(error)
    if temporary and message.attempts < MAX_ATTEMPTS:
        next_attempt_at = timezone.now() + retry_wait(message.attempts)
        OUTBOX.move(
            message, "retry_later", next_attempt_at=next_attempt_at, queued_at=None,
            last_error=reason,
        )  # fmt: skip
        logger.warning(
            "outbox message %s (%s): temporary failure at attempt %s, code %s: %s; "
            "next attempt at %s",
            message.pk, message.template, message.attempts, code, reason,
            next_attempt_at.isoformat(),
        )  # fmt: skip
        return
    OUTBOX.move(message, "fail", next_attempt_at=None, queued_at=None, last_error=reason)
    logger.error(
        "outbox message %s (%s): failed at attempt %s, code %s: %s (%s)",
        message.pk, message.template, message.attempts, code, reason,
        "gave up" if temporary else "permanent failure",
        exc_info=error if not isinstance(error, OSError) else None,  # a bug: keep the trace
    )  # fmt: skip


# --- Sweeping, retrying, erasing ---------------------------------------------------------


def outbox_claim_due(*, now=None, limit: int = SWEEP_LIMIT) -> list[int]:
    """Messages due for an attempt that no queued task carries, marked as queued now
    (one sweep at a time gets each); the caller queues their send tasks.

    Also puts back messages whose worker died while sending, and those whose queued
    task was lost long ago."""
    now = now or timezone.now()
    cache.delete(SWEEP_QUEUED_KEY)  # from now on, a new batch queues its own sweep
    OUTBOX.move_many(
        OutboxMessage.objects.filter(claimed_at__lt=now - SENDING_LOST_AFTER),
        "retry_later",
        next_attempt_at=now,
        queued_at=None,
    )
    with transaction.atomic():
        due = list(
            OutboxMessage.objects.filter(status=Out.PENDING, next_attempt_at__lte=now)
            .filter(Q(queued_at=None) | Q(queued_at__lt=now - QUEUED_LOST_AFTER))
            .order_by("next_attempt_at")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        OutboxMessage.objects.filter(pk__in=due).update(queued_at=now)
    return due


def outbox_release(*, message_ids: list[int]) -> None:
    """Messages marked as queued whose task could not be queued: the next sweep takes them."""
    OutboxMessage.objects.filter(pk__in=message_ids).update(queued_at=None)


@transaction.atomic
def outbox_retry(*, message: OutboxMessage, by) -> None:
    """Staff send a failed message again, now, with a fresh series of attempts (its last
    error stays shown until it is sent); the activity log keeps who and when."""
    now = timezone.now()
    OUTBOX.move(
        message, "retry", by=by, details={"attempts": [message.attempts, 0]},
        attempts=0, next_attempt_at=now, queued_at=now,
    )  # fmt: skip
    _queue_after_commit(message.pk)


def outbox_retry_failed(*, by) -> int:
    """Staff send every failed message again (after fixing what refused them all, such as
    the SMTP password): each is due now and the sweep queues them, a thousand a minute."""
    failed = OutboxMessage.objects.filter(status=Out.FAILED).exclude(to=OutboxMessage.ERASED_TO)
    moved = OUTBOX.move_many(
        failed, "retry", by=by, attempts=0, next_attempt_at=timezone.now(), queued_at=None
    )
    return len(moved)


def outbox_erase(*, email: str) -> None:
    """Erasure on request: messages to the address lose their content; those not yet
    sent are never sent."""
    messages = OutboxMessage.objects.filter(to__iexact=email)
    OUTBOX.move_many(
        messages, "fail", last_error="erased on request", next_attempt_at=None, queued_at=None
    )
    messages.update(
        to=OutboxMessage.ERASED_TO, subject="", body_text="", body_html="", headers={},
        context=None,
    )  # fmt: skip
