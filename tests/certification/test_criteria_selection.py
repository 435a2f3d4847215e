"""Which criteria an evaluation judges (criteria_of), from the real version 1."""

import datetime

import pytest

from certification.models import CriterionClass
from certification.selectors import criteria_of, member_register_criteria

DURING_2025 = datetime.date(2025, 6, 1)
IN_2026 = datetime.date(2026, 6, 1)


def classes(criteria) -> set[str]:
    return set(criteria.values_list("criterion_class", flat=True))


def test_desk_evaluations_judge_the_critical_criteria_only(standard_v1):
    desk = criteria_of(standard_v1, evaluation_kind="desk", on=IN_2026)
    assert classes(desk) == {CriterionClass.CRITICAL}
    assert desk.count() == standard_v1.criteria.filter(criterion_class="critical").count()


def test_complete_evaluations_judge_critical_minimum_and_improvement(standard_v1):
    complete = criteria_of(standard_v1, evaluation_kind="complete", on=IN_2026)
    assert classes(complete) == {"critical", "minimum", "improvement"}
    listed = criteria_of(standard_v1)
    assert classes(listed) == set(CriterionClass.values)  # informative, transitional listed
    assert listed.count() == 77


def codes(criteria) -> set[str]:
    return set(criteria.values_list("code", flat=True))


def test_a_phased_in_criterion_counts_from_its_year(standard_v1):
    assert "7.6" not in codes(criteria_of(standard_v1, evaluation_kind="complete", on=DURING_2025))
    assert "7.6" in codes(criteria_of(standard_v1, evaluation_kind="complete", on=IN_2026))


def test_criteria_by_actor_type(standard_v1):
    spo = codes(criteria_of(standard_v1, actor_type="spo"))
    collective = codes(criteria_of(standard_v1, actor_type="collective_spo"))
    trading = codes(criteria_of(standard_v1, actor_type="trading_company"))
    assert "1.3" in collective and "1.3" not in spo  # second-grade organizations only
    assert {"4.2", "5.1", "9.2"} <= trading and "2.1" not in trading
    assert criteria_of(standard_v1, actor_type="final_buyer").count() == 0


def test_criteria_come_by_section_then_position(standard_v1):
    codes = list(criteria_of(standard_v1).values_list("code", flat=True))
    assert codes[:7] == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2.1"]
    assert codes.index("2.9") < codes.index("2.10") < codes.index("3.1")
    assert codes[-1] == "9.10"


def test_the_small_producer_criterion_is_judged_from_the_register(standard_v1):
    [criterion] = member_register_criteria(standard_v1)
    assert (criterion.code, criterion.criterion_class) == ("1.1", "critical")


def test_an_unknown_evaluation_kind_is_a_programming_error(standard_v1):
    with pytest.raises(ValueError):
        criteria_of(standard_v1, evaluation_kind="field")
