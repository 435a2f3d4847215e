"""The membership fee: made when a resolution grants certification, paid as network staff
record it (certification/models/fees.py says what it holds); unpaid past its due date it
suspends the certificate of its resolution (the sweep's move), and its payment
reinstates it."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from certification.models import CERTIFICATE, MEMBERSHIP_FEE, Certificate, MembershipFee, Resolution
from certification.selectors.fees import FeeCapability, fee_capabilities, fees_suspending
from certification.services.certificates import certificate_move, certificates_suspend
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
    still due), and the certificate its non-payment suspended is reinstated in the same
    transaction. Two people recording it at once: the second is told it was done."""
    if FeeCapability.RECORD_PAYMENT not in fee_capabilities(by, fee):
        raise PermissionDenied
    if paid_on > timezone.localdate():
        raise ValidationError(_("The payment date cannot be in the future."))
    with transaction.atomic():
        MEMBERSHIP_FEE.move(fee, "pay", by=by, paid_on=paid_on,
                            details={"paid_on": [None, paid_on.isoformat()]})  # fmt: skip
        # Read after the move: a sweep that suspended meanwhile held the fee's row, and the
        # move waited for it.
        fee.suspended_certificate_id = (
            MembershipFee.objects.filter(pk=fee.pk)
            .values_list("suspended_certificate", flat=True)
            .get()
        )
        if fee.suspended_certificate_id is not None:
            _reinstate(fee, by=by, paid_on=paid_on)
    return fee


def _reinstate(fee: MembershipFee, *, by, paid_on: datetime.date) -> None:
    """The certificate the fee's non-payment suspended, back to active, if that suspension
    is still its last move (the committee may have reinstated it, and suspended it again
    for its own reasons since: a payment does not lift those) and its validity is not
    over. The staff who recorded the payment need not sit on the committee: the payment
    is what lifts this suspension."""
    certificate = Certificate.objects.select_for_update().get(pk=fee.suspended_certificate_id)
    if not CERTIFICATE.can(certificate, "reinstate"):  # not suspended, or its validity over
        return
    last = CERTIFICATE.history(certificate).first()
    if last is None or last.verb != "certificate.suspended" or last.actor_id is not None:
        return
    certificate_move(
        certificate=certificate,
        transition="reinstate",
        by=by,
        reason=_paid_reason(paid_on),
        check_capability=False,
    )


def _paid_reason(paid_on: datetime.date):
    """Lazy: the log keeps it in the network's language, each email in its reader's."""
    return lazy(
        lambda: (
            gettext("Membership fee paid on %(day)s.")
            % {"day": date_format(paid_on, "DATE_FORMAT")}
        ),
        str,
    )()


def _unpaid_reason(due_on: datetime.date) -> str:
    """Why the sweep suspends a certificate, in the network's language (the log's)."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("The membership fee due on %(day)s is unpaid.") % {
            "day": date_format(due_on, "DATE_FORMAT")
        }


def membership_fees_suspend(*, ids) -> list[int]:
    """The membership fees' sweep's move (certification/reminders/fees.py, in its claim's
    transaction, which also writes the notice): each fee still unpaid past its due date
    and grace suspends the active certificate issued from its resolution, and keeps which
    one, so the payment reinstates it. Conditional on the certificate's status, so
    overlapping sweeps suspend once; a fee whose payment is being recorded right now (its
    row locked) is left to the next sweep, which finds it paid. Returns the fees that
    suspended a certificate now."""
    fees = (
        fees_suspending(on=timezone.localdate())
        .filter(pk__in=ids)
        .select_for_update(skip_locked=True, of=("self",))
        .order_by()
        .values_list("pk", "due_on", "resolution__certificate")
    )
    by_due_on = defaultdict(dict)  # the reason names the due date: one move per date
    for pk, due_on, certificate in fees:
        by_due_on[due_on][certificate] = pk
    suspended = []
    for due_on, fee_of in sorted(by_due_on.items()):
        for certificate in certificates_suspend(ids=list(fee_of), reason=_unpaid_reason(due_on)):
            MembershipFee.objects.filter(pk=fee_of[certificate]).update(
                suspended_certificate=certificate
            )
            suspended.append(fee_of[certificate])
    return suspended
