"""Medicines for people: the `med list` table, today's lines, the prominent notices,
and the report's time on treatment."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from bonetrack.domain.medicine_schedule import MedicineDue, MedicineSummary, Treatment

if TYPE_CHECKING:
    from rich.console import RenderableType

    from bonetrack.domain.guidance import SafetyWarning

NO_MEDICINES = (
    "No medicines yet. Add one with e.g. `bonetrack med add alendronate` (the usual "
    "schedule is filled in: 70 mg weekly) or `bonetrack med add denosumab --from DATE`."
)


def medicines_table(rows: Sequence[MedicineSummary]) -> RenderableType:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, header_style="bold", pad_edge=False)
    for name in ("Medicine", "Schedule", "Since", "Last dose", "Next due"):
        table.add_column(name)
    rules: list[RenderableType] = []
    for row in rows:
        v = row.version
        schedule = v.describe()
        if not row.active:
            schedule += f" (stopped {row.stopped_from})" if row.stopped_from else " (stopped)"
        table.add_row(
            v.label,
            schedule,
            row.since.isoformat(),
            row.last_dose.isoformat() if row.last_dose else "-",
            row.next_due.isoformat() if row.next_due else "-",
        )
        info = v.info
        if row.active and info is not None:
            taking = info.regimen(v.route).taking
            extra = f" {info.course[0].upper()}{info.course[1:]}." if info.course else ""
            if taking:
                rules.append(Text(f"{v.label}: {taking} ({info.source}).{extra}"))
            elif extra:
                rules.append(Text(f"{v.label}:{extra} ({info.source})"))
    return Group(table, *([Text(""), *rules] if rules else []))


def notice_panel(notices: Sequence[SafetyWarning]) -> RenderableType:
    """The prominent form of a notice (a late denosumab dose): boxed, bold, sourced."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    lines = [Text(f"(!!) {notice.text()}", style="bold") for notice in notices]
    return Panel(Group(*lines), title="Important", title_align="left", border_style="red")


def today_lines(rows: Sequence[MedicineDue], notes: Sequence[str]) -> RenderableType:
    """Today's medicines: done or due, with what to know; then when to take calcium."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, header_style="bold", pad_edge=False)
    for name in ("", "Medicine", "Dose", "Status"):
        table.add_column(name)
    for row in rows:
        if row.done:
            mark, status = Text("[x]", style="green"), "done"
        else:
            mark = Text("[ ]", style="yellow")
            status = "due today" if not row.overdue_days else "overdue"
        if row.note:
            status += f": {row.note}"
        table.add_row(mark, row.label, row.version.describe(), status)
    return Group(Text("Medicines", style="bold"), table, *(Text(note) for note in notes))


def treatment_lines(treatments: Sequence[Treatment]) -> list[RenderableType]:
    from rich.text import Text

    if not treatments:
        return []
    return [
        Text("Time on treatment", style="bold"),
        *(Text(f"- {t.text()}") for t in treatments),
        Text(""),
    ]
