"""Unit slips: the plausible range per kind, and what the same number would be in another unit."""

from __future__ import annotations

import pytest

from bonetrack.domain.amounts import parse_amount
from bonetrack.domain.kinds import get_kind
from bonetrack.domain.plausible import PLAUSIBLE, check_plausible, did_you_mean
from bonetrack.errors import InputError


def test_one_table_of_ranges() -> None:
    assert {k: (p.low, p.high) for k, p in PLAUSIBLE.items()} == {
        "k2": (10.0, 45_000.0),
        "calcium": (10.0, 3_000.0),
        "vitamin-d": (100.0, 50_000.0),
    }


@pytest.mark.parametrize(
    ("kind", "number", "unit", "expected"),
    [
        ("calcium", 180, "mcg", ["180mg"]),
        ("calcium", 1.2, "mg", ["1.2g (1200 mg)"]),
        ("vitamin-d", 180, "mg", ["180mcg (7200 IU)", "180IU"]),
        ("vitamin-d", 25, "iu", ["25mcg (1000 IU)"]),
        ("k2", 180, "mg", ["180mcg"]),
        ("k2", 5, "mcg", ["5mg"]),
        ("k2", 0.0001, "g", []),  # 0.1 mg in grams: nothing else fits either
        ("exercise", 30, "h", []),  # no range for exercise
    ],
)
def test_did_you_mean(kind: str, number: float, unit: str, expected: list[str]) -> None:
    assert did_you_mean(get_kind(kind), number, unit) == expected


@pytest.mark.parametrize(
    ("kind", "typed"),
    [("calcium", "10mg"), ("calcium", "3g"), ("k2", "10mcg"), ("k2", "45mg"), ("k2", "180mcg"),
     ("vitamin-d", "100IU"), ("vitamin-d", "50000IU"), ("vitamin-d", "25mcg"),
     ("exercise", "10h")],
)  # fmt: skip
def test_the_edges_of_each_range_are_plausible(kind: str, typed: str) -> None:
    info = get_kind(kind)
    check_plausible(info, parse_amount(info, typed), typed)


@pytest.mark.parametrize(
    ("kind", "typed", "message"),
    [
        ("calcium", "180mcg", "180mcg of calcium is 0.18 mg, below what one entry plausibly "
         "holds (10 mg to 3000 mg). Did you mean 180mg? If 0.18 mg is right, add --force."),
        ("calcium", "3001mg", "3001mg of calcium is 3001 mg, above what one entry plausibly "
         "holds (10 mg to 3000 mg). If 3001 mg is right, add --force."),
        # 2 µg is 80 IU and 2 IU is 2 IU: neither fits, so no guess
        ("vitamin-d", "2mg", "2mg of vitamin-d is 80000 IU, above what one entry plausibly holds "
         "(100 IU to 50000 IU). If 80000 IU is right, add --force."),
        ("k2", "9mcg", "9mcg of k2 is 9 µg, below what one entry plausibly holds (10 µg to "
         "45 mg). Did you mean 9mg? If 9 µg is right, add --force."),
    ],
)  # fmt: skip
def test_implausible_amounts_say_what_was_likely_meant(kind: str, typed: str, message: str) -> None:
    info = get_kind(kind)
    with pytest.raises(InputError) as caught:
        check_plausible(info, parse_amount(info, typed), typed)
    assert caught.value.message == message
