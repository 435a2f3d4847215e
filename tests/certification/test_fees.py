"""The membership fee (certification/models/fees.py): made once when a resolution grants
certification, from the settings' bands and the members the application declared, due
30 days after the decision; reminded to the organization's administrators 7 days before
and on the day until network staff record the payment on its page."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from certification.models import MembershipFee, ResolutionOutcome
from certification.services.decisions import resolution_record
from certification.services.fees import membership_fee_amount, membership_fee_create
from network.models import ActivityLog, ReminderClaim
from tests.certification.factories import MembershipFeeFactory, evaluated_file
from tests.certification.reminder_walk import Walk, emails_sent

START = datetime.date(2027, 3, 1)
RULE = "certification.membership_fee_due"


@pytest.fixture
def walk():
    return Walk(START, ["membership_fees"])


def decide(application, committee, outcome=ResolutionOutcome.GRANTED):
    return resolution_record(
        application=application, by=committee, outcome=outcome, reasons="Cumple.",
        scope_products=list(application.organization.product_networks.all()),
        scope_activities=["production"],
    )  # fmt: skip


@pytest.fixture
def file_of_120(body, coop_a, reviewer):
    return evaluated_file(organization=coop_a, certification_body=body, reviewer=reviewer,
                          members_total=120)  # fmt: skip


def test_a_granted_resolution_makes_the_years_fee_once(walk, file_of_120, committee):
    resolution = walk.do(0, lambda: decide(file_of_120, committee))
    fee = MembershipFee.objects.get()
    assert (fee.organization, fee.resolution, fee.members) == (
        file_of_120.organization,
        resolution,
        120,
    )
    assert (fee.amount, fee.currency, fee.sales_percent) == (
        Decimal("400.00"),
        "USD",
        Decimal("0.15"),
    )
    assert fee.due_on == walk.date(30) and fee.status == MembershipFee.Status.DUE
    assert membership_fee_create(resolution=resolution) == fee  # a second call finds it
    assert MembershipFee.objects.count() == 1
    assert ActivityLog.objects.filter(verb="membership_fee.created").count() == 1


def test_no_fee_without_a_grant(file_of_120, committee):
    decide(file_of_120, committee, ResolutionOutcome.NOT_GRANTED)
    assert not MembershipFee.objects.exists()


def test_the_amount_follows_the_bands_of_the_settings(settings):
    settings.CERTIFICATION_MEMBERSHIP_FEE = {
        **settings.CERTIFICATION_MEMBERSHIP_FEE,
        "by_members": [(10, "50"), (None, "90")],
    }
    amounts = [membership_fee_amount(n) for n in (None, 0, 10, 11, 5000)]
    assert amounts == [Decimal(v) for v in ("50", "50", "50", "90", "90")]


def test_the_administrators_are_reminded_until_staff_record_the_payment(
    walk, file_of_120, committee, coop_a_admin, coop_a_editor, network_staff, client
):
    walk.do(0, lambda: decide(file_of_120, committee))
    walk.through(0, 29, skip={23})  # the first notice's morning missed: caught up next day
    walk.through(30, 31)
    fee = MembershipFee.objects.get()
    client.force_login(network_staff)
    pay = reverse("certification:fee_pay", args=[fee.pk])
    response = walk.do(32, lambda: client.post(pay, {"paid_on": walk.date(31).isoformat()}))
    assert response.status_code == 302
    walk.through(32, 45)

    assert walk.log == [(24, RULE, coop_a_admin.email), (30, RULE, coop_a_admin.email)]
    fee.refresh_from_db()
    assert (fee.status, fee.paid_on) == (MembershipFee.Status.PAID, walk.date(31))
    assert ActivityLog.objects.filter(verb="membership_fee.paid", actor=network_staff).exists()
    [before, on_the_day] = [m for m in emails_sent() if "cuota" in m.subject]
    assert before.subject == "Valle Alto: la cuota de membresía vence el 31 de marzo de 2027"
    assert on_the_day.subject == "Valle Alto: la cuota de membresía vence hoy"
    assert "USD 400,00 por 120 socios, más el 0,15 %" in before.body
    assert f"/certification/fees/{fee.pk}/" in before.body
    assert "List-Unsubscribe" not in before.extra_headers  # essential


def test_staff_record_a_payment_on_the_page_without_javascript(client, network_staff, coop_a):
    fee = MembershipFeeFactory(resolution__application__organization=coop_a)
    client.force_login(network_staff)
    page = client.get(reverse("certification:fee_detail", args=[fee.pk])).content.decode()
    assert f'action="/certification/fees/{fee.pk}/paid/"' in page and "Registrar el pago" in page
    today, pay = timezone.localdate(), reverse("certification:fee_pay", args=[fee.pk])
    future = today + datetime.timedelta(days=3)
    refused = client.post(pay, {"paid_on": future.isoformat()})
    assert refused.status_code == 200
    assert "La fecha de pago no puede estar en el futuro." in refused.content.decode()
    assert future.isoformat() in refused.content.decode()  # what was typed is kept
    fee.refresh_from_db()
    assert fee.status == MembershipFee.Status.DUE

    paid = client.post(pay, {"paid_on": today.isoformat()}, follow=True)
    assert "El pago está registrado" in paid.content.decode()
    again = client.post(pay, {"paid_on": today.isoformat()})
    assert again.status_code == 200  # a stale page: told, nothing changes
    assert ActivityLog.objects.filter(verb="membership_fee.paid").count() == 1


def test_the_organization_sees_its_fees_and_cannot_record_payments(
    client, coop_a_admin, coop_a, coop_b_admin
):
    fee = MembershipFeeFactory(resolution__application__organization=coop_a)
    client.force_login(coop_a_admin)
    listing = client.get(reverse("certification:fee_list")).content.decode()
    assert "Cooperativa Agraria Cafetalera Valle Alto" in listing
    page = client.get(reverse("certification:fee_detail", args=[fee.pk])).content.decode()
    assert "USD 400,00" in page and "fee_pay" not in page and "/paid/" not in page
    assert client.post(reverse("certification:fee_pay", args=[fee.pk]), {}).status_code == 403
    client.force_login(coop_b_admin)
    assert "Valle Alto" not in client.get(reverse("certification:fee_list")).content.decode()
    assert client.get(reverse("certification:fee_detail", args=[fee.pk])).status_code == 404
    assert not ReminderClaim.objects.exists()


def test_the_fees_page_costs_the_same_queries_for_3_or_30_fees(client, network_staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(network_staff)
    client.get(reverse("certification:fee_list"))  # the session's first request does more

    def queries(count):
        MembershipFeeFactory.create_batch(count - MembershipFee.objects.count())
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("certification:fee_list")).status_code == 200
        return len(captured)

    assert queries(3) == queries(30)
