"""Writes of the network app: outbox delivery and the activity log."""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from network.models import ActivityLog, OutboxMessage, User

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
    claimed = OutboxMessage.objects.filter(
        pk=message_id, status=OutboxMessage.Status.PENDING
    ).update(
        status=OutboxMessage.Status.SENDING,
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
        OutboxMessage.objects.filter(pk=message_id).update(
            status=OutboxMessage.Status.PENDING, last_error=str(error)[:2000]
        )
        raise TransientEmailError(str(error)) from error
    OutboxMessage.objects.filter(pk=message_id).update(
        status=OutboxMessage.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return True


def outbox_mark_failed(*, message_id: int, error: str) -> None:
    OutboxMessage.objects.filter(pk=message_id).exclude(status=OutboxMessage.Status.SENT).update(
        status=OutboxMessage.Status.FAILED, last_error=error[:2000]
    )


def outbox_due(*, now=None) -> list[int]:
    """Messages whose send task was lost: pending a while, or claimed by a dead worker."""
    now = now or timezone.now()
    with transaction.atomic():
        OutboxMessage.objects.filter(
            status=OutboxMessage.Status.SENDING, claimed_at__lt=now - timedelta(minutes=15)
        ).update(status=OutboxMessage.Status.PENDING)
    return list(
        OutboxMessage.objects.filter(
            status=OutboxMessage.Status.PENDING, created_at__lt=now - timedelta(minutes=2)
        ).values_list("pk", flat=True)[:1000]
    )


def activity_record(
    *,
    actor,
    verb: str,
    target: models.Model,
    scope: models.Model | None = None,
    changes: dict | None = None,
    reason: str = "",
) -> ActivityLog:
    """The one call that writes the audit trail: who did `verb` to `target`, and why."""
    scope = scope if scope is not None else target
    return ActivityLog.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        verb=verb,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:200],
        scope_type=scope._meta.label_lower,
        scope_id=str(scope.pk),
        changes=changes or {},
        reason=reason,
    )


def changes_between(before: dict, after: dict) -> dict:
    """{field: [old, new]} for the fields that differ, as JSON-friendly strings."""
    return {
        key: [_plain(before.get(key)), _plain(value)]
        for key, value in after.items()
        if before.get(key) != value
    }


def _plain(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


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
            activity_record(actor=user, verb="profile_updated", target=user, changes=changes)
