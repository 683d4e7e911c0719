"""The journal of changes in the export format (version 2): what `bonetrack undo` can take
back, kept with the data so that a device's history travels with it.

A change is one command's work (`changes`); each row it added, changed or deleted is a
`change_rows` record naming its change by uid, with the row's stored values before and
after as JSON text, exactly as the journal keeps them (the device's own ids included).
Imported, a change is history: `undo` takes back only the changes made on the device
itself, so these values are never written back into a table, and are kept as text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bonetrack.domain.export_format import Values, utc_iso

# The command line as typed (without --db), a long note and a path included.
COMMAND_CHARS = 8192
# A row's values as JSON: any row bonetrack stores, a 2,000-character note escaped.
VALUES_CHARS = 64 * 1024
ACTIONS = ("insert", "update", "delete")
# The table a row belongs to, as the database names it (intakes, plans, settings...).
_TABLE_NAME = re.compile(r"^[a-z][a-z_]{0,31}$")
# The row's key in its table: its uid, or a setting's key.
KEY_CHARS = 64


# --- changes ---------------------------------------------------------------------


def dump_change(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "uid": row["uid"],
        "made_at": utc_iso(row["made_at"]),
        "command": row["command"],
        "undone_at": None if row["undone_at"] is None else utc_iso(row["undone_at"]),
    }


def load_change(v: Values) -> dict[str, Any]:
    made_at = v.instant("made_at", required=True, past=True)
    assert made_at is not None
    undone_at = v.instant("undone_at", past=True)
    if undone_at is not None and undone_at < made_at:
        v.fail("undone_at", "is before made_at: a change is undone after it is made.")
    return {
        "made_at": made_at,
        # Empty for a change made outside a command (a program using bonetrack's store).
        "command": v.text("command", COMMAND_CHARS) or "",
        "undone_at": undone_at,
    }


# --- the rows of a change -----------------------------------------------------------


def dump_change_row(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "uid": row["uid"],
        # the uid of its change (store/export_rows reads it with the row)
        "change": row["change"],
        "table": row["table_name"],
        "key": row["row_key"],
        "action": row["action"],
        "before": row["before"],
        "after": row["after"],
    }


def load_change_row(v: Values) -> dict[str, Any]:
    table = str(v.text("table", 32, required=True))
    if not _TABLE_NAME.match(table):
        v.fail("table", f"'{table}' is not the name of a table.")
    action = str(v.text("action", 8, required=True))
    if action not in ACTIONS:
        v.fail("action", f"'{action}' is not one of {', '.join(ACTIONS)}.")
    before = v.text("before", VALUES_CHARS)
    after = v.text("after", VALUES_CHARS)
    # What the row was before and after, as the action implies.
    if (before is None) != (action == "insert"):
        v.fail("before", f"must be {'empty' if action == 'insert' else 'given'} for {action}.")
    if (after is None) != (action == "delete"):
        v.fail("after", f"must be {'empty' if action == 'delete' else 'given'} for {action}.")
    return {
        "change": v.uuid("change", required=True),
        "table_name": table,
        "row_key": v.text("key", KEY_CHARS, required=True),
        "action": action,
        "before": before,
        "after": after,
    }
