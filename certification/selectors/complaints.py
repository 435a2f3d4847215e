"""Reads of complaints and appeals, and who may handle them.

- Network-wide staff run the desk: they see every case and assign it.
- The person assigned sees and closes their cases.
- An organization's people see their own appeals; nobody at an organization ever sees
  a complaint (so a complainant cannot be identified by the organization complained
  about).
- A complainant follows their complaint through its private link (`complaint_by_token`).

Who may be assigned: network staff and certification-body people, except those involved
in what is disputed (`people_excluded_from`): for an appeal, whoever reviewed, evaluated
or decided the file and the organization's own people; for a complaint about an
organization, its people and whoever took part in its current certificate; for a
complaint about a certification body, its people."""

import hashlib

from django.db.models import F, Q, QuerySet

from certification.models import Appeal, Certificate, Complaint
from certification.selectors.involvement import people_involved
from network.models import Role, RoleKind, User
from network.models.roles import CERTIFICATION_KINDS
from network.selectors import is_network_wide_staff
from producers.selectors import Capability, organization_capabilities, organizations_visible_to


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def complaint_by_token(token: str) -> Complaint | None:
    return Complaint.objects.filter(token_hash=token_hash(token)).first()


def handles_cases(user) -> bool:
    """Whether the cases desk is for this person (staff, or someone with cases)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        is_network_wide_staff(user)
        or Complaint.objects.filter(assignee=user).exists()
        or Appeal.objects.filter(assignee=user).exists()
    )


def complaints_visible_to(user) -> QuerySet[Complaint]:
    if not getattr(user, "is_authenticated", False):
        return Complaint.objects.none()
    if is_network_wide_staff(user):
        return Complaint.objects.all()
    return Complaint.objects.filter(assignee=user)


def appeals_visible_to(user) -> QuerySet[Appeal]:
    if not getattr(user, "is_authenticated", False):
        return Appeal.objects.none()
    if is_network_wide_staff(user):
        return Appeal.objects.all()
    return Appeal.objects.filter(
        Q(assignee=user) | Q(organization__in=organizations_visible_to(user).values("pk"))
    )


def case_capabilities(user, case) -> frozenset:
    """view; assign (network-wide staff); close (the person assigned)."""
    capabilities = set()
    if is_network_wide_staff(user):
        capabilities |= {"view", "assign"}
    if case.assignee_id is not None and case.assignee_id == user.pk:
        capabilities |= {"view", "close"}
    if isinstance(case, Appeal) and Capability.VIEW in organization_capabilities(
        user, case.organization
    ):
        capabilities.add("view")
    return frozenset(capabilities)


def _organization_people(organization_id) -> set[int]:
    return set(
        Role.objects.filter(organization_id=organization_id).values_list("user_id", flat=True)
    )


def people_excluded_from(case) -> set[int]:
    """Ids of the people who may not handle `case`: those involved in what it disputes."""
    if isinstance(case, Appeal):
        resolution = case.resolution
        return (
            people_involved(resolution.application)
            | {resolution.decided_by_id}
            | _organization_people(case.organization_id)
        )
    if case.about == Complaint.About.ORGANIZATION:
        excluded = _organization_people(case.organization_id)
        certificate = (
            Certificate.objects.filter(organization_id=case.organization_id, is_current=True)
            .select_related("resolution__application")
            .first()
        )
        if certificate is not None:
            resolution = certificate.resolution
            excluded |= people_involved(resolution.application) | {resolution.decided_by_id}
        return excluded
    if case.about == Complaint.About.CERTIFICATION_BODY:
        return set(
            Role.objects.filter(certification_body_id=case.certification_body_id).values_list(
                "user_id", flat=True
            )
        )
    return set()


def assignable_people(case) -> QuerySet[User]:
    """Network staff and certification-body people not involved in the case."""
    handlers = Role.objects.filter(kind__in=(RoleKind.NETWORK_STAFF, *CERTIFICATION_KINDS))
    return (
        User.objects.filter(pk__in=handlers.values("user_id"), is_active=True)
        .exclude(pk__in=people_excluded_from(case))
        .order_by("full_name", "email")
    )


_OPEN_FIRST = F("closed_at").desc(nulls_first=True)


def open_cases_for(user) -> dict:
    """The desk's lists: complaints and appeals the user sees, open ones first."""
    return {
        "complaints": complaints_visible_to(user)
        .select_related("assignee", "organization", "certification_body")
        .order_by(_OPEN_FIRST, "-created_at"),
        "appeals": appeals_visible_to(user)
        .select_related("assignee", "organization", "resolution__application")
        .order_by(_OPEN_FIRST, "-created_at"),
    }
