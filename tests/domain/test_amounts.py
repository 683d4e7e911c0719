import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bonetrack.domain.amounts import format_amount, format_number, parse_amount
from bonetrack.domain.kinds import KINDS, get_kind
from bonetrack.errors import InputError

K2 = get_kind("k2")
CALCIUM = get_kind("calcium")
VITAMIN_D = get_kind("vitamin-d")
EXERCISE = get_kind("exercise")


@pytest.mark.parametrize(
    ("kind", "text", "value", "typed", "unit"),
    [
        ("k2", "180mcg", 180.0, 180.0, "mcg"),
        ("k2", "180 µg", 180.0, 180.0, "µg"),
        ("k2", "180 μg", 180.0, 180.0, "μg"),
        ("k2", "180UG", 180.0, 180.0, "UG"),
        ("k2", "0.18mg", 180.0, 0.18, "mg"),
        ("k2", "45mg", 45_000.0, 45.0, "mg"),
        ("k2", "0.00018 g", 180.0, 0.00018, "g"),
        ("calcium", "500mg", 500.0, 500.0, "mg"),
        ("calcium", "0.5g", 500.0, 0.5, "g"),
        ("calcium", "1,200 mg", 1200.0, 1200.0, "mg"),
        ("calcium", "500000mcg", 500.0, 500000.0, "mcg"),
        ("ca", ".5 g", 500.0, 0.5, "g"),
        ("vitamin-d", "1000IU", 1000.0, 1000.0, "IU"),
        ("d3", "1000 iu", 1000.0, 1000.0, "iu"),
        ("vitd", "25mcg", 1000.0, 25.0, "mcg"),
        ("d", "0.025mg", 1000.0, 0.025, "mg"),
        ("exercise", "30min", 30.0, 30.0, "min"),
        ("exercise", "30 m", 30.0, 30.0, "m"),
        ("exercise", "90", 90.0, 90.0, "min"),
        ("exercise", "1h", 60.0, 1.0, "h"),
        ("exercise", "1.5hr", 90.0, 1.5, "hr"),
        ("exercise", "1h30m", 90.0, 90.0, "min"),
        ("exercise", "1h 30min", 90.0, 90.0, "min"),
    ],
)
def test_parse_accepts_every_spelling(
    kind: str, text: str, value: float, typed: float, unit: str
) -> None:
    amount = parse_amount(get_kind(kind), text)
    assert (amount.value, amount.input_amount, amount.input_unit) == (value, typed, unit)


@pytest.mark.parametrize(
    ("kind", "text", "message"),
    [
        (
            "k2",
            "180kg",
            "unknown unit 'kg' for k2: use one of g, mcg, mg, ug, µg, μg, e.g. 180mcg.",
        ),
        (
            "k2",
            "30min",
            "unknown unit 'min' for k2: use one of g, mcg, mg, ug, µg, μg, e.g. 180mcg.",
        ),
        ("k2", "180", "'180' needs a unit for k2: add one of g, mcg, mg, ug, µg, μg, e.g. 180mcg."),
        (
            "calcium",
            "500",
            "'500' needs a unit for calcium: add one of g, mcg, mg, ug, µg, μg, e.g. 500mg.",
        ),
        (
            "vitamin-d",
            "1000",
            "'1000' needs a unit for vitamin-d: add one of iu, mcg, mg, ug, µg, μg, e.g. 1000IU.",
        ),
        ("k2", "0mcg", "the amount must be more than zero, not '0mcg'."),
        ("k2", "-5mcg", "the amount must be positive, not '-5mcg'."),
        ("k2", "nan", "'nan' is not a valid amount: use a plain number and a unit, e.g. 180mcg."),
        (
            "k2",
            "infmcg",
            "'infmcg' is not a valid amount: use a plain number and a unit, e.g. 180mcg.",
        ),
        (
            "k2",
            "1e3mcg",
            "'1e3mcg' is not a valid amount: use a plain number and a unit, e.g. 180mcg.",
        ),
        ("k2", "abc", "'abc' is not an amount: expected a number and a unit, e.g. 180mcg."),
        ("k2", "", "missing amount for k2."),
        (
            "k2",
            "101mg",
            "101mg of k2 in one entry is not plausible (more than 100 mg); check the unit. Did "
            "you mean 101mcg?",
        ),
        (
            "calcium",
            "5.1g",
            "5.1g of calcium in one entry is not plausible (more than 5 g); check the unit.",
        ),
        (
            "vitamin-d",
            "1000001IU",
            "1000001IU of vitamin-d in one entry is not plausible "
            "(more than 1,000,000 IU); check the unit.",
        ),
        (
            "exercise",
            "24h1m",
            "24h1m of exercise in one entry is not plausible (more than 24 h); check the unit.",
        ),
        (
            "k2",
            "1mg 2mg",
            "'1mg 2mg' is not an amount: expected one number and a unit, e.g. 180mcg.",
        ),
        ("exercise", "1h30", "'1h30': every part needs a unit, e.g. 1h30m."),
    ],
)
def test_parse_rejects_bad_amounts_with_a_clear_message(kind: str, text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_amount(get_kind(kind), text)
    assert caught.value.message == message
    assert caught.value.exit_code == 2


def test_limits_are_inclusive() -> None:
    assert parse_amount(K2, "100mg").value == 100_000.0
    assert parse_amount(CALCIUM, "5g").value == 5_000.0
    assert parse_amount(VITAMIN_D, "1000000IU").value == 1_000_000.0
    assert parse_amount(EXERCISE, "24h").value == 1440.0


def test_format_amount_uses_symbols_and_trims_zeros() -> None:
    assert format_amount(K2, 180.0) == "180 µg"
    # From 1 mg, K2 shows in mg: "45000 µg" is easily misread 1000-fold (issue 15, item 17).
    assert format_amount(K2, 999.999) == "999.999 µg"
    assert format_amount(K2, 1000.0) == "1 mg"
    assert format_amount(K2, 45000.0) == "45 mg"
    assert format_amount(K2, 1000.001) == "1.000001 mg"
    assert format_amount(CALCIUM, 1250.5) == "1250.5 mg"
    assert format_amount(VITAMIN_D, 1000.0) == "1000 IU"
    assert format_amount(EXERCISE, 45.0) == "45 min"
    assert format_number(0.1 + 0.2) == "0.3"


# Amounts with at most 3 decimals, inside each kind's plausible range.
@given(
    kind=st.sampled_from(KINDS),
    thousandths=st.integers(min_value=1, max_value=1_000_000_000),
)
def test_format_then_parse_gives_the_same_amount(kind: object, thousandths: int) -> None:
    from bonetrack.domain.kinds import Kind

    assert isinstance(kind, Kind)
    value = min(thousandths / 1000, kind.max_amount)
    assert math.isclose(parse_amount(kind, format_amount(kind, value)).value, value, rel_tol=1e-12)


@given(micrograms=st.integers(min_value=1, max_value=100_000))
def test_k2_in_milligrams_equals_micrograms(micrograms: int) -> None:
    in_mg = parse_amount(K2, f"{micrograms / 1000}mg").value
    assert math.isclose(in_mg, parse_amount(K2, f"{micrograms}mcg").value, rel_tol=1e-9)


@given(hours=st.integers(min_value=0, max_value=23), minutes=st.integers(min_value=0, max_value=59))
def test_exercise_compounds_add_up(hours: int, minutes: int) -> None:
    if hours == minutes == 0:
        return
    assert parse_amount(EXERCISE, f"{hours}h{minutes}m").value == hours * 60 + minutes


def test_unknown_kind_suggests_the_closest() -> None:
    with pytest.raises(InputError) as caught:
        get_kind("calcum")
    assert caught.value.message == (
        "unknown kind 'calcum'. Did you mean 'calcium'? Kinds: k2, calcium, vitamin-d, exercise."
    )
    assert get_kind("VitD").name == "vitamin-d"
    assert get_kind("CA").name == "calcium"
