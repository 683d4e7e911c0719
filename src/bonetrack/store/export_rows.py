"""Reading everything an export holds, table by table, in a stable order.

Rows come out in the order a re-import stores them again (so that an export of
an import is the same document): by their date or time, then by insertion.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from bonetrack.domain.export_format import FORMAT_VERSION, ExportData, Header, Selection
from bonetrack.domain.export_tables import (
    TABLE_KINDS,
    TABLES,
    dump_profile,
    dump_settings,
    in_window,
)
from bonetrack.store.schema import (
    anticoagulant_history,
    events,
    heights,
    intakes,
    notes,
    plans,
    scans,
    settings,
)

if TYPE_CHECKING:
    from sqlalchemy import Connection, Select, Table

    from bonetrack.store.engine import Database

# Each table of the format and the table that stores it.
CORE_TABLES: dict[str, Table] = {
    "plans": plans,
    "entries": intakes,
    "scans": scans,
    "events": events,
    "heights": heights,
    "anticoagulant_history": anticoagulant_history,
    "notes": notes,
}
assert list(CORE_TABLES) == list(TABLES), "every table of the format is stored somewhere"


# The day a dated table is narrowed by, then the columns it is ordered by.
_DAY_AND_ORDER: dict[str, tuple[str, ...]] = {
    "entries": ("local_date", "taken_at", "id"),
    "events": ("local_date", "occurred_at", "id"),
    "scans": ("scan_date", "scan_date", "site"),
    "heights": ("measured_on", "measured_on", "id"),
    "notes": ("written_on", "written_on", "id"),
}


def export_data(db: Database, selection: Selection, now: datetime) -> ExportData:
    """Everything `selection` chooses, read in one transaction (a consistent snapshot)."""
    from sqlalchemy import select

    with db.connect() as conn, conn.begin():  # a read transaction: writers go on
        stored = {str(k): str(v) for k, v in conn.execute(select(settings.c.key, settings.c.value))}
        tables = {name: _rows(conn, name, selection) for name in TABLES}
    chosen = _chosen_tables(selection)
    profile = dump_profile(stored if "profile" in chosen else {})
    return ExportData(
        header=Header(FORMAT_VERSION, now, selection),
        profile=profile,
        settings=dump_settings(stored) if "settings" in chosen else {},
        tables={name: [TABLES[name].dump(row) for row in rows] for name, rows in tables.items()},
    )


def _chosen_tables(selection: Selection) -> set[str]:
    if selection.kinds is None:
        return {"profile", "settings", *TABLES}
    return {table for kind in selection.kinds for table in TABLE_KINDS.get(kind, ())}


def _rows(conn: Connection, name: str, selection: Selection) -> list[Any]:
    from sqlalchemy import select

    from bonetrack.domain.events import EVENT_KIND_NAMES
    from bonetrack.domain.kinds import KIND_NAMES

    table = CORE_TABLES[name]
    kinds = selection.kinds
    chosen = _chosen_tables(selection)
    query: Select[Any]
    if name in ("plans", "entries"):
        wanted = KIND_NAMES if kinds is None else tuple(k for k in kinds if k in KIND_NAMES)
        if not wanted:
            return []
        query = select(table).where(table.c.kind.in_(wanted))
    elif name == "events":
        wanted = (
            EVENT_KIND_NAMES if kinds is None else tuple(k for k in kinds if k in EVENT_KIND_NAMES)
        )
        if not wanted:
            return []
        query = select(table).where(table.c.kind.in_(wanted))
    elif name not in chosen:
        return []
    else:
        query = select(table)
    if name in ("plans", "anticoagulant_history"):
        rows = [r._mapping for r in conn.execute(query.order_by(table.c.valid_from, table.c.id))]
        if selection.date_from is None and selection.date_to is None:
            return rows
        item = (lambda r: (r["kind"], r["exercise_type"])) if name == "plans" else (lambda r: 0)
        return in_window(rows, item, selection.date_from, selection.date_to)
    day_column, *order_columns = _DAY_AND_ORDER[name]
    day, order = table.c[day_column], [table.c[c] for c in order_columns]
    if selection.date_from is not None:
        query = query.where(day >= selection.date_from)
    if selection.date_to is not None:
        query = query.where(day <= selection.date_to)
    return [r._mapping for r in conn.execute(query.order_by(*order))]
