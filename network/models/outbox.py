from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.workflow import StateField, StateMachine, Transition


class OutboxMessage(models.Model):
    """An email rendered and stored before it is sent, so none is lost when SMTP or
    the worker is down. The row says when it may next be tried (`next_attempt_at`) and
    whether a send task is already queued for it (`queued_at`), so one task at most
    carries it; the task claims it with a conditional update (network/outbox.py)."""

    # Where an erased message points: it is never sent again.
    ERASED_TO = "erased@erased.invalid"

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    to = models.EmailField(_("to"))
    from_email = models.CharField(_("from"), max_length=254)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text body"))
    body_html = models.TextField(_("HTML body"), blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    template = models.CharField(_("template"), max_length=100, blank=True)
    # A message queued in a batch (outbox.emails_send) waits here as its template's plain
    # data; the worker renders it in `language` before the first attempt and clears this.
    context = models.JSONField(_("context"), null=True, blank=True, editable=False)
    status = StateField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=False
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # While pending: when it is due. Empty once sent or failed.
    next_attempt_at = models.DateTimeField(
        _("next attempt"), null=True, blank=True, default=timezone.now
    )
    # A send task was queued for it then (and has not finished): the sweep leaves it alone.
    queued_at = models.DateTimeField(_("queued"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        # No address or subject: this is what the activity log keeps of the message.
        return f"#{self.pk} {self.template}".strip()

    @property
    def erased(self) -> bool:
        return self.to == self.ERASED_TO

    @property
    def rendered(self) -> bool:
        return self.context is None


def _not_erased(message):
    if message.erased:
        return _("This email was erased on request; it cannot be sent.")
    return None


Out = OutboxMessage.Status
# Delivery of one message. Not in the activity log (one row per email would drown it):
# the message row itself keeps attempts, the last error and the times. A person's retry
# of a failed message is logged.
OUTBOX = StateMachine(
    OutboxMessage,
    name="outbox",
    record=False,
    transitions=[
        Transition("claim", [Out.PENDING], Out.SENDING, _("Send")),
        Transition("sent", [Out.SENDING], Out.SENT, _("Sent")),
        Transition("retry_later", [Out.SENDING], Out.PENDING, _("Retry later")),
        Transition("fail", [Out.PENDING, Out.SENDING], Out.FAILED, _("Give up")),
        Transition(
            "retry",
            [Out.FAILED],
            Out.PENDING,
            _("Retry"),
            verb="email.retried",
            record=True,
            guards=(_not_erased,),
        ),
    ],
)
