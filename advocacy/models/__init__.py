"""Tables of the advocacy app, one module per aggregate."""

from advocacy.models.campaigns import (
    CAMPAIGN,
    FALLBACK_LANGUAGE,
    TEXT_LANGUAGES,
    Campaign,
    Signature,
    SignatureTally,
)
from advocacy.models.declarations import (
    DECLARATION,
    GOAL_COUNT,
    GOALS,
    Declaration,
    DeclarationGoal,
)
from advocacy.models.resources import Resource
from advocacy.models.updates import UPDATE, CampaignUpdate, UpdateDelivery

__all__ = [
    "CAMPAIGN",
    "DECLARATION",
    "UPDATE",
    "FALLBACK_LANGUAGE",
    "GOALS",
    "GOAL_COUNT",
    "TEXT_LANGUAGES",
    "Campaign",
    "CampaignUpdate",
    "Declaration",
    "DeclarationGoal",
    "Resource",
    "Signature",
    "SignatureTally",
    "UpdateDelivery",
]
