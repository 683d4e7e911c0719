"""Amounts as the user types them ("180mcg", "0.18 mg", "1h30m") and as we show them."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from bonetrack.domain.kinds import Kind
from bonetrack.errors import InputError

# A number: digits with an optional decimal point, or thousands groups ("1,000").
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
_PART = re.compile(rf"\s*({_NUMBER})\s*([^\d\s.,]*)\s*")
# Numbers Python would accept but people should not type: 1e3, nan, inf.
_NOT_PLAIN = re.compile(r"\d[eE][+\-]?\d|nan|inf", re.IGNORECASE)


@dataclass(frozen=True)
class Amount:
    """An amount in its kind's canonical unit, with what the user typed."""

    value: float
    input_amount: float
    input_unit: str


def _to_float(text: str) -> float:
    return float(text.replace(",", ""))


def _split(text: str) -> list[tuple[float, str]]:
    """'1h30m' -> [(1.0, 'h'), (30.0, 'm')]; [] if the text is not number-unit pairs."""
    parts: list[tuple[float, str]] = []
    pos = 0
    while pos < len(text):
        match = _PART.match(text, pos)
        if match is None or match.end() == pos:
            return []
        parts.append((_to_float(match.group(1)), match.group(2)))
        pos = match.end()
    return parts


def parse_amount(kind: Kind, text: str) -> Amount:
    """Parse `text` as an amount of `kind`; raise InputError saying what is wrong."""
    raw = text.strip()
    if not raw:
        raise InputError(f"missing amount for {kind.name}.")
    example = example_amount(kind)
    units_text = ", ".join(sorted(dict.fromkeys(kind.units)))
    if raw.startswith("-"):
        raise InputError(f"the amount must be positive, not '{text}'.")
    if _NOT_PLAIN.search(raw):
        raise InputError(
            f"'{text}' is not a valid amount: use a plain number and a unit, e.g. {example}."
        )
    parts = _split(raw)
    if not parts:
        raise InputError(
            f"'{text}' is not an amount: expected a number and a unit, e.g. {example}."
        )
    if len(parts) > 1 and not kind.is_exercise:
        raise InputError(
            f"'{text}' is not an amount: expected one number and a unit, e.g. {example}."
        )

    total = 0.0
    for number, unit in parts:
        if not unit:
            if not kind.is_exercise:
                raise InputError(
                    f"'{text}' needs a unit for {kind.name}: "
                    f"add one of {units_text}, e.g. {example}."
                )
            if len(parts) > 1:
                raise InputError(f"'{text}': every part needs a unit, e.g. 1h30m.")
            unit = "min"
        factor = kind.units.get(unit.lower())
        if factor is None:
            raise InputError(
                f"unknown unit '{unit}' for {kind.name}: use one of {units_text}, e.g. {example}."
            )
        total += number * factor
    value = _round(total)
    if len(parts) == 1 and value > kind.max_amount:
        from bonetrack.domain.plausible import hint  # the plausible ranges build on this module

        number, unit = parts[0]
        raise InputError(
            f"{text} of {kind.name} in one entry is not plausible (more than "
            f"{kind.max_amount_text}); check the unit.{hint(kind, number, unit)}"
        )
    check_amount(kind, value, text)
    first_number, first_unit = parts[0]
    if len(parts) == 1:
        return Amount(value=value, input_amount=first_number, input_unit=first_unit or "min")
    # A compound ("1h30m") is kept as typed in minutes, its only meaningful unit.
    return Amount(value=value, input_amount=value, input_unit="min")


def check_amount(kind: Kind, value: float, text: str | None = None) -> None:
    """Reject zero, negative, non-finite and implausibly large amounts."""
    shown = text if text is not None else format_amount(kind, value)
    if not math.isfinite(value):
        raise InputError(f"the amount must be a finite number, not '{shown}'.")
    if value <= 0:
        raise InputError(f"the amount must be more than zero, not '{shown}'.")
    if format_number(value) == "0":
        # Stored, it would be listed and totalled as "0 µg": as good as zero.
        raise InputError(
            f"'{shown}' rounds to {format_amount(kind, value)} as shown (3 decimals): the "
            f"amount must be at least {format_amount(kind, SMALLEST_SHOWN)}."
        )
    if value > kind.max_amount:
        raise InputError(
            f"{shown} of {kind.name} in one entry is not plausible "
            f"(more than {kind.max_amount_text}); check the unit."
        )


def _round(value: float) -> float:
    # Unit factors like 0.001 leave binary noise (0.18 mg -> 180.00000000000003 µg).
    return round(value, 6)


def example_amount(kind: Kind) -> str:
    if kind.example:
        return kind.example
    return {"mcg": "180mcg", "mg": "500mg", "IU": "1000IU", "min": "30min"}[kind.unit]


# format_number shows at most 3 decimals: the smallest amount that is not shown as 0.
SMALLEST_SHOWN = 0.001


def format_number(value: float) -> str:
    """180.0 -> '180', 2.5 -> '2.5', 1000.0 -> '1000'; at most 3 decimals."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


# From 1 mg on, micrograms are shown as milligrams: "45000 µg" is easily misread by
# a factor of 1000, and the MK-4 dose (45 mg) is written in mg everywhere.
MICROGRAMS_SHOWN_AS_MG_FROM = 1000.0


def format_amount(kind: Kind, value: float) -> str:
    """An amount for people: '180 µg', '45 mg' (K2 from 1 mg), '1000 IU', '45 min'."""
    if kind.unit == "mcg" and abs(value) >= MICROGRAMS_SHOWN_AS_MG_FROM:
        # 6 decimals of mg keep the 3 decimals of µg that amounts are stored with.
        return f"{f'{value / 1000:.6f}'.rstrip('0').rstrip('.')} mg"
    return f"{format_number(value)} {kind.symbol}"


def check_input_amount(kind: Kind, value: float, input_amount: float, input_unit: str) -> None:
    """The amount as typed must give the stored amount: an entry cannot say two things."""
    factor = kind.units.get(input_unit.lower())
    if factor is None:
        units_text = ", ".join(sorted(dict.fromkeys(kind.units)))
        raise InputError(f"unknown unit '{input_unit}' for {kind.name}: use one of {units_text}.")
    check_amount(kind, _round(input_amount * factor), f"{format_number(input_amount)}{input_unit}")
    if _round(input_amount * factor) != value:
        raise InputError(
            f"{format_number(input_amount)} {input_unit} is not {format_amount(kind, value)}: "
            "the amount as typed and the stored amount disagree."
        )
