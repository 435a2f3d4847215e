"""Loading the standard: idempotent, drafts follow their file, published versions never
change, and a version's criteria stay what they were whatever is loaded later."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from certification.models import Criterion, Section, StandardVersion
from certification.selectors import criteria_of, published_versions, standard_in_force
from certification.standard_file import STANDARDS_DIR
from network.models import ActivityLog


def load(*args) -> str:
    out = io.StringIO()
    call_command("load_standard", *args, stdout=out)
    return out.getvalue()


def snapshot():
    """Every stored row of the standard, as values (ids included)."""
    return (
        list(StandardVersion.objects.order_by("pk").values()),
        list(Section.objects.order_by("pk").values()),
        list(Criterion.objects.order_by("pk").values()),
        ActivityLog.objects.count(),
    )


def test_loading_creates_a_draft_and_logs_it(db):
    output = load("sps-spo-1.yaml")
    version = StandardVersion.objects.get(code="sps-spo", label="1")
    assert version.status == "draft"
    assert "sps-spo 1: created (77 criteria)" in output
    assert version.sections.count() == 9 and version.criteria.count() == 77
    entry = ActivityLog.objects.get(verb="standard.created")
    assert entry.target_id == str(version.pk) and len(entry.changes["codes_created"]) == 77
    assert standard_in_force("sps-spo") is None  # a draft is in force nowhere


def test_loading_the_same_file_twice_changes_nothing(db):
    load("sps-spo-1.yaml")
    before = snapshot()
    assert "unchanged" in load("sps-spo-1.yaml")
    assert snapshot() == before
    load("sps-spo-1.yaml", "--publish")
    published = snapshot()
    assert "unchanged" in load(str(STANDARDS_DIR / "sps-spo-1.yaml"), "--publish")
    assert snapshot() == published


def test_publishing_records_when_and_who(db):
    output = load("sps-spo-1.yaml", "--publish")
    version = StandardVersion.objects.get(code="sps-spo", label="1")
    assert version.status == "published" and version.published_at is not None
    assert "published, in force from 2025-01-01" in output
    entry = ActivityLog.objects.get(verb="standard.published")
    assert entry.changes["status"] == ["draft", "published"]
    assert standard_in_force("sps-spo", on=datetime.date(2025, 1, 1)) == version
    assert standard_in_force("sps-spo", on=datetime.date(2024, 12, 31)) is None


def changed_copy(tmp_path, old: str, new: str):
    text = (STANDARDS_DIR / "sps-spo-1.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "sps-spo-1-changed.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_a_published_version_is_never_edited_in_place(db, tmp_path):
    load("sps-spo-1.yaml", "--publish")
    before = snapshot()
    path = changed_copy(tmp_path, "Members do not grow genetically modified crops.",
                        "Members grow no genetically modified crops at all.")  # fmt: skip
    with pytest.raises(CommandError) as refused:
        load(str(path))
    message = str(refused.value)
    assert "sps-spo 1 is published and is never changed in place" in message
    assert "criterion 7.2 (text_en)" in message
    assert "new label" in message
    assert snapshot() == before


def test_a_draft_follows_its_file(db, tmp_path):
    load("sps-spo-1.yaml")
    version = StandardVersion.objects.get(code="sps-spo", label="1")
    gmo = Criterion.objects.get(standard_version=version, code="7.2")
    path = changed_copy(tmp_path, "Members do not grow genetically modified crops.",
                        "Members grow no genetically modified crops at all.")  # fmt: skip
    output = load(str(path))
    assert "updated" in output and "criterion 7.2 (text_en)" in output
    gmo.refresh_from_db()  # the same row, changed in place: it is still a draft
    assert gmo.text_en == "Members grow no genetically modified crops at all."
    entry = ActivityLog.objects.get(verb="standard.updated")
    assert entry.changes == {"codes_updated": ["7.2"]}


def test_version_2_leaves_version_1_as_it_was(standard_v1):
    """An application filed under version 1 keeps version 1's criteria after version 2
    is loaded: the version it pins still selects the same rows, unchanged."""
    filed_on = datetime.date(2026, 3, 2)
    pinned = standard_in_force("sps-spo", on=filed_on)  # what an application stores
    assert pinned == standard_v1
    criteria_before = list(criteria_of(pinned).values())
    version_before = StandardVersion.objects.filter(pk=pinned.pk).values().get()

    load("sps-spo-2.yaml", "--publish")

    two = StandardVersion.objects.get(code="sps-spo", label="2")
    assert list(criteria_of(pinned).values()) == criteria_before
    assert StandardVersion.objects.filter(pk=pinned.pk).values().get() == version_before
    one_codes = {c["code"] for c in criteria_before}
    two_codes = set(criteria_of(two).values_list("code", flat=True))
    assert "7.12" in two_codes - one_codes and "6.6" in one_codes - two_codes
    assert not set(criteria_of(two).values_list("pk", flat=True)) & {
        c["id"] for c in criteria_before
    }
    assert "before each evaluation" not in criteria_of(pinned).get(code="1.4").text_en
    assert "before each evaluation" in criteria_of(two).get(code="1.4").text_en
    # Which version applies depends on the day of filing, not on what was loaded last.
    assert standard_in_force("sps-spo", on=datetime.date(2027, 6, 30)) == standard_v1
    assert standard_in_force("sps-spo", on=datetime.date(2027, 7, 1)) == two
    assert list(published_versions("sps-spo")) == [two, standard_v1]


def test_a_version_without_criteria_or_on_a_taken_date_is_not_published(db, tmp_path):
    from certification.models import STANDARD
    from network.workflow import GuardFailed
    from tests.certification.factories import StandardVersionFactory

    empty = StandardVersionFactory(status="draft")
    with pytest.raises(GuardFailed):
        STANDARD.move(empty, "publish")
    StandardVersionFactory(label="a", criteria=1, in_force_from=datetime.date(2026, 1, 1))
    clash = StandardVersionFactory(
        label="b", status="draft", criteria=1, in_force_from=datetime.date(2026, 1, 1)
    )
    with pytest.raises(GuardFailed):
        STANDARD.move(clash, "publish")
    assert StandardVersion.objects.filter(status="draft").count() == 2


def test_a_file_with_mistakes_loads_nothing_and_lists_them(db, tmp_path):
    path = changed_copy(tmp_path, "class: critical", "class: crítico")
    with pytest.raises(CommandError) as refused:
        load(str(path))
    message = str(refused.value)
    assert "mistakes, nothing loaded" in message
    assert "sps-spo-1-changed.yaml, line 33 (criterion 1.1): unknown class 'crítico'" in message
    assert StandardVersion.objects.count() == 0 and ActivityLog.objects.count() == 0
