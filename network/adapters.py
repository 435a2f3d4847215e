import logging

from allauth.account.adapter import DefaultAccountAdapter
from django.template.loader import render_to_string
from django.utils import translation

from network.outbox import outbox_add_message
from network.text import as_text

security_log = logging.getLogger("minga.security")


class AccountAdapter(DefaultAccountAdapter):
    """allauth's emails go through our outbox like every other email, with an HTML part
    in the site's email layout when allauth only wrote text."""

    def send_mail(self, template_prefix, email, context):
        message = self.render_mail(template_prefix, email, context)
        if message.content_subtype != "html" and not message.alternatives:
            # A plain str, so the layout escapes what people typed (a name, for one).
            text = as_text(message.body)
            html = render_to_string("emails/text_as_html.html", {"text": text})
            message.attach_alternative(html, "text/html")
        outbox_add_message(
            message,
            language=translation.get_language() or "",
            template=template_prefix.rsplit("/", 1)[-1],
        )

    def respond_user_inactive(self, request, user):
        security_log.warning("login refused: inactive user id=%s", user.pk)
        return super().respond_user_inactive(request, user)
