from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProducersConfig(AppConfig):
    name = "producers"
    verbose_name = _("Producers")

    def ready(self):
        from network import selectors
        from network.activity import register_verbs
        from network.navigation import NavItem, register
        from network.organizations import register_provider
        from network.permissions import is_network_staff
        from producers.activity import CHANGE_LABELS, VERBS
        from producers.selectors import NetworkOrganizations

        register_verbs(VERBS, change_labels=CHANGE_LABELS)
        register_provider(NetworkOrganizations())

        register(
            NavItem(
                label=_("My organization"),
                url_name="producers:organization_list",
                visible=lambda user: bool(selectors.organization_roles(user)),
                order=10,
            )
        )
        register(
            NavItem(
                label=_("Directory"),
                url_name="producers:directory",
                visible=is_network_staff,
                order=20,
            )
        )
        register(
            NavItem(
                label=_("Join the network"),
                url_name="producers:apply",
                visible=lambda user: not user.is_authenticated,
                order=90,
            )
        )
