"""Reminders of the advocacy app (the mechanism is network/reminders.py).

A declared town or university falls due for renewal a year after it was declared: the
sweep moves it to "renewal due" (through the DECLARATION machine) and writes to its
contact person, in the declaration's language, in the same transaction."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from advocacy.models import DECLARATION, Campaign, Declaration
from network.reminders import Due, Family, Rule, address_recipient, in_chunks

DECLARATIONS = Family(
    "declarations",
    _("Fair Trade town and university declarations"),
    _("The yearly renewal of a declared town or university."),
)


class DeclarationRenewal(Rule):
    name = "advocacy.declaration_renewal"
    family = DECLARATIONS.name
    label = _("Declaration due for renewal")
    audience = _("the declaration's contact person")
    template = "reminder_declaration_renewal"
    essential = True  # about the title they hold; and the contact has no account
    FIELDS = ("pk", "campaign_id", "name", "language", "contact_email", "contact_name",
              "declared_on", "renewal_due_on")  # fmt: skip

    def due(self, *, start, end, today):
        """Declarations still marked declared on or before `end`: the move to "renewal
        due" is what marks one done, so one left behind for any length of time (the
        sweep did not run, the rule is new) is due whatever the window."""
        declarations = Declaration.objects.filter(
            status=Declaration.Status.DECLARED, renewal_due_on__lte=end
        ).values(*self.FIELDS)
        # A few campaigns, many towns: each campaign's title and page once per language.
        campaign_of = Campaign.objects.in_bulk(
            Declaration.objects.filter(status=Declaration.Status.DECLARED, renewal_due_on__lte=end)
            .values_list("campaign_id", flat=True)
            .distinct()
        )
        campaigns = {}
        for declaration in in_chunks(declarations):
            language = declaration["language"]
            key = (declaration["campaign_id"], language)
            if key not in campaigns:
                campaign = campaign_of[declaration["campaign_id"]]
                slug = campaign.localized("slug", language)
                campaigns[key] = (
                    campaign.localized("title", language),
                    reverse("advocacy:campaign_detail", args=[slug]),
                )
            title, page = campaigns[key]
            yield Due(
                object_id=declaration["pk"],
                due_on=declaration["renewal_due_on"],
                label=declaration["name"],
                url=page,
                context={
                    "declaration_name": declaration["name"],
                    "campaign_title": title,
                    "declared_on": declaration["declared_on"],
                    "renewal_due_on": declaration["renewal_due_on"],
                },
                recipients=[
                    address_recipient(
                        declaration["contact_email"],
                        language=language,
                        name=declaration["contact_name"],
                    )
                ],
            )

    def recipients(self, items):
        """Set by `due`: the contact person is on the declaration row."""

    def act(self, items):
        DECLARATION.move_many(
            Declaration.objects.filter(pk__in=[item.object_id for item in items]), "renewal_due"
        )
