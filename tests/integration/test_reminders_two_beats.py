"""Two real `celery beat` processes at once (a second one started by mistake, two hosts
both running it), each with the production scheduler on the same database, each sending
the reminder sweeps every second for a few seconds to the real worker; the real SMTP
server receives each due reminder exactly once, each has exactly one ledger row, and
the certificates past their grace are marked expired once."""

import json
import re
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from advocacy.models import Declaration
from certification.models import Certificate
from network.celery import app
from network.models import ActivityLog, OutboxMessage, ReminderClaim, RoleKind
from tests.certification.factories import CertificateFactory
from tests.fixtures.personas import make_user
from tests.fixtures.services import eventually, start_beat, stop_worker
from tests.integration.test_reminders_delivery import due_declarations
from tests.producers.factories import grant

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

TIMEOUT = 90
FAMILIES = ("certificate_renewal", "declarations")
RUNNING = 8  # seconds both beats tick together


def certified(n: int, *, valid_until) -> tuple[Certificate, str]:
    certificate = CertificateFactory(
        valid_from=valid_until - timedelta(days=364), valid_until=valid_until
    )
    admin = make_user(f"admin{n}@coop{n}.example.org", language=("es", "en")[n % 2])
    grant(admin, RoleKind.ORG_ADMIN, organization=certificate.organization)
    return certificate, admin.email


def every_second(family: str) -> None:
    interval, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.create(
        name=f"test-reminders-{family}", task="network.tasks.reminders_sweep",
        interval=interval, args=json.dumps([family]),
    )  # fmt: skip


def queued(queue: str = "default") -> int:
    with app.connection_for_write() as connection:
        return connection.default_channel.client.llen(queue)


def test_two_beats_at_once_send_each_reminder_once(celery_worker_process, mailbox):
    today = timezone.localdate()
    renewals = [certified(n, valid_until=today + timedelta(days=30)) for n in range(8)]
    expiring = [certified(n, valid_until=today - timedelta(days=61)) for n in range(8, 11)]
    declarations = due_declarations(8, prefix="beat")
    for family in FAMILIES:
        every_second(family)

    beats = [start_beat(name="beat-one"), start_beat(name="beat-two")]
    try:
        time.sleep(RUNNING)
    finally:
        for beat in beats:
            stop_worker(beat)
    logs = [Path(beat.log.name).read_text() for beat in beats]
    for log in logs:  # each beat really sent each family's sweep, several times
        for family in FAMILIES:
            assert len(re.findall(rf"Sending due task test-reminders-{family}\b", log)) >= 3, log

    def all_swept_and_sent():
        return (
            queued() == 0
            and not any((app.control.inspect(timeout=1).active() or {}).values())
            and OutboxMessage.objects.filter(template__startswith="reminder_")
            .exclude(status=OutboxMessage.Status.SENT)
            .count() == 0
        )  # fmt: skip

    assert eventually(all_swept_and_sent, timeout=TIMEOUT, interval=0.5)

    addresses = [email for _c, email in renewals + expiring]
    addresses += [declaration.contact_email for declaration in declarations]
    for address in addresses:
        assert len(mailbox.to(address)) == 1, (address, len(mailbox.to(address)))
    for certificate, email in renewals + expiring:
        assert certificate.number in str(mailbox.to(email)[0]["Subject"])
    claims = ReminderClaim.objects.filter(
        rule__in=["certification.certificate_renewal", "certification.certificate_expired",
                  "advocacy.declaration_renewal"]
    )  # fmt: skip
    assert claims.count() == len(addresses)
    assert claims.values("rule", "object_id", "occurrence", "recipient").distinct().count() == (
        len(addresses)
    )
    assert OutboxMessage.objects.filter(template__startswith="reminder_").count() == len(addresses)
    expired = Certificate.objects.filter(pk__in=[c.pk for c, _e in expiring])
    assert {c.status for c in expired} == {Certificate.Status.EXPIRED}
    assert ActivityLog.objects.filter(verb="certificate.expired").count() == len(expiring)
    assert not Declaration.objects.filter(status=Declaration.Status.DECLARED).exists()
