"""Reads of the standard: the version in force, and the criteria an evaluation judges.

Everything here takes the StandardVersion an application was filed under; loading a
later version adds rows and never touches an earlier one's, so an application keeps
its version's criteria whatever is loaded afterwards."""

import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from certification.models import (
    EVALUATED_CLASSES,
    Criterion,
    CriterionClass,
    EvaluationKind,
    Section,
    StandardVersion,
)

# The standard Minga serves first: the one for small producers' organizations.
DEFAULT_STANDARD = "sps-spo"


def published_versions(code: str | None = None) -> QuerySet[StandardVersion]:
    """Published versions (the public may read them all), newest start first."""
    versions = StandardVersion.objects.filter(status=StandardVersion.Status.PUBLISHED)
    if code is not None:
        versions = versions.filter(code=code)
    return versions.order_by("code", "-in_force_from")


def standard_in_force(
    code: str = DEFAULT_STANDARD, *, on: datetime.date | None = None
) -> StandardVersion | None:
    """The published version in force on `on` (default today): the one with the latest
    start on or before that day. An application is filed under this version and keeps it."""
    on = on or timezone.localdate()
    return published_versions(code).filter(in_force_from__lte=on).first()


def criteria_of(
    version: StandardVersion,
    *,
    actor_type: str | None = None,
    evaluation_kind: str | None = None,
    on: datetime.date | None = None,
) -> QuerySet[Criterion]:
    """The criteria of `version`, by section then position.

    With `actor_type`, only those that apply to that actor type. With `evaluation_kind`,
    only those that kind of evaluation judges:
      - desk: the criteria checked in desk evaluations, i.e. every critical criterion
        (a database constraint) and any other the standard marks so (none in sps-spo 1);
      - complete: the critical, minimum and continuous-improvement criteria.
    Informative and transitional criteria are listed (no `evaluation_kind`) but never
    evaluated. A criterion the standard phases in (`mandatory_from_year`) is evaluated
    only from that year: `on` (default today) is the day of the evaluation.
    """
    criteria = Criterion.objects.filter(standard_version=version)
    if actor_type is not None:
        criteria = criteria.filter(actor_types__contains=[actor_type])
    if evaluation_kind is not None:
        if evaluation_kind == EvaluationKind.DESK:
            criteria = criteria.filter(checked_in_desk=True)
        elif evaluation_kind == EvaluationKind.COMPLETE:
            criteria = criteria.filter(criterion_class__in=EVALUATED_CLASSES)
        else:
            raise ValueError(f"unknown evaluation kind {evaluation_kind!r}")
        year = (on or timezone.localdate()).year
        criteria = criteria.filter(
            Q(mandatory_from_year__isnull=True) | Q(mandatory_from_year__lte=year)
        )
    return criteria.select_related("section").order_by("section__position", "position")


def sections_of(version: StandardVersion, *, actor_type: str | None = None) -> list[Section]:
    """The version's sections, each with `.listed` (its criteria, in order): two queries."""
    criteria = Criterion.objects.order_by("position")
    if actor_type is not None:
        criteria = criteria.filter(actor_types__contains=[actor_type])
    return list(
        Section.objects.filter(standard_version=version)
        .order_by("position")
        .prefetch_related(Prefetch("criteria", queryset=criteria, to_attr="listed"))
    )


def member_register_criteria(version: StandardVersion) -> QuerySet[Criterion]:
    """The criteria judged from the member register (the small-producer test), which the
    self-evaluation pre-fills from producers.selectors.small_producer_test."""
    return criteria_of(version).filter(from_member_register=True)


def class_counts(version: StandardVersion) -> dict[str, int]:
    """How many criteria of each class the version has (every class, zeros included)."""
    counts = dict.fromkeys(CriterionClass.values, 0)
    for row in (
        Criterion.objects.filter(standard_version=version)
        .values("criterion_class")
        .order_by()
        .annotate(total=Count("pk"))
    ):
        counts[row["criterion_class"]] = row["total"]
    return counts
