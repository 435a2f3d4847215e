"""A membership fee left unpaid (certification/reminders/fees.py, MembershipFeeUnpaid):
the day after its due date (and the settings' grace days) the sweep suspends the
certificate issued from its resolution, once, and tells the organization's
administrators, each in their language; recording the payment reinstates it, unless the
committee suspended it for its own reasons or its validity is over."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from certification.models import Certificate, MembershipFee
from certification.services.certificates import certificate_move
from certification.services.fees import membership_fee_pay, membership_fees_suspend
from network.models import ActivityLog, Notification, ReminderClaim, RoleKind
from network.reminders import notification_title, reminders_upcoming
from tests.certification.reminder_walk import Walk, certificate_granted_and_issued, emails_sent
from tests.fixtures.personas import make_user
from tests.producers.factories import grant

START = datetime.date(2027, 3, 1)  # the fee falls due on day 30, 31 March 2027
UNPAID = "certification.membership_fee_unpaid"
DUE = "certification.membership_fee_due"
S = Certificate.Status


@pytest.fixture
def walk():
    return Walk(START, ["membership_fees"])


@pytest.fixture
def english_admin(coop_a):
    person = make_user("ada@example.org", full_name="Ada Lovelace", language="en")
    grant(person, RoleKind.ORG_ADMIN, organization=coop_a)
    return person


@pytest.fixture
def certificate(walk, evaluated, committee, coop_a_admin, english_admin):
    """Granted (which makes the fee) and issued on the walk's day 0."""

    return walk.do(
        0,
        lambda: certificate_granted_and_issued(evaluated, committee=committee, admin=coop_a_admin),
    )


@pytest.fixture
def fee(certificate):
    fee = MembershipFee.objects.get(resolution=certificate.resolution)
    assert fee.due_on == datetime.date(2027, 3, 31)
    return fee


def status_of(certificate):
    certificate.refresh_from_db()
    return certificate.status


def register_lists(client, status):
    page = client.get(reverse("certification:register"), {"status": status}).content.decode()
    return "Valle Alto" in page


def pay(walk, day, fee, by, paid_day=None):
    fee.refresh_from_db()
    paid_on = walk.date(paid_day if paid_day is not None else day)
    return walk.do(day, lambda: membership_fee_pay(fee=fee, by=by, paid_on=paid_on))


def committee_moves(certificate, transition, committee):
    certificate.refresh_from_db()
    certificate_move(certificate=certificate, transition=transition, by=committee,
                     reason="Decisión del comité.")  # fmt: skip


def unpaid_log(walk):
    return [(day, to) for day, rule, to in walk.log if rule == UNPAID]


def test_an_unpaid_fee_suspends_the_certificate_once(
    walk, fee, certificate, coop_a_admin, english_admin, coop_a_editor, client
):
    walk.through(1, 30)
    assert status_of(certificate) == S.ACTIVE  # the due date itself is still in time
    walk.at(31)
    walk.at(31)  # a second sweep the same morning (two beats, a retry)
    walk.through(32, 40)

    assert status_of(certificate) == S.SUSPENDED
    assert register_lists(client, "suspended") and not register_lists(client, "active")
    # The administrators only (the editor is not told about fees), once each.
    assert unpaid_log(walk) == sorted([(31, coop_a_admin.email), (31, english_admin.email)])
    assert ReminderClaim.objects.filter(rule=UNPAID).count() == 2
    [moved] = ActivityLog.objects.filter(verb="certificate.suspended")
    assert moved.actor is None and moved.changes["status"] == ["active", "suspended"]
    assert moved.reason == "La cuota de membresía que vencía el 31 de marzo de 2027 no está pagada."
    fee.refresh_from_db()
    assert fee.suspended_certificate == certificate and fee.status == MembershipFee.Status.DUE
    assert membership_fees_suspend(ids=[fee.pk]) == []  # a late act moves nothing again

    number = certificate.number
    suspended = [m for m in emails_sent() if m.subject.startswith(f"{number}:")]
    assert len(suspended) == 2
    [spanish] = [m for m in suspended if m.to == [coop_a_admin.email]]
    assert spanish.subject == (
        f"{number}: el certificado está suspendido porque la cuota de membresía no está pagada"
    )
    assert (
        f"El certificado {number} de Valle Alto está suspendido porque la cuota de membresía "
        "que vencía el 31 de marzo de 2027 (USD 200,00) no está pagada." in spanish.body
    )
    assert "se rehabilita cuando la red registra el pago" in spanish.body
    assert f"/certification/fees/{fee.pk}/" in spanish.body
    [english] = [m for m in suspended if m.to == [english_admin.email]]
    assert english.subject == (
        f"{number}: the certificate is suspended because the membership fee is unpaid"
    )
    assert (
        f"Certificate {number} of Valle Alto is suspended because the membership fee due on "
        "March 31, 2027 (USD 200.00) is unpaid." in english.body
    )
    assert "reinstated when the network records the payment" in english.body
    assert english.extra_headers["Content-Language"] == "en"
    assert all("List-Unsubscribe" not in m.extra_headers for m in suspended)  # essential
    with translation.override("en"):
        titles = [notification_title(n) for n in Notification.objects.filter(user=english_admin)]
    assert english.subject in titles


def test_a_fee_paid_in_time_suspends_nothing(walk, fee, certificate, network_staff):
    pay(walk, 20, fee, network_staff)
    walk.through(29, 45)
    assert status_of(certificate) == S.ACTIVE
    assert unpaid_log(walk) == [] and [rule for _d, rule, _to in walk.log] == []
    assert not ActivityLog.objects.filter(verb__startswith="certificate.s").exists()


def test_the_payment_reinstates_the_certificate_it_suspended(
    walk, fee, certificate, network_staff, english_admin, client
):
    walk.through(30, 31)
    assert status_of(certificate) == S.SUSPENDED
    sent_before = len(emails_sent())

    # On the fee's page, network staff (who are not the body's committee) record it.
    client.force_login(network_staff)
    page = walk.do(33, lambda: client.get(reverse("certification:fee_detail", args=[fee.pk])))
    html = page.content.decode()
    assert "vencida" in html and "Certificado suspendido por falta de pago" in html
    assert f'href="/certification/certificates/{certificate.pk}/"' in html
    listing = walk.do(33, lambda: client.get(reverse("certification:fee_list"))).content.decode()
    assert "vencida" in listing
    paid_on = walk.date(32).isoformat()
    response = walk.do(
        33,
        lambda: client.post(reverse("certification:fee_pay", args=[fee.pk]), {"paid_on": paid_on}),
    )
    assert response.status_code == 302

    assert status_of(certificate) == S.ACTIVE
    assert register_lists(client, "active") and not register_lists(client, "suspended")
    [reinstated] = ActivityLog.objects.filter(verb="certificate.reinstated")
    assert reinstated.actor == network_staff
    assert reinstated.reason == "Cuota de membresía pagada el 2 de abril de 2027."
    # Told as on any change of status, each in their language.
    told = emails_sent()[sent_before:]
    [english] = [m for m in told if m.to == [english_admin.email]]
    assert english.subject == f"Certificate {certificate.number}: active"
    assert "Membership fee paid on April 2, 2027." in english.body
    assert any("Cuota de membresía pagada el 2 de abril de 2027." in m.body for m in told)

    walk.through(34, 40)  # paid: nothing suspends it again
    assert status_of(certificate) == S.ACTIVE and len(unpaid_log(walk)) == 2
    page = client.get(reverse("certification:fee_detail", args=[fee.pk])).content.decode()
    assert "Registrar el pago lo rehabilita" not in page  # paid: nothing left to record


def test_a_certificate_the_committee_suspended_stays_suspended_after_the_payment(
    walk, fee, certificate, committee, network_staff
):
    walk.do(10, lambda: committee_moves(certificate, "suspend", committee))
    walk.through(30, 35)
    assert unpaid_log(walk) == []  # not active: the fee has nothing to suspend
    fee.refresh_from_db()
    assert fee.suspended_certificate is None
    pay(walk, 36, fee, network_staff)
    assert status_of(certificate) == S.SUSPENDED
    assert not ActivityLog.objects.filter(verb="certificate.reinstated").exists()


def test_a_committee_suspension_after_the_fees_is_not_lifted_by_the_payment(
    walk, fee, certificate, committee, network_staff
):
    """Suspended for the fee, reinstated by the committee, suspended again by it: the
    payment lifts the fee's suspension only, and that one is over."""
    walk.through(30, 31)
    walk.do(32, lambda: committee_moves(certificate, "reinstate", committee))
    walk.do(33, lambda: committee_moves(certificate, "suspend", committee))
    walk.through(34, 36)  # the fee already suspended it once: not again
    pay(walk, 37, fee, network_staff)
    assert status_of(certificate) == S.SUSPENDED
    assert ActivityLog.objects.filter(verb="certificate.reinstated").count() == 1  # the committee's
    assert len(unpaid_log(walk)) == 2


def test_a_certificate_expired_meanwhile_is_not_reinstated(fee, certificate, network_staff):
    walk = Walk(START, ["membership_fees", "certificate_renewal"])
    walk.through(30, 31)
    assert status_of(certificate) == S.SUSPENDED
    end = walk.day_of(certificate.valid_until)
    walk.at(end + 60)  # the version's grace after its validity
    assert status_of(certificate) == S.EXPIRED
    pay(walk, end + 61, fee, network_staff)
    fee.refresh_from_db()
    assert fee.status == MembershipFee.Status.PAID
    assert status_of(certificate) == S.EXPIRED
    assert not ActivityLog.objects.filter(verb="certificate.reinstated").exists()


def test_a_certificate_whose_validity_is_over_is_not_reinstated(
    walk, fee, certificate, network_staff
):
    walk.through(30, 31)
    end = walk.day_of(certificate.valid_until)
    pay(walk, end + 3, fee, network_staff)  # still suspended, but no longer valid
    assert status_of(certificate) == S.SUSPENDED
    assert not ActivityLog.objects.filter(verb="certificate.reinstated").exists()


def test_the_grace_days_of_the_settings_are_respected(walk, fee, certificate, settings):
    settings.CERTIFICATION_MEMBERSHIP_FEE = {
        **settings.CERTIFICATION_MEMBERSHIP_FEE,
        "suspension_grace_days": 5,
    }
    walk.through(30, 35)
    assert status_of(certificate) == S.ACTIVE
    walk.at(36)
    assert status_of(certificate) == S.SUSPENDED
    assert {day for day, _to in unpaid_log(walk)} == {36}


def test_a_sweep_that_did_not_run_is_caught_up(walk, fee, certificate):
    walk.through(29, 30)
    walk.at(75)  # everything was down for weeks: the fee still suspends
    assert status_of(certificate) == S.SUSPENDED
    assert {day for day, _to in unpaid_log(walk)} == {75}


def test_the_staff_page_lists_the_coming_suspension(walk, fee, certificate):
    upcoming = walk.do(
        25, lambda: [e.item.due_on for e in reminders_upcoming() if e.rule.name == UNPAID]
    )
    assert upcoming == [datetime.date(2027, 4, 1)]
    assert not ReminderClaim.objects.exists()
