"""The membership fee: made when a resolution grants certification, paid as network staff
record it (certification/models/fees.py says what it holds)."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certification.models import MEMBERSHIP_FEE, MembershipFee, Resolution
from certification.selectors.fees import FeeCapability, fee_capabilities
from network.activity import activity_record


def membership_fee_amount(members: int | None) -> Decimal:
    """The amount for a number of members: the first band that holds it (an unknown
    number counts as the smallest band)."""
    for limit, amount in settings.CERTIFICATION_MEMBERSHIP_FEE["by_members"]:
        if limit is None or (members or 0) <= limit:
            return Decimal(amount)
    raise ValueError("CERTIFICATION_MEMBERSHIP_FEE needs a last band with no limit (None)")


def membership_fee_create(*, resolution: Resolution) -> MembershipFee | None:
    """The fee a granted resolution calls for, once (called in the resolution's
    transaction; a second call finds it)."""
    if not resolution.grants:
        return None
    rules = settings.CERTIFICATION_MEMBERSHIP_FEE
    application = resolution.application
    decided_on = timezone.localdate(resolution.decided_at)
    fee, created = MembershipFee.objects.get_or_create(
        resolution=resolution,
        defaults={
            "organization_id": application.organization_id,
            "members": application.members_total,
            "amount": membership_fee_amount(application.members_total),
            "sales_percent": Decimal(rules["sps_sales_percent"]),
            "currency": rules["currency"],
            "due_on": decided_on + datetime.timedelta(days=rules["due_days"]),
        },
    )
    if created:
        activity_record(
            actor=resolution.decided_by,
            verb="membership_fee.created",
            target=fee,
            scope=fee.organization,
            changes={"amount": [None, str(fee.amount)], "due_on": [None, str(fee.due_on)]},
        )
    return fee


def membership_fee_pay(*, fee: MembershipFee, by, paid_on: datetime.date) -> MembershipFee:
    """Network staff record the payment: the reminders stop (their query keeps only fees
    still due). Two people recording it at once: the second is told it was done."""
    if FeeCapability.RECORD_PAYMENT not in fee_capabilities(by, fee):
        raise PermissionDenied
    if paid_on > timezone.localdate():
        raise ValidationError(_("The payment date cannot be in the future."))
    with transaction.atomic():
        MEMBERSHIP_FEE.move(fee, "pay", by=by, paid_on=paid_on,
                            details={"paid_on": [None, paid_on.isoformat()]})  # fmt: skip
    return fee
