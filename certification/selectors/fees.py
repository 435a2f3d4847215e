"""Who sees a membership fee and who records its payment: the organization's people see
theirs; network staff (network-wide, or of the organization's country network) see them
and record payments. Certification bodies have no part in the fee."""

import datetime
from enum import StrEnum

from django.conf import settings
from django.db.models import QuerySet

from certification.models import Certificate, MembershipFee
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


def _unpaid_for() -> datetime.timedelta:
    """How long after its due date an unpaid fee suspends: a day, and the grace days."""
    grace = settings.CERTIFICATION_MEMBERSHIP_FEE["suspension_grace_days"]
    return datetime.timedelta(days=grace + 1)


def suspension_due_on(fee_due_on: datetime.date) -> datetime.date:
    """The day an unpaid fee suspends its certificate."""
    return fee_due_on + _unpaid_for()


def fees_suspending(*, on: datetime.date) -> QuerySet[MembershipFee]:
    """The fees whose non-payment suspends their certificate by day `on`: still due on
    suspension_due_on or before, not yet having suspended it, and the certificate issued
    from their resolution active and the organization's current one. The one definition
    the sweep's notice and its move read."""
    return MembershipFee.objects.filter(
        status=MembershipFee.Status.DUE,
        suspended_certificate__isnull=True,
        due_on__lte=on - _unpaid_for(),
        resolution__certificate__status=Certificate.Status.ACTIVE,
        resolution__certificate__is_current=True,
    )
