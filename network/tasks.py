"""Thin tasks of the network app: they take ids and call a service."""

from celery import shared_task

from network import outbox


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


@shared_task
def ping(value: int) -> int:
    """A round trip used by /healthz checks and the worker test."""
    return value + 1
