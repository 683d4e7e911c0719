"""Entries as a plain table (`entries` is run often: no rich)."""

from __future__ import annotations

from bonetrack.domain.amounts import format_amount, format_number
from bonetrack.domain.entries import Entry
from bonetrack.render.columns import Cell, Column, Terminal, table

COLUMNS = (
    Column("ID", "right"),
    Column("When"),
    Column("Kind"),
    Column("Amount", "right"),
    Column("As typed", "right"),
    Column("Form/type"),
    Column("Note"),
)


def entries_text(entries: list[Entry], terminal: Terminal) -> str:
    rows: list[list[Cell]] = []
    for entry in entries:
        kind = entry.kind_info
        rows.append(
            [
                str(entry.id),
                entry.local_taken_at.strftime("%Y-%m-%d %H:%M"),
                kind.name,
                format_amount(kind, entry.amount),
                f"{format_number(entry.input_amount)} {entry.input_unit}",
                entry.detail or "",
                entry.note or "",
            ]
        )
    return table(COLUMNS, rows, terminal, heading=2)


def entry_line(entry: Entry) -> str:
    """'#12 2026-11-22 08:31 K2 (MK-7) 180 µg' for confirmations."""
    when = entry.local_taken_at.strftime("%Y-%m-%d %H:%M")
    note = f" ({entry.note})" if entry.note else ""
    return f"#{entry.id} {when} {entry.describe()}{note}"
