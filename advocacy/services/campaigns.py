"""Campaigns: create, edit, publish (draft → published) and close (published → closed)."""

from django.db import transaction
from django.utils import timezone

from advocacy.models import CAMPAIGN, Campaign
from network.activity import activity_record, changes_between
from network.concurrency import lock_at_version


def _set_image(campaign: Campaign, image, image_type: str) -> None:
    """Store a new image; the one it replaces is deleted once the change is committed."""
    if image:
        replaced, storage = campaign.image.name, campaign.image.storage
        campaign.image.save("image", image, save=False)
        campaign.image_type = image_type
        if replaced:
            transaction.on_commit(lambda: storage.delete(replaced))


@transaction.atomic
def campaign_create(*, by, fields: dict, image=None, image_type: str = "") -> Campaign:
    countries = fields.pop("countries", [])
    campaign = Campaign(created_by=by, **fields)
    campaign.countries = countries
    _set_image(campaign, image, image_type)
    campaign.save()
    activity_record(actor=by, verb="campaign.created", target=campaign)
    return campaign


@transaction.atomic
def campaign_edit(
    *, campaign: Campaign, by, version: int | None, fields: dict, image=None, image_type=""
) -> Campaign:
    """Save the texts and settings if nobody saved them since `version` was read (else
    StaleEdit); the status, moved only by publish and close, is the stored one."""
    campaign = lock_at_version(Campaign.objects, pk=campaign.pk, version=version)
    before = {name: getattr(campaign, name) for name in fields}
    for name, value in fields.items():
        setattr(campaign, name, value)
    _set_image(campaign, image, image_type)
    campaign.save()
    after = {name: getattr(campaign, name) for name in fields}
    changes = changes_between(
        {k: str(v) for k, v in before.items()}, {k: str(v) for k, v in after.items()}
    )
    if image:
        changes["image"] = [None, "new"]
    activity_record(actor=by, verb="campaign.updated", target=campaign, changes=changes)
    return campaign


@transaction.atomic
def campaign_publish(*, campaign: Campaign, by) -> Campaign:
    """Draft → published, once the Spanish texts are there and a petition has a goal."""
    CAMPAIGN.move(campaign, "publish", by=by, published_at=timezone.now())
    return campaign


@transaction.atomic
def campaign_close(*, campaign: Campaign, by) -> Campaign:
    """Published → closed: the page stays, signing stops."""
    CAMPAIGN.move(campaign, "close", by=by, closed_at=timezone.now())
    return campaign
