"""Reads of conflict-of-interest declarations, and the scope rule built on them.

A certification-body person sees an organization's certification files only while
their newest declaration for it says "no conflict" and is still valid (impartiality,
ISO/IEC 17065). `cleared_for(user)` is that rule as a filter, for every future
`*_visible_to(user)` of files (applications, evaluations...); `has_current_no_conflict`
is the same rule for one organization."""

import datetime

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from certification.models import ConflictDeclaration
from network.selectors import has_certification_role
from producers.models import MembershipStatus, Organization

SEARCH_LIMIT = 20


def may_declare(user) -> bool:
    """Certification-body people (evaluators, reviewers, committee members) declare."""
    return has_certification_role(user)


def _newest(person, on: datetime.date) -> QuerySet[ConflictDeclaration]:
    """Each organization's newest declaration by `person` made on or before `on`: the
    one in force, whatever earlier ones said."""
    newest = (
        ConflictDeclaration.objects.filter(
            person=person, organization=OuterRef("organization"), declared_on__lte=on
        )
        .order_by("-declared_on", "-created_at", "-id")
        .values("pk")[:1]
    )
    return ConflictDeclaration.objects.filter(
        person=person, declared_on__lte=on, pk=Subquery(newest)
    )


def declarations_in_force(person, *, on: datetime.date | None = None):
    """The newest declaration per organization (current or not), by organization name."""
    on = on or timezone.localdate()
    return (
        _newest(person, on)
        .select_related("organization")
        .order_by("organization__legal_name", "organization_id")
    )


def current_declaration(person, organization, *, on=None) -> ConflictDeclaration | None:
    on = on or timezone.localdate()
    return (
        ConflictDeclaration.objects.filter(
            person=person, organization=organization, declared_on__lte=on
        )
        .order_by("-declared_on", "-created_at", "-id")
        .first()
    )


def has_current_no_conflict(person, organization, *, on: datetime.date | None = None) -> bool:
    """True when the person's newest declaration for the organization says "no
    conflict" and is valid on `on` (default today). A conflict declared later, or an
    expired declaration, does not count."""
    on = on or timezone.localdate()
    if not getattr(person, "is_authenticated", False):
        return False
    declaration = current_declaration(person, organization, on=on)
    return (
        declaration is not None
        and declaration.outcome == ConflictDeclaration.Outcome.NONE
        and declaration.valid_until >= on
    )


def organizations_cleared_for(person, *, on: datetime.date | None = None):
    """Organizations whose files the person may see as far as conflicts go."""
    on = on or timezone.localdate()
    if not getattr(person, "is_authenticated", False):
        return Organization.objects.none()
    cleared = _newest(person, on).filter(
        outcome=ConflictDeclaration.Outcome.NONE, valid_until__gte=on
    )
    return Organization.objects.filter(pk__in=cleared.values("organization_id"))


def cleared_for(person, *, on: datetime.date | None = None, via: str = "organization") -> Q:
    """The scope rule as a filter on any queryset that reaches an organization through
    `via`: `Application.objects.filter(cleared_for(user))`."""
    return Q(**{f"{via}__in": organizations_cleared_for(person, on=on).values("pk")})


def organization_declarations(person, organization) -> QuerySet[ConflictDeclaration]:
    """The person's declarations for one organization, newest first (the history)."""
    return ConflictDeclaration.objects.filter(person=person, organization=organization)


def declarable_organizations(person) -> QuerySet[Organization]:
    """Organizations a certification-body person may declare for: the network's member
    organizations, and any they already declared for (to declare again)."""
    if not may_declare(person):
        return Organization.objects.none()
    declared = ConflictDeclaration.objects.filter(person=person).values("organization_id")
    return Organization.objects.filter(
        Q(membership_status=MembershipStatus.MEMBER) | Q(pk__in=declared)
    )


def organizations_search(person, *, query: str = "", country: str = "") -> list[Organization]:
    """A few declarable organizations by name and country (nothing without a filter)."""
    if not (query or country):
        return []
    organizations = declarable_organizations(person)
    if query:
        organizations = organizations.filter(
            Q(legal_name__icontains=query) | Q(short_name__icontains=query)
        )
    if country:
        organizations = organizations.filter(country=country)
    return list(organizations.order_by("legal_name")[:SEARCH_LIMIT])
