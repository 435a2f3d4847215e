"""Who sees a membership fee and who records its payment: the organization's people see
theirs; network staff (network-wide, or of the organization's country network) see them
and record payments. Certification bodies have no part in the fee."""

from enum import StrEnum

from django.db.models import QuerySet

from certification.models import MembershipFee
from producers.selectors import Capability, organization_capabilities, organizations_visible_to


class FeeCapability(StrEnum):
    VIEW = "view"
    RECORD_PAYMENT = "record_payment"


def fees_visible_to(user) -> QuerySet[MembershipFee]:
    if not getattr(user, "is_authenticated", False):
        return MembershipFee.objects.none()
    return MembershipFee.objects.filter(
        organization__in=organizations_visible_to(user).values("pk")
    )


def fee_capabilities(user, fee: MembershipFee) -> frozenset:
    capabilities = organization_capabilities(user, fee.organization)
    found = set()
    if Capability.VIEW in capabilities:
        found.add(FeeCapability.VIEW)
    if Capability.DECIDE_MEMBERSHIP in capabilities:  # the network's staff only
        found.add(FeeCapability.RECORD_PAYMENT)
    return frozenset(found)


def fees_listed(user) -> QuerySet[MembershipFee]:
    """The fees page: those still due first, soonest first; then the paid ones."""
    return (
        fees_visible_to(user)
        .select_related("organization", "resolution__application")
        .order_by("status", "due_on", "pk")  # "due" before "paid"
    )
