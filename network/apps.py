from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Network")

    def ready(self):
        from allauth.account.signals import email_confirmed

        from network import services, signals

        signals.connect()

        def welcome_on_confirmation(request, email_address, **kwargs):
            if email_address.primary or email_address.user.emailaddress_set.count() == 1:
                services.welcome_send(user=email_address.user)

        email_confirmed.connect(welcome_on_confirmation, dispatch_uid="network.welcome")
