"""What the advocacy services share: their errors and absolute links.

State changes go through the machines in advocacy.models (network/workflow.py)."""

from django.conf import settings

from network.workflow import GuardFailed, TransitionNotAllowed

__all__ = ["GuardFailed", "SigningClosed", "TransitionNotAllowed", "absolute_url"]


class SigningClosed(Exception):
    pass


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path
