"""The standard's files: what version 1 holds, how version 2 is written as changes, and
the mistakes the reader reports (each naming the file, the line and the criterion)."""

import textwrap

import pytest

from certification.models import CriterionClass
from certification.standard_file import StandardFileError, read_standard

SPO_SECTIONS = [
    "Small-producer definition",
    "Organization: democracy, participation and transparency",
    "Production",
    "Management systems: internal control and traceability",
    "Trade: contracts, prices and pre-financing",
    "Strengthening the small-producer sector",
    "Environment and human health",
    "Dignified life",
    "Labour conditions",
]


def test_version_1_covers_every_spo_section_and_class():
    standard = read_standard("sps-spo-1.yaml")
    assert (standard.code, standard.label) == ("sps-spo", "1")
    assert [section.name_en for section in standard.sections] == SPO_SECTIONS
    assert len(standard.criteria) >= 60
    assert {c.criterion_class for c in standard.criteria} == set(CriterionClass.values)
    for criterion in standard.criteria:
        assert criterion.text_es and criterion.text_en and criterion.text_es != criterion.text_en
        assert criterion.actor_types
        if criterion.criterion_class == CriterionClass.CRITICAL:
            assert criterion.checked_in_desk
    assert [c.code for c in standard.criteria if c.from_member_register] == ["1.1"]
    assert any(c.mandatory_from_year for c in standard.criteria)


def test_version_1_keeps_the_domain_defaults_for_its_rules():
    fields = read_standard("sps-spo-1.yaml").version_fields
    assert fields["certificate_validity_months"] == 12
    assert fields["renewal_notice_days"] == [60, 30, 0]
    assert fields["grace_days"] == 60
    assert fields["eligibility_review_days"] == 21
    assert fields["objection_period_days"] == 15
    assert fields["objection_reminder_days"] == [7, 10]


def test_version_2_is_version_1_with_its_changes():
    one = {c.code: c for c in read_standard("sps-spo-1.yaml").criteria}
    two = {c.code: c for c in read_standard("sps-spo-2.yaml").criteria}
    assert set(two) == set(one) - {"6.6"} | {"7.12"}
    assert two["1.4"].text_en != one["1.4"].text_en
    assert "before each evaluation" in two["1.4"].text_en
    assert (one["2.12"].criterion_class, one["2.12"].mandatory_from_year) == ("transitional", 2027)
    assert (two["2.12"].criterion_class, two["2.12"].mandatory_from_year) == ("minimum", None)
    assert two["7.12"].section_code == "7" and two["7.12"].position == 12
    unchanged = set(one) - {"1.4", "2.12", "6.6"}
    assert all(one[code] == two[code] for code in unchanged)


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


GOOD = """\
    code: sps-test
    label: "1"
    title: {es: Norma de prueba, en: Test standard}
    in_force_from: 2025-01-01
    sections:
      - code: "1"
        name: {es: Uno, en: One}
        criteria:
          - code: "1.1"
            class: critical
            text: {es: Texto, en: Text}
"""


def errors_of(path) -> list[str]:
    with pytest.raises(StandardFileError) as raised:
        read_standard(path)
    return raised.value.errors


def test_a_small_good_file_reads_with_the_defaults(tmp_path):
    standard = read_standard(write(tmp_path, "good.yaml", GOOD))
    [criterion] = standard.criteria
    assert criterion.actor_types == ["spo"]
    assert criterion.checked_in_desk is True
    assert "grace_days" not in standard.version_fields  # the model's default applies


def test_every_mistake_is_reported_at_once_with_line_and_criterion(tmp_path):
    path = write(
        tmp_path,
        "bad.yaml",
        """\
        code: sps-test
        label: 1
        title: {es: Norma de prueba}
        in_force_from: someday
        rules: {grace_days: -3, objection_reminder_days: [7, 20]}
        sections:
          - code: "1"
            name: {es: Uno, en: One}
            criteria:
              - code: "1.1"
                class: critcal
                text: {es: Texto, en: Text}
              - code: 1.10
                class: minimum
                text: {es: Texto}
              - code: "1.3"
                class: critical
                desk: false
                applies_to: [spo, farmer]
                text: {es: Texto, en: Text}
              - code: "1.1"
                class: informative
                desk: true
                txt: {es: Texto, en: Text}
        """,
    )
    errors = errors_of(path)
    expected = [
        "bad.yaml, line 1: label must be quoted text",
        "bad.yaml, line 3: title.en is missing",
        "bad.yaml, line 1: in_force_from must be a date",
        "bad.yaml, line 5: rules.grace_days must be a whole number of at least 0",
        "bad.yaml, line 5: rules.objection_reminder_days must fall within",
        "bad.yaml, line 10 (criterion 1.1): unknown class 'critcal'",
        'bad.yaml, line 13: criterion code must be quoted text such as "4.10" (got 1.1)',
        "bad.yaml, line 15: text.en is missing",
        "bad.yaml, line 16 (criterion 1.3): a critical criterion is checked in every evaluation",
        "bad.yaml, line 16 (criterion 1.3): applies_to must list actor types",
        "bad.yaml, line 21 (criterion 1.1): unknown key(s) txt",
        "bad.yaml, line 21 (criterion 1.1): informative criteria are not evaluated",
        "bad.yaml, line 21 (criterion 1.1): text must give the text in es and en",
        "bad.yaml, line 21 (criterion 1.1): this code appears twice",
    ]
    missing = [e for e in expected if not any(error.startswith(e) for error in errors)]
    assert missing == [], "\n".join(errors)
    assert len(errors) == len(expected), "\n".join(errors)


def test_a_yaml_syntax_error_names_its_line(tmp_path):
    path = write(tmp_path, "broken.yaml", GOOD + "      - code: [unclosed\n")
    [error] = errors_of(path)
    assert error.startswith("broken.yaml, line ") and "not valid YAML" in error


def test_a_key_written_twice_is_refused(tmp_path):
    path = write(
        tmp_path,
        "twice.yaml",
        GOOD.replace("class: critical", "class: critical\n            class: minimum"),
    )
    [error] = errors_of(path)
    assert "twice.yaml, line 11" in error and "'class' appears twice" in error


def test_a_change_file_must_remove_codes_that_exist(tmp_path):
    write(tmp_path, "base.yaml", GOOD)
    path = write(
        tmp_path,
        "next.yaml",
        """\
        code: sps-test
        label: "2"
        based_on: base.yaml
        removed: ["9.9"]
        """,
    )
    errors = errors_of(path)
    assert any("removed criterion '9.9' is not in base.yaml" in error for error in errors)


def test_a_missing_file_is_reported(tmp_path):
    [error] = errors_of(tmp_path / "nowhere.yaml")
    assert "nowhere.yaml: cannot be read" in error


def test_based_on_may_not_go_round_in_a_circle(tmp_path):
    write(tmp_path, "a.yaml", GOOD.replace('label: "1"', 'label: "1"\n    based_on: b.yaml'))
    write(tmp_path, "b.yaml", GOOD.replace('label: "1"', 'label: "2"\n    based_on: a.yaml'))
    errors = errors_of(tmp_path / "a.yaml")
    assert any("based_on goes round in a circle" in error for error in errors)
