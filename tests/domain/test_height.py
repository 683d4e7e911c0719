"""Height as people type it, the plausible range, and the loss from the tallest recorded."""

from __future__ import annotations

from datetime import date

import pytest

from bonetrack.domain.height import (
    HEIGHT_LOSS_SOURCE,
    Height,
    format_cm,
    height_summary,
    parse_height,
)
from bonetrack.errors import InputError


@pytest.mark.parametrize(
    ("typed", "cm"),
    [
        ("162.5cm", 162.5),
        ("162.5 cm", 162.5),
        ("162,5 cm", 162.5),
        ("1.625m", 162.5),
        ("1.625 M", 162.5),
        ("1625mm", 162.5),
        ("64in", 162.56),
        ("64 inches", 162.56),
        ('64"', 162.56),
        ("5'4\"", 162.56),
        ("5'4", 162.56),
        ("5 ft 4 in", 162.56),
        ("5ft4in", 162.56),
        ("5ft 4.5in", 163.83),
        ("5′4″", 162.56),
        ("5’ 4”", 162.56),
        ("6'", 182.88),
        ("6 ft", 182.88),
    ],
)
def test_height_forms(typed: str, cm: float) -> None:
    assert parse_height(typed) == pytest.approx(cm, abs=1e-9)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "162.5",
            "height '162.5' needs a unit: did you mean 162.5cm? (e.g. 162.5cm, 1.625m, 64in "
            "or 5'4\")",
        ),
        (
            "1.62",
            "height '1.62' needs a unit: did you mean 1.62m? (e.g. 162.5cm, 1.625m, 64in or 5'4\")",
        ),
        (
            "64",
            "height '64' needs a unit: did you mean 64in? (e.g. 162.5cm, 1.625m, 64in or 5'4\")",
        ),
        ("tall", "height 'tall' is not a height: write it like 162.5cm, 1.625m, 64in or 5'4\"."),
        ("", "height '' is not a height: write it like 162.5cm, 1.625m, 64in or 5'4\"."),
        (
            "64cm",
            "height 64cm (64 cm) is outside the plausible range of 100-250 cm: did you mean 64in?",
        ),
        (
            "1.62cm",
            "height 1.62cm (1.62 cm) is outside the plausible range of 100-250 cm: did you mean "
            "1.62m?",
        ),
        (
            "162m",
            "height 162m (16200 cm) is outside the plausible range of 100-250 cm: did you mean "
            "162cm?",
        ),
        ("9'", "height 9' (274.32 cm) is outside the plausible range of 100-250 cm."),
        ("5'13\"", "height 5'13\": the inches after the feet must be under 12."),
        ("1e3cm", "height '1e3cm' is not a height: write it like 162.5cm, 1.625m, 64in or 5'4\"."),
    ],
)
def test_bad_heights(typed: str, message: str) -> None:
    with pytest.raises(InputError) as err:
        parse_height(typed)
    assert err.value.message == message


def test_the_range_edges_are_plausible() -> None:
    assert parse_height("100cm") == 100.0
    assert parse_height("250cm") == 250.0
    with pytest.raises(InputError):
        parse_height("99.9cm")
    with pytest.raises(InputError):
        parse_height("250.1cm")


def test_format_cm() -> None:
    assert [format_cm(v) for v in (162.5, 162.56, 160.0, 163.83)] == [
        "162.5 cm",
        "162.56 cm",
        "160.0 cm",
        "163.83 cm",
    ]


def _h(day: str, cm: float, id_: int) -> Height:
    return Height(id_, date.fromisoformat(day), cm)


def test_no_heights_no_summary() -> None:
    assert height_summary([]) is None


def test_a_loss_of_exactly_4_cm_from_the_tallest_is_flagged() -> None:
    found = height_summary(
        [_h("2015-03-01", 162.5, 1), _h("2020-03-01", 161.0, 2), _h("2026-11-01", 158.5, 3)]
    )
    assert found is not None
    assert (found.tallest.id, found.latest.id, found.loss_cm, found.flagged) == (1, 3, 4.0, True)
    assert found.message == (
        "Height 158.5 cm on 2026-11-01 is 4.0 cm below the tallest recorded, 162.5 cm on "
        "2015-03-01: a loss of 4 cm or more can be a sign of a vertebral (spine) fracture; "
        "raise it with your clinician."
    )
    assert found.source == HEIGHT_LOSS_SOURCE
    assert "[uncertain" in HEIGHT_LOSS_SOURCE


def test_a_loss_just_under_4_cm_is_not_flagged_and_not_shown_as_4() -> None:
    found = height_summary([_h("2015-03-01", 162.5, 1), _h("2026-11-01", 158.51, 2)])
    assert found is not None
    assert (found.loss_cm, found.flagged) == (3.99, False)
    assert found.message == (
        "Height 158.51 cm on 2026-11-01 is 3.99 cm below the tallest recorded, 162.5 cm on "
        "2015-03-01."
    )


def test_inches_round_trip_exactly_at_4_cm() -> None:
    # 5'4" is 162.56 cm; 158.56 cm is exactly 4 cm less, whatever the float noise
    found = height_summary([_h("2015-03-01", 64 * 2.54, 1), _h("2026-11-01", 158.56, 2)])
    assert found is not None
    assert (found.loss_cm, found.flagged) == (4.0, True)


def test_the_tallest_being_the_latest_is_no_loss() -> None:
    found = height_summary([_h("2015-03-01", 160.0, 1), _h("2026-11-01", 161.0, 2)])
    assert found is not None
    assert (found.loss_cm, found.flagged) == (0.0, False)
    assert found.message == "Height 161.0 cm on 2026-11-01 is the tallest recorded."


def test_the_latest_is_by_date_then_by_id_and_ties_for_tallest_go_to_the_earliest() -> None:
    found = height_summary(
        [
            _h("2026-11-01", 157.0, 3),
            _h("2026-11-01", 158.0, 4),
            _h("2020-01-01", 162.0, 2),
            _h("2010-01-01", 162.0, 1),
        ]
    )
    assert found is not None
    assert (found.tallest.id, found.latest.id, found.loss_cm) == (1, 4, 4.0)


def test_loss_per_measurement_is_from_the_tallest_before_it() -> None:
    found = height_summary(
        [_h("2015-03-01", 162.5, 1), _h("2020-03-01", 160.0, 2), _h("2026-11-01", 158.0, 3)]
    )
    assert found is not None
    assert found.losses == ((1, 0.0, False), (2, 2.5, False), (3, 4.5, True))
