"""Exact decimal arithmetic on values as entered, and rounding for display only.

Thresholds (an LSC, a height loss) are compared with the exact value; a shown
value must not land on the other side of the threshold because of rounding
(5.295% must not print as "5.30%" beside an LSC of 5.3%).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

MAX_SHOWN_PLACES = 6


def exact(value: float) -> Decimal:
    """The value as entered: repr is the shortest text that reads back as the same float
    ("0.947", not 0.94699999...), so float noise cannot decide a comparison."""
    return Decimal(repr(value))


def quantize(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def display_rounded(value: Decimal, places: int, limit: Decimal | None) -> tuple[Decimal, int]:
    """`value` rounded to `places`, or to more where rounding would cross `limit`.

    Compares magnitudes: |rounded| >= limit must agree with |value| >= limit.
    """
    while True:
        rounded = quantize(value, places)
        if limit is None or places >= MAX_SHOWN_PLACES:
            return rounded, places
        if (abs(rounded) >= limit) == (abs(value) >= limit):
            return rounded, places
        places += 1


def at_least_places(value: float, places: int) -> str:
    """The exact value with at least `places` decimals: 5.0, 4.2549, 0.030, 0.0335."""
    digits = exact(value)
    exponent = digits.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) else 0
    return format(digits, "f") if decimals >= places else f"{value:.{places}f}"
