"""Filters other apps add to the staff directory. Producers may not import them, so an
app registers its filter in its AppConfig.ready() (certification adds the status of an
organization's certificate):

    register_directory_filter(DirectoryFilter(
        name="certification", label=_("Certification"),
        choices=lambda: [("active", _("active")), ...],
        apply=lambda organizations, value: organizations.filter(...),
    ))
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass(frozen=True)
class DirectoryFilter:
    name: str  # the query parameter and form field
    label: object  # a lazy translation
    choices: Callable[[], list[tuple[str, object]]]  # without the empty "all"
    apply: Callable[[QuerySet, str], QuerySet]


_FILTERS: dict[str, DirectoryFilter] = {}


def register_directory_filter(directory_filter: DirectoryFilter) -> None:
    _FILTERS[directory_filter.name] = directory_filter


def directory_filters() -> list[DirectoryFilter]:
    return list(_FILTERS.values())
