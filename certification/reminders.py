"""Reminders of the certification procedure (the mechanism is network/reminders.py).

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
  (essential: someone must close it) → the same people.

Certificates (renewal notices, expiry), corrective actions and evaluations add their
rules here the same way once their tables exist."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certification.models import Application, ConflictDeclaration, StandardVersion
from network.models import Role, RoleKind
from network.reminders import Due, Family, Rule, in_chunks, user_recipient
from network.selectors import has_certification_role, has_staff_role, organization_roles

S = Application.Status
UNDER_REVIEW = (S.SUBMITTED, S.ELIGIBILITY_REVIEW)


def _for_certification_people(user) -> bool:
    return user.is_superuser or has_staff_role(user) or has_certification_role(user)


DRAFTS = Family(
    "application_drafts",
    _("Draft certification applications"),
    _("A reminder when your organization's draft application has not changed for two weeks."),
    visible=lambda user: bool(organization_roles(user)),
)
ELIGIBILITY = Family(
    "eligibility_review",
    _("Eligibility reviews"),
    _("The review of a submitted application nearing or reaching its time limit."),
    visible=_for_certification_people,
)
OBJECTIONS = Family(
    "objection_period",
    _("Objection periods"),
    _("Reminders during an applicant's public objection period, and when it ends."),
    visible=_for_certification_people,
)
FAMILIES = (DRAFTS, ELIGIBILITY, OBJECTIONS)


# --- Shared pieces -------------------------------------------------------------------------


def application_url(application: Application) -> str:
    """The application's page (it comes with the application pages); until then the
    person's dashboard, where their applications are listed."""
    try:
        return reverse("certification:application_detail", args=[application.pk])
    except NoReverseMatch:
        return reverse("network:dashboard")


def _due(application: Application, due_on: datetime.date, **context) -> Due:
    return Due(
        object_id=application.pk,
        due_on=due_on,
        label=f"{application.reference} · {application.organization}"[:200],
        url=application_url(application),
        context={
            "reference": application.reference,
            "organization": str(application.organization),
            "certification_body": str(application.certification_body),
            **context,
        },
    )


def _day_range(start: datetime.date, end: datetime.date) -> tuple:
    """The instants of local days `start` to `end`, for a datetime column."""
    since = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    until = timezone.make_aware(
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min)
    )
    return since, until


def _versions(applications) -> list[StandardVersion]:
    return list(
        StandardVersion.objects.filter(pk__in=applications.values("standard_version")).order_by(
            "pk"
        )
    )


class _ToReviewers:
    """Recipients: the body's evaluators and reviewers with a current "no conflict"
    declaration for the organization (no one else at the body may open the file), and
    the network's staff (network-wide, and the organization's country network)."""

    def recipients(self, items):
        today = timezone.localdate()
        applications = Application.objects.filter(pk__in=[item.object_id for item in items])
        facts = {
            str(pk): (body, organization, country)
            for pk, body, organization, country in applications.values_list(
                "pk", "certification_body_id", "organization_id", "organization__country_network_id"
            )
        }
        bodies = {body for body, _organization, _country in facts.values()}
        countries = {country for _body, _organization, country in facts.values() if country}
        reviewers = defaultdict(list)
        for role in Role.objects.filter(
            certification_body_id__in=bodies,
            kind__in=[RoleKind.EVALUATOR, RoleKind.REVIEWER],
            user__is_active=True,
        ).select_related("user"):
            reviewers[role.certification_body_id].append(role.user)
        cleared = _cleared(
            {user.pk for users in reviewers.values() for user in users},
            {organization for _body, organization, _country in facts.values()},
            today,
        )
        staff = Role.objects.filter(kind=RoleKind.NETWORK_STAFF, user__is_active=True).filter(
            Q(country_network__isnull=True) | Q(country_network_id__in=countries)
        )
        staff_by_country = defaultdict(list)
        for role in staff.select_related("user"):
            staff_by_country[role.country_network_id].append(role.user)
        for item in items:
            body, organization, country = facts[item.object_id]
            people = [user for user in reviewers[body] if (user.pk, organization) in cleared]
            people += staff_by_country[None] + (staff_by_country[country] if country else [])
            item.recipients = [user_recipient(user) for user in people]


def _cleared(people: set, organizations: set, today) -> set[tuple[int, int]]:
    """(person, organization) pairs whose newest declaration says "no conflict" and holds
    today (certification.selectors.has_current_no_conflict, for many pairs at once)."""
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


class DraftIdle(Rule):
    name = "certification.draft_idle"
    family = DRAFTS.name
    label = _("Draft application untouched")
    audience = _("the organization's administrators and editors")
    template = "reminder_application_draft_idle"

    def due(self, *, start, end, today):
        idle = settings.CERTIFICATION_DRAFT_IDLE_DAYS
        since, until = _day_range(
            start - datetime.timedelta(days=idle), end - datetime.timedelta(days=idle)
        )
        drafts = Application.objects.filter(
            status=S.DRAFT, updated_at__gte=since, updated_at__lt=until
        ).select_related("organization", "certification_body")
        for application in in_chunks(drafts):
            changed_on = timezone.localdate(application.updated_at)
            yield _due(
                application,
                changed_on + datetime.timedelta(days=idle),
                changed_on=changed_on,
                idle_days=idle,
            )

    def recipients(self, items):
        organizations = dict(
            Application.objects.filter(pk__in=[item.object_id for item in items]).values_list(
                "pk", "organization_id"
            )
        )
        people = defaultdict(list)
        for role in Role.objects.filter(
            organization_id__in=set(organizations.values()),
            kind__in=[RoleKind.ORG_ADMIN, RoleKind.ORG_EDITOR],
            user__is_active=True,
        ).select_related("user"):
            people[role.organization_id].append(role.user)
        for item in items:
            item.recipients = [
                user_recipient(user) for user in people[organizations[int(item.object_id)]]
            ]


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
        since, until = _day_range(
            start - datetime.timedelta(days=days), end - datetime.timedelta(days=days)
        )
        applications = Application.objects.filter(
            status__in=UNDER_REVIEW,
            submitted_at__gte=since,
            submitted_at__lt=until,
            eligibility_due_on__gt=today,
        ).select_related("organization", "certification_body")
        for application in in_chunks(applications):
            submitted_on = timezone.localdate(application.submitted_at)
            yield _due(
                application,
                submitted_on + datetime.timedelta(days=days),
                submitted_on=submitted_on,
                eligibility_due_on=application.eligibility_due_on,
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
        ).select_related("organization", "certification_body", "standard_version")
        for application in in_chunks(applications):
            yield _due(
                application,
                application.eligibility_due_on,
                submitted_on=timezone.localdate(application.submitted_at)
                if application.submitted_at
                else None,
                days=application.standard_version.eligibility_review_days,
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
        for version in _versions(in_period):
            days = sorted(set(version.objection_reminder_days))
            for position, day in enumerate(days):
                after = days[position + 1] if position + 1 < len(days) else None
                applications = in_period.filter(
                    standard_version=version,
                    objection_starts_on__range=(
                        start - datetime.timedelta(days=day),
                        end - datetime.timedelta(days=day),
                    ),
                    objection_ends_on__gte=today,
                ).select_related("organization", "certification_body")
                if after is not None:  # replaced by the next reminder once that is due
                    applications = applications.filter(
                        objection_starts_on__gt=today - datetime.timedelta(days=after)
                    )
                for application in in_chunks(applications):
                    yield _due(
                        application,
                        application.objection_starts_on + datetime.timedelta(days=day),
                        day=day,
                        objection_starts_on=application.objection_starts_on,
                        objection_ends_on=application.objection_ends_on,
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
        ).select_related("organization", "certification_body")
        for application in in_chunks(applications):
            yield _due(
                application,
                application.objection_ends_on + datetime.timedelta(days=1),
                objection_starts_on=application.objection_starts_on,
                objection_ends_on=application.objection_ends_on,
            )


RULES = (DraftIdle, EligibilityWarning, EligibilityLimit, ObjectionReminder, ObjectionPeriodOver)
