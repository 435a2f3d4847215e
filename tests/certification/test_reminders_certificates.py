"""A certificate walked from its issue to its expiry (certification/reminders/
certificates.py): the renewal notices at 60 and 30 days and on the last day, then, after
the grace period, the certificate marked expired (the register and the API show it at
once) and the organization told, each notice once, in order, in Spanish for the Spanish
administrator and in English for the English editor; a morning without a sweep is
caught up the next one; a renewed certificate gets no notice about the one it replaced."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from certification.dates import period_end
from certification.models import Certificate
from certification.reminders.certificates import CertificateExpiry
from network.models import ActivityLog, Notification, ReminderClaim, RoleKind
from network.reminders import notification_title, reminders_upcoming
from tests.certification.factories import CertificateFactory
from tests.certification.reminder_walk import Walk, certificate_granted_and_issued, emails_sent
from tests.fixtures.personas import make_user
from tests.producers.factories import grant

START = datetime.date(2027, 3, 1)  # valid until 29 February 2028 (a leap year)
RENEWAL, EXPIRED = "certification.certificate_renewal", "certification.certificate_expired"


@pytest.fixture
def walk():
    return Walk(START, ["certificate_renewal"])


@pytest.fixture
def editor(coop_a):
    person = make_user("edith@example.org", full_name="Edith Brown", language="en")
    grant(person, RoleKind.ORG_EDITOR, organization=coop_a)
    return person


@pytest.fixture
def certificate(walk, evaluated, committee, coop_a_admin, editor):
    """Granted and issued on the walk's day 0."""

    return walk.do(
        0,
        lambda: certificate_granted_and_issued(evaluated, committee=committee, admin=coop_a_admin),
    )


def register_names(client, status):
    page = client.get(reverse("certification:register"), {"status": status}).content.decode()
    return "Valle Alto" in page


def test_a_certificate_walks_from_issue_to_expiry(walk, certificate, coop_a_admin, editor, client):
    valid_until = certificate.valid_until
    assert valid_until == datetime.date(2028, 2, 29) == period_end(START, 12)
    sixty, thirty, last = (walk.day_of(valid_until) - days for days in (60, 30, 0))
    expiry = walk.day_of(valid_until) + 60  # the version's grace_days
    assert not register_names(client, "expired")  # the register page, as cached before

    walk.through(0, expiry - 1, skip={thirty})  # everything was down on the 30-day morning
    assert Certificate.objects.get().status == Certificate.Status.ACTIVE
    walk.at(expiry)
    assert Certificate.objects.get().status == Certificate.Status.EXPIRED
    assert register_names(client, "expired") and not register_names(client, "active")
    api = client.get(f"/api/v1/certificates/{certificate.number}").json()
    assert api["status"] == "expired"
    walk.through(expiry + 1, expiry + 10)  # nothing more

    people = sorted([coop_a_admin.email, editor.email])
    assert walk.log == [
        *[(sixty, RENEWAL, to) for to in people],
        *[(thirty + 1, RENEWAL, to) for to in people],  # caught up the next morning
        *[(last, RENEWAL, to) for to in people],
        *[(expiry, EXPIRED, to) for to in people],
    ]
    [moved] = ActivityLog.objects.filter(verb="certificate.expired")
    assert moved.actor is None and moved.changes["status"] == ["active", "expired"]

    number = certificate.number
    reminders = [m for m in emails_sent() if "certific" in m.subject and number in m.subject]
    spanish = [m for m in reminders if m.to[0] == coop_a_admin.email]
    assert [m.subject for m in spanish] == [
        f"{number}: el certificado vence el 29 de febrero de 2028; es hora de renovarlo",
        f"{number}: el certificado vence el 29 de febrero de 2028; es hora de renovarlo",
        f"{number}: el certificado vence hoy",
        f"{number}: el certificado ha vencido",
    ]
    assert "será suspendida" in spanish[2].body and "29 de abril de 2028" in spanish[2].body
    english = [m for m in reminders if m.to[0] == editor.email]
    assert [m.subject for m in english] == [
        f"{number}: the certificate expires on Feb. 29, 2028; time to renew",
        f"{number}: the certificate expires on Feb. 29, 2028; time to renew",
        f"{number}: the certificate expires today",
        f"{number}: the certificate has expired",
    ]
    assert all(m.extra_headers["Content-Language"] == "en" for m in english)
    assert all("List-Unsubscribe" not in m.extra_headers for m in reminders)  # essential
    last_notice = english[2].body
    assert "will be suspended" in last_notice and "April 29, 2028" in last_notice
    assert "suspended" not in english[0].body  # only the last one warns
    assert f"/certification/certificates/{certificate.pk}/" in english[0].body

    with translation.override("es"):
        titles = [notification_title(n) for n in Notification.objects.filter(user=coop_a_admin)]
    assert f"{number}: el certificado ha vencido" in titles


def test_a_renewed_certificate_gets_no_notice_about_the_old_one(walk, certificate, coop_a):
    """The renewal's certificate replaced it (no longer current): its notices would be
    pointless; it still expires when its validity is over, quietly."""
    sixty = walk.day_of(certificate.valid_until) - 60
    walk.through(sixty - 1, sixty)
    assert len(walk.log) == 2

    renewed = walk.do(sixty + 10, lambda: _renew(certificate))
    walk.through(sixty + 11, walk.day_of(certificate.valid_until) + 2)
    assert len(walk.log) == 2  # no 30-day nor last-day notice for the old one
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.EXPIRED  # the day after its validity
    renewed.refresh_from_db()
    assert renewed.status == Certificate.Status.ACTIVE and renewed.is_current
    assert not ReminderClaim.objects.filter(rule=EXPIRED).exists()


def _renew(old):
    Certificate.objects.filter(pk=old.pk).update(is_current=False)
    return CertificateFactory(
        user_agreement__resolution__application__organization=old.organization,
        valid_from=old.valid_until - datetime.timedelta(days=40),
        valid_until=period_end(old.valid_until - datetime.timedelta(days=40), 12),
    )


def test_a_renewal_granted_during_the_grace_period_stops_the_expiry(walk, certificate):
    last = walk.day_of(certificate.valid_until)
    walk.through(last, last + 1)
    walk.do(last + 20, lambda: _renew(certificate))
    walk.through(last + 58, last + 62)
    assert [rule for _day, rule, _to in walk.log] == [RENEWAL, RENEWAL]
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.EXPIRED  # replaced, and over: quietly


def test_the_days_come_from_the_certificates_standard_version(walk, certificate):
    version = certificate.standard_version
    version.renewal_notice_days = [90, 0]
    version.grace_days = 10
    version.save()
    end = walk.day_of(certificate.valid_until)
    for day in range(end - 95, end + 12):
        walk.at(day)
    assert sorted({(day, rule) for day, rule, _to in walk.log}) == [
        (end - 90, RENEWAL),
        (end, RENEWAL),
        (end + 10, EXPIRED),
    ]


def test_a_suspended_certificate_is_reminded_and_expires_too(walk, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(status=Certificate.Status.SUSPENDED)
    end = walk.day_of(certificate.valid_until)
    walk.through(end, end)
    walk.at(end + 61)  # a long outage: expiry is not lost (its status says it is not done)
    assert [(day, rule) for day, rule, _to in walk.log][::2] == [
        (end, RENEWAL),
        (end + 61, EXPIRED),
    ]
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.EXPIRED


def test_the_staff_page_lists_the_coming_notices(walk, certificate):
    thirty = certificate.valid_until - datetime.timedelta(days=30)
    upcoming = walk.do(
        walk.day_of(thirty) - 5, lambda: [e for e in reminders_upcoming() if e.rule.name == RENEWAL]
    )
    assert [(entry.item.due_on, entry.item.context["days"]) for entry in upcoming] == [(thirty, 30)]
    assert CertificateExpiry.essential and not ReminderClaim.objects.exists()
