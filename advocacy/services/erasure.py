"""Erasing a signer on request: their personal data goes from every place we keep it."""

from django.db import transaction
from django.utils import timezone

from advocacy.models import Signature, UpdateDelivery
from network.models import OutboxMessage
from network.services import activity_record


@transaction.atomic
def signer_erase(*, email: str, by) -> int:
    """Remove a person's data everywhere we keep it: their signatures (the rows stay,
    anonymous, so counts do not change), the records of updates sent to them, and the
    stored copies of the emails sent to them. Returns the number of signatures erased."""
    email = email.strip().lower()
    if not email:
        return 0
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
    OutboxMessage.objects.filter(to__iexact=email).update(
        to="erased@erased.invalid",
        subject="",
        body_text="",
        body_html="",
        headers={},
        status=OutboxMessage.Status.FAILED,
        last_error="erased on request",
    )
    for signature in signatures:
        activity_record(
            actor=by,
            verb="signature.erase",
            target=signature,
            scope=signature.campaign,
            reason="erased on the signer's request",
        )
    return len(signatures)
