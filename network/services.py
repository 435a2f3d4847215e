"""Writes of the network app: outbox delivery and people's own profiles."""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from network.activity import activity_record, changes_between
from network.models import OUTBOX, OutboxMessage, User

logger = logging.getLogger(__name__)

# Errors after which sending again later may work; anything else is a bug to surface.
TRANSIENT_SMTP_ERRORS = (
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    smtplib.SMTPHeloError,
    smtplib.SMTPDataError,
    smtplib.SMTPSenderRefused,
    ConnectionError,
    TimeoutError,
    OSError,
)


class TransientEmailError(Exception):
    """Sending failed in a way that a later attempt may fix."""


def outbox_deliver(*, message_id: int) -> bool:
    """Send one outbox message exactly once; False when it was not ours to send.

    The conditional UPDATE claims the row, so a duplicated task or a sweep sends nothing
    twice. On a transient error the row goes back to pending and the caller retries.
    """
    claimed = OUTBOX.move_many(
        OutboxMessage.objects.filter(pk=message_id),
        "claim",
        claimed_at=timezone.now(),
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return False
    message = OutboxMessage.objects.get(pk=message_id)
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=message.from_email,
        to=[message.to],
        headers=message.headers,
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    try:
        get_connection(fail_silently=False).send_messages([email])
    except TRANSIENT_SMTP_ERRORS as error:
        OUTBOX.move(message, "retry_later", last_error=str(error)[:2000])
        raise TransientEmailError(str(error)) from error
    OUTBOX.move(message, "sent", sent_at=timezone.now(), last_error="")
    return True


def outbox_mark_failed(*, message_id: int, error: str) -> None:
    OUTBOX.move_many(OutboxMessage.objects.filter(pk=message_id), "fail", last_error=error[:2000])


def outbox_erase(*, email: str) -> None:
    """Erasure on request: messages to the address lose their content; those not yet
    sent are never sent."""
    messages = OutboxMessage.objects.filter(to__iexact=email)
    OUTBOX.move_many(messages, "fail", last_error="erased on request")
    messages.update(to="erased@erased.invalid", subject="", body_text="", body_html="", headers={})


def outbox_due(*, now=None) -> list[int]:
    """Messages whose send task was lost: pending a while, or claimed by a dead worker."""
    now = now or timezone.now()
    OUTBOX.move_many(
        OutboxMessage.objects.filter(claimed_at__lt=now - timedelta(minutes=15)), "retry_later"
    )
    return list(
        OutboxMessage.objects.filter(
            status=OutboxMessage.Status.PENDING, created_at__lt=now - timedelta(minutes=2)
        ).values_list("pk", flat=True)[:1000]
    )


def welcome_send(*, user) -> None:
    """Greet a person whose address is now verified, in their language."""
    from network.email import email_send

    email_send(
        to=user.email,
        template="welcome",
        context={"user": user, "site_url": settings.SITE_URL},
        language=user.language,
    )


def profile_update(*, user, data: dict) -> None:
    """A person changes their own name or language; recorded like any other change."""
    with transaction.atomic():
        # From the row, not the instance: a bound ModelForm has already changed it.
        before = User.objects.filter(pk=user.pk).values(*data).get()
        for field, value in data.items():
            setattr(user, field, value)
        user.save(update_fields=list(data))
        changes = changes_between(before, data)
        if changes:
            activity_record(actor=user, verb="profile.updated", target=user, changes=changes)
