"""The membership fee's reminders (domain.md, "Fees"): on each of the settings'
`notice_days` before the fee's due date (7 and the day itself), each until the next one
is due, while the fee is still due → the organization's administrators (essential: an
unpaid fee leads to suspension). Recording the payment stops them."""

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
from network.models import RoleKind
from network.reminders import Due, Family, Rule, in_chunks, path_for

FEES = Family(
    "membership_fees",
    _("Membership fees"),
    _("The annual membership fee before and on its due date, until it is paid."),
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
