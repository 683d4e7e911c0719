"""Runs of periods (domain/period_runs.py) stand for exactly the periods `compute_periods`
lists, and folding summaries of them gives exactly the streaks and score of the full list."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bonetrack.domain.adherence import (
    DayTotal,
    Period,
    compute_periods,
    current_streak,
    longest_streak,
    round1,
    strength_score,
)
from bonetrack.domain.period_runs import (
    Run,
    RunSummary,
    Summarized,
    Zones,
    day_ranges,
    fold,
    ordered,
    period_runs,
    report_pieces,
    run_periods,
    split_runs,
    summary_of,
)
from bonetrack.domain.plans import PlanVersion
from bonetrack.domain.profile import DayRange

D = date.fromisoformat
TODAY = D("2026-03-04")  # a Wednesday, days after a leap-free February
DAY = timedelta(days=1)


def plan(valid_from: str, per: str = "day", amount: float | None = 15.0,
         times: int | None = None, active: bool = True,
         exercise_type: str = "balance") -> PlanVersion:  # fmt: skip
    return PlanVersion("exercise", exercise_type, amount, per, times, None, D(valid_from), active)


def expanded(runs: list[Run], daily: dict[date, DayTotal], today: date) -> list[Period]:
    return [period for run in runs for period in run_periods(run, daily, today)]


def summarize(run: Run, daily: dict[date, DayTotal], today: date) -> RunSummary:
    """A run's summary the straightforward way: from its periods, one by one (a paused
    run's: its met ones)."""
    periods = run_periods(run, daily, today)
    met = [p.met for p in periods]
    runs_of_met: list[int] = []
    length = 0
    for flag in [*met, False]:
        if flag:
            length += 1
        elif length:
            runs_of_met.append(length)
            length = 0
    leading = next((i for i, flag in enumerate(met) if not flag), len(met))
    trailing = next((i for i, flag in enumerate(reversed(met)) if not flag), len(met))
    smoothed = 0.0
    for period in periods:
        smoothed = smoothed * (1 - run.alpha) + period.fraction
    return RunSummary(len(periods), max(runs_of_met, default=0), leading, trailing, smoothed)


# --- hand-picked cases ------------------------------------------------------------------


def test_a_plain_daily_plan_is_one_run_however_long() -> None:
    runs = period_runs([plan("1976-11-23")], TODAY)
    assert runs == [Run("day", D("1976-11-23"), TODAY, plan("1976-11-23"))]
    assert runs[0].periods == 17_999  # 1976-11-23 to 2026-03-04


def test_changes_split_runs_where_compute_periods_changes_judgement() -> None:
    versions = [
        plan("2026-01-05"),  # a Monday
        plan("2026-01-21", amount=20.0),  # mid-week: a new daily target
        plan("2026-02-04", per="week", amount=None, times=2),  # Wednesday: weekly from Monday 2nd
        plan("2026-02-20", active=False),  # stopped on a Friday: that week is not judged
        plan("2026-02-25", per="week", amount=None, times=3),
    ]
    excused: tuple[DayRange, ...] = ((D("2026-01-10"), D("2026-01-11")),)
    runs = period_runs(versions, TODAY, excused)
    assert [(r.per, r.first, r.last, r.plan.valid_from) for r in runs] == [
        ("day", D("2026-01-05"), D("2026-01-09"), D("2026-01-05")),
        ("day", D("2026-01-12"), D("2026-01-20"), D("2026-01-05")),
        ("day", D("2026-01-21"), D("2026-02-01"), D("2026-01-21")),
        ("week", D("2026-02-02"), D("2026-02-09"), D("2026-02-04")),
        ("week", D("2026-02-23"), D("2026-03-02"), D("2026-02-25")),
    ]
    assert expanded(runs, {}, TODAY) == compute_periods(versions, {}, TODAY, excused)


def test_split_runs_cuts_before_each_day_and_keeps_every_period() -> None:
    weekly = Run("week", D("2026-01-05"), D("2026-02-23"), plan("2026-01-05", per="week"))
    pieces = split_runs(
        [weekly], [D("2026-01-06"), D("2026-01-19"), D("2026-01-20"), D("2027-01-01")]
    )
    assert [(p.first, p.last) for p in pieces] == [
        (D("2026-01-05"), D("2026-01-05")),  # the week starting before the 6th
        (D("2026-01-12"), D("2026-01-12")),
        (D("2026-01-19"), D("2026-01-19")),
        (D("2026-01-26"), D("2026-02-23")),
    ]
    assert expanded(pieces, {}, TODAY) == expanded([weekly], {}, TODAY)


def test_zones_show_the_heatmap_window_the_scored_periods_and_the_current_week() -> None:
    zones = Zones.of(D("2021-06-01"), D("2021-06-30"), TODAY)
    # the heatmap's 26 weeks before the window's end, from their Monday; the last 208 days
    # (16 half-lives of 13 days) and 64 weeks (of 4 weeks) are scored one by one
    assert zones == Zones(D("2020-12-28"), D("2021-06-30"), D("2026-03-02"),
                          {"day": D("2025-08-09"), "week": D("2024-12-16")})  # fmt: skip
    daily = Run("day", D("2020-01-01"), TODAY, plan("2020-01-01"))
    shown, hidden = report_pieces([daily], zones)
    assert day_ranges(shown, TODAY) == [
        (D("2020-12-28"), D("2021-06-30")),
        (D("2025-08-09"), TODAY),
    ]
    assert [(p.first, p.last) for p in hidden] == [
        (D("2020-01-01"), D("2020-12-27")),
        (D("2021-07-01"), D("2025-08-08")),
    ]
    weekly = Run("week", D("2019-12-30"), D("2026-03-02"), plan("2019-12-30", per="week"))
    shown, hidden = report_pieces([weekly], zones)
    assert day_ranges(shown, TODAY) == [
        (D("2020-12-28"), D("2021-07-04")),  # the window's last week, to its Sunday
        (D("2024-12-16"), TODAY),
    ]
    assert [(p.first, p.last) for p in hidden] == [
        (D("2019-12-30"), D("2020-12-21")),
        (D("2021-07-05"), D("2024-12-09")),
    ]
    assert expanded([*hidden, *shown], {}, TODAY) != []
    assert sorted(expanded([*hidden, *shown], {}, TODAY)) == expanded([weekly], {}, TODAY)


def test_summary_of_met_day_numbers() -> None:
    run = Run("day", D("2026-01-01"), D("2026-01-10"), plan("2026-01-01"))
    days = [D("2026-01-01"), D("2026-01-02"), D("2026-01-04"), D("2026-01-05"), D("2026-01-06"),
            D("2026-01-09"), D("2026-01-10")]  # fmt: skip
    text = ",".join(str(d.toordinal()) for d in reversed(days))  # any order
    assert summary_of(run, text, 0.5) == RunSummary(10, 3, 2, 2, 0.5)
    assert summary_of(run, "", 0.0) == RunSummary(10, 0, 0, 0, 0.0)
    weekly = Run("week", D("2026-01-05"), D("2026-02-02"), plan("2026-01-05", per="week"))
    mondays = ",".join(
        str((D("2026-01-05") + timedelta(weeks=w)).toordinal()) for w in (0, 1, 2, 4)
    )
    assert summary_of(weekly, mondays, 0.0) == RunSummary(5, 3, 3, 1, 0.0)


# --- any plan history -------------------------------------------------------------------


class History(NamedTuple):
    versions: list[PlanVersion]
    excused: tuple[DayRange, ...]  # K2 on a vitamin K antagonist: never due
    paused: tuple[DayRange, ...]  # due only if met anyway
    daily: dict[date, DayTotal]
    today: date


@st.composite
def histories(
    draw: st.DrawFn,
) -> History:
    today = TODAY + timedelta(days=draw(st.integers(0, 6)))
    start = today - timedelta(days=draw(st.integers(0, 160)))
    versions = []
    for index in range(draw(st.integers(1, 4))):
        per = draw(st.sampled_from(["day", "week"]))
        amount = draw(st.sampled_from([None, 15.0, 30.0]))
        times = draw(st.sampled_from([None, 1, 2])) if amount is not None else 2
        offset = draw(st.integers(0, 160))
        active = index == 0 or draw(st.booleans())
        kind = draw(st.sampled_from(["strength", "balance"]))  # by days, or by sessions
        valid_from = start + timedelta(days=offset if index else 0)
        versions.append(PlanVersion("exercise", kind, amount, per, times, None, valid_from, active))
    versions.sort(key=lambda v: v.valid_from)
    excused: list[DayRange] = []
    paused: list[DayRange] = []
    for ranges in (excused, paused, paused):
        if draw(st.booleans()):
            first = start + timedelta(days=draw(st.integers(-10, 170)))
            length = draw(st.one_of(st.none(), st.integers(0, 20)))
            ranges.append((first, None if length is None else first + timedelta(days=length)))
    daily = {}
    day = start - timedelta(days=7)
    while day <= today:
        if draw(st.integers(0, 3)):
            daily[day] = DayTotal(draw(st.sampled_from([5.0, 15.0, 30.0])), draw(st.integers(1, 3)))
        day += DAY
    return History(versions, tuple(excused), tuple(paused), daily, today)


@settings(max_examples=300, deadline=None)
@given(histories())
def test_runs_list_exactly_the_periods_of_compute_periods(
    history: History,
) -> None:
    versions, excused, paused, daily, today = history
    runs = period_runs(versions, today, excused, paused)
    assert expanded(runs, daily, today) == compute_periods(versions, daily, today, excused, paused)
    for before, after in itertools.pairwise(runs):  # runs are maximal
        assert not (
            before.per == after.per
            and before.plan is after.plan
            and before.paused == after.paused
            and before.last + before.step == after.first
        )


@settings(max_examples=400, deadline=None)
@given(histories(), st.lists(st.integers(-170, 10), max_size=4), st.integers(0, 170),
       st.integers(0, 60))  # fmt: skip
def test_folding_summaries_gives_the_streaks_and_score_of_all_periods(
    history: History,
    cut_offsets: list[int],
    shown_back: int,
    shown_days: int,
) -> None:
    versions, excused, paused, daily, today = history
    periods = compute_periods(versions, daily, today, excused, paused)
    # Any shown stretch (the report's is 26 weeks or more; shorter ones summarize more).
    shown_to = today - timedelta(days=shown_back)
    shown_from = shown_to - timedelta(days=shown_days)
    never = {"day": date.max, "week": date.max}  # no period scored one by one: all summarized
    zones = Zones(shown_from - timedelta(days=shown_from.weekday()), shown_to,
                  today - timedelta(days=today.weekday()), never)  # fmt: skip
    runs = period_runs(versions, today, excused, paused)
    cuts = [today + timedelta(days=offset) for offset in cut_offsets]
    shown, hidden = report_pieces(split_runs(runs, cuts), zones)
    assert all(not p.pending for run in hidden for p in run_periods(run, daily, today))
    summarized = [Summarized(run, summarize(run, daily, today)) for run in hidden]
    streaks = fold(ordered(summarized, expanded(shown, daily, today)))
    assert (streaks.current, streaks.longest) == (current_streak(periods), longest_streak(periods))
    # the closed form of the summarized runs: the same score but for the last bits
    assert streaks.score == pytest.approx(strength_score(periods), rel=1e-12, abs=1e-15)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from([0.0, 7.5, 15.0, 15.0, 15.0]), min_size=300, max_size=2500),
    st.sampled_from(["day", "week"]),
    st.integers(0, 400),
)
def test_the_report_shows_the_score_strength_score_gives(
    amounts: list[float], per: str, window_back: int
) -> None:
    """Years of history, the older part summarized: the same streaks, and the same score to
    one decimal (to the bit but for the closed form's last bit in summarized periods)."""
    today = TODAY
    start = today - timedelta(days=len(amounts) - 1)
    versions = [plan(start.isoformat(), per=per, amount=15.0 if per == "day" else 60.0)]
    daily = {
        start + timedelta(days=i): DayTotal(amount, 1) for i, amount in enumerate(amounts) if amount
    }
    periods = compute_periods(versions, daily, today)
    window_to = today - timedelta(days=window_back)
    zones = Zones.of(window_to - timedelta(days=29), window_to, today)
    shown, hidden = report_pieces(period_runs(versions, today), zones)
    summarized = [Summarized(run, summarize(run, daily, today)) for run in hidden]
    streaks = fold(ordered(summarized, expanded(shown, daily, today)))
    expected = strength_score(periods)
    assert (streaks.current, streaks.longest) == (current_streak(periods), longest_streak(periods))
    assert round1(streaks.score * 100) == round1(expected * 100)
    assert streaks.score == pytest.approx(expected, rel=1e-12, abs=0.0)
    if not hidden:  # all of it computed period by period: the very same float
        assert streaks.score == expected


def test_a_perfect_16_weeks_scores_93_75_rounded_up() -> None:
    """1 - 0.5^4: a tie that only the same steps as `strength_score` round the same way."""
    versions = [plan("2025-11-10", per="week", amount=None, times=2)]
    daily = {D("2025-11-10") + timedelta(days=i): DayTotal(30.0, 1) for i in range(0, 112, 3)}
    today = D("2026-03-01")  # the 16th week's Sunday
    zones = Zones.of(D("2026-02-01"), today, today)
    shown, hidden = report_pieces(period_runs(versions, today), zones)
    assert hidden == []
    streaks = fold(ordered([], expanded(shown, daily, today)))
    assert (streaks.current, round1(streaks.score * 100)) == (16, 93.8)
    assert streaks.score == strength_score(compute_periods(versions, daily, today))


@settings(max_examples=200, deadline=None)
@given(histories())
def test_summary_of_matches_the_runs_met_periods(
    history: History,
) -> None:
    versions, excused, paused, daily, today = history
    for run in period_runs(versions, today, excused, paused):
        if run.end >= today:
            continue  # the current period: never summarized
        expected = summarize(run, daily, today)
        met = ",".join(str(p.start.toordinal()) for p in run_periods(run, daily, today) if p.met)
        found = summary_of(run, met, expected.smoothed)
        # a paused run's completions are all 1: its sum is computed, not read
        assert found[:4] == expected[:4]
        assert found.smoothed == pytest.approx(expected.smoothed, rel=1e-12)
