"""Objections: anyone may object to an initial application during its objection period;
the objection is kept with the application for its certification body, logged, and
acknowledged by email with a reference, in the language of the page it was made on."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from certification.models import Application, Objection
from network.activity import activity_record
from network.outbox import email_send


class ObjectionPeriodClosed(Exception):
    """The application is not (or no longer) in its objection period."""


def objection_create(
    *,
    application: Application,
    name: str,
    email: str,
    reasons: str,
    language: str,
    organization: str = "",
    phone: str = "",
) -> Objection:
    """Keep the objection and queue its acknowledgement (sent after commit)."""
    with transaction.atomic():
        # Lock the application so the body cannot close the period under this write.
        application = (
            Application.objects.select_for_update(no_key=True)
            .select_related("organization")
            .get(pk=application.pk)
        )
        if not application.objection_open_on():
            raise ObjectionPeriodClosed
        objection = Objection(
            application=application,
            name=" ".join(name.split()),
            organization=organization.strip(),
            email=email.strip(),
            phone=phone.strip(),
            reasons=reasons.strip(),
            language=language,
        )
        objection.full_clean()
        objection.save()
        # Scoped to the application, not the organization: nothing of it reaches the
        # organization's activity page, and its text is the reference only.
        activity_record(
            actor=None,
            verb="objection.received",
            target=objection,
            scope=application,
            changes={"application": application.reference},
        )
        email_send(
            to=objection.email,
            template="certification_objection_received",
            context={
                "objection": objection,
                "application": application,
                "objections_url": settings.SITE_URL.rstrip("/")
                + reverse("certification:objection_list"),
            },
            language=language,
        )
    return objection
