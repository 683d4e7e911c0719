"""Medicine schedules judged like plans: per day, per ISO week, or per due dose."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from bonetrack.domain.adherence import DayTotal
from bonetrack.domain.medicine_schedule import (
    dose_periods,
    due_today,
    medicine_reminder,
    medicine_report,
    next_due,
    summarise,
    time_on_treatment,
)
from bonetrack.domain.medicines import DAILY, WEEKLY, Every, MedicineVersion

DENOSUMAB = MedicineVersion(
    "denosumab", 60_000.0, Every(6, "month"), None, "injection", None, date(2026, 1, 1)
)
ALENDRONATE = MedicineVersion("alendronate", 70_000.0, WEEKLY, 0, "oral", 30, date(2026, 11, 2))


def periods_of(versions: list[MedicineVersion], doses: list[date], today: date) -> list[tuple]:
    return [
        (p.start, p.end, p.met, p.pending) for p in dose_periods(versions, sorted(doses), today)
    ]


def test_a_dose_is_due_an_interval_after_the_last_one() -> None:
    # injections on 1 Jan and 15 Jul (14 days late, within the 28-day tolerance)
    found = periods_of([DENOSUMAB], [date(2026, 1, 1), date(2026, 7, 15)], date(2027, 1, 20))
    assert found == [
        (date(2026, 1, 1), date(2026, 1, 29), True, False),
        (date(2026, 7, 1), date(2026, 7, 29), True, False),
        # 6 months after the last injection (15 Jul), not after the due date
        (date(2027, 1, 15), date(2027, 2, 12), False, True),
    ]


def test_the_tolerance_is_inclusive_on_both_sides() -> None:
    start = [date(2026, 1, 1)]
    on_the_edge = periods_of([DENOSUMAB], [*start, date(2026, 7, 29)], date(2026, 12, 1))
    assert on_the_edge[1] == (date(2026, 7, 1), date(2026, 7, 29), True, False)
    early_edge = periods_of([DENOSUMAB], [*start, date(2026, 6, 3)], date(2026, 12, 1))
    assert early_edge[1] == (date(2026, 7, 1), date(2026, 7, 29), True, False)


def test_a_missed_dose_then_a_late_one_restarts_the_clock() -> None:
    # due 1 Jul, nothing until 10 Sep (71 days late): missed; next due 10 Mar 2027
    found = periods_of([DENOSUMAB], [date(2026, 1, 1), date(2026, 9, 10)], date(2027, 3, 1))
    assert found == [
        (date(2026, 1, 1), date(2026, 1, 29), True, False),
        (date(2026, 7, 1), date(2026, 7, 29), False, False),
        (date(2027, 3, 10), date(2027, 4, 7), False, True),
    ]
    assert next_due([DENOSUMAB], date(2026, 9, 10), date(2027, 3, 1)) == (
        date(2027, 3, 10),
        DENOSUMAB,
    )


def test_an_early_dose_moves_the_due_date() -> None:
    found = periods_of([DENOSUMAB], [date(2026, 1, 1), date(2026, 4, 1)], date(2026, 10, 10))
    assert found == [
        (date(2026, 1, 1), date(2026, 1, 29), True, False),
        (date(2026, 10, 1), date(2026, 10, 29), False, True),
    ]


def test_nothing_recorded_is_missed_every_interval() -> None:
    found = periods_of([DENOSUMAB], [], date(2026, 12, 1))
    assert found == [
        (date(2026, 1, 1), date(2026, 1, 29), False, False),
        (date(2026, 7, 1), date(2026, 7, 29), False, False),
    ]
    # ... and the reminder stays on the first missed date: overdue, not moved on
    assert next_due([DENOSUMAB], None, date(2026, 12, 1)) == (date(2026, 1, 1), DENOSUMAB)


def test_a_dose_before_the_schedule_counts_for_the_first_due_date() -> None:
    # the schedule was entered on 1 Jan; the last injection was 1 Dec
    found = periods_of([DENOSUMAB], [date(2025, 12, 1)], date(2026, 6, 5))
    assert found == [(date(2026, 6, 1), date(2026, 6, 29), False, True)]


def test_a_stop_ends_the_due_doses_and_a_restart_counts_from_the_last_dose() -> None:
    stop = replace(DENOSUMAB, valid_from=date(2026, 3, 1), active=False)
    again = replace(DENOSUMAB, valid_from=date(2026, 9, 1))
    versions = [DENOSUMAB, stop, again]
    assert periods_of(versions, [date(2026, 1, 1)], date(2026, 8, 1)) == [
        (date(2026, 1, 1), date(2026, 1, 29), True, False)
    ]
    assert periods_of(versions, [date(2026, 1, 1)], date(2026, 9, 2))[-1] == (
        date(2026, 9, 1),
        date(2026, 9, 29),
        False,
        True,
    )
    assert next_due(versions[:2], date(2026, 1, 1), date(2026, 8, 1)) is None


def weekly_totals(days: list[date]) -> dict[date, DayTotal]:
    return {d: DayTotal(70_000.0, 1) for d in days}


def test_weekly_tablets_are_judged_per_iso_week() -> None:
    # Sunday 8 Nov 23:59 and Monday 9 Nov are two ISO weeks; the week of 16 Nov is missed
    doses = [date(2026, 11, 2), date(2026, 11, 8), date(2026, 11, 9), date(2026, 11, 23)]
    item = medicine_report(
        [ALENDRONATE],
        weekly_totals(doses),
        date(2026, 11, 2),
        date(2026, 11, 25),
        date(2026, 11, 25),
    )
    assert item is not None
    assert [(p.start, p.met, p.pending, p.entries) for p in item.periods] == [
        (date(2026, 11, 2), True, False, 2),
        (date(2026, 11, 9), True, False, 1),
        (date(2026, 11, 16), False, False, 0),
        (date(2026, 11, 23), True, False, 1),
    ]
    assert (item.per, item.met, item.due, item.current_streak, item.longest_streak) == (
        "week",
        3,
        4,
        1,
        2,
    )
    assert (item.medicine, item.label, item.target) == (
        "alendronate",
        "Alendronate",
        "70 mg weekly",
    )


def test_dated_medicines_report_in_doses() -> None:
    item = medicine_report(
        [DENOSUMAB],
        {date(2026, 1, 2): DayTotal(60_000.0, 1), date(2026, 7, 20): DayTotal(60_000.0, 1)},
        date(2026, 1, 1),
        date(2027, 1, 10),
        date(2027, 1, 10),
    )
    assert item is not None
    assert (item.per, item.met, item.due, item.current_streak, item.adherence_pct) == (
        "dose",
        2,
        2,
        2,
        100.0,
    )
    # the next (due 20 Jan 2027) is pending: neither met nor counted
    assert item.periods[-1].pending
    # half-life of 2 doses: 2 perfect doses from 0 give 1 - 0.5 = 50%
    assert item.score == 50.0


def test_today_lists_a_weekly_tablet_on_its_day_and_after_it_until_taken() -> None:
    monday, tuesday, sunday = date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 29)
    due = due_today([ALENDRONATE], [], None, monday)
    assert due is not None
    assert (due.done, due.overdue_days, due.note) == (False, 0, "")
    late = due_today([ALENDRONATE], [], None, tuesday)
    assert late is not None
    assert (late.done, late.overdue_days) == (False, 1)
    assert late.note == (
        "not recorded on Monday: take a missed dose the next morning after you remember, never "
        "two on the same day (alendronate (Fosamax) label)"
    )
    assert due_today([ALENDRONATE], [monday], monday, sunday) is None  # taken this week
    done = due_today([ALENDRONATE], [tuesday], tuesday, tuesday)
    assert done is not None
    assert done.done
    friday_tablet = replace(ALENDRONATE, weekday=4)
    assert due_today([friday_tablet], [], None, tuesday) is None  # not yet its day


def test_today_lists_a_dated_medicine_from_its_due_date() -> None:
    last = date(2026, 1, 1)
    assert due_today([DENOSUMAB], [], last, date(2026, 6, 30)) is None
    on_the_day = due_today([DENOSUMAB], [], last, date(2026, 7, 1))
    assert on_the_day is not None
    assert (on_the_day.overdue_days, on_the_day.note) == (0, "")
    late = due_today([DENOSUMAB], [], last, date(2026, 7, 3))
    assert late is not None
    assert (late.overdue_days, late.note) == (2, "due 2026-07-01, 2 days ago")


def test_today_lists_a_daily_medicine_every_day() -> None:
    daily = MedicineVersion("calcitriol", 0.25, DAILY, None, "oral", None, date(2026, 11, 1))
    row = due_today([daily], [], None, date(2026, 11, 20))
    assert row is not None
    assert not row.done
    assert due_today([daily], [], None, date(2026, 10, 31)) is None  # not started


def test_reminders_cover_a_month_or_more_only() -> None:
    reminder = medicine_reminder([DENOSUMAB], date(2026, 1, 1), date(2026, 6, 20))
    assert reminder is not None
    assert reminder.to_json() == {
        "kind": "medicine",
        "due": "2026-07-01",
        "overdue": False,
        "days": 11,
        "message": "Denosumab 60 mg every 6 months, injection: due in 11 days (2026-07-01), "
        "6 months after the last dose on 2026-01-01.",
        "rule": "6 months after the last dose on 2026-01-01",
        "medicine": "denosumab",
    }
    assert medicine_reminder([ALENDRONATE], None, date(2026, 11, 20)) is None
    first = medicine_reminder(
        [replace(DENOSUMAB, valid_from=date(2026, 6, 1))], None, date(2026, 6, 1)
    )
    assert first is not None
    assert first.message == (
        "Denosumab 60 mg every 6 months, injection: due today (2026-06-01), the schedule's first "
        "day; no dose recorded yet (record the last one with `bonetrack med take denosumab --at "
        "DATE`)."
    )


def test_time_on_treatment_leaves_out_stopped_time() -> None:
    start = replace(ALENDRONATE, valid_from=date(2020, 1, 1))
    stop = replace(start, valid_from=date(2022, 1, 1), active=False)
    again = replace(start, valid_from=date(2023, 1, 1))
    found = time_on_treatment([start, stop, again], None, date(2026, 1, 1))
    assert found is not None
    # 2020-2021 (731 days) + 2023-2025 (1096 days) and today
    assert (found.start, found.days, found.years, found.stopped) == (
        date(2020, 1, 1),
        731 + 1096 + 1,
        5.0,
        False,
    )
    assert found.reassess_years == 5
    assert found.text() == (
        "Alendronate: since 2020-01-01, 5.0 years on treatment. Bisphosphonates are reassessed "
        "after about 5 years of oral treatment (reached): information for the conversation "
        "with your clinician (ASBMR task force, Adler 2016, JBMR 31:16)."
    )


def test_time_on_treatment_for_iv_bisphosphonates_and_others() -> None:
    zoledronic = MedicineVersion(
        "zoledronic-acid", 5_000.0, Every(12, "month"), None, "iv", None, date(2025, 1, 1)
    )
    found = time_on_treatment([zoledronic], date(2024, 1, 1), date(2026, 1, 1))
    assert found is not None
    # from the first recorded infusion, before the schedule was entered
    assert (found.start, found.years, found.reassess_years, found.reassess_in_years) == (
        date(2024, 1, 1),
        2.0,
        3,
        1.0,
    )
    denosumab = time_on_treatment([DENOSUMAB], None, date(2026, 7, 1))
    assert denosumab is not None
    assert denosumab.reassess_years is None
    assert denosumab.text() == "Denosumab: since 2026-01-01, 0.5 years on treatment."


def test_summary_of_a_stopped_medicine() -> None:
    stop = replace(DENOSUMAB, valid_from=date(2026, 8, 1), active=False)
    row = summarise([DENOSUMAB, stop], date(2026, 1, 1), date(2026, 9, 1))
    assert (row.active, row.stopped_from, row.next_due, row.version) == (
        False,
        date(2026, 8, 1),
        None,
        DENOSUMAB,
    )
    upcoming = summarise([replace(DENOSUMAB, valid_from=date(2027, 1, 1))], None, date(2026, 9, 1))
    assert (upcoming.active, upcoming.next_due) == (True, None)
    assert summarise([DENOSUMAB], date(2026, 1, 1), date(2026, 9, 1)).next_due == date(2026, 7, 1)


def test_every_two_weeks_is_judged_per_dose_with_three_days_either_side() -> None:
    fortnightly = MedicineVersion("x", 1.0, Every(2, "week"), 0, "oral", None, date(2026, 1, 5))
    doses = [date(2026, 1, 5), date(2026, 1, 22)]
    # the next is due 5 Feb: not judged before 2 Feb, then pending
    assert len(periods_of([fortnightly], doses, date(2026, 2, 1))) == 2
    found = periods_of([fortnightly], doses, date(2026, 2, 2))
    assert found == [
        (date(2026, 1, 5), date(2026, 1, 8), True, False),
        (date(2026, 1, 19), date(2026, 1, 22), True, False),
        (date(2026, 2, 5), date(2026, 2, 8), False, True),
    ]
