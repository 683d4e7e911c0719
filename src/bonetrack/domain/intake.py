"""Calcium and vitamin D from supplements and food together, per local day, against the
reference values; and how steady dietary vitamin K has been, for a vitamin K antagonist.

Food and supplements count together toward the RDA and the calcium UL (IOM 2011).
A day without food data has no known total: it is shown as "no food data", never
as zero food. Its supplements alone still count toward the upper limit (the
total can only be higher), but it is not judged against the RDA. Dietary vitamin
K (mostly K1) is shown only for consistency; it never counts toward K2.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bonetrack.domain.food import CALCIUM, NUTRIENT_UNITS, VITAMIN_D, VITAMIN_K
from bonetrack.domain.guidance import SOURCE_UL, SOURCE_VKA, TOTAL_PLACES
from bonetrack.domain.profile import Profile, in_ranges
from bonetrack.domain.reference import References

NO_FOOD_DATA = "no food data"
# Calcium and vitamin D: the supplement kind and the food nutrient share a name.
INTAKE_NUTRIENTS: tuple[str, ...] = (CALCIUM, VITAMIN_D)
# How many of the days furthest from usual the vitamin K summary names.
UNUSUAL_DAYS = 3


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
    first: date,
    last: date,
    supplements: Mapping[date, float],
    food: Mapping[date, FoodAmount],
) -> list[IntakeDay]:
    """Every day from `first` to `last`, with what was taken and eaten."""
    days: list[IntakeDay] = []
    day = first
    while day <= last:
        eaten = food.get(day)
        days.append(
            IntakeDay(
                day,
                round(supplements.get(day, 0.0), 6),
                None if eaten is None else eaten.amount,
                None if eaten is None else eaten.source,
            )
        )
        day += timedelta(days=1)
    return days


def _rda(nutrient: str, refs: References) -> float:
    return float(refs.calcium_rda_mg if nutrient == CALCIUM else refs.vitamin_d_rda_iu)


def _ul(nutrient: str, refs: References) -> float:
    return float(refs.calcium_ul_mg if nutrient == CALCIUM else refs.vitamin_d_ul_iu)


def _average(values: Sequence[float]) -> float | None:
    return round(statistics.fmean(values), 1) if values else None


@dataclass(frozen=True)
class IntakeSummary:
    """One nutrient over a window: the days, their averages, and the reference checks."""

    nutrient: str
    unit: str
    days: tuple[IntakeDay, ...]
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


def summarize(nutrient: str, days: Sequence[IntakeDay], profile: Profile) -> IntakeSummary:
    known = [d for d in days if d.food is not None]
    refs_last = profile.references(days[-1].day) if days else None
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


# --- dietary vitamin K on a vitamin K antagonist ---------------------------------

VITAMIN_K_GUIDANCE = (
    "on a vitamin K antagonist the guidance is to keep vitamin K intake consistent, not to "
    "avoid it, and to change it only with your prescriber; this is information, not advice"
)


@dataclass(frozen=True)
class UnusualDay:
    day: date
    amount: float
    difference: float  # from the usual (median) intake, signed


@dataclass(frozen=True)
class VitaminKSteadiness:
    """Dietary vitamin K (µg) on the window's days a vitamin K antagonist was in force."""

    vka_days: int  # days of the window on the antagonist
    food_days: int  # of those, days with food data
    mean: float | None
    spread: float | None  # standard deviation over those days
    usual: float | None  # the median: the person's usual day
    lowest: float | None
    highest: float | None
    unusual: tuple[UnusualDay, ...]  # the days furthest from the usual, furthest first
    food_sources: tuple[str, ...]
    message: str
    source: str = SOURCE_VKA
    unit: str = NUTRIENT_UNITS[VITAMIN_K]


def vitamin_k_steadiness(
    profile: Profile, first: date, last: date, food: Mapping[date, FoodAmount]
) -> VitaminKSteadiness | None:
    """None unless the profile was on a vitamin K antagonist on a day of the window."""
    ranges = profile.vka_days()
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    on_vka = [d for d in days if in_ranges(ranges, d)]
    if not on_vka:
        return None
    known = [(d, food[d].amount) for d in on_vka if d in food]
    sources = tuple(sorted({food[d].source for d, _ in known}))
    if not known:
        return VitaminKSteadiness(
            len(on_vka),
            0,
            None,
            None,
            None,
            None,
            None,
            (),
            sources,
            f"No food data for vitamin K on the {len(on_vka)} days on a vitamin K antagonist "
            f"(import it from Cronometer or Apple Health); {VITAMIN_K_GUIDANCE}",
        )
    amounts = [a for _, a in known]
    usual = statistics.median(amounts)
    spread = statistics.pstdev(amounts)
    unusual = sorted(known, key=lambda item: (-abs(item[1] - usual), item[0]))[:UNUSUAL_DAYS]
    mean = statistics.fmean(amounts)
    return VitaminKSteadiness(
        vka_days=len(on_vka),
        food_days=len(known),
        mean=round(mean, 1),
        spread=round(spread, 1),
        usual=round(usual, 1),
        lowest=min(amounts),
        highest=max(amounts),
        unusual=tuple(
            UnusualDay(d, a, round(a - usual, 1)) for d, a in unusual if not math.isclose(a, usual)
        ),
        food_sources=sources,
        message=(
            f"Vitamin K from food on {len(known)} of {len(on_vka)} days on a vitamin K "
            f"antagonist: {_number(mean)} µg a day on average, spread {_number(spread)} µg "
            f"(usual day {_number(usual)} µg); {VITAMIN_K_GUIDANCE}"
        ),
    )


def _number(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
