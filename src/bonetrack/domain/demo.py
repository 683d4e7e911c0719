"""A seeded, realistic history of plans, doses and exercise, for `bonetrack demo` and benchmarks.

Pure: the same (end, years, seed) always gives the same history, and nothing is
read or written. The person it describes started with K2 (MK-7 180 µg),
calcium 1,000 mg (two 500 mg doses: the fact sheet's "at most 500 mg at a
time") and vitamin D 800 IU a day, added strength training twice a week two weeks
later, and part-way through raised calcium to 1,200 mg (500 + 500 + 200) and
added daily balance training. Doses are mostly kept, with the gaps real people
have: holidays, a bad month, the odd forgotten dose, a later breakfast at the
weekend. One holiday, ten days ending two months before the end, was paused in
advance (`bonetrack pause --all --reason holiday`): it shows in the report's
heatmaps without breaking a streak, and she still took some doses on it. Scans
and bone events come from `demo_bone`.

Times are naive local wall-clock times between 07:00 and 22:00, so none falls in
a daylight-saving gap; the caller attaches the local zone.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bonetrack.domain.pauses import ALL, Pause
from bonetrack.domain.plans import PlanVersion

DEFAULT_SEED = 2013  # Knapen's MK-7 trial year, for want of a better number


@dataclass(frozen=True, slots=True)
class DemoIntake:
    """One generated entry, in the shape the store inserts."""

    kind: str
    amount: float  # canonical unit
    input_amount: float
    input_unit: str
    form: str | None
    exercise_type: str | None
    local: datetime  # naive local wall-clock time


@dataclass(frozen=True)
class DemoHistory:
    start: date
    end: date
    plans: tuple[PlanVersion, ...]
    intakes: tuple[DemoIntake, ...]  # in time order
    pauses: tuple[Pause, ...] = ()


@dataclass(frozen=True, slots=True)
class _Spell:
    start: date
    end: date
    keep: float  # probability of keeping a dose during it


def demo_start(end: date, years: int) -> date:
    return end - timedelta(days=round(365.25 * years))


def _spells(rng: random.Random, start: date, end: date) -> list[_Spell]:
    """Holidays (two a year) and bad months (one per two years, never the last 45 days)."""
    spells: list[_Spell] = []
    span = (end - start).days
    if span < 60:
        return spells
    last = span - 45
    for _ in range(max(1, round(span / 365.25 * 2))):
        offset = rng.randrange(14, last)
        spells.append(
            _Spell(
                start + timedelta(days=offset),
                start + timedelta(days=offset + rng.randint(6, 15)),
                0.5,
            )
        )
    for _ in range(max(1, round(span / 730.5))):
        offset = rng.randrange(14, last)
        spells.append(
            _Spell(start + timedelta(days=offset), start + timedelta(days=offset + 30), 0.3)
        )
    return spells


# The paused holiday: 10 days, ending this many days before the demo's last day (in the
# report's six months of heatmap, outside its default 30-day window).
HOLIDAY_DAYS = 10
HOLIDAY_ENDS_BEFORE = 60
HOLIDAY_KEEP = 0.4  # doses taken now and then while away


def holiday_pause(start: date, end: date) -> Pause | None:
    last = end - timedelta(days=HOLIDAY_ENDS_BEFORE)
    first = last - timedelta(days=HOLIDAY_DAYS - 1)
    if first < start + timedelta(days=30):
        return None  # too short a history to have had it
    return Pause(None, ALL, first, last, "holiday")


def _at(rng: random.Random, day: date, hour: int, minute: int, sigma: float) -> datetime:
    base = hour * 60 + minute
    jitter = max(-75.0, min(75.0, rng.gauss(0.0, sigma)))
    total = base + round(jitter)
    return datetime.combine(day, time(total // 60, total % 60))


def generate_demo(now: datetime, years: int = 2, seed: int = DEFAULT_SEED) -> DemoHistory:
    """A history of `years` years ending at `now` (local wall-clock time; any tzinfo is ignored).

    No entry lies after `now`.
    """
    if years < 1:
        raise ValueError("years must be at least 1")
    rng = random.Random(seed)
    now = now.replace(tzinfo=None)
    end = now.date()
    start = demo_start(end, years)
    change = start + timedelta(days=round((end - start).days * 0.4))
    strength_from = start + timedelta(days=14)
    plans = (
        PlanVersion("k2", None, 180.0, "day", None, "mk7", start),
        PlanVersion("calcium", None, 1000.0, "day", None, "carbonate", start),
        PlanVersion("vitamin-d", None, 800.0, "day", None, "d3", start),
        PlanVersion("exercise", "strength", None, "week", 2, None, strength_from),
        PlanVersion("calcium", None, 1200.0, "day", None, "carbonate", change),
        PlanVersion("exercise", "balance", 15.0, "day", None, None, change),
    )
    spells = _spells(rng, start, end)
    intakes: list[DemoIntake] = []
    day = start
    one_day = timedelta(days=1)
    missed_tuesday = False
    while day <= end:
        keep = 0.94
        for spell in spells:
            if spell.start <= day <= spell.end:
                keep = min(keep, spell.keep)
        weekend = day.weekday() >= 5
        if weekend:
            keep -= 0.03
        todays: list[DemoIntake] = []
        breakfast = (9, 15) if weekend else (7, 50)
        if rng.random() < keep:
            # K2, vitamin D and the first calcium dose go with breakfast
            if rng.random() < 0.98:
                todays.append(
                    DemoIntake(
                        "k2", 180.0, 180.0, "mcg", "mk7", None, _at(rng, day, *breakfast, 12)
                    )
                )
            if rng.random() < 0.97:
                todays.append(
                    DemoIntake(
                        "vitamin-d", 800.0, 800.0, "IU", "d3", None, _at(rng, day, *breakfast, 12)
                    )
                )
            if rng.random() < 0.97:
                todays.append(
                    DemoIntake(
                        "calcium",
                        500.0,
                        500.0,
                        "mg",
                        "carbonate",
                        None,
                        _at(rng, day, *breakfast, 12),
                    )
                )
        if day >= change and rng.random() < keep * 0.85:
            todays.append(
                DemoIntake(
                    "calcium", 200.0, 200.0, "mg", "carbonate", None, _at(rng, day, 12, 45, 20)
                )
            )
        if rng.random() < keep * 0.95:
            todays.append(
                DemoIntake(
                    "calcium", 500.0, 500.0, "mg", "carbonate", None, _at(rng, day, 18, 40, 20)
                )
            )
        if day >= strength_from:
            weekday = day.weekday()
            session_keep = 0.88 if keep > 0.9 else 0.3
            do = False
            if weekday in (1, 4):  # Tuesday and Friday classes
                do = rng.random() < session_keep
                if weekday == 1:
                    missed_tuesday = not do
            elif weekday == 2 and missed_tuesday:  # caught up on Wednesday, sometimes
                do = rng.random() < 0.5
            if do:
                minutes = float(rng.choice((30, 40, 45, 45, 50, 60)))
                todays.append(
                    DemoIntake(
                        "exercise",
                        minutes,
                        minutes,
                        "min",
                        None,
                        "strength",
                        _at(rng, day, 17, 30, 10),
                    )
                )
        if day >= change and rng.random() < keep * 0.82:
            minutes = float(rng.choice((15, 15, 15, 20, 20, 10)))
            todays.append(
                DemoIntake(
                    "exercise", minutes, minutes, "min", None, "balance", _at(rng, day, 20, 30, 25)
                )
            )
        if rng.random() < (0.45 if weekend else 0.3) * keep:
            minutes = float(rng.choice((30, 40, 45, 60, 75)))
            todays.append(
                DemoIntake(
                    "exercise",
                    minutes,
                    minutes,
                    "min",
                    None,
                    "walking",
                    _at(rng, day, 10 if weekend else 12, 30, 30),
                )
            )
        todays.sort(key=lambda entry: entry.local)
        if day == end:
            todays = [entry for entry in todays if entry.local <= now]
        intakes.extend(todays)
        day += one_day
    holiday = holiday_pause(start, end)
    if holiday is not None:
        # Thinned with a generator of its own, so that the rest of the history is the same
        # with or without the holiday.
        away = random.Random(seed * 7919 + 1)
        intakes = [
            entry
            for entry in intakes
            if not holiday.covers(entry.local.date()) or away.random() < HOLIDAY_KEEP
        ]
    return DemoHistory(
        start=start,
        end=end,
        plans=plans,
        intakes=tuple(intakes),
        pauses=() if holiday is None else (holiday,),
    )
