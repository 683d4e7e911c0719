"""Medicines for people: the `med list` table, today's lines, the prominent notices and
the report's time on treatment. Plain columns (no rich): `today` runs several times a day."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from bonetrack.domain.medicine_schedule import MedicineDue, MedicineSummary, Treatment
from bonetrack.render.columns import Cell, Column, Terminal, paragraph, table

if TYPE_CHECKING:
    from bonetrack.domain.guidance import SafetyWarning
    from bonetrack.store.medicine_status import MedicineStatus

NO_MEDICINES = (
    "No medicines yet. Add one with e.g. `bonetrack med add alendronate` (the usual "
    "schedule is filled in: 70 mg weekly) or `bonetrack med add denosumab --from DATE`."
)
_RULE = "!"


def medicines_text(rows: Sequence[MedicineSummary], terminal: Terminal) -> str:
    """`med list`: one line per medicine, then how to take each one in use."""
    columns = [
        Column("Medicine"),
        Column("Since"),
        Column("Last dose"),
        Column("Next due"),
        Column("Schedule"),
    ]
    cells: list[list[Cell]] = []
    rules: list[str] = []
    for row in rows:
        v = row.version
        schedule = v.describe()
        if not row.active:
            schedule += f" (stopped {row.stopped_from})" if row.stopped_from else " (stopped)"
        elif row.paused is not None:
            schedule += f" ({row.paused.until_text()})"
        cells.append(
            [
                v.label,
                row.since.isoformat(),
                row.last_dose.isoformat() if row.last_dose else "-",
                row.next_due.isoformat() if row.next_due else "-",
                schedule,
            ]
        )
        info = v.info
        if row.active and info is not None:
            taking = info.regimen(v.route).taking
            parts = [p for p in (taking, info.course) if p]
            if parts:
                rules.append(f"{v.label}: {'; '.join(parts)} ({info.source}).")
    body = [table(columns, cells, terminal)]
    if rules:
        body += ["", *(paragraph(rule, terminal) for rule in rules)]
    return "\n".join(body)


def notices_text(notices: Sequence[SafetyWarning], terminal: Terminal) -> str:
    """The prominent form of a notice (a late denosumab dose): between rules, bold, sourced.

    Prominent without colour too (NO_COLOR, a pipe).
    """
    if not notices:
        return ""
    rule = _RULE * max(12, min(terminal.width, 100))
    lines = [rule]
    for notice in notices:
        lines.append(paragraph(f"IMPORTANT: {notice.text()}", terminal, "bold"))
    lines.append(rule)
    return "\n".join(lines)


def _status(row: MedicineDue) -> str:
    if row.paused is not None:
        return ("done; " if row.done else "") + row.paused.until_text()
    if row.done:
        status = "done"
    elif row.overdue_days:
        status = "overdue"
    else:
        status = "due today"
    return f"{status}: {row.note}" if row.note else status


def today_medicines_text(status: MedicineStatus, terminal: Terminal) -> str:
    """Today's medicines, done or due, with what to know; then when to take calcium."""
    if not status.due:
        return ""
    columns = [Column(""), Column("Medicine"), Column("Dose"), Column("Status")]
    cells: list[list[Cell]] = [
        [
            ("[x]", "green") if row.done else ("[=]" if row.paused else ("[ ]", "yellow")),
            row.label,
            row.version.describe(),
            _status(row),
        ]
        for row in status.due
    ]
    title = paragraph("Medicines", terminal, "bold")
    notes = [paragraph(note, terminal) for note in status.notes]
    # stacked on a narrow terminal: '[=] Alendronate' heads each block, as in the checklist
    return "\n".join([title, table(columns, cells, terminal, heading=2), *notes])


def treatments_text(treatments: Sequence[Treatment], terminal: Terminal) -> str:
    """The report's time on treatment, one paragraph per medicine."""
    if not treatments:
        return ""
    lines = [paragraph("Time on treatment", terminal, "bold")]
    lines += [paragraph(f"- {t.text()}", terminal) for t in treatments]
    return "\n".join(lines)
