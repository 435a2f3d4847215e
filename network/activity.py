"""The activity log: the one audit trail of who did what to which record, when and why.

Every write service calls `activity_record` once per change; state machines
(network/workflow.py) record their moves through `activity_entry`. Verbs follow one
dialect, `<thing>.<past participle>` ("campaign.published", "member.added"), and each
app registers its verbs with the words a reader sees (`register_verbs` in its
AppConfig.ready); an unregistered verb is refused, so nothing unreadable is stored.
"""

import re

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from network.models import ActivityLog

_VERBS: dict[str, object] = {}
# Keys of `changes` that are not fields of the record (counts, lists...).
_CHANGE_LABELS: dict[str, object] = {}
_DIALECT = re.compile(r"^[a-z]+(_[a-z]+)*\.[a-z]+(_[a-z]+)*$")
_IRREGULAR = {"sent", "withdrawn", "made", "written", "given", "taken", "chosen", "paid",
              "held", "won", "met", "begun", "done", "set"}  # fmt: skip
EMPTY = "—"


def _in_dialect(verb: str) -> bool:
    last = verb.rsplit(".", 1)[-1].rsplit("_", 1)[-1]
    return bool(_DIALECT.match(verb)) and (last.endswith("ed") or last in _IRREGULAR)


def register_verbs(verbs: dict, *, change_labels: dict | None = None) -> None:
    """Declare verbs (`<thing>.<past participle>`) and what a reader sees for each."""
    wrong = [verb for verb in verbs if not _in_dialect(verb)]
    if wrong:
        raise ImproperlyConfigured(f"activity verbs must read '<thing>.<past participle>': {wrong}")
    _VERBS.update(verbs)
    _CHANGE_LABELS.update(change_labels or {})


def registered_verbs() -> dict:
    return dict(_VERBS)


def verb_label(verb: str) -> str:
    return str(_VERBS.get(verb, verb))


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
    return ActivityLog(**activity_values(actor=actor, verb=verb, target=target, scope=scope,
                                         changes=changes, reason=reason))  # fmt: skip


def activity_values(*, actor, verb, target, scope=None, changes=None, reason="") -> dict:
    """The fields of a log row, checked (activity_entry's work without the instance)."""
    if verb not in _VERBS:
        raise ValueError(f"unregistered activity verb {verb!r}: register it in the app's ready()")
    scope = scope if scope is not None else target
    return {
        "actor": actor if getattr(actor, "is_authenticated", False) else None,
        "verb": verb,
        "target_type": target._meta.label_lower,
        "target_id": str(target.pk),
        "target_repr": str(target)[:200],
        "scope_type": scope._meta.label_lower,
        "scope_id": str(scope.pk),
        "changes": changes or {},
        "reason": reason,
    }


_ENTRY_FIELDS = ("actor", "verb", "target_type", "target_id", "target_repr", "scope_type",
                 "scope_id", "changes", "reason", "created_at")  # fmt: skip


def activity_insert_many(entries) -> int:
    """Save many log rows (activity_values dicts) in one statement: a sweep may log
    thousands of moves, and the ORM's bulk_create costs more than the sweep's own work."""
    from django.utils import timezone

    from network.bulk import rows_insert

    now = timezone.now()
    rows = [
        (entry["actor"].pk if entry["actor"] else None, entry["verb"], entry["target_type"],
         entry["target_id"], entry["target_repr"], entry["scope_type"], entry["scope_id"],
         entry["changes"], entry["reason"], now)
        for entry in entries
    ]  # fmt: skip
    rows_insert(ActivityLog, _ENTRY_FIELDS, rows, returning=())
    return len(rows)


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


# --- Reading: the log in the reader's language --------------------------------------------


def described_changes(entry: ActivityLog) -> list[dict]:
    """Each change of an entry as a reader sees it: the field's label and the stored
    values shown as the form showed them (choice labels, yes/no, — for empty)."""
    model = _model(entry.target_type)
    rows = []
    for key, change in entry.changes.items():
        field = _field(model, key)
        label = str(field.verbose_name) if field is not None else _change_label(key)
        if isinstance(change, list) and len(change) == 2 and not _is_list_value(key, model):
            rows.append(
                {
                    "label": label,
                    "before": _shown(field, change[0]),
                    "after": _shown(field, change[1]),
                }
            )
        else:
            rows.append({"label": label, "value": _shown(field, change)})
    return rows


def _model(target_type: str):
    try:
        return apps.get_model(target_type)
    except (LookupError, ValueError):
        return None


def _field(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _is_list_value(key: str, model) -> bool:
    """Keys that hold a list of items rather than [before, after]."""
    return key.startswith("codes_") or key == "erased"


def _change_label(key: str) -> str:
    label = _CHANGE_LABELS.get(key)
    return str(label) if label is not None else key.replace("_", " ")


def _shown(field, value) -> str:
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, list):
        return ", ".join(_shown(field, item) for item in value)
    choices = getattr(field, "flatchoices", None) if field is not None else None
    if choices:
        labels = {str(key): label for key, label in choices}
        if str(value) in labels:
            return str(labels[str(value)])
    return str(value)


register_verbs(
    {
        "profile.updated": _("updated their profile"),
        "email.retried": _("sent a failed email again"),
        "invitation.sent": _("invited a person"),
        "invitation.accepted": _("accepted an invitation"),
        "invitation.revoked": _("revoked an invitation"),
        "role.revoked": _("revoked a role"),
        "country_network.created": _("created the country network"),
        "country_network.updated": _("updated the country network"),
        "product_network.created": _("created the product network"),
        "product_network.updated": _("updated the product network"),
        "certification_body.created": _("created the certification body"),
        "certification_body.updated": _("updated the certification body"),
        "reminder_preferences.updated": _("changed which reminders they get by email"),
        "admin.record_added": _("added the record in the administration"),
        "admin.record_changed": _("changed the record in the administration"),
        "admin.record_deleted": _("deleted the record in the administration"),
    },
    change_labels={
        "created": pgettext_lazy("count", "added"),
        "updated": pgettext_lazy("count", "updated"),
        "unchanged": _("unchanged"),
        "codes_created": _("codes added"),
        "codes_updated": _("codes updated"),
        "erased": _("erased"),
        "reminders_off": _("reminders turned off"),
    },
)
