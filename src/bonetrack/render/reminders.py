"""Reminders for people (a rich table) and for scripts (the report's JSON form)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.markup import escape
from rich.table import Table

from bonetrack.domain.reminders import Reminder

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
    """Exactly [{"kind", "due", "overdue", "days", "message"}]: the report embeds this."""
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


def reminders_table(reminders: Sequence[Reminder], title: str = "Reminders") -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("Status")
    table.add_column("What")
    table.add_column("Due")
    table.add_column("Details")
    for reminder in reminders:
        style = "bold" if reminder.overdue else ""
        table.add_row(
            status_text(reminder),
            what_text(reminder),
            reminder.due.isoformat(),
            escape(reminder.message),  # '[uncertain: ...]' is text, not rich markup
            style=style,
        )
    return table
