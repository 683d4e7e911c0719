"""Lab tests: units and conversions both ways, the IOM 2011 25(OH)D bands, ranges,
turnover markers compared within one lab, and the LOINC codes an importer uses."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from bonetrack.domain.labs import (
    LOINC,
    LabResult,
    convert,
    get_test,
    lab_test_for_loinc,
    new_result,
    parse_lab_value,
    previous_results,
    range_status,
    trends,
    vitamin_d_band,
)
from bonetrack.errors import InputError

VITAMIN_D = get_test("25ohd")
CALCIUM = get_test("calcium")


@pytest.mark.parametrize(
    ("test", "text", "stored", "unit", "shown"),
    [
        ("25ohd", "32ng/mL", 79.872, "nmol/L", "ng/mL"),  # 1 ng/mL = 2.496 nmol/L
        ("25ohd", "80 nmol/L", 80.0, "nmol/L", "nmol/L"),
        ("25(OH)D", "32 NG/ML", 79.872, "nmol/L", "ng/mL"),
        ("calcium", "9.6mg/dL", 9.6, "mg/dL", "mg/dL"),
        ("calcium", "2.4mmol/L", 9.6192, "mg/dL", "mmol/L"),  # 1 mmol/L = 4.008 mg/dL
        ("ctx", "0.35ng/mL", 0.35, "ng/mL", "ng/mL"),
        ("ctx", "350pg/mL", 0.35, "ng/mL", "pg/mL"),
        ("p1np", "45µg/L", 45.0, "ng/mL", "ng/mL"),
        ("inr", "2.4", 2.4, "", ""),
        ("bap", "20U/L", 20.0, "U/L", "U/L"),
        ("creatinine", "80umol/L", 80.0, "µmol/L", "µmol/L"),
        ("egfr", "75 mL/min/1.73m2", 75.0, "mL/min/1.73m²", "mL/min/1.73m²"),
    ],
)
def test_values_and_units(test: str, text: str, stored: float, unit: str, shown: str) -> None:
    value = parse_lab_value(get_test(test), text)
    assert (value.value, value.unit.canonical, value.unit.shown) == (stored, unit, shown)


def test_conversions_both_ways() -> None:
    ng, nmol = VITAMIN_D.unit("ng/mL"), VITAMIN_D.unit("nmol/L")
    assert convert(20.0, ng, nmol) == pytest.approx(49.92)
    assert convert(49.92, nmol, ng) == pytest.approx(20.0)
    assert convert(convert(33.3, ng, nmol), nmol, ng) == pytest.approx(33.3)
    mg, mmol = CALCIUM.unit("mg/dL"), CALCIUM.unit("mmol/L")
    assert convert(2.5, mmol, mg) == pytest.approx(10.02)
    assert convert(10.02, mg, mmol) == pytest.approx(2.5)
    bap = get_test("bap")
    with pytest.raises(ValueError, match="does not convert"):
        convert(1.0, bap.unit("ng/mL"), bap.unit("U/L"))


@pytest.mark.parametrize(
    ("test", "text", "message"),
    [
        ("25ohd", "32mg", "unknown unit 'mg' for 25(OH)D: use ng/mL, nmol/L."),
        ("25ohd", "32", "25(OH)D needs a unit: ng/mL, nmol/L."),
        ("calcium", "9.6 g/L", "unknown unit 'g/L' for Serum calcium: use mg/dL, mmol/L."),
        ("inr", "2.4s", "unknown unit 's' for INR: use a plain number (no unit)."),
        ("ctx", "0.35", "CTX needs a unit: ng/mL, pg/mL."),
        ("bap", "20 IU", "unknown unit 'IU' for BAP: use ng/mL, U/L."),
        (
            "25ohd",
            "abc",
            "'abc' is not a 25(OH)D result: give a number and a unit, e.g. 32ng/mL. Units: "
            "ng/mL, nmol/L.",
        ),
        ("25ohd", "0ng/mL", "a 25(OH)D result must be more than zero, not '0ng/mL'."),
        (
            "25ohd",
            "500ng/mL",
            "500ng/mL is not a plausible 25(OH)D result (more than 400.64 ng/mL); check the unit.",
        ),
        ("25ohd", "1e3nmol/L", None),
    ],
)
def test_bad_values_are_errors_listing_the_accepted_units(
    test: str, text: str, message: str | None
) -> None:
    with pytest.raises(InputError) as caught:
        parse_lab_value(get_test(test), text)
    if message is not None:
        assert caught.value.message == message


def test_unknown_tests() -> None:
    with pytest.raises(InputError) as caught:
        get_test("vitd-levels")
    assert caught.value.message.startswith("unknown lab test 'vitd-levels'.")
    assert caught.value.message.endswith(
        "Tests: 25ohd, inr, calcium, ctx, p1np, bap, osteocalcin, ntx, creatinine, egfr, pth."
    )


@pytest.mark.parametrize(
    ("value", "unit", "code"),
    [
        (29.9, "nmol/L", "deficiency-risk"),
        (30.0, "nmol/L", "some-at-risk"),
        (49.9, "nmol/L", "some-at-risk"),
        (50.0, "nmol/L", "sufficient"),  # "at least 50 nmol/L"
        (75.0, "nmol/L", "sufficient"),
        (75.1, "nmol/L", "no-extra-benefit"),  # "above 75"
        (125.0, "nmol/L", "no-extra-benefit"),
        (125.1, "nmol/L", "concern"),  # "above 125"
        (11.9, "ng/mL", "deficiency-risk"),
        (12.0, "ng/mL", "some-at-risk"),
        (20.0, "ng/mL", "sufficient"),  # 49.92 nmol/L, yet the IOM's own 20 ng/mL
        (30.0, "ng/mL", "sufficient"),
        (30.5, "ng/mL", "no-extra-benefit"),
        (50.5, "ng/mL", "concern"),
    ],
)
def test_iom_bands_at_their_cut_points(value: float, unit: str, code: str) -> None:
    assert vitamin_d_band(value, unit).code == code


def test_bands_name_the_cut_points_and_source() -> None:
    band = vitamin_d_band(18.0, "ng/mL")
    assert (band.text, band.cut_points, band.source) == (
        "some at risk (12 to < 20 ng/mL)",
        "IOM 2011 cut-points 12, 20, 30, 50 ng/mL",
        "IOM 2011 (report, pp. 13-14)",
    )
    assert vitamin_d_band(130.0, "nmol/L").text == "may be cause for concern (> 125 nmol/L)"


def test_ranges_are_only_the_users_own() -> None:
    assert range_status(2.4, None, None) is None
    assert [range_status(v, 2.0, 3.0) for v in (1.9, 2.0, 3.0, 3.1)] == [
        "below",
        "within",
        "within",
        "above",
    ]
    assert range_status(9.0, None, 8.5) == "above"


def result(id: int, test: str, text: str, day: date, lab: str | None = None) -> LabResult:
    info = get_test(test)
    return replace(new_result(info, parse_lab_value(info, text), day, lab=lab), id=id)


@pytest.mark.parametrize(
    ("low", "high", "text"),
    [
        (None, None, ""),
        (0.2, 0.57, "0.2-0.57 ng/mL"),
        (None, 0.57, "≤ 0.57 ng/mL"),  # a lab's '< 0.57': not '-0.57'
        (0.2, None, "≥ 0.2 ng/mL"),
        (0.0, 0.57, "0-0.57 ng/mL"),
    ],
)
def test_the_range_as_shown(low: float | None, high: float | None, text: str) -> None:
    ctx = replace(result(1, "ctx", "0.35ng/mL", date(2026, 1, 1)), ref_low=low, ref_high=high)
    assert ctx.range_text() == text
    inr = replace(result(2, "inr", "2.4", date(2026, 1, 1)), ref_low=low, ref_high=high)
    assert inr.range_text() == text.removesuffix(" ng/mL")


def test_shown_in_both_units() -> None:
    assert result(1, "25ohd", "32ng/mL", date(2026, 1, 1)).shown() == "32 ng/mL (79.87 nmol/L)"
    assert result(1, "calcium", "2.4mmol/L", date(2026, 1, 1)).shown() == (
        "2.4 mmol/L (9.62 mg/dL)"
    )
    assert result(1, "inr", "2.4", date(2026, 1, 1)).shown() == "2.4"


def test_turnover_markers_compare_only_within_one_lab() -> None:
    results = [
        result(1, "ctx", "0.50ng/mL", date(2026, 1, 1), "City Lab"),
        result(2, "ctx", "0.45ng/mL", date(2026, 3, 1), "Other Lab"),
        result(3, "ctx", "300pg/mL", date(2026, 7, 1), "city  lab"),
        result(4, "25ohd", "20ng/mL", date(2026, 1, 1), "City Lab"),
        result(5, "25ohd", "80nmol/L", date(2026, 7, 1), "Other Lab"),
    ]
    previous = previous_results(results)
    assert {k: (v.id if v else None) for k, v in previous.items()} == {
        1: None,
        2: None,  # another lab: not compared
        3: 1,  # the same lab, whatever the case and spacing
        4: None,
        5: 4,  # 25(OH)D compares across labs and units
    }
    found = trends(results)
    assert [(t.latest.id, t.change, t.text()) for t in found] == [
        (5, pytest.approx(30.08), "+30.08 nmol/L since 2026-01-01"),
        (3, pytest.approx(-200.0), "-200 pg/mL since 2026-01-01"),
    ]


def test_a_turnover_marker_from_a_new_lab_says_why_it_is_not_compared() -> None:
    found = trends(
        [
            result(1, "p1np", "50ng/mL", date(2026, 1, 1), "A"),
            result(2, "p1np", "40ng/mL", date(2026, 6, 1), "B"),
        ]
    )
    assert [(t.previous, t.text()) for t in found] == [
        (None, "no earlier result from the same lab to compare with")
    ]


def test_loinc_codes() -> None:
    vitamin_d = lab_test_for_loinc("62292-8")
    inr = lab_test_for_loinc(" 6301-6 ")
    assert vitamin_d is not None
    assert vitamin_d.key == "25ohd"
    assert inr is not None
    assert inr.key == "inr"
    assert lab_test_for_loinc("24966-4") is None  # a BMD code: not a lab test
    # every code maps to a known test
    assert {code: get_test(entry.test).key for code, entry in LOINC.items()} == {
        "62292-8": "25ohd",
        "6301-6": "inr",
        "17861-6": "calcium",
        "2000-8": "calcium",
        "41171-0": "ctx",
        "77370-5": "p1np",
        "2697-1": "osteocalcin",
        "17838-4": "bap",
        "2160-0": "creatinine",
        "2731-8": "pth",
        "98979-8": "egfr",
    }
