"""Falls in the 12 months to a day; two or more are recurrent falls (World Falls Guidelines)."""

from __future__ import annotations

from datetime import date

import pytest

from bonetrack.domain.falls import FALLS_SOURCE, falls_summary, twelve_months_to


@pytest.mark.parametrize(
    ("end", "start"),
    [
        (date(2026, 11, 22), date(2025, 11, 23)),
        (date(2024, 2, 29), date(2023, 3, 1)),  # leap day: a year back is 28 February
        (date(2025, 2, 28), date(2024, 2, 29)),
        (date(2026, 1, 1), date(2025, 1, 2)),
        (date(2026, 12, 31), date(2026, 1, 1)),
    ],
)
def test_twelve_months_to_a_day(end: date, start: date) -> None:
    assert twelve_months_to(end) == start


def test_no_falls() -> None:
    found = falls_summary([], date(2026, 11, 22))
    assert (found.count, found.recurrent, found.start) == (0, False, date(2025, 11, 23))
    assert found.message == "No falls recorded in the 12 months to 2026-11-22."


def test_one_fall_is_counted_not_flagged() -> None:
    found = falls_summary([date(2026, 3, 4)], date(2026, 11, 22))
    assert (found.count, found.recurrent) == (1, False)
    assert found.message == "1 fall recorded in the 12 months to 2026-11-22 (2026-03-04)."


def test_two_falls_in_12_months_are_a_fact_to_raise_with_the_clinician() -> None:
    found = falls_summary([date(2025, 11, 23), date(2026, 10, 1)], date(2026, 11, 22))
    assert (found.count, found.recurrent) == (2, True)
    assert found.message == (
        "2 falls recorded in the 12 months to 2026-11-22 (2025-11-23, 2026-10-01): two or more "
        "falls in 12 months are what the World Falls Guidelines call recurrent falls; raise "
        "them with your clinician."
    )
    assert FALLS_SOURCE == (
        "World Falls Guidelines 2022 (Montero-Odasso, Age Ageing 51:afac205), Table 2: "
        "recurrent falls are two or more falls in the previous 12 months"
    )


def test_falls_outside_the_12_months_are_left_out() -> None:
    found = falls_summary(
        [date(2025, 11, 22), date(2026, 11, 23), date(2026, 5, 1)], date(2026, 11, 22)
    )
    assert (found.count, found.dates) == (1, (date(2026, 5, 1),))
