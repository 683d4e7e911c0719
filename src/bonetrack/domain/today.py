"""Today's checklist: each plan item in force today, done or not, and what remains.

Daily items count today's entries; weekly items count this ISO week's (Monday to
today), so "2 of 2 sessions" can be reached on any day of the week. A paused item
says so and until when (it is not a target today, but a dose logged still counts);
a weekly item with paused days this week asks for its prorated target
(domain/pauses.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bonetrack.domain.adherence import DayTotal, Excused, completion, iso_monday, week_total
from bonetrack.domain.guidance import SafetyWarning
from bonetrack.domain.pauses import Pause, item_target, pause_on, prorated, ranges_for
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
    # The pause in force today: not a target today, though what is logged counts.
    paused: Pause | None = None
    # What the period asks for: the plan, prorated for a week with paused days.
    due_plan: PlanVersion | None = None
    paused_days: int = 0  # of this week (weekly items) or today (daily)

    @property
    def judged(self) -> bool:
        """Whether the item counts in "N of M done": not under a caution, and not
        paused unless done anyway."""
        return self.caution is None and (self.paused is None or self.done)

    @property
    def target(self) -> PlanVersion:
        return self.due_plan or self.plan


def checklist(
    items: Mapping[ItemKey, Sequence[PlanVersion]],
    daily: Mapping[ItemKey, Mapping[date, DayTotal]],
    today: date,
    cautions: Mapping[ItemKey, SafetyWarning] | None = None,
    pauses: Sequence[Pause] = (),
) -> list[ChecklistItem]:
    """The checklist for `today`, in the order of `items` (see `group_items`).

    `daily` needs each item's day totals for this ISO week at least; an item in
    `cautions` is listed with its caution and no target to reach; `pauses` are
    all pauses (those of other items are left alone).
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
        target_key = item_target(key)
        free = 7
        if plan.per == "week":
            free = Excused(paused=ranges_for(pauses, target_key)).free_days(start)
        due_plan = prorated(plan, free)
        done = caution is None and completion(due_plan, amount, count) >= 1.0
        paused = pause_on(pauses, target_key, today)
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
                    None
                    if due_plan.amount is None
                    else round(max(0.0, due_plan.amount - amount), 6)
                ),
                remaining_times=None if due_plan.times is None else max(0, due_plan.times - count),
                caution=caution,
                paused=paused,
                due_plan=due_plan,
                paused_days=(7 - free) if plan.per == "week" else int(paused is not None),
            )
        )
    return result
