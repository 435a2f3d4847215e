"""Capabilities shared by every app: one place that says who may do what.

The network app cannot import the others, so apps that know about roles (producers:
organization roles; certification: certification-body people) register rules here in
their AppConfig.ready(): `register_rule(MFA_REQUIRED, lambda user: ...)`.
"""

from collections.abc import Callable

MFA_REQUIRED = "mfa_required"  # must use two-factor authentication
NETWORK_STAFF = "network_staff"  # secretariat or country-network staff
NETWORK_MEMBER = "network_member"  # works for a member organization (members-only content)

_rules: dict[str, list[Callable]] = {MFA_REQUIRED: [], NETWORK_STAFF: [], NETWORK_MEMBER: []}


def register_rule(capability: str, rule: Callable) -> Callable:
    """Declare that users for whom `rule(user)` is true have `capability`."""
    if rule not in _rules[capability]:
        _rules[capability].append(rule)
    return rule


def _any_rule(capability: str, user) -> bool:
    return any(rule(user) for rule in _rules[capability])


def is_network_staff(user) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or _any_rule(NETWORK_STAFF, user)


def is_network_member(user) -> bool:
    """Staff, or anyone working for a member organization."""
    if not user.is_authenticated:
        return False
    return is_network_staff(user) or _any_rule(NETWORK_MEMBER, user)


def mfa_required(user) -> bool:
    """The single switch: must this user have MFA before using the portal?"""
    if not user.is_authenticated:
        return False
    if user.is_staff or is_network_staff(user):
        return True
    return _any_rule(MFA_REQUIRED, user)


def mfa_enabled(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
