"""Measured heights (one row per measurement)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from bonetrack.domain.height import Height
from bonetrack.store import journal
from bonetrack.store.filters import delete_by_id, row_by_id
from bonetrack.store.schema import heights

if TYPE_CHECKING:
    from sqlalchemy import Row

    from bonetrack.store.engine import Database


def _height(row: Row[Any]) -> Height:
    m = row._mapping
    return Height(
        id=m["id"],
        measured_on=m["measured_on"],
        height_cm=m["height_cm"],
        note=m["note"],
        source=m["source"],
    )


def add_height(db: Database, height: Height) -> Height:
    values = {
        "measured_on": height.measured_on,
        "height_cm": height.height_cm,
        "note": height.note,
        "source": height.source,
        "created_at": datetime.now(UTC),
    }
    return _height(journal.add_row(db, heights, values))


def list_heights(db: Database, up_to: date | None = None) -> list[Height]:
    """Oldest first (by date, then in the order recorded); only up to `up_to` when given."""
    from sqlalchemy import select

    query = select(heights).order_by(heights.c.measured_on, heights.c.id)
    if up_to is not None:
        query = query.where(heights.c.measured_on <= up_to)
    with db.connect() as conn:
        return [_height(row) for row in conn.execute(query)]


def get_height(db: Database, height_id: int) -> Height | None:
    row = row_by_id(db, heights, height_id)
    return None if row is None else _height(row)


def delete_height(db: Database, height_id: int) -> bool:
    return delete_by_id(db, heights, height_id)
