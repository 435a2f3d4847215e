"""Who sees which certification application, and what they may do with it.

- The organization's own people (and network staff, by the organization's scope) see its
  applications; editors and administrators fill them in.
- People of the certification body the application is addressed to see it once it is
  submitted, and only with a current "no conflict" declaration for the organization;
  evaluators and reviewers review it, committee members decide.
- Anyone who works for a certification body and has no such declaration does not see
  the file at all (404), whatever other roles they hold (impartiality)."""

from enum import StrEnum

from django.db.models import Q, QuerySet

from certification.models import Application
from certification.selectors.conflicts import cleared_for, has_current_no_conflict
from network.models import RoleKind
from network.selectors import has_certification_role, roles_of
from producers.selectors import Capability, organization_capabilities, organizations_visible_to


class ApplicationCapability(StrEnum):
    VIEW = "view"
    EDIT = "edit"  # fill in, submit, answer the quote, self-evaluate, withdraw
    REVIEW = "review"  # eligibility review, returns, objection period, quotes
    DECIDE = "decide"  # the resolution (part 3)


_BODY_CAPABILITIES = {
    RoleKind.EVALUATOR: {ApplicationCapability.VIEW, ApplicationCapability.REVIEW},
    RoleKind.REVIEWER: {ApplicationCapability.VIEW, ApplicationCapability.REVIEW},
    RoleKind.COMMITTEE: {ApplicationCapability.VIEW, ApplicationCapability.DECIDE},
}


def _body_roles(user, body_id: int) -> set[str]:
    return {role.kind for role in roles_of(user) if role.certification_body_id == body_id}


def applications_visible_to(user) -> QuerySet[Application]:
    if not getattr(user, "is_authenticated", False):
        return Application.objects.none()
    scope = Q(organization__in=organizations_visible_to(user).values("pk"))
    body_ids = {role.certification_body_id for role in roles_of(user) if role.certification_body_id}
    if body_ids:
        # Addressed to one of the person's bodies, and no longer a private draft.
        scope |= Q(certification_body_id__in=body_ids) & ~Q(status=Application.Status.DRAFT)
    applications = Application.objects.filter(scope)
    if has_certification_role(user):
        applications = applications.filter(cleared_for(user))
    return applications


def application_capabilities(user, application: Application) -> frozenset:
    """What the user may do with an application they can see."""
    capabilities = set()
    organization = organization_capabilities(user, application.organization)
    if Capability.VIEW in organization:
        capabilities.add(ApplicationCapability.VIEW)
    if Capability.EDIT in organization:
        capabilities.add(ApplicationCapability.EDIT)
    body_roles = _body_roles(user, application.certification_body_id)
    if body_roles and has_current_no_conflict(user, application.organization):
        for kind in body_roles:
            capabilities |= _BODY_CAPABILITIES.get(kind, set())
    return frozenset(capabilities)


def organization_applications(organization) -> QuerySet[Application]:
    return organization.applications.select_related("certification_body", "standard_version")
