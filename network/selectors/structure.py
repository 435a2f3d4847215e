"""Reads of the network's own pages: country and product networks, network staff,
certification bodies and their people, and what each user may do with them.

Network-wide staff see and manage all of it; country staff see their own country
network, every product network and certification body, and manage their country's
staff; nobody else sees any of it (404 for an object, 403 for a list)."""

from collections import defaultdict
from enum import StrEnum

from django.db.models import Count, F, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from network.models import ActivityLog, CertificationBody, Invitation, Role, RoleKind, User
from network.organizations import organizations
from network.permissions import is_network_staff
from network.selectors import (
    certification_bodies_visible_to,
    country_networks_visible_to,
    is_network_wide_staff,
    network_roles_visible_to,
    product_networks_visible_to,
)


class Capability(StrEnum):
    VIEW = "view"
    MANAGE = "manage"  # add and edit; invite and revoke


def structure_capabilities(user) -> frozenset:
    """On country and product networks and certification bodies (and on the lists of
    them): staff see them, network-wide staff also manage them."""
    if is_network_wide_staff(user):
        return frozenset(Capability)
    if is_network_staff(user):
        return frozenset({Capability.VIEW})
    return frozenset()


def network_role_capabilities(user) -> frozenset:
    """On the staff and certification-body roles and invitations a user sees: whoever
    sees one manages it (country staff their own country's staff)."""
    return frozenset(Capability) if is_network_staff(user) else frozenset()


# --- Country and product networks -------------------------------------------------------


def country_networks_overview(user) -> QuerySet:
    """Country networks the user may see, each with its staff and organization counts."""
    staff = (
        Role.objects.filter(kind=RoleKind.NETWORK_STAFF, country_network=OuterRef("pk"))
        .order_by()
        .values("country_network")
        .annotate(n=Count("pk"))
        .values("n")
    )
    country_networks = (
        country_networks_visible_to(user)
        .select_related("coordinator")
        .annotate(staff_count=Coalesce(Subquery(staff, output_field=IntegerField()), Value(0)))
    )
    return organizations().with_membership_counts(country_networks).order_by("name")


def country_network_staff(country_network) -> QuerySet[Role]:
    return (
        Role.objects.filter(kind=RoleKind.NETWORK_STAFF, country_network=country_network)
        .select_related("user")
        .order_by("user__full_name")
    )


def coordinator_candidates(country_network=None) -> QuerySet[User]:
    """Who may coordinate a country network: network-wide staff, or its own staff."""
    staff = Role.objects.filter(kind=RoleKind.NETWORK_STAFF)
    if country_network is not None and country_network.pk:
        staff = staff.filter(country_network__isnull=True) | staff.filter(
            country_network=country_network
        )
    return User.objects.filter(pk__in=staff.values("user")).order_by("full_name")


def product_networks_overview(user) -> QuerySet:
    """Product networks with how many organizations the user may see in each."""
    visible = product_networks_visible_to(user)
    return organizations().with_visible_counts(user, visible).order_by("name")


def scope_activity(scope) -> QuerySet[ActivityLog]:
    """What was recorded about a country network, a certification body..., newest first."""
    return ActivityLog.objects.filter(
        scope_type=scope._meta.label_lower, scope_id=str(scope.pk)
    ).select_related("actor")


# --- Staff, certification bodies and their people -----------------------------------------


def network_staff_visible_to(user) -> QuerySet[Role]:
    """Staff roles the user may see, network-wide first, then by country network."""
    return (
        network_roles_visible_to(user)
        .filter(kind=RoleKind.NETWORK_STAFF)
        .select_related("user", "country_network")
        .order_by(F("country_network__name").asc(nulls_first=True), "user__full_name")
    )


def open_invitations(invitations: QuerySet[Invitation]) -> list[Invitation]:
    """The invitations still waiting for an answer (not accepted, revoked or expired)."""
    return list(
        invitations.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
        .select_related("country_network", "certification_body", "invited_by")
        .order_by("-created_at")
    )


def certification_bodies_with_people(user) -> list[CertificationBody]:
    """Certification bodies the user may see, each with `.people` (its roles), in two
    queries whatever their number."""
    bodies = list(certification_bodies_visible_to(user).order_by("name"))
    people = defaultdict(list)
    roles = (
        Role.objects.filter(certification_body__in=bodies)
        .select_related("user")
        .order_by("kind", "user__full_name")
    )
    for role in roles:
        people[role.certification_body_id].append(role)
    for body in bodies:
        body.people = people[body.pk]
    return bodies


def certification_body_people(body: CertificationBody) -> QuerySet[Role]:
    return (
        Role.objects.filter(certification_body=body)
        .select_related("user")
        .order_by("kind", "user__full_name")
    )
