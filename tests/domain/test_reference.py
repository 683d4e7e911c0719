"""Personal daily reference values (IOM 2011 table in the fact sheet)."""

from __future__ import annotations

from datetime import date

import pytest

from bonetrack.domain.reference import References, age_group, daily_references

TODAY = date(2026, 11, 22)


def refs(age: int, sex: str | None) -> References:
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


def test_under_19_has_no_values() -> None:
    assert age_group(19) == "19–50"
    with pytest.raises(ValueError, match="age 18"):
        age_group(18)
    with pytest.raises(ValueError, match="unknown sex"):
        daily_references(1960, "other", TODAY)
