"""Updates to signers: preview, batches on the email queue, each recipient once even
after a crash, one-click unsubscribe (RFC 8058), delivery counts; erasing a signer."""

import re

import pytest
from django.core import mail
from django.db import DatabaseError, connection
from django.test import Client
from django.urls import reverse

from advocacy import selectors, tokens
from advocacy.models import CampaignUpdate, Declaration, Signature, UpdateDelivery
from advocacy.services import updates
from network.models import ActivityLog, OutboxMessage
from tests.advocacy.factories import (
    CampaignFactory,
    DeclarationFactory,
    SignatureFactory,
    UpdateFactory,
)


@pytest.fixture
def signers(petition):
    return {
        "yes": SignatureFactory.create_batch(5, campaign=petition),
        "no_consent": SignatureFactory(campaign=petition, consent_updates=False),
        "unconfirmed": SignatureFactory(campaign=petition, confirmed_at=None),
        "english": SignatureFactory(campaign=petition, language="en"),
    }


def test_staff_compose_preview_and_send(staff_client, petition, signers):
    response = staff_client.post(
        reverse("advocacy:update_create", args=[petition.pk]),
        {"language": "es", "subject": "Entregamos las firmas", "body": "Gracias & adelante."},
    )
    update = CampaignUpdate.objects.get()
    assert response["Location"] == reverse("advocacy:update_detail", args=[update.pk])
    preview = staff_client.get(response["Location"])
    assert preview.context["recipients"] == 5
    assert "Gracias & adelante." in preview.context["preview_text"]
    assert "/campaigns/unsubscribe/" in preview.context["preview_text"]
    staff_client.post(reverse("advocacy:update_send", args=[update.pk]))
    update.refresh_from_db()
    assert update.status == CampaignUpdate.Status.SENDING


def test_it_sends_in_batches_to_consenting_confirmed_signers_in_the_language(
    petition, signers, network_staff
):
    update = UpdateFactory(campaign=petition)
    updates.update_send(update=update, by=network_staff)
    assert updates.update_send_batch(update_id=update.pk, batch_size=2) is True
    assert updates.update_send_batch(update_id=update.pk, batch_size=2) is True
    assert updates.update_send_batch(update_id=update.pk, batch_size=2) is False
    update.refresh_from_db()
    assert update.status == CampaignUpdate.Status.SENT and update.sent_count == 5
    recipients = set(UpdateDelivery.objects.values_list("signature__email", flat=True))
    assert recipients == {s.email for s in signers["yes"]}
    assert updates.update_send_batch(update_id=update.pk) is False  # nothing twice


def test_every_message_has_one_click_unsubscribe(petition, signers, network_staff, eager_tasks):
    update = UpdateFactory(campaign=petition)
    updates.update_send(update=update, by=network_staff)
    updates.update_send_batch(update_id=update.pk)
    message = OutboxMessage.objects.filter(template="advocacy_update").first()
    signature = Signature.objects.get(email=message.to)
    url = "http://localhost:8000" + reverse(
        "advocacy:unsubscribe", args=[tokens.unsubscribe_token(signature.pk)]
    )
    assert message.headers["List-Unsubscribe"] == f"<{url}>"
    assert message.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in message.body_text and url in message.body_html


def test_one_click_unsubscribe_works_without_csrf(petition, signers):
    signature = signers["yes"][0]
    client = Client(enforce_csrf_checks=True)
    url = reverse("advocacy:unsubscribe", args=[tokens.unsubscribe_token(signature.pk)])
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    signature.refresh_from_db()
    assert signature.unsubscribed_at and not signature.consent_updates
    update = UpdateFactory(campaign=petition)
    assert signature not in selectors.update_recipients(update)


def test_the_unsubscribe_page_also_stops_every_campaign_to_the_address(petition, network_staff):
    person = SignatureFactory(campaign=petition, email="ana@example.org")
    forest = CampaignFactory(title_es="Bosques vivos")
    elsewhere = SignatureFactory(campaign=forest, email="ana@example.org")
    neighbour = SignatureFactory(campaign=forest, email="luis@example.org")
    update = UpdateFactory(campaign=petition)
    updates.update_send(update=update, by=network_staff)
    updates.update_send_batch(update_id=update.pk)
    body = OutboxMessage.objects.get(to="ana@example.org").body_text
    link = re.search(r"https?://[^/\s]+(/campaigns/unsubscribe/\S+/)", body).group(1)

    client = Client(enforce_csrf_checks=True)
    page = client.get(link).content.decode()
    stop_all = reverse("advocacy:unsubscribe_all", args=[link.rstrip("/").rsplit("/", 1)[1]])
    assert f'action="{stop_all}"' in page
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert client.post(stop_all).status_code == 403  # a normal form: no token, no change
    elsewhere.refresh_from_db()
    assert elsewhere.consent_updates and elsewhere.unsubscribed_at is None

    response = client.post(stop_all, {"csrfmiddlewaretoken": csrf})
    assert response.status_code == 200 and response.context["everything"] is True
    for signature in (person, elsewhere):
        signature.refresh_from_db()
        assert signature.unsubscribed_at and not signature.consent_updates
        assert signature.confirmed_at and signature.erased_at is None  # still counts
    neighbour.refresh_from_db()
    assert neighbour.consent_updates and neighbour.unsubscribed_at is None

    news = UpdateFactory(campaign=forest)
    updates.update_send(update=news, by=network_staff)
    updates.update_send_batch(update_id=news.pk)
    assert list(news.deliveries.values_list("signature__email", flat=True)) == ["luis@example.org"]


def test_stop_all_from_an_erased_signature_touches_nobody(petition):
    from advocacy.services import erasure

    gone = SignatureFactory(campaign=petition, email="gone@example.org")
    erasure.signer_erase(email="gone@example.org", by=None)
    other = SignatureFactory(campaign=petition, email="stays@example.org")
    token = tokens.unsubscribe_token(gone.pk)
    page = Client().get(reverse("advocacy:unsubscribe", args=[token]))
    assert page.status_code == 200 and page.context["may_stop_all"] is False
    assert Client().post(reverse("advocacy:unsubscribe_all", args=[token])).status_code == 200
    other.refresh_from_db()
    assert other.consent_updates and other.unsubscribed_at is None


def test_a_crash_mid_batch_sends_nobody_twice(petition, signers, network_staff):
    """The database refuses the third recipient's message (a real failure, as when the
    worker dies mid-batch): the whole batch rolls back, the retry sends each once."""
    update = UpdateFactory(campaign=petition)
    updates.update_send(update=update, by=network_staff)
    third = sorted(signers["yes"], key=lambda s: s.pk)[2].email
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION test_outbox_refuse() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'worker died'; END $$"
        )
        cursor.execute(
            f"CREATE TRIGGER test_outbox_refuse BEFORE INSERT ON {OutboxMessage._meta.db_table} "
            "FOR EACH ROW WHEN (NEW.to = %s) EXECUTE FUNCTION test_outbox_refuse()",
            [third],
        )
    with pytest.raises(DatabaseError, match="worker died"):
        updates.update_send_batch(update_id=update.pk, batch_size=10)
    assert UpdateDelivery.objects.count() == 0  # the batch rolled back as a whole
    assert OutboxMessage.objects.filter(template="advocacy_update").count() == 0
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER test_outbox_refuse ON {OutboxMessage._meta.db_table}")
    updates.update_send_batch(update_id=update.pk, batch_size=10)
    sent = list(
        OutboxMessage.objects.filter(template="advocacy_update").values_list("to", flat=True)
    )
    assert sorted(sent) == sorted(s.email for s in signers["yes"])


def test_a_stalled_update_is_resumed_by_the_sweep(petition, signers, network_staff):
    update = UpdateFactory(campaign=petition)
    updates.update_send(update=update, by=network_staff)
    assert updates.updates_stalled() == []
    CampaignUpdate.objects.filter(pk=update.pk).update(sending_started_at="2020-01-01T00:00Z")
    assert updates.updates_stalled() == [update.pk]


def test_erasing_a_signer_removes_their_data_everywhere(
    staff_client, petition, signers, network_staff
):
    person = signers["yes"][0]
    first_name, email = person.first_name, person.email
    other = SignatureFactory(email=person.email)  # same person, another campaign
    update = UpdateFactory(campaign=petition)
    updates.update_send(update=update, by=network_staff)
    updates.update_send_batch(update_id=update.pk)
    assert OutboxMessage.objects.filter(to=person.email).exists()
    response = staff_client.post(
        reverse("advocacy:signer_erase"), {"email": person.email.upper(), "confirm": "on"}
    )
    assert response.status_code == 302
    for signature in (person, other):
        signature.refresh_from_db()
        assert (signature.name, signature.email, signature.city) == ("", "", "")
        assert signature.erased_at and signature.confirmed_at  # still counts, anonymously
    assert not UpdateDelivery.objects.filter(signature=person).exists()
    assert not OutboxMessage.objects.filter(body_text__contains=first_name).exists()
    assert not OutboxMessage.objects.filter(to__iexact=email).exists()
    log = ActivityLog.objects.filter(verb="signature.erased")
    assert log.count() == 2 and email not in str(list(log.values()))
    update.refresh_from_db()
    assert update.sent_count == 5


def test_erasing_a_person_clears_their_details_as_contact_of_a_declaration(
    staff_client, petition, network_staff
):
    SignatureFactory(campaign=petition, email="elena@example.org")
    town = DeclarationFactory(
        name="Municipalidad de Moyobamba",
        city="San Martín",
        contact_name="Elena Ríos",
        contact_role="Regidora",
        contact_email="Elena@Example.org",  # as she typed it
        contact_phone="+51 942 000 111",
        message="Queremos empezar este año.",
        status=Declaration.Status.DECLARED,
    )
    other = DeclarationFactory(contact_name="Tomás Cruz", contact_email="tomas@example.org")
    response = staff_client.post(
        reverse("advocacy:signer_erase"), {"email": "elena@example.org", "confirm": "on"},
        follow=True,
    )  # fmt: skip
    assert "Borrado: 1 firmas, 1 contactos de declaraciones." in response.content.decode()
    town.refresh_from_db()
    contact = (town.contact_name, town.contact_role, town.contact_email, town.contact_phone)
    assert contact == ("", "", "", "")
    # the institution and its declaration stay as they were
    assert (town.name, town.city, town.country.code, town.status) == (
        "Municipalidad de Moyobamba", "San Martín", "PE", Declaration.Status.DECLARED,
    )  # fmt: skip
    assert town.message == "Queremos empezar este año." and town.goals.count() == 5
    other.refresh_from_db()
    assert (other.contact_name, other.contact_email) == ("Tomás Cruz", "tomas@example.org")
    entry = ActivityLog.objects.get(verb="declaration.contact_erased")
    assert (entry.actor, entry.target_id) == (network_staff, str(town.pk))
    assert "Elena" not in str(entry.changes) and "942" not in str(entry.changes)
    page = staff_client.get(reverse("advocacy:declaration_manage", args=[town.pk]))
    assert page.status_code == 200 and "Elena" not in page.content.decode()


def test_the_csv_export_is_logged_and_defuses_formulas(staff_client, petition, network_staff):
    SignatureFactory(campaign=petition, name="=HYPERLINK(1)", email="f@example.org")
    response = staff_client.get(reverse("advocacy:signatures_export", args=[petition.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    body = response.getvalue().decode()
    assert "'=HYPERLINK(1)" in body and "f@example.org" in body
    entry = ActivityLog.objects.get(verb="signatures.exported")
    assert entry.actor == network_staff and entry.changes == {"rows": 1}


def test_the_staff_page_shows_confirmed_unconfirmed_and_a_chart(staff_client, petition, signers):
    page = staff_client.get(reverse("advocacy:campaign_manage", args=[petition.pk]))
    assert page.context["counts"]["confirmed"] == 7
    assert page.context["counts"]["unconfirmed"] == 1
    assert b'class="chart column-chart"' in page.content
    assert sum(bar["value"] for bar in page.context["over_time"]["bars"]) == 8


def test_delivered_mail_reaches_the_outbox_sender(petition, signers, network_staff, eager_tasks,
                                                   django_capture_on_commit_callbacks):  # fmt: skip
    update = UpdateFactory(campaign=petition)
    with django_capture_on_commit_callbacks(execute=True):
        updates.update_send(update=update, by=network_staff)
    assert len(mail.outbox) == 5
    assert all(m.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
               for m in mail.outbox)  # fmt: skip
