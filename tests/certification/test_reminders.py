"""The application procedure's reminders (certification/reminders/applications.py), walked through
time: the clock moves day by day (time-machine), the services stamp the dates as they
would, and every family is swept each morning as beat would. Each notice arrives once,
in order, in each person's language; a morning without a sweep is caught up the next;
a notice that became pointless is never sent."""

import datetime

import pytest
import time_machine
from django.utils import translation

from certification.services.applications import application_create, application_move
from network.models import Notification, OutboxMessage, ReminderClaim, RoleKind
from network.reminders import notification_title
from tests.certification.factories import (
    ConflictDeclarationFactory,
    load_standard_file,
    ready_application,
)
from tests.certification.reminder_walk import Walk, emails_sent
from tests.fixtures.personas import make_user
from tests.producers.factories import CertificationBodyFactory, grant

FAMILIES = ("application_drafts", "eligibility_review", "objection_period")
START = datetime.date(2027, 3, 1)


def morning(day: int) -> datetime.datetime:
    return Walk(START, FAMILIES).morning(day)


@pytest.fixture
def people(db, coop_a):
    with time_machine.travel(morning(0), tick=False):
        load_standard_file("sps-spo-1.yaml")
        body = CertificationBodyFactory(name="Certificadora Andina")
        admin = make_user("ana@example.org", full_name="Ana Quispe", language="es")
        grant(admin, RoleKind.ORG_ADMIN, organization=coop_a)
        evaluator = make_user("ellen@example.org", full_name="Ellen Smith", language="en")
        grant(evaluator, RoleKind.EVALUATOR, certification_body=body)
        ConflictDeclarationFactory(person=evaluator, organization=coop_a)
        conflicted = make_user("otto@example.org", full_name="Otto Conflicted", language="en")
        grant(conflicted, RoleKind.REVIEWER, certification_body=body)  # no declaration
        staff = make_user("nora@example.org", full_name="Nora Staff", language="es")
        grant(staff, RoleKind.NETWORK_STAFF)
    return {"admin": admin, "evaluator": evaluator, "staff": staff, "body": body}


def emails_by_subject():
    """Send what the outbox holds (as its sweep and tasks would) and read the emails."""
    return {(message.to[0], message.subject) for message in emails_sent()}


def test_an_application_walks_through_its_notices_in_order(people, coop_a):
    admin, evaluator, staff = people["admin"], people["evaluator"], people["staff"]
    walk = Walk(START, FAMILIES)
    application = walk.do(
        0, lambda: ready_application(organization=coop_a, by=admin, body=people["body"])
    )
    reference = application.reference

    for day in range(0, 15):
        walk.at(day)
    walk.do(15, lambda: application_move(application=application, transition="submit", by=admin))
    walk.do(16, lambda: application_move(
        application=application, transition="start_review", by=evaluator))  # fmt: skip
    for day in range(15, 37):
        walk.at(day)
    walk.do(37, lambda: application_move(
        application=application, transition="open_objections", by=evaluator))  # fmt: skip
    for day in range(37, 54):
        walk.at(day, sweep=day != 44)  # everything was down on day 44
    walk.do(54, lambda: application_move(
        application=application, transition="close_objections", by=evaluator))  # fmt: skip
    for day in range(54, 70):
        walk.at(day)

    reviewers = [evaluator.email, staff.email]
    assert walk.log == [
        (14, "certification.draft_idle", admin.email),
        *[(29, "certification.eligibility_warning", to) for to in sorted(reviewers)],
        *[(36, "certification.eligibility_limit", to) for to in sorted(reviewers)],
        *[(45, "certification.objection_reminder", to) for to in sorted(reviewers)],  # day 44's
        *[(47, "certification.objection_reminder", to) for to in sorted(reviewers)],
        *[(53, "certification.objection_period_over", to) for to in sorted(reviewers)],
    ]
    assert "otto@example.org" not in {to for _day, _rule, to in walk.log}  # not cleared

    sent = emails_by_subject()
    assert (admin.email, f"{reference}: su borrador de solicitud está esperando") in sent
    assert (evaluator.email, f"{reference}: eligibility review due by April 6, 2027") in sent
    assert (
        staff.email,
        f"{reference}: revisión de elegibilidad hasta el 6 de abril de 2027",
    ) in sent
    assert (evaluator.email, f"{reference}: the eligibility review reached its time limit") in sent
    assert (evaluator.email, f"{reference}: objection period, day 7") in sent
    assert (evaluator.email, f"{reference}: objection period, day 10") in sent
    assert (staff.email, f"{reference}: periodo de objeciones, día 10") in sent
    assert (evaluator.email, f"{reference}: the objection period is over") in sent
    # One email per claim (besides the emails of the application's own moves).
    reminder_emails = OutboxMessage.objects.filter(template__startswith="reminder_")
    assert reminder_emails.count() == len(walk.log)

    # The same notices wait in each person's notification centre, in their language.
    with translation.override(evaluator.language):
        titles = [notification_title(n) for n in Notification.objects.filter(user=evaluator)]
    assert f"{reference}: the objection period is over" in titles and len(titles) == 5


def test_notices_that_became_pointless_are_not_sent(people, coop_a):
    """Reviewed in time: no eligibility notice. Days without a sweep: only the notice
    still current goes (day 10's, not day 7's as well)."""
    admin, evaluator = people["admin"], people["evaluator"]
    walk = Walk(START, FAMILIES)
    application = walk.do(
        0, lambda: ready_application(organization=coop_a, by=admin, body=people["body"])
    )
    walk.do(1, lambda: application_move(application=application, transition="submit", by=admin))
    walk.do(2, lambda: application_move(
        application=application, transition="start_review", by=evaluator))  # fmt: skip
    walk.do(10, lambda: application_move(
        application=application, transition="open_objections", by=evaluator))  # fmt: skip
    walk.at(16)  # day 6 of the period: nothing yet; the warning would be day 15
    for day in (21, 27, 28):  # nobody swept on days 17 to 20 (day 7 was the 17th) nor 26
        walk.at(day)
    rules = [(day, rule) for day, rule, _to in walk.log]
    assert rules == [
        *[(21, "certification.objection_reminder")] * 2,  # day 10's only, once each
        *[(27, "certification.objection_period_over")] * 2,  # due the 26th: caught up
    ]
    reminders = ReminderClaim.objects.filter(rule="certification.objection_reminder")
    assert {claim.due_on for claim in reminders} == {morning(20).date()}
    assert not ReminderClaim.objects.filter(rule__startswith="certification.eligibility").exists()
    assert not ReminderClaim.objects.filter(rule="certification.draft_idle").exists()


def test_a_draft_changed_again_is_reminded_again_after_another_idle_spell(people, coop_a):
    admin = people["admin"]
    walk = Walk(START, FAMILIES)
    application = walk.do(0, lambda: application_create(
        by=admin, organization=coop_a, certification_body=people["body"]))  # fmt: skip
    walk.at(14)
    walk.at(15)
    walk.do(20, lambda: application.save())  # someone edits the draft
    for day in (30, 33, 34, 35):
        walk.at(day)
    assert [(day, rule) for day, rule, _to in walk.log] == [
        (14, "certification.draft_idle"),
        (34, "certification.draft_idle"),
    ]


def test_the_days_come_from_the_applications_standard_version(people, coop_a):
    """A version with other reminder days: its applications follow them."""
    from certification.models import StandardVersion

    StandardVersion.objects.update(objection_reminder_days=[3], objection_period_days=5)
    admin, evaluator = people["admin"], people["evaluator"]
    walk = Walk(START, FAMILIES)
    application = walk.do(
        0, lambda: ready_application(organization=coop_a, by=admin, body=people["body"])
    )
    walk.do(1, lambda: application_move(application=application, transition="submit", by=admin))
    walk.do(1, lambda: application_move(
        application=application, transition="start_review", by=evaluator))  # fmt: skip
    walk.do(2, lambda: application_move(
        application=application, transition="open_objections", by=evaluator))  # fmt: skip
    for day in range(2, 10):
        walk.at(day)
    assert sorted({(day, rule) for day, rule, _to in walk.log}) == [
        (5, "certification.objection_reminder"),
        (8, "certification.objection_period_over"),
    ]
