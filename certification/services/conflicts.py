"""Conflict-of-interest declarations: each one a new, dated record; the newest
supersedes the earlier ones, which stay as the history."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from certification.dates import period_end
from certification.models import ConflictDeclaration
from certification.selectors import may_declare
from network.activity import activity_record


@transaction.atomic
def conflict_declare(
    *, person, organization, outcome: str, details: str = "", on=None
) -> ConflictDeclaration:
    """Record that `person` has no conflict of interest with `organization`, or has one
    (`details` say what), valid for CERTIFICATION_CONFLICT_DECLARATION_MONTHS."""
    if not may_declare(person):
        raise PermissionDenied
    details = details.strip()
    if outcome == ConflictDeclaration.Outcome.CONFLICT and not details:
        raise ValueError("a declared conflict needs its details")
    declared_on = on or timezone.localdate()
    declaration = ConflictDeclaration.objects.create(
        person=person,
        organization=organization,
        outcome=outcome,
        details=details,
        declared_on=declared_on,
        valid_until=period_end(declared_on, settings.CERTIFICATION_CONFLICT_DECLARATION_MONTHS),
    )
    # The details stay on the declaration: the log says who declared what, and until when.
    activity_record(
        actor=person,
        verb="conflict_of_interest.declared",
        target=declaration,
        changes={
            "organization": str(organization),
            "outcome": outcome,
            "valid_until": declaration.valid_until.isoformat(),
        },
    )
    return declaration
