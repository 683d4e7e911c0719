"""Dietary intake records: units, checks and keys."""

from datetime import date

import pytest

from bonetrack.domain.food import (
    APPLE_HEALTH,
    CALCIUM,
    CRONOMETER,
    VITAMIN_D,
    VITAMIN_K,
    day_record_key,
    dietary_intake,
    format_nutrient,
    record_key,
    source_rank,
    to_canonical,
)
from bonetrack.errors import InputError

DAY = date(2026, 3, 29)


@pytest.mark.parametrize(
    ("nutrient", "value", "unit", "canonical"),
    [
        (CALCIUM, 412.5, "mg", 412.5),
        (CALCIUM, 1.2, "g", 1200.0),
        (CALCIUM, 500_000, "mcg", 500.0),
        (VITAMIN_D, 400, "IU", 400.0),
        (VITAMIN_D, 400, "iu", 400.0),
        (VITAMIN_D, 10, "mcg", 400.0),
        (VITAMIN_D, 10, "\u00b5g", 400.0),  # micro sign
        (VITAMIN_D, 10, "\u03bcg", 400.0),  # Greek small letter mu
        (VITAMIN_D, 10, "ug", 400.0),
        (VITAMIN_D, 0.01, "mg", 400.0),
        (VITAMIN_K, 95.5, "\u00b5g", 95.5),
        (VITAMIN_K, 95.5, "\u03bcg", 95.5),
        (VITAMIN_K, 95.5, "UG", 95.5),
        (VITAMIN_K, 0.12, "mg", 120.0),
    ],
)
def test_units_to_canonical(nutrient: str, value: float, unit: str, canonical: float) -> None:
    assert to_canonical(nutrient, value, unit) == canonical


@pytest.mark.parametrize(
    ("nutrient", "unit", "message"),
    [
        (CALCIUM, "IU", "unknown unit 'IU' for calcium (known: g, mcg, mg, ug, µg, μg)."),
        (VITAMIN_K, "IU", "unknown unit 'IU' for vitamin K (known: g, mcg, mg, ug, µg, μg)."),
        (VITAMIN_D, "kcal", "unknown unit 'kcal' for vitamin D (known: iu, mcg, mg, ug, µg, μg)."),
    ],
)
def test_unknown_units_are_refused(nutrient: str, unit: str, message: str) -> None:
    with pytest.raises(InputError) as error:
        to_canonical(nutrient, 1.0, unit)
    assert error.value.message == message


def test_a_record_keeps_zero_and_rounds_binary_noise() -> None:
    zero = dietary_intake(DAY, CALCIUM, 0.0, CRONOMETER, "k")
    assert zero.amount == 0.0
    noisy = dietary_intake(DAY, VITAMIN_K, 0.1 + 0.2, APPLE_HEALTH, "k", "MyFitnessPal")
    assert noisy.amount == 0.3
    assert noisy.source_app == "MyFitnessPal"
    assert dietary_intake(DAY, CALCIUM, 1.0, CRONOMETER, "k", "").source_app is None


@pytest.mark.parametrize(
    ("nutrient", "amount", "message"),
    [
        ("magnesium", 1.0, "unknown nutrient 'magnesium' (known: calcium, vitamin-d, vitamin-k)."),
        (CALCIUM, -1.0, "a negative calcium amount (-1)."),
        (VITAMIN_D, float("nan"), "the vitamin D amount must be a finite number."),
        (VITAMIN_D, float("inf"), "the vitamin D amount must be a finite number."),
        (
            CALCIUM,
            20_000.5,
            "20000.5 mg of calcium in one record is not plausible (more than 20000 mg); "
            "check the unit.",
        ),
    ],
)
def test_bad_records_are_refused(nutrient: str, amount: float, message: str) -> None:
    with pytest.raises(InputError) as error:
        dietary_intake(DAY, nutrient, amount, CRONOMETER, "key")
    assert error.value.message == message


def test_the_plausibility_limit_itself_is_accepted() -> None:
    assert dietary_intake(DAY, CALCIUM, 20_000.0, CRONOMETER, "k").amount == 20_000.0


def test_record_keys_are_stable_and_tell_fields_apart() -> None:
    key = record_key("HKQuantityTypeIdentifierDietaryCalcium", "Cronometer", "a", "b", "300")
    # Stored in databases: the same fields must give the same key in every version.
    assert key == "f603994ff814851fc3e8bb22e9c53f402d66d379b37ecf14951248bb6aadbbc6"
    assert record_key("ab", "c") != record_key("a", "bc")
    assert day_record_key(CRONOMETER, DAY, CALCIUM) == record_key(
        "cronometer", "2026-03-29", "calcium"
    )
    assert day_record_key(CRONOMETER, DAY, CALCIUM) != day_record_key(CRONOMETER, DAY, VITAMIN_D)


def test_format_and_source_order() -> None:
    assert format_nutrient(CALCIUM, 1200.0) == "1200 mg"
    assert format_nutrient(VITAMIN_K, 95.25) == "95.25 µg"
    assert format_nutrient(VITAMIN_D, 400.0) == "400 IU"
    assert sorted(["zz-app", APPLE_HEALTH, CRONOMETER], key=source_rank) == [
        CRONOMETER,
        APPLE_HEALTH,
        "zz-app",
    ]
