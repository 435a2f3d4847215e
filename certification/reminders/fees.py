"""The membership fee's reminders (domain.md, "Fees"): on each of the settings'
`notice_days` before the fee's due date (7 and the day itself), each until the next one
is due, while the fee is still due → the organization's administrators (essential: an
unpaid fee leads to suspension). Recording the payment stops them.

Still unpaid the day after its due date (plus the settings' `suspension_grace_days`), the
fee suspends the certificate issued from its resolution, if that is active and the
organization's current one: the sweep moves it through CERTIFICATE in the claim's
transaction and tells the same administrators (essential). Recording the payment
reinstates it (certification/services/fees.py)."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from certification.models import MembershipFee
from certification.models.fees import percent_shown
from certification.reminders.common import (
    ToOrganization,
    days,
    for_organization_people,
    notice_stages,
    organization_name,
)
from certification.selectors.fees import fees_suspending, suspension_due_on
from certification.services.fees import membership_fees_suspend
from network.models import RoleKind
from network.reminders import Due, Family, Rule, in_chunks, path_for

FEES = Family(
    "membership_fees",
    _("Membership fees"),
    _(
        "The annual membership fee before and on its due date, until it is paid, and the "
        "certificate's suspension if it is not."
    ),
    visible=for_organization_people,
)

FACTS = ("pk", "organization_id", "organization__short_name", "organization__legal_name",
         "amount", "currency", "sales_percent", "members", "due_on")  # fmt: skip


class MembershipFeeDue(ToOrganization, Rule):
    name = "certification.membership_fee_due"
    family = FEES.name
    label = _("Membership fee due")
    audience = _("the organization's administrators")
    template = "reminder_membership_fee_due"
    essential = True
    kinds = (RoleKind.ORG_ADMIN,)

    def due(self, *, start, end, today):
        unpaid = MembershipFee.objects.filter(status=MembershipFee.Status.DUE)
        url = path_for("certification:fee_detail")
        for before, following in notice_stages(
            settings.CERTIFICATION_MEMBERSHIP_FEE["notice_days"]
        ):
            fees = unpaid.filter(due_on__range=(start + days(before), end + days(before)))
            if following is not None:  # replaced by the next notice once that is due
                fees = fees.filter(due_on__gt=today + days(following))
            for row in in_chunks(fees.values(*FACTS)):
                organization = organization_name(row)
                yield Due(
                    object_id=row["pk"],
                    due_on=row["due_on"] - days(before),
                    label=f"{organization} · {row['currency']} {row['amount']}"[:200],
                    url=url(row["pk"]),
                    context={
                        "organization": organization,
                        "amount": row["amount"],
                        "currency": row["currency"],
                        "sales_percent": percent_shown(row["sales_percent"]),
                        "members": row["members"],
                        "fee_due_on": row["due_on"],
                        "days": before,
                    },
                    data={"organization": row["organization_id"]},
                )


class MembershipFeeUnpaid(ToOrganization, Rule):
    name = "certification.membership_fee_unpaid"
    family = FEES.name
    label = _("Certificate suspended: membership fee unpaid")
    audience = _("the organization's administrators")
    template = "reminder_membership_fee_unpaid"
    essential = True
    kinds = (RoleKind.ORG_ADMIN,)

    def due(self, *, start, end, today):
        """Fees still due after their due date and grace whose certificate is active,
        whatever the window: their status, not the date, says they are not done, so one
        left behind (the sweep did not run, the rule is new) still suspends. Once one
        suspended its certificate it is left out: the payment, not the sweep, undoes it."""
        fees = fees_suspending(on=end)
        url = path_for("certification:fee_detail")
        for row in in_chunks(fees.values(*FACTS, "resolution__certificate__number")):
            organization = organization_name(row)
            yield Due(
                object_id=row["pk"],
                due_on=suspension_due_on(row["due_on"]),
                label=f"{row['resolution__certificate__number']} · {organization}"[:200],
                url=url(row["pk"]),
                context={
                    "organization": organization,
                    "number": row["resolution__certificate__number"],
                    "amount": row["amount"],
                    "currency": row["currency"],
                    "fee_due_on": row["due_on"],
                },
                data={"organization": row["organization_id"]},
            )

    def act(self, items):
        membership_fees_suspend(ids=[int(item.object_id) for item in items])
