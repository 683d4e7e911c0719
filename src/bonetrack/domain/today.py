"""Today's checklist: each plan item in force today, done or not, and what remains.

Daily items count today's entries; weekly items count this ISO week's (Monday to
today), so "2 of 2 sessions" can be reached on any day of the week.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bonetrack.domain.adherence import DayTotal, completion, iso_monday, week_total
from bonetrack.domain.guidance import SafetyWarning
from bonetrack.domain.plans import ItemKey, PlanVersion, version_in_force


@dataclass(frozen=True)
class ChecklistItem:
    kind: str
    exercise_type: str | None
    plan: PlanVersion
    period_start: date  # today, or this week's Monday
    period_end: date  # today, or this week's Sunday
    amount: float  # so far in the period, in the kind's unit
    count: int  # entries (doses, sessions) so far in the period
    done: bool
    remaining_amount: float | None  # None when the plan sets no amount
    remaining_times: int | None  # None when the plan sets no --times
    # Set when the item is not a target to reach today (K2 on a vitamin K
    # antagonist): shown with this caution instead of what is left to take.
    caution: SafetyWarning | None = None

    @property
    def judged(self) -> bool:
        return self.caution is None


def checklist(
    items: Mapping[ItemKey, Sequence[PlanVersion]],
    daily: Mapping[ItemKey, Mapping[date, DayTotal]],
    today: date,
    cautions: Mapping[ItemKey, SafetyWarning] | None = None,
) -> list[ChecklistItem]:
    """The checklist for `today`, in the order of `items` (see `group_items`).

    `daily` needs each item's day totals for this ISO week at least; an item in
    `cautions` is listed with its caution and no target to reach.
    """
    cautions = cautions or {}
    result: list[ChecklistItem] = []
    for key, versions in items.items():
        plan = version_in_force(versions, today)
        if plan is None or not plan.active:
            continue
        if plan.per == "week":
            start = iso_monday(today)
            end = start + timedelta(days=6)
        else:
            start = end = today
        amount, count = week_total(plan, daily.get(key, {}), start, today)
        caution = cautions.get(key)
        done = caution is None and completion(plan, amount, count) >= 1.0
        result.append(
            ChecklistItem(
                kind=plan.kind,
                exercise_type=plan.exercise_type,
                plan=plan,
                period_start=start,
                period_end=end,
                amount=amount,
                count=count,
                done=done,
                remaining_amount=(
                    None if plan.amount is None else round(max(0.0, plan.amount - amount), 6)
                ),
                remaining_times=None if plan.times is None else max(0, plan.times - count),
                caution=caution,
            )
        )
    return result
