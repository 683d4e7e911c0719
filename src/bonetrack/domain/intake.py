"""Calcium and vitamin D from supplements and food together, per local day, against the
reference values.

Food and supplements count together toward the RDA and the calcium UL (IOM 2011).
A day without food data has no known total: it is shown as "no food data", never
as zero food. Its supplements alone still count toward the upper limit (the
total can only be higher), but it is not judged against the RDA.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from bonetrack.domain.food import CALCIUM, NUTRIENT_UNITS, VITAMIN_D
from bonetrack.domain.guidance import SOURCE_UL, TOTAL_PLACES
from bonetrack.domain.profile import Profile
from bonetrack.domain.reference import References

NO_FOOD_DATA = "no food data"
# Calcium and vitamin D: the supplement kind and the food nutrient share a name.
INTAKE_NUTRIENTS: tuple[str, ...] = (CALCIUM, VITAMIN_D)


@dataclass(frozen=True)
class FoodAmount:
    """A nutrient's food total on one day, and the app it came from."""

    amount: float
    source: str


@dataclass(frozen=True)
class IntakeDay:
    day: date
    supplements: float  # the doses logged (0 without any)
    food: float | None  # None: no food data
    food_source: str | None

    @property
    def total(self) -> float | None:
        if self.food is None:
            return None
        return round(self.supplements + self.food, 6)

    @property
    def known_at_least(self) -> float:
        """What the day's total is at least: the supplements when food is unknown."""
        total = self.total
        return self.supplements if total is None else total


def intake_days(
    supplements: Mapping[date, float], food: Mapping[date, FoodAmount]
) -> list[IntakeDay]:
    """The days with a dose or food data, in order: what was taken and eaten."""
    days: list[IntakeDay] = []
    for day in sorted(set(supplements) | set(food)):
        days.append(intake_day(day, supplements, food))
    return days


def intake_day(
    day: date, supplements: Mapping[date, float], food: Mapping[date, FoodAmount]
) -> IntakeDay:
    eaten = food.get(day)
    return IntakeDay(
        day,
        round(supplements.get(day, 0.0), 6),
        None if eaten is None else eaten.amount,
        None if eaten is None else eaten.source,
    )


def _rda(nutrient: str, refs: References) -> float:
    return float(refs.calcium_rda_mg if nutrient == CALCIUM else refs.vitamin_d_rda_iu)


def _ul(nutrient: str, refs: References) -> float:
    return float(refs.calcium_ul_mg if nutrient == CALCIUM else refs.vitamin_d_ul_iu)


def _average(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


@dataclass(frozen=True)
class IntakeSummary:
    """One nutrient over a window: the days, their averages, and the reference checks."""

    nutrient: str
    unit: str
    window_days: int
    days: tuple[IntakeDay, ...]  # those with a dose or food data
    rda: float | None  # as of the window's last day; None without reference values
    ul: float | None
    # over the days with food data (the only days whose total is known)
    food_days: int
    average_supplements: float | None
    average_food: float | None
    average_total: float | None
    below_rda: tuple[date, ...]  # days with food data whose total is below that day's RDA
    # calcium only: days whose total (supplements alone without food data) is above the
    # UL; vitamin D's UL is judged as a 7-day average with the warnings
    above_ul: tuple[date, ...]
    source: str = SOURCE_UL


def summarize(
    nutrient: str, first: date, last: date, days: Sequence[IntakeDay], profile: Profile
) -> IntakeSummary:
    """`days`: those from `first` to `last` with a dose or food data (`intake_days`)."""
    known = [d for d in days if d.food is not None]
    refs_last = profile.references(last)
    below: list[date] = []
    above: list[date] = []
    for d in days:
        refs = profile.references(d.day)
        if refs is None:
            continue
        total = d.total
        if total is not None and round(total, TOTAL_PLACES) < _rda(nutrient, refs):
            below.append(d.day)
        if nutrient == CALCIUM and round(d.known_at_least, TOTAL_PLACES) > _ul(nutrient, refs):
            above.append(d.day)
    return IntakeSummary(
        nutrient=nutrient,
        unit=NUTRIENT_UNITS[nutrient],
        window_days=(last - first).days + 1,
        days=tuple(days),
        rda=None if refs_last is None else _rda(nutrient, refs_last),
        ul=None if refs_last is None else _ul(nutrient, refs_last),
        food_days=len(known),
        average_supplements=_average([d.supplements for d in known]),
        average_food=_average([d.food for d in known if d.food is not None]),
        average_total=_average([d.total for d in known if d.total is not None]),
        below_rda=tuple(below),
        above_ul=tuple(above),
    )
