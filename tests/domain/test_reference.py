"""Personal daily reference values (IOM 2011 table in the fact sheet)."""

from __future__ import annotations

from datetime import date

import pytest

from bonetrack.domain.reference import (
    References,
    age_group,
    daily_references,
    no_references_reason,
)

TODAY = date(2026, 11, 22)


def refs(age: int, sex: str | None) -> References | None:
    return daily_references(TODAY.year - age, sex, TODAY)


def values(r: References) -> tuple[int, int, int, int, int]:
    return (
        r.calcium_rda_mg,
        r.calcium_ul_mg,
        r.vitamin_d_rda_iu,
        r.vitamin_d_ul_iu,
        r.vitamin_k_ai_mcg,
    )


@pytest.mark.parametrize(
    ("age", "sex", "expected", "group"),
    [
        (19, "female", (1000, 2500, 600, 4000, 90), "19–50"),
        (50, "female", (1000, 2500, 600, 4000, 90), "19–50"),
        (51, "female", (1200, 2000, 600, 4000, 90), "51–70"),
        (70, "female", (1200, 2000, 600, 4000, 90), "51–70"),
        (71, "female", (1200, 2000, 800, 4000, 90), "71+"),
        (50, "male", (1000, 2500, 600, 4000, 120), "19–50"),
        (51, "male", (1000, 2000, 600, 4000, 120), "51–70"),
        (70, "male", (1000, 2000, 600, 4000, 120), "51–70"),
        (71, "male", (1200, 2000, 800, 4000, 120), "71+"),
        (95, "male", (1200, 2000, 800, 4000, 120), "71+"),
    ],
)
def test_values_at_the_age_boundaries(
    age: int, sex: str, expected: tuple[int, int, int, int, int], group: str
) -> None:
    r = refs(age, sex)
    assert values(r) == expected
    assert r.age_group == group
    assert r.sex == sex
    assert r.assumed is False
    assert r.source == "IOM 2011"


def test_age_counts_calendar_years_only() -> None:
    # Born 1976: 50 all through 2026, 51 from 1 January 2027.
    assert daily_references(1976, "female", date(2026, 12, 31)).age_group == "19–50"
    assert daily_references(1976, "female", date(2027, 1, 1)).age_group == "51–70"
    assert daily_references(1956, "female", date(2026, 12, 31)).age_group == "51–70"
    assert daily_references(1956, "female", date(2027, 1, 1)).age_group == "71+"


def test_basis_of_a_full_profile() -> None:
    assert refs(66, "female").basis == "values for women aged 51–70 (IOM 2011)"
    assert refs(71, "male").basis == "values for men aged 71+ (IOM 2011)"


def test_no_profile_uses_women_over_50_and_says_so() -> None:
    r = daily_references(None, None, TODAY)
    assert values(r) == (1200, 2000, 600, 4000, 90)
    assert r.age_group == "51–70"
    assert r.sex == "female"
    assert r.assumed is True
    assert r.basis == (
        "values for women aged 51–70 (IOM 2011); no birth year or sex in your profile, "
        "so the values for women over 50 are used: set it with `bonetrack profile set`"
    )


def test_missing_sex_assumes_women_of_that_age() -> None:
    r = refs(45, None)
    assert values(r) == (1000, 2500, 600, 4000, 90)
    assert r.assumed is True
    assert r.basis == (
        "values for women aged 19–50 (IOM 2011); no sex in your profile, "
        "so the values for women are used: set it with `bonetrack profile set`"
    )


def test_missing_birth_year_assumes_51_to_70() -> None:
    r = daily_references(None, "male", TODAY)
    assert values(r) == (1000, 2000, 600, 4000, 120)
    assert r.assumed is True
    assert r.basis == (
        "values for men aged 51–70 (IOM 2011); no birth year in your profile, "
        "so the values for men over 50 are used: set it with `bonetrack profile set`"
    )


@pytest.mark.parametrize(
    ("age", "expected", "group"),
    [
        (9, (1300, 3000, 600, 4000, 60), "9–13"),
        (13, (1300, 3000, 600, 4000, 60), "9–13"),
        (14, (1300, 3000, 600, 4000, 75), "14–18"),
        (18, (1300, 3000, 600, 4000, 75), "14–18"),
    ],
)
@pytest.mark.parametrize("sex", ["female", "male"])
def test_ages_9_to_18_have_the_same_values_for_both_sexes(
    age: int, expected: tuple[int, int, int, int, int], group: str, sex: str
) -> None:
    r = refs(age, sex)
    assert r is not None
    assert (values(r), r.age_group, r.assumed) == (expected, group, False)
    assert r.basis == f"values for ages {group} (IOM 2011)"


def test_a_teenager_without_sex_in_the_profile_assumes_nothing() -> None:
    r = refs(16, None)
    assert r is not None
    assert (values(r), r.assumed) == ((1300, 3000, 600, 4000, 75), False)


@pytest.mark.parametrize("age", [8, 1, 0, -1, -70])
def test_under_9_or_not_yet_born_has_no_values(age: int) -> None:
    assert age_group(age) is None
    assert refs(age, "female") is None
    assert no_references_reason(TODAY.year - age, TODAY) == (
        f"no reference values for age {age} in 2026 (IOM 2011 values start at age 9)"
    )


def test_age_groups_at_their_boundaries() -> None:
    assert [age_group(a) for a in (8, 9, 13, 14, 18, 19, 50, 51, 70, 71)] == [
        None, "9–13", "9–13", "14–18", "14–18", "19–50", "19–50", "51–70", "51–70", "71+"
    ]  # fmt: skip


def test_unknown_sex_is_a_bug_not_a_value() -> None:
    with pytest.raises(ValueError, match="unknown sex"):
        daily_references(1960, "other", TODAY)
