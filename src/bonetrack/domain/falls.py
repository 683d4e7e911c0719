"""Falls counted over 12 months: two or more are "recurrent falls".

The World Falls Guidelines (2022) define recurrent falls as two or more falls in
the previous 12 months. bonetrack shows the count and, from two, names it as a
fact to raise with the clinician: information, never a risk score.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

RECURRENT_FALLS = 2
FALLS_SOURCE = (
    "World Falls Guidelines 2022 (Montero-Odasso, Age Ageing 51:afac205), Table 2: "
    "recurrent falls are two or more falls in the previous 12 months"
)


def twelve_months_to(end: date) -> date:
    """The first day of the 12 months ending on `end` (a year back, plus one day)."""
    try:
        year_before = end.replace(year=end.year - 1)
    except ValueError:  # 29 February: a year back is 28 February
        year_before = end.replace(year=end.year - 1, day=28)
    return year_before + timedelta(days=1)


@dataclass(frozen=True)
class FallsSummary:
    start: date
    end: date
    dates: tuple[date, ...]
    message: str

    @property
    def count(self) -> int:
        return len(self.dates)

    @property
    def recurrent(self) -> bool:
        return self.count >= RECURRENT_FALLS


def falls_summary(fall_days: Iterable[date], end: date) -> FallsSummary:
    """The falls on the local days of the 12 months to `end`."""
    start = twelve_months_to(end)
    days = tuple(sorted(d for d in fall_days if start <= d <= end))
    period = f"in the 12 months to {end.isoformat()}"
    if not days:
        message = f"No falls recorded {period}."
    else:
        listed = ", ".join(d.isoformat() for d in days)
        noun = "fall" if len(days) == 1 else "falls"
        message = f"{len(days)} {noun} recorded {period} ({listed})"
        if len(days) >= RECURRENT_FALLS:
            message += (
                ": two or more falls in 12 months are what the World Falls Guidelines call "
                "recurrent falls; raise them with your clinician."
            )
        else:
            message += "."
    return FallsSummary(start=start, end=end, dates=days, message=message)
