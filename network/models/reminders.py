"""Reminders (network/reminders.py): the ledger that makes each one go once, the in-app
notifications people read, and the optional reminders people turned off."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReminderClaim(models.Model):
    """One reminder to one person: the claim and the sent log.

    The unique (rule, object, occurrence, recipient) row is inserted (`ON CONFLICT DO
    NOTHING`) in the same transaction that writes its outbox message and its in-app
    notification: two sweeps, a retried task or two beat ticks find the row there and
    send nothing; a crash before commit leaves no row, so the next sweep sends it."""

    rule = models.CharField(_("reminder"), max_length=80)
    object_id = models.CharField(_("record"), max_length=40)
    # Which notice of the rule for the object: its due date unless the rule says more.
    occurrence = models.CharField(_("occurrence"), max_length=40)
    # "user:<id>" for a person with an account, else the address written to.
    recipient = models.CharField(_("recipient"), max_length=254)
    due_on = models.DateField(_("due on"))
    object_label = models.CharField(_("about"), max_length=200, blank=True)
    # No index on these two: nothing looks claims up by them, and every index costs each
    # of a sweep's 100,000 inserts (and would make the outbox link's update non-HOT).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    language = models.CharField(_("language"), max_length=8)
    # False when the person turned this kind of reminder off (in-app only), or has no
    # address.
    emailed = models.BooleanField(_("emailed"), default=False)
    outbox_message = models.ForeignKey(
        "network.OutboxMessage",
        verbose_name=_("email"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    claimed_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-claimed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "object_id", "occurrence", "recipient"],
                name="reminder_once_per_recipient",
            )
        ]
        indexes = [models.Index(fields=["-claimed_at", "-id"], name="reminder_sent_log")]

    def __str__(self):
        return f"{self.rule} · {self.object_label or self.object_id} · {self.occurrence}"


class Notification(models.Model):
    """What a person finds in their notification centre. The text is the reminder
    email's subject, rendered when it is read, in the reader's language, from the plain
    data stored here (network/plaindata.py)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,  # the (user, created) index below serves
    )
    rule = models.CharField(_("reminder"), max_length=80)
    template = models.CharField(_("template"), max_length=100)
    context = models.JSONField(_("context"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at", "-id"], name="notification_by_user"),
            # The header's unread count: one index-only count per page.
            models.Index(fields=["user"], condition=Q(read_at=None), name="notification_unread"),
        ]

    def __str__(self):
        return f"{self.rule} → {self.user_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class ReminderOptOut(models.Model):
    """A family of optional reminders a person (or an address) no longer wants by email.
    Essential reminders ignore it."""

    recipient = models.CharField(_("recipient"), max_length=254)
    family = models.CharField(_("kind of reminder"), max_length=40)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder turned off")
        verbose_name_plural = _("reminders turned off")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "family"], name="reminder_opt_out_once")
        ]

    def __str__(self):
        return f"{self.recipient} · {self.family}"
