"""The one way to send email: render in the recipient's language, store in the outbox,
send from the `email` queue after the transaction commits.

Templates live in templates/emails/<name>/{subject.txt,body.txt,body.html}.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from network.models import OutboxMessage

logger = logging.getLogger(__name__)


def render_email(*, template: str, context: dict, language: str) -> tuple[str, str, str]:
    """Subject, text body and HTML body of an email template in `language`."""
    with translation.override(language):
        subject = render_to_string(f"emails/{template}/subject.txt", context).strip()
        text = render_to_string(f"emails/{template}/body.txt", context)
        html = render_to_string(f"emails/{template}/body.html", context)
    return " ".join(subject.splitlines()), text, html


def email_send(
    *,
    to: str,
    template: str,
    context: dict,
    language: str | None = None,
    headers: dict | None = None,
) -> OutboxMessage:
    """Queue a templated email to one recipient, written in their language."""
    language = language or settings.LANGUAGE_CODE
    subject, text, html = render_email(template=template, context=context, language=language)
    return outbox_add(
        to=to,
        subject=subject,
        body_text=text,
        body_html=html,
        headers={"Content-Language": language, **(headers or {})},
        language=language,
        template=template,
    )


def outbox_add(
    *,
    to: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    headers: dict | None = None,
    language: str = "",
    template: str = "",
    from_email: str | None = None,
) -> OutboxMessage:
    from network.tasks import outbox_send

    message = OutboxMessage.objects.create(
        to=to,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        headers=headers or {},
        language=language,
        template=template,
    )
    outbox_send.delay_on_commit(message.pk)
    return message


def outbox_add_message(message: EmailMultiAlternatives, *, language: str = "", template=""):
    """Store a message rendered elsewhere (allauth's emails) in the outbox."""
    html = next((body for body, mime in message.alternatives if mime == "text/html"), "")
    text = message.body if message.content_subtype != "html" else ""
    if message.content_subtype == "html":
        html = message.body
    for recipient in message.to:
        outbox_add(
            to=recipient,
            subject=message.subject,
            body_text=text,
            body_html=html,
            headers=dict(message.extra_headers),
            language=language or translation.get_language() or "",
            template=template,
            from_email=message.from_email,
        )
