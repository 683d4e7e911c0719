"""An item's periods as a few runs, so that a report over fifty years need not list them all.

`compute_periods` (domain/adherence.py) lists every due day or ISO week of an item, one by
one: fifty years of a daily item are 18,000 periods. `period_runs` gives the same periods, in
the same order, as *runs*: stretches of consecutive periods judged against one plan version,
daily or weekly. A report expands into `Period`s only the runs it shows (the window, its
heatmap, the current week); the store summarizes the others in SQL (`RunSummary`: the runs of
met periods in it, and its smoothed completion), and `fold` carries the streaks and the
strength score across both, in order, exactly as `current_streak`, `longest_streak` and
`strength_score` do over the full list of periods.

Everything here is pure: `today` and the day totals are passed in.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from bonetrack.domain.adherence import (
    _ALPHAS,
    DAILY_HALF_LIFE,
    EXCUSED,
    PAUSED,
    WEEKLY_HALF_LIFE,
    DayTotal,
    Excused,
    Period,
    Streaks,
    _period,
    heatmap_start,
    iso_monday,
    week_total,
)
from bonetrack.domain.pauses import prorated
from bonetrack.domain.plans import PlanVersion, first_planned_day
from bonetrack.domain.profile import DayRange

ONE_DAY = timedelta(days=1)
ONE_WEEK = timedelta(days=7)

# The strength score is a float computed period by period (`strength_score`), and one decimal
# of it is shown, halves rounded up. The report computes an item's last SCORE_PERIODS periods
# that way too, one by one from the day totals; older ones come summarized in SQL with the
# closed form of the same sum, which can differ from the steps in the last bit. That never
# shows: the scores that sit exactly on a half (a perfect 16 weeks from nothing is 1 - 0.5^4 =
# 93.75%) build up from a zero score over a few half-lives, all of them inside these periods
# (a run of nothing summarizes to exactly 0); any other score is 2^-16 away from what
# summarized periods could change, far more than its last bit.
SCORE_HALF_LIVES = 16
SCORE_PERIODS = {
    "day": DAILY_HALF_LIFE * SCORE_HALF_LIVES,
    "week": WEEKLY_HALF_LIFE * SCORE_HALF_LIVES,
}


class Run(NamedTuple):
    """Consecutive periods of one item, all daily or all weekly, judged against one plan.

    In a `paused` run (paused days, or weeks paused in full) a period counts only when its
    target was met anyway (domain/pauses.py): the others are not due.
    """

    per: str  # 'day' | 'week'
    first: date  # the first period's start (a Monday for weekly runs)
    last: date  # the last period's start
    plan: PlanVersion
    paused: bool = False

    @property
    def step(self) -> timedelta:
        return ONE_WEEK if self.per == "week" else ONE_DAY

    @property
    def periods(self) -> int:
        return (self.last - self.first) // self.step + 1

    @property
    def end(self) -> date:
        """The last day of the last period."""
        return self.last + self.step - ONE_DAY

    @property
    def alpha(self) -> float:
        return float(_ALPHAS[self.per])


def _append(
    runs: list[Run], per: str, first: date, last: date, plan: PlanVersion, paused: bool = False
) -> None:
    """Add periods starting `first`..`last`, extending the last run when they follow it."""
    if runs:
        previous = runs[-1]
        if (
            previous.per == per
            and previous.plan is plan
            and previous.paused == paused
            and previous.last + previous.step == first
        ):
            runs[-1] = previous._replace(last=last)
            return
    runs.append(Run(per, first, last, plan, paused))


def _changes(versions: Sequence[PlanVersion], *ranges: Sequence[DayRange]) -> list[date]:
    """The days on which the plan in force, or whether a day is excused or paused, may change."""
    days = {v.valid_from for v in versions}
    for start, end in (r for group in ranges for r in group):
        days.add(start)
        if end is not None and end < date.max:
            days.add(end + ONE_DAY)
    return sorted(days)


def period_runs(
    versions: Sequence[PlanVersion],
    today: date,
    excused: Sequence[DayRange] = (),
    paused: Sequence[DayRange] = (),
) -> list[Run]:
    """The periods `compute_periods(versions, daily, today, excused, paused)` lists, as runs
    (those of `paused` runs when met).

    Weeks in which nothing changes (the same version in force and the same excused or paused
    status on every day, and over before today) are alike, so a stretch of them is one step;
    a week with a change in it, and the current week, are judged as `compute_periods` does.
    """
    first = first_planned_day(versions)
    if first is None or first > today:
        return []
    froms = [v.valid_from for v in versions]
    skip = Excused(excused, paused)
    changes = _changes(versions, excused, paused)

    def in_force(day: date) -> PlanVersion | None:
        index = bisect.bisect_right(froms, day)
        return versions[index - 1] if index else None

    runs: list[Run] = []
    current = iso_monday(today)
    monday = iso_monday(first)
    while monday <= today:
        sunday = monday + timedelta(days=6)
        index = bisect.bisect_right(changes, monday)
        following = changes[index] if index < len(changes) else None
        if monday < current and (following is None or following > sunday):
            # Weeks from this one to `last` (before the next change and before this week) are alike.
            last = current - ONE_WEEK
            if following is not None:
                last = min(last, iso_monday(following - ONE_WEEK))
            plan = in_force(monday)
            status = skip.status(monday) if skip else None
            if plan is not None and plan.active and plan.per == "week":
                if status is None:
                    _append(runs, "week", monday, last, plan)
                elif skip.any_paused(monday):  # paused in full: due only if met anyway
                    _append(runs, "week", monday, last, plan, paused=True)
            elif plan is not None and plan.active and plan.per == "day" and status != EXCUSED:
                _append(runs, "day", monday, last + timedelta(days=6), plan, status == PAUSED)
            monday = last + ONE_WEEK
            continue
        judge = in_force(min(sunday, today))
        if judge is not None and judge.active and judge.per == "week":
            free = skip.free_days(monday) if skip else 7
            if free:
                _append(runs, "week", monday, monday, prorated(judge, free))
            elif skip.any_paused(monday):
                _append(runs, "week", monday, monday, judge, paused=True)
        else:
            day = monday
            while day <= min(sunday, today):
                plan = in_force(day)
                status = skip.status(day) if skip else None
                if plan is not None and plan.active and plan.per == "day" and status != EXCUSED:
                    _append(runs, "day", day, day, plan, status == PAUSED)
                day += ONE_DAY
        monday += ONE_WEEK
    return runs


def split_runs(runs: Iterable[Run], cuts: Iterable[date]) -> list[Run]:
    """The runs cut so that no run has periods starting both before and from a cut day."""
    days = sorted(set(cuts))
    pieces: list[Run] = []
    for run in runs:
        for cut in days[bisect.bisect_right(days, run.first) :]:
            if cut > run.last:
                break
            if cut <= run.first:  # cut before an earlier piece's first period: nothing to do
                continue
            # the last period starting before the cut
            before = run.first + ((cut - ONE_DAY - run.first) // run.step) * run.step
            pieces.append(run._replace(last=before))
            run = run._replace(first=before + run.step)
        pieces.append(run)
    return pieces


def run_periods(run: Run, daily: Mapping[date, DayTotal], today: date) -> list[Period]:
    """The run's periods, as `compute_periods` makes them (`daily` must cover their days)."""
    periods: list[Period] = []
    start = run.first
    while start <= run.last:
        if run.per == "week":
            sunday = start + timedelta(days=6)
            amount, count = week_total(run.plan, daily, start, sunday)
            period = _period(start, sunday, "week", run.plan, amount, count, today)
        else:
            total = daily.get(start)
            amount, count = (0.0, 0) if total is None else (total.amount, total.count)
            period = _period(start, start, "day", run.plan, amount, count, today)
        if not run.paused or period.met:
            periods.append(period)
        start += run.step
    return periods


@dataclass(frozen=True)
class Zones:
    """Which periods a report computes one by one: those starting from the heatmap's first
    Monday to the window's last day (the window's figures and the heatmap need each one), the
    last `SCORE_PERIODS` (the score), and the current week's (today's period may be pending).
    The others are summarized."""

    shown_from: date  # a Monday
    shown_to: date
    current: date  # the Monday of today's week
    scored_from: Mapping[str, date]  # per 'day' or 'week': the first period scored one by one

    @classmethod
    def of(cls, window_from: date, window_to: date, today: date) -> Zones:
        """The zones of a report window: from the first Monday any item's heatmap shows."""
        shown_from = iso_monday(heatmap_start(window_from, window_to))
        current = iso_monday(today)
        scored = {
            "day": today - ONE_DAY * (SCORE_PERIODS["day"] - 1),
            "week": current - ONE_WEEK * (SCORE_PERIODS["week"] - 1),
        }
        return cls(shown_from, window_to, current, scored)

    def cuts(self, per: str) -> list[date]:
        """Where a daily or weekly run is cut into pieces shown and pieces summarized."""
        return [self.shown_from, self.shown_to + ONE_DAY, self.current, self.scored_from[per]]

    def shown(self, run: Run) -> bool:
        """Whether a run piece (cut at `cuts`) is computed one by one."""
        return (
            self.shown_from <= run.first <= self.shown_to
            or run.first >= self.current
            or run.first >= self.scored_from[run.per]
        )


def day_ranges(shown: Iterable[Run], today: date) -> list[tuple[date, date]]:
    """The days whose totals the shown pieces need, as (first, last) ranges, merged."""
    ranges: list[tuple[date, date]] = []
    for first, last in sorted((run.first, min(run.end, today)) for run in shown):
        if ranges and first <= ranges[-1][1] + ONE_DAY:
            ranges[-1] = (ranges[-1][0], max(ranges[-1][1], last))
        else:
            ranges.append((first, last))
    return ranges


class RunSummary(NamedTuple):
    """A run of judged periods as the store summarizes it: how many it holds (a paused run:
    its met ones), the lengths of its runs of met periods (the longest, the one it starts
    with, the one it ends with; 0 when none) and the sum of each period's fraction x
    (1 - alpha)^(periods after it in the run)."""

    periods: int
    longest: int
    leading: int
    trailing: int
    smoothed: float


def summary_of(run: Run, met_days: str, smoothed: float) -> RunSummary:
    """A run's summary from its met periods' day numbers (`date.toordinal()` of each
    period's start, comma-separated, in any order) and its smoothed completion.

    A streak is a stretch of met periods one step apart. The steps between neighbours
    become a byte string (1 where they are one period apart, 0 elsewhere), whose runs of
    1s are the streaks less one: this keeps the scan over tens of thousands of days in C.
    A paused run holds its met periods only, each a step of a completion of 1.
    """
    days = sorted(map(int, met_days.split(","))) if met_days else []
    if run.paused:
        met = len(days)
        decay = 1 - run.alpha
        scored = min(met, SCORE_PERIODS[run.per])
        return RunSummary(met, met, met, met, sum(decay**i for i in range(scored)))
    if not days:
        return RunSummary(run.periods, 0, 0, 0, smoothed)
    step = run.step.days
    joined = bytes(map(step.__eq__, map(int.__sub__, days[1:], days[:-1]))).split(b"\x00")
    return RunSummary(
        periods=run.periods,
        longest=max(map(len, joined)) + 1,
        leading=len(joined[0]) + 1 if days[0] == run.first.toordinal() else 0,
        trailing=len(joined[-1]) + 1 if days[-1] == run.last.toordinal() else 0,
        smoothed=smoothed,
    )


class Summarized(NamedTuple):
    run: Run
    summary: RunSummary

    @property
    def start(self) -> date:
        return self.run.first


def ordered(
    summarized: Iterable[Summarized], periods: Iterable[Period]
) -> list[Summarized | Period]:
    """Summarized runs and periods in the order of `compute_periods` (+ medicines' due doses):
    by start, a run's periods before a due dose of the same day (see `medicine_report`).
    Run pieces must have been cut at each due dose's next day (`split_runs`)."""
    pieces: list[tuple[date, int, Summarized | Period]] = []
    for item in summarized:
        pieces.append((item.run.first, 0, item))
    for period in periods:
        pieces.append((period.start, 0 if period.per != "dose" else 1, period))
    pieces.sort(key=lambda piece: (piece[0], piece[1]))
    return [piece for _, _, piece in pieces]


def fold(pieces: Iterable[Summarized | Period]) -> Streaks:
    """The current and longest streak and the strength score over pieces in order.

    As `current_streak`, `longest_streak` and `strength_score` over the periods they stand
    for: pending periods neither count nor break a run; a summarized run of n periods ages
    the score by (1 - alpha)^n.
    """
    run = best = 0
    score = 0.0
    for piece in pieces:
        if isinstance(piece, Summarized):
            summary = piece.summary
            length = summary.periods
            if summary.leading == length:
                run += length
            else:
                best = max(best, run + summary.leading, summary.longest)
                run = summary.trailing
            best = max(best, run)
            alpha = piece.run.alpha
            score = score * (1 - alpha) ** length + alpha * summary.smoothed
            continue
        if piece.pending:
            continue
        run = run + 1 if piece.met else 0
        best = max(best, run)
        alpha = _ALPHAS[piece.per]
        score = score * (1 - alpha) + alpha * piece.fraction
    return Streaks(current=run, longest=best, score=score)


def report_pieces(
    runs: Sequence[Run], zones: Zones, dose_starts: Iterable[date] = ()
) -> tuple[list[Run], list[Run]]:
    """The runs cut into pieces computed one by one (shown) and pieces to summarize, each
    in order. A piece never spans a due dose's day (see `ordered`)."""
    doses = [day + ONE_DAY for day in dose_starts]
    pieces = [piece for run in runs for piece in split_runs([run], [*zones.cuts(run.per), *doses])]
    shown = [piece for piece in pieces if zones.shown(piece)]
    return shown, [piece for piece in pieces if not zones.shown(piece)]


def item_history(
    shown: Sequence[Run],
    summarized: Iterable[Summarized],
    daily: Mapping[date, DayTotal],
    today: date,
    doses: Sequence[Period] = (),
) -> tuple[list[Period], Streaks]:
    """The shown periods (with any due doses), in order, and the streaks and score of all."""
    periods = [period for run in shown for period in run_periods(run, daily, today)]
    periods += doses
    periods.sort(key=lambda period: period.start)
    return periods, fold(ordered(summarized, periods))
