"""A dose logged on a day whose plan was already met: said when logging, since a second
K2 or calcium dose by mistake is easy to make and the report's average can hide it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bonetrack.domain.amounts import format_amount
from bonetrack.domain.entries import Entry
from bonetrack.domain.plans import PlanVersion

# Amounts are stored to 3 decimals: a plan met "exactly" must not miss by a float's error.
_EPSILON = 1e-6


def met_before(plan: PlanVersion, earlier: Sequence[Entry]) -> bool:
    """Whether the day's entries before the new one already met the daily plan."""
    if not plan.active or plan.per != "day" or (plan.amount is None and plan.times is None):
        return False
    total = sum(entry.amount for entry in earlier)
    amount_met = plan.amount is None or total >= plan.amount - _EPSILON
    times_met = plan.times is None or len(earlier) >= plan.times
    return amount_met and times_met


def already_taken_note(
    plan: PlanVersion | None, earlier: Sequence[Entry], new: Entry, today: date
) -> str | None:
    """'K2 already taken today at 08:05 (180 µg); this makes 360 µg: `bonetrack undo` if it
    was a mistake.' when the day's plan was met before `new`; else None."""
    kind = new.kind_info
    if plan is None or kind.is_exercise or not earlier or not met_before(plan, earlier):
        return None
    when = "today" if new.local_date == today else f"on {new.local_date}"
    taken = " and ".join(
        f"{entry.local_taken_at.strftime('%H:%M')} ({format_amount(kind, entry.amount)})"
        for entry in sorted(earlier, key=lambda e: e.taken_at)
    )
    total = format_amount(kind, sum(e.amount for e in earlier) + new.amount)
    return (
        f"{kind.label} already taken {when} at {taken}; this makes {total}: "
        "`bonetrack undo` if it was a mistake."
    )
