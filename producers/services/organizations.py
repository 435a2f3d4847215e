"""Writes to organizations: profile, products, and the network membership life cycle."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

from network.concurrency import lock_at_version
from network.email import email_send
from network.models import CountryNetwork, RoleKind
from network.services import activity_record, changes_between
from producers.models import MembershipChange, MembershipStatus, Organization, Product

S = MembershipStatus
PROFILE_FIELDS = [
    "legal_name", "short_name", "actor_type", "level", "country", "region", "municipality",
    "latitude", "longitude", "founding_year", "legal_form", "tax_id", "contact_name", "email",
    "phone", "website",
]  # fmt: skip


@dataclass(frozen=True)
class Transition:
    sources: frozenset
    target: str
    verb: str
    label: str


# The membership state machine: the only place that says which decision leads where.
TRANSITIONS = {
    "admit": Transition(frozenset({S.APPLICANT}), S.MEMBER, "membership.admitted", _("Admit")),
    "decline": Transition(
        frozenset({S.APPLICANT}), S.DECLINED, "membership.declined", _("Decline")
    ),
    "suspend": Transition(frozenset({S.MEMBER}), S.SUSPENDED, "membership.suspended", _("Suspend")),
    "reinstate": Transition(
        frozenset({S.SUSPENDED}), S.MEMBER, "membership.reinstated", _("Reinstate")
    ),
    "withdraw": Transition(
        frozenset({S.MEMBER, S.SUSPENDED}), S.WITHDRAWN, "membership.withdrawn", _("Withdraw")
    ),
}


class TransitionNotAllowed(ValidationError):
    pass


def membership_transitions_available(organization: Organization) -> list[str]:
    return [
        name
        for name, transition in TRANSITIONS.items()
        if organization.membership_status in transition.sources
    ]


def _country_network_for(country) -> CountryNetwork | None:
    return CountryNetwork.objects.filter(country=country).first()


def organization_apply(
    *, data: dict, product_networks, applicant_name: str, applicant_email: str, language: str
) -> Organization:
    """A cooperative asks to join the network through the public form."""
    with transaction.atomic():
        organization = Organization.objects.create(
            **data,
            contact_name=applicant_name,
            email=applicant_email,
            membership_status=S.APPLICANT,
            country_network=_country_network_for(data["country"]),
        )
        organization.product_networks.set(product_networks)
        MembershipChange.objects.create(
            organization=organization,
            transition="apply",
            from_status=S.APPLICANT,
            to_status=S.APPLICANT,
            reason=data.get("application_message", ""),
            decided_by=None,
        )
        activity_record(
            actor=None, verb="organization.applied", target=organization, scope=organization
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


def membership_admit(*, organization, by, reason: str) -> MembershipChange:
    """Admit an applicant; if nobody manages it yet, invite its contact as administrator."""
    from producers.services.people import invitation_create

    change = _membership_move(organization=organization, name="admit", by=by, reason=reason)
    has_admin = organization.pk and organization_has_admin(organization)
    if not has_admin and organization.email:
        invitation_create(
            by=by,
            email=organization.email,
            kind=RoleKind.ORG_ADMIN,
            organization=organization,
            language=settings.LANGUAGE_CODE,
        )
    return change


def membership_decline(*, organization, by, reason: str) -> MembershipChange:
    return _membership_move(organization=organization, name="decline", by=by, reason=reason)


def membership_suspend(*, organization, by, reason: str) -> MembershipChange:
    return _membership_move(organization=organization, name="suspend", by=by, reason=reason)


def membership_reinstate(*, organization, by, reason: str) -> MembershipChange:
    return _membership_move(organization=organization, name="reinstate", by=by, reason=reason)


def membership_withdraw(*, organization, by, reason: str) -> MembershipChange:
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


def _membership_move(*, organization, name: str, by, reason: str) -> MembershipChange:
    from producers.selectors import Capability, organization_capabilities

    transition = TRANSITIONS[name]
    if Capability.DECIDE_MEMBERSHIP not in organization_capabilities(by, organization):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(_("Give the reason for the decision."), code="reason")
    with transaction.atomic():
        locked = Organization.objects.select_for_update().get(pk=organization.pk)
        if locked.membership_status not in transition.sources:
            raise TransitionNotAllowed(
                _("This decision is not possible for an organization that is %(status)s."),
                params={"status": locked.get_membership_status_display()},
            )
        previous = locked.membership_status
        locked.membership_status = transition.target
        locked.save(update_fields=["membership_status", "updated_at"])
        organization.membership_status = transition.target
        change = MembershipChange.objects.create(
            organization=locked,
            transition=name,
            from_status=previous,
            to_status=transition.target,
            reason=reason,
            decided_by=by,
        )
        activity_record(
            actor=by,
            verb=transition.verb,
            target=locked,
            scope=locked,
            changes={"membership_status": [previous, transition.target]},
            reason=reason,
        )
        _membership_notify(organization=locked, change=change)
    return change


def _membership_notify(*, organization, change) -> None:
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
                "change": change,
                "site_url": settings.SITE_URL,
            },
            language=language,
        )
