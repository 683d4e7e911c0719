"""Dietary intake: the calcium, vitamin D and vitamin K that food brought, per local day.

Food is its own kind of record, never a dose: it counts toward the day's total
against the RDA and the upper limit (food and supplements count together toward
the calcium UL, IOM 2011), but never toward a plan, and dietary vitamin K (mostly
K1, phylloquinone) never toward K2. Records come from other apps' exports
(Cronometer, Apple Health); each names the importer (`source`), the app that
recorded it when known (`source_app`) and a key that is stable across exports
of the same data (`record_key`), by which a re-import adds nothing twice.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from bonetrack.domain.amounts import format_number
from bonetrack.domain.kinds import UNIT_SYMBOLS, get_kind
from bonetrack.errors import InputError

CALCIUM = "calcium"
VITAMIN_D = "vitamin-d"
VITAMIN_K = "vitamin-k"
NUTRIENTS: tuple[str, ...] = (CALCIUM, VITAMIN_D, VITAMIN_K)

# Each nutrient's canonical unit code (as `kinds.UNIT_SYMBOLS` shows them) and the
# spellings read from other apps, with their factors. Vitamin K is weighed like K2.
NUTRIENT_UNITS: dict[str, str] = {CALCIUM: "mg", VITAMIN_D: "IU", VITAMIN_K: "mcg"}
_UNIT_FACTORS: dict[str, dict[str, float]] = {
    CALCIUM: get_kind("calcium").units,
    VITAMIN_D: get_kind("vitamin-d").units,
    VITAMIN_K: get_kind("k2").units,
}
NUTRIENT_LABELS: dict[str, str] = {
    CALCIUM: "Calcium",
    VITAMIN_D: "Vitamin D",
    VITAMIN_K: "Vitamin K",
}

# Not health figures: a guard against a unit read wrongly (µg taken for mg) or a
# corrupt file. No one record (a day's total from Cronometer, or one Apple Health
# sample) of real food and food-app supplements comes near these.
PLAUSIBLE_MAX: dict[str, float] = {CALCIUM: 20_000.0, VITAMIN_D: 1_000_000.0, VITAMIN_K: 100_000.0}

# The importers that write dietary records.
CRONOMETER = "cronometer"
APPLE_HEALTH = "apple-health"

SOURCE_NAMES: dict[str, str] = {CRONOMETER: "Cronometer", APPLE_HEALTH: "Apple Health"}

# When several importers hold food for the same day and nutrient, the day's food is
# one source's, the first in this order: a food diary states whole days, and Apple
# Health often holds the same food again, written into it by the food app. Adding
# them up would count a meal twice.
SOURCE_PREFERENCE: tuple[str, ...] = (CRONOMETER, APPLE_HEALTH)


@dataclass(frozen=True)
class DietaryIntake:
    """One record of a nutrient eaten on one of the user's local calendar days.

    `amount` is in the nutrient's canonical unit (mg calcium, IU vitamin D, µg
    vitamin K) and may be 0 (recorded as none, unlike a missing record: "no food
    data"). `record_key` is unique per `source`.
    """

    day: date
    nutrient: str
    amount: float
    source: str
    record_key: str
    source_app: str | None = None

    def columns(self) -> dict[str, object]:
        """Its columns in the dietary_intakes table (the import it came from apart)."""
        return {
            "local_date": self.day,
            "nutrient": self.nutrient,
            "amount": self.amount,
            "source": self.source,
            "source_app": self.source_app,
            "record_key": self.record_key,
        }


def dietary_intake(
    day: date,
    nutrient: str,
    amount: float,
    source: str,
    record_key: str,
    source_app: str | None = None,
) -> DietaryIntake:
    """A checked record; an InputError says what is wrong (the caller adds where)."""
    if nutrient not in NUTRIENTS:
        raise InputError(f"unknown nutrient '{nutrient}' (known: {', '.join(NUTRIENTS)}).")
    if not math.isfinite(amount):
        raise InputError(f"the {nutrient_label(nutrient)} amount must be a finite number.")
    if amount < 0:
        raise InputError(f"a negative {nutrient_label(nutrient)} amount ({amount:g}).")
    if amount > PLAUSIBLE_MAX[nutrient]:
        raise InputError(
            f"{format_nutrient(nutrient, amount)} of {nutrient_label(nutrient)} in one record "
            f"is not plausible (more than {format_nutrient(nutrient, PLAUSIBLE_MAX[nutrient])}); "
            "check the unit."
        )
    if not source or not record_key:
        raise InputError("a dietary record needs its source and a record key.")
    return DietaryIntake(day, nutrient, round(amount, 6), source, record_key, source_app or None)


def nutrient_label(nutrient: str) -> str:
    """'calcium', 'vitamin D', 'vitamin K': for the middle of a sentence."""
    label = NUTRIENT_LABELS[nutrient]
    return label[0].lower() + label[1:]


def unit_factor(nutrient: str, unit: str) -> float | None:
    """The factor from `unit` (mg, g, µg in any spelling, mcg, ug, IU) to the canonical unit."""
    return _UNIT_FACTORS[nutrient].get(unit.strip().lower())


def to_canonical(nutrient: str, value: float, unit: str) -> float:
    """`value` in `unit` as the nutrient's canonical unit; an InputError for a unit it cannot be."""
    factor = unit_factor(nutrient, unit)
    if factor is None:
        known = ", ".join(sorted(dict.fromkeys(_UNIT_FACTORS[nutrient])))
        raise InputError(f"unknown unit '{unit}' for {nutrient_label(nutrient)} (known: {known}).")
    return round(value * factor, 6)


def format_nutrient(nutrient: str, amount: float) -> str:
    """'1200 mg', '800 IU', '95.5 µg'."""
    return f"{format_number(amount)} {UNIT_SYMBOLS[NUTRIENT_UNITS[nutrient]]}"


def source_name(source: str) -> str:
    """The importer as people know the app: 'Cronometer', 'Apple Health'."""
    return SOURCE_NAMES.get(source, source)


def source_rank(source: str) -> tuple[int, str]:
    """Sorts the preferred source first (unknown sources after, by name)."""
    if source in SOURCE_PREFERENCE:
        return SOURCE_PREFERENCE.index(source), source
    return len(SOURCE_PREFERENCE), source


def record_key(*parts: str) -> str:
    """A stable key from the fields that identify a record in its source (64 hex digits).

    Apple Health: the record's type, source name, start, end and value as written in
    the export. The same record in a later export gives the same key.
    """
    import hashlib  # only importers need it: not on the start-up path of `today`

    joined = "\x1f".join(parts)  # the unit separator: never inside the parts' text
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


def day_record_key(source: str, day: date, nutrient: str) -> str:
    """The key of a source's one record per day and nutrient (Cronometer's day totals)."""
    return record_key(source, day.isoformat(), nutrient)
