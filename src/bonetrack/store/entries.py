"""Storing, listing, changing and deleting intake entries."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from bonetrack.domain.entries import Entry, NewEntry
from bonetrack.store import journal
from bonetrack.store.filters import RowFilter, bindable_id, delete_by_id, filtered, row_by_id
from bonetrack.store.schema import intakes

if TYPE_CHECKING:
    from sqlalchemy import Connection, Row

    from bonetrack.store.engine import Database


def _entry(row: Row[Any]) -> Entry:
    m = row._mapping
    return Entry(
        id=m["id"],
        kind=m["kind"],
        amount=m["amount"],
        input_amount=m["input_amount"],
        input_unit=m["input_unit"],
        form=m["form"],
        exercise_type=m["exercise_type"],
        note=m["note"],
        taken_at=m["taken_at"],
        utc_offset_min=m["utc_offset_min"],
        local_date=m["local_date"],
        created_at=m["created_at"],
        source=m["source"],
        medicine=m["medicine"],
    )


def _values(entry: NewEntry, created_at: datetime) -> dict[str, Any]:
    return {
        "kind": entry.kind,
        "amount": entry.amount,
        "input_amount": entry.input_amount,
        "input_unit": entry.input_unit,
        "form": entry.form,
        "exercise_type": entry.exercise_type,
        "note": entry.note,
        "taken_at": entry.taken_at,
        "utc_offset_min": entry.utc_offset_min,
        "local_date": entry.local_date,
        "created_at": created_at,
        "source": entry.source,
        "medicine": entry.medicine,
    }


def add_entry(db: Database, entry: NewEntry) -> Entry:
    return _entry(journal.add_row(db, intakes, _values(entry, datetime.now(UTC))))


def add_entries(conn: Connection, entries: list[NewEntry]) -> None:
    """Bulk insert inside the caller's transaction (demo data, imports): recorded in the
    journal when the caller opened a change (`journal.change`)."""
    now = datetime.now(UTC)
    journal.insert_rows(conn, intakes, [_values(entry, now) for entry in entries])


def day_total(db: Database, kind: str, day: date) -> float:
    from sqlalchemy import func, select

    query = select(func.coalesce(func.sum(intakes.c.amount), 0.0)).where(
        intakes.c.kind == kind, intakes.c.local_date == day
    )
    with db.connect() as conn:
        return float(conn.execute(query).scalar_one())


def list_entries(db: Database, where: RowFilter) -> list[Entry]:
    """Newest first (by when taken, then by id)."""
    from sqlalchemy import select

    newest_first = select(intakes).order_by(intakes.c.taken_at.desc(), intakes.c.id.desc())
    query = filtered(newest_first, intakes, where)
    with db.connect() as conn:
        return [_entry(row) for row in conn.execute(query)]


def get_entry(db: Database, entry_id: int) -> Entry | None:
    row = row_by_id(db, intakes, entry_id)
    return None if row is None else _entry(row)


def last_created(db: Database) -> Entry | None:
    from sqlalchemy import select

    query = select(intakes).order_by(intakes.c.created_at.desc(), intakes.c.id.desc()).limit(1)
    with db.connect() as conn:
        row = conn.execute(query).first()
    return None if row is None else _entry(row)


def delete_entry(db: Database, entry_id: int) -> bool:
    return delete_by_id(db, intakes, entry_id)


def replace_entry(db: Database, entry_id: int, entry: NewEntry) -> Entry | None:
    """Overwrite the entry's recorded values (keeping its id and creation time)."""
    if not bindable_id(entry_id):
        return None
    values = _values(entry, datetime.now(UTC))
    del values["created_at"]
    row = journal.update_row(db, intakes, entry_id, values)
    return None if row is None else _entry(row)
