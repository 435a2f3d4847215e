import uuid

from network.outbox import email_send
from network.tasks import ping


def test_a_task_is_queued_only_when_the_transaction_commits(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        email_send(to="a@example.org", template="welcome", context={}, language="es")
    assert len(callbacks) == 1  # nothing reached the broker inside the transaction


def test_a_task_delivered_too_often_is_given_up(settings):
    """acks_late redelivers a task whose worker died; after MINGA_TASK_MAX_DELIVERIES
    deliveries of the same task id it is no longer run."""
    task_id = str(uuid.uuid4())
    results = [ping.apply(args=(1,), task_id=task_id).get() for _ in range(4)]
    assert results == [2] * settings.MINGA_TASK_MAX_DELIVERIES + [None]
