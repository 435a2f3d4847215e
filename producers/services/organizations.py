"""Writes to organizations: profile, products, and the network membership life cycle."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms.models import model_to_dict

from network.activity import activity_record, changes_between
from network.concurrency import lock_at_version
from network.models import CountryNetwork, RoleKind
from network.outbox import email_send
from network.workflow import Transition
from producers.models import MEMBERSHIP, MembershipStatus, Organization, Product

S = MembershipStatus
PROFILE_FIELDS = [
    "legal_name", "short_name", "actor_type", "level", "country", "region", "municipality",
    "latitude", "longitude", "founding_year", "legal_form", "tax_id", "contact_name", "email",
    "phone", "website",
]  # fmt: skip


def membership_transitions_available(organization: Organization) -> list[Transition]:
    return MEMBERSHIP.available(organization)


def _country_network_for(country) -> CountryNetwork | None:
    return CountryNetwork.objects.filter(country=country).first()


def organization_apply(
    *, data: dict, product_networks, applicant_name: str, applicant_email: str, language: str
) -> Organization:
    """A cooperative asks to join the network through the public form."""
    with transaction.atomic():
        organization = MEMBERSHIP.create(
            state=S.APPLICANT,
            **data,
            contact_name=applicant_name,
            email=applicant_email,
            country_network=_country_network_for(data["country"]),
        )
        organization.product_networks.set(product_networks)
        activity_record(
            actor=None,
            verb="organization.applied",
            target=organization,
            reason=data.get("application_message", ""),
        )
        context = {"organization": organization, "name": applicant_name}
        email_send(
            to=applicant_email,
            template="membership_application_received",
            context=context,
            language=language,
        )
        coordinator = (
            organization.country_network.coordinator if organization.country_network else None
        )
        if coordinator is not None:
            email_send(
                to=coordinator.email,
                template="membership_application_received",
                context={**context, "for_staff": True, "site_url": settings.SITE_URL},
                language=coordinator.language,
            )
    return organization


def organization_update(
    *, organization: Organization, by, version: int | None, data: dict, product_networks=None
) -> Organization:
    """Save the profile if nobody saved it since `version` was read (else StaleEdit)."""
    with transaction.atomic():
        organization = lock_at_version(Organization.objects, pk=organization.pk, version=version)
        before = model_to_dict(organization, fields=PROFILE_FIELDS)
        before_products = sorted(organization.product_networks.values_list("name", flat=True))
        for name, value in data.items():
            if name in PROFILE_FIELDS:
                setattr(organization, name, value)
        if "country" in data:
            organization.country_network = _country_network_for(organization.country)
        organization.full_clean()
        organization.save()
        changes = changes_between(before, model_to_dict(organization, fields=PROFILE_FIELDS))
        if product_networks is not None:
            organization.product_networks.set(product_networks)
            after_products = sorted(p.name for p in product_networks)
            if after_products != before_products:
                changes["product_networks"] = [
                    ", ".join(before_products),
                    ", ".join(after_products),
                ]
        if changes:
            activity_record(
                actor=by,
                verb="organization.updated",
                target=organization,
                scope=organization,
                changes=changes,
            )
    return organization


PRODUCT_FIELDS = ["product_network", "description", "annual_volume", "unit", "form",
                  "destination_markets"]  # fmt: skip


def product_save(*, organization: Organization, by, data: dict, product: Product | None = None):
    with transaction.atomic():
        created = product is None
        product = product or Product(organization=organization)
        before = {} if created else model_to_dict(product, fields=PRODUCT_FIELDS)
        for name, value in data.items():
            setattr(product, name, value)
        product.full_clean()
        product.save()
        after = model_to_dict(product, fields=PRODUCT_FIELDS)
        after["product_network"] = str(product.product_network)
        if before:
            before["product_network"] = str(
                type(product.product_network).objects.get(pk=before["product_network"])
            )
        activity_record(
            actor=by,
            verb="product.added" if created else "product.updated",
            target=product,
            scope=organization,
            changes=changes_between(before, after),
        )
    return product


def product_remove(*, product: Product, by) -> None:
    with transaction.atomic():
        activity_record(
            actor=by, verb="product.removed", target=product, scope=product.organization
        )
        product.delete()


# --- Membership decisions: one service per transition ---------------------------------


def membership_admit(*, organization, by, reason: str) -> Organization:
    """Admit an applicant; if nobody manages it yet, invite its contact as administrator."""
    from network.services.roles import invitation_create

    _membership_move(organization=organization, name="admit", by=by, reason=reason)
    if not organization_has_admin(organization) and organization.email:
        invitation_create(
            by=by,
            email=organization.email,
            kind=RoleKind.ORG_ADMIN,
            organization=organization,
            language=settings.LANGUAGE_CODE,
        )
    return organization


def membership_decline(*, organization, by, reason: str) -> Organization:
    return _membership_move(organization=organization, name="decline", by=by, reason=reason)


def membership_suspend(*, organization, by, reason: str) -> Organization:
    return _membership_move(organization=organization, name="suspend", by=by, reason=reason)


def membership_reinstate(*, organization, by, reason: str) -> Organization:
    return _membership_move(organization=organization, name="reinstate", by=by, reason=reason)


def membership_withdraw(*, organization, by, reason: str) -> Organization:
    return _membership_move(organization=organization, name="withdraw", by=by, reason=reason)


MEMBERSHIP_SERVICES = {
    "admit": membership_admit,
    "decline": membership_decline,
    "suspend": membership_suspend,
    "reinstate": membership_reinstate,
    "withdraw": membership_withdraw,
}


def organization_has_admin(organization) -> bool:
    from network.models import Role

    return Role.objects.filter(organization=organization, kind=RoleKind.ORG_ADMIN).exists()


def _membership_move(*, organization, name: str, by, reason: str) -> Organization:
    from producers.selectors import Capability, organization_capabilities

    if Capability.DECIDE_MEMBERSHIP not in organization_capabilities(by, organization):
        raise PermissionDenied
    with transaction.atomic():
        before = organization.get_membership_status_display()
        MEMBERSHIP.move(organization, name, by=by, reason=reason)
        _membership_notify(organization=organization, before=before, reason=reason)
    return organization


def _membership_notify(*, organization, before: str, reason: str) -> None:
    from network.models import Role

    recipients = {}
    if organization.email:
        recipients[organization.email.lower()] = settings.LANGUAGE_CODE
    for role in Role.objects.filter(
        organization=organization, kind=RoleKind.ORG_ADMIN
    ).select_related("user"):
        recipients[role.user.email.lower()] = role.user.language
    for address, language in recipients.items():
        email_send(
            to=address,
            template="membership_decision",
            context={
                "organization": organization,
                "before": before,
                "after": organization.get_membership_status_display(),
                "reason": reason,
                "site_url": settings.SITE_URL,
            },
            language=language,
        )
