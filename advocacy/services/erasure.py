"""Erasing a person on request: their personal data goes from every place we keep it."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from advocacy.models import Declaration, Signature, UpdateDelivery
from network.activity import activity_record
from network.outbox import outbox_erase

CONTACT_FIELDS = ("contact_name", "contact_role", "contact_email", "contact_phone")


@dataclass(frozen=True)
class Erased:
    signatures: int
    declarations: int


@transaction.atomic
def signer_erase(*, email: str, by) -> Erased:
    """Remove a person's data everywhere we keep it: their signatures (the rows stay,
    anonymous, so counts do not change), the records of updates sent to them, their
    details as the contact of a town's or university's declaration (the institution and
    its declaration stay), and the stored copies of the emails sent to them."""
    email = email.strip().lower()
    if not email:
        return Erased(signatures=0, declarations=0)
    signatures = list(Signature.objects.filter(email=email).select_related("campaign"))
    UpdateDelivery.objects.filter(signature__in=signatures).delete()
    Signature.objects.filter(pk__in=[s.pk for s in signatures]).update(
        name="",
        email="",
        city="",
        organization="",
        consent_updates=False,
        show_publicly=False,
        unsubscribed_at=timezone.now(),
        erased_at=timezone.now(),
    )
    # The contact typed the address themselves, in any case.
    declarations = list(
        Declaration.objects.select_for_update(of=("self",))
        .filter(contact_email__iexact=email)
        .select_related("campaign")
    )
    Declaration.objects.filter(pk__in=[d.pk for d in declarations]).update(
        **dict.fromkeys(CONTACT_FIELDS, "")
    )
    outbox_erase(email=email)
    for signature in signatures:
        activity_record(
            actor=by,
            verb="signature.erased",
            target=signature,
            scope=signature.campaign,
            reason="erased on the signer's request",
        )
    for declaration in declarations:
        activity_record(
            actor=by,
            verb="declaration.contact_erased",
            target=declaration,
            scope=declaration.campaign,
            changes={"erased": list(CONTACT_FIELDS)},  # which fields, never their values
            reason="erased on the contact's request",
        )
    return Erased(signatures=len(signatures), declarations=len(declarations))
