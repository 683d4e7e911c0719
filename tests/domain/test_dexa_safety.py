"""Issue 15: how a DEXA reading is labelled and when a change counts.

Fragility fractures (only "yes" makes T <= -2.5 severe, only on or before the
scan), unknown machines, unrounded LSC comparisons, and the menopause wording.
"""

from __future__ import annotations

from datetime import date

from bonetrack.domain.dexa import (
    Fracture,
    Lsc,
    SiteScan,
    TrendPoint,
    Visit,
    change_summary,
    compare_points,
    interpret_visit,
    interpret_visits,
)

DAY = date(2026, 3, 10)
SPINE = Lsc(5.3, "%", "default")
HOLOGIC = "Hologic Horizon A"
NOT_A_DIAGNOSIS = "This describes the numbers, not a diagnosis: discuss them with your clinician."


def _visit(day: date, t: float | None, z: float | None = None) -> Visit:
    return Visit(day, (SiteScan(day, "lumbar-spine", 0.8, t, z),))


# --- 1. "severe" needs a fragility fracture ----------------------------------


def test_a_fragility_fracture_makes_osteoporosis_severe_and_says_what_severe_needs() -> None:
    result = interpret_visit(_visit(DAY, -2.7), birth_year=1955, fracture="yes")
    assert result.category == "severe-osteoporosis"
    assert result.fragility == "yes"
    assert result.fracture_recorded is True
    assert result.category_label == (
        "severe osteoporosis (T-score -2.5 or lower with a recorded fragility fracture)"
    )
    assert result.fracture_note == (
        "severe osteoporosis needs a fragility fracture: one is recorded on or before this scan"
    )
    assert result.lines == (
        "Lowest T-score -2.7 (lumbar spine), with a fracture you recorded as a fragility "
        "fracture (a fall from standing height or less, or no trauma) on or before this scan, "
        "is in the range the WHO calls severe osteoporosis (T-score -2.5 or lower with a "
        "fragility fracture).",
        NOT_A_DIAGNOSIS,
    )


def test_a_fracture_of_unknown_kind_is_osteoporosis_with_a_note_for_the_clinician() -> None:
    result = interpret_visit(_visit(DAY, -2.7), birth_year=1955, fracture="unknown")
    assert result.category == "osteoporosis"
    assert result.fragility == "unknown"
    assert result.category_label == (
        "osteoporosis; a fracture is recorded: whether it was a fragility fracture is for your "
        "clinician"
    )
    assert result.fracture_note == (
        "a fracture is recorded: whether it was a fragility fracture is for your clinician"
    )
    assert result.lines[0] == (
        "Lowest T-score -2.7 (lumbar spine) is in the WHO osteoporosis range (T-score -2.5 or "
        "lower); a fracture is recorded: whether it was a fragility fracture is for your "
        "clinician. Severe osteoporosis needs a fragility fracture (a fall from standing height "
        "or less, or no trauma); once you know, record it with `bonetrack event edit ID "
        "--fragility yes` (or no)."
    )


def test_a_fracture_that_was_not_a_fragility_fracture_does_not_upgrade() -> None:
    result = interpret_visit(_visit(DAY, -2.7), birth_year=1955, fracture="no")
    assert result.category == "osteoporosis"
    assert result.category_label == "osteoporosis"
    assert result.fracture_note == (
        "a fracture is recorded, not as a fragility fracture: severe osteoporosis needs one"
    )
    assert result.lines[0] == (
        "Lowest T-score -2.7 (lumbar spine) is in the WHO osteoporosis range (T-score -2.5 or "
        "lower). The fracture recorded was not a fragility fracture, so it does not make this "
        "severe osteoporosis, which needs one (a fall from standing height or less, or no "
        "trauma)."
    )


def test_a_fragility_fracture_does_not_change_low_bone_mass() -> None:
    result = interpret_visit(_visit(DAY, -1.8), birth_year=1955, fracture="yes")
    assert result.category == "low-bone-mass"
    assert result.category_label == "low bone mass (osteopenia)"
    assert result.fracture_note is None


def test_skiing_accident_at_20_does_not_make_it_severe() -> None:
    visits = [_visit(date(2026, 1, 5), -2.8)]
    skiing = Fracture(date(1975, 2, 1), "no")
    [found] = interpret_visits(visits, birth_year=1955, fractures=[skiing])
    assert (found.category, found.fragility) == ("osteoporosis", "no")


def test_only_fractures_on_or_before_the_scan_count_even_for_the_latest_visit() -> None:
    visits = [
        _visit(date(2022, 1, 5), -2.6),
        _visit(date(2024, 1, 5), -2.7),
        _visit(date(2026, 1, 5), -2.8),
    ]
    fractures = [Fracture(date(2024, 1, 5), "yes"), Fracture(date(2026, 5, 1), "yes")]
    found = interpret_visits(visits, birth_year=1950, fractures=fractures)
    assert [i.category for i in found] == [
        "osteoporosis",
        "severe-osteoporosis",  # on the scan date itself: counts
        "severe-osteoporosis",
    ]
    later_only = interpret_visits(visits, birth_year=1950, fractures=fractures[1:])
    assert [i.category for i in later_only] == ["osteoporosis"] * 3
    assert [i.fracture_recorded for i in later_only] == [False, False, False]
    # the latest visit says a fracture came after it, without counting it
    assert later_only[-1].lines == (
        "Lowest T-score -2.8 (lumbar spine) is in the WHO osteoporosis range (T-score -2.5 or "
        "lower).",
        "A fracture was recorded after this scan (2026-05-01): it is not part of this reading; "
        "tell your clinician about it.",
        NOT_A_DIAGNOSIS,
    )
    assert "after this scan" not in " ".join(later_only[0].lines)


def test_yes_outranks_unknown_and_unknown_outranks_no() -> None:
    visits = [_visit(date(2022, 1, 5), -2.6), _visit(date(2024, 1, 5), -2.7)]
    fractures = [
        Fracture(date(2019, 1, 1), "no"),
        Fracture(date(2020, 1, 1), "unknown"),
        Fracture(date(2023, 6, 1), "yes"),
    ]
    found = interpret_visits(visits, birth_year=1950, fractures=fractures)
    assert [(i.category, i.fragility) for i in found] == [
        ("osteoporosis", "unknown"),
        ("severe-osteoporosis", "yes"),
    ]


# --- 11. menopause is mentioned only for women --------------------------------


def test_a_man_under_50_is_not_told_about_menopause() -> None:
    result = interpret_visit(_visit(DAY, -2.6, -2.1), birth_year=1980, sex="male")
    assert result.z_scores_apply is True
    assert result.lines[0] == (
        "Age 46 at the scan (from the profile's birth year): for men under 50, Z-scores, not "
        "T-scores, apply (ISCD), so the WHO T-score categories are not used."
    )
    assert not any("menopaus" in line for line in result.lines)


def test_a_woman_under_50_is_told_about_menopause() -> None:
    result = interpret_visit(_visit(DAY, -2.6, -2.1), birth_year=1980, sex="female")
    assert result.lines[0] == (
        "Age 46 at the scan (from the profile's birth year), no menopause year in the profile: "
        "under 50 and before menopause, Z-scores, not T-scores, apply (ISCD), so the WHO "
        "T-score categories are not used."
    )


def test_unknown_sex_under_50_names_both_rules_and_asks_for_the_sex() -> None:
    result = interpret_visit(_visit(DAY, -2.6, -2.1), birth_year=1980)
    assert result.lines[0] == (
        "Age 46 at the scan (from the profile's birth year): Z-scores, not T-scores, apply "
        "(ISCD) to men under 50 and to women before menopause, so the WHO T-score categories "
        "are not used. Add your sex to the profile: `bonetrack profile set --sex female|male`."
    )


# --- 12. T-scores assume a woman of 50 or over is past menopause ------------


MENOPAUSE_CAVEAT = (
    "T-score categories assume you are past menopause, and the profile has no menopause year: "
    "add it with `bonetrack profile set --menopause-year YEAR`. Before menopause, ISCD prefers "
    "Z-scores at any age."
)


def test_a_woman_of_50_or_over_without_a_menopause_year_gets_the_caveat() -> None:
    result = interpret_visit(_visit(DAY, -2.6, -2.1), birth_year=1960, sex="female")
    assert result.age == 66
    assert result.category == "osteoporosis"
    assert result.menopause_year_needed is True
    assert result.lines == (
        "Lowest T-score -2.6 (lumbar spine) is in the WHO osteoporosis range (T-score -2.5 or "
        "lower).",
        MENOPAUSE_CAVEAT,
        NOT_A_DIAGNOSIS,
    )


def test_the_caveat_goes_once_the_menopause_year_is_known_and_is_never_for_men() -> None:
    known = interpret_visit(_visit(DAY, -2.6), birth_year=1960, sex="female", menopause_year=2010)
    assert (known.menopause_year_needed, MENOPAUSE_CAVEAT in known.lines) == (False, False)
    man = interpret_visit(_visit(DAY, -2.6), birth_year=1960, sex="male")
    assert (man.menopause_year_needed, MENOPAUSE_CAVEAT in man.lines) == (False, False)
    # exactly 50 in the scan's year: T-scores, with the caveat
    fifty = interpret_visit(_visit(DAY, -2.6), birth_year=1976, sex="female")
    assert (fifty.z_scores_apply, fifty.menopause_year_needed) == (False, True)


def test_a_woman_over_50_before_menopause_reads_z_scores() -> None:
    result = interpret_visit(
        _visit(DAY, -2.6, -1.1), birth_year=1973, sex="female", menopause_year=2027
    )
    assert result.age == 53
    assert result.z_scores_apply is True
    assert result.category is None
    assert result.lines[:2] == (
        "Menopause in 2027 (from the profile), after this scan: before menopause, Z-scores, not "
        "T-scores, apply at any age (ISCD), so the WHO T-score categories are not used.",
        "Lowest Z-score -1.1 (lumbar spine) is within the expected range for age (above -2.0, "
        "ISCD).",
    )


# --- 9. no machine recorded: cannot tell ------------------------------------

A = date(2024, 3, 1)
B = date(2026, 3, 1)


def test_a_missing_machine_on_either_scan_cannot_tell() -> None:
    for first, second in ((None, HOLOGIC), (HOLOGIC, None), (None, None)):
        change = compare_points(
            "lumbar-spine", TrendPoint(A, 1.0, first), TrendPoint(B, 0.9, second), SPINE
        )
        assert change.status == "unknown-machine"
        assert change.significant is False
        assert change.percent == -10.0  # shown, as information only
        assert change_summary(change, SPINE) == "cannot tell: record the machine"
        assert change.note == (
            "the machine is not recorded for both scans: without the same machine a change "
            "cannot be judged against the LSC, so it is shown as information only; the machine "
            "is on the scan report (record it with `bonetrack scan add ... --machine NAME`)"
        )


# --- 13. the LSC is compared with the unrounded change ------------------------


def _status(start: float, end: float, lsc: Lsc) -> str:
    change = compare_points(
        "lumbar-spine", TrendPoint(A, start, HOLOGIC), TrendPoint(B, end, HOLOGIC), lsc
    )
    return change.status


def test_a_change_that_only_rounds_up_to_the_lsc_is_not_significant() -> None:
    change = compare_points(
        "lumbar-spine", TrendPoint(A, 1.000, HOLOGIC), TrendPoint(B, 0.94705, HOLOGIC), SPINE
    )
    assert change.status == "within-lsc"  # 5.295% < 5.3%
    # shown with the decimals that keep it on its side of the LSC, never as -5.30%
    assert (change.percent, change.percent_places) == (-5.295, 3)
    assert (change.delta, change.delta_places) == (-0.053, 3)


def test_exactly_at_the_lsc_still_counts_for_exact_decimals() -> None:
    assert _status(1.000, 1.053, SPINE) == "significant"  # float: 5.299999999999994
    assert _status(1.000, 0.947, SPINE) == "significant"
    assert _status(0.800, 0.840, Lsc(5.0, "%", "default")) == "significant"
    assert _status(0.800, 0.830, Lsc(0.03, "g/cm2", "user")) == "significant"
    assert _status(0.800, 0.770, Lsc(0.03, "g/cm2", "user")) == "significant"


def test_a_user_lsc_is_compared_as_entered_not_rounded() -> None:
    # 4.2549% was judged as 4.25%: a 4.252% change counted as real
    assert _status(1.000, 0.95748, Lsc(4.2549, "%", "user")) == "within-lsc"
    assert _status(1.000, 0.957451, Lsc(4.2549, "%", "user")) == "significant"
    change = compare_points(
        "lumbar-spine",
        TrendPoint(A, 0.800, HOLOGIC),
        TrendPoint(B, 0.8299, HOLOGIC),
        Lsc(0.03, "g/cm2", "user"),
    )
    assert change.status == "within-lsc"
    assert (change.delta, change.delta_places) == (0.0299, 4)
