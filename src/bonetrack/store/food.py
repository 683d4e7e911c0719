"""Storing and reading dietary intake records, inside the caller's transaction.

Two ways to bring records in, for the two kinds of export:
- `add_dietary`: each record by its key (Apple Health: type, source, start, end
  and value); a key already stored, or seen earlier in the same import, is skipped.
- `replace_dietary_days`: a source's records for the days an export covers replace
  what that source held for those days (Cronometer: a later export that overlaps
  an earlier one re-states whole days).
With `import_id=None` (a dry run) nothing is written; the tallies are the same.
Rows are looked up and written in batches, through the journal of changes when the
caller opened a change (an import is one change: `bonetrack undo` takes it back).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from itertools import islice
from typing import TYPE_CHECKING, Any, TypeVar

from bonetrack.domain.food import DietaryIntake, source_rank
from bonetrack.errors import InputError
from bonetrack.store import journal
from bonetrack.store.schema import dietary_intakes, imports

if TYPE_CHECKING:
    from sqlalchemy import Connection

    # imported where a tally is made: `log`, `today` and `report` load this module too
    from bonetrack.domain.import_tally import DietaryTally

BATCH = 400

T = TypeVar("T")


def batches(items: Iterable[T], size: int = BATCH) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def has_food_data(conn: Connection) -> bool:
    """Whether any food record is stored (the report and `today` show food only then)."""
    from sqlalchemy import select

    return conn.execute(select(dietary_intakes.c.id).limit(1)).first() is not None


def start_import(conn: Connection, source: str, name: str, now: datetime) -> int:
    """Record an import (the importer, the file as the user named it); its id."""
    row = journal.insert_row(conn, imports, {"source": source, "name": name, "imported_at": now})
    return int(row.id)


def _row(record: DietaryIntake, import_id: int) -> dict[str, Any]:
    return {**record.columns(), "import_id": import_id}


def add_dietary(
    conn: Connection, records: Iterable[DietaryIntake], *, import_id: int | None
) -> DietaryTally:
    """Add the records whose (source, key) is not stored yet; `import_id=None`: a dry run."""
    from sqlalchemy import select, tuple_

    from bonetrack.domain.import_tally import DietaryTally

    tally = DietaryTally()
    seen: set[tuple[str, str]] = set()
    for batch in batches(records):
        keys = {(r.source, r.record_key) for r in batch} - seen
        stored: set[tuple[str, str]] = set()
        if keys:
            query = select(dietary_intakes.c.source, dietary_intakes.c.record_key).where(
                tuple_(dietary_intakes.c.source, dietary_intakes.c.record_key).in_(list(keys))
            )
            stored = {(str(s), str(k)) for s, k in conn.execute(query)}
        new: list[DietaryIntake] = []
        for record in batch:
            key = (record.source, record.record_key)
            if key in seen or key in stored:
                tally.skipped += 1
                continue
            seen.add(key)
            new.append(record)
        tally.added += len(new)
        if import_id is not None and new:
            journal.insert_rows(conn, dietary_intakes, [_row(r, import_id) for r in new])
    return tally


def replace_dietary_days(
    conn: Connection,
    source: str,
    days: Iterable[date],
    records: Sequence[DietaryIntake],
    *,
    import_id: int | None,
) -> DietaryTally:
    """Make what `source` holds on `days` (the days an export covers) equal `records`.

    Every record must be of `source`, on one of `days`, and its key unique. A
    stored record the export restates unchanged stays as it is (with the import it
    first came from); one with another amount is replaced; one the export no longer
    holds is removed, and a covered day without records ends up with no food data.
    `import_id=None`: a dry run.
    """
    from sqlalchemy import select

    covered = sorted(set(days))
    covered_set = set(covered)
    wanted: dict[str, DietaryIntake] = {}
    for record in records:
        if record.source != source or record.day not in covered_set:
            raise ValueError(f"{record} is not of {source} on a covered day")
        if record.record_key in wanted:
            raise InputError(f"{record.day}: the same {record.nutrient} record twice.")
        wanted[record.record_key] = record
    from bonetrack.domain.import_tally import DietaryTally

    tally = DietaryTally()
    stale: list[int] = []
    for batch in batches(covered):
        query = select(
            dietary_intakes.c.id, dietary_intakes.c.record_key, dietary_intakes.c.amount
        ).where(dietary_intakes.c.source == source, dietary_intakes.c.local_date.in_(batch))
        for row_id, key, amount in conn.execute(query):
            restated = wanted.get(key)
            if restated is None:
                tally.removed += 1
            elif restated.amount == amount:
                tally.skipped += 1
                del wanted[key]  # kept as stored
                continue
            else:
                tally.changed += 1
            stale.append(row_id)
    tally.added = len(wanted) - tally.changed
    if import_id is not None:
        for ids in batches(stale):
            journal.delete_where(conn, dietary_intakes, dietary_intakes.c.id.in_(ids))
        for part in batches(wanted.values()):
            journal.insert_rows(conn, dietary_intakes, [_row(r, import_id) for r in part])
    return tally


@dataclass(frozen=True)
class FoodDay:
    """A nutrient's food total on one day, from one source."""

    day: date
    nutrient: str
    amount: float
    source: str


def food_days(
    conn: Connection, first_day: date, last_day: date, nutrients: Sequence[str] | None = None
) -> dict[tuple[date, str], FoodDay]:
    """Food per (day, nutrient) from `first_day` to `last_day`; days without data are absent."""
    from sqlalchemy import func, select

    query = (
        select(
            dietary_intakes.c.local_date,
            dietary_intakes.c.nutrient,
            dietary_intakes.c.source,
            func.sum(dietary_intakes.c.amount),
        )
        .where(dietary_intakes.c.local_date.between(first_day, last_day))
        .group_by(
            dietary_intakes.c.local_date, dietary_intakes.c.nutrient, dietary_intakes.c.source
        )
    )
    if nutrients is not None:
        query = query.where(dietary_intakes.c.nutrient.in_(list(nutrients)))
    found: dict[tuple[date, str], FoodDay] = {}
    for day, nutrient, source, amount in conn.execute(query):
        key = (day, str(nutrient))
        held = found.get(key)
        if held is None or source_rank(str(source)) < source_rank(held.source):
            found[key] = FoodDay(day, str(nutrient), round(float(amount), 6), str(source))
    return found
