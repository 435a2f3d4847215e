"""Updates to signers: compose, edit, send in resumable batches, each recipient once."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from advocacy import selectors, tokens
from advocacy.models import UPDATE, Campaign, CampaignUpdate, Signature, UpdateDelivery
from advocacy.services.common import TransitionNotAllowed, absolute_url
from network.activity import activity_record, changes_between
from network.outbox import email_send


@transaction.atomic
def update_create(*, campaign: Campaign, by, language: str, subject: str, body: str):
    update = CampaignUpdate.objects.create(
        campaign=campaign, language=language, subject=subject, body=body, created_by=by
    )
    activity_record(actor=by, verb="update.created", target=update, scope=campaign)
    return update


@transaction.atomic
def update_edit(*, update: CampaignUpdate, by, subject: str, body: str) -> CampaignUpdate:
    if update.status != CampaignUpdate.Status.DRAFT:
        raise TransitionNotAllowed(_("Only a draft update can be edited."))
    changes = changes_between(
        {"subject": update.subject, "body": update.body}, {"subject": subject, "body": body}
    )
    update.subject, update.body = subject, body
    update.save(update_fields=["subject", "body"])
    activity_record(actor=by, verb="update.updated", target=update, scope=update.campaign,
                    changes=changes)  # fmt: skip
    return update


def update_email(update: CampaignUpdate, signature: Signature) -> dict:
    """The arguments of email_send for one recipient: their unsubscribe link in the body
    and in the RFC 8058 one-click headers."""
    unsubscribe_url = absolute_url(
        reverse("advocacy:unsubscribe", args=[tokens.unsubscribe_token(signature.pk)])
    )
    return {
        "to": signature.email,
        "template": "advocacy_update",
        "context": {
            "subject": update.subject,
            "body": update.body,
            "name": signature.first_name,
            "campaign_title": update.campaign.localized("title", update.language),
            "campaign_url": absolute_url(
                reverse(
                    "advocacy:campaign_detail",
                    args=[update.campaign.localized("slug", update.language)],
                )
            ),  # fmt: skip
            "unsubscribe_url": unsubscribe_url,
        },
        "language": update.language,
        "headers": {
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    }


@transaction.atomic
def update_send(*, update: CampaignUpdate, by) -> CampaignUpdate:
    """Draft → sending; the batches go out from the `email` queue."""
    from advocacy import tasks

    UPDATE.move(update, "send", by=by, sending_started_at=timezone.now())
    tasks.email_update_batch.delay_on_commit(update.pk)
    return update


def update_send_batch(*, update_id: int, batch_size: int | None = None) -> bool:
    """Send the next batch of an update; True while recipients remain.

    The update row is locked for the batch (a second worker skips it), each recipient is
    claimed by a unique delivery row written in the same transaction as their outbox
    message: a crash rolls both back, a retry never sends twice."""
    batch_size = batch_size or settings.ADVOCACY_UPDATE_BATCH_SIZE
    with transaction.atomic():
        update = (
            CampaignUpdate.objects.select_for_update(skip_locked=True)
            .select_related("campaign")
            .filter(pk=update_id, status=CampaignUpdate.Status.SENDING)
            .first()
        )
        if update is None:
            return False
        already = UpdateDelivery.objects.filter(update=update, signature=OuterRef("pk"))
        recipients = list(
            selectors.update_recipients(update).filter(~Exists(already)).order_by("pk")[:batch_size]
        )
        deliveries = []
        for signature in recipients:
            message = email_send(**update_email(update, signature))
            deliveries.append(
                UpdateDelivery(update=update, signature=signature, outbox_message_id=message.pk)
            )
        UpdateDelivery.objects.bulk_create(deliveries)
        now = timezone.now()
        CampaignUpdate.objects.filter(pk=update.pk).update(
            sent_count=F("sent_count") + len(deliveries), last_batch_at=now
        )
        more = len(recipients) == batch_size
        if not more:
            update.refresh_from_db(fields=["sent_count", "last_batch_at"])
            UPDATE.move(update, "finish", finished_at=now)
    return more


def updates_stalled(*, now=None) -> list[int]:
    """Updates still sending whose next batch was lost (worker crash): resume them."""
    now = now or timezone.now()
    quiet_since = now - timedelta(seconds=settings.ADVOCACY_UPDATE_BATCH_PAUSE + 90)
    return list(
        CampaignUpdate.objects.filter(status=CampaignUpdate.Status.SENDING)
        .filter(
            Q(last_batch_at__lt=quiet_since)
            | Q(last_batch_at=None, sending_started_at__lt=quiet_since)
        )
        .values_list("pk", flat=True)
    )
