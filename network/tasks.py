"""Thin tasks of the network app: they take ids and call a service."""

import datetime

from celery import shared_task

from network import outbox, reminders


# Tried once: a temporary failure is scheduled on the row and the sweep queues it again.
@shared_task(acks_late=True, ignore_result=True)
def outbox_send(message_id: int) -> bool:
    return outbox.outbox_deliver(message_id=message_id)


@shared_task
def outbox_sweep() -> int:
    """Queue the messages due for an attempt that no task carries (beat, every minute)."""
    due = outbox.outbox_claim_due()
    for position, message_id in enumerate(due):
        try:
            outbox_send.delay(message_id)
        except Exception:
            outbox.outbox_release(message_ids=due[position:])
            raise
    return len(due)


@shared_task(acks_late=True)
def reminders_sweep(family: str, today: str | None = None) -> int:
    """Claim and send a family's due reminders (beat, hourly per family). Late
    acknowledgement: a worker lost mid-sweep gets the task again, and the ledger makes
    the second run send only what the first did not commit."""
    day = datetime.date.fromisoformat(today) if today else None
    return reminders.reminders_sweep(family=family, today=day)


@shared_task
def ping(value: int) -> int:
    """A round trip used by /healthz checks and the worker test."""
    return value + 1
