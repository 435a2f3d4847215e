"""Who at an organization hears about its certification (resolutions, certificates,
appeals): its administrators and editors, each in their language, and the
organization's own address."""

from django.conf import settings

from network.models import Role, RoleKind
from network.outbox import email_send


def organization_recipients(organization) -> dict[str, str]:
    """{address: language} of the people an organization's certification news reaches."""
    recipients = {}
    if organization.email:
        recipients[organization.email.lower()] = settings.LANGUAGE_CODE
    for role in Role.objects.filter(
        organization=organization, kind__in=(RoleKind.ORG_ADMIN, RoleKind.ORG_EDITOR)
    ).select_related("user"):
        if role.user.is_active:
            recipients[role.user.email.lower()] = role.user.language
    return recipients


def organization_notify(*, organization, template: str, context: dict) -> int:
    """Queue `template` to each recipient, after commit (through the outbox)."""
    recipients = organization_recipients(organization)
    for address, language in recipients.items():
        email_send(
            to=address,
            template=template,
            context={"organization": organization, "site_url": settings.SITE_URL, **context},
            language=language,
        )
    return len(recipients)
