"""Measured standing height, and the loss from the tallest recorded.

A height loss can be a sign of a vertebral (spine) fracture, most of which are
never noticed when they happen. bonetrack shows the loss from the tallest height
recorded and flags one of 4 cm or more. The threshold is the guidelines'
"historical height loss" as an indication for vertebral fracture assessment
(ISCD: more than 4 cm / 1.5 in; NOF/BHOF Clinician's Guide: 1.5 in or more),
seen only in reproductions of those guidelines, so marked uncertain.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bonetrack.domain.decimals import display_rounded, exact
from bonetrack.errors import InputError

HEIGHT_MIN_CM = 100.0
HEIGHT_MAX_CM = 250.0
CM_PER_INCH = 2.54  # exact, by definition
INCHES_PER_FOOT = 12
HEIGHT_LOSS_CM = 4
HEIGHT_LOSS_SOURCE = (
    "ISCD Official Positions: vertebral fracture assessment when the historical height loss "
    "is more than 4 cm (1.5 in); NOF/BHOF Clinician's Guide: 1.5 in or more "
    "[uncertain: the guidelines' wording was seen only second-hand]"
)
_EXAMPLES = "162.5cm, 1.625m, 64in or 5'4\""
_CM_PER_UNIT = {"cm": 1.0, "m": 100.0, "mm": 0.1, "in": CM_PER_INCH}
_UNITS = {
    "cm": "cm",
    "m": "m",
    "mm": "mm",
    "in": "in",
    "inch": "in",
    "inches": "in",
    '"': "in",
    "''": "in",
}
_NUMBER = r"\d+(?:[.,]\d+)?|[.,]\d+"
_PLAIN = re.compile(rf"^(?P<num>{_NUMBER})\s*(?P<unit>[a-z\"']*)$")
_FEET = re.compile(
    rf"^(?P<ft>\d+)\s*(?:'|ft|feet|foot)\s*(?:(?P<in>{_NUMBER})\s*(?:\"|''|in|inch|inches)?)?$"
)


@dataclass(frozen=True)
class Height:
    """One measured standing height."""

    id: int | None
    measured_on: date
    height_cm: float
    note: str | None = None
    source: str = "cli"


def _number(text: str) -> float:
    # a decimal comma is how many people write 162,5
    return float(text.replace(",", "."))


def _normal(text: str) -> str:
    # typographic primes and quotes, as phones and word processors type them
    for fancy, plain in (("′", "'"), ("’", "'"), ("‘", "'"), ("″", '"'), ("”", '"'), ("“", '"')):
        text = text.replace(fancy, plain)
    return " ".join(text.strip().lower().split())


def parse_height(text: str) -> float:
    """A height in cm from '162.5cm', '1.625m', '1625mm', '64in', '64"', "5'4\"", '5 ft 4 in'."""
    raw = _normal(text)
    feet = _FEET.match(raw)
    if feet is not None:
        inches = _number(feet.group("in")) if feet.group("in") else 0.0
        if inches >= INCHES_PER_FOOT:
            raise InputError(f"height {text.strip()}: the inches after the feet must be under 12.")
        cm = (int(feet.group("ft")) * INCHES_PER_FOOT + inches) * CM_PER_INCH
        return _check(cm, text.strip(), None)
    plain = _PLAIN.match(raw)
    if plain is None:
        raise InputError(f"height '{text}' is not a height: write it like {_EXAMPLES}.")
    value = _number(plain.group("num"))
    unit = _UNITS.get(plain.group("unit"))
    if not plain.group("unit"):
        guess = _guess_unit(value)
        hint = f"did you mean {plain.group('num')}{guess}? " if guess else ""
        raise InputError(f"height '{text}' needs a unit: {hint}(e.g. {_EXAMPLES})")
    if unit is None:
        raise InputError(f"height '{text}' is not a height: write it like {_EXAMPLES}.")
    return _check(value * _CM_PER_UNIT[unit], text.strip(), (plain.group("num"), value, unit))


def _guess_unit(value: float) -> str | None:
    """The unit that would make `value` a plausible height, preferring cm, then m, then in."""
    for unit in ("cm", "m", "in"):
        if HEIGHT_MIN_CM <= value * _CM_PER_UNIT[unit] <= HEIGHT_MAX_CM:
            return unit
    return None


def _check(cm: float, typed: str, parts: tuple[str, float, str] | None) -> float:
    if HEIGHT_MIN_CM <= cm <= HEIGHT_MAX_CM:
        return cm
    hint = ""
    if parts is not None:
        number, value, unit = parts
        guess = _guess_unit(value)
        if guess is not None and guess != unit:
            hint = f": did you mean {number}{guess}?"
    shown = format(exact(round(cm, 2)).normalize(), "f")
    raise InputError(
        f"height {typed} ({shown} cm) is outside the plausible range of "
        f"{HEIGHT_MIN_CM:.0f}-{HEIGHT_MAX_CM:.0f} cm{hint or '.'}"
    )


def check_height_cm(cm: float) -> float:
    """A height already in cm (from an import) within the plausible range."""
    if not math.isfinite(cm):
        raise InputError("a height must be a finite number of cm.")
    return _check(cm, format_cm(cm), None)


def format_cm(value: float) -> str:
    """A height as entered, to 0.01 cm at most and one decimal at least: 158.5 cm, 162.56 cm."""
    rounded = exact(round(value, 2))
    places = max(1, -int(rounded.normalize().as_tuple().exponent))
    return _format_exact_cm(rounded, places)


def _format_exact_cm(value: Decimal, places: int) -> str:
    return f"{value:.{places}f} cm"


@dataclass(frozen=True)
class HeightSummary:
    """The latest height against the tallest recorded."""

    tallest: Height
    latest: Height
    loss_cm: float  # shown value: one decimal, more where rounding would cross 4 cm
    flagged: bool  # a loss of 4 cm or more
    message: str
    # (id, loss from the tallest up to that measurement, flagged) per measurement, oldest first
    losses: tuple[tuple[int | None, float, bool], ...]
    source: str = HEIGHT_LOSS_SOURCE
    threshold_cm: int = HEIGHT_LOSS_CM


def _loss(tallest: Height, height: Height) -> tuple[Decimal, Decimal, int, bool]:
    """Exact loss, the shown loss and its places, and whether it reaches the threshold."""
    loss = exact(tallest.height_cm) - exact(height.height_cm)
    shown, places = display_rounded(loss, 1, Decimal(HEIGHT_LOSS_CM))
    return loss, shown, places, loss >= HEIGHT_LOSS_CM


def height_summary(heights: Sequence[Height]) -> HeightSummary | None:
    """The loss of the latest height from the tallest recorded; None without any height."""
    if not heights:
        return None
    ordered = sorted(heights, key=lambda h: (h.measured_on, h.id or 0))
    latest = ordered[-1]
    tallest = min(ordered, key=lambda h: (-h.height_cm, h.measured_on, h.id or 0))
    losses = []
    best = ordered[0]
    for height in ordered:
        if height.height_cm > best.height_cm:
            best = height
        _, shown, _, flagged = _loss(best, height)
        losses.append((height.id, float(shown), flagged))
    _, shown, places, flagged = _loss(tallest, latest)
    head = f"Height {format_cm(latest.height_cm)} on {latest.measured_on.isoformat()}"
    if tallest is latest or shown == 0:
        message = f"{head} is the tallest recorded."
    else:
        message = (
            f"{head} is {_format_exact_cm(shown, places)} below the tallest recorded, "
            f"{format_cm(tallest.height_cm)} on {tallest.measured_on.isoformat()}"
        )
        if flagged:
            message += (
                f": a loss of {HEIGHT_LOSS_CM} cm or more can be a sign of a vertebral (spine) "
                "fracture; raise it with your clinician."
            )
        else:
            message += "."
    return HeightSummary(
        tallest=tallest,
        latest=latest,
        loss_cm=float(shown),
        flagged=flagged,
        message=message,
        losses=tuple(losses),
    )


def check_measured_on(day: date, today: date) -> date:
    if day > today:
        raise InputError(f"{day.isoformat()} is in the future; record heights already measured.")
    return day
