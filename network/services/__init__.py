"""Writes of the network app: people's own profiles. Email is network/outbox.py."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from network.activity import activity_record, changes_between
from network.models import Notification, ReminderOptOut, User
from network.outbox import email_send
from network.reminders import user_key


def welcome_send(*, user) -> None:
    """Greet a person whose address is now verified, in their language."""
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


# --- Notifications and reminder preferences -----------------------------------------------


def notification_read(*, notification) -> None:
    """Mark one notification read (its owner's action; reading twice changes nothing)."""
    Notification.objects.filter(pk=notification.pk, read_at=None).update(read_at=timezone.now())


def notifications_read_all(*, user) -> int:
    return Notification.objects.filter(user=user, read_at=None).update(read_at=timezone.now())


@transaction.atomic
def reminder_preferences_save(*, user, offered: list[str], emailed: list[str]) -> None:
    """Of the optional families `offered` to the person, email those in `emailed` and
    turn the others off; logged like other changes to a person's settings."""
    key = user_key(user)
    before = set(ReminderOptOut.objects.filter(recipient=key).values_list("family", flat=True))
    off = set(offered) - set(emailed)
    ReminderOptOut.objects.filter(recipient=key, family__in=set(offered) - off).delete()
    ReminderOptOut.objects.bulk_create(
        [ReminderOptOut(recipient=key, family=family) for family in sorted(off - before)],
        ignore_conflicts=True,
    )
    after = (before - set(offered)) | off
    if after != before:
        activity_record(
            actor=user,
            verb="reminder_preferences.updated",
            target=user,
            changes={"reminders_off": [sorted(before), sorted(after)]},
        )


def reminders_unsubscribe(*, recipient_key: str, family: str) -> None:
    """One-click unsubscribe from an optional reminder email (idempotent)."""
    ReminderOptOut.objects.bulk_create(
        [ReminderOptOut(recipient=recipient_key, family=family)], ignore_conflicts=True
    )
