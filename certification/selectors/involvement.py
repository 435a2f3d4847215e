"""Who took part in an application's file, and so may not decide on it nor handle a
complaint or appeal about it (ISO/IEC 17065: whoever evaluated or reviewed does not
decide). One function answers it for every service that needs it: `people_involved`.

It reads the review moves from the activity log (the one history of the file). Other
parts of the file add their people with `involvement_source` from the module that owns
them: the evaluation team registers its lead evaluator and members. Reviewing and
evaluating exclude each other too: a reviewer is not put on the evaluation team, and a
team member makes no review move (certification/services/evaluations.py and
certification/services/applications.py)."""

from collections.abc import Callable

from network.models import ActivityLog

# The application's moves that mean "this person reviewed the file". Closing the
# objection period is one: it judges the objections received against the file.
REVIEW_VERBS = (
    "application.review_started",
    "application.returned",
    "application.accepted",
    "application.objections_opened",
    "application.objections_closed",
    "application.quote_sent",
)

_SOURCES: list[Callable] = []


def involvement_source(function: Callable) -> Callable:
    """Register `function(application) -> set of user ids` as more people involved."""
    if function not in _SOURCES:
        _SOURCES.append(function)
    return function


def reviewers_of(application) -> set[int]:
    return set(
        ActivityLog.objects.filter(
            target_type=application._meta.label_lower,
            target_id=str(application.pk),
            verb__in=REVIEW_VERBS,
            actor__isnull=False,
        ).values_list("actor_id", flat=True)
    )


def people_involved(application) -> set[int]:
    """Ids of the people who reviewed or evaluated the application."""
    people = reviewers_of(application)
    for source in _SOURCES:
        people |= set(source(application))
    return people
