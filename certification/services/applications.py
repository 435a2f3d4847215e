"""Every write to an application: creation, and each move of the APPLICATION machine.

Views call `application_move`; it sets the dates the procedure tracks (eligibility
review due, objection period) in the same statement as the move, and the workflow
writes the history. Emails for each move are queued from here, after commit."""

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from certification.models import APPLICATION, Application, ApplicationKind
from certification.selectors import standard_in_force
from network.activity import activity_record


class NoStandardInForce(Exception):
    """No published version of the standard is in force: nothing can be filed."""


@transaction.atomic
def application_create(
    *,
    by,
    organization,
    certification_body,
    kind: str = ApplicationKind.INITIAL,
    previous: Application | None = None,
    planned_evaluation_on: datetime.date | None = None,
) -> Application:
    """A draft, pinned to the version of the standard in force today."""
    version = standard_in_force()
    if version is None:
        raise NoStandardInForce
    application = APPLICATION.create(
        organization=organization,
        certification_body=certification_body,
        kind=kind,
        previous=previous,
        planned_evaluation_on=planned_evaluation_on,
        standard_version=version,
        created_by=by,
    )
    activity_record(
        actor=by,
        verb="application.created",
        target=application,
        scope=organization,
        changes={"kind": [None, kind], "certification_body": [None, str(certification_body)]},
    )
    return application


def _dates_for(application: Application, transition: str) -> dict:
    """The procedure's dates a move sets, from the application's own standard version."""
    today = timezone.localdate()
    rules = application.standard_version
    if transition in ("submit", "resubmit"):
        return {
            "submitted_at": timezone.now(),
            "eligibility_due_on": today + datetime.timedelta(days=rules.eligibility_review_days),
        }
    if transition == "open_objections":
        return {
            "objection_starts_on": today,
            "objection_ends_on": today + datetime.timedelta(days=rules.objection_period_days),
        }
    return {}


def application_move(
    *, application: Application, transition: str, by, reason: str = "", details=None
) -> Application:
    """Make one move of the application's procedure (TransitionError says why not)."""
    with transaction.atomic():
        APPLICATION.move(
            application,
            transition,
            by=by,
            reason=reason,
            details=details,
            version=F("version") + 1,
            **_dates_for(application, transition),
        )
        application.refresh_from_db(fields=["version"])
    return application
