"""The journal of changes for people: what `undo` will take back, and `undo --list`."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from bonetrack.domain.amounts import format_number
from bonetrack.store.journal import ChangeRecord, RowChange

ACTIONS = {"insert": "added", "update": "changed", "delete": "deleted"}


def _fields(cls: type, values: Mapping[str, Any]) -> dict[str, Any]:
    names = {f.name for f in dataclasses.fields(cls)}
    return {name: value for name, value in values.items() if name in names}


def _entry(values: Mapping[str, Any]) -> str:
    from bonetrack.domain.entries import Entry
    from bonetrack.render.entries import entry_line

    return f"entry {entry_line(Entry(**_fields(Entry, values)))}"


def _event(values: Mapping[str, Any]) -> str:
    from bonetrack.render.events import event_line
    from bonetrack.store.events import event_from_values

    return f"event {event_line(event_from_values(values))}"


def _scan(values: Mapping[str, Any]) -> str:
    from bonetrack.domain.dexa import site_label

    parts = [
        f"{name} {format_number(values[key])}{unit}"
        for name, key, unit in (
            ("BMD", "bmd", " g/cm²"),
            ("T", "t_score", ""),
            ("Z", "z_score", ""),
        )
        if values.get(key) is not None
    ]
    return f"scan {values['scan_date']} {site_label(values['site'])}: {', '.join(parts)}"


def _plan(values: Mapping[str, Any]) -> str:
    from bonetrack.domain.plans import PlanVersion, describe_target, item_label

    version = PlanVersion(**_fields(PlanVersion, values))
    label = item_label(version.kind, version.exercise_type)
    what = describe_target(version) if version.active else "stopped"
    return f"plan {label} {what} from {version.valid_from}"


def _height(values: Mapping[str, Any]) -> str:
    from bonetrack.domain.height import format_cm

    return f"height {format_cm(values['height_cm'])} on {values['measured_on']}"


def _anticoagulant(values: Mapping[str, Any]) -> str:
    status = values["status"] or "not recorded"
    drug = f" ({values['drug']})" if values.get("drug") else ""
    return f"anticoagulant {status}{drug} from {values['valid_from']}"


def _note(values: Mapping[str, Any]) -> str:
    what = "question for the visit" if values.get("for_visit") else "note"
    done = f", discussed {values['done_on']}" if values.get("done_on") else ""
    return f"{what} #{values['id']} of {values['written_on']}: {values['text']}{done}"


def _setting(values: Mapping[str, Any]) -> str:
    return f"setting {values['key']} = {values['value']}"


def _medicine(values: Mapping[str, Any]) -> str:
    from bonetrack.store.medicines import medicine_version

    version = medicine_version(values)
    if not version.active:
        return f"medicine {version.label} stopped from {version.valid_from}"
    return f"medicine {version.label}: {version.describe()}, from {version.valid_from}"


def _lab_result(values: Mapping[str, Any]) -> str:
    from bonetrack.store.labs import lab_result

    result = lab_result(values)
    return f"lab result #{result.id} {result.taken_on} {result.test_info.label} {result.shown()}"


def _food(values: Mapping[str, Any]) -> str:
    from bonetrack.domain.food import format_nutrient, nutrient_label, source_name

    nutrient, amount = values["nutrient"], values["amount"]
    return (
        f"food {nutrient_label(nutrient)} {format_nutrient(nutrient, amount)} on "
        f"{values['local_date']} (from {source_name(values['source'])})"
    )


def _pause(values: Mapping[str, Any]) -> str:
    from bonetrack.domain.pauses import Pause

    pause = Pause(
        values["id"], values["target"], values["first_day"], values["last_day"], values["reason"]
    )
    why = f": {pause.reason}" if pause.reason else ""
    return f"pause #{pause.id} of {pause.label} {pause.span_text()}{why}"


def _import(values: Mapping[str, Any]) -> str:
    from bonetrack.domain.food import source_name

    return f"import from {source_name(values['source'])}: {values['name']}"


DESCRIBE: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "intakes": _entry,
    "events": _event,
    "scans": _scan,
    "plans": _plan,
    "heights": _height,
    "anticoagulant_history": _anticoagulant,
    "notes": _note,
    "settings": _setting,
    "medicines": _medicine,
    "lab_results": _lab_result,
    "dietary_intakes": _food,
    "imports": _import,
    "pauses": _pause,
}


def _describer(row: RowChange) -> Callable[[Mapping[str, Any]], str]:
    def unknown(_: Mapping[str, Any]) -> str:
        return f"{row.table} row {row.key}"

    return DESCRIBE.get(row.table, unknown)


def row_text(row: RowChange) -> str:
    """'added entry #12 2026-11-18 08:05 K2 (MK-7) 180 µg'; a change shows before -> after."""
    describe = _describer(row)
    if row.action == "update":
        assert row.before is not None
        assert row.after is not None
        if row.table == "settings":
            return f"changed setting {row.key}: {row.before['value']} -> {row.after['value']}"
        return f"changed {describe(row.before)} -> {describe(row.after)}"
    values = row.after if row.action == "insert" else row.before
    assert values is not None
    return f"{ACTIONS[row.action]} {describe(values)}"


def _local(moment: datetime) -> str:
    from bonetrack.clock import to_local

    return to_local(moment.astimezone(UTC)).strftime("%Y-%m-%d %H:%M")


def _command(record: ChangeRecord) -> str:
    return record.command or "(a change made outside a command)"


def change_heading(record: ChangeRecord) -> str:
    """'2026-11-23 09:00 bonetrack log k2'; '(3 rows)' after it when more than one."""
    count = len(record.rows)
    rows = f" ({count} rows)" if count != 1 else ""
    return f"{_local(record.made_at)} {_command(record)}{rows}"


UNDONE = {"insert": "removed", "update": "restored", "delete": "restored"}
# A change of up to this many rows is said row by row once undone; a larger one is counted.
UNDONE_ROWS = 3


def _counted(table: str, count: int) -> str:
    from bonetrack.store.schema import ROW_NOUNS

    singular, plural = ROW_NOUNS.get(table, (f"{table} row", f"{table} rows"))
    return f"{count} {singular if count == 1 else plural}"


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def tally_text(rows: tuple[RowChange, ...], verbs: Mapping[str, str] = ACTIONS) -> str:
    """'added 1 import, 365 food records and 2 entries; deleted 4 food records': what a
    change of many rows did (or, with UNDONE's verbs, what undoing it did), by table."""
    counts: dict[str, dict[str, int]] = {}
    for row in rows:
        by_table = counts.setdefault(verbs[row.action], {})
        by_table[row.table] = by_table.get(row.table, 0) + 1
    return "; ".join(
        f"{verb} {_and([_counted(table, n) for table, n in by_table.items()])}"
        for verb, by_table in counts.items()
    )


def undone_text(record: ChangeRecord) -> str:
    """'Undone (bonetrack log k2): removed entry #12 ...' once `undo` has taken it back."""
    head = f"Undone ({_command(record)})"
    undone = tuple(reversed(record.rows))  # in the order undo took them back
    if len(undone) > UNDONE_ROWS:
        parts = [tally_text(undone, UNDONE)]
    else:
        parts = [_undone_row(row) for row in undone]
    if record.brought:
        parts.append(f"removed {_brought(record)}")
    return f"{head}: {'; '.join(parts)}."


def _brought(record: ChangeRecord) -> str:
    """'3 changes of another device's journal' (history an import brought)."""
    return (
        f"{record.brought} change{'s' if record.brought != 1 else ''} of another device's journal"
    )


def _undone_row(row: RowChange) -> str:
    values = row.after if row.action == "insert" else row.before
    assert values is not None
    return f"{UNDONE[row.action]} {_describer(row)(values)}"


# At most this many rows are listed one by one; an import of thousands is summarised.
SHOWN_ROWS = 10


def change_lines(record: ChangeRecord, shown: int = SHOWN_ROWS) -> list[str]:
    """The heading and what each row change was (the first `shown`), for `undo`."""
    lines = [change_heading(record)]
    lines += [f"  {row_text(row)}" for row in record.rows[:shown]]
    hidden = len(record.rows) - shown
    if hidden > 0:
        lines.append(f"  ... and {hidden} more (in all: {tally_text(record.rows)})")
    if record.brought:
        lines.append(f"  brought {_brought(record)} (history, not undone one by one)")
    return lines


def change_json(record: ChangeRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "uid": record.uid,
        "made_at": record.made_at.isoformat(),
        "command": record.command,
        "undone_at": None if record.undone_at is None else record.undone_at.isoformat(),
        # changes of another device's journal this import brought
        "brought": record.brought,
        "rows": [
            {"table": row.table, "key": row.key, "action": row.action, "text": row_text(row)}
            for row in record.rows
        ],
    }
