"""The one state-machine mechanism: every status in the product changes here and only here.

A machine is a table of named transitions (from which states, to which state, the button
label, whether a reason is required, guards) over one `StateField` of one model. A move
is a conditional UPDATE (`WHERE pk = … AND status = <the state we saw>`), so two
requests can never both make it; it records who, when, from, to and why in the activity
log, the one history of every record. Pages derive their buttons from the same table.

    membership = StateMachine(Organization, field="membership_status", name="membership",
                              transitions=[Transition("admit", [APPLICANT], MEMBER, _("Admit"))])
    membership.move(organization, "admit", by=user, reason="…")

Services call `move` (one object) or `move_many` (sweeps); views never assign states.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import models, transaction
from django.db.models.expressions import Combinable
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

MACHINES: list[StateMachine] = []


class StateField(models.CharField):
    """A status column moved only by its StateMachine: never edited in forms or the admin."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        # Our defaults differ from CharField's: state them, so migrations round-trip.
        kwargs["db_index"], kwargs["editable"] = self.db_index, self.editable
        return name, "network.workflow.StateField", args, kwargs


class TransitionError(Exception):
    """A move was refused; the message says why, in the reader's language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return str(self.message)


class TransitionNotAllowed(TransitionError):
    """The record is not in a state this move starts from (or it changed meanwhile)."""


class GuardFailed(TransitionError):
    """The move is possible in this state but a precondition is not met."""


Guard = Callable[[models.Model], "str | Promise | None"]


@dataclass(frozen=True)
class Transition:
    name: str
    sources: Iterable[str]
    target: str
    label: str | Promise = ""
    verb: str = ""  # activity-log verb; default "<machine>.<name>"
    needs_reason: bool = False
    style: str = ""  # "danger" for destructive buttons, "secondary" for minor ones
    guards: tuple[Guard, ...] = ()  # each returns why the move is blocked, or None
    # In the activity log? None: as the machine says (a person's retry of an email is
    # logged even though the outbox machine's own moves are not).
    record: bool | None = None

    def __post_init__(self):
        object.__setattr__(self, "sources", frozenset(self.sources))

    def blocked_by(self, obj) -> str | None:
        for guard in self.guards:
            message = guard(obj)
            if message:
                return str(message)
        return None


@dataclass
class Button:
    """A transition as a page shows it: a POST form, or a link to a page with a form (a
    reason, or more: a quote's amount)."""

    transition: Transition
    url: str
    blocked: str | None = None
    form_page: bool = False

    @property
    def links(self) -> bool:
        return self.form_page or self.transition.needs_reason

    @property
    def label(self):
        return self.transition.label

    @property
    def name(self):
        return self.transition.name


@dataclass(frozen=True)
class Step:
    """One move in a record's history."""

    at: object
    by: object
    transition: Transition
    before: str
    after: str
    reason: str


@dataclass
class StateMachine:
    model: type[models.Model]
    name: str
    transitions: list[Transition]
    field: str = "status"
    # States a record may be created in (the field's default when empty).
    initial: Iterable[str] = ()
    # The record whose page lists this history (a campaign for its updates...).
    scope: Callable[[models.Model], models.Model] | None = None
    # False for high-volume machines with their own ledger (the email outbox).
    record: bool = True
    # Relations `scope` reads, loaded with the rows that move_many logs (one query, not
    # one per row: a sweep may move thousands).
    related: tuple[str, ...] = ()
    by_name: dict[str, Transition] = dataclasses.field(init=False)

    def __post_init__(self):
        self.by_name = {t.name: t for t in self.transitions}
        if len(self.by_name) != len(self.transitions):
            raise ValueError(f"{self.name}: transition names must be unique")
        states = {value for value, _label in self.model._meta.get_field(self.field).choices}
        for transition in self.transitions:
            unknown = (set(transition.sources) | {transition.target}) - states
            if unknown:
                raise ValueError(f"{self.name}.{transition.name}: unknown states {unknown}")
        default = self.model._meta.get_field(self.field).default
        self.initial = frozenset(self.initial) or frozenset({default})
        MACHINES.append(self)

    # --- Reading -------------------------------------------------------------------------

    @property
    def states(self) -> list[str]:
        return [value for value, _label in self.model._meta.get_field(self.field).choices]

    def state_of(self, obj) -> str:
        return getattr(obj, self.field)

    def verb(self, transition: Transition) -> str:
        return transition.verb or f"{self.name}.{transition.name}"

    def available(self, obj) -> list[Transition]:
        """The moves the record's state allows (guards not applied)."""
        state = self.state_of(obj)
        return [t for t in self.transitions if state in t.sources]

    def can(self, obj, name: str) -> bool:
        transition = self.by_name[name]
        return self.state_of(obj) in transition.sources and transition.blocked_by(obj) is None

    def buttons(
        self, obj, *, url: Callable[[Transition], str], allowed=None, form_pages=()
    ) -> list[Button]:
        """The buttons a page shows: the moves available now that `allowed(transition)`
        lets this person make, each with why it is blocked (shown, not hidden). Moves
        named in `form_pages` link to their page instead of posting at once: what their
        guards ask is what that page's form supplies, so they are checked when it is sent."""
        return [
            Button(
                transition=t,
                url=url(t),
                blocked=None if t.name in form_pages else t.blocked_by(obj),
                form_page=t.name in form_pages,
            )
            for t in self.available(obj)
            if allowed is None or allowed(t)
        ]

    def records(self, transition: Transition) -> bool:
        """Whether a move by `transition` is written to the activity log."""
        return self.record if transition.record is None else transition.record

    def label(self, state: str) -> str:
        return str(dict(self.model._meta.get_field(self.field).choices).get(state, state))

    def history(self, obj):
        """The record's moves, newest first, from the activity log."""
        from network.models import ActivityLog

        return ActivityLog.objects.filter(
            target_type=self.model._meta.label_lower,
            target_id=str(obj.pk),
            verb__in=[self.verb(t) for t in self.transitions],
        ).select_related("actor")

    def timeline(self, obj, limit: int | None = None) -> list[Step]:
        """The history as a page shows it (includes/state_history.html)."""
        by_verb = {self.verb(t): t for t in self.transitions}
        entries = self.history(obj)
        steps = []
        for entry in entries[:limit] if limit else entries:
            before, after = entry.changes.get(self.field, [None, None])
            steps.append(
                Step(
                    at=entry.created_at,
                    by=entry.actor,
                    transition=by_verb[entry.verb],
                    before=self.label(before),
                    after=self.label(after),
                    reason=entry.reason,
                )
            )
        return steps

    # --- Writing -------------------------------------------------------------------------

    def create(self, *, state: str | None = None, **fields) -> models.Model:
        """A new record, in one of the machine's initial states."""
        state = state or self.model._meta.get_field(self.field).default
        if state not in self.initial:
            raise TransitionNotAllowed(
                f"{self.name}: a record cannot be created as {state!r}"  # a programming error
            )
        return self.model._default_manager.create(**{self.field: state}, **fields)

    def create_many(self, fields, rows, **options) -> list[tuple]:
        """Many new records in one statement (network/bulk.py rows_insert, whose
        `returning`/`conflict` options pass through), all in the field's default state."""
        from network.bulk import rows_insert

        state = self.model._meta.get_field(self.field).default
        rows = [(*row, state) for row in rows]
        return rows_insert(self.model, [*fields, self.field], rows, **options)

    def move(
        self, obj, name: str, *, by=None, reason: str = "", details: dict | None = None, **fields
    ) -> Transition:
        """Make one move: check state, reason and guards, apply it with a conditional
        UPDATE (with `fields` set in the same statement) and record it, with `details`
        (more changes worth keeping) in the log entry."""
        transition = self.by_name[name]
        before = self.state_of(obj)
        if before not in transition.sources:
            raise TransitionNotAllowed(self._not_allowed(obj))
        if transition.needs_reason and not reason.strip():
            raise GuardFailed(_("Give the reason for this decision."))
        blocked = transition.blocked_by(obj)
        if blocked:
            raise GuardFailed(blocked)
        values = {**self._touch(), **fields, self.field: transition.target}
        with transaction.atomic():
            moved = self.model._default_manager.filter(pk=obj.pk, **{self.field: before}).update(
                **values
            )
            if not moved:
                raise TransitionNotAllowed(
                    _("Someone else changed this record meanwhile; reload the page.")
                )
            for name_, value in values.items():
                if not isinstance(value, Combinable):
                    setattr(obj, name_, value)
            if self.records(transition):
                entry = self._log_entry(obj, transition, before=before, by=by, reason=reason)
                entry.changes.update(details or {})
                entry.save()
        return transition

    def move_many(self, queryset, name: str, *, by=None, reason: str = "", **fields) -> list:
        """Move every record of `queryset` that is in a source state (sweeps, claims);
        returns the primary keys moved. Rows locked by someone else are left for later."""
        from network.activity import activity_insert_many

        transition = self.by_name[name]
        recorded = self.records(transition)
        with transaction.atomic():
            locked = (
                queryset.filter(**{f"{self.field}__in": transition.sources})
                .select_for_update(skip_locked=True, of=("self",))
                .order_by()
            )
            # Logged moves need the records themselves (names, scopes); the others only ids.
            objects = list(locked) if recorded else None
            rows = (
                [(obj.pk, self.state_of(obj)) for obj in objects]
                if recorded
                else list(locked.values_list("pk", self.field))
            )
            if not rows:
                return []
            pks = [pk for pk, _state in rows]
            values = {**self._touch(), **fields, self.field: transition.target}
            self.model._default_manager.filter(pk__in=pks).update(**values)
            if recorded:
                if self.related:  # each related record once, shared by its rows
                    models.prefetch_related_objects(objects, *self.related)
                activity_insert_many(
                    self._log_values(obj, transition, before=state, by=by, reason=reason)
                    for obj, (_pk, state) in zip(objects, rows, strict=True)
                )
        return pks

    # --- Inside ---------------------------------------------------------------------------

    def _touch(self) -> dict:
        """auto_now columns are not set by UPDATE: set them like save() would."""
        now = timezone.now()
        return {
            f.name: now
            for f in self.model._meta.concrete_fields
            if getattr(f, "auto_now", False) and f.name != self.field
        }

    def _log_entry(self, obj, transition, *, before, by, reason):
        from network.models import ActivityLog

        return ActivityLog(**self._log_values(obj, transition, before=before, by=by,
                                              reason=reason))  # fmt: skip

    def _log_values(self, obj, transition, *, before, by, reason) -> dict:
        from network.activity import activity_values

        return activity_values(
            actor=by,
            verb=self.verb(transition),
            target=obj,
            scope=self.scope(obj) if self.scope else obj,
            changes={self.field: [before, transition.target]},
            reason=reason,
        )

    def _not_allowed(self, obj) -> str:
        label = dict(self.model._meta.get_field(self.field).choices).get(
            self.state_of(obj), self.state_of(obj)
        )
        return gettext("This step is not possible while the record is “%(state)s”.") % {
            "state": label
        }


def machine_for(model: type[models.Model], field: str = "status") -> StateMachine:
    for machine in MACHINES:
        if machine.model is model and machine.field == field:
            return machine
    raise LookupError(f"no state machine for {model._meta.label}.{field}")
