"""The aggregates reports are computed from: SQL GROUP BY on intakes, through Core.

Never one row per entry for the day totals: ten years of history is a few
thousand (item, day) rows, not tens of thousands of entries. The report reads day totals
only for the days it shows; the rest of history comes summarized (store/run_summaries.py).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, time, timedelta
from typing import TYPE_CHECKING

from bonetrack.domain.adherence import DayTotal
from bonetrack.domain.plans import ItemKey
from bonetrack.store.schema import intakes

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from bonetrack.domain.adherence import ItemReport
    from bonetrack.domain.pauses import Pause
    from bonetrack.domain.plans import PlanVersion
    from bonetrack.domain.profile import Profile
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


def plan_reports(
    db: Database,
    items: Mapping[ItemKey, Sequence[PlanVersion]],
    window_from: date,
    window_to: date,
    today: date,
    profile: Profile,
    times: Mapping[str, Sequence[time]] | None = None,
    pauses: Sequence[Pause] = (),
) -> list[ItemReport]:
    """What `domain.adherence.plan_item_reports` gives over each item's whole history, from
    the day totals of the days shown and, for the rest, one summary row per run of periods."""
    from bonetrack.domain.adherence import item_exclusions, item_report, item_times
    from bonetrack.domain.pauses import item_target, ranges_for
    from bonetrack.domain.period_runs import Zones, period_runs
    from bonetrack.store.run_summaries import Entries, item_periods

    zones = Zones.of(window_from, window_to, today)
    reports = []
    with db.connect() as conn:
        for key, versions in items.items():
            excused, caution = item_exclusions(key, profile, window_from, today)
            paused = ranges_for(pauses, item_target(key))
            runs = period_runs(versions, today, excused, paused)
            entries = Entries(key[0], key[1] if key[0] == "exercise" else None)
            daily, periods, streaks = item_periods(conn, entries, runs, zones, today)
            found = item_report(
                versions,
                daily,
                window_from,
                window_to,
                today,
                item_times(key, times),
                excused=excused,
                caution=caution,
                periods=periods,
                paused=paused,
                streaks=streaks,
            )
            if found is not None:
                reports.append(found)
    return reports
