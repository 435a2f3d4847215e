"""What the advocacy services share: the errors they raise and the one guarded step of
a state machine (campaigns, declarations and updates all move through it)."""

from django.conf import settings

from advocacy.models import Campaign
from network.services import activity_record


class TransitionNotAllowed(Exception):
    """The object is not in a state from which this move is allowed."""


class GuardFailed(Exception):
    """The move is allowed in principle but a precondition is not met (message says)."""


class SigningClosed(Exception):
    pass


def move(obj, *, to: str, by=None, verb: str, **fields) -> None:
    """Apply one transition of `obj`'s state machine, guarded by a conditional UPDATE so
    two concurrent requests can never both make the same move."""
    if not obj.can_move_to(to):
        raise TransitionNotAllowed(f"{obj.status} → {to}")
    before = obj.status
    moved = type(obj).objects.filter(pk=obj.pk, status=before).update(status=to, **fields)
    if not moved:
        raise TransitionNotAllowed(f"{obj.status} changed meanwhile")
    obj.status = to
    for name, value in fields.items():
        setattr(obj, name, value)
    if by is not None:
        activity_record(
            actor=by, verb=verb, target=obj, scope=_scope_of(obj), changes={"status": [before, to]}
        )


def _scope_of(obj):
    return obj if isinstance(obj, Campaign) else obj.campaign


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path
