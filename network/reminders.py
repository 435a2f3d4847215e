"""Reminders that never miss a deadline and never arrive twice.

A **rule** is one kind of notice ("the eligibility review is late"). The app that owns the
data writes it as a small class and registers it in its AppConfig.ready(), the way
permissions and navigation are registered (network imports no other app):

    class DraftIdle(Rule):
        name = "certification.draft_idle"        # unique, kept in the ledger
        family = "application_drafts"            # one beat sweep and one preference per family
        label = _("Draft application idle")      # what staff read
        audience = _("the organization's editors")
        template = "reminder_draft_idle"         # templates/emails/<template>/
        essential = False                        # optional: people may turn it off

        def due(self, *, start, end, today):     # what falls due between the two dates
            ...yield Due(object_id=..., due_on=..., label=..., url=..., context={...})

        def recipients(self, items):             # who gets each, for a batch at once
            ...item.recipients = [user_recipient(user), ...]

    register_family(Family("application_drafts", _("Draft applications")))
    register_rule(DraftIdle())

The **sweep** of a family (network.tasks.reminders_sweep, one beat entry per family in
CELERY_BEAT_SCHEDULE) asks each rule for what fell due from `today - catch_up_days` to
today, so a day the sweep did not run (everything was down) is caught up by the next
run; a rule's query leaves out notices that became pointless (the application moved on).
Items go in batches; for each batch, in ONE transaction:

1. a ledger row per (rule, object, occurrence, recipient) is inserted with `ON CONFLICT
   DO NOTHING` (network.models.ReminderClaim): only the rows inserted now go further, so
   two sweeps at once, a retried task or two beat ticks send nothing twice;
2. their emails go to the outbox (outbox.emails_send, rendered by the worker in each
   recipient's language), optional ones with one-click unsubscribe headers unless the
   person turned the family off; people with an account also get an in-app notification;
3. the rule's `act` runs (e.g. a declaration moves to "renewal due").

A crash anywhere rolls the batch back whole: nothing was claimed, so the next sweep sends
it. Nothing is scheduled for later with a countdown: the next sweep finds it.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import islice

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise

from network.bulk import rows_insert
from network.models import Notification, ReminderClaim, ReminderOptOut
from network.outbox import emails_send, outbox_ids_reserve, render_subject
from network.plaindata import from_plain_data, plain_data

logger = logging.getLogger("minga.reminders")

UNSUBSCRIBE_SALT = "network.reminders.unsubscribe"


# --- What a rule is made of --------------------------------------------------------------


@dataclass(frozen=True)
class Family:
    """Rules swept together and turned off together (if optional)."""

    name: str
    label: str | Promise
    help: str | Promise = ""
    # Whose preferences page offers it (cooperative people need not see the bodies' ones).
    visible: Callable = lambda user: True


@dataclass(frozen=True)
class Recipient:
    """Who gets a notice: `key` is what the ledger and opt-outs name ("user:<id>" for a
    person with an account, else the address)."""

    key: str
    email: str
    language: str
    name: str = ""
    user_id: int | None = None


def user_key(user) -> str:
    """How the ledger and opt-outs name a person with an account."""
    return f"user:{user.pk}"


def user_recipient(user) -> Recipient:
    return Recipient(
        key=user_key(user),
        email=user.email,
        language=user.language or settings.LANGUAGE_CODE,
        name=user.get_short_name(),
        user_id=user.pk,
    )


def address_recipient(email: str, *, language: str, name: str = "") -> Recipient:
    """Someone without an account (a declaration's contact person)."""
    return Recipient(key=email.strip().lower(), email=email, language=language, name=name)


@dataclass(slots=True)
class Due:
    """One notice of a rule about one object. `context` is plain data for the template
    (network/plaindata.py); `url` the object's page, site-relative."""

    object_id: object
    due_on: date
    label: str
    url: str = ""
    context: dict = field(default_factory=dict)
    occurrence: str = ""  # default: the due date (a new date is a new notice)
    recipients: list[Recipient] = field(default_factory=list)
    # What the rule's `recipients` needs (ids read by `due`); never sent anywhere.
    data: dict = field(default_factory=dict)

    def __post_init__(self):
        self.object_id = str(self.object_id)
        self.occurrence = self.occurrence or self.due_on.isoformat()


class Rule:
    """One kind of notice; subclass it in the app that owns the data (see above)."""

    name: str = ""
    family: str = ""
    label: str | Promise = ""
    audience: str | Promise = ""
    template: str = ""
    essential: bool = False
    # How many days late a notice may still go (None: REMINDERS_CATCH_UP_DAYS).
    catch_up_days: int | None = None

    def due(self, *, start: date, end: date, today: date) -> Iterable[Due]:
        """The notices due from `start` to `end` (both included) that are still worth
        sending as of `today` (the object moved on, a later notice replaced this one:
        leave it out). The sweep asks for [today - catch-up, today]; the staff page for
        the coming weeks. Yield them lazily (see `in_chunks`): there may be many."""
        raise NotImplementedError

    def recipients(self, items: list[Due]) -> None:
        """Set `item.recipients` for a batch of items (a few queries for all of them)."""
        raise NotImplementedError

    def act(self, items: list[Due]) -> None:
        """What the sweep does to the objects due, in the claim's transaction (default:
        nothing). Runs on every due item each sweep: it must be idempotent."""

    @property
    def window_days(self) -> int:
        if self.catch_up_days is not None:
            return self.catch_up_days
        return settings.REMINDERS_CATCH_UP_DAYS


# --- The registry ------------------------------------------------------------------------

_families: dict[str, Family] = {}
_rules: dict[str, Rule] = {}


def register_family(family: Family) -> Family:
    _families.setdefault(family.name, family)
    return _families[family.name]


def register_rule(rule: Rule) -> Rule:
    if rule.family not in _families:
        raise LookupError(f"reminder rule {rule.name}: register its family {rule.family!r} first")
    if not (rule.name and rule.template):
        raise ValueError(f"reminder rule {rule!r} needs a name and a template")
    existing = _rules.setdefault(rule.name, rule)
    if type(existing) is not type(rule):
        raise ValueError(f"two reminder rules are named {rule.name}")
    return existing


def families() -> list[Family]:
    return list(_families.values())


def family_named(name: str) -> Family:
    return _families[name]


def rules() -> list[Rule]:
    return list(_rules.values())


def rules_of(family: str) -> list[Rule]:
    if family not in _families:
        raise LookupError(f"no reminder family {family!r}")
    return [rule for rule in _rules.values() if rule.family == family]


def rule_named(name: str) -> Rule | None:
    return _rules.get(name)


def optional_families(user=None) -> list[Family]:
    """Families with a notice people may turn off (those the user would get)."""
    names = {rule.family for rule in _rules.values() if not rule.essential}
    return [
        family
        for family in _families.values()
        if family.name in names and (user is None or family.visible(user))
    ]


def path_for(url_name: str, arguments: int = 1) -> Callable[..., str]:
    """`reverse(url_name, args=[value, …])` for many values at the cost of one reverse (a
    rule may link 100,000 items): the path is built once around a marker per argument,
    for a route whose `arguments` arguments take digits (`<int:pk>`, `<str:token>`).
    NoReverseMatch as reverse() would raise it."""
    markers = [str(8675309 + 1111111 * n) for n in range(arguments)]
    rest, pieces = reverse(url_name, args=[int(marker) for marker in markers]), []
    for marker in markers:
        before, rest = rest.split(marker, 1)
        pieces.append(before)

    def path(*values) -> str:
        if len(values) != arguments:
            raise TypeError(f"{url_name} takes {arguments} arguments, not {len(values)}")
        return (
            "".join(f"{piece}{value}" for piece, value in zip(pieces, values, strict=True)) + rest
        )

    return path


def in_chunks(queryset, size: int | None = None) -> Iterator:
    """A queryset's rows by primary key, a chunk at a time: a rule's `due` may yield
    100,000 items without holding them all, and the sweep may change rows meanwhile.
    Model instances, or dicts from `.values("pk", …)` (cheaper by far for many rows)."""
    size = size or settings.REMINDERS_BATCH_SIZE
    last = None
    while True:
        page = queryset.order_by("pk")
        if last is not None:
            page = page.filter(pk__gt=last)
        rows = list(page[:size])
        yield from rows
        if len(rows) < size:
            return
        last = rows[-1]["pk"] if isinstance(rows[-1], dict) else rows[-1].pk


# --- The sweep ---------------------------------------------------------------------------


def reminders_sweep(*, family: str, today: date | None = None) -> int:
    """Claim and send every notice of the family's rules due in their window; returns how
    many (notice, recipient) pairs were claimed by this run."""
    today = today or timezone.localdate()
    claimed = 0
    for rule in rules_of(family):
        start = today - timedelta(days=rule.window_days)
        due = iter(rule.due(start=start, end=today, today=today))
        while batch := list(islice(due, settings.REMINDERS_BATCH_SIZE)):
            claimed += _claim_batch(rule, batch)
    if claimed:
        logger.info("reminders %s on %s: %s claimed", family, today, claimed)
    return claimed


_CLAIM_FIELDS = ("rule", "object_id", "occurrence", "recipient", "due_on", "object_label",
                 "user", "language", "emailed", "outbox_message", "claimed_at")  # fmt: skip
_CLAIM_KEY = ("rule", "object_id", "occurrence", "recipient")


def _claim_batch(rule: Rule, items: list[Due]) -> int:
    with transaction.atomic():
        rule.recipients(items)
        wanted: dict[tuple, tuple[Due, Recipient]] = {}
        for item in items:
            for recipient in item.recipients:
                key = (item.object_id, item.occurrence, recipient.key)
                wanted.setdefault(key, (item, recipient))  # one person with two roles: once
        opted_out = _opted_out(rule, {recipient.key for _item, recipient in wanted.values()})
        emailed = {
            key for key, (_item, recipient) in wanted.items()
            if recipient.email and recipient.key not in opted_out
        }  # fmt: skip
        # Each claim names its email, written below if the claim is new (ids reserved
        # now: no second pass over the claims to link them).
        message_ids = iter(outbox_ids_reserve(len(emailed)))
        now = timezone.now()
        rows = [
            (rule.name, object_id, occurrence, key, item.due_on, item.label[:200],
             recipient.user_id, recipient.language, (object_id, occurrence, key) in emailed,
             next(message_ids) if (object_id, occurrence, key) in emailed else None, now)
            for (object_id, occurrence, key), (item, recipient) in wanted.items()
        ]  # fmt: skip
        claimed = rows_insert(
            ReminderClaim,
            _CLAIM_FIELDS,
            rows,
            conflict=_CLAIM_KEY,
            returning=("object_id", "occurrence", "recipient", "outbox_message"),
        )
        new = [(message_id, *wanted[tuple(key)]) for *key, message_id in claimed]
        _email(rule, [entry for entry in new if entry[0] is not None])
        _notify(rule, [(item, recipient) for _message, item, recipient in new], now)
        rule.act(items)
    return len(claimed)


def _opted_out(rule: Rule, keys: set[str]) -> set[str]:
    if rule.essential or not keys:
        return set()
    return set(
        ReminderOptOut.objects.filter(family=rule.family, recipient__in=keys).values_list(
            "recipient", flat=True
        )
    )


def _email(rule: Rule, claimed: list[tuple[int, Due, Recipient]]) -> None:
    """The claimed notices' emails, each with the id its claim already names."""
    if not claimed:
        return
    emails = []
    preferences_url = absolute_url(reverse("network:notification_settings"))
    unsubscribe_path = path_for("network:reminders_unsubscribe")
    for _message_id, item, recipient in claimed:
        context = {
            **item.context,
            "name": recipient.name,
            "link": absolute_url(item.url) if item.url else settings.SITE_URL,
            "site_url": settings.SITE_URL,
            "essential": rule.essential,
        }
        headers = {}
        if not rule.essential:
            token = unsubscribe_token(recipient.key, rule.family)
            unsubscribe_url = absolute_url(unsubscribe_path(token))
            context["unsubscribe_url"] = unsubscribe_url
            context["preferences_url"] = preferences_url
            headers = {
                "List-Unsubscribe": f"<{unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            }
        emails.append({"to": recipient.email, "template": rule.template, "context": context,
                       "language": recipient.language, "headers": headers})  # fmt: skip
    emails_send(emails, ids=[message_id for message_id, _item, _recipient in claimed])


def _notify(rule: Rule, claimed: list[tuple[Due, Recipient]], now) -> None:
    rows = [
        (recipient.user_id, rule.name, rule.template, plain_data(item.context), item.url, now)
        for item, recipient in claimed
        if recipient.user_id is not None
    ]
    if rows:
        rows_insert(Notification, ("user", "rule", "template", "context", "url", "created_at"),
                    rows, returning=())  # fmt: skip


def notification_title(notification: Notification) -> str:
    """What the notification says: its email's subject, in the reader's language."""
    try:
        return render_subject(
            template=notification.template, context=from_plain_data(notification.context)
        )
    except TemplateDoesNotExist:  # a rule since removed
        rule = rule_named(notification.rule)
        return str(rule.label) if rule else notification.rule


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


# --- One-click unsubscribe ----------------------------------------------------------------


@functools.lru_cache(maxsize=65536)  # the same people across a sweep's batches
def unsubscribe_token(recipient_key: str, family: str) -> str:
    """Signed (recipient, family) for the one-click link of an optional reminder; it
    does not expire (an old email's link still works), and carries no address in clear
    for an account holder."""
    return signing.dumps([recipient_key, family], salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_token_read(token: str) -> tuple[str, str] | None:
    try:
        recipient_key, family = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if family not in _families:
        return None
    return recipient_key, family


# --- The coming weeks (staff page) ---------------------------------------------------------


@dataclass(frozen=True)
class Upcoming:
    rule: Rule
    item: Due


def reminders_upcoming(*, today: date | None = None, days: int | None = None,
                       limit: int = 500) -> list[Upcoming]:  # fmt: skip
    """The notices the rules will send from tomorrow for `days` days, soonest first (at
    most `limit` per rule: the page shows the first ones)."""
    today = today or timezone.localdate()
    days = days or settings.REMINDERS_UPCOMING_DAYS
    start, end = today + timedelta(days=1), today + timedelta(days=days)
    found = [
        Upcoming(rule=rule, item=item)
        for rule in _rules.values()
        for item in islice(rule.due(start=start, end=end, today=today), limit)
    ]
    return sorted(found, key=lambda entry: (entry.item.due_on, str(entry.rule.label)))
