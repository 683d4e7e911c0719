"""How steady dietary vitamin K has been, for a profile on a vitamin K antagonist.

The guidance is consistency, not avoidance (fact sheet section 4): the report shows
the mean, the spread and the days furthest from the person's usual intake, with
where the food data came from. Information only. Dietary vitamin K (mostly K1)
never counts toward K2.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from bonetrack.domain.amounts import format_number
from bonetrack.domain.food import NUTRIENT_UNITS, VITAMIN_K
from bonetrack.domain.guidance import SOURCE_VKA
from bonetrack.domain.intake import FoodAmount
from bonetrack.domain.profile import Profile, in_ranges

# How many of the days furthest from usual the summary names.
UNUSUAL_DAYS = 3

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
        usual=round(usual, 3),
        lowest=min(amounts),
        highest=max(amounts),
        unusual=tuple(
            UnusualDay(d, a, round(a - usual, 1)) for d, a in unusual if not math.isclose(a, usual)
        ),
        food_sources=sources,
        message=(
            f"Vitamin K from food on {len(known)} of {len(on_vka)} days on a vitamin K "
            f"antagonist: {_number(mean)} µg a day on average, spread {_number(spread)} µg "
            f"(usual day {format_number(usual)} µg); {VITAMIN_K_GUIDANCE}"
        ),
    )


def _number(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
