"""The notification centre (each person's own, read in their language, marked read by
POST), the unread count in the header, the email preferences and the one-click
unsubscribe of optional reminders, and the staff page of reminders."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from network.models import ActivityLog, Notification, ReminderClaim, ReminderOptOut
from network.reminders import reminders_sweep, unsubscribe_token, user_key
from tests.advocacy.factories import DeclarationFactory
from tests.fixtures.personas import make_user

DRAFT = {"template": "reminder_application_draft_idle", "rule": "certification.draft_idle"}


def notify(user, reference="SPS-000042", **fields) -> Notification:
    return Notification.objects.create(
        user=user, context={"reference": reference}, url="/dashboard/", **DRAFT, **fields
    )


def test_the_centre_lists_ones_own_notifications_in_ones_language(
    client, registered_user, coop_a_admin
):
    notify(registered_user, reference="SPS-000042")
    notify(coop_a_admin, reference="SPS-000099")
    client.force_login(registered_user)

    page = client.get(reverse("network:notifications")).content.decode()
    assert "SPS-000042: su borrador de solicitud está esperando" in page
    assert 'href="/dashboard/"' in page
    assert "SPS-000099" not in page

    client.post(reverse("network:set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("network:notifications")).content.decode()
    assert "SPS-000042: your draft application is waiting" in page


def test_marking_one_and_all_as_read(client, registered_user):
    first, second, third = (notify(registered_user) for _ in range(3))
    client.force_login(registered_user)
    assert 'badge-count">3<' in client.get(reverse("network:home")).content.decode()

    response = client.post(
        reverse("network:notification_read", args=[first.pk]),
        {"next": reverse("network:notifications")},
    )
    assert response.status_code == 302 and response["Location"] == reverse("network:notifications")
    first.refresh_from_db()
    assert first.read_at is not None
    assert 'badge-count">2<' in client.get(reverse("network:home")).content.decode()

    response = client.post(reverse("network:notifications_read_all"), follow=True)
    assert "2 notificaciones marcadas como leídas." in response.content.decode()
    assert not Notification.objects.filter(user=registered_user, read_at=None).exists()
    assert "badge-count" not in client.get(reverse("network:home")).content.decode()


def test_an_offsite_next_is_not_followed(client, registered_user):
    notification = notify(registered_user)
    client.force_login(registered_user)
    response = client.post(
        reverse("network:notification_read", args=[notification.pk]),
        {"next": "https://evil.example.org/"},
    )
    assert response["Location"] == reverse("network:notifications")


def test_the_centre_keeps_its_queries_with_10_and_200_notifications(
    client, registered_user, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(registered_user)
    for _ in range(10):
        notify(registered_user)
    client.get(reverse("network:notifications"))  # warm the session
    with CaptureQueriesContext(connection) as ten:
        assert client.get(reverse("network:notifications")).status_code == 200
    Notification.objects.bulk_create(
        Notification(user=registered_user, context={"reference": "SPS-1"}, url="/", **DRAFT)
        for _ in range(190)
    )
    with django_assert_max_num_queries(len(ten)):
        response = client.get(reverse("network:notifications"))
    assert len(response.context["rows"]) == 30


def test_the_header_count_is_one_query(client, registered_user):
    """The count is all the header adds for a person signed in."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(registered_user)
    client.get(reverse("network:profile"))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("network:profile"))
    counts = [q["sql"] for q in queries.captured_queries if "network_notification" in q["sql"]]
    assert len(counts) == 1 and counts[0].startswith("SELECT COUNT(*)")


# --- Preferences and unsubscribing ------------------------------------------------------


def draft_idle_for(admin, organization, *, days=15):
    """A draft of `organization` untouched for `days` days, and the sweep run."""
    from certification.models import Application
    from tests.certification.factories import ApplicationFactory

    application = ApplicationFactory(organization=organization)
    Application.objects.filter(pk=application.pk).update(
        updated_at=timezone.now() - timedelta(days=days)
    )
    reminders_sweep(family="application_drafts")
    return application


def test_a_person_turns_an_optional_family_off_and_gets_it_in_app_only(
    client, coop_a_admin, coop_a
):
    client.force_login(coop_a_admin)
    page = client.get(reverse("network:notification_settings")).content.decode()
    assert "Solicitudes de certificación en borrador" in page
    assert "Revisiones de elegibilidad" not in page  # not theirs, and essential anyway

    response = client.post(reverse("network:notification_settings"), {})  # nothing ticked
    assert response.status_code == 302
    assert ReminderOptOut.objects.filter(
        recipient=user_key(coop_a_admin), family="application_drafts"
    ).exists()
    assert ActivityLog.objects.filter(verb="reminder_preferences.updated").count() == 1

    draft_idle_for(coop_a_admin, coop_a)
    claim = ReminderClaim.objects.get(user=coop_a_admin)
    assert claim.emailed is False and claim.outbox_message is None
    assert Notification.objects.filter(user=coop_a_admin).count() == 1

    client.post(reverse("network:notification_settings"), {"emailed": ["application_drafts"]})
    assert not ReminderOptOut.objects.filter(family="application_drafts").exists()


def test_an_unknown_family_in_the_form_is_refused(client, coop_a_admin):
    client.force_login(coop_a_admin)
    response = client.post(reverse("network:notification_settings"), {"emailed": ["nonsense"]})
    assert response.status_code == 200
    assert "nonsense" in response.content.decode()  # named in the error, as typed
    assert not ReminderOptOut.objects.exists()


def test_one_click_unsubscribe_needs_no_session_and_no_csrf_token(coop_a_admin):
    mail_client = Client(enforce_csrf_checks=True)
    url = reverse(
        "network:reminders_unsubscribe",
        args=[unsubscribe_token(user_key(coop_a_admin), "application_drafts")],
    )
    page = mail_client.get(url)
    assert page.status_code == 200 and not ReminderOptOut.objects.exists()  # GET asks only
    assert "Solicitudes de certificación en borrador" in page.content.decode()

    done = mail_client.post(url, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert ReminderOptOut.objects.get().recipient == user_key(coop_a_admin)
    assert mail_client.post(url).status_code == 200  # twice: still one row
    assert ReminderOptOut.objects.count() == 1


def test_a_forged_unsubscribe_link_changes_nothing(client, db):
    token = unsubscribe_token("user:1", "application_drafts")[:-3] + "abc"
    response = client.post(reverse("network:reminders_unsubscribe", args=[token]))
    assert response.status_code == 400
    assert not ReminderOptOut.objects.exists()


def test_an_optional_email_carries_one_click_headers(coop_a_admin, coop_a):
    from network.outbox import outbox_claim_due, outbox_deliver

    draft_idle_for(coop_a_admin, coop_a)
    [pk] = outbox_claim_due()
    assert outbox_deliver(message_id=pk) is True
    from django.core import mail

    [email] = mail.outbox
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = email.extra_headers["List-Unsubscribe"].strip("<>")
    assert "/notifications/unsubscribe/" in link and link in email.body
    assert Client(enforce_csrf_checks=True).post(link).status_code == 200
    assert ReminderOptOut.objects.filter(recipient=user_key(coop_a_admin)).exists()


# --- The staff page ---------------------------------------------------------------------


@pytest.fixture
def staff_client(client, network_staff):
    client.force_login(network_staff)
    return client


def test_staff_see_what_is_coming_what_was_sent_and_failures(staff_client, network_staff):
    from advocacy.models import Declaration

    coming = DeclarationFactory(name="Municipio de Urubamba")
    gone = DeclarationFactory(name="Municipio de Calca", contact_email="calca@example.org")
    today = timezone.localdate()
    Declaration.objects.filter(pk=coming.pk).update(
        status="declared", declared_on=today, renewal_due_on=today + timedelta(days=12)
    )
    Declaration.objects.filter(pk=gone.pk).update(
        status="declared", declared_on=today, renewal_due_on=today
    )
    reminders_sweep(family="declarations")
    ReminderClaim.objects.get().outbox_message.__class__.objects.update(status="failed")

    page = staff_client.get(reverse("network:reminders")).content.decode()
    assert "Municipio de Urubamba" in page and "Municipio de Calca" not in page
    assert "Declaración por renovar" in page
    assert "1 correo de recordatorio falló" in page
    assert f'href="{reverse("network:outbox_list")}?status=failed"' in page

    sent = staff_client.get(reverse("network:reminders") + "?show=sent").content.decode()
    assert "Municipio de Calca" in sent and "calca@example.org" in sent
    assert "Municipio de Urubamba" not in sent


def test_someone_else_cannot_read_the_staff_page(client, coop_a_admin):
    client.force_login(make_user("nobody@example.org"))
    assert client.get(reverse("network:reminders")).status_code == 403
