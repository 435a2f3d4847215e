"""Reads of the objection period: the applicants the public may object to, and who may
read the objections made.

The public list shows applicants in their objection period (name, country, products,
end date). Objections are read by the certification body the application is addressed
to (people who review or decide it) and by the network's staff; the applicant's people
learn only how many there are (objection_count)."""

import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from certification.models import Application, Objection
from certification.selectors.applications import ApplicationCapability, application_capabilities
from network.models import ProductNetwork
from producers.selectors import Capability, organization_capabilities


def applications_in_objection_status() -> QuerySet[Application]:
    """Applications whose objection period was opened and not yet closed by the body
    (its end date may have passed: see Application.objection_open_on)."""
    return (
        Application.objects.filter(status=Application.Status.OBJECTION_PERIOD)
        .select_related("organization")
        .prefetch_related(
            Prefetch(
                "organization__product_networks",
                queryset=ProductNetwork.objects.order_by("name"),
                to_attr="product_list",
            )
        )
    )


def applications_open_to_objections(*, on: datetime.date | None = None) -> QuerySet[Application]:
    """The public list: applications anyone may object to on `on` (default today),
    the periods ending soonest first."""
    on = on or timezone.localdate()
    return (
        applications_in_objection_status()
        .filter(objection_starts_on__lte=on, objection_ends_on__gte=on)
        .order_by("objection_ends_on", "organization__legal_name", "pk")
    )


def application_objections(application: Application) -> QuerySet[Objection]:
    return Objection.objects.filter(application=application).order_by("created_at", "pk")


def objection_count(application: Application) -> int:
    return Objection.objects.filter(application=application).count()


def may_read_objections(user, application: Application) -> bool:
    """Who objected, and why, is for the body that reviews or decides the application
    and for the network's staff (the standard owner), never for the applicant."""
    capabilities = application_capabilities(user, application)
    if ApplicationCapability.REVIEW in capabilities or ApplicationCapability.DECIDE in capabilities:
        return True
    # Only network staff decide membership; the organization's own people never do.
    return Capability.DECIDE_MEMBERSHIP in organization_capabilities(user, application.organization)
