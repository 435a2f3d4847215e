from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvocacyConfig(AppConfig):
    name = "advocacy"
    verbose_name = _("Advocacy")

    def ready(self):
        from advocacy.activity import CHANGE_LABELS, VERBS
        from advocacy.reminders import DECLARATIONS, DeclarationRenewal
        from advocacy.selectors import can_manage_campaigns
        from network import reminders
        from network.activity import register_verbs
        from network.navigation import NavItem, register

        register_verbs(VERBS, change_labels=CHANGE_LABELS)
        reminders.register_family(DECLARATIONS)
        reminders.register_rule(DeclarationRenewal())
        register(NavItem(label=_("Campaigns"), url_name="advocacy:campaign_list", order=60))
        register(NavItem(label=_("Resources"), url_name="advocacy:resource_list", order=62))
        register(
            NavItem(
                label=_("Manage campaigns"),
                url_name="advocacy:manage_campaigns",
                visible=can_manage_campaigns,
                order=80,
            )
        )
        register(
            NavItem(
                label=_("Declarations"),
                url_name="advocacy:manage_declarations",
                visible=can_manage_campaigns,
                order=81,
            )
        )
