"""The rules that protect bone, at the fact sheet's exact thresholds, each naming its source."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from bonetrack.domain.medicine_rules import (
    DENOSUMAB_STOP_FACT,
    Dose,
    calcium_in_fasting_window,
    calcium_timing_note,
    denosumab_late,
    second_weekly_dose,
    window_medicine_warnings,
)
from bonetrack.domain.medicines import new_version

DAY = date(2026, 11, 23)  # a Monday
ALENDRONATE = new_version("alendronate", DAY)
IBANDRONATE = new_version("ibandronate", DAY)
DENOSUMAB = new_version("denosumab", DAY)
DOSE = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("version", "minutes", "warns"),
    [
        (ALENDRONATE, 29, True),
        (ALENDRONATE, 30, False),  # "at least 30 minutes": exactly 30 is fine
        (ALENDRONATE, 31, False),
        (ALENDRONATE, -29, True),  # before the tablet: it is taken fasting
        (ALENDRONATE, -31, False),
        (IBANDRONATE, 59, True),
        (IBANDRONATE, 61, False),
        (IBANDRONATE, -59, True),
    ],
)
def test_calcium_in_the_fasting_window(version, minutes: int, warns: bool) -> None:  # type: ignore[no-untyped-def]
    found = calcium_in_fasting_window(version, DOSE, DOSE + timedelta(minutes=minutes))
    assert (found is not None) == warns


def test_the_fasting_message_names_its_source() -> None:
    after = calcium_in_fasting_window(ALENDRONATE, DOSE, DOSE + timedelta(minutes=29))
    assert after is not None
    assert after.line() == (
        "Warning: calcium 29 minutes after Alendronate: calcium stops an oral bisphosphonate "
        "being absorbed; take nothing but plain water for at least 30 minutes after "
        "Alendronate, and take calcium at another time of day (alendronate (Fosamax) label)"
    )
    before = calcium_in_fasting_window(IBANDRONATE, DOSE, DOSE - timedelta(minutes=59))
    assert before is not None
    assert before.text() == (
        "calcium 59 minutes before Ibandronate: it is taken fasting, and calcium stops an oral "
        "bisphosphonate being absorbed; take nothing but plain water for at least 60 minutes "
        "after Ibandronate, and take calcium at another time of day (ibandronate (Boniva) label)"
    )


def test_the_window_is_real_time_across_a_clock_change() -> None:
    zone = ZoneInfo("Europe/Amsterdam")
    # 29 March 2026: 02:00 becomes 03:00. 01:45 to 03:14 on the wall is 29 minutes.
    dose = datetime(2026, 3, 29, 1, 45, tzinfo=zone)
    assert calcium_in_fasting_window(ALENDRONATE, dose, datetime(2026, 3, 29, 3, 14, tzinfo=zone))
    assert not calcium_in_fasting_window(
        ALENDRONATE, dose, datetime(2026, 3, 29, 3, 16, tzinfo=zone)
    )
    # 25 October 2026: 03:00 becomes 02:00. 02:50 (summer) to 02:19 (winter) is 29 minutes.
    summer = datetime(2026, 10, 25, 2, 50, tzinfo=zone, fold=0)
    winter = datetime(2026, 10, 25, 2, 19, tzinfo=zone, fold=1)
    assert (winter - summer.astimezone(UTC)).total_seconds() == 29 * 60
    assert calcium_in_fasting_window(ALENDRONATE, summer, winter)


def test_no_window_for_iv_or_delayed_release_or_other_medicines() -> None:
    iv = new_version("ibandronate", DAY, route="iv")
    atelvia = new_version("atelvia", DAY)
    calcitriol = new_version("calcitriol", DAY, every="day", dose="0.25mcg", fasting="30")
    for version in (iv, atelvia, DENOSUMAB, calcitriol):
        assert calcium_in_fasting_window(version, DOSE, DOSE + timedelta(minutes=1)) is None


def test_the_checklist_says_when_to_take_calcium() -> None:
    assert calcium_timing_note(ALENDRONATE) == (
        "Alendronate: on waking, fasting, with a full glass of plain water; nothing else to eat, "
        "drink or take, and stay upright, for at least 30 minutes; take calcium at another time "
        "of day, never within 30 minutes of it (alendronate (Fosamax) label)."
    )
    assert calcium_timing_note(new_version("atelvia", DAY)) == (
        "Risedronate delayed-release: right after breakfast; take calcium at another time of "
        "day, not together with it (risedronate delayed-release (Atelvia) label)."
    )
    assert calcium_timing_note(DENOSUMAB) is None


@pytest.mark.parametrize(
    ("day", "others", "expected"),
    [
        # Monday 23 Nov: Sunday 22 Nov is the week before (ISO weeks start on Monday)
        (DAY, [date(2026, 11, 22)], None),
        (DAY, [date(2026, 11, 30)], None),  # next Monday: the next week
        (
            date(2026, 11, 29),  # Sunday, same week as Monday 23
            [DAY],
            "a second Alendronate dose in the week of 2026-11-23 (also on 2026-11-23): a weekly "
            "tablet is taken once a week: take a missed dose the next morning after you "
            "remember, and never two on the same day",
        ),
        (
            DAY,
            [DAY],
            "a second Alendronate dose on 2026-11-23, the same day: a weekly tablet is taken "
            "once a week: take a missed dose the next morning after you remember, and never two "
            "on the same day",
        ),
    ],
)
def test_a_second_weekly_dose(day: date, others: list[date], expected: str | None) -> None:
    found = second_weekly_dose(ALENDRONATE, day, others)
    if expected is None:
        assert found is None
    else:
        assert found is not None
        assert (found.code, found.message, found.source) == (
            "second-weekly-dose",
            expected,
            "alendronate (Fosamax) label",
        )


def test_no_second_dose_rule_for_other_schedules() -> None:
    monthly = new_version("ibandronate", DAY)
    assert second_weekly_dose(monthly, DAY, [DAY - timedelta(days=1)]) is None


LAST = date(2026, 1, 15)
DUE = LAST + relativedelta(months=6)  # 15 July 2026


@pytest.mark.parametrize(("late", "flagged"), [(27, False), (28, False), (29, True)])
def test_denosumab_more_than_4_weeks_late(late: int, flagged: bool) -> None:
    today = DUE + timedelta(days=late)
    found = denosumab_late(DENOSUMAB, DUE, LAST, today)
    assert (found is not None) == flagged


def test_the_denosumab_notice_is_sourced_and_marks_the_window_uncertain() -> None:
    found = denosumab_late(DENOSUMAB, DUE, LAST, DUE + timedelta(days=29))
    assert found is not None
    assert found.text() == (
        "Denosumab is 29 days late (due 2026-07-15, 6 months after the last injection on "
        "2026-01-15): more than 4 weeks late [uncertain: the 4-week window is common clinical "
        "practice, not a label figure]. Stopping or delaying denosumab without a plan can lead "
        "to rapid bone loss and multiple vertebral fractures: contact your clinician. (Prolia "
        "(denosumab) label; ECTS 2021, Tsourdi, JCEM 106:264)"
    )
    assert denosumab_late(ALENDRONATE, DUE, LAST, DUE + timedelta(days=60)) is None


def test_the_stop_fact_names_its_source() -> None:
    assert DENOSUMAB_STOP_FACT.endswith(
        "(Prolia (denosumab) label; ECTS 2021, Tsourdi, JCEM 106:264)."
    )
    assert "rapid" in DENOSUMAB_STOP_FACT
    assert "vertebral fractures" in DENOSUMAB_STOP_FACT


# --- the report's window ---------------------------------------------------------------

WINDOW = (date(2026, 11, 16), date(2026, 11, 29))  # two ISO weeks, Monday to Sunday


def dose(day: date, hour: int, minute: int = 0, name: str = "alendronate") -> Dose:
    return Dose(name, datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC), day)


def at(day: date, hour: int, minute: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def test_window_calcium_days_at_the_thresholds() -> None:
    groups = {"alendronate": [new_version("alendronate", date(2026, 11, 2))],
              "ibandronate": [new_version("ibandronate", date(2026, 11, 1))]}  # fmt: skip
    d16, d23, d17, d24 = (date(2026, 11, n) for n in (16, 23, 17, 24))
    doses = [dose(d16, 6), dose(d23, 6), dose(d17, 6, name="ibandronate"),
             dose(d24, 6, name="ibandronate")]  # fmt: skip
    calcium = [at(d16, 6, 29), at(d23, 6, 31), at(d17, 6, 59), at(d24, 7, 1)]
    found = window_medicine_warnings(groups, doses, calcium, *WINDOW)
    assert [w.to_json() for w in found] == [
        {
            "code": "bisphosphonate-calcium",
            "count": 1,
            "message": "1 day with calcium within 30 minutes of Alendronate: calcium stops an "
            "oral bisphosphonate being absorbed; take calcium at another time of day",
            "dates": ["2026-11-16"],
            "source": "alendronate (Fosamax) label",
        },
        {
            "code": "bisphosphonate-calcium",
            "count": 1,
            "message": "1 day with calcium within 60 minutes of Ibandronate: calcium stops an "
            "oral bisphosphonate being absorbed; take calcium at another time of day",
            "dates": ["2026-11-17"],
            "source": "ibandronate (Boniva) label",
        },
    ]


def test_window_second_weekly_doses_by_iso_week() -> None:
    groups = {"alendronate": [new_version("alendronate", date(2026, 11, 2))]}
    doses = [
        dose(date(2026, 11, 10), 7),  # Tuesday before the window...
        dose(date(2026, 11, 16), 7),  # ...Monday: a new ISO week, fine
        dose(date(2026, 11, 22), 23, 59),  # Sunday: the second of that week
        dose(date(2026, 11, 23), 0, 1),  # Monday: a new week again
        dose(date(2026, 11, 23), 7),  # the same day twice
        dose(date(2026, 11, 26), 7),  # and a third that week
    ]
    [found] = window_medicine_warnings(groups, doses, [], *WINDOW)
    assert found.to_json() == {
        "code": "second-weekly-dose",
        "count": 3,
        "message": "3 days with a second Alendronate dose in the same week (Monday to Sunday): "
        "a weekly tablet is taken once a week: take a missed dose the next morning after you "
        "remember, and never two on the same day",
        "dates": ["2026-11-22", "2026-11-23", "2026-11-26"],
        "source": "alendronate (Fosamax) label",
    }
    # A second dose in the week the window starts in counts, its first outside does not.
    [late] = window_medicine_warnings(
        groups, [dose(date(2026, 11, 16), 7), dose(date(2026, 11, 18), 7)], [],
        date(2026, 11, 17), date(2026, 11, 29),
    )  # fmt: skip
    assert late.dates == (date(2026, 11, 18),)


def test_window_rules_follow_the_schedule_in_force() -> None:
    weekly = new_version("alendronate", date(2026, 11, 2))
    daily = new_version("alendronate", date(2026, 11, 20), every="day", base=weekly)
    stopped = replace(daily, valid_from=date(2026, 11, 25), active=False)
    groups = {"alendronate": [weekly, daily, stopped]}
    doses = [dose(date(2026, 11, d), 6) for d in (16, 20, 21, 26)]
    # daily from the 20th: no second weekly dose; stopped from the 25th: no fasting rule
    calcium = [at(date(2026, 11, d), 6, 10) for d in (20, 26)]
    [found] = window_medicine_warnings(groups, doses, calcium, *WINDOW)
    assert (found.code, found.dates) == ("bisphosphonate-calcium", (date(2026, 11, 20),))
    assert window_medicine_warnings({}, doses, calcium, *WINDOW) == []


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 3 * 24 * 60), max_size=12),  # dose minutes from Nov 16
    st.lists(st.integers(-120, 3 * 24 * 60), max_size=40),  # calcium minutes, near them
    st.sampled_from(["alendronate", "ibandronate"]),
)
def test_window_calcium_days_as_every_pair_would_find_them(
    dose_minutes: list[int], calcium_minutes: list[int], name: str
) -> None:
    """Each dose looks only at the calcium near it, and finds what comparing every pair does."""
    start = datetime(2026, 11, 16, tzinfo=ZoneInfo("Europe/Amsterdam"))
    version = new_version(name, date(2026, 11, 1))
    doses = [
        Dose(name, when, when.date())
        for when in (start + timedelta(minutes=m) for m in dose_minutes)
    ]
    calcium = [start.astimezone(UTC) + timedelta(minutes=m) for m in calcium_minutes]
    found = window_medicine_warnings({name: [version]}, doses, calcium, *WINDOW)
    days = sorted(
        {d.day for d in doses if WINDOW[0] <= d.day <= WINDOW[1]
         and any(calcium_in_fasting_window(version, d.taken_at, c) for c in calcium)}
    )  # fmt: skip
    fasting = [w for w in found if w.code == "bisphosphonate-calcium"]
    assert [day for w in fasting for day in w.to_json()["dates"]] == [d.isoformat() for d in days]
