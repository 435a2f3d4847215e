from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation

from network.email import outbox_add_message


class AccountAdapter(DefaultAccountAdapter):
    """allauth's emails go through our outbox like every other email."""

    def send_mail(self, template_prefix, email, context):
        message = self.render_mail(template_prefix, email, context)
        outbox_add_message(
            message,
            language=translation.get_language() or "",
            template=template_prefix.rsplit("/", 1)[-1],
        )
