"""Adherence: streaks, adherence %, averages and the strength score of one plan item.

The input is an item's plan versions and its daily aggregates (local calendar
day -> sum of amounts and number of entries), which the store computes in SQL.
Everything here is pure: `today` is passed in.

The rules (each pinned by a test):

- A *period* is a local calendar day for daily plans and an ISO week (Monday to
  Sunday) for weekly plans. A period is met when its entries reach the target of
  the plan in force: the summed amount reaches `amount`, and/or the number of
  entries (doses, sessions) reaches `times`; when a plan sets both, both.
- A day is due when a daily plan is in force that day. A week is due when a
  weekly plan is in force on its Sunday, or on today for the current week; the
  whole week's entries count, also those before the plan started on a Wednesday
  (a plan started mid-week asks for the whole week's target in its first week),
  and a stop before Sunday leaves the week not due.
  Days before the first plan and after a stop are not due: they neither count
  nor break a streak.
- Excused days are not due either: days a vitamin K antagonist was in force, for
  K2 (`excused`), and paused days (`paused`, see domain/pauses.py). A paused day
  whose target was met anyway counts as a met day. A weekly item's week is due
  for its days that are neither excused nor paused: its target is prorated
  (`pauses.prorated`); a week with none such is not due (unless met anyway on
  paused days).
- Today is not over, nor is the current week: while unmet, that period is
  *pending*, which is neither met nor due, so it breaks no streak and lowers no
  percentage. Once met it counts like any other.
- Current streak: the run of met periods ending with the latest judged period
  (yesterday, or today once met). Longest streak: the longest run over all
  history. Both count periods: days for daily items, weeks for weekly ones.
- Adherence % = met / due periods in the window x 100, one decimal (half up).
  The window starts no earlier than the first plan; a week is in the window when
  it overlaps it.
- Average: the amount (or, for plans with only `times`, the number of entries)
  per due period in the window: per day for daily items, per week for weekly.
- Strength score: exponential smoothing of each due period's completion fraction
  min(1, done / target), starting at 0: score = score * (1 - a) + a * fraction.
  Daily periods use a half-life of 13 days, a = 1 - 0.5 ** (1 / 13), so a
  perfect record reaches 79.8% after 30 days (the idea of Loop Habit Tracker).
  Weekly periods use a half-life of 4 weeks, a = 1 - 0.5 ** (1 / 4): about the
  same month of memory as the daily score, so a week missed weighs as much as
  roughly a week of missed days would. Only due periods update the score.
- Medicines given at longer intervals (a monthly tablet, a yearly infusion) are
  judged per due dose (`per` 'dose', see domain/medicine_schedule.py); their
  score uses a half-life of 2 doses, a = 1 - 0.5 ** (1 / 2).
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from bonetrack.domain.guidance import SafetyWarning, k2_vka_caution
from bonetrack.domain.kinds import COUNTS_DAYS, SUPPLEMENT_NAMES
from bonetrack.domain.pauses import Pause, item_target, paused_days_in, prorated, ranges_for
from bonetrack.domain.plans import ItemKey, PlanVersion, first_planned_day, version_in_force
from bonetrack.domain.profile import DayRange, Profile

DAILY_HALF_LIFE = 13  # days
WEEKLY_HALF_LIFE = 4  # weeks
DOSE_HALF_LIFE = 2  # due doses of a medicine given monthly or less often
DAILY_ALPHA = 1 - 0.5 ** (1 / DAILY_HALF_LIFE)
WEEKLY_ALPHA = 1 - 0.5 ** (1 / WEEKLY_HALF_LIFE)
DOSE_ALPHA = 1 - 0.5 ** (1 / DOSE_HALF_LIFE)
_ALPHAS = {"day": DAILY_ALPHA, "week": WEEKLY_ALPHA, "dose": DOSE_ALPHA}

# Heatmap cell statuses.
MET = "met"
PARTIAL = "partial"  # something logged, target not reached
MISSED = "missed"  # nothing logged
PENDING = "pending"  # today / this week, not met yet
NOT_DUE = "not_due"  # no plan in force
EXCUSED = "excused"  # planned, but not judged that day (see `compute_periods`)
PAUSED = "paused"  # planned, but paused that day (see domain/pauses.py)
FUTURE = "future"
SESSION = "session"  # weekly items: a day with at least one entry
REST = "rest"  # weekly items: a day without one, in a due week

_EPSILON = 1e-9  # float sums of doses (0.1 + 0.2) must still meet their target


@dataclass(frozen=True, slots=True)
class DayTotal:
    """An item's entries on one local day: the summed amount and how many."""

    amount: float
    count: int


class Period(NamedTuple):
    """A due (or pending) day or ISO week of one item.

    A NamedTuple rather than a dataclass: ten years of daily items make tens of
    thousands of these, and tuples are several times cheaper to create.
    """

    start: date
    end: date  # inclusive
    per: str  # 'day' | 'week' | 'dose' (a medicine's due date: start, tolerance to `end`)
    plan: PlanVersion
    amount: float
    entries: int  # doses or sessions
    fraction: float  # min(1, done / target)
    met: bool
    pending: bool  # contains today, not met yet: not judged

    @property
    def judged(self) -> bool:
        return not self.pending


def round1(value: float) -> float:
    """One decimal, halves rounded up (62.25 -> 62.3), as people expect."""
    return float(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def iso_monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def completion(plan: PlanVersion, amount: float, count: int) -> float:
    """The completion fraction of one period: min(1, done / target) over its targets."""
    fraction = 1.0
    if plan.amount is not None and amount < plan.amount - _EPSILON:
        fraction = amount / plan.amount
    if plan.times is not None and count < plan.times:
        fraction = min(fraction, count / plan.times)
    if plan.amount is None and plan.times is None:
        return 0.0
    return fraction


def _period(
    start: date, end: date, per: str, plan: PlanVersion, amount: float, count: int, today: date
) -> Period:
    fraction = completion(plan, amount, count)
    met = fraction >= 1.0
    return Period(start, end, per, plan, amount, count, fraction, met, end >= today and not met)


class _Ranges:
    """Whether a day falls in one of a few ranges of days, fast for many days."""

    def __init__(self, ranges: Sequence[DayRange]) -> None:
        ordered = sorted(ranges, key=lambda r: r[0])
        self._starts = [first for first, _ in ordered]
        self._ends = [date.max if last is None else last for _, last in ordered]

    def __bool__(self) -> bool:
        return bool(self._starts)

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, date) or not self._starts:
            return False
        index = bisect.bisect_right(self._starts, day)
        # ranges may overlap: any range starting by `day` may still cover it
        return any(day <= end for end in self._ends[:index])


class Excused:
    """The days of one item that are not judged: excused (K2 on a vitamin K antagonist)
    and paused ones."""

    def __init__(self, ranges: Sequence[DayRange] = (), paused: Sequence[DayRange] = ()) -> None:
        self._excused = _Ranges(ranges)
        self._paused = _Ranges(paused)

    def __bool__(self) -> bool:
        return bool(self._excused) or bool(self._paused)

    def __contains__(self, day: object) -> bool:
        return day in self._excused or day in self._paused

    def status(self, day: date) -> str | None:
        """EXCUSED, PAUSED or None; a day both excused and paused shows the caution's mark."""
        if day in self._excused:
            return EXCUSED
        return PAUSED if day in self._paused else None

    def free_days(self, monday: date) -> int:
        """How many of the week's 7 days are neither excused nor paused."""
        return sum(1 for i in range(7) if monday + timedelta(days=i) not in self)

    def any_paused(self, monday: date) -> bool:
        return any(monday + timedelta(days=i) in self._paused for i in range(7))


def week_total(
    plan: PlanVersion, daily: Mapping[date, DayTotal], first: date, last: date
) -> tuple[float, int]:
    """The amount and the count of a weekly period's days `first`..`last`.

    The count is of entries, or of days with an entry for exercise types whose
    guidance counts days (`COUNTS_DAYS`: two strength sessions on one day are one day).
    """
    by_day = plan.per == "week" and plan.exercise_type in COUNTS_DAYS
    amount = 0.0
    count = 0
    day = first
    while day <= last:
        total = daily.get(day)
        if total is not None:
            amount += total.amount
            count += (1 if total.count else 0) if by_day else total.count
        day += timedelta(days=1)
    return amount, count


def compute_periods(
    versions: Sequence[PlanVersion],
    daily: Mapping[date, DayTotal],
    today: date,
    excused: Sequence[DayRange] = (),
    paused: Sequence[DayRange] = (),
) -> list[Period]:
    """All due and pending periods of one item, from its first plan up to today.

    `versions` are one item's versions sorted by valid_from (see `group_items`);
    days in `excused` are not due, nor are days in `paused` unless met anyway.
    """
    first = first_planned_day(versions)
    if first is None or first > today:
        return []
    froms = [v.valid_from for v in versions]
    skip = Excused(excused, paused)

    def in_force(day: date) -> PlanVersion | None:
        index = bisect.bisect_right(froms, day)
        return versions[index - 1] if index else None

    one_day = timedelta(days=1)
    periods: list[Period] = []
    monday = iso_monday(first)
    while monday <= today:
        sunday = monday + timedelta(days=6)
        judge = in_force(min(sunday, today))
        if judge is not None and judge.active and judge.per == "week":
            free = skip.free_days(monday) if skip else 7
            amount, count = week_total(judge, daily, monday, sunday)
            # a week paused in full keeps its whole target: it counts only if met anyway
            target = prorated(judge, free) if free else judge
            week = _period(monday, sunday, "week", target, amount, count, today)
            if free or (week.met and skip.any_paused(monday)):
                periods.append(week)
        else:
            day = monday
            last = min(sunday, today)
            while day <= last:
                plan = in_force(day)
                if plan is not None and plan.active and plan.per == "day":
                    status = skip.status(day) if skip else None
                    total = daily.get(day)
                    if status != EXCUSED:
                        found = (
                            _period(day, day, "day", plan, 0.0, 0, today)
                            if total is None
                            else _period(day, day, "day", plan, total.amount, total.count, today)
                        )
                        if status is None or found.met:  # a paused day counts once met
                            periods.append(found)
                day += one_day
        monday += timedelta(days=7)
    return periods


class Streaks(NamedTuple):
    """An item's current and longest streak and its strength score (0..1), over all history."""

    current: int
    longest: int
    score: float


def current_streak(periods: Sequence[Period]) -> int:
    streak = 0
    for period in reversed(periods):
        if period.pending:
            continue
        if not period.met:
            break
        streak += 1
    return streak


def longest_streak(periods: Sequence[Period]) -> int:
    best = run = 0
    for period in periods:
        if period.pending:
            continue
        run = run + 1 if period.met else 0
        best = max(best, run)
    return best


def strength_score(periods: Sequence[Period]) -> float:
    """The smoothed completion, 0..1, over all judged periods in order."""
    score = 0.0
    for period in periods:
        if period.pending:
            continue
        alpha = _ALPHAS[period.per]
        score = score * (1 - alpha) + alpha * period.fraction
    return score


@dataclass(frozen=True)
class UsualTime:
    """When a supplement is usually taken: the median local time and its spread."""

    median: time
    spread_min: int  # median absolute deviation, minutes
    count: int


def _minutes(times: Sequence[time]) -> list[float]:
    return sorted(t.hour * 60 + t.minute + t.second / 60 for t in times)


def _summary(unwrapped: Sequence[float]) -> UsualTime:
    middle = _median(unwrapped)
    spread = _median([abs(m - middle) for m in unwrapped])
    total = round(middle) % 1440
    return UsualTime(
        median=time(total // 60, total % 60), spread_min=round(spread), count=len(unwrapped)
    )


def usual_time(times: Sequence[time]) -> UsualTime | None:
    """The median time of day of `times` and their median absolute deviation.

    Times of day are circular: 23:50 and 00:10 are 20 minutes apart, so the
    circle is cut at its largest empty gap before taking the median.
    """
    if not times:
        return None
    minutes = _minutes(times)
    gaps = [(minutes[i + 1] - minutes[i], i + 1) for i in range(len(minutes) - 1)] + [
        (minutes[0] + 1440 - minutes[-1], 0)
    ]
    _, cut = max(gaps)
    return _summary(minutes[cut:] + [m + 1440 for m in minutes[:cut]])


# Usual times of day look at the last 90 days of a window at most: recent habits are
# what matter, and a ten-year window would otherwise read every entry's time.
USUAL_TIME_DAYS = 90

# Doses with an hour or more between them, with nothing in that hour, are separate
# doses (calcium at breakfast, lunch and dinner), each with its own usual time.
DOSE_GAP_MIN = 60
# A time with fewer than 2 others within 30 minutes is an odd one out (a late dose
# after a party), set aside so it cannot bridge two habits; only from 10 entries.
NEIGHBOUR_WINDOW_MIN = 30
MIN_NEIGHBOURS = 2
# Groups with fewer of the entries than this are not a habit.
MIN_GROUP_SHARE = 0.2


def _neighbours(extended: Sequence[float], minute: float) -> int:
    low = bisect.bisect_left(extended, minute - NEIGHBOUR_WINDOW_MIN)
    high = bisect.bisect_right(extended, minute + NEIGHBOUR_WINDOW_MIN)
    return high - low - 1


def usual_times(times: Sequence[time]) -> tuple[UsualTime, ...]:
    """The usual time of each habitual dose of the day, earliest first.

    Odd ones out are set aside (see MIN_NEIGHBOURS); the rest are split into
    groups wherever the circle of the day has an empty gap of `DOSE_GAP_MIN` or
    more; groups holding under `MIN_GROUP_SHARE` of all entries are left out. So
    the groups' `count`s may add up to fewer than `len(times)`.
    """
    if not times:
        return ()
    minutes = _minutes(times)
    total = len(minutes)
    if total >= 10:
        extended = [m - 1440 for m in minutes] + minutes + [m + 1440 for m in minutes]
        kept = [m for m in minutes if _neighbours(extended, m) >= MIN_NEIGHBOURS]
        minutes = kept or minutes
    n = len(minutes)
    cuts = [
        (i + 1) % n
        for i in range(n)
        if (minutes[(i + 1) % n] + (1440 if i == n - 1 else 0)) - minutes[i] >= DOSE_GAP_MIN
    ]
    if not cuts:  # one group around the whole day: cut at its largest gap
        found = usual_time([time(int(m) // 60, int(m) % 60) for m in minutes])
        return () if found is None else (found,)
    cuts.sort()
    groups: list[UsualTime] = []
    for index, cut in enumerate(cuts):
        end = cuts[index + 1] if index + 1 < len(cuts) else cuts[0] + n
        group = [minutes[j % n] + (1440 if j >= n else 0) for j in range(cut, end)]
        if len(group) >= MIN_GROUP_SHARE * total:
            groups.append(_summary(group))
    return tuple(sorted(groups, key=lambda u: u.median))


def _median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    n = len(ordered)
    mid = n // 2
    return ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2


# --- heatmap ---------------------------------------------------------------


@dataclass(frozen=True)
class Heatmap:
    """Per-day cells from `start` (a Monday) to `end`, and per-week cells for weekly items."""

    start: date
    end: date
    days: dict[date, str]
    weeks: dict[date, str]  # Monday -> status, for weeks judged against a weekly plan


def period_status(period: Period) -> str:
    if period.met:
        return MET
    if period.pending:
        return PENDING
    return PARTIAL if period.amount > 0 or period.entries > 0 else MISSED


def heatmap(
    periods: Sequence[Period],
    daily: Mapping[date, DayTotal],
    start: date,
    end: date,
    today: date,
    excused: Sequence[DayRange] = (),
    paused: Sequence[DayRange] = (),
    versions: Sequence[PlanVersion] = (),
) -> Heatmap:
    """The statuses of each day from the Monday of `start`'s week to `end`.

    A day is shown excused or paused only while a plan is in force (of `versions`, when
    given): before the first plan and after a stop it is simply not planned.
    """
    skip = Excused(excused, paused)

    def planned(day: date) -> bool:
        if not versions:
            return True
        version = version_in_force(versions, day)
        return version is not None and version.active

    weekly = any(period.per == "week" for period in periods)
    first = iso_monday(start)
    by_day: dict[date, Period] = {}
    weeks: dict[date, str] = {}
    for period in periods:
        if period.end < first or period.start > end:
            continue
        if period.per == "week":
            weeks[period.start] = period_status(period)
            for offset in range(7):
                by_day[period.start + timedelta(days=offset)] = period
        else:
            by_day[period.start] = period
    days: dict[date, str] = {}
    day = first
    while day <= end:
        found = by_day.get(day)
        if day > today:
            days[day] = FUTURE
        elif found is None:
            days[day] = (skip.status(day) if skip and planned(day) else None) or NOT_DUE
        elif found.per == "week":
            total = daily.get(day)
            if total is not None and total.count > 0:
                days[day] = SESSION
            else:
                days[day] = PAUSED if skip.status(day) == PAUSED else REST
        else:
            days[day] = period_status(found)
        if weekly and day.weekday() == 6 and iso_monday(day) not in weeks:
            monday = iso_monday(day)
            if skip and not skip.free_days(monday) and skip.any_paused(monday):
                weeks[monday] = PAUSED  # a week paused in full: not due
        day += timedelta(days=1)
    return Heatmap(start=first, end=end, days=days, weeks=weeks)


def heatmap_start(window_from: date, window_to: date, first_plan: date | None = None) -> date:
    """The last 6 months (26 weeks) up to `window_to`, or the window if it is longer; never
    before the week of the first plan day (months of blank columns say nothing)."""
    start = min(window_from, window_to - timedelta(weeks=26) + timedelta(days=1))
    return start if first_plan is None else max(start, iso_monday(first_plan))


def over_target_days(periods: Sequence[Period], start: date, end: date) -> tuple[OverTarget, ...]:
    """The days in start..end whose total went above the daily amount planned that day (a
    second dose by mistake, which an average can hide). Supplements' daily amounts only:
    more exercise than planned is no mistake."""
    return tuple(
        OverTarget(p.start, p.amount, p.plan.amount)
        for p in periods
        if p.per == "day"
        and p.plan.kind in SUPPLEMENT_NAMES
        and start <= p.start <= end
        and p.plan.amount is not None
        # compared at the 3 decimals amounts are stored with
        and round(p.amount, 3) > round(p.plan.amount, 3)
    )


class OverTarget(NamedTuple):
    day: date
    amount: float
    target: float


@dataclass(frozen=True)
class ItemReport:
    """One plan item's numbers for a report window."""

    kind: str
    exercise_type: str | None
    plan: PlanVersion  # the target shown: in force at the window's end, or the last one
    per: str
    stopped: bool  # no plan in force at the window's end
    current_streak: int
    longest_streak: int
    met: int
    due: int
    adherence_pct: float | None  # None when nothing was due
    average: float | None  # per due period; None when nothing was due
    average_of: str  # 'amount' (in the kind's unit) or 'count' (doses/sessions)
    score: float  # percent, one decimal
    periods: tuple[Period, ...]
    window_from: date  # the window as applied to this item: no earlier than its first plan
    window_to: date
    heatmap: Heatmap
    usual_times: tuple[UsualTime, ...] = ()
    # why some days were not judged, with its source (K2 on a vitamin K antagonist)
    caution: SafetyWarning | None = None
    # medicines: the medicine's key, its label ('Alendronate') and schedule ('70 mg weekly')
    medicine: str | None = None
    label: str | None = None
    target: str | None = None
    paused_days: int = 0  # days of the window on which the item was paused
    # days in the window above the daily amount planned (supplements)
    over_target: tuple[OverTarget, ...] = ()


@dataclass(frozen=True)
class Report:
    """All items' reports for one window (`window_from`..`window_to`, inclusive)."""

    window_from: date
    window_to: date
    today: date
    items: tuple[ItemReport, ...]
    # where the items' usual times of day start (the last USUAL_TIME_DAYS of the window)
    usual_times_from: date | None = None
    # pauses that cover any day from the earliest heatmap's start to the window's end
    pauses: tuple[Pause, ...] = ()
    # the window asked for, when it began before the first plan (the report starts there)
    asked_from: date | None = None


def item_report(
    versions: Sequence[PlanVersion],
    daily: Mapping[date, DayTotal],
    window_from: date,
    window_to: date,
    today: date,
    times_of_day: Sequence[time] = (),
    excused: Sequence[DayRange] = (),
    caution: SafetyWarning | None = None,
    periods: Sequence[Period] | None = None,
    paused: Sequence[DayRange] = (),
    streaks: Streaks | None = None,
) -> ItemReport | None:
    """The report of one item, or None when it had no plan by the window's end.

    `daily` must hold the item's whole history (streaks and the score use it);
    `times_of_day` are the local times of its entries in the window (supplements);
    days in `excused` are not due, and `caution` says why; days in `paused` are
    not due unless met anyway. `periods`, when given, replaces `compute_periods`
    (medicines judged per due dose). `streaks`, when given, are the streaks and score
    over all history, and then `periods` and `daily` need only cover the window and its
    heatmap (see domain/period_runs.py).
    """
    first = first_planned_day(versions)
    if first is None or first > window_to:
        return None
    if periods is None:
        periods = compute_periods(versions, daily, today, excused, paused)
    shown = version_in_force(versions, window_to)
    stopped = shown is None or not shown.active
    if shown is None or not shown.active:
        active = [v for v in versions if v.active and v.valid_from <= window_to]
        shown = active[-1]
    start = max(window_from, first)
    in_window = [p for p in periods if p.judged and p.end >= start and p.start <= window_to]
    due = len(in_window)
    if stopped and not any(p.end >= start and p.start <= window_to for p in periods):
        return None  # stopped before the window: nothing to say about it
    met = sum(1 for p in in_window if p.met)
    average_of = "amount" if shown.amount is not None else "count"
    if due:
        done = sum(p.amount if average_of == "amount" else p.entries for p in in_window)
        average: float | None = round1(done / due)
        adherence: float | None = round1(met / due * 100)
    else:
        average = adherence = None
    if streaks is None:
        streaks = Streaks(current_streak(periods), longest_streak(periods), strength_score(periods))
    return ItemReport(
        kind=shown.kind,
        exercise_type=shown.exercise_type,
        plan=shown,
        per=shown.per,
        stopped=stopped,
        current_streak=streaks.current,
        longest_streak=streaks.longest,
        met=met,
        due=due,
        adherence_pct=adherence,
        average=average,
        average_of=average_of,
        score=round1(streaks.score * 100),
        periods=tuple(periods),
        window_from=start,
        window_to=window_to,
        # A long window's heatmap starts with the item's window, not years before its plan.
        heatmap=heatmap(
            periods,
            daily,
            heatmap_start(start, window_to, first),
            window_to,
            today,
            excused,
            paused,
            versions,
        ),
        usual_times=usual_times(times_of_day),
        caution=caution,
        paused_days=paused_days_in(paused, start, min(window_to, today)),
        over_target=over_target_days(periods, start, window_to),
    )


def plan_item_reports(
    items: Mapping[ItemKey, Sequence[PlanVersion]],
    totals: Mapping[ItemKey, Mapping[date, DayTotal]],
    window_from: date,
    window_to: date,
    today: date,
    profile: Profile,
    times: Mapping[str, Sequence[time]] | None = None,
    pauses: Sequence[Pause] = (),
) -> list[ItemReport]:
    """The report of every item planned by the window's end, in `items`' order.

    K2 is not a target on days a vitamin K antagonist was in force (the profile's
    history): those days are not due, and the item carries the caution. Days in
    `pauses` of an item are not due unless met anyway (domain/pauses.py).
    """
    reports = []
    for key, versions in items.items():
        excused, caution = item_exclusions(key, profile, window_from, today)
        found = item_report(
            versions,
            totals.get(key, {}),
            window_from,
            window_to,
            today,
            item_times(key, times),
            excused=excused,
            caution=caution,
            paused=ranges_for(pauses, item_target(key)),
        )
        if found is not None:
            reports.append(found)
    return reports


def item_exclusions(
    key: ItemKey, profile: Profile, window_from: date, today: date
) -> tuple[tuple[DayRange, ...], SafetyWarning | None]:
    """The days an item is not judged, and the caution that says why (for the report)."""
    if key[0] == "k2":
        return profile.vka_days(), k2_vka_caution(profile, window_from, today)
    return (), None


def item_times(key: ItemKey, times: Mapping[str, Sequence[time]] | None) -> Sequence[time]:
    """The times of day of a supplement item's entries (exercise has none)."""
    return (times or {}).get(key[0], ()) if key[1] is None else ()
