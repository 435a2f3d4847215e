"""The words of the advocacy app's activity log: each verb it records, as shown
(registered with network.activity in AdvocacyConfig.ready)."""

from django.utils.translation import gettext_lazy as _

VERBS = {
    "campaign.created": _("created the campaign"),
    "campaign.updated": _("edited the campaign"),
    "campaign.published": _("published the campaign"),
    "campaign.closed": _("closed the campaign"),
    "signatures.exported": _("exported the signatures"),
    "signature.erased": _("erased a signer's details on request"),
    "update.created": _("wrote an update to signers"),
    "update.updated": _("edited an update to signers"),
    "update.dispatched": _("started sending an update"),
    "update.delivered": _("finished sending an update"),
    "declaration.applied": _("applied for the title"),
    "declaration.started": _("started checking the goals"),
    "declaration.evidence_updated": _("updated the evidence of a goal"),
    "declaration.goal_verified": _("verified a goal"),
    "declaration.goal_unverified": _("withdrew the verification of a goal"),
    "declaration.declared": _("declared the title"),
    "declaration.renewal_requested": _("asked for the yearly renewal"),
    "declaration.contact_erased": _("erased the contact's details on request"),
    "resource.created": _("added a resource"),
    "resource.updated": _("edited a resource"),
}
CHANGE_LABELS = {"goal": _("goal"), "image": _("image"), "rows": _("rows")}
