"""What `bonetrack info` tells about a database: rows per table, dates, schema revision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from bonetrack.store.schema import (
    ROW_NOUNS,
    anticoagulant_history,
    changes,
    dietary_intakes,
    events,
    heights,
    imports,
    intakes,
    lab_results,
    medicines,
    notes,
    plans,
    scans,
    settings,
)

if TYPE_CHECKING:
    from bonetrack.store.engine import Database

# The tables `info` counts, in the order it lists them (named as ROW_NOUNS says).
TABLES = tuple(
    (ROW_NOUNS[table.name][1], table)
    for table in (
        intakes,
        plans,
        medicines,
        lab_results,
        dietary_intakes,
        imports,
        scans,
        events,
        heights,
        anticoagulant_history,
        notes,
        settings,
        changes,
    )
)


@dataclass(frozen=True)
class Contents:
    revision: str | None
    rows: dict[str, int]
    first_day: date | None  # of the entries, events, scans, lab results and food together
    last_day: date | None


def contents(db: Database) -> Contents:
    from sqlalchemy import func, select, union_all

    from bonetrack.store.migrate import stored_revision

    days = union_all(
        select(intakes.c.local_date.label("day")),
        select(events.c.local_date.label("day")),
        select(scans.c.scan_date.label("day")),
        select(lab_results.c.taken_on.label("day")),
        select(dietary_intakes.c.local_date.label("day")),
    ).subquery()
    with db.connect() as conn:
        revision, _ = stored_revision(conn)
        rows = {
            name: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
            for name, table in TABLES
        }
        first, last = conn.execute(select(func.min(days.c.day), func.max(days.c.day))).one()
    return Contents(revision, rows, _day(first), _day(last))


def _day(value: object) -> date | None:
    # SQLite hands a MIN over a union back as text.
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
