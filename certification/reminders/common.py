"""Pieces the certification reminder rules share: day ranges, the standard versions a
query touches, and the organization's people as recipients."""

import datetime
from collections import defaultdict

from django.utils import timezone

from certification.models import StandardVersion
from network.models import Role, RoleKind
from network.reminders import user_recipient
from network.selectors import has_certification_role, has_staff_role, organization_roles

EDITORS = (RoleKind.ORG_ADMIN, RoleKind.ORG_EDITOR)


def for_organization_people(user) -> bool:
    """Whose preferences page offers a family about the organization's own file."""
    return bool(organization_roles(user))


def for_certification_people(user) -> bool:
    return user.is_superuser or has_staff_role(user) or has_certification_role(user)


def for_evaluation_people(user) -> bool:
    """The cooperative's people and the certification body's (evaluations, actions)."""
    return for_organization_people(user) or has_certification_role(user)


def days(count: int) -> datetime.timedelta:
    return datetime.timedelta(days=count)


def notice_stages(notice_days, *, after: bool = False) -> list[tuple[int, int | None]]:
    """(days, the next notice's days or None for the last), in the order they fall due:
    each notice of a staged series stands until the next one is due. Days before a date
    (60, 30, 0) by default, the farthest first; `after` a date (7, 10 days into a
    period), the nearest first."""
    ordered = sorted(set(notice_days), reverse=not after)
    return list(zip(ordered, [*ordered[1:], None], strict=True))


def day_range(start: datetime.date, end: datetime.date) -> tuple:
    """The instants of local days `start` to `end`, for a datetime column."""
    since = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    until = timezone.make_aware(datetime.datetime.combine(end + days(1), datetime.time.min))
    return since, until


def versions_of(queryset) -> list[StandardVersion]:
    """The standard versions of a queryset's rows (each carries its own days)."""
    return list(
        StandardVersion.objects.filter(pk__in=queryset.values("standard_version")).order_by("pk")
    )


def organization_name(row: dict, prefix: str = "organization__") -> str:
    return row[f"{prefix}short_name"] or row[f"{prefix}legal_name"]


class People:
    """Recipients built once per person for a batch (one person, many items)."""

    def __init__(self):
        self._made = {}

    def __call__(self, user):
        if user.pk not in self._made:
            self._made[user.pk] = user_recipient(user)
        return self._made[user.pk]


def organization_people(organizations, kinds=EDITORS, people=None) -> dict[int, list]:
    """{organization id: its active people of these kinds, as recipients}, one query."""
    people = people or People()
    found = defaultdict(list)
    for role in (
        Role.objects.filter(organization_id__in=organizations, kind__in=kinds, user__is_active=True)
        .select_related("user")
        .order_by("user__email")
    ):
        found[role.organization_id].append(people(role.user))
    return found


class ToOrganization:
    """Recipients: the organization's administrators and editors (`kinds`), from
    `item.data["organization"]`; an item whose data says `"quiet": True` goes to nobody
    (the rule still acts on it)."""

    kinds = EDITORS

    def recipients(self, items):
        found = organization_people({item.data["organization"] for item in items}, kinds=self.kinds)
        for item in items:
            item.recipients = [] if item.data.get("quiet") else found[item.data["organization"]]
