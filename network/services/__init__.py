"""Writes of the network app: people's own profiles. Email is network/outbox.py."""

from django.conf import settings
from django.db import transaction

from network.activity import activity_record, changes_between
from network.models import User
from network.outbox import email_send


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
