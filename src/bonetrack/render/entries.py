"""Entries as a rich table."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from bonetrack.domain.amounts import format_amount, format_number
from bonetrack.domain.entries import Entry

if TYPE_CHECKING:
    from rich.table import Table


def entries_table(entries: list[Entry]) -> Table:
    from rich.table import Table

    table = Table(box=None, header_style="bold", pad_edge=False)
    columns: tuple[tuple[str, Literal["left", "right"]], ...] = (
        ("ID", "right"),
        ("When", "left"),
        ("Kind", "left"),
        ("Amount", "right"),
        ("As typed", "right"),
        ("Form/type", "left"),
        ("Note", "left"),
    )
    for name, justify in columns:
        table.add_column(name, justify=justify)
    for entry in entries:
        kind = entry.kind_info
        table.add_row(
            str(entry.id),
            entry.local_taken_at.strftime("%Y-%m-%d %H:%M"),
            kind.name,
            format_amount(kind, entry.amount),
            f"{format_number(entry.input_amount)} {entry.input_unit}",
            kind.form_label(entry.form) or entry.exercise_type or "",
            entry.note or "",
        )
    return table


def entry_line(entry: Entry) -> str:
    """'#12 2026-11-22 08:31 K2 (MK-7) 180 µg' for confirmations."""
    when = entry.local_taken_at.strftime("%Y-%m-%d %H:%M")
    note = f" ({entry.note})" if entry.note else ""
    return f"#{entry.id} {when} {entry.describe()}{note}"
