"""Thin tasks of the network app: they take ids and call a service."""

from celery import shared_task

from network import services


@shared_task(bind=True, max_retries=8, acks_late=True)
def outbox_send(self, message_id: int) -> bool:
    try:
        return services.outbox_deliver(message_id=message_id)
    except services.TransientEmailError as error:
        if self.request.retries >= self.max_retries:
            services.outbox_mark_failed(message_id=message_id, error=str(error))
            return False
        raise self.retry(exc=error, countdown=min(30 * 2**self.request.retries, 1800)) from error


@shared_task
def outbox_sweep() -> int:
    due = services.outbox_due()
    for message_id in due:
        outbox_send.delay(message_id)
    return len(due)


@shared_task
def ping(value: int) -> int:
    """A round trip used by /healthz checks and the worker test."""
    return value + 1
