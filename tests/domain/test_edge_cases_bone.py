"""QA findings in the DEXA domain rules, each pinned by a test."""

from __future__ import annotations

import pytest

from bonetrack.domain.dexa import check_bmd, parse_lsc
from bonetrack.errors import InputError


@pytest.mark.parametrize(
    ("text", "value", "stored"),
    [
        ("4.2549%", 4.2549, "4.2549%"),
        ("0.0335g/cm2", 0.0335, "0.0335g/cm2"),
        ("0.00001g/cm2", 0.00001, "0.00001g/cm2"),
        ("5.3%", 5.3, "5.3%"),
    ],
)
def test_lsc_setting_is_stored_as_given(text: str, value: float, stored: str) -> None:
    lsc = parse_lsc(text)
    assert lsc.setting_value == stored
    # read back unchanged: a stored 4.255% would be judged as 4.26%, not 4.25%
    assert parse_lsc(lsc.setting_value).value == value


@pytest.mark.parametrize(("value", "shown"), [(0.19999, "0.19999"), (2.0001, "2.0001"), (5.0, "5")])
def test_out_of_range_bmd_is_shown_as_entered(value: float, shown: str) -> None:
    with pytest.raises(InputError) as error:
        check_bmd(value)
    assert str(error.value).startswith(f"BMD {shown} g/cm² is outside the plausible range 0.2-2")


def test_out_of_range_lsc_is_shown_as_entered() -> None:
    with pytest.raises(InputError) as error:
        parse_lsc("0.2001g/cm2")
    assert str(error.value) == (
        "LSC 0.2001 g/cm² is not plausible: it must be more than 0 and at most 0.2 g/cm²."
    )
