"""The totals the warning rules need, aggregated in SQL, and the rules applied to them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from bonetrack.domain.food import CALCIUM, VITAMIN_D
from bonetrack.domain.guidance import (
    CALCIUM_SITTING_MINUTES,
    VITAMIN_D_WINDOW_DAYS,
    DayAggregate,
    DayContext,
    LoggedEntry,
    SafetyWarning,
    VitaminDWindow,
    WindowWarning,
    entry_warnings,
    window_warnings,
)
from bonetrack.domain.reference import VITAMIN_D_UL_IU
from bonetrack.store.food import food_days
from bonetrack.store.profile import load_profile
from bonetrack.store.schema import intakes

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from bonetrack.domain.entries import Entry
    from bonetrack.domain.profile import Profile
    from bonetrack.store.engine import Database


def warnings_after_log(
    db: Database, entry: Entry, profile: Profile | None = None
) -> list[SafetyWarning]:
    """The warnings for an entry just stored (its own amount included in the totals).

    Reads only: a warning never changes or blocks what was stored. Reference
    values are those of the entry's day, so an entry logged for last December
    is judged by the age group of last year.
    """
    if profile is None:
        profile = load_profile(db)
    refs = profile.references(entry.local_date)
    context = DayContext()
    if entry.kind == "calcium":
        sitting, entries = calcium_sitting(db, entry.taken_at)
        context = DayContext(
            calcium_day_total_mg=calcium_day_total(db, entry.local_date),
            calcium_food_mg=food_total(db, CALCIUM, entry.local_date),
            calcium_sitting_mg=sitting,
            calcium_sitting_entries=entries,
        )
    elif entry.kind == "vitamin-d" and refs is not None:
        ul = refs.vitamin_d_ul_iu
        context = DayContext(vitamin_d_window=vitamin_d_window_total(db, entry.local_date, ul))
    logged = LoggedEntry(
        kind=entry.kind, amount=entry.amount, form=entry.form, local_date=entry.local_date
    )
    found = entry_warnings(logged, profile, context, entry.local_date)
    # Medicines: calcium in an oral bisphosphonate's fasting window, a second weekly dose.
    if entry.kind == "calcium":
        from bonetrack.store.medicine_warnings import warnings_after_calcium

        found += warnings_after_calcium(db, entry)
    elif entry.kind == "medicine":
        from bonetrack.store.medicine_warnings import warnings_after_dose

        found += warnings_after_dose(db, entry)
    return found


def calcium_day_total(db: Database, day: date) -> float:
    """Elemental calcium (mg) logged on that local day."""
    from sqlalchemy import func, select

    query = select(func.coalesce(func.sum(intakes.c.amount), 0.0)).where(
        intakes.c.kind == "calcium", intakes.c.local_date == day
    )
    with db.connect() as conn:
        return float(conn.execute(query).scalar_one())


def food_total(db: Database, nutrient: str, day: date) -> float | None:
    """The nutrient from food on that local day; None without food data."""
    with db.connect() as conn:
        found = food_days(conn, day, day, (nutrient,)).get((day, nutrient))
    return None if found is None else found.amount


def calcium_sitting(db: Database, taken_at: datetime) -> tuple[float, int]:
    """Calcium (mg) and the number of entries less than CALCIUM_SITTING_MINUTES from `taken_at`."""
    from sqlalchemy import func, select

    span = timedelta(minutes=CALCIUM_SITTING_MINUTES)
    query = select(func.coalesce(func.sum(intakes.c.amount), 0.0), func.count()).where(
        intakes.c.kind == "calcium",
        intakes.c.taken_at > taken_at - span,
        intakes.c.taken_at < taken_at + span,
    )
    with db.connect() as conn:
        total, count = conn.execute(query).one()
    return float(total), int(count)


def vitamin_d_window_total(db: Database, last_day: date, ul_iu: float) -> VitaminDWindow:
    """Vitamin D (IU) over the 7 days ending `last_day`, split at the UL, in one query.

    Gives the sum of entries at or below the UL and the sum and count of entries
    above it. The rule (`domain.guidance.vitamin_d_average_warning`) leaves the
    entries above the UL out of the average only when there is exactly one of
    them in the window (a single prescribed dose); two or more all count.
    """
    from sqlalchemy import case, func, select

    c = intakes.c
    above = c.amount > ul_iu
    first_day = last_day - timedelta(days=VITAMIN_D_WINDOW_DAYS - 1)
    query = select(
        func.coalesce(func.sum(case((above, 0.0), else_=c.amount)), 0.0),
        func.coalesce(func.sum(case((above, c.amount), else_=0.0)), 0.0),
        func.coalesce(func.sum(case((above, 1), else_=0)), 0),
    ).where(
        c.kind == "vitamin-d",
        c.local_date >= first_day,
        c.local_date <= last_day,
    )
    with db.connect() as conn:
        row = conn.execute(query).one()
        food = food_days(conn, first_day, last_day, (VITAMIN_D,))
    # Food is everyday intake: it counts toward the average, never as a single high dose.
    eaten = sum(found.amount for found in food.values())
    return VitaminDWindow(
        at_or_below_ul_iu=float(row[0]) + eaten,
        above_ul_iu=float(row[1]),
        above_ul_count=int(row[2]),
    )


def day_aggregates(
    db: Database, first_day: date, last_day: date, vitamin_d_ul_iu: float
) -> list[DayAggregate]:
    """Per local day from `first_day` to `last_day`, the totals the rules need.

    One GROUP BY local_date query over the entries and one over the food records;
    days with neither are absent.
    Vitamin D comes split at `vitamin_d_ul_iu` (sum at or below it, sum and count
    of entries above it) so that `window_warnings` can apply the 7-day rule.
    """
    from sqlalchemy import case, func, select

    c = intakes.c
    calcium = c.kind == "calcium"
    vitamin_d = c.kind == "vitamin-d"
    vitamin_d_above_ul = vitamin_d & (c.amount > vitamin_d_ul_iu)
    k2 = c.kind == "k2"
    query = (
        select(
            c.local_date,
            func.sum(case((calcium, c.amount), else_=0.0)),
            func.max(case((calcium, c.amount), else_=0.0)),
            func.sum(case((vitamin_d & (c.amount <= vitamin_d_ul_iu), c.amount), else_=0.0)),
            func.sum(case((vitamin_d_above_ul, c.amount), else_=0.0)),
            func.sum(case((vitamin_d_above_ul, 1), else_=0)),
            func.max(case((vitamin_d, c.amount), else_=0.0)),
            func.sum(case((k2, 1), else_=0)),
            func.max(case((k2 & (c.form == "mk7"), c.amount))),
            func.min(case((k2 & (c.form == "mk4"), c.amount))),
        )
        .where(
            c.kind.in_(("calcium", "vitamin-d", "k2")),
            c.local_date >= first_day,
            c.local_date <= last_day,
        )
        .group_by(c.local_date)
        .order_by(c.local_date)
    )
    with db.connect() as conn:
        rows = conn.execute(query).all()
        sittings = _calcium_sittings(conn, first_day, last_day)
        food = food_days(conn, first_day, last_day, (CALCIUM, VITAMIN_D))
    days = {
        row[0]: DayAggregate(
            day=row[0],
            calcium_total_mg=float(row[1]),
            calcium_max_dose_mg=float(row[2]),
            calcium_max_sitting_mg=sittings.get(row[0], 0.0),
            vitamin_d_everyday_iu=float(row[3]),
            vitamin_d_above_ul_iu=float(row[4]),
            vitamin_d_above_ul_count=int(row[5]),
            vitamin_d_max_dose_iu=float(row[6]),
            k2_entries=int(row[7]),
            k2_mk7_max_mcg=None if row[8] is None else float(row[8]),
            k2_mk4_min_mcg=None if row[9] is None else float(row[9]),
        )
        for row in rows
    }
    # Days with food and no supplements count too (food alone can pass the calcium UL).
    for day in sorted({day for day, _ in food}):
        food_calcium, food_vitamin_d = food.get((day, CALCIUM)), food.get((day, VITAMIN_D))
        days[day] = replace(
            days.get(day, DayAggregate(day=day)),
            calcium_food_mg=None if food_calcium is None else food_calcium.amount,
            vitamin_d_food_iu=None if food_vitamin_d is None else food_vitamin_d.amount,
        )
    return [days[day] for day in sorted(days)]


def _calcium_sittings(conn: Connection, first_day: date, last_day: date) -> dict[date, float]:
    """Per local day, the most calcium (mg) taken less than CALCIUM_SITTING_MINUTES from one
    entry: a window function over the entries, one row per day back."""
    from sqlalchemy import func, select

    from bonetrack.store.timekeys import epoch_seconds

    c = intakes.c
    # The day before and after too: a sitting can cross midnight.
    per_entry = (
        select(
            c.local_date.label("day"),
            func.sum(c.amount)
            .over(
                order_by=epoch_seconds(c.taken_at),
                # a second short of the hour: entries an hour apart are separate doses
                # (times are whole seconds apart as people log them, floats or not)
                range_=(-(CALCIUM_SITTING_MINUTES * 60 - 1), CALCIUM_SITTING_MINUTES * 60 - 1),
            )
            .label("sitting"),
        )
        .where(
            c.kind == "calcium",
            c.local_date >= first_day - timedelta(days=1),
            c.local_date <= last_day + timedelta(days=1),
        )
        .subquery()
    )
    query = select(per_entry.c.day, func.max(per_entry.c.sitting)).group_by(per_entry.c.day)
    return {day: float(most) for day, most in conn.execute(query)}


def report_warnings(
    db: Database, start: date, end: date, profile: Profile | None = None
) -> list[WindowWarning]:
    """The warnings that occurred on days from `start` to `end` (inclusive), for a report."""
    if profile is None:
        profile = load_profile(db)
    refs = profile.references(end)
    # Under 9 at the window's end there is no UL: split where every age group has it.
    ul = refs.vitamin_d_ul_iu if refs is not None else VITAMIN_D_UL_IU
    lookback = start - timedelta(days=VITAMIN_D_WINDOW_DAYS - 1)
    found = window_warnings(day_aggregates(db, lookback, end, ul), profile, start, end)
    # The medicine rules `med take` and `log calcium` warn about, day by day.
    from bonetrack.store.medicine_status import medicine_window_warnings

    return found + medicine_window_warnings(db, start, end)
