from django.db import models
from django.utils.translation import gettext_lazy as _

from network.workflow import StateField, StateMachine, Transition


class OutboxMessage(models.Model):
    """An email rendered and stored before it is sent, so none is lost when SMTP or
    the worker is down; the send task claims it with a conditional update."""

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
    status = StateField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=False
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.to}: {self.subject}"


Out = OutboxMessage.Status
# Delivery of one message. Not in the activity log (one row per email would drown it):
# the message row itself keeps attempts, the last error and the times.
OUTBOX = StateMachine(
    OutboxMessage,
    name="outbox",
    record=False,
    transitions=[
        Transition("claim", [Out.PENDING], Out.SENDING, _("Send")),
        Transition("sent", [Out.SENDING], Out.SENT, _("Sent")),
        Transition("retry_later", [Out.SENDING], Out.PENDING, _("Retry later")),
        Transition("fail", [Out.PENDING, Out.SENDING], Out.FAILED, _("Give up")),
        Transition("retry", [Out.FAILED], Out.PENDING, _("Retry")),
    ],
)
