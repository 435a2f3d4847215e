from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from advocacy.models.campaigns import Campaign, Signature
from network.workflow import StateField, StateMachine, Transition


class CampaignUpdate(models.Model):
    """News sent to the confirmed signers of a campaign who agreed, in one language."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="updates")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("message"))
    status = StateField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    sent_count = models.PositiveIntegerField(_("sent"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sending_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_batch_at = models.DateTimeField(null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("update to signers")
        verbose_name_plural = _("updates to signers")
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject


S = CampaignUpdate.Status
# An update is written as a draft, then sent in batches until every recipient has it.
UPDATE = StateMachine(
    CampaignUpdate,
    name="update",
    scope=lambda update: update.campaign,
    transitions=[
        Transition("send", [S.DRAFT], S.SENDING, _("Send"), verb="update.dispatched"),
        Transition("finish", [S.SENDING], S.SENT, _("Sent to everyone"), verb="update.delivered"),
    ],
)


class UpdateDelivery(models.Model):
    """The claim that one signer gets one update: the unique row is written in the same
    transaction as the outbox message, so a crash or a retry never sends twice."""

    update = models.ForeignKey(CampaignUpdate, on_delete=models.CASCADE, related_name="deliveries")
    signature = models.ForeignKey(Signature, on_delete=models.CASCADE, related_name="deliveries")
    outbox_message_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["update", "signature"], name="one_delivery_per_signer")
        ]

    def __str__(self):
        return f"{self.update_id} → {self.signature_id}"
