"""`bonetrack catch-up`: which planned doses of past days are not logged, and when in the
day to log them (the usual time of day)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta

from bonetrack.domain.adherence import DayTotal, Excused, UsualTime
from bonetrack.domain.plans import ItemKey, PlanVersion, dose_amount, version_in_force
from bonetrack.domain.profile import DayRange

_EPSILON = 1e-9


@dataclass(frozen=True)
class Missed:
    """Doses of one daily item not logged on one day."""

    day: date
    plan: PlanVersion
    dose: float  # the planned amount of one dose
    missing: int  # how many doses are not logged
    logged: int  # how many are


def missed_doses(
    items: Mapping[ItemKey, Sequence[PlanVersion]],
    daily: Mapping[ItemKey, Mapping[date, DayTotal]],
    first: date,
    last: date,
    excused: Mapping[ItemKey, Sequence[DayRange]] | None = None,
) -> list[Missed]:
    """Each day first..last (oldest first) and daily item whose planned doses were not all
    logged. Only items with a dose to log (daily, with an amount); days in `excused` (K2 on
    a vitamin K antagonist) are never asked about."""
    found: list[Missed] = []
    day = first
    while day <= last:
        for key, versions in items.items():
            plan = version_in_force(versions, day)
            if plan is None or not plan.active or plan.per != "day":
                continue
            dose = dose_amount(plan)
            if dose is None or plan.amount is None:
                continue
            if day in Excused((excused or {}).get(key, ())):
                continue
            total = daily.get(key, {}).get(day, DayTotal(0.0, 0))
            if total.amount >= plan.amount - _EPSILON:
                continue
            doses = plan.times or 1
            by_amount = math.ceil((plan.amount - total.amount) / dose - _EPSILON)
            missing = max(1, min(doses - total.count, by_amount))
            found.append(Missed(day, plan, dose, missing, total.count))
        day += timedelta(days=1)
    return found


def dose_times(usual: Sequence[UsualTime], logged: int, missing: int, fallback: time) -> list[time]:
    """When in the day to log `missing` doses after `logged` ones: the usual times of the
    doses not logged (the later ones of the day), else `fallback`."""
    medians = sorted(u.median for u in usual)
    if not medians:
        return [fallback] * missing
    chosen = medians[logged:] if logged < len(medians) else medians[-1:]
    return [chosen[min(i, len(chosen) - 1)] for i in range(missing)]
