"""Reminders for people (plain columns) and for scripts (the report's JSON form)."""

from __future__ import annotations

from collections.abc import Sequence

from bonetrack.domain.reminders import Reminder
from bonetrack.render.columns import Cell, Column, Terminal, paragraph, table

KIND_LABELS: dict[str, str] = {
    "fracture": "New fracture",
    "medicine": "Medicine",
    "scan": "DEXA scan",
    "checkin": "Clinician check-in",
    "symptoms": "Symptom record",
}

CONFIG_HINT = (
    "Change the intervals with `bonetrack config set scan-interval 18m` or "
    "`bonetrack config set checkin-interval 3m`."
)


def reminders_json(reminders: Sequence[Reminder]) -> list[dict[str, object]]:
    """[{"kind", "due", "overdue", "days", "message", "rule"}]: the report embeds this."""
    return [r.to_json() for r in reminders]


def status_text(reminder: Reminder) -> str:
    """'overdue 12 days', 'due today', 'in 5 days'."""
    days = reminder.days
    if days < 0:
        return f"overdue {-days} day{'s' if days != -1 else ''}"
    if days == 0:
        return "due today"
    return f"in {days} day{'s' if days != 1 else ''}"


def reminder_lines(reminders: Sequence[Reminder]) -> list[str]:
    """Plain lines: '[overdue 12 days] DEXA scan overdue by 12 days ...'."""
    return [f"[{status_text(r)}] {r.message}" for r in reminders]


def what_text(reminder: Reminder) -> str:
    """'DEXA scan', or the medicine's name for a medicine reminder."""
    if reminder.subject is not None:
        from bonetrack.domain.medicines import medicine_label

        return medicine_label(reminder.subject)
    return KIND_LABELS[reminder.kind]


def reminders_text(
    reminders: Sequence[Reminder], terminal: Terminal, title: str, *, rules: bool = False
) -> str:
    """A title and one row per reminder (stacked on a narrow terminal); with `rules`, the
    rule that set each date instead of the whole message."""
    columns = [
        Column("Status"),
        Column("What"),
        Column("Due"),
        Column("Rule" if rules else "Details"),
    ]
    rows: list[list[Cell]] = [
        [
            (status_text(r), "bold") if r.overdue else status_text(r),
            what_text(r),
            r.due.isoformat(),
            r.rule if rules else r.message,
        ]
        for r in reminders
    ]
    return "\n".join(
        [paragraph(title, terminal, "bold"), table(columns, rows, terminal, heading=2)]
    )
