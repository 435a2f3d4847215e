"""The shared version check (network/concurrency.py), on a real versioned model."""

import threading

import pytest
from django import forms
from django.db import connection, transaction
from django.utils import translation

from network.concurrency import STALE_MESSAGE, StaleEdit, VersionedForm, lock_at_version
from producers.models import Member
from tests.producers.factories import MemberFactory, OrganizationFactory


class MemberForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Member
        fields = ["name", "gender", "community", "total_area_ha", "is_active"]


@pytest.mark.django_db
def test_it_locks_the_row_at_the_expected_version_and_moves_it_on():
    member = MemberFactory()
    with transaction.atomic():
        locked = lock_at_version(Member.objects, pk=member.pk, version=1)
        assert locked.version == 2
        locked.save()
    assert Member.objects.get(pk=member.pk).version == 2


@pytest.mark.django_db
@pytest.mark.parametrize("opened", [1, None])
def test_it_raises_stale_edit_with_the_stored_record(opened):
    member = MemberFactory(name="Stored", version=2)
    with pytest.raises(StaleEdit) as raised, transaction.atomic():
        lock_at_version(Member.objects, pk=member.pk, version=opened)
    assert (raised.value.current.name, raised.value.current.version) == ("Stored", 2)


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_moment_from_the_same_version_one_is_refused():
    """The first holds the row lock while it saves; the second waits for it, then sees the
    new version instead of overwriting."""
    member = MemberFactory(name="Opened")
    first_locked, first_may_commit = threading.Event(), threading.Event()
    outcome = {}

    def first():
        try:
            with transaction.atomic():
                row = lock_at_version(Member.objects, pk=member.pk, version=1)
                first_locked.set()
                first_may_commit.wait(5)
                row.name = "First"
                row.save()
        finally:
            connection.close()

    def second():
        try:
            with transaction.atomic():
                row = lock_at_version(Member.objects, pk=member.pk, version=1)
                row.name = "Second"
                row.save()
        except StaleEdit as stale:
            outcome["stale"] = stale.current
        finally:
            connection.close()

    one, two = threading.Thread(target=first), threading.Thread(target=second)
    one.start()
    try:
        assert first_locked.wait(5)
        two.start()
        two.join(0.5)
        assert two.is_alive()  # waiting for the first one's lock
    finally:
        first_may_commit.set()
        one.join(5)
        if two.ident is not None:
            two.join(5)
    assert (outcome["stale"].name, outcome["stale"].version) == ("First", 2)
    stored = Member.objects.get(pk=member.pk)
    assert (stored.name, stored.version) == ("First", 2)


@pytest.mark.django_db
def test_the_form_carries_the_version_it_was_opened_at():
    member = MemberFactory(version=4)
    assert 'name="version" value="4"' in str(MemberForm(instance=member)["version"])
    assert MemberForm().initial.get("version") is None  # a new record has none


@pytest.mark.django_db
def test_a_refused_form_keeps_what_was_typed_and_shows_what_is_stored():
    organization = OrganizationFactory()
    member = MemberFactory(organization=organization, name="Rosa", gender="f", community="")
    typed = {"name": "Rosa Q.", "gender": "f", "community": "Maranura", "version": "1",
             "is_active": "on"}  # fmt: skip
    form = MemberForm(typed, instance=member)
    assert form.is_valid()
    Member.objects.filter(pk=member.pk).update(
        name="Rosa Quispe", gender="m", total_area_ha=5, is_active=False, version=2
    )
    with translation.override("en"):
        form.refuse_stale(StaleEdit(Member.objects.get(pk=member.pk)))
        assert form.non_field_errors() == [str(STALE_MESSAGE)]
        assert form.stored == [
            {"label": "Name", "value": "Rosa Quispe"},
            {"label": "Gender", "value": "man"},
            {"label": "Community", "value": "—"},
            {"label": "Total area (ha)", "value": "5.00"},
            {"label": "Active", "value": "no"},
        ]
    assert form["name"].value() == "Rosa Q." and form["community"].value() == "Maranura"
    assert form["version"].value() == "2"
