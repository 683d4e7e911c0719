"""Notes and questions for the visit (the `notes` table)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from bonetrack.domain.notes import Note
from bonetrack.store import journal
from bonetrack.store.filters import bindable_id, delete_by_id, row_by_id
from bonetrack.store.schema import notes

if TYPE_CHECKING:
    from sqlalchemy import Row

    from bonetrack.store.engine import Database


def _note(row: Row[Any]) -> Note:
    m = row._mapping
    return Note(
        id=m["id"],
        text=m["text"],
        for_visit=bool(m["for_visit"]),
        written_on=m["written_on"],
        done_on=m["done_on"],
        source=m["source"],
    )


def add_note(db: Database, note: Note) -> Note:
    values = {
        "text": note.text,
        "for_visit": note.for_visit,
        "written_on": note.written_on,
        "done_on": note.done_on,
        "created_at": datetime.now(UTC),
        "source": note.source,
    }
    return _note(journal.add_row(db, notes, values))


def list_notes(db: Database, *, for_visit: bool = False, open_on: date | None = None) -> list[Note]:
    """Oldest first; only questions for the visit with `for_visit`, only those open on a day
    with `open_on` (written by then, not discussed by then)."""
    from sqlalchemy import or_, select

    query = select(notes).order_by(notes.c.written_on, notes.c.id)
    if for_visit or open_on is not None:
        query = query.where(notes.c.for_visit.is_(True))
    if open_on is not None:
        query = query.where(
            notes.c.written_on <= open_on,
            or_(notes.c.done_on.is_(None), notes.c.done_on > open_on),
        )
    with db.connect() as conn:
        return [_note(row) for row in conn.execute(query)]


def get_note(db: Database, note_id: int) -> Note | None:
    row = row_by_id(db, notes, note_id)
    return None if row is None else _note(row)


def mark_done(db: Database, note_id: int, day: date) -> bool:
    if not bindable_id(note_id):
        return False
    return journal.update_row(db, notes, note_id, {"done_on": day}) is not None


def delete_note(db: Database, note_id: int) -> bool:
    return delete_by_id(db, notes, note_id)
