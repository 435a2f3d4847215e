"""The reminder mechanism (network/reminders.py) in the test process, with the
declarations' renewal rule (advocacy/reminders.py): each notice claimed once by a unique
ledger row written with its outbox message, emails rendered by the sender in the
recipient's language, optional ones with one-click unsubscribe, opt-outs respected,
essential ones not; a batch that fails leaves nothing behind."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from advocacy.models import Declaration
from network import reminders
from network.models import ActivityLog, Notification, OutboxMessage, ReminderClaim
from network.outbox import outbox_claim_due, outbox_deliver
from network.reminders import reminders_sweep
from tests.advocacy.factories import DeclarationFactory
from tests.fixtures.personas import make_user

TODAY = timezone.localdate()


def declared(*, due_on, language="es", **fields) -> Declaration:
    declaration = DeclarationFactory(language=language, **fields)
    Declaration.objects.filter(pk=declaration.pk).update(
        status=Declaration.Status.DECLARED,
        declared_on=due_on - timedelta(days=365),
        renewal_due_on=due_on,
    )
    return Declaration.objects.get(pk=declaration.pk)


def sent_to(address):
    return [message for message in mail.outbox if address in message.to]


def deliver_all():
    """What the outbox sweep and the send tasks do (test_outbox.py tries them for real)."""
    for pk in outbox_claim_due():
        outbox_deliver(message_id=pk)


def test_a_due_declaration_is_claimed_once_moved_and_its_contact_written_to(db):
    due = declared(due_on=TODAY - timedelta(days=1), contact_email="Alcaldia@Example.org",
                   name="Municipio de Pisac")  # fmt: skip
    later = declared(due_on=TODAY + timedelta(days=3))

    assert reminders_sweep(family="declarations") == 1
    assert reminders_sweep(family="declarations") == 0

    claim = ReminderClaim.objects.get()
    assert (claim.rule, claim.object_id, claim.recipient) == (
        "advocacy.declaration_renewal", str(due.pk), "alcaldia@example.org",
    )  # fmt: skip
    assert claim.occurrence == due.renewal_due_on.isoformat() and claim.emailed
    due.refresh_from_db()
    later.refresh_from_db()
    assert due.status == Declaration.Status.RENEWAL_DUE
    assert later.status == Declaration.Status.DECLARED
    assert ActivityLog.objects.filter(verb="declaration.renewal_requested").count() == 1

    message = claim.outbox_message
    assert message.subject == "" and message.context is not None  # rendered by the sender
    assert outbox_deliver(message_id=message.pk) is False  # no task carries it yet
    assert outbox_claim_due() == [message.pk]  # the sweep queued after commit takes it
    assert outbox_deliver(message_id=message.pk) is True
    [email] = sent_to("Alcaldia@Example.org")
    assert email.subject == "Municipio de Pisac: la declaración de Comercio Justo debe renovarse"
    assert "Municipio de Pisac" in email.body
    assert email.extra_headers["Content-Language"] == "es"
    assert "List-Unsubscribe" not in email.extra_headers  # essential: cannot be turned off
    message.refresh_from_db()
    assert message.subject == email.subject and message.context is None


def test_the_email_is_in_the_contacts_language(db):
    declared(due_on=TODAY, language="fr", contact_email="mairie@example.org",
             name="Ville de Lyon")  # fmt: skip
    reminders_sweep(family="declarations")
    deliver_all()
    [email] = sent_to("mairie@example.org")
    assert "renouvel" in email.subject.lower()
    assert email.extra_headers["Content-Language"] == "fr"


def test_a_declaration_left_behind_longer_than_the_window_is_still_caught(db):
    """Its status, not the date, says it is not done: a long outage loses nothing."""
    old = declared(due_on=TODAY - timedelta(days=60))
    assert reminders_sweep(family="declarations") == 1
    old.refresh_from_db()
    assert old.status == Declaration.Status.RENEWAL_DUE


def test_a_batch_that_fails_leaves_no_claim_no_email_and_no_move(db, monkeypatch):
    declaration = declared(due_on=TODAY)
    rule = reminders.rule_named("advocacy.declaration_renewal")

    def broken(items):
        raise RuntimeError("the worker died here")

    monkeypatch.setattr(rule, "act", broken)
    with pytest.raises(RuntimeError):
        reminders_sweep(family="declarations")
    assert not ReminderClaim.objects.exists()
    assert not OutboxMessage.objects.exists()
    declaration.refresh_from_db()
    assert declaration.status == Declaration.Status.DECLARED

    monkeypatch.undo()
    assert reminders_sweep(family="declarations") == 1


def test_batches_keep_their_queries_whatever_their_size(db, settings):
    """A batch costs the same few statements for 5 items or 40: nothing per item."""
    settings.REMINDERS_BATCH_SIZE = 1000

    def sweep_queries(count):
        for _ in range(count):
            declared(due_on=TODAY)
        with CaptureQueriesContext(connection) as queries:
            assert reminders_sweep(family="declarations") == count
        return len(queries)

    assert sweep_queries(40) == sweep_queries(5)


def test_the_upcoming_list_shows_what_the_rules_will_send(db):
    soon = declared(due_on=TODAY + timedelta(days=10), name="Municipio próximo")
    declared(due_on=TODAY + timedelta(days=45), name="Municipio lejano")
    upcoming = [
        entry
        for entry in reminders.reminders_upcoming()
        if entry.rule.name == "advocacy.declaration_renewal"
    ]
    assert [entry.item.label for entry in upcoming] == ["Municipio próximo"]
    assert upcoming[0].item.due_on == soon.renewal_due_on
    assert not ReminderClaim.objects.exists()  # looking ahead claims nothing


def test_every_family_has_a_beat_schedule_and_every_schedule_a_family(settings):
    swept = {
        entry["args"][0]
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "network.tasks.reminders_sweep"
    }
    assert swept == {family.name for family in reminders.families()}


def test_unsubscribe_tokens_are_signed():
    token = reminders.unsubscribe_token("user:7", "application_drafts")
    assert reminders.unsubscribe_token_read(token) == ("user:7", "application_drafts")
    assert reminders.unsubscribe_token_read(token[:-2] + "xx") is None
    assert reminders.unsubscribe_token_read("nonsense") is None


def test_the_notification_centre_link_is_in_the_header(client, registered_user):
    client.force_login(registered_user)
    page = client.get(reverse("network:home")).content.decode()
    assert 'href="/notifications/"' in page
    Notification.objects.create(user=registered_user, rule="x", template="welcome", url="/")
    page = client.get(reverse("network:home")).content.decode()
    assert '<span class="badge badge-count">1<span class="visually-hidden"> sin leer</span>' in page


def test_a_batch_email_context_holds_plain_data_only(db):
    from network.outbox import emails_send
    from network.plaindata import from_plain_data, plain_data

    stored = plain_data({"on": TODAY, "n": 3, "names": ["Ana", None], "when": timezone.now()})
    assert from_plain_data(stored)["on"] == TODAY
    with pytest.raises(TypeError, match="context.user is a User"):
        emails_send([{"to": "a@example.org", "template": "welcome", "language": "es",
                      "context": {"user": make_user("x@example.org")}}])  # fmt: skip
    assert not OutboxMessage.objects.exists()


def test_a_batch_email_erased_before_it_was_rendered_is_never_sent(db):
    from network.outbox import emails_send, outbox_erase

    [pk] = emails_send([{"to": "ana@example.org", "template": "welcome", "language": "es",
                         "context": {"site_url": "https://minga.example.org"}}])  # fmt: skip
    outbox_erase(email="ana@example.org")
    assert outbox_claim_due() == []  # failed by erasure: nothing to send
    message = OutboxMessage.objects.get(pk=pk)
    assert message.context is None and message.status == "failed" and mail.outbox == []


def test_path_for_builds_the_same_paths_as_reverse_with_one_or_more_arguments():
    one = reminders.path_for("certification:evaluation_detail")
    assert one(42) == reverse("certification:evaluation_detail", args=[42])
    two = reminders.path_for("certification:corrective_action_propose", 2)
    assert two(7, 8675309) == reverse("certification:corrective_action_propose", args=[7, 8675309])
    with pytest.raises(TypeError):
        two(7)
