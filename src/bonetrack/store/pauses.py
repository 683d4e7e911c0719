"""Pauses: stored days on which planned items are not due (see domain/pauses.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from bonetrack.domain.pauses import Pause, check_pause, resume_day_range
from bonetrack.store import journal
from bonetrack.store.filters import delete_by_id, row_by_id
from bonetrack.store.schema import pauses

if TYPE_CHECKING:
    from sqlalchemy import Connection, Row

    from bonetrack.store.engine import Database


def _pause(row: Row[Any]) -> Pause:
    m = row._mapping
    return Pause(
        id=m["id"], target=m["target"], first=m["first_day"], last=m["last_day"], reason=m["reason"]
    )


def _all(conn: Connection) -> list[Pause]:
    from sqlalchemy import select

    query = select(pauses).order_by(pauses.c.first_day, pauses.c.id)
    return [_pause(row) for row in conn.execute(query)]


def list_pauses(db: Database, first: date | None = None, last: date | None = None) -> list[Pause]:
    """Every pause, earliest first; only those covering a day from `first` to `last` if given."""
    from sqlalchemy import or_, select

    query = select(pauses).order_by(pauses.c.first_day, pauses.c.id)
    if first is not None:
        query = query.where(or_(pauses.c.last_day.is_(None), pauses.c.last_day >= first))
    if last is not None:
        query = query.where(pauses.c.first_day <= last)
    with db.connect() as conn:
        return [_pause(row) for row in conn.execute(query)]


def add_pause(db: Database, pause: Pause) -> Pause:
    """Store `pause` unless it overlaps another of the same target (checked in the same
    transaction as the insert, so that two at once cannot both pass); a change of its own
    in the journal (`bonetrack undo` takes it back)."""
    with db.begin() as conn, journal.change(conn):
        check_pause(pause.first, pause.last, _all(conn), pause.target)
        row = journal.insert_row(
            conn,
            pauses,
            {
                "target": pause.target,
                "first_day": pause.first,
                "last_day": pause.last,
                "reason": pause.reason,
                "created_at": datetime.now(UTC),
            },
        )
    return _pause(row)


def insert_pauses(conn: Connection, new: Sequence[Pause], source: str = "demo") -> None:
    """Bulk insert, inside the caller's transaction (the demo's: unrecorded; recorded when
    the caller opened a change)."""
    now = datetime.now(UTC)
    journal.insert_rows(
        conn,
        pauses,
        [
            {
                "target": p.target,
                "first_day": p.first,
                "last_day": p.last,
                "reason": p.reason,
                "created_at": now,
                "source": source,
            }
            for p in new
        ],
    )


def get_pause(db: Database, pause_id: int) -> Pause | None:
    row = row_by_id(db, pauses, pause_id)
    return None if row is None else _pause(row)


def delete_pause(db: Database, pause_id: int) -> bool:
    return delete_by_id(db, pauses, pause_id)


def resume_pauses(db: Database, chosen: Sequence[Pause], on: date) -> list[Pause | None]:
    """End each of `chosen` the day before `on` (one transaction, one change in the journal);
    a pause that had not begun by `on` is deleted. Returns each one as it now is (None:
    deleted)."""
    from sqlalchemy import select

    results: list[Pause | None] = []
    with db.begin() as conn, journal.change(conn) as rec:
        for pause in chosen:
            ended = resume_day_range(pause, on)
            if ended is None:
                rec.delete(pauses, pauses.c.id == pause.id)
            else:
                uid = conn.execute(select(pauses.c.uid).where(pauses.c.id == pause.id)).scalar()
                rec.update(pauses, uid, {"last_day": ended.last})
            results.append(ended)
    return results
