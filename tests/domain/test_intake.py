"""Supplements and food together: the per-day totals, the RDA and UL checks, vitamin K."""

from __future__ import annotations

from datetime import date, timedelta

from bonetrack.domain.food import CALCIUM, VITAMIN_D
from bonetrack.domain.guidance import (
    DayAggregate,
    DayContext,
    LoggedEntry,
    calcium_ul_warning,
    entry_warnings,
    window_warnings,
)
from bonetrack.domain.intake import FoodAmount, IntakeDay, intake_days, summarize
from bonetrack.domain.profile import AnticoagulantChange, Profile
from bonetrack.domain.vitamin_k import VITAMIN_K_GUIDANCE, UnusualDay, vitamin_k_steadiness

D = date.fromisoformat
WOMAN_66 = Profile(birth_year=1960, sex="female")  # RDA 1200 mg / 600 IU, UL 2000 mg / 4000 IU
CRONO = "cronometer"


def test_days_hold_supplements_food_and_a_total_only_with_food_data() -> None:
    days = intake_days(
        {D("2026-03-01"): 500.0, D("2026-03-03"): 1000.0},
        {D("2026-03-01"): FoodAmount(611.3, CRONO), D("2026-03-02"): FoodAmount(0.0, CRONO)},
    )
    assert days == [
        IntakeDay(D("2026-03-01"), 500.0, 611.3, CRONO),
        IntakeDay(D("2026-03-02"), 0.0, 0.0, CRONO),  # food recorded as zero: total 0
        IntakeDay(D("2026-03-03"), 1000.0, None, None),  # no food data: no total
    ]
    assert [d.total for d in days] == [1111.3, 0.0, None]


def test_the_rda_and_ul_checks_use_the_total() -> None:
    first, last = D("2026-03-01"), D("2026-03-30")
    days = intake_days(
        {
            D("2026-03-01"): 500.0,
            D("2026-03-02"): 1000.0,
            D("2026-03-03"): 2100.0,  # no food data: above the UL on supplements alone
            D("2026-03-04"): 1000.0,
            D("2026-03-05"): 800.0,
        },
        {
            D("2026-03-01"): FoodAmount(700.0, CRONO),  # 1200: at the RDA, not below
            D("2026-03-02"): FoodAmount(199.999, CRONO),  # 1199.999: below
            D("2026-03-04"): FoodAmount(1000.0, CRONO),  # 2000: at the UL, not above
            D("2026-03-05"): FoodAmount(1200.5, CRONO),  # 2000.5: above the UL with food
        },
    )
    summary = summarize(CALCIUM, first, last, days, WOMAN_66)
    assert (summary.rda, summary.ul, summary.window_days, summary.food_days) == (
        1200.0,
        2000.0,
        30,
        4,
    )
    assert summary.below_rda == (D("2026-03-02"),)
    assert summary.above_ul == (D("2026-03-03"), D("2026-03-05"))
    # averages over the 4 days with food data
    assert (summary.average_supplements, summary.average_food, summary.average_total) == (
        825.0,
        775.1,
        1600.1,
    )


def test_vitamin_d_is_judged_against_its_rda_and_leaves_its_ul_to_the_7_day_rule() -> None:
    days = intake_days({D("2026-03-01"): 4000.0}, {D("2026-03-01"): FoodAmount(900.0, CRONO)})
    summary = summarize(VITAMIN_D, D("2026-03-01"), D("2026-03-01"), days, WOMAN_66)
    assert (summary.rda, summary.ul, summary.below_rda, summary.above_ul) == (
        600.0,
        4000.0,
        (),
        (),
    )


def test_no_reference_values_before_age_9_means_no_checks() -> None:
    child = Profile(birth_year=2020, sex="female")
    days = intake_days({D("2026-03-01"): 3000.0}, {D("2026-03-01"): FoodAmount(10.0, CRONO)})
    summary = summarize(CALCIUM, D("2026-03-01"), D("2026-03-01"), days, child)
    assert (summary.rda, summary.ul, summary.below_rda, summary.above_ul) == (None, None, (), ())


def test_the_ul_warning_names_supplements_and_food() -> None:
    refs = WOMAN_66.references(D("2026-03-05"))
    assert refs is not None
    with_food = calcium_ul_warning(800.0, D("2026-03-05"), refs, 1200.5)
    assert with_food is not None
    assert with_food.message == (
        "calcium on 2026-03-05 adds up to 2000.5 mg (800 mg supplements and 1200.5 mg food), "
        "above the upper limit of 2000 mg a day for women aged 51–70; food and supplements "
        "count together"
    )
    assert calcium_ul_warning(800.0, D("2026-03-05"), refs, 1200.0) is None  # 2000: at the UL
    logged = LoggedEntry("calcium", 500.0, None, D("2026-03-05"))
    context = DayContext(calcium_day_total_mg=800.0, calcium_food_mg=1200.5)
    assert [w.code for w in entry_warnings(logged, WOMAN_66, context, D("2026-03-05"))] == [
        "calcium-ul"
    ]


def test_window_warnings_count_food_toward_the_calcium_ul_and_vitamin_d_average() -> None:
    day = D("2026-03-05")
    days = [
        DayAggregate(day=day, calcium_total_mg=500.0, calcium_food_mg=1600.0),
        # food alone, no supplement entries: above the UL
        DayAggregate(day=day + timedelta(days=1), calcium_food_mg=2100.0),
    ]
    [calcium] = window_warnings(days, WOMAN_66, day, day + timedelta(days=1))
    assert (calcium.code, calcium.dates) == ("calcium-ul", (day, day + timedelta(days=1)))
    # 7 days of 3500 IU supplements and 600 IU food: averages 4100 IU, above the UL.
    week = [
        DayAggregate(
            day=day - timedelta(days=i), vitamin_d_everyday_iu=3500.0, vitamin_d_food_iu=600.0
        )
        for i in range(7)
    ]
    assert [w.code for w in window_warnings(week, WOMAN_66, day, day)] == ["vitamin-d-ul"]
    without_food = [DayAggregate(day=d.day, vitamin_d_everyday_iu=3500.0) for d in week]
    assert window_warnings(without_food, WOMAN_66, day, day) == []


def vka_from(day: str) -> Profile:
    return Profile(
        birth_year=1960,
        sex="female",
        anticoagulant="vka",
        anticoagulant_history=(
            AnticoagulantChange("none", None, D("2020-01-01")),
            AnticoagulantChange("vka", "warfarin", D(day)),
        ),
    )


def test_vitamin_k_steadiness_only_for_a_vitamin_k_antagonist() -> None:
    food = {D("2026-03-01"): FoodAmount(90.0, CRONO)}
    assert vitamin_k_steadiness(WOMAN_66, D("2026-03-01"), D("2026-03-07"), food) is None


def test_vitamin_k_steadiness_mean_spread_and_unusual_days() -> None:
    # On warfarin from 2026-03-03: the first two days of the window do not count.
    profile = vka_from("2026-03-03")
    amounts = {
        "2026-03-01": 900.0,  # before the antagonist
        "2026-03-02": 5.0,
        "2026-03-03": 100.0,
        "2026-03-04": 110.0,
        "2026-03-05": 90.0,
        "2026-03-06": 300.0,
        "2026-03-07": 20.0,
        "2026-03-09": 105.0,
    }
    food = {D(d): FoodAmount(a, CRONO) for d, a in amounts.items()}
    result = vitamin_k_steadiness(profile, D("2026-03-01"), D("2026-03-10"), food)
    assert result is not None
    # 6 days with food data of the 8 on the antagonist (03-08 and 03-10 have none).
    assert (result.vka_days, result.food_days) == (8, 6)
    # mean (100+110+90+300+20+105)/6 = 120.833; median 102.5; population SD 85.655
    assert (result.mean, result.usual, result.spread) == (120.8, 102.5, 85.7)
    assert (result.lowest, result.highest, result.food_sources) == (20.0, 300.0, (CRONO,))
    assert result.unusual == (
        UnusualDay(D("2026-03-06"), 300.0, 197.5),
        UnusualDay(D("2026-03-07"), 20.0, -82.5),
        UnusualDay(D("2026-03-05"), 90.0, -12.5),
    )
    assert result.message == (
        "Vitamin K from food on 6 of 8 days on a vitamin K antagonist: 120.8 µg a day on "
        f"average, spread 85.7 µg (usual day 102.5 µg); {VITAMIN_K_GUIDANCE}"
    )
    assert result.source.startswith("Schurgers 2007")


def test_vitamin_k_steadiness_without_food_data_says_so() -> None:
    result = vitamin_k_steadiness(vka_from("2026-01-01"), D("2026-03-01"), D("2026-03-02"), {})
    assert result is not None
    assert (result.food_days, result.mean, result.unusual) == (0, None, ())
    assert result.message.startswith(
        "No food data for vitamin K on the 2 days on a vitamin K antagonist"
    )
