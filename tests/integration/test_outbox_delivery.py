"""Email delivery through the real worker process, the real Redis broker and the real
SMTP server, told to refuse: during an outage (451) no message is carried by more than
one queued task, however often the sweep runs, and each is delivered once afterwards;
a refused recipient (550) fails at once, is logged and shown to staff, who retry it."""

import base64
import json
import re
import threading
from datetime import timedelta

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from network import outbox
from network.models import OutboxMessage
from network.outbox import email_send
from network.tasks import outbox_sweep
from tests.fixtures.services import BASE_DIR, eventually

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

TIMEOUT = 60
Status = OutboxMessage.Status


class EmailQueue:
    """The send tasks of given outbox messages in the broker: waiting in the `email`
    queue, or taken by a worker and not yet acknowledged (acks_late). Other tasks on the
    queue (an update's next batch, left by another test) are not counted."""

    def __init__(self, message_ids):
        self.redis = redis.Redis.from_url(settings.CELERY_BROKER_URL)
        self.message_ids = set(message_ids)

    def tasks(self) -> int:
        queues = [key for key in self.redis.scan_iter(match="email*")  # kombu's priority
                  if self.redis.type(key) == b"list"]  # fmt: skip
        # One snapshot (MULTI/EXEC): a task taken meanwhile is not counted twice.
        with self.redis.pipeline(transaction=True) as snapshot:
            for queue in queues:
                snapshot.lrange(queue, 0, -1)
            snapshot.hvals("unacked")
            *waiting, taken = snapshot.execute()
        messages = [json.loads(raw) for raws in waiting for raw in raws]
        messages += [json.loads(raw)[0] for raw in taken]  # [message, exchange, routing key]
        return sum(self._ours(message) for message in messages)

    def _ours(self, message) -> bool:
        if message["headers"].get("task") != "network.tasks.outbox_send":
            return False
        args, _kwargs, _embed = json.loads(base64.b64decode(message["body"]))
        return args[0] in self.message_ids


class Sampler(threading.Thread):
    """Counts, again and again while the test runs, the messages not yet sent and then
    the send tasks in the broker (in that order: a task never outlives its message's
    sending by more than its acknowledgement, and none is sent during the outage)."""

    def __init__(self, message_ids):
        super().__init__(daemon=True)
        self.message_ids, self.samples, self.running = message_ids, [], True
        self.queue = EmailQueue(message_ids)

    def run(self):
        try:
            while self.running:
                unsent = OutboxMessage.objects.filter(
                    pk__in=self.message_ids, status__in=[Status.PENDING, Status.SENDING]
                ).count()
                self.samples.append((unsent, self.queue.tasks()))
        finally:
            connection.close()

    def stop(self):
        self.running = False
        self.join(timeout=10)


def write_to(count: int) -> list[OutboxMessage]:
    return [
        email_send(to=f"socio{n}@example.org", template="welcome",
                   context={"site_url": settings.SITE_URL}, language="es")
        for n in range(count)
    ]  # fmt: skip


def rows(messages):
    return OutboxMessage.objects.filter(pk__in=[m.pk for m in messages]).order_by("pk")


def all_tried(messages, attempts: int) -> bool:
    """Each message tried `attempts` times, and no task carries it now."""
    return all(
        row.attempts == attempts and row.status == Status.PENDING and row.queued_at is None
        for row in rows(messages)
    )


def time_passes(messages) -> None:
    """What a clock would do: the next attempt of each waiting message is due now."""
    rows(messages).filter(status=Status.PENDING).update(next_attempt_at=timezone.now())


def test_an_smtp_outage_never_queues_a_message_twice_and_each_is_delivered_once(
    celery_worker_process, mailbox
):
    mailbox.refuse("451 4.3.0 Mailbox busy, try again later", slowly=0.2)
    messages = write_to(5)  # autocommit: each send task is queued at once
    sampler = Sampler([m.pk for m in messages])
    sampler.start()
    try:
        assert eventually(lambda: all_tried(messages, 1), timeout=TIMEOUT)
        for attempt in (2, 3, 4):
            for row in rows(messages):  # the wait after each failure: 1, 2, 4 minutes
                wait = row.next_attempt_at - row.claimed_at
                assert abs(wait - outbox.retry_wait(attempt - 1)) < timedelta(seconds=5)
            assert outbox_sweep.delay().get(timeout=TIMEOUT) == 0  # nothing is due yet
            time_passes(messages)
            # Beat ticks that overlap (a slow tick, a second beat by mistake): three
            # sweeps at once on the worker's two processes.
            sweeps = [outbox_sweep.delay() for _ in range(3)]
            assert sum(sweep.get(timeout=TIMEOUT) for sweep in sweeps) == 5
            assert eventually(lambda a=attempt: all_tried(messages, a), timeout=TIMEOUT)
    finally:
        sampler.stop()

    assert len(sampler.samples) > 50
    assert max(tasks for _unsent, tasks in sampler.samples) >= 2  # the sampler saw a queue
    too_many = [(unsent, tasks) for unsent, tasks in sampler.samples if tasks > unsent]
    assert too_many == []
    assert len(mailbox.refusals) == 5 * 4 and mailbox.messages == []

    mailbox.accept()  # the server is back
    time_passes(messages)
    assert outbox_sweep.delay().get(timeout=TIMEOUT) == 5
    assert eventually(
        lambda: all(row.status == Status.SENT for row in rows(messages)), timeout=TIMEOUT
    )
    assert outbox_sweep.delay().get(timeout=TIMEOUT) == 0
    for message in messages:
        assert len(mailbox.to(message.to)) == 1
    assert {row.attempts for row in rows(messages)} == {5}
    assert EmailQueue([m.pk for m in messages]).tasks() == 0


def test_a_refused_recipient_fails_at_once_is_logged_and_staff_send_it_again(
    celery_worker_process, mailbox, client, network_staff
):
    refusal = "550 5.1.1 <nadie@example.org>: Recipient address rejected: User unknown"
    mailbox.refuse(refusal, at="RCPT", to="nadie@example.org")
    message = email_send(to="nadie@example.org", template="welcome",
                         context={"site_url": settings.SITE_URL}, language="es")  # fmt: skip

    assert eventually(lambda: rows([message]).get().status == Status.FAILED, timeout=TIMEOUT)
    failed = rows([message]).get()
    assert failed.attempts == 1 and failed.last_error == refusal
    assert failed.next_attempt_at is None

    log = BASE_DIR / "var" / "test-worker.log"
    line = f"outbox message {message.pk} (welcome): failed at attempt 1, code 550"
    assert eventually(lambda: line in log.read_text(), timeout=TIMEOUT), "no log line"

    time_passes([message])
    assert outbox_sweep.delay().get(timeout=TIMEOUT) == 0  # a failed message waits for staff
    assert len(mailbox.refusals) == 1

    client.force_login(network_staff)
    page = client.get(reverse("network:outbox_list")).content.decode()
    assert "nadie@example.org" in page
    assert "550 5.1.1 &lt;nadie@example.org&gt;: Recipient address rejected" in page
    retry_url = reverse("network:outbox_retry", args=[message.pk])
    assert re.search(rf'<form method="post" action="{retry_url}"', page)

    mailbox.accept()  # the address was created meanwhile
    response = client.post(retry_url)
    assert response.status_code == 302

    mailbox.wait_for("nadie@example.org", "Bienvenida a Minga", timeout=TIMEOUT)
    assert eventually(lambda: rows([message]).get().status == Status.SENT, timeout=TIMEOUT)
    assert rows([message]).get().attempts == 1  # a fresh series after the retry
    assert len(mailbox.to("nadie@example.org")) == 1
    page = client.get(reverse("network:outbox_list")).content.decode()
    assert "nadie@example.org" not in page
