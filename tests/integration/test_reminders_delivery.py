"""Reminders through the real worker process, the real Redis broker and the real SMTP
server (aiosmtpd): a sweep run twice, sweeps that overlap (beat ticks, a second beat by
mistake), an SMTP outage and a worker killed in the middle of a batch each end with
every due reminder delivered exactly once."""

import os
import signal
import threading
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from advocacy.models import Declaration
from network.models import OutboxMessage, ReminderClaim
from network.reminders import reminders_sweep
from network.tasks import outbox_sweep
from network.tasks import reminders_sweep as sweep_task
from tests.advocacy.factories import CampaignFactory, DeclarationFactory
from tests.fixtures.services import eventually, start_worker, stop_worker

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

TIMEOUT = 60
RULE = "advocacy.declaration_renewal"
Status = OutboxMessage.Status


def due_declarations(count: int, *, prefix="town") -> list[Declaration]:
    towns = CampaignFactory(kind="towns", goal=None, title_es="Pueblos justos",
                            title_en="Fair towns")  # fmt: skip
    declarations = [
        DeclarationFactory(
            campaign=towns,
            name=f"Municipio {prefix} {n}",
            contact_email=f"{prefix}{n}@example.org",
            language=("es", "en")[n % 2],
        )
        for n in range(count)
    ]  # fmt: skip
    today = timezone.localdate()
    Declaration.objects.filter(pk__in=[d.pk for d in declarations]).update(
        status=Declaration.Status.DECLARED,
        declared_on=today - timedelta(days=366),
        renewal_due_on=today - timedelta(days=1),
    )
    return declarations


def reminder_messages():
    return OutboxMessage.objects.filter(template="reminder_declaration_renewal")


def all_sent(count: int) -> bool:
    return reminder_messages().filter(status=Status.SENT).count() == count


def assert_each_got_exactly_one(mailbox, declarations):
    for declaration in declarations:
        received = mailbox.to(declaration.contact_email)
        assert len(received) == 1, (declaration.contact_email, len(received))
    assert ReminderClaim.objects.filter(rule=RULE).count() == len(declarations)
    assert reminder_messages().count() == len(declarations)


def test_a_sweep_run_twice_sends_each_reminder_once_in_its_language(celery_worker_process, mailbox):
    declarations = due_declarations(6)
    assert sweep_task.delay("declarations").get(timeout=TIMEOUT) == 6
    assert sweep_task.delay("declarations").get(timeout=TIMEOUT) == 0

    spanish = mailbox.wait_for("town0@example.org", timeout=TIMEOUT)
    assert (
        spanish["Subject"].strip()
        == "Municipio town 0: la declaración de Comercio Justo debe renovarse"
    )
    english = mailbox.wait_for("town1@example.org", timeout=TIMEOUT)
    assert (
        english["Subject"].strip()
        == "Municipio town 1: the Fair Trade declaration is due for renewal"
    )
    assert english["Content-Language"] == "en" and english["List-Unsubscribe"] is None
    assert "Fair towns" in mailbox.text(english)
    assert eventually(lambda: all_sent(6), timeout=TIMEOUT)
    assert outbox_sweep.delay().get(timeout=TIMEOUT) == 0  # nothing left to send again
    assert_each_got_exactly_one(mailbox, declarations)


def test_overlapping_sweeps_send_each_reminder_once(celery_worker_process, mailbox, settings):
    """Three sweeps queued at once on the worker's two processes, and four more in
    threads here, batches of 7: they claim the same rows at the same moments."""
    declarations = due_declarations(60)
    settings.REMINDERS_BATCH_SIZE = 7
    on_worker = [sweep_task.delay("declarations") for _ in range(3)]
    claimed_here = []

    def sweep():
        try:
            claimed_here.append(reminders_sweep(family="declarations"))
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=TIMEOUT)
    claimed = sum(result.get(timeout=TIMEOUT) for result in on_worker) + sum(claimed_here)

    assert claimed == 60
    assert eventually(lambda: all_sent(60), timeout=TIMEOUT)
    assert_each_got_exactly_one(mailbox, declarations)
    assert not Declaration.objects.filter(status=Declaration.Status.DECLARED).exists()


def test_during_an_smtp_outage_reminders_wait_and_are_delivered_once(
    celery_worker_process, mailbox
):
    mailbox.refuse("451 4.3.0 Mailbox busy, try again later")
    declarations = due_declarations(5)
    assert sweep_task.delay("declarations").get(timeout=TIMEOUT) == 5

    def tried_once():  # the sweep queued after commit took them; each was refused once
        rows = list(reminder_messages())
        return len(rows) == 5 and all(
            row.attempts == 1 and row.status == Status.PENDING and row.queued_at is None
            for row in rows
        )

    assert eventually(tried_once, timeout=TIMEOUT)
    assert mailbox.messages == [] and len(mailbox.refusals) == 5
    assert sweep_task.delay("declarations").get(timeout=TIMEOUT) == 0  # claimed, not re-sent

    mailbox.accept()  # the server is back; the next attempt falls due
    reminder_messages().update(next_attempt_at=timezone.now())
    assert outbox_sweep.delay().get(timeout=TIMEOUT) == 5
    assert eventually(lambda: all_sent(5), timeout=TIMEOUT)
    assert outbox_sweep.delay().get(timeout=TIMEOUT) == 0
    assert_each_got_exactly_one(mailbox, declarations)
    assert {row.attempts for row in reminder_messages()} == {2}


class HeldClaim:
    """A claim row inserted by another connection and not committed: a sweep that
    reaches the same key waits on it, in the middle of its batch."""

    def __init__(self, declaration):
        params = connection.get_connection_params()
        self.connection = psycopg.connect(**params, autocommit=False)
        self.connection.execute(
            "INSERT INTO network_reminderclaim (rule, object_id, occurrence, recipient, due_on,"
            " object_label, language, emailed, claimed_at)"
            " VALUES (%s, %s, %s, %s, %s, '', 'es', false, now())",
            [RULE, str(declaration.pk), declaration.renewal_due_on.isoformat(),
             declaration.contact_email.lower(), declaration.renewal_due_on],
        )  # fmt: skip

    def release(self):
        self.connection.rollback()
        self.connection.close()


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def waiting_on_a_claim() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
            " AND query LIKE 'INSERT INTO \"network_reminderclaim\"%%'"
        )
        return cursor.fetchone()[0] > 0


def test_a_worker_killed_in_the_middle_of_a_batch_loses_none_and_duplicates_none(
    celery_worker_process, mailbox
):
    """The sweep's process dies while its second batch is half written: that batch is
    rolled back whole, the task comes back (late acknowledgement, rejected when its
    worker is lost), and the second run sends what the first did not commit."""
    declarations = due_declarations(20)
    Declaration.objects.filter(pk__in=[d.pk for d in declarations]).update(
        renewal_due_on=timezone.localdate() - timedelta(days=1)
    )
    for declaration in declarations:
        declaration.refresh_from_db()
    worker = start_worker(queues="reminders-kill", name="killed", concurrency=1,
                          log_name="test-worker-killed.log",
                          env={"MINGA_REMINDERS_BATCH_SIZE": "5"})  # fmt: skip
    held = HeldClaim(declarations[7])  # in the second batch of five
    try:
        sweep_task.apply_async(("declarations",), queue="reminders-kill")
        assert eventually(waiting_on_a_claim, timeout=TIMEOUT), "the sweep never got there"
        assert ReminderClaim.objects.count() == 5  # the first batch, committed
        [child] = children_of(worker.pid)  # the pool's one process, running the sweep
        os.kill(child, signal.SIGKILL)
        held.release()
        assert eventually(lambda: ReminderClaim.objects.count() == 20, timeout=TIMEOUT)
    finally:
        stop_worker(worker)
    assert eventually(lambda: all_sent(20), timeout=TIMEOUT)
    assert_each_got_exactly_one(mailbox, declarations)
    log = Path(worker.log.name).read_text()
    assert "WorkerLostError" in log or "SIGKILL" in log  # it really died mid-task
