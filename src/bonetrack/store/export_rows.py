"""Reading everything an export holds, table by table, in a stable order.

Rows come out in the order a re-import stores them again (so that an export of
an import is the same document): by their date or time, then by insertion.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bonetrack.domain.export_format import FORMAT_VERSION, ExportData, Header, Selection
from bonetrack.domain.export_tables import (
    ENTRY_KINDS_OF,
    TABLE_KINDS,
    TABLES,
    Reference,
    dump_profile,
    dump_settings,
    in_window,
)
from bonetrack.store.schema import (
    anticoagulant_history,
    change_rows,
    changes,
    dietary_intakes,
    events,
    heights,
    imports,
    intakes,
    lab_results,
    medicines,
    notes,
    pauses,
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
    "medicines": medicines,
    "entries": intakes,
    "scans": scans,
    "events": events,
    "heights": heights,
    "anticoagulant_history": anticoagulant_history,
    "notes": notes,
    "lab_results": lab_results,
    "imports": imports,
    "dietary_intakes": dietary_intakes,
    "pauses": pauses,
    "changes": changes,
    "change_rows": change_rows,
}
assert list(CORE_TABLES) == list(TABLES), "every table of the format is stored somewhere"

# The columns each table is ordered by: its day or time first, then as stored.
ORDER: dict[str, tuple[str, ...]] = {
    "plans": ("valid_from", "id"),
    "medicines": ("valid_from", "id"),
    "entries": ("local_date", "taken_at", "id"),
    "scans": ("scan_date", "site"),
    "events": ("local_date", "occurred_at", "id"),
    "heights": ("measured_on", "id"),
    "anticoagulant_history": ("valid_from", "id"),
    "notes": ("written_on", "id"),
    "lab_results": ("taken_on", "id"),
    "imports": ("imported_at", "id"),
    "dietary_intakes": ("local_date", "id"),
    "pauses": ("first_day", "id"),
    # the journal as it was written: a change before its rows, in their order
    "changes": ("id",),
    "change_rows": ("id",),
}
# Versioned tables (a row holds until the next of its item): --from/--to keep the
# versions in force in those days. Each item's key:
VERSIONED: dict[str, Callable[[Any], object]] = {
    "plans": lambda row: (row["kind"], row["exercise_type"]),
    "medicines": lambda row: row["name"],
    "anticoagulant_history": lambda row: 0,
}
# Dated tables: --from/--to keep the rows of those local days. The others (imports)
# keep, in a narrowed export, the rows the exported records refer to.
DAY: dict[str, str] = {
    "entries": "local_date",
    "scans": "scan_date",
    "events": "local_date",
    "heights": "measured_on",
    "notes": "written_on",
    "lab_results": "taken_on",
    "dietary_intakes": "local_date",
}
# Tables of spans of days (first, last; last NULL: no end yet): --from/--to keep the rows
# that cover a day of the window.
SPANS: dict[str, tuple[str, str]] = {"pauses": ("first_day", "last_day")}
# The journal of changes: a change's rows hold the values of rows of every table, so it is
# in whole exports only, never in one narrowed to some days or kinds (for a clinician).
JOURNAL = ("changes", "change_rows")
assert set(ORDER) == set(TABLES), "every table is ordered"
assert not set(VERSIONED) & set(DAY), "a table is versioned or dated, not both"
assert not set(SPANS) & (set(DAY) | set(VERSIONED)), "a table of spans is neither"


def select_rows(name: str) -> Select[Any]:
    """A table's rows as `dump` reads them: with the uid of each row a reference names
    by its id (a dietary record's import), under the reference's field name."""
    from sqlalchemy import select

    table = CORE_TABLES[name]
    labelled = []
    for reference in TABLES[name].references:
        if reference.column is not None:
            target = CORE_TABLES[reference.table]
            labelled.append(
                select(target.c[reference.by])
                .where(target.c.id == table.c[reference.column])
                .scalar_subquery()
                .label(reference.field)
            )
    return select(table, *labelled)


def export_data(db: Database, selection: Selection, now: datetime) -> ExportData:
    """Everything `selection` chooses, read in one transaction (a consistent snapshot)."""
    from sqlalchemy import select

    with db.connect() as conn, conn.begin():  # a read transaction: writers go on
        stored = {str(k): str(v) for k, v in conn.execute(select(settings.c.key, settings.c.value))}
        tables = {name: _rows(conn, name, selection) for name in TABLES}
        if selection != Selection():
            _add_referred(conn, tables)
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


def _kinds_wanted(name: str, selection: Selection) -> tuple[str, ...] | None:
    """The kinds of rows kept of a table holding several (entries, plans, events), or None."""
    from bonetrack.domain.events import EVENT_KIND_NAMES
    from bonetrack.domain.kinds import KIND_NAMES

    if name == "events":
        every = EVENT_KIND_NAMES
    elif name == "plans":
        every = KIND_NAMES
    elif name == "entries":
        every = (*KIND_NAMES, *ENTRY_KINDS_OF.values())
    else:
        return None
    kinds = selection.kinds
    if kinds is None:
        return every
    named = {ENTRY_KINDS_OF.get(kind, kind) for kind in kinds}
    return tuple(kind for kind in every if kind in named)


def _rows(conn: Connection, name: str, selection: Selection) -> list[Any]:
    from sqlalchemy import or_

    if name in JOURNAL and selection != Selection():
        return []
    table = CORE_TABLES[name]
    query = select_rows(name)
    wanted = _kinds_wanted(name, selection)
    if wanted is not None:
        if not wanted:
            return []
        query = query.where(table.c.kind.in_(wanted))
    elif name not in _chosen_tables(selection):
        return []
    dated = selection.date_from is not None or selection.date_to is not None
    if name in DAY:
        day = table.c[DAY[name]]
        if selection.date_from is not None:
            query = query.where(day >= selection.date_from)
        if selection.date_to is not None:
            query = query.where(day <= selection.date_to)
    elif name in SPANS:
        first, last = (table.c[c] for c in SPANS[name])
        if selection.date_from is not None:
            query = query.where(or_(last.is_(None), last >= selection.date_from))
        if selection.date_to is not None:
            query = query.where(first <= selection.date_to)
    elif dated and name not in VERSIONED:
        return []  # only what the exported records refer to (`_add_referred`)
    rows = [r._mapping for r in conn.execute(query.order_by(*(table.c[c] for c in ORDER[name])))]
    if name in VERSIONED and dated:
        return in_window(rows, VERSIONED[name], selection.date_from, selection.date_to)
    return rows


def _add_referred(conn: Connection, tables: dict[str, list[Any]]) -> None:
    """In a narrowed export, the records its records refer to (a dose's medicine, the
    import a day's food came from), so that it imports on its own: for each value
    named and missing, the first row with it."""
    for name in reversed(TABLES):  # a table refers to earlier ones only
        for reference in TABLES[name].references:
            missing = _missing(tables, name, reference)
            if not missing:
                continue
            target = CORE_TABLES[reference.table]
            query = select_rows(reference.table).where(target.c[reference.by].in_(missing))
            order = ORDER[reference.table]
            found: dict[object, Any] = {}
            for row in conn.execute(query.order_by(*(target.c[c] for c in order))):
                found.setdefault(row._mapping[reference.by], row._mapping)
            merged = [*tables[reference.table], *found.values()]
            tables[reference.table] = sorted(merged, key=lambda r: tuple(r[c] for c in order))


def _missing(tables: dict[str, list[Any]], name: str, reference: Reference) -> list[object]:
    named = {row[reference.field] for row in tables[name]} - {None}
    have = {row[reference.by] for row in tables[reference.table]}
    return sorted(named - have, key=str)
