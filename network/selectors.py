"""Reads of the network app: a user's roles and the scopes they give."""

from network.models import Role, RoleKind
from network.models.roles import CERTIFICATION_KINDS, ORGANIZATION_KINDS

_CACHE_ATTR = "_minga_roles"


def roles_of(user) -> list[Role]:
    """The user's roles, loaded once per user object (i.e. once per request)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(Role.objects.filter(user=user))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def roles_forget(user) -> None:
    """Drop the cached roles after they changed."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def is_network_wide_staff(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or any(
        role.kind == RoleKind.NETWORK_STAFF and role.country_network_id is None
        for role in roles_of(user)
    )


def staff_country_network_ids(user) -> set[int]:
    """Country networks the user works for as staff (empty for network-wide staff)."""
    return {
        role.country_network_id
        for role in roles_of(user)
        if role.kind == RoleKind.NETWORK_STAFF and role.country_network_id is not None
    }


def has_staff_role(user) -> bool:
    return any(role.kind == RoleKind.NETWORK_STAFF for role in roles_of(user))


def has_certification_role(user) -> bool:
    return any(role.kind in CERTIFICATION_KINDS for role in roles_of(user))


def organization_roles(user) -> dict[int, str]:
    """{organization id: role kind} of the user's organization roles."""
    return {
        role.organization_id: role.kind
        for role in roles_of(user)
        if role.kind in ORGANIZATION_KINDS
    }


def certification_body_ids(user, *kinds) -> set[int]:
    kinds = kinds or CERTIFICATION_KINDS
    return {role.certification_body_id for role in roles_of(user) if role.kind in kinds}
