"""What `bonetrack info` tells about a database: rows per table, dates, schema revision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from bonetrack.store.schema import (
    ROW_NOUNS,
    dietary_intakes,
    events,
    intakes,
    lab_results,
    metadata,
    scans,
)

if TYPE_CHECKING:
    from bonetrack.store.engine import Database

# The tables `info` counts, named and ordered as ROW_NOUNS has them (the journal's rows
# are counted as its changes).
TABLES = tuple((plural, metadata.tables[name]) for name, (_, plural) in ROW_NOUNS.items())


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
