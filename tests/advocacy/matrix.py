"""Every advocacy URL × every persona (contract in tests/matrix.py).

Public pages answer everyone; staff pages send anonymous visitors to the login page;
for everyone without the capability to manage campaigns, pages on an object are 404
(even a published campaign: ids of /manage/ cannot be probed) and pages without one
403. The expectations are written out, not computed from the permission
functions the views use, so a wrong capability check fails here."""

from django.utils import timezone

from advocacy import tokens
from advocacy.models import Campaign, Declaration
from tests.advocacy.factories import (
    CampaignFactory,
    DeclarationFactory,
    ResourceFactory,
    SignatureFactory,
    UpdateFactory,
)
from tests.matrix import ANONYMOUS, EVALUATOR, LOGIN, NETWORK_STAFF, OTHER_COUNTRY_STAFF, Route


def staff(*, outsiders: int = 404, ok: int = 200) -> dict:
    """A staff page: LOGIN for anonymous, `ok` for network staff (network-wide or of a
    country network: producers' matrix gives them those roles), `outsiders` for everyone
    else (404 on an object's page, 403 on a page without one)."""
    return {ANONYMOUS: LOGIN, NETWORK_STAFF: ok, OTHER_COUNTRY_STAFF: ok, "*": outsiders}


def build(world) -> dict:
    campaign = CampaignFactory(slug_es="campana-matriz", image="")
    draft = CampaignFactory(slug_es="borrador-matriz", status=Campaign.Status.DRAFT)
    towns = CampaignFactory(slug_es="pueblos-matriz", kind=Campaign.Kind.TOWNS, goal=None)
    signature = SignatureFactory(campaign=campaign, email="matrix-signer@example.org")
    declared = DeclarationFactory(
        campaign=towns, status=Declaration.Status.DECLARED, declared_on=timezone.localdate()
    )
    declared.certificate.save("c.pdf", _pdf_bytes(), save=True)
    goal = declared.goals.get(number=1)
    goal.evidence_file.save("e", _pdf_bytes(), save=False)
    goal.evidence_file_type = "application/pdf"
    goal.save()
    interested = DeclarationFactory(campaign=towns)
    members_resource = ResourceFactory.build(
        visibility="members", link="", file_type="application/pdf"
    )
    members_resource.file.save("r.pdf", _pdf_bytes())  # and the resource
    return {
        "campaign": campaign,
        "draft": draft,
        "towns": towns,
        "signature": signature,
        "update": UpdateFactory(campaign=campaign),
        "declared": declared,
        "interested": interested,
        "resource": ResourceFactory(),
        "members_resource": members_resource,
    }


def _pdf_bytes():
    from django.core.files.base import ContentFile

    return ContentFile(b"%PDF-1.4\n%minimal\n")


def _slug(objects):
    return {"slug": objects["campaign"].slug_es}


def _pk(name):
    return lambda objects: {"pk": objects[name].pk}


PUBLIC = {"*": 200}

ROUTES = {
    # Public pages: everyone, and drafts are 404 for all but staff.
    "advocacy:campaign_list": Route(expect=PUBLIC),
    "advocacy:campaign_detail": Route(kwargs=_slug, expect=PUBLIC),
    "advocacy:campaign_thanks": Route(kwargs=_slug, expect=PUBLIC),
    "advocacy:campaign_sign": Route(
        kwargs=_slug,
        method="post",
        data=lambda objects: {"name": "Ana Pérez", "email": "ana@example.org", "country": "PE"},
        expect={"*": 302},
    ),
    "advocacy:campaign_image": Route(kwargs=_slug, expect={"*": 404}),  # no image
    "advocacy:declaration_apply": Route(
        kwargs=lambda objects: {"slug": objects["towns"].slug_es}, expect=PUBLIC
    ),
    "advocacy:declaration_applied": Route(
        kwargs=lambda objects: {"slug": objects["towns"].slug_es}, expect=PUBLIC
    ),
    "advocacy:declared_list": Route(expect=PUBLIC),
    "advocacy:declaration_certificate": Route(kwargs=_pk("declared"), expect=PUBLIC),
    "advocacy:signature_confirm": Route(
        kwargs=lambda objects: {"token": tokens.confirm_token(objects["signature"].pk)},
        expect=PUBLIC,
    ),
    "advocacy:unsubscribe": Route(
        kwargs=lambda objects: {"token": tokens.unsubscribe_token(objects["signature"].pk)},
        expect=PUBLIC,
    ),
    "advocacy:unsubscribe_all": Route(
        kwargs=lambda objects: {"token": tokens.unsubscribe_token(objects["signature"].pk)},
        method="post",
        expect=PUBLIC,
    ),
    "advocacy:resource_list": Route(expect=PUBLIC),
    # A members-only file: people of member organizations and staff; nobody else (not
    # the evaluator, who works for a certification body) learns it exists.
    "advocacy:resource_file": Route(
        kwargs=_pk("members_resource"),
        expect={ANONYMOUS: 404, EVALUATOR: 404, "*": 200},
    ),
    # Staff pages: lists and forms without an object are 403 for outsiders, objects 404.
    "advocacy:manage_campaigns": Route(expect=staff(outsiders=403)),
    "advocacy:campaign_create": Route(expect=staff(outsiders=403)),
    "advocacy:campaign_manage": Route(kwargs=_pk("campaign"), expect=staff()),
    "advocacy:campaign_edit": Route(kwargs=_pk("campaign"), expect=staff()),
    "advocacy:campaign_preview": Route(kwargs=_pk("draft"), expect=staff()),
    "advocacy:campaign_publish": Route(kwargs=_pk("draft"), method="post", expect=staff(ok=302)),
    "advocacy:campaign_close": Route(kwargs=_pk("campaign"), method="post", expect=staff(ok=302)),
    "advocacy:signatures_export": Route(kwargs=_pk("campaign"), expect=staff()),
    "advocacy:signers": Route(kwargs=_pk("campaign"), expect=staff()),
    "advocacy:signer_erase": Route(expect=staff(outsiders=403)),
    "advocacy:update_create": Route(kwargs=_pk("campaign"), expect=staff()),
    "advocacy:update_detail": Route(kwargs=_pk("update"), expect=staff()),
    "advocacy:update_send": Route(kwargs=_pk("update"), method="post", expect=staff(ok=302)),
    "advocacy:manage_declarations": Route(expect=staff(outsiders=403)),
    "advocacy:declaration_manage": Route(kwargs=_pk("interested"), expect=staff()),
    "advocacy:declaration_goal": Route(
        kwargs=lambda objects: {"pk": objects["declared"].pk, "number": 1},
        method="post",
        data=lambda objects: {"action": "save", "goal1-text": "x"},
        expect=staff(ok=302),
    ),
    "advocacy:declaration_evidence": Route(
        kwargs=lambda objects: {"pk": objects["declared"].pk, "number": 1},
        expect=staff(),
    ),
    "advocacy:declaration_start": Route(
        kwargs=_pk("interested"), method="post", expect=staff(ok=302)
    ),
    "advocacy:declaration_declare": Route(
        kwargs=_pk("declared"), method="post", expect=staff(ok=302)
    ),
    "advocacy:resource_create": Route(expect=staff(outsiders=403)),
    "advocacy:resource_edit": Route(kwargs=_pk("resource"), expect=staff()),
}
