"""The journal of changes: every write a command makes, so that `undo` can take back
the last change of any kind.

A change is what one command did, inside its one transaction. Writers record their
rows through a `Change`:

    with db.begin() as conn, journal.change(conn) as rec:
        key = rec.insert(intakes, values)

`change(conn)` joins the change already open on `conn`, so a command that calls
several writers (an import: entries, scans, plans...) makes one change, undone as
one: open it first, in the caller's transaction. Inside it, `journal.recorder(conn)`
gives writers that take a connection (bulk inserts) the open change; outside one they
write unrecorded (the demo's sample data, which lives in a database of its own).

Each recorded row keeps its values before and after, as JSON, so an undo restores
exactly what was there, and refuses when the row has changed since.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from functools import cache
from itertools import groupby
from typing import TYPE_CHECKING, Any

from bonetrack.errors import BonetrackError, StoreError
from bonetrack.store.schema import change_rows, changes, metadata, new_uid

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement, Connection, Row, Table

    from bonetrack.store.engine import Database

# The command line that is running, set once by the CLI: each change is labelled with it.
command_line: ContextVar[str] = ContextVar("bonetrack_command_line", default="")

_OPEN = "bonetrack.change"  # key in Connection.info while a change is being recorded
_CHUNK = 500  # keys per IN (...) when reading back inserted rows
LIST_LIMIT = 20

# One row's (key, action, before, after), as `Change._record` takes them.
RowValues = tuple[Any, str, "Mapping[str, Any] | None", "Mapping[str, Any] | None"]


def key_column(table: Table) -> str:
    """The column that names a row of `table` in the journal: its uid (the same on every
    device, so the journal can be exported and merged), the key of a setting."""
    if table.name == "settings":
        return "key"
    return "uid" if "uid" in table.c else "id"


class Change:
    """The rows one change adds, edits and deletes, recorded as it makes them."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.change_id: int | None = None
        self.change_uid: str | None = None

    def _open(self) -> int:
        """The change's row, made when it first records something: a command that writes
        nothing leaves no change behind."""
        from sqlalchemy import insert

        if self.change_id is None:
            self.change_uid = new_uid()
            new = insert(changes).values(
                uid=self.change_uid, made_at=datetime.now(UTC), command=command_line.get()
            )
            inserted = self.conn.execute(new).inserted_primary_key
            assert inserted is not None
            self.change_id = int(inserted[0])
        return self.change_id

    def _record(self, table: Table, rows: list[RowValues]) -> None:
        """Record (key, action, before, after) of rows of `table`: one multi-row insert, so
        an import of thousands of rows costs a few statements, not thousands."""
        from sqlalchemy import insert

        if not rows:
            return
        self._open()
        self.conn.execute(
            insert(change_rows),
            [
                {
                    "uid": new_uid(),
                    "change_id": self.change_id,
                    "table_name": table.name,
                    "row_key": str(key),
                    "action": action,
                    "before": None if before is None else encode(table, before),
                    "after": None if after is None else encode(table, after),
                }
                for key, action, before, after in rows
            ],
        )

    def _row(self, table: Table, key: Any) -> dict[str, Any] | None:
        from sqlalchemy import select

        found = self.conn.execute(select(table).where(table.c[key_column(table)] == key)).first()
        return None if found is None else dict(found._mapping)

    def insert(self, table: Table, values: Mapping[str, Any]) -> Any:
        """Insert one row; its key."""
        return self.insert_many(table, [dict(values)])[0]

    def insert_many(self, table: Table, rows: list[dict[str, Any]]) -> list[Any]:
        """Insert rows (one multi-row statement) and record each; their keys, in order."""
        from sqlalchemy import insert, select

        name = key_column(table)
        if name == "uid":
            rows = [row if "uid" in row else {**row, "uid": new_uid()} for row in rows]
        if name not in rows[0]:  # a table without uids: one statement per row for its id
            keys = []
            for row in rows:
                inserted = self.conn.execute(insert(table).values(row)).inserted_primary_key
                assert inserted is not None
                keys.append(inserted[0])
        else:
            keys = [row[name] for row in rows]
            self.conn.execute(insert(table), rows)
        column = table.c[name]
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start : start + _CHUNK]
            # Read back as stored (defaults filled in), in the order given.
            stored = {
                found._mapping[name]: found._asdict()
                for found in self.conn.execute(select(table).where(column.in_(chunk)))
            }
            self._record(table, [(key, "insert", None, stored[key]) for key in chunk])
        return keys

    def update(self, table: Table, key: Any, values: Mapping[str, Any]) -> bool:
        """Change one row; False when there is no such row."""
        from sqlalchemy import update

        before = self._row(table, key)
        if before is None:
            return False
        column = table.c[key_column(table)]
        self.conn.execute(update(table).where(column == key).values(dict(values)))
        self._record(table, [(key, "update", before, self._row(table, key))])
        return True

    def add_history(self, table: Table, rows: list[dict[str, Any]]) -> None:
        """Add the journal's own rows from another device's export, unrecorded: its changes
        are history here, named as brought by this change (the import)."""
        from sqlalchemy import insert

        if not rows:
            return
        if table is changes:
            self._open()
            rows = [{**row, "imported_in": self.change_uid} for row in rows]
        self.conn.execute(insert(table), rows)

    def replace_history(self, table: Table, uid: str, values: Mapping[str, Any]) -> None:
        """`import --prefer theirs` of a journal row: a change undone since on its device."""
        from sqlalchemy import update

        self.conn.execute(update(table).where(table.c.uid == uid).values(dict(values)))

    def delete(self, table: Table, where: ColumnElement[bool]) -> int:
        """Delete the rows `where` selects; how many there were."""
        from sqlalchemy import delete, select

        name = key_column(table)
        query = select(table).where(where).order_by(*table.primary_key.columns)
        rows = [dict(r._mapping) for r in self.conn.execute(query)]
        column = table.c[name]
        for start in range(0, len(rows), _CHUNK):
            chunk = rows[start : start + _CHUNK]
            self._record(table, [(row[name], "delete", row, None) for row in chunk])
            self.conn.execute(delete(table).where(column.in_([row[name] for row in chunk])))
        return len(rows)


@contextmanager
def change(conn: Connection) -> Iterator[Change]:
    """Record the writes made through the yielded `Change` as one change (joining one
    already open on `conn`), inside the caller's transaction."""
    current = conn.info.get(_OPEN)
    if current is not None:
        yield current
        return
    opened = Change(conn)
    conn.info[_OPEN] = opened
    try:
        yield opened
    finally:
        del conn.info[_OPEN]


def recorder(conn: Connection) -> Change | None:
    """The change open on `conn`, if any: bulk writers record through it when there is one."""
    current = conn.info.get(_OPEN)
    return current if isinstance(current, Change) else None


def add_row(db: Database, table: Table, values: Mapping[str, Any]) -> Row[Any]:
    """Insert one row as a change of its own; the row as stored."""
    with db.begin() as conn, change(conn) as rec:
        key = rec.insert(table, values)
        return _stored(conn, table, key)


def update_row(
    db: Database, table: Table, row_id: int, values: Mapping[str, Any]
) -> Row[Any] | None:
    """Change the row with this id as a change of its own; the row as stored, None if there
    is none."""
    from sqlalchemy import select

    name = key_column(table)
    with db.begin() as conn, change(conn) as rec:
        key = conn.execute(select(table.c[name]).where(table.c.id == row_id)).scalar()
        if key is None or not rec.update(table, key, values):
            return None
        # Read back in the same transaction: nothing that can fail comes after the commit.
        return _stored(conn, table, key)


def delete_rows(db: Database, table: Table, where: ColumnElement[bool]) -> int:
    """Delete the rows `where` selects, as one change; how many there were."""
    with db.begin() as conn, change(conn) as rec:
        return rec.delete(table, where)


def _stored(conn: Connection, table: Table, key: Any) -> Row[Any]:
    from sqlalchemy import select

    return conn.execute(select(table).where(table.c[key_column(table)] == key)).one()


def insert_rows(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Bulk insert inside the caller's transaction: recorded when a change is open on
    `conn` (a command, an import), else one plain multi-row insert (the demo's data)."""
    from sqlalchemy import insert

    if not rows:
        return
    rec = recorder(conn)
    if rec is None:
        conn.execute(insert(table), rows)
    else:
        rec.insert_many(table, rows)


def insert_row(conn: Connection, table: Table, values: Mapping[str, Any]) -> Row[Any]:
    """One insert inside the caller's transaction, recorded as `insert_rows`; the row as
    stored (its id, say)."""
    key = {"uid": new_uid()} if key_column(table) == "uid" else {}
    row = {**key, **values}
    insert_rows(conn, table, [row])
    return _stored(conn, table, row[key_column(table)])


def delete_where(conn: Connection, table: Table, where: ColumnElement[bool]) -> int:
    """Delete inside the caller's transaction: recorded when a change is open on `conn`,
    else one plain statement; how many rows there were."""
    from sqlalchemy import delete

    rec = recorder(conn)
    if rec is None:
        return int(conn.execute(delete(table).where(where)).rowcount)
    return rec.delete(table, where)


# --- values as JSON ---------------------------------------------------------------


@cache
def _column_names(table: Table) -> frozenset[str]:
    # A plain set: looking names up in `table.c` for every value of an import's rows costs.
    return frozenset(table.c.keys())


def encode(table: Table, row: Mapping[str, Any]) -> str:
    """The row's columns as a JSON object (dates and instants as ISO text)."""
    names = _column_names(table)
    out: dict[str, Any] = {}
    for name, value in row.items():
        if name not in names:
            continue
        if isinstance(value, date):
            value = (
                value.astimezone(UTC).isoformat()
                if isinstance(value, datetime)
                else value.isoformat()
            )
        out[name] = value
    # ASCII: no control character of a stored text reaches the journal raw (it is exported).
    return json.dumps(out, sort_keys=True)


def decode(table: Table, text: str) -> dict[str, Any]:
    """The row's values as the table's columns take them."""
    from sqlalchemy import Boolean, Date

    from bonetrack.store.schema import UTCDateTime

    values: dict[str, Any] = json.loads(text)
    for name, value in values.items():
        if value is None or name not in table.c:
            continue
        kind = table.c[name].type
        if isinstance(kind, UTCDateTime):
            values[name] = datetime.fromisoformat(value)
        elif isinstance(kind, Date):
            values[name] = date.fromisoformat(value)
        elif isinstance(kind, Boolean):
            values[name] = bool(value)
    return {name: value for name, value in values.items() if name in table.c}


# --- reading and undoing ----------------------------------------------------------


@dataclass(frozen=True)
class RowChange:
    table: str
    key: str
    action: str  # insert, update, delete
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(frozen=True)
class ChangeRecord:
    id: int
    uid: str
    made_at: datetime
    command: str
    undone_at: datetime | None
    rows: tuple[RowChange, ...]
    # changes of another device's journal this one (an import) brought
    brought: int = 0


class UndoConflict(BonetrackError):
    """A row the change wrote has been changed since by something the journal did not see."""


def _row_changes(conn: Connection, change_ids: list[int]) -> dict[int, list[RowChange]]:
    from sqlalchemy import select

    c = change_rows.c
    query = select(c.change_id, c.table_name, c.row_key, c.action, c.before, c.after)
    query = query.where(c.change_id.in_(change_ids)).order_by(c.id)
    found: dict[int, list[RowChange]] = {i: [] for i in change_ids}
    for row in conn.execute(query):
        table = metadata.tables.get(row.table_name)
        try:
            if table is None:
                raise ValueError(f"no table {row.table_name}")
            before = None if row.before is None else decode(table, row.before)
            after = None if row.after is None else decode(table, row.after)
        except (ValueError, TypeError, AttributeError) as exc:
            # Written by hand or by another program: say so rather than fail obscurely.
            raise StoreError(
                f"the journal of changes holds a row bonetrack cannot read ({exc}); "
                "nothing was undone."
            ) from None
        found[row.change_id].append(
            RowChange(row.table_name, row.row_key, row.action, before, after)
        )
    return found


def _records(
    conn: Connection,
    *,
    limit: int | None,
    change_id: int | None = None,
    only_table: str | None = None,
) -> list[ChangeRecord]:
    """The changes made here and not undone (those `undo` can take back), newest first."""
    from sqlalchemy import exists, func, select

    query = select(changes).order_by(changes.c.id.desc())
    query = query.where(changes.c.undone_at.is_(None), changes.c.imported_in.is_(None))
    if change_id is not None:
        query = query.where(changes.c.id == change_id)
    if only_table is not None:
        # Changes that wrote only rows of that table (a plan change, not an import).
        rows = change_rows.c
        query = query.where(
            exists().where(rows.change_id == changes.c.id),
            ~exists().where(rows.change_id == changes.c.id, rows.table_name != only_table),
        )
    if limit is not None:
        query = query.limit(limit)
    heads = conn.execute(query).all()
    found = _row_changes(conn, [h.id for h in heads])
    imported_in = changes.c.imported_in
    counted = select(imported_in, func.count()).where(imported_in.in_([h.uid for h in heads]))
    brought: dict[str, int] = {
        str(uid): int(n) for uid, n in conn.execute(counted.group_by(imported_in))
    }
    return [
        ChangeRecord(
            h.id,
            h.uid,
            h.made_at,
            h.command,
            h.undone_at,
            tuple(found[h.id]),
            brought.get(str(h.uid), 0),
        )
        for h in heads
    ]


def last_changes(
    db: Database, limit: int = LIST_LIMIT, only_table: str | None = None
) -> list[ChangeRecord]:
    """The changes that `undo` would take back, newest first; with `only_table`, those that
    wrote rows of that table only (`plan undo`)."""
    with db.connect() as conn:
        return _records(conn, limit=limit, only_table=only_table)


def _key_value(table: Table, key: str) -> Any:
    return int(key) if key_column(table) == "id" else key


def _same(table: Table, row: Mapping[str, Any] | None, expected: Mapping[str, Any] | None) -> bool:
    if row is None or expected is None:
        return row is None and expected is None
    return encode(table, row) == encode(table, expected)


def _take_back(conn: Connection, table: Table, action: str, rows: list[RowChange]) -> None:
    """Undo `rows` (of one table and action; one row when updates), after checking that each
    is still as the change left it."""
    from sqlalchemy import delete, insert, select, update

    name = key_column(table)
    column = table.c[name]
    keys = [_key_value(table, row.key) for row in rows]
    current = {
        str(found._mapping[name]): dict(found._mapping)
        for found in conn.execute(select(table).where(column.in_(keys)))
    }
    for row in rows:
        if not _same(table, current.get(row.key), row.after):
            raise UndoConflict(
                f"a row this change wrote ({row.table} {row.key}) has been changed since by "
                "something the journal did not record; nothing was undone."
            )
    if action == "insert":
        conn.execute(delete(table).where(column.in_(keys)))
    elif action == "delete":
        # One statement per set of columns: a row recorded before a later migration added
        # a column lacks it, and takes the column's default.
        by_columns: dict[frozenset[str], list[dict[str, Any]]] = {}
        for row in rows:
            assert row.before is not None
            by_columns.setdefault(frozenset(row.before), []).append(row.before)
        for values in by_columns.values():
            conn.execute(insert(table), values)
    else:
        [row] = rows
        assert row.before is not None
        conn.execute(update(table).where(column == keys[0]).values(row.before))


def undo_change(db: Database, change_id: int) -> ChangeRecord:
    """Take back change `change_id` (not undone yet) in one transaction.

    Refuses (UndoConflict, nothing written) when a row it wrote is no longer as it
    left it: undoing then would lose what was done since.
    """
    from sqlalchemy import delete, select, update

    with db.begin() as conn:
        found = _records(conn, limit=1, change_id=change_id)
        if not found:
            raise UndoConflict("that change has been undone meanwhile; nothing more was undone.")
        record = found[0]
        # Newest first; rows of one table and action in a row (an import's thousands of
        # food records) are checked and taken back a chunk at a time.
        runs = groupby(reversed(record.rows), key=lambda r: (r.table, r.action))
        for (name, action), run in runs:
            table = metadata.tables[name]
            rows = list(run)
            size = 1 if action == "update" else _CHUNK
            for start in range(0, len(rows), size):
                _take_back(conn, table, action, rows[start : start + size])
        # The history an import brought goes with it (its rows first: no cascade needed).
        brought = select(changes.c.id).where(changes.c.imported_in == record.uid)
        conn.execute(delete(change_rows).where(change_rows.c.change_id.in_(brought)))
        conn.execute(delete(changes).where(changes.c.imported_in == record.uid))
        now = datetime.now(UTC)
        conn.execute(update(changes).where(changes.c.id == record.id).values(undone_at=now))
        undone = conn.execute(select(changes.c.undone_at).where(changes.c.id == record.id))
        made = undone.scalar_one()
    return replace(record, undone_at=made)
