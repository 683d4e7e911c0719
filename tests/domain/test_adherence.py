"""The adherence rules of issue 3, each with fixed dates and exact values."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from bonetrack.domain.adherence import (
    FUTURE,
    MET,
    MISSED,
    NOT_DUE,
    PARTIAL,
    PENDING,
    REST,
    SESSION,
    DayTotal,
    ItemReport,
    compute_periods,
    heatmap_start,
    item_report,
    round1,
    usual_time,
    usual_times,
)
from bonetrack.domain.plans import PlanVersion
from bonetrack.domain.today import checklist

D = date.fromisoformat


def k2(valid_from: str, amount: float | None = 180.0, active: bool = True) -> PlanVersion:
    return PlanVersion("k2", None, amount, "day", None, "mk7", D(valid_from), active)


def strength(valid_from: str, times: int = 2, active: bool = True) -> PlanVersion:
    return PlanVersion("exercise", "strength", None, "week", times, None, D(valid_from), active)


def days(first: str, last: str, amount: float = 180.0, count: int = 1) -> dict[date, DayTotal]:
    out: dict[date, DayTotal] = {}
    day = D(first)
    while day <= D(last):
        out[day] = DayTotal(amount, count)
        day += timedelta(days=1)
    return out


def report(
    versions: list[PlanVersion],
    daily: dict[date, DayTotal],
    start: str,
    end: str,
    today: str | None = None,
) -> ItemReport:
    result = item_report(versions, daily, D(start), D(end), D(today or end))
    assert result is not None
    return result


def test_perfect_30_days_scores_79_8_percent() -> None:
    # 30 kept days; today (Dec 1) not logged yet, so it is pending, not missed.
    r = report([k2("2026-11-01")], days("2026-11-01", "2026-11-30"), "2026-11-01", "2026-12-01")
    assert (r.met, r.due, r.adherence_pct) == (30, 30, 100.0)
    assert (r.current_streak, r.longest_streak) == (30, 30)
    assert r.score == 79.8
    assert r.average == 180.0


def test_today_unmet_streak_ends_yesterday_today_met_counts() -> None:
    history = days("2026-11-15", "2026-11-21")
    before = report([k2("2026-11-15")], history, "2026-11-15", "2026-11-22")
    assert (before.current_streak, before.met, before.due) == (7, 7, 7)
    partly = {**history, D("2026-11-22"): DayTotal(100.0, 1)}
    r = report([k2("2026-11-15")], partly, "2026-11-15", "2026-11-22")
    assert (r.current_streak, r.met, r.due) == (7, 7, 7)  # a partial today is still pending
    done = {**history, D("2026-11-22"): DayTotal(180.0, 1)}
    r = report([k2("2026-11-15")], done, "2026-11-15", "2026-11-22")
    assert (r.current_streak, r.longest_streak, r.met, r.due) == (8, 8, 8, 8)


def test_a_missed_day_breaks_the_streak() -> None:
    history = days("2026-11-01", "2026-11-21")
    del history[D("2026-11-10")]
    r = report([k2("2026-11-01")], history, "2026-11-01", "2026-11-22")
    assert (r.current_streak, r.longest_streak) == (11, 11)  # Nov 11-21 vs Nov 1-9 (9)
    assert (r.met, r.due, r.adherence_pct) == (20, 21, 95.2)


def test_split_doses_add_up() -> None:
    calcium = PlanVersion("calcium", None, 1200.0, "day", None, None, D("2026-11-20"))
    daily = {
        D("2026-11-20"): DayTotal(500.0 + 500.0 + 200.0, 3),  # met
        D("2026-11-21"): DayTotal(500.0 + 500.0, 2),  # partial
        D("2026-11-22"): DayTotal(0.1 + 0.2 + 1199.7, 3),  # float noise still meets
    }
    r = report([calcium], daily, "2026-11-20", "2026-11-22")
    assert (r.met, r.due, r.adherence_pct) == (2, 3, 66.7)
    assert r.average == 1133.3
    assert (r.current_streak, r.longest_streak) == (1, 1)
    assert [p.fraction for p in r.periods][1] == pytest.approx(1000 / 1200)


def test_plan_change_mid_window_judges_each_day_by_its_plan() -> None:
    # 180 µg a day until Nov 10, then 360 µg from Nov 11; she kept taking 180 µg.
    versions = [k2("2026-11-01"), k2("2026-11-11", 360.0)]
    history = days("2026-11-01", "2026-11-21")
    r = report(versions, history, "2026-11-01", "2026-11-20", today="2026-11-21")
    assert (r.met, r.due, r.adherence_pct) == (10, 20, 50.0)
    assert (r.current_streak, r.longest_streak) == (0, 10)
    assert r.plan.amount == 360.0  # the target shown is the one in force at the end


def test_a_stop_neither_counts_nor_breaks_a_streak() -> None:
    versions = [k2("2026-11-01"), k2("2026-11-11", None, active=False), k2("2026-11-21")]
    history = {**days("2026-11-01", "2026-11-10"), **days("2026-11-21", "2026-11-25")}
    r = report(versions, history, "2026-11-01", "2026-11-26")
    assert (r.met, r.due, r.adherence_pct) == (15, 15, 100.0)
    assert (r.current_streak, r.longest_streak) == (15, 15)
    assert r.stopped is False


def test_stopped_plan_reports_until_the_stop() -> None:
    versions = [k2("2026-11-01"), k2("2026-11-11", None, active=False)]
    r = report(versions, days("2026-11-01", "2026-11-08"), "2026-11-01", "2026-11-30")
    assert (r.met, r.due, r.current_streak) == (8, 10, 0)
    assert r.stopped is True
    assert r.plan.amount == 180.0
    # Stopped before the window: nothing to report.
    assert item_report(versions, {}, D("2026-11-15"), D("2026-11-30"), D("2026-11-30")) is None


def test_window_starts_no_earlier_than_the_first_plan() -> None:
    r = report([k2("2026-11-20")], days("2026-11-01", "2026-11-30"), "2026-10-01", "2026-11-30")
    assert r.window_from == D("2026-11-20")
    assert (r.met, r.due) == (11, 11)
    # Logging before the plan existed does not make a longer streak.
    assert r.longest_streak == 11
    assert (
        item_report([k2("2026-12-01")], {}, D("2026-11-01"), D("2026-11-30"), D("2026-12-05"))
        is None
    )


def test_nothing_due_yet_gives_no_percentage() -> None:
    r = report([k2("2026-11-22")], {}, "2026-10-24", "2026-11-22")
    assert (r.met, r.due, r.adherence_pct, r.average, r.score) == (0, 0, None, None, 0.0)


def test_leap_day_is_a_day_like_any_other() -> None:
    history = days("2028-02-01", "2028-03-01")
    r = report([k2("2028-02-01")], history, "2028-02-01", "2028-02-29", today="2028-03-02")
    assert (r.met, r.due) == (29, 29)
    del history[D("2028-02-29")]
    r = report([k2("2028-02-01")], history, "2028-02-01", "2028-03-01", today="2028-03-02")
    assert (r.met, r.due, r.adherence_pct) == (29, 30, 96.7)
    assert (r.current_streak, r.longest_streak) == (1, 28)


def test_weekly_iso_weeks_across_the_year_end() -> None:
    # ISO week 53 of 2026 runs Mon 2026-12-28 to Sun 2027-01-03.
    daily = {
        D("2026-12-15"): DayTotal(45.0, 1),
        D("2026-12-18"): DayTotal(45.0, 1),  # week of Dec 14: 2 sessions, met
        D("2026-12-22"): DayTotal(45.0, 1),  # week of Dec 21: 1 session, partial
        D("2026-12-30"): DayTotal(40.0, 1),
        D("2027-01-02"): DayTotal(40.0, 1),  # week of Dec 28: met across the year end
        D("2027-01-05"): DayTotal(30.0, 1),  # this week: 1 of 2 so far, pending
    }
    r = report([strength("2026-12-14")], daily, "2026-12-14", "2027-01-06")
    assert [(p.start, p.entries, p.met, p.pending) for p in r.periods] == [
        (D("2026-12-14"), 2, True, False),
        (D("2026-12-21"), 1, False, False),
        (D("2026-12-28"), 2, True, False),
        (D("2027-01-04"), 1, False, True),
    ]
    assert (r.current_streak, r.longest_streak) == (1, 1)
    assert (r.met, r.due, r.adherence_pct) == (2, 3, 66.7)
    assert r.average == 1.7  # sessions per week: 5 / 3
    assert r.average_of == "count"
    assert r.score == 33.9  # weekly half-life of 4 weeks: fractions 1, 0.5, 1
    # A second session this week meets it before it is over: the streak grows.
    daily[D("2027-01-06")] = DayTotal(30.0, 1)
    r = report([strength("2026-12-14")], daily, "2026-12-14", "2027-01-06")
    assert (r.current_streak, r.met, r.due, r.score) == (2, 3, 4, 44.4)


def test_weekly_minutes_target_and_plan_started_midweek() -> None:
    aerobic = PlanVersion("exercise", "aerobic", 150.0, "week", None, None, D("2026-11-18"))
    daily = {D("2026-11-16"): DayTotal(100.0, 1), D("2026-11-20"): DayTotal(50.0, 1)}
    # The plan began on a Wednesday; Monday's walk still counts toward that week.
    r = report([aerobic], daily, "2026-11-01", "2026-11-24")
    assert [(p.start, p.amount, p.met) for p in r.periods] == [
        (D("2026-11-16"), 150.0, True),
        (D("2026-11-23"), 0.0, False),
    ]
    assert (r.met, r.due, r.average, r.average_of) == (1, 1, 150.0, "amount")


def test_both_amount_and_times_must_be_reached() -> None:
    plan = PlanVersion("exercise", "strength", 60.0, "week", 2, None, D("2026-11-16"))
    r = report([plan], {D("2026-11-17"): DayTotal(90.0, 1)}, "2026-11-16", "2026-11-30")
    assert [(p.met, p.fraction, p.pending) for p in r.periods] == [
        (False, 0.5, False), (False, 0.0, False), (False, 0.0, True),
    ]  # fmt: skip


def test_adherence_rounds_half_up() -> None:
    assert round1(62.25) == 62.3
    assert round1(83.33333) == 83.3
    assert round1(6.25) == 6.3


def test_heatmap_statuses_and_range() -> None:
    versions = [k2("2026-11-18")]
    daily = {D("2026-11-18"): DayTotal(180.0, 1), D("2026-11-19"): DayTotal(90.0, 1)}
    r = report(versions, daily, "2026-11-16", "2026-11-22", today="2026-11-21")
    cells = r.heatmap.days
    # The week of the first plan, not 26 weeks of blank columns before it.
    assert r.heatmap.start == D("2026-11-16")
    assert [cells[D(f"2026-11-{d}")] for d in range(16, 23)] == [
        NOT_DUE, NOT_DUE, MET, PARTIAL, MISSED, PENDING, FUTURE,
    ]  # fmt: skip
    assert heatmap_start(D("2025-01-01"), D("2026-11-22")) == D("2025-01-01")
    assert heatmap_start(D("2026-11-16"), D("2026-11-22")) == D("2026-05-25")
    assert heatmap_start(D("2026-11-16"), D("2026-11-22"), D("2026-11-18")) == D("2026-11-16")
    weekly = report([strength("2026-11-16")], {D("2026-11-17"): DayTotal(45.0, 1)},
                    "2026-11-16", "2026-11-24")  # fmt: skip
    assert weekly.heatmap.days[D("2026-11-17")] == SESSION
    assert weekly.heatmap.days[D("2026-11-18")] == REST
    assert weekly.heatmap.weeks == {D("2026-11-16"): PARTIAL, D("2026-11-23"): PENDING}


def test_compute_periods_mixed_daily_then_weekly() -> None:
    versions = [
        PlanVersion("exercise", "balance", 15.0, "day", None, None, D("2026-11-18")),
        PlanVersion("exercise", "balance", None, "week", 5, None, D("2026-11-23")),
    ]
    periods = compute_periods(versions, {}, D("2026-11-30"))
    assert [(p.start, p.per) for p in periods] == [
        (D("2026-11-18"), "day"),
        (D("2026-11-19"), "day"),
        (D("2026-11-20"), "day"),
        (D("2026-11-21"), "day"),
        (D("2026-11-22"), "day"),
        (D("2026-11-23"), "week"),
        (D("2026-11-30"), "week"),
    ]


def test_usual_time_median_and_spread() -> None:
    u = usual_time([time(8, 0), time(8, 10), time(7, 50), time(8, 30)])
    assert u is not None
    assert (u.median, u.spread_min, u.count) == (time(8, 5), 10, 4)


def test_usual_time_wraps_around_midnight() -> None:
    u = usual_time([time(23, 50), time(0, 10), time(0, 0)])
    assert u is not None
    assert (u.median, u.spread_min) == (time(0, 0), 10)
    assert usual_time([]) is None


def test_checklist_daily_and_weekly() -> None:
    calcium = PlanVersion("calcium", None, 1200.0, "day", None, None, D("2026-11-01"))
    items = {
        ("k2", None): [k2("2026-11-01")],
        ("calcium", None): [calcium],
        ("exercise", "strength"): [strength("2026-11-01")],
        ("vitamin-d", None): [
            PlanVersion("vitamin-d", None, 800.0, "day", None, "d3", D("2026-11-01")),
            PlanVersion("vitamin-d", None, None, "day", None, None, D("2026-11-20"), False),
        ],
    }
    daily = {
        ("k2", None): {D("2026-11-22"): DayTotal(180.0, 1)},
        ("calcium", None): {
            D("2026-11-21"): DayTotal(1200.0, 3),
            D("2026-11-22"): DayTotal(500.0, 1),
        },
        ("exercise", "strength"): {
            D("2026-11-16"): DayTotal(40.0, 1),
            D("2026-11-15"): DayTotal(40.0, 1),
        },
    }
    rows = checklist(items, daily, D("2026-11-22"))
    assert [(r.kind, r.done, r.amount, r.count, r.remaining_amount, r.remaining_times)
            for r in rows] == [
        ("k2", True, 180.0, 1, 0.0, None),
        ("calcium", False, 500.0, 1, 700.0, None),
        ("exercise", False, 40.0, 1, None, 1),
    ]  # fmt: skip
    # Sunday Nov 22 closes the ISO week of Mon Nov 16; Sunday Nov 15 was the week before.
    assert (rows[2].period_start, rows[2].period_end) == (D("2026-11-16"), D("2026-11-22"))
    daily[("exercise", "strength")][D("2026-11-19")] = DayTotal(30.0, 1)
    rows = checklist(items, daily, D("2026-11-22"))
    assert (rows[2].done, rows[2].amount, rows[2].count, rows[2].remaining_times) == (
        True, 70.0, 2, 0,
    )  # fmt: skip


def test_usual_times_one_per_dose_and_odd_ones_set_aside() -> None:
    def at(*hm: tuple[int, int]) -> list[time]:
        return [time(h, m) for h, m in hm]

    breakfast = at((7, 50), (7, 55), (8, 0), (8, 5), (8, 10), (9, 15), (9, 20))
    lunch = at((12, 40), (12, 45), (12, 50), (12, 55), (13, 0))
    dinner = at((18, 30), (18, 40), (18, 45), (18, 50), (19, 0))
    odd = at((10, 40), (11, 35), (15, 50))  # would bridge breakfast and lunch by gaps alone
    groups = usual_times(breakfast + lunch + dinner + odd)
    # 9:15 and 9:20 have only each other within 30 minutes: set aside, like the odd ones.
    assert [(u.median, u.spread_min, u.count) for u in groups] == [
        (time(8, 0), 5, 5),
        (time(12, 50), 5, 5),
        (time(18, 45), 5, 5),
    ]
    # A habit drifting from 7:50 to 9:20 with no hour-long gap stays one group...
    drifting = breakfast + at((8, 40), (9, 0))
    assert [(u.median, u.spread_min, u.count) for u in usual_times(drifting * 2)] == [
        (time(8, 10), 20, 18)
    ]
    # ...while a separate weekend time an hour later is a second one.
    assert [(u.median, u.count) for u in usual_times(breakfast * 2)] == [
        (time(8, 0), 10),
        (time(9, 18), 4),
    ]
    assert usual_times([]) == ()


def test_the_sunday_rule_for_weekly_plans_that_start_or_stop_mid_week() -> None:
    # ISO weeks Mon Nov 9 - Sun Nov 15 and Mon Nov 16 - Sun Nov 22.
    sessions = {D("2026-11-10"): DayTotal(45.0, 1), D("2026-11-12"): DayTotal(45.0, 1)}
    # Started on Sunday Nov 15: in force on that week's Sunday, so the week is due with its
    # whole target, and the sessions of Tuesday and Thursday before the start count.
    r = report([strength("2026-11-15")], sessions, "2026-11-01", "2026-11-22")
    assert [(p.start, p.entries, p.met, p.pending) for p in r.periods] == [
        (D("2026-11-09"), 2, True, False),
        (D("2026-11-16"), 0, False, True),
    ]
    # Started on Monday Nov 16 instead: the week before is not due.
    r = report([strength("2026-11-16")], sessions, "2026-11-01", "2026-11-22")
    assert [p.start for p in r.periods] == [D("2026-11-16")]
    # Stopped on Thursday Nov 12: no plan in force on Sunday Nov 15, so that week is not
    # due (and does not count against the streak), though two sessions were done in it.
    r = report(
        [strength("2026-10-26"), strength("2026-11-12", active=False)],
        {**sessions, D("2026-10-27"): DayTotal(45.0, 1), D("2026-10-29"): DayTotal(45.0, 1),
         D("2026-11-03"): DayTotal(45.0, 1), D("2026-11-05"): DayTotal(45.0, 1)},
        "2026-10-26",
        "2026-11-22",
    )  # fmt: skip
    assert [p.start for p in r.periods] == [D("2026-10-26"), D("2026-11-02")]
    assert (r.met, r.due, r.stopped) == (2, 2, True)
