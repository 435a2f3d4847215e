from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Network")

    def ready(self):
        from allauth.account.signals import email_confirmed
        from django.http import multipartparser

        # Django refuses (400) a form part whose headers pass 1 KB; a file name of 255
        # characters in another script, or a longer one, passes that on its own. Let it
        # arrive, so the upload validator can answer with the form's own message.
        multipartparser.MAX_TOTAL_HEADER_SIZE = max(multipartparser.MAX_TOTAL_HEADER_SIZE, 8192)

        from network import selectors, services, signals
        from network.navigation import NavItem, register
        from network.permissions import (
            MFA_REQUIRED,
            NETWORK_MEMBER,
            NETWORK_STAFF,
            is_network_staff,
            register_rule,
        )

        signals.connect()
        # The network's roles (network.models.Role) decide these capabilities; other apps
        # may add rules of their own.
        register_rule(NETWORK_STAFF, selectors.has_staff_role)
        register_rule(NETWORK_MEMBER, lambda user: bool(selectors.organization_roles(user)))
        register_rule(MFA_REQUIRED, selectors.has_staff_role)
        register_rule(MFA_REQUIRED, selectors.has_certification_role)
        register(
            NavItem(
                label=_("The network"),
                url_name="network:country_network_list",
                visible=is_network_staff,
                order=30,
            )
        )
        register(
            NavItem(
                label=_("Certification bodies"),
                url_name="network:certification_body_list",
                visible=selectors.is_network_wide_staff,
                order=35,
            )
        )
        register(
            NavItem(
                label=_("Email delivery"),
                url_name="network:outbox_list",
                visible=selectors.can_manage_outbox,
                order=38,
            )
        )
        register(
            NavItem(
                label=_("Reminders"),
                url_name="network:reminders",
                visible=selectors.can_follow_reminders,
                order=39,
            )
        )

        def welcome_on_confirmation(request, email_address, **kwargs):
            if email_address.primary or email_address.user.emailaddress_set.count() == 1:
                services.welcome_send(user=email_address.user)

        email_confirmed.connect(welcome_on_confirmation, dispatch_uid="network.welcome")
