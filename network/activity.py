"""The activity log: the one audit trail of who did what to which record, when and why.

Every write service calls `activity_record` once per change; state machines
(network/workflow.py) record their moves through `activity_entry`.
"""

from django.db import models

from network.models import ActivityLog


def activity_entry(
    *,
    actor,
    verb: str,
    target: models.Model,
    scope: models.Model | None = None,
    changes: dict | None = None,
    reason: str = "",
) -> ActivityLog:
    """An unsaved log row (bulk writers save many at once)."""
    scope = scope if scope is not None else target
    return ActivityLog(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        verb=verb,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:200],
        scope_type=scope._meta.label_lower,
        scope_id=str(scope.pk),
        changes=changes or {},
        reason=reason,
    )


def activity_record(
    *,
    actor,
    verb: str,
    target: models.Model,
    scope: models.Model | None = None,
    changes: dict | None = None,
    reason: str = "",
) -> ActivityLog:
    """The one call that writes the audit trail: who did `verb` to `target`, and why."""
    entry = activity_entry(
        actor=actor, verb=verb, target=target, scope=scope, changes=changes, reason=reason
    )
    entry.save()
    return entry


def changes_between(before: dict, after: dict) -> dict:
    """{field: [old, new]} for the fields that differ, as JSON-friendly strings."""
    return {
        key: [_plain(before.get(key)), _plain(value)]
        for key, value in after.items()
        if before.get(key) != value
    }


def _plain(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
