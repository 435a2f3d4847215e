"""Campaigns: create, edit, publish (draft → published) and close (published → closed)."""

from django.db import transaction
from django.utils import timezone

from advocacy.models import CAMPAIGN, Campaign
from network.activity import activity_record, changes_between
from network.concurrency import lock_at_version
from network.files import replace_private


def _set_image(campaign: Campaign, image) -> None:
    """Store a new image (checked: it carries `.checked`); the one it replaces is deleted
    once the change is committed."""
    if image is not None:
        replace_private(campaign, "image", image, checked=image.checked)
        campaign.image_type = image.checked.kind.content_type


@transaction.atomic
def campaign_create(*, by, fields: dict, image=None) -> Campaign:
    countries = fields.pop("countries", [])
    campaign = Campaign(created_by=by, **fields)
    campaign.countries = countries
    _set_image(campaign, image)
    campaign.save()
    activity_record(actor=by, verb="campaign.created", target=campaign)
    return campaign


@transaction.atomic
def campaign_edit(
    *, campaign: Campaign, by, version: int | None, fields: dict, image=None
) -> Campaign:
    """Save the texts and settings if nobody saved them since `version` was read (else
    StaleEdit); the status, moved only by publish and close, is the stored one."""
    campaign = lock_at_version(Campaign.objects, pk=campaign.pk, version=version)
    before = {name: getattr(campaign, name) for name in fields}
    for name, value in fields.items():
        setattr(campaign, name, value)
    _set_image(campaign, image)
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
