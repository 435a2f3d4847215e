"""The standard's small-producer definition, on hand-made registers at the boundaries."""

from decimal import Decimal as D

import pytest

from producers.selectors import (
    MemberSize,
    Size,
    member_size,
    organization_small_producer_test,
    small_producer_test,
)
from tests.producers.factories import MemberFactory


def register(*sizes, **common):
    """Members with the given areas in production (ha)."""
    return [
        MemberSize(code=f"M{i:03d}", name=f"member {i}", production_area_ha=D(str(size)), **common)
        for i, size in enumerate(sizes)
    ]


def test_a_member_with_exactly_15_ha_in_production_is_small():
    assert member_size(MemberSize("1", "a", production_area_ha=D("15.00"))) == Size.SMALL
    assert member_size(MemberSize("1", "a", production_area_ha=D("15.01"))) == Size.UP_TO_TWICE


def test_exactly_twice_the_limit_is_still_allowed_and_beyond_it_is_not():
    assert member_size(MemberSize("1", "a", production_area_ha=D("30"))) == Size.UP_TO_TWICE
    assert member_size(MemberSize("1", "a", production_area_ha=D("30.01"))) == Size.OVER_TWICE


def test_area_under_cover_is_measured_against_one_hectare():
    def covered(area):
        return member_size(
            MemberSize("1", "a", production_area_ha=D("0.5"), covered_area_ha=D(area))
        )

    assert covered("1") == Size.SMALL
    assert covered("1.01") == Size.UP_TO_TWICE
    assert covered("2") == Size.UP_TO_TWICE
    assert covered("2.01") == Size.OVER_TWICE


def test_beekeepers_are_measured_in_beehives():
    def hives(n):
        return member_size(MemberSize("1", "a", beehives=n))

    assert hives(500) == Size.SMALL
    assert hives(501) == Size.UP_TO_TWICE
    assert hives(1000) == Size.UP_TO_TWICE
    assert hives(1001) == Size.OVER_TWICE


def test_the_largest_share_of_any_limit_decides():
    big_coffee_few_hives = MemberSize("1", "a", production_area_ha=D("20"), beehives=10)
    assert member_size(big_coffee_few_hives) == Size.UP_TO_TWICE


def test_exactly_85_percent_small_passes():
    result = small_producer_test(register(*([15] * 17 + [30] * 3)))  # 17/20 = 85 %
    assert result.small_percent == D("85.0")
    assert result.counts[Size.UP_TO_TWICE] == 3
    assert result.passed


def test_just_under_85_percent_small_fails():
    # 84 of 100 small, 16 up to twice the limit
    result = small_producer_test(register(*([10] * 84 + [16] * 16)))
    assert result.small_percent == D("84.0")
    assert not result.passed
    assert [member.code for member, _size in result.over_limits][:2] == ["M084", "M085"]


def test_one_member_beyond_twice_the_limit_fails_even_with_99_percent_small():
    result = small_producer_test(register(*([1] * 99 + [30.01])))
    assert not result.passed
    assert result.counts[Size.OVER_TWICE] == 1
    assert result.over_limits[0][0].code == "M099"
    assert result.over_limits[0][1] == Size.OVER_TWICE


def test_a_beekeepers_register_passes_at_the_boundaries():
    members = [MemberSize(f"A{i}", "x", beehives=500) for i in range(17)]
    members += [MemberSize(f"B{i}", "x", beehives=1000) for i in range(3)]
    assert small_producer_test(members).passed
    members.append(MemberSize("C", "x", beehives=1001))
    assert not small_producer_test(members).passed


def test_members_without_any_size_recorded_keep_the_test_from_passing():
    members = register(*([1] * 10)) + [MemberSize("Z", "no data")]
    result = small_producer_test(members)
    assert result.counts[Size.NO_DATA] == 1
    assert not result.passed


def test_an_empty_register_does_not_pass():
    assert not small_producer_test([]).passed


@pytest.mark.django_db
def test_the_organization_test_reads_only_active_members(coop_a):
    for _ in range(17):
        MemberFactory(organization=coop_a, production_area_ha=D("15"))
    for _ in range(3):
        MemberFactory(organization=coop_a, production_area_ha=D("30"))
    MemberFactory(organization=coop_a, production_area_ha=D("80"), is_active=False)
    result = organization_small_producer_test(coop_a)
    assert result.total == 20
    assert result.passed
    MemberFactory(organization=coop_a, production_area_ha=D("15.5"), total_area_ha=D("16"))
    assert not organization_small_producer_test(coop_a).passed  # 17/21 < 85 %


@pytest.mark.django_db
def test_the_organization_page_shows_the_result_and_the_members_over_the_limits(
    client, coop_a, coop_a_viewer
):
    MemberFactory(
        organization=coop_a, code="BIG-1", production_area_ha=D("45"), total_area_ha=D("50")
    )
    MemberFactory(organization=coop_a, code="OK-1", production_area_ha=D("2"))
    client.force_login(coop_a_viewer)
    page = client.get(f"/organizations/{coop_a.pk}/").content.decode()
    assert "badge-fail" in page
    assert "BIG-1" in page
    assert "OK-1" not in page  # only the members over the limits are listed
