"""The aggregates reports are computed from: SQL GROUP BY on intakes, through Core.

Never one row per entry for the day totals: ten years of history is a few
thousand (item, day) rows, not tens of thousands of entries.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, time, timedelta
from typing import TYPE_CHECKING

from bonetrack.domain.adherence import DayTotal
from bonetrack.domain.plans import ItemKey
from bonetrack.store.schema import intakes

if TYPE_CHECKING:
    from bonetrack.store.engine import Database


def daily_totals(
    db: Database,
    kinds: Collection[str],
    date_from: date | None = None,
    date_to: date | None = None,
) -> dict[ItemKey, dict[date, DayTotal]]:
    """Sum of amounts and number of entries per (kind, exercise type, local day).

    Supplements' item key has exercise_type None, whatever a row holds.
    """
    from sqlalchemy import func, select

    query = (
        select(
            intakes.c.kind,
            intakes.c.exercise_type,
            intakes.c.local_date,
            func.sum(intakes.c.amount),
            func.count(),
        )
        .where(intakes.c.kind.in_(list(kinds)))
        .group_by(intakes.c.kind, intakes.c.exercise_type, intakes.c.local_date)
    )
    if date_from is not None:
        query = query.where(intakes.c.local_date >= date_from)
    if date_to is not None:
        query = query.where(intakes.c.local_date <= date_to)
    result: dict[ItemKey, dict[date, DayTotal]] = {}
    with db.connect() as conn:
        for kind, exercise_type, day, amount, count in conn.execute(query):
            key = (kind, exercise_type if kind == "exercise" else None)
            days = result.setdefault(key, {})
            before = days.get(day)
            if before is None:
                days[day] = DayTotal(float(amount), int(count))
            else:  # a supplement row carrying a stray exercise_type: merge
                days[day] = DayTotal(before.amount + float(amount), before.count + int(count))
    return result


def times_of_day(
    db: Database, kinds: Collection[str], date_from: date, date_to: date
) -> dict[str, list[time]]:
    """The local wall-clock time of each entry of `kinds` in the window, per kind.

    Two columns per entry of the window only (not all history): the local time is
    the stored UTC instant plus the UTC offset the user had when taking it.
    """
    from sqlalchemy import select

    query = select(intakes.c.kind, intakes.c.taken_at, intakes.c.utc_offset_min).where(
        intakes.c.kind.in_(list(kinds)),
        intakes.c.local_date >= date_from,
        intakes.c.local_date <= date_to,
    )
    result: dict[str, list[time]] = {}
    with db.connect() as conn:
        for kind, taken_at, offset in conn.execute(query):
            local = taken_at + timedelta(minutes=offset)
            result.setdefault(kind, []).append(local.time().replace(tzinfo=None))
    return result


def first_entry_day(db: Database) -> date | None:
    """The local day of the first entry ever logged, or None."""
    from sqlalchemy import func, select

    with db.connect() as conn:
        value = conn.execute(select(func.min(intakes.c.local_date))).scalar()
    return value if isinstance(value, date) else None
