"""Reminders of the application's procedure: drafts, the eligibility review and the
objection period.

Days come from the application's own standard version (eligibility_review_days,
objection_reminder_days, objection_period_days) or, where a version does not say, from
settings (CERTIFICATION_DRAFT_IDLE_DAYS, CERTIFICATION_ELIGIBILITY_WARNING_DAYS). Each
rule's query keeps only applications still in the state the notice is about, so a notice
that became pointless (the review was done, the draft was submitted) is never sent.

- a draft untouched for 14 days → its organization's administrators and editors (optional);
- the eligibility review 14 days after submission (warning) and on its due date, day 21
  (limit) → the body's evaluators and reviewers cleared for the organization, and
  network staff (essential);
- the objection period on its reminder days (7 and 10: optional) and once it has ended
  (essential: someone must close it) → the same people."""

import datetime
from collections import defaultdict
from types import SimpleNamespace

from django.conf import settings
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certification.models import Application, ConflictDeclaration
from certification.reminders.common import (
    ToOrganization,
    day_range,
    for_certification_people,
    for_organization_people,
    notice_stages,
    versions_of,
)
from network.models import Role, RoleKind
from network.reminders import Due, Family, Rule, in_chunks, path_for, user_recipient

S = Application.Status
UNDER_REVIEW = (S.SUBMITTED, S.ELIGIBILITY_REVIEW)


DRAFTS = Family(
    "application_drafts",
    _("Draft certification applications"),
    _("A reminder when your organization's draft application has not changed for two weeks."),
    visible=for_organization_people,
)
ELIGIBILITY = Family(
    "eligibility_review",
    _("Eligibility reviews"),
    _("The review of a submitted application nearing or reaching its time limit."),
    visible=for_certification_people,
)
OBJECTIONS = Family(
    "objection_period",
    _("Objection periods"),
    _("Reminders during an applicant's public objection period, and when it ends."),
    visible=for_certification_people,
)


# --- Shared pieces -------------------------------------------------------------------------


def application_paths():
    """The application's page, for many applications (it comes with the application
    pages being built; until then the dashboard, where people find their work)."""
    try:
        return path_for("certification:application_detail")
    except NoReverseMatch:
        dashboard = reverse("network:dashboard")
        return lambda pk: dashboard


# Read as plain values, not model instances: a sweep may go through 100,000.
FACTS = ("pk", "organization_id", "organization__short_name", "organization__legal_name",
         "organization__country_network_id", "certification_body_id",
         "certification_body__name", "standard_version_id")  # fmt: skip


def _reference(pk: int) -> str:
    """Application.reference, without building an instance per row."""
    return Application.reference.fget(SimpleNamespace(pk=pk))


def _due(row: dict, due_on: datetime.date, url, **context) -> Due:
    organization = row["organization__short_name"] or row["organization__legal_name"]
    reference = _reference(row["pk"])
    return Due(
        object_id=row["pk"],
        due_on=due_on,
        label=f"{reference} · {organization}"[:200],
        url=url(row["pk"]),
        context={
            "reference": reference,
            "organization": organization,
            "certification_body": row["certification_body__name"],
            **context,
        },
        data={
            "organization": row["organization_id"],
            "country_network": row["organization__country_network_id"],
            "certification_body": row["certification_body_id"],
        },
    )


class _ToReviewers:
    """Recipients: the body's evaluators and reviewers with a current "no conflict"
    declaration for the organization (no one else at the body may open the file), and
    the network's staff (network-wide, and the organization's country network)."""

    def recipients(self, items):
        today = timezone.localdate()
        bodies = {item.data["certification_body"] for item in items}
        countries = {item.data["country_network"] for item in items} - {None}
        reviewers = defaultdict(list)
        for role in Role.objects.filter(
            certification_body_id__in=bodies,
            kind__in=[RoleKind.EVALUATOR, RoleKind.REVIEWER],
            user__is_active=True,
        ).select_related("user"):
            reviewers[role.certification_body_id].append(role.user)
        cleared = _cleared(
            {user.pk for users in reviewers.values() for user in users},
            {item.data["organization"] for item in items},
            today,
        )
        staff = Role.objects.filter(kind=RoleKind.NETWORK_STAFF, user__is_active=True).filter(
            Q(country_network__isnull=True) | Q(country_network_id__in=countries)
        )
        staff_by_country = defaultdict(list)
        for role in staff.select_related("user"):
            staff_by_country[role.country_network_id].append(role.user)
        people_of = {}  # user → Recipient, built once per batch
        for item in items:
            organization, country = item.data["organization"], item.data["country_network"]
            people = [
                user
                for user in reviewers[item.data["certification_body"]]
                if (user.pk, organization) in cleared
            ]
            people += staff_by_country[None] + (staff_by_country[country] if country else [])
            item.recipients = [
                people_of.setdefault(user.pk, user_recipient(user)) for user in people
            ]


def _cleared(people: set, organizations: set, today) -> set[tuple[int, int]]:
    """(person, organization) pairs whose newest declaration says "no conflict" and holds
    today (certification.selectors.has_current_no_conflict, for many pairs at once)."""
    if not people:
        return set()
    newest = {}
    declarations = ConflictDeclaration.objects.filter(
        person_id__in=people, organization_id__in=organizations, declared_on__lte=today
    ).order_by("person_id", "organization_id", "-declared_on", "-created_at", "-id")
    for declaration in declarations:
        newest.setdefault((declaration.person_id, declaration.organization_id), declaration)
    return {
        pair
        for pair, declaration in newest.items()
        if declaration.outcome == ConflictDeclaration.Outcome.NONE
        and declaration.valid_until >= today
    }


# --- Drafts ----------------------------------------------------------------------------------


class DraftIdle(ToOrganization, Rule):
    name = "certification.draft_idle"
    family = DRAFTS.name
    label = _("Draft application untouched")
    audience = _("the organization's administrators and editors")
    template = "reminder_application_draft_idle"

    def due(self, *, start, end, today):
        idle = settings.CERTIFICATION_DRAFT_IDLE_DAYS
        since, until = day_range(
            start - datetime.timedelta(days=idle), end - datetime.timedelta(days=idle)
        )
        drafts = Application.objects.filter(
            status=S.DRAFT, updated_at__gte=since, updated_at__lt=until
        ).values(*FACTS, "updated_at")
        url = application_paths()
        for row in in_chunks(drafts):
            changed_on = timezone.localdate(row["updated_at"])
            yield _due(
                row,
                changed_on + datetime.timedelta(days=idle),
                url,
                changed_on=changed_on,
                idle_days=idle,
            )


# --- The eligibility review ------------------------------------------------------------------


class EligibilityWarning(_ToReviewers, Rule):
    name = "certification.eligibility_warning"
    family = ELIGIBILITY.name
    label = _("Eligibility review: warning")
    audience = _("the body's evaluators and reviewers, and network staff")
    template = "reminder_eligibility_warning"
    essential = True

    def due(self, *, start, end, today):
        """Day 14 after submission, while the review is not done and its limit not yet
        reached (from then on the limit's own notice says more)."""
        days = settings.CERTIFICATION_ELIGIBILITY_WARNING_DAYS
        since, until = day_range(
            start - datetime.timedelta(days=days), end - datetime.timedelta(days=days)
        )
        applications = Application.objects.filter(
            status__in=UNDER_REVIEW,
            submitted_at__gte=since,
            submitted_at__lt=until,
            eligibility_due_on__gt=today,
        ).values(*FACTS, "submitted_at", "eligibility_due_on")
        url = application_paths()
        for row in in_chunks(applications):
            submitted_on = timezone.localdate(row["submitted_at"])
            yield _due(
                row,
                submitted_on + datetime.timedelta(days=days),
                url,
                submitted_on=submitted_on,
                eligibility_due_on=row["eligibility_due_on"],
                days=days,
            )


class EligibilityLimit(_ToReviewers, Rule):
    name = "certification.eligibility_limit"
    family = ELIGIBILITY.name
    label = _("Eligibility review: time limit reached")
    audience = _("the body's evaluators and reviewers, and network staff")
    template = "reminder_eligibility_limit"
    essential = True

    def due(self, *, start, end, today):
        """On the review's due date (day 21 by default: the version's
        eligibility_review_days), while it is still not done."""
        applications = Application.objects.filter(
            status__in=UNDER_REVIEW, eligibility_due_on__range=(start, end)
        ).values(*FACTS, "submitted_at", "eligibility_due_on",
                 "standard_version__eligibility_review_days")  # fmt: skip
        url = application_paths()
        for row in in_chunks(applications):
            submitted_at = row["submitted_at"]
            yield _due(
                row,
                row["eligibility_due_on"],
                url,
                eligibility_due_on=row["eligibility_due_on"],
                submitted_on=timezone.localdate(submitted_at) if submitted_at else None,
                days=row["standard_version__eligibility_review_days"],
            )


# --- The objection period ---------------------------------------------------------------------


class ObjectionReminder(_ToReviewers, Rule):
    name = "certification.objection_reminder"
    family = OBJECTIONS.name
    label = _("Objection period: reminder")
    audience = _("the body's evaluators and reviewers, and network staff")
    template = "reminder_objection_period"

    def due(self, *, start, end, today):
        """On each of the version's reminder days into the period (7 and 10), each one
        until the next is due or the period ends."""
        in_period = Application.objects.filter(status=S.OBJECTION_PERIOD).exclude(
            objection_starts_on=None
        )
        url = application_paths()
        for version in versions_of(in_period):
            for day, after in notice_stages(version.objection_reminder_days, after=True):
                applications = in_period.filter(
                    standard_version=version,
                    objection_starts_on__range=(
                        start - datetime.timedelta(days=day),
                        end - datetime.timedelta(days=day),
                    ),
                    objection_ends_on__gte=today,
                )
                if after is not None:  # replaced by the next reminder once that is due
                    applications = applications.filter(
                        objection_starts_on__gt=today - datetime.timedelta(days=after)
                    )
                rows = applications.values(*FACTS, "objection_starts_on", "objection_ends_on")
                for row in in_chunks(rows):
                    yield _due(
                        row,
                        row["objection_starts_on"] + datetime.timedelta(days=day),
                        url,
                        day=day,
                        objection_starts_on=row["objection_starts_on"],
                        objection_ends_on=row["objection_ends_on"],
                    )


class ObjectionPeriodOver(_ToReviewers, Rule):
    name = "certification.objection_period_over"
    family = OBJECTIONS.name
    label = _("Objection period over")
    audience = _("the body's evaluators and reviewers, and network staff")
    template = "reminder_objection_period_over"
    essential = True

    def due(self, *, start, end, today):
        """The day after the period's last day, while nobody has closed it."""
        applications = Application.objects.filter(
            status=S.OBJECTION_PERIOD,
            objection_ends_on__range=(
                start - datetime.timedelta(days=1),
                end - datetime.timedelta(days=1),
            ),
        ).values(*FACTS, "objection_starts_on", "objection_ends_on")
        url = application_paths()
        for row in in_chunks(applications):
            yield _due(
                row,
                row["objection_ends_on"] + datetime.timedelta(days=1),
                url,
                objection_starts_on=row["objection_starts_on"],
                objection_ends_on=row["objection_ends_on"],
            )
