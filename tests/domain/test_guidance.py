"""Safety warnings at and around their thresholds, with exact messages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bonetrack.domain.guidance import (
    DayAggregate,
    DayContext,
    LoggedEntry,
    SafetyWarning,
    VitaminDWindow,
    WindowWarning,
    calcium_dose_warning,
    calcium_ul_warning,
    entry_warnings,
    k2_form_warning,
    k2_vka_warning,
    plan_warnings,
    vitamin_d_average_warning,
    vitamin_d_high_dose_note,
    window_warnings,
)
from bonetrack.domain.profile import Profile
from bonetrack.domain.reference import daily_references

TODAY = date(2026, 11, 22)
WOMAN_66 = Profile(birth_year=1960, sex="female")
WOMAN_45 = Profile(birth_year=1981, sex="female")
ON_VKA = Profile(birth_year=1960, sex="female", anticoagulant="vka")
ON_DOAC = Profile(birth_year=1960, sex="female", anticoagulant="doac")
REFS_66 = WOMAN_66.references(TODAY)
REFS_45 = WOMAN_45.references(TODAY)
VKA_MESSAGE = (
    "your profile says you take a vitamin K antagonist (such as warfarin): vitamin K2 "
    "changes how these medicines work; MK-7 at 10–20 µg a day changed INR in 40–60% of "
    "people studied, and the study's authors advise avoiding MK-7 supplements on these drugs. "
    "Keep your vitamin K intake consistent and start, stop or change K2 only as agreed with "
    "your prescriber"
)
MK4_VKA_MESSAGE = (
    "your profile says you take a vitamin K antagonist (such as warfarin): the MK-4 "
    "(menatetrenone) product label forbids taking it together with warfarin. Keep your vitamin "
    "K intake consistent and start, stop or change K2 only as agreed with your prescriber"
)
VKA_SOURCE = "Schurgers 2007, Blood 109:3279; Theuwissen 2013, J Thromb Haemost 11:1085"


def codes(warnings: list[SafetyWarning]) -> list[str]:
    return [w.code for w in warnings]


# --- K2 and vitamin K antagonists ---------------------------------------------------


def test_k2_on_vka_warns_with_its_sources() -> None:
    w = k2_vka_warning(ON_VKA)
    assert w == SafetyWarning(code="k2-vka", message=VKA_MESSAGE, source=VKA_SOURCE)
    assert w.line() == f"Warning: {VKA_MESSAGE} ({VKA_SOURCE})"


@pytest.mark.parametrize("profile", [Profile(), WOMAN_66, ON_DOAC, Profile(anticoagulant="none")])
def test_k2_without_vka_does_not_warn(profile: Profile) -> None:
    assert k2_vka_warning(profile) is None
    entry = LoggedEntry("k2", 180.0, "mk7", TODAY)
    assert entry_warnings(entry, profile, DayContext(), TODAY) == []


def test_every_k2_entry_on_vka_warns() -> None:
    for amount in (10.0, 180.0, 360.0):
        entry = LoggedEntry("k2", amount, None, TODAY)
        assert codes(entry_warnings(entry, ON_VKA, DayContext(), TODAY)) == ["k2-vka"]


def test_mk4_on_vka_names_the_product_label() -> None:
    """Issue 15, item 10: MK-4 gets its label's prohibition, not the MK-7 INR study."""
    w = k2_vka_warning(ON_VKA, TODAY, "mk4")
    assert w == SafetyWarning(
        code="k2-vka",
        message=MK4_VKA_MESSAGE,
        source="MK-4 (menatetrenone) product label, Eisai Glakay",
    )
    assert k2_vka_warning(ON_VKA, TODAY, "mk7") == k2_vka_warning(ON_VKA, TODAY, None)


def test_plan_warnings_only_for_k2_on_vka() -> None:
    assert codes(plan_warnings(ON_VKA, "k2", day=TODAY)) == ["k2-vka"]
    assert codes(plan_warnings(ON_VKA, "K2", day=TODAY, daily_amount=180.0)) == ["k2-vka"]
    assert plan_warnings(ON_VKA, "calcium", day=TODAY, daily_amount=1200.0) == []
    assert plan_warnings(ON_VKA, "d3", day=TODAY, daily_amount=800.0) == []
    assert plan_warnings(ON_DOAC, "k2", day=TODAY, daily_amount=180.0) == []
    assert plan_warnings(Profile(), "k2", day=TODAY, daily_amount=180.0) == []


WOMAN_71 = Profile(birth_year=1955, sex="female")


@pytest.mark.parametrize(
    ("kind", "daily", "dose", "expected"),
    [
        # issue 15, item 4: a 71-year-old woman's upper limits are 2000 mg and 4000 IU
        ("calcium", 2500.0, 500.0, ["plan-above-ul"]),
        ("calcium", 2000.0, 500.0, []),  # at the limit is fine
        ("calcium", 2000.001, 500.0, ["plan-above-ul"]),
        ("calcium", 1200.0, 1200.0, ["calcium-dose"]),  # one dose above 500 mg
        ("vitamin-d", 10_000.0, 10_000.0, ["plan-above-ul"]),
        ("vitamin-d", 4000.0, 4000.0, []),
    ],
)
def test_plan_above_the_upper_limit(
    kind: str, daily: float, dose: float, expected: list[str]
) -> None:
    found = plan_warnings(WOMAN_71, kind, day=TODAY, daily_amount=daily, dose_amount=dose)
    assert codes(found) == expected


def test_plan_above_the_upper_limit_message() -> None:
    [w] = plan_warnings(WOMAN_71, "calcium", day=TODAY, daily_amount=2500.0, dose_amount=500.0)
    assert w.text() == (
        "a daily calcium target of 2500 mg is above the upper limit of 2000 mg a day for women "
        "aged 71+, and `bonetrack today` would ask you to reach it every day; calcium from food "
        "counts too. Use a target above the limit only if your clinician prescribed it (IOM 2011)"
    )


def test_k2_plan_in_milligrams_as_mk7_gets_the_form_warning() -> None:
    """Issue 15, item 17: `plan set k2 45mg --form mk7` is checked like `log`."""
    [w] = plan_warnings(WOMAN_71, "k2", day=TODAY, daily_amount=45_000.0, form="mk7")
    assert w.code == "k2-form"
    assert w.message.startswith("45 mg of K2 planned a day as MK-7: MK-7 trials used 180 µg")
    assert w.message.endswith("Is the form right? Plan MK-4 with --form mk4")


# --- calcium per dose -----------------------------------------------------------------


def test_calcium_500_mg_is_fine_501_warns() -> None:
    assert calcium_dose_warning(500.0) is None
    assert calcium_dose_warning(499.9) is None
    w = calcium_dose_warning(501.0)
    assert w == SafetyWarning(
        code="calcium-dose",
        message=(
            "501 mg of calcium in one dose: take at most 500 mg at a time, as more is not all "
            "absorbed at once. Split it into doses of 500 mg or less, e.g. 2 doses of 250.5 mg"
        ),
        source="NIH ODS",
    )


@pytest.mark.parametrize(
    ("amount", "split"),
    [
        (500.1, "2 doses of 250 mg"),
        (600.0, "2 doses of 300 mg"),
        (1000.0, "2 doses of 500 mg"),
        (1001.0, "3 doses of 333.6 mg"),
        (1200.0, "3 doses of 400 mg"),
        (2000.0, "4 doses of 500 mg"),
    ],
)
def test_calcium_split_suggestion_never_exceeds_500(amount: float, split: str) -> None:
    w = calcium_dose_warning(amount)
    assert w is not None
    assert w.message.endswith(f"e.g. {split}")


# --- calcium upper limit ----------------------------------------------------------------


def test_calcium_day_total_at_the_ul_is_fine_above_warns() -> None:
    assert calcium_ul_warning(2000.0, TODAY, REFS_66) is None
    w = calcium_ul_warning(2000.5, TODAY, REFS_66)
    assert w == SafetyWarning(
        code="calcium-ul",
        message=(
            "calcium on 2026-11-22 adds up to 2000.5 mg, above the upper limit of 2000 mg a day "
            "for women aged 51–70; calcium from food counts too"
        ),
        source="IOM 2011",
    )


def test_calcium_ul_is_personal() -> None:
    # 19–50: UL 2,500 mg.
    assert calcium_ul_warning(2500.0, TODAY, REFS_45) is None
    w = calcium_ul_warning(2501.0, TODAY, REFS_45)
    assert w is not None
    assert "above the upper limit of 2500 mg a day for women aged 19–50;" in w.message


def test_calcium_ul_at_the_50_51_boundary() -> None:
    # Born 1976: 50 in 2026 (UL 2,500), 51 in 2027 (UL 2,000).
    p = Profile(birth_year=1976, sex="female")
    entry_2026 = LoggedEntry("calcium", 400.0, None, date(2026, 12, 31))
    entry_2027 = LoggedEntry("calcium", 400.0, None, date(2027, 1, 1))
    ctx = DayContext(calcium_day_total_mg=2100.0)
    assert entry_warnings(entry_2026, p, ctx, date(2026, 12, 31)) == []
    assert codes(entry_warnings(entry_2027, p, ctx, date(2027, 1, 1))) == ["calcium-ul"]


def test_calcium_ul_without_profile_says_it_is_assumed() -> None:
    w = calcium_ul_warning(2001.0, TODAY, daily_references(None, None, TODAY))
    assert w is not None
    assert w.message == (
        "calcium on 2026-11-22 adds up to 2001 mg, above the upper limit of 2000 mg a day for "
        "women aged 51–70 (assumed: set your profile with `bonetrack profile set`); "
        "calcium from food counts too"
    )


def test_calcium_entry_can_warn_twice() -> None:
    entry = LoggedEntry("calcium", 600.0, "citrate", TODAY)
    warnings = entry_warnings(entry, WOMAN_66, DayContext(calcium_day_total_mg=2100.0), TODAY)
    assert codes(warnings) == ["calcium-dose", "calcium-ul"]


# --- vitamin D ----------------------------------------------------------------------------


def everyday(total_iu: float) -> VitaminDWindow:
    """A window with only entries at or below the UL."""
    return VitaminDWindow(at_or_below_ul_iu=total_iu)


def test_vitamin_d_7_day_average_at_the_ul_is_fine_above_warns() -> None:
    assert vitamin_d_average_warning(everyday(28_000.0), TODAY, REFS_66) is None
    assert vitamin_d_average_warning(everyday(27_999.0), TODAY, REFS_66) is None
    w = vitamin_d_average_warning(everyday(28_001.0), TODAY, REFS_66)
    assert w == SafetyWarning(
        code="vitamin-d-ul",
        message=(
            "vitamin D from 2026-11-16 to 2026-11-22 averages 4000.1 IU a day, above the upper "
            "limit of 4000 IU a day for women aged 51–70"
        ),
        source="IOM 2011 daily upper limit; the 7-day average is bonetrack's own rule",
    )
    w = vitamin_d_average_warning(everyday(35_000.0), TODAY, REFS_66)
    assert w is not None
    assert "averages 5000 IU a day" in w.message


def test_one_entry_above_the_ul_is_left_out_of_the_average() -> None:
    # One 50,000 IU dose plus 1,000 IU on each of the 7 days.
    window = VitaminDWindow(at_or_below_ul_iu=7000.0, above_ul_iu=50_000.0, above_ul_count=1)
    assert window.averaged_total_iu() == 7000.0
    assert vitamin_d_average_warning(window, TODAY, REFS_66) is None
    # Left out even when the everyday doses alone are at the limit...
    window = VitaminDWindow(at_or_below_ul_iu=28_000.0, above_ul_iu=50_000.0, above_ul_count=1)
    assert vitamin_d_average_warning(window, TODAY, REFS_66) is None
    # ...and the everyday doses still warn above it.
    window = VitaminDWindow(at_or_below_ul_iu=28_001.0, above_ul_iu=50_000.0, above_ul_count=1)
    w = vitamin_d_average_warning(window, TODAY, REFS_66)
    assert w is not None
    assert "averages 4000.1 IU a day" in w.message


def test_5000_iu_every_day_averages_above_the_ul() -> None:
    window = VitaminDWindow(above_ul_iu=35_000.0, above_ul_count=7)
    assert window.averaged_total_iu() == 35_000.0
    assert vitamin_d_average_warning(window, TODAY, REFS_66) == SafetyWarning(
        code="vitamin-d-ul",
        message=(
            "vitamin D from 2026-11-16 to 2026-11-22 averages 5000 IU a day, above the upper "
            "limit of 4000 IU a day for women aged 51–70"
        ),
        source="IOM 2011 daily upper limit; the 7-day average is bonetrack's own rule",
    )


def test_two_entries_above_the_ul_in_7_days_all_count() -> None:
    window = VitaminDWindow(above_ul_iu=100_000.0, above_ul_count=2)
    assert window.averaged_total_iu() == 100_000.0
    w = vitamin_d_average_warning(window, TODAY, REFS_66)
    assert w is not None
    assert "averages 14285.7 IU a day" in w.message
    # Two entries just above the UL, nothing else: 8,002 / 7 is far below it.
    window = VitaminDWindow(above_ul_iu=8002.0, above_ul_count=2)
    assert window.averaged_total_iu() == 8002.0
    assert vitamin_d_average_warning(window, TODAY, REFS_66) is None
    # Two above the UL plus everyday doses: 4,001 + 4,001 + 5 × 3,999.6 = 28,000 is at the limit.
    window = VitaminDWindow(at_or_below_ul_iu=19_998.0, above_ul_iu=8002.0, above_ul_count=2)
    assert vitamin_d_average_warning(window, TODAY, REFS_66) is None
    window = VitaminDWindow(at_or_below_ul_iu=19_999.0, above_ul_iu=8002.0, above_ul_count=2)
    assert vitamin_d_average_warning(window, TODAY, REFS_66) is not None


def test_single_high_vitamin_d_dose_is_noted_not_called_an_overdose() -> None:
    assert vitamin_d_high_dose_note(4000.0, REFS_66) is None
    w = vitamin_d_high_dose_note(50_000.0, REFS_66)
    assert w == SafetyWarning(
        code="vitamin-d-high-dose",
        message=(
            "50000 IU of vitamin D in one dose is a high dose, above the daily upper limit of "
            "4000 IU: take doses like this only as prescribed"
        ),
        source="IOM 2011",
    )
    # The only entry above the UL in its 7 days is left out of the average.
    entry = LoggedEntry("vitamin-d", 50_000.0, "d3", TODAY)
    window = VitaminDWindow(at_or_below_ul_iu=7000.0, above_ul_iu=50_000.0, above_ul_count=1)
    warnings = entry_warnings(entry, WOMAN_66, DayContext(vitamin_d_window=window), TODAY)
    assert codes(warnings) == ["vitamin-d-high-dose"]


def test_second_high_vitamin_d_dose_in_7_days_gets_note_and_average_warning() -> None:
    entry = LoggedEntry("vitamin-d", 50_000.0, "d3", TODAY)
    window = VitaminDWindow(above_ul_iu=100_000.0, above_ul_count=2)
    warnings = entry_warnings(entry, WOMAN_66, DayContext(vitamin_d_window=window), TODAY)
    assert codes(warnings) == ["vitamin-d-high-dose", "vitamin-d-ul"]


def test_5000_iu_entry_on_the_7th_day_gets_note_and_average_warning() -> None:
    entry = LoggedEntry("vitamin-d", 5000.0, None, TODAY)
    window = VitaminDWindow(above_ul_iu=35_000.0, above_ul_count=7)
    warnings = entry_warnings(entry, WOMAN_66, DayContext(vitamin_d_window=window), TODAY)
    assert [w.line() for w in warnings] == [
        "Warning: 5000 IU of vitamin D in one dose is a high dose, above the daily upper limit "
        "of 4000 IU: take doses like this only as prescribed (IOM 2011)",
        "Warning: vitamin D from 2026-11-16 to 2026-11-22 averages 5000 IU a day, above the "
        "upper limit of 4000 IU a day for women aged 51–70 (IOM 2011 daily upper limit; the "
        "7-day average is bonetrack's own rule)",
    ]


def test_vitamin_d_entry_with_high_everyday_average() -> None:
    entry = LoggedEntry("vitamin-d", 4000.0, None, TODAY)
    warnings = entry_warnings(
        entry, WOMAN_66, DayContext(vitamin_d_window=everyday(28_001.0)), TODAY
    )
    assert codes(warnings) == ["vitamin-d-ul"]
    warnings = entry_warnings(
        entry, WOMAN_66, DayContext(vitamin_d_window=everyday(28_000.0)), TODAY
    )
    assert warnings == []


# --- K2 form sanity -------------------------------------------------------------------------


def test_mk7_at_milligram_level_asks_about_the_form() -> None:
    assert k2_form_warning(999.0, "mk7") is None
    w = k2_form_warning(1000.0, "mk7")
    assert w == SafetyWarning(
        code="k2-form",
        message=(
            "1 mg of K2 logged as MK-7: MK-7 trials used 180 µg a day, while milligram doses "
            "(45 mg a day, in three doses) are the MK-4 dose. Is the form right? Log MK-4 with "
            "--form mk4"
        ),
        source="MK-7: Knapen 2013, Osteoporos Int 24:2499; MK-4: Eisai Glakay, 45 mg/day",
    )
    w = k2_form_warning(45_000.0, "mk7")
    assert w is not None
    assert w.message.startswith("45 mg of K2 logged as MK-7:")


def test_mk4_at_microgram_level_asks_about_the_form() -> None:
    assert k2_form_warning(1000.0, "mk4") is None
    assert k2_form_warning(15_000.0, "mk4") is None
    w = k2_form_warning(999.0, "mk4")
    assert w is not None
    assert w.message == (
        "999 µg of K2 logged as MK-4: the MK-4 dose studied is 45 mg a day (three doses of "
        "15 mg), while microgram doses (180 µg a day) are the MK-7 dose. Is the form right? "
        "Log MK-7 with --form mk7"
    )


def test_k2_without_form_is_not_checked() -> None:
    assert k2_form_warning(45_000.0, None) is None
    assert k2_form_warning(180.0, None) is None


def test_k2_on_vka_with_wrong_form_gets_both() -> None:
    entry = LoggedEntry("k2", 180.0, "mk4", TODAY)
    found = entry_warnings(entry, ON_VKA, DayContext(), TODAY)
    assert codes(found) == ["k2-vka", "k2-form"]
    assert found[0].message == MK4_VKA_MESSAGE


def test_exercise_never_warns() -> None:
    entry = LoggedEntry("exercise", 600.0, None, TODAY)
    assert entry_warnings(entry, ON_VKA, DayContext(calcium_day_total_mg=9000.0), TODAY) == []


# --- the report window --------------------------------------------------------------------


def day(n: int, **totals: float) -> DayAggregate:
    return DayAggregate(day=TODAY - timedelta(days=n), **totals)  # type: ignore[arg-type]


def test_window_summary_counts_days_with_dates() -> None:
    days = [
        day(6, calcium_total_mg=2001.0, calcium_max_dose_mg=500.0),
        day(5, calcium_total_mg=2000.0, calcium_max_dose_mg=501.0),
        day(3, calcium_total_mg=2600.0, calcium_max_dose_mg=600.0),
        day(
            1,
            vitamin_d_above_ul_iu=50_000.0,
            vitamin_d_above_ul_count=1,
            vitamin_d_max_dose_iu=50_000.0,
        ),
    ]
    result = window_warnings(days, WOMAN_66, TODAY - timedelta(days=6), TODAY)
    assert [w.to_json() for w in result] == [
        {
            "code": "calcium-dose",
            "count": 2,
            "message": "2 days with more than 500 mg of calcium in one dose or within 60 minutes",
            "dates": ["2026-11-17", "2026-11-19"],
            "source": "NIH ODS",
        },
        {
            "code": "calcium-ul",
            "count": 2,
            "message": "2 days above the calcium upper limit",
            "dates": ["2026-11-16", "2026-11-19"],
            "source": "IOM 2011",
        },
        {
            "code": "vitamin-d-high-dose",
            "count": 1,
            "message": "1 day with a single vitamin D dose above the daily upper limit "
            "(only as prescribed)",
            "dates": ["2026-11-21"],
            "source": "IOM 2011",
        },
    ]


def test_window_summary_uses_the_ul_of_each_days_age() -> None:
    p = Profile(birth_year=1976, sex="female")
    days = [
        DayAggregate(day=date(2026, 12, 31), calcium_total_mg=2100.0),
        DayAggregate(day=date(2027, 1, 1), calcium_total_mg=2100.0),
    ]
    result = window_warnings(days, p, date(2026, 12, 25), date(2027, 1, 5))
    assert result == [
        WindowWarning(
            code="calcium-ul",
            count=1,
            message="1 day above the calcium upper limit",
            dates=(date(2027, 1, 1),),
            source="IOM 2011",
        )
    ]


def test_window_vitamin_d_average_reaches_back_before_the_window() -> None:
    # 4,000 IU every day for 7 days sums to exactly 28,000: at the limit, no warning.
    days = [day(n, vitamin_d_everyday_iu=4000.0) for n in range(10)]
    assert window_warnings(days, WOMAN_66, TODAY - timedelta(days=2), TODAY) == []
    # One extra 1 IU on day 8 (before the window) lifts the averages ending on days 2..8.
    days[8] = day(8, vitamin_d_everyday_iu=4001.0)
    result = window_warnings(days, WOMAN_66, TODAY - timedelta(days=3), TODAY)
    assert [(w.code, w.count, w.dates) for w in result] == [
        ("vitamin-d-ul", 2, (date(2026, 11, 19), date(2026, 11, 20)))
    ]
    assert result[0].message == "2 days with the 7-day vitamin D average above the upper limit"


def five_thousand(n: int) -> DayAggregate:
    """A day with one 5,000 IU vitamin D entry, `n` days before TODAY."""
    return day(
        n, vitamin_d_above_ul_iu=5000.0, vitamin_d_above_ul_count=1, vitamin_d_max_dose_iu=5000.0
    )


def test_window_5000_iu_every_day_averages_above_the_ul_every_day() -> None:
    # 13 days of 5,000 IU: every 7-day window ending in the report week holds 7 of them.
    days = [five_thousand(n) for n in range(13)]
    week = tuple(TODAY - timedelta(days=n) for n in range(6, -1, -1))
    result = window_warnings(days, WOMAN_66, week[0], TODAY)
    assert [w.to_json() for w in result] == [
        {
            "code": "vitamin-d-ul",
            "count": 7,
            "message": "7 days with the 7-day vitamin D average above the upper limit",
            "dates": [d.isoformat() for d in week],
            "source": "IOM 2011 daily upper limit; the 7-day average is bonetrack's own rule",
        },
        {
            "code": "vitamin-d-high-dose",
            "count": 7,
            "message": "7 days with a single vitamin D dose above the daily upper limit "
            "(only as prescribed)",
            "dates": [d.isoformat() for d in week],
            "source": "IOM 2011",
        },
    ]


def test_window_5000_iu_daily_from_the_first_day() -> None:
    # Started 6 days ago: the window ending day 6 ago holds one entry (left out), ending
    # 2 days ago 5 (25,000 / 7 = 3,571.4: below), 1 day ago 6 (4,285.7) and today 7 (5,000).
    days = [five_thousand(n) for n in range(7)]
    result = window_warnings(days, WOMAN_66, TODAY - timedelta(days=6), TODAY)
    assert [(w.code, w.count, w.dates) for w in result] == [
        ("vitamin-d-ul", 2, (date(2026, 11, 21), date(2026, 11, 22))),
        ("vitamin-d-high-dose", 7, tuple(TODAY - timedelta(days=n) for n in range(6, -1, -1))),
    ]


def test_window_one_50000_iu_dose_with_1000_iu_daily_is_only_noted() -> None:
    days = [day(n, vitamin_d_everyday_iu=1000.0, vitamin_d_max_dose_iu=1000.0) for n in range(13)]
    days[3] = day(
        3,
        vitamin_d_everyday_iu=1000.0,
        vitamin_d_above_ul_iu=50_000.0,
        vitamin_d_above_ul_count=1,
        vitamin_d_max_dose_iu=50_000.0,
    )
    result = window_warnings(days, WOMAN_66, TODAY - timedelta(days=6), TODAY)
    assert [(w.code, w.count, w.dates) for w in result] == [
        ("vitamin-d-high-dose", 1, (date(2026, 11, 19),)),
    ]


def test_window_two_50000_iu_doses_within_7_days_average_above_the_ul() -> None:
    days = [day(n, vitamin_d_everyday_iu=1000.0, vitamin_d_max_dose_iu=1000.0) for n in range(7)]
    for n in (5, 1):
        days[n] = day(
            n,
            vitamin_d_above_ul_iu=50_000.0,
            vitamin_d_above_ul_count=1,
            vitamin_d_max_dose_iu=50_000.0,
        )
    result = window_warnings(days, WOMAN_66, TODAY - timedelta(days=6), TODAY)
    # Only the windows ending 1 day ago and today hold both doses.
    assert [(w.code, w.count, w.dates) for w in result] == [
        ("vitamin-d-ul", 2, (date(2026, 11, 21), date(2026, 11, 22))),
        ("vitamin-d-high-dose", 2, (date(2026, 11, 17), date(2026, 11, 21))),
    ]


def test_window_k2_on_vka_and_form_mismatch() -> None:
    days = [
        day(2, k2_entries=1, k2_mk7_max_mcg=180.0),
        day(1, k2_entries=2, k2_mk7_max_mcg=1000.0),
        day(0, k2_entries=1, k2_mk4_min_mcg=999.0),
    ]
    result = window_warnings(days, ON_VKA, TODAY - timedelta(days=6), TODAY)
    assert [(w.code, w.count, [d.day for d in w.dates]) for w in result] == [
        ("k2-vka", 3, [20, 21, 22]),
        ("k2-form", 2, [21, 22]),
    ]
    assert result[0].message == (
        "3 days with K2 logged while your profile says you take a vitamin K antagonist"
    )
    assert window_warnings(days, ON_DOAC, TODAY - timedelta(days=6), TODAY)[0].code == "k2-form"


def test_days_outside_the_window_are_not_counted() -> None:
    days = [day(8, calcium_total_mg=3000.0, calcium_max_dose_mg=900.0)]
    assert window_warnings(days, WOMAN_66, TODAY - timedelta(days=6), TODAY) == []
