"""Today's checklist: a plain table (run several times a day: no rich) and its JSON form."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from bonetrack.domain.amounts import format_amount
from bonetrack.domain.guidance import K2_VKA_FRAME
from bonetrack.domain.kinds import get_kind
from bonetrack.domain.plans import item_label
from bonetrack.domain.today import ChecklistItem
from bonetrack.render.columns import Cell, Column, Terminal, paragraph, table
from bonetrack.render.report import NOTHING_PLANNED, target_json


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def progress_text(item: ChecklistItem) -> str:
    """'180 µg of 180 µg', '1 of 2 sessions this week, 45 min'; without a target
    when the item is under a caution ('180 µg')."""
    kind = get_kind(item.kind)
    plan = item.target
    if item.caution is not None or (item.paused is not None and not item.done):
        return format_amount(kind, item.amount) if item.count else "nothing logged"
    noun = "session" if kind.is_exercise else "dose"
    parts: list[str] = []
    if plan.amount is not None:
        parts.append(f"{format_amount(kind, item.amount)} of {format_amount(kind, plan.amount)}")
    if plan.times is not None:
        parts.append(f"{item.count} of {_plural(plan.times, noun)}")
    elif plan.per == "week":
        parts.append(_plural(item.count, noun))
    if plan.amount is None and kind.is_exercise and item.amount:
        parts.append(format_amount(kind, item.amount))
    text = ", ".join(parts)
    if plan.per != "week":
        return text
    paused = f" ({_plural(item.paused_days, 'day')} paused)" if item.paused_days else ""
    return f"{text} this week{paused}"


def remaining_text(item: ChecklistItem) -> str:
    if item.caution is not None:
        return f"{K2_VKA_FRAME} (see below)"
    if item.paused is not None:
        return ("done; " if item.done else "") + item.paused.until_text()
    if item.done:
        return "done"
    kind = get_kind(item.kind)
    noun = "session" if kind.is_exercise else "dose"
    parts: list[str] = []
    if item.remaining_amount:
        parts.append(format_amount(kind, item.remaining_amount))
    if item.remaining_times:
        parts.append(_plural(item.remaining_times, noun))
    text = " and ".join(parts) + " to go"
    return f"{text} this week" if item.plan.per == "week" else text


def today_json(today: date, items: Sequence[ChecklistItem]) -> dict[str, Any]:
    return {
        "date": today.isoformat(),
        "items": [
            {
                "kind": item.kind,
                "type": item.exercise_type,
                "target": target_json(item.plan),
                "form": item.plan.form,
                "done": item.done,
                "amount": item.amount,
                "count": item.count,
                "remaining": {"amount": item.remaining_amount, "times": item.remaining_times},
                "period": {
                    "from": item.period_start.isoformat(),
                    "to": item.period_end.isoformat(),
                },
                "judged": item.judged,
                "caution": None if item.caution is None else item.caution.to_json(),
                # the pause in force today, and what this period asks for (prorated for a
                # week with paused days)
                "paused": None if item.paused is None else item.paused.to_json(),
                "due_target": target_json(item.target),
            }
            for item in items
        ],
    }


def today_text(today: date, items: Sequence[ChecklistItem], terminal: Terminal) -> str:
    if not items:
        return paragraph(NOTHING_PLANNED, terminal)
    done = sum(1 for item in items if item.done)
    judged = sum(1 for item in items if item.judged)
    progress = f": {done} of {judged} done" if judged else ""
    title = paragraph(f"Today, {today:%a} {today}{progress}", terminal, "bold")
    columns = [Column(""), Column("Item"), Column("So far"), Column("Remaining")]
    rows: list[list[Cell]] = [
        [
            _mark(item),
            item_label(item.kind, item.exercise_type),
            progress_text(item),
            remaining_text(item),
        ]
        for item in items
    ]
    cautions = [
        paragraph(
            f"(!) {item_label(item.kind, item.exercise_type)}: {item.caution.text()}", terminal
        )
        for item in items
        if item.caution is not None
    ]
    return "\n".join([title, table(columns, rows, terminal, heading=2), *cautions])


def _mark(item: ChecklistItem) -> Cell:
    if item.caution is not None:
        return ("[!]", "bold")
    if item.done:
        return ("[x]", "green")
    return "[=]" if item.paused is not None else ("[ ]", "yellow")
