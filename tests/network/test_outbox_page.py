"""The staff page of email delivery: failed messages with the reason and a retry button,
messages waiting with their next attempt; network-wide staff only."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from network.models import ActivityLog, OutboxMessage
from network.outbox import email_send

Status = OutboxMessage.Status
LIST = reverse("network:outbox_list")


def stored_message(*, to="ana@example.org", status=Status.FAILED, **fields) -> OutboxMessage:
    """A message as delivery leaves it (tests may write a status; the code may not)."""
    return OutboxMessage.objects.create(
        to=to, from_email="minga@example.org", subject="Bienvenida a Minga", body_text="Hola",
        template="welcome", status=status, **fields,
    )  # fmt: skip


@pytest.fixture
def refused(db):
    return stored_message(
        attempts=1,
        last_error="550 5.1.1 <ana@example.org>: Recipient address rejected",
        claimed_at=timezone.now() - timedelta(minutes=5),
        next_attempt_at=None,
    )


@pytest.fixture
def waiting(db):
    return stored_message(
        to="bea@example.org",
        status=Status.PENDING,
        attempts=3,
        last_error="451 4.3.0 Mailbox busy",
        next_attempt_at=timezone.now() + timedelta(minutes=4),
    )


@pytest.fixture
def staff_client(client, network_staff):
    client.force_login(network_staff)
    return client


def test_it_lists_failed_emails_with_the_reason(staff_client, refused, waiting):
    page = staff_client.get(LIST).content.decode()
    assert "ana@example.org" in page and "bea@example.org" not in page
    assert "550 5.1.1 &lt;ana@example.org&gt;: Recipient address rejected" in page
    assert "welcome" in page and "Bienvenida a Minga" in page
    assert reverse("network:outbox_retry", args=[refused.pk]) in page
    assert "Fallidos (1)" in page and "En espera (1)" in page


def test_it_lists_waiting_emails_with_their_next_attempt(staff_client, refused, waiting):
    response = staff_client.get(LIST, {"status": "pending"})
    page = response.content.decode()
    assert "bea@example.org" in page and "ana@example.org" not in page
    assert "451 4.3.0 Mailbox busy" in page
    local = timezone.localtime(waiting.next_attempt_at)
    assert f'datetime="{local.isoformat(timespec="seconds")}"' in page
    assert "/retry/" not in page.split("<table")[1]  # nothing to retry while waiting


def test_erased_messages_are_not_listed(staff_client, refused):
    from network.outbox import outbox_erase

    outbox_erase(email="ana@example.org")
    page = staff_client.get(LIST).content.decode()
    assert "Fallidos (0)" in page and "erased" not in page


def test_retry_puts_the_message_back_and_logs_who(staff_client, refused, network_staff):
    response = staff_client.post(reverse("network:outbox_retry", args=[refused.pk]), follow=True)

    assert "El correo se está enviando de nuevo." in response.content.decode()
    refused.refresh_from_db()
    assert refused.status == Status.PENDING and refused.attempts == 0
    assert refused.next_attempt_at <= timezone.now()
    entry = ActivityLog.objects.get(verb="email.retried")
    assert entry.actor == network_staff and entry.target_id == str(refused.pk)


def test_retrying_a_message_that_has_not_failed_says_so(staff_client, waiting):
    response = staff_client.post(reverse("network:outbox_retry", args=[waiting.pk]), follow=True)
    assert response.status_code == 200
    assert "no ha fallado" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Status.PENDING and waiting.attempts == 3


def test_retry_every_failed_email(staff_client, refused, db):
    other = stored_message(to="carla@example.org", attempts=1, last_error="535 5.7.8 bad auth")
    response = staff_client.post(reverse("network:outbox_retry_failed"), follow=True)
    assert "2 correos se enviarán de nuevo" in response.content.decode()
    assert set(
        OutboxMessage.objects.filter(pk__in=[refused.pk, other.pk]).values_list("status", flat=True)
    ) == {Status.PENDING}


def test_country_staff_see_nothing_of_it(client, country_staff, refused):
    client.force_login(country_staff)
    assert client.get(LIST).status_code == 403
    assert client.post(reverse("network:outbox_retry", args=[refused.pk])).status_code == 404
    refused.refresh_from_db()
    assert refused.status == Status.FAILED


def test_a_new_message_waits_on_the_page_until_sent(staff_client, db):
    email_send(to="dora@example.org", template="welcome", context={}, language="es")
    page = staff_client.get(LIST, {"status": "pending"}).content.decode()
    assert "dora@example.org" in page


@pytest.mark.parametrize("status", ["failed", "pending"])
def test_the_page_costs_the_same_queries_with_10_or_200_messages(
    staff_client, django_assert_max_num_queries, status
):
    def fill(count):
        OutboxMessage.objects.bulk_create(
            OutboxMessage(
                to=f"p{n}@example.org", from_email="m@example.org", subject=f"Asunto {n}",
                body_text="x", status=status, attempts=2, last_error="451 later",
                next_attempt_at=timezone.now(),
            )
            for n in range(count)
        )  # fmt: skip

    fill(10)
    staff_client.get(LIST, {"status": status})  # warm the session and role caches
    with django_assert_max_num_queries(99) as small:
        response = staff_client.get(LIST, {"status": status})
    assert response.content.decode().count("@example.org</td>") == 10
    fill(190)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = staff_client.get(LIST, {"status": status, "page": 2})
    assert response.content.decode().count("@example.org</td>") == 50
