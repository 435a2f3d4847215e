"""Capabilities shared by every app: one place that says who needs what."""

from collections.abc import Callable

# Later apps register predicates here ("is this user a certification-body person?")
# so the network app decides MFA without importing them.
_mfa_rules: list[Callable] = []


def register_mfa_rule(rule: Callable) -> Callable:
    """Declare that users for whom `rule(user)` is true must use MFA."""
    _mfa_rules.append(rule)
    return rule


def mfa_required(user) -> bool:
    """The single switch: must this user have MFA before using the portal?"""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return any(rule(user) for rule in _mfa_rules)


def mfa_enabled(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
