"""network/bulk.py: many rows in one statement (arrays for a few, COPY for many), the
unique index deciding conflicts, the inserted rows returned in the order given."""

import datetime

import pytest
from django.utils import timezone

from network import bulk
from network.models import ReminderClaim

FIELDS = ("rule", "object_id", "occurrence", "recipient", "due_on", "object_label", "user",
          "language", "emailed", "outbox_message", "claimed_at")  # fmt: skip
KEY = ("rule", "object_id", "occurrence", "recipient")


def claim(n: int, *, label: str = "") -> tuple:
    return ("test.rule", str(n), "2027-01-01", f"p{n}@example.org", datetime.date(2027, 1, 1),
            label or f"Objeto «{n}» \\ \t tab", None, "es", n % 2 == 0, None,
            timezone.now())  # fmt: skip


@pytest.mark.parametrize("count", [5, bulk.COPY_FROM * 3])
def test_rows_come_back_in_order_and_conflicts_are_skipped(db, count):
    first = bulk.rows_insert(ReminderClaim, FIELDS, [claim(n) for n in range(0, count, 2)],
                             conflict=KEY, returning=("object_id", "emailed"))  # fmt: skip
    assert [object_id for object_id, _emailed in first] == [str(n) for n in range(0, count, 2)]

    again = bulk.rows_insert(ReminderClaim, FIELDS, [claim(n) for n in reversed(range(count))],
                             conflict=KEY, returning=("object_id",))  # fmt: skip
    assert again == [(str(n),) for n in reversed(range(count)) if n % 2]
    assert ReminderClaim.objects.count() == count
    stored = ReminderClaim.objects.get(object_id="3")
    assert stored.object_label == "Objeto «3» \\ \t tab" and stored.emailed is False
    assert stored.user_id is None and stored.due_on == datetime.date(2027, 1, 1)


@pytest.mark.parametrize("count", [3, bulk.COPY_FROM + 1])
def test_json_values_and_nothing_returned(db, count):
    from network.models import Notification
    from tests.fixtures.personas import make_user

    user = make_user("ana@example.org")
    rows = [(user.pk, "r", "welcome", {"n": n, "text": 'a "quote"'}, "/", timezone.now())
            for n in range(count)]  # fmt: skip
    fields = ("user", "rule", "template", "context", "url", "created_at")
    assert bulk.rows_insert(Notification, fields, rows, returning=()) == []
    contexts = sorted(Notification.objects.values_list("context", flat=True), key=lambda c: c["n"])
    assert contexts == [{"n": n, "text": 'a "quote"'} for n in range(count)]
