"""What `entries` and `event list` filter by, applied the same way to either table,
and rows looked up or deleted by id the same way in every table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Row, Select, Table

    from bonetrack.store.engine import Database

# The largest id (and limit) SQLite and PostgreSQL can bind: a signed 64-bit integer.
MAX_ID = 2**63 - 1


@dataclass(frozen=True)
class RowFilter:
    kind: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    limit: int | None = None


def bindable_id(row_id: int) -> bool:
    """False for an id no row can have and the driver could not even bind."""
    return -MAX_ID <= row_id <= MAX_ID


def row_by_id(db: Database, table: Table, row_id: int) -> Row[Any] | None:
    """The row of `table` with this id, or None (also for an id no row can have)."""
    from sqlalchemy import select

    if not bindable_id(row_id):
        return None
    with db.connect() as conn:
        return conn.execute(select(table).where(table.c.id == row_id)).first()


def delete_by_id(db: Database, table: Table, row_id: int) -> bool:
    """Delete the row of `table` with this id; whether there was one."""
    from bonetrack.store.journal import delete_rows

    if not bindable_id(row_id):
        return False
    return delete_rows(db, table, table.c.id == row_id) > 0


def filtered(query: Select[Any], table: Table, where: RowFilter) -> Select[Any]:
    """`query` restricted by kind and local day range, and limited."""
    if where.kind is not None:
        query = query.where(table.c.kind == where.kind)
    if where.date_from is not None:
        query = query.where(table.c.local_date >= where.date_from)
    if where.date_to is not None:
        query = query.where(table.c.local_date <= where.date_to)
    if where.limit is not None:
        # A limit past what SQL can hold means no limit at all.
        query = query.limit(min(where.limit, MAX_ID))
    return query
