"""Reminders of the advocacy app (the mechanism is network/reminders.py).

A declared town or university falls due for renewal a year after it was declared: the
sweep moves it to "renewal due" (through the DECLARATION machine) and writes to its
contact person, in the declaration's language, in the same transaction."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from advocacy.models import DECLARATION, Declaration
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

    def due(self, *, start, end, today):
        """Declarations still marked declared on or before `end`: the move to "renewal
        due" is what marks one done, so one left behind for any length of time (the
        sweep did not run, the rule is new) is due whatever the window."""
        declarations = Declaration.objects.filter(
            status=Declaration.Status.DECLARED, renewal_due_on__lte=end
        ).select_related("campaign")
        for declaration in in_chunks(declarations):
            campaign, language = declaration.campaign, declaration.language
            yield Due(
                object_id=declaration.pk,
                due_on=declaration.renewal_due_on,
                label=declaration.name,
                url=reverse(
                    "advocacy:campaign_detail", args=[campaign.localized("slug", language)]
                ),
                context={
                    "declaration_name": declaration.name,
                    "campaign_title": campaign.localized("title", language),
                    "declared_on": declaration.declared_on,
                    "renewal_due_on": declaration.renewal_due_on,
                },
                recipients=[
                    address_recipient(
                        declaration.contact_email,
                        language=language,
                        name=declaration.contact_name,
                    )
                ],
            )

    def recipients(self, items):
        """Set by `due`: the contact person is on the declaration row."""

    def act(self, items):
        DECLARATION.move_many(
            Declaration.objects.filter(pk__in=[item.object_id for item in items]), "renewal_due"
        )
