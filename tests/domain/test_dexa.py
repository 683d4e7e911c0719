"""DEXA rules: sites, value checks, WHO categories, the under-50 rule, LSC comparisons."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from bonetrack.domain.demo_bone import generate_bone_demo
from bonetrack.domain.dexa import (
    SITE_NAMES,
    Lsc,
    SiteScan,
    TrendPoint,
    Visit,
    check_scan_date,
    compare_points,
    default_lsc,
    format_score,
    get_site,
    group_visits,
    interpret_visit,
    parse_bmd,
    parse_lsc,
    parse_score,
    site_trend,
    who_category,
)
from bonetrack.errors import InputError

# --- sites ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "site"),
    [
        ("lumbar-spine", "lumbar-spine"),
        ("spine", "lumbar-spine"),
        ("L1-L4", "lumbar-spine"),
        ("hip", "total-hip"),
        ("Total Hip", "total-hip"),
        ("neck", "femoral-neck"),
        ("femoral_neck", "femoral-neck"),
        ("radius", "forearm"),
        ("33-radius", "forearm"),
        ("forearm", "forearm"),
    ],
)
def test_sites_and_aliases(typed: str, site: str) -> None:
    assert get_site(typed).name == site


def test_unknown_site_names_the_sites_and_suggests() -> None:
    with pytest.raises(InputError) as err:
        get_site("spin")
    assert err.value.message == (
        "unknown site 'spin'. Did you mean 'lumbar-spine'? Sites: lumbar-spine, total-hip, "
        "femoral-neck, forearm (aliases: spine, l1-l4, hip, neck, radius, 33-radius)."
    )


def test_unknown_site_without_a_close_match() -> None:
    with pytest.raises(InputError, match=r"^unknown site 'shoulder'\. Sites: "):
        get_site("shoulder")


def test_default_lsc_per_site_from_the_fact_sheet() -> None:
    assert default_lsc("lumbar-spine") == Lsc(5.3, "%", "default")
    assert default_lsc("total-hip") == Lsc(5.0, "%", "default")
    assert default_lsc("femoral-neck") == Lsc(6.9, "%", "default")
    assert default_lsc("forearm") is None
    lsc = default_lsc("total-hip")
    assert lsc is not None
    assert lsc.uncertain is True
    assert lsc.text == "5.0%"


# --- values -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "value"),
    [("0.812", 0.812), ("0.812 g/cm2", 0.812), ("0.812g/cm²", 0.812), ("0.2", 0.2), ("2.0", 2.0)],
)
def test_bmd_accepted(typed: str, value: float) -> None:
    assert parse_bmd(typed) == value


def test_bmd_5_is_rejected() -> None:
    with pytest.raises(InputError) as err:
        parse_bmd("5")
    assert err.value.message == "BMD 5 g/cm² is outside the plausible range 0.2-2 g/cm²."


def test_bmd_in_mg_gets_a_hint() -> None:
    with pytest.raises(InputError) as err:
        parse_bmd("812")
    assert err.value.message == (
        "BMD 812 g/cm² is outside the plausible range 0.2-2 g/cm² "
        "(812 looks like mg/cm²: that is 0.812 g/cm²)."
    )


@pytest.mark.parametrize("typed", ["0.199", "2.001", "-0.8"])
def test_bmd_out_of_range(typed: str) -> None:
    with pytest.raises(InputError, match="outside the plausible range"):
        parse_bmd(typed)


@pytest.mark.parametrize("typed", ["abc", "nan", "inf", "", "0.8.1"])
def test_bmd_not_a_number(typed: str) -> None:
    with pytest.raises(InputError) as err:
        parse_bmd(typed)
    assert err.value.message == f"BMD '{typed}' is not a number: enter it in g/cm², e.g. 0.812."


def test_t_score_abc_is_rejected() -> None:
    with pytest.raises(InputError) as err:
        parse_score("abc", "T-score")
    assert err.value.message == "T-score 'abc' is not a number, e.g. -1.8."


@pytest.mark.parametrize(("typed", "value"), [("-2.5", -2.5), ("\u22122.6", -2.6), ("+0.4", 0.4)])
def test_scores_accepted_including_a_typographic_minus(typed: str, value: float) -> None:
    assert parse_score(typed, "T-score") == value


def test_score_bounds() -> None:
    assert parse_score("-7", "Z-score") == -7.0
    assert parse_score("7", "Z-score") == 7.0
    with pytest.raises(InputError) as err:
        parse_score("-7.1", "Z-score")
    assert err.value.message == "Z-score -7.1 is outside the plausible range -7 to +7."


def test_future_scan_date_is_rejected() -> None:
    assert check_scan_date(date(2026, 11, 22), date(2026, 11, 22)) == date(2026, 11, 22)
    with pytest.raises(InputError) as err:
        check_scan_date(date(2026, 11, 23), date(2026, 11, 22))
    assert err.value.message == (
        "the scan date 2026-11-23 is in the future; record scans already done."
    )


def test_format_score() -> None:
    assert format_score(-2.5) == "-2.5"
    assert format_score(0.4) == "+0.4"
    assert format_score(-0.04) == "0.0"
    assert format_score(None) == "-"


# --- WHO categories ---------------------------------------------------------


@pytest.mark.parametrize(
    ("t", "category"),
    [
        (0.5, "normal"),
        (-1.0, "normal"),  # exactly -1.0 is normal
        (-1.1, "low-bone-mass"),
        (-2.4, "low-bone-mass"),
        (-2.5, "osteoporosis"),  # exactly -2.5 is osteoporosis
        (-3.2, "osteoporosis"),
    ],
)
def test_who_category_boundaries(t: float, category: str) -> None:
    assert who_category(t) == category


def _visit(day: date, *scans: tuple[str, float | None, float | None]) -> Visit:
    return Visit(day, tuple(SiteScan(day, site, 0.8, t, z) for site, t, z in scans))


DAY = date(2026, 3, 10)


def test_lowest_t_score_of_the_visit_decides() -> None:
    visit = _visit(
        DAY, ("lumbar-spine", -1.0, None), ("total-hip", -2.5, None), ("forearm", -0.2, None)
    )
    result = interpret_visit(visit, birth_year=1960)
    assert result.category == "osteoporosis"
    assert result.lowest_t == -2.5
    assert result.lowest_t_site == "total-hip"
    assert result.lines == (
        "Lowest T-score -2.5 (total hip) is in the WHO osteoporosis range (T-score -2.5 or lower).",
        "This describes the numbers, not a diagnosis: discuss them with your clinician.",
    )


def test_t_minus_one_is_normal_wording() -> None:
    visit = _visit(DAY, ("lumbar-spine", -1.0, None), ("femoral-neck", -0.3, None))
    result = interpret_visit(visit, birth_year=1960)
    assert result.category == "normal"
    assert result.lines[0] == (
        "Lowest T-score -1.0 (lumbar spine) is in the WHO normal range (T-score -1.0 or higher)."
    )


def test_low_bone_mass_wording() -> None:
    visit = _visit(DAY, ("femoral-neck", -1.8, None))
    result = interpret_visit(visit, birth_year=1960, fracture="yes")
    assert result.category == "low-bone-mass"  # a fracture alone does not make it severe
    assert result.category_label == "low bone mass (osteopenia)"
    assert result.lines[0] == (
        "Lowest T-score -1.8 (femoral neck) is in the WHO low bone mass (osteopenia) range "
        "(T-score between -2.5 and -1.0)."
    )


def test_ties_go_to_the_first_site_in_registry_order() -> None:
    visit = _visit(DAY, ("femoral-neck", -1.5, None), ("lumbar-spine", -1.5, None))
    result = interpret_visit(visit, birth_year=1960)
    assert result.lowest_t_site == "lumbar-spine"


def test_no_t_score_no_category() -> None:
    visit = Visit(DAY, (SiteScan(DAY, "total-hip", 0.8),))
    result = interpret_visit(visit, birth_year=1960)
    assert result.category is None
    assert result.lines[0] == (
        "No T-score recorded: the WHO categories need one (add it from the report)."
    )


def test_unknown_age_mentions_the_z_score_rule() -> None:
    visit = _visit(DAY, ("total-hip", -1.2, None))
    result = interpret_visit(visit, birth_year=None)
    assert result.age is None
    assert result.lines[1] == (
        "Your birth year is not in the profile: if you were under 50 at this scan, "
        "Z-scores apply instead of T-scores (ISCD)."
    )


def test_under_50_z_minus_two_is_below_the_expected_range() -> None:
    visit = _visit(DAY, ("lumbar-spine", -2.8, -2.0), ("total-hip", -1.9, -1.2))
    result = interpret_visit(visit, birth_year=1977, sex="female", fracture="yes")
    assert result.age == 49
    assert result.z_scores_apply is True
    assert result.category is None  # WHO T-score categories do not apply
    assert result.z_below_expected is True
    assert result.lines == (
        "Age 49 at the scan (from the profile's birth year), no menopause year in the profile: "
        "under 50 and before menopause, Z-scores, not T-scores, apply (ISCD), so the WHO "
        "T-score categories are not used.",
        "Lowest Z-score -2.0 (lumbar spine) is below the expected range for age "
        "(Z-score -2.0 or lower, ISCD).",
        "This describes the numbers, not a diagnosis: discuss them with your clinician.",
    )


def test_under_50_z_above_minus_two_is_within_range() -> None:
    visit = _visit(DAY, ("lumbar-spine", -2.6, -1.9))
    result = interpret_visit(visit, birth_year=1980)
    assert result.z_below_expected is False
    assert result.lines[1] == (
        "Lowest Z-score -1.9 (lumbar spine) is within the expected range for age "
        "(above -2.0, ISCD)."
    )


def test_under_50_without_z_scores() -> None:
    visit = _visit(DAY, ("lumbar-spine", -2.6, None))
    result = interpret_visit(visit, birth_year=1980)
    assert result.z_below_expected is None
    assert result.lines[1] == "No Z-score recorded: ask the facility for the Z-scores of this scan."


def test_postmenopausal_under_50_uses_t_scores() -> None:
    visit = _visit(DAY, ("lumbar-spine", -2.6, -2.1))
    result = interpret_visit(visit, birth_year=1978, menopause_year=2025)
    assert result.age == 48
    assert result.z_scores_apply is False
    assert result.category == "osteoporosis"
    before = interpret_visit(visit, birth_year=1978, menopause_year=2027)
    assert before.z_scores_apply is True


def test_fifty_in_the_scan_year_uses_t_scores() -> None:
    visit = _visit(DAY, ("lumbar-spine", -2.6, -2.1))
    result = interpret_visit(visit, birth_year=1976)
    assert result.age == 50
    assert result.z_scores_apply is False
    assert result.category == "osteoporosis"


def test_group_visits_by_date_in_site_order() -> None:
    scans = [
        SiteScan(date(2025, 5, 1), "femoral-neck", 0.7),
        SiteScan(date(2023, 5, 1), "total-hip", 0.8),
        SiteScan(date(2025, 5, 1), "lumbar-spine", 0.9),
    ]
    visits = group_visits(scans)
    assert [v.scan_date for v in visits] == [date(2023, 5, 1), date(2025, 5, 1)]
    assert [s.site for s in visits[1].sites] == ["lumbar-spine", "femoral-neck"]


# --- LSC ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "lsc"),
    [
        ("4.2%", Lsc(4.2, "%", "user")),
        ("4.2 %", Lsc(4.2, "%", "user")),
        ("0.033g/cm2", Lsc(0.033, "g/cm2", "user")),
        ("0.033 g/cm²", Lsc(0.033, "g/cm2", "user")),
    ],
)
def test_parse_lsc(typed: str, lsc: Lsc) -> None:
    assert parse_lsc(typed) == lsc


def test_lsc_needs_a_unit() -> None:
    with pytest.raises(InputError) as err:
        parse_lsc("4.2")
    assert err.value.message == "LSC '4.2' needs a unit: add % or g/cm2, e.g. 4.2% or 4.2g/cm2."


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("25%", "LSC 25% is not plausible: it must be more than 0 and at most 20%."),
        ("0%", "LSC 0% is not plausible: it must be more than 0 and at most 20%."),
        (
            "0.5g/cm2",
            "LSC 0.5 g/cm² is not plausible: it must be more than 0 and at most 0.2 g/cm².",
        ),
        ("abc", "LSC 'abc' is not a number with a unit, e.g. 4.2% or 0.033g/cm2."),
    ],
)
def test_bad_lsc(typed: str, message: str) -> None:
    with pytest.raises(InputError) as err:
        parse_lsc(typed)
    assert err.value.message == message


def test_lsc_setting_round_trip() -> None:
    for lsc in (Lsc(4.2, "%", "user"), Lsc(0.033, "g/cm2", "user")):
        assert parse_lsc(lsc.setting_value) == lsc


# --- comparisons ----------------------------------------------------------

A = date(2024, 3, 1)
B = date(2026, 3, 1)  # 730 days later: 1.9986 years
HOLOGIC = "Hologic Horizon A"


def _change(
    start: float, end: float, lsc: Lsc | None, m1: str | None = HOLOGIC, m2: str | None = HOLOGIC
) -> str:
    change = compare_points("lumbar-spine", TrendPoint(A, start, m1), TrendPoint(B, end, m2), lsc)
    return change.status


SPINE = Lsc(5.3, "%", "default")


def test_change_exactly_at_the_percent_lsc_is_significant() -> None:
    # (1.053 - 1.0) / 1.0 * 100 is 5.299999999999994 in binary floats: in decimal
    # arithmetic on the values as entered it is exactly 5.3, the LSC, and so significant.
    assert _change(1.000, 1.053, SPINE) == "significant"
    assert _change(1.000, 0.947, SPINE) == "significant"
    assert _change(1.000, 1.052, SPINE) == "within-lsc"
    assert _change(0.800, 0.840, Lsc(5.0, "%", "default")) == "significant"
    assert _change(0.800, 0.839, Lsc(5.0, "%", "default")) == "within-lsc"


def test_change_exactly_at_a_g_cm2_lsc_is_significant() -> None:
    lsc = Lsc(0.03, "g/cm2", "user")
    assert _change(0.800, 0.830, lsc) == "significant"  # float: 0.029999999999999916
    assert _change(0.800, 0.770, lsc) == "significant"
    assert _change(0.800, 0.829, lsc) == "within-lsc"


def test_change_values() -> None:
    change = compare_points(
        "lumbar-spine", TrendPoint(A, 0.850, HOLOGIC), TrendPoint(B, 0.800, HOLOGIC), SPINE
    )
    assert change.delta == -0.05
    assert change.percent == -5.88
    assert change.years == 2.0
    assert change.delta_per_year == -0.025
    assert change.percent_per_year == -2.94
    assert change.direction == "loss"
    assert change.significant is True
    assert change.note is None


def test_different_machines_are_not_reliable() -> None:
    assert _change(1.000, 0.900, SPINE, m2="GE Lunar iDXA") == "not-reliable"
    change = compare_points(
        "lumbar-spine",
        TrendPoint(A, 1.0, HOLOGIC),
        TrendPoint(B, 0.9, "GE Lunar iDXA"),
        SPINE,
    )
    assert change.significant is False
    assert change.note == (
        "different machines (Hologic Horizon A / GE Lunar iDXA): BMD from different machines is "
        "not directly comparable (cross-manufacturer conversions carry 4-7% error), so this "
        "change is not reliable"
    )


def test_same_machine_ignores_case_and_spacing() -> None:
    assert _change(1.0, 0.9, SPINE, m2="hologic  horizon a") == "significant"


def test_no_lsc_cannot_tell() -> None:
    change = compare_points(
        "forearm", TrendPoint(A, 0.7, HOLOGIC), TrendPoint(B, 0.6, HOLOGIC), None
    )
    assert change.status == "no-lsc"
    assert change.note == (
        "no LSC for the forearm: ask your facility and set it with "
        "`bonetrack scan lsc forearm VALUE`"
    )


def test_site_trend_consecutive_and_from_first() -> None:
    scans = [
        SiteScan(date(2022, 3, 1), "lumbar-spine", 0.900, -1.3, machine=HOLOGIC),
        SiteScan(date(2023, 3, 1), "lumbar-spine", 0.870, -1.6, machine=HOLOGIC),
        SiteScan(date(2024, 3, 1), "lumbar-spine", None, -1.9, machine=HOLOGIC),
        SiteScan(date(2025, 3, 1), "lumbar-spine", 0.850, -1.8, machine=HOLOGIC),
        SiteScan(date(2025, 3, 1), "total-hip", 0.700, -1.8, machine=HOLOGIC),
    ]
    trend = site_trend("lumbar-spine", scans, SPINE)
    assert [p.bmd for p in trend.points] == [0.900, 0.870, 0.850]
    assert trend.without_bmd == 1
    assert [(c.delta, c.percent, c.status) for c in trend.steps] == [
        (-0.03, -3.33, "within-lsc"),
        (-0.02, -2.3, "within-lsc"),
    ]
    assert trend.overall is not None
    assert (trend.overall.delta, trend.overall.percent, trend.overall.status) == (
        -0.05,
        -5.56,
        "significant",
    )
    assert trend.overall.percent_per_year == -1.85


def test_site_trend_with_one_scan_has_no_changes() -> None:
    trend = site_trend("total-hip", [SiteScan(A, "total-hip", 0.8)], default_lsc("total-hip"))
    assert trend.steps == ()
    assert trend.overall is None


# --- the demo's scans -------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 2, 7, 42])
def test_demo_has_visits_on_one_machine_and_one_real_change(seed: int) -> None:
    start, end = date(2024, 11, 22), date(2026, 11, 22)
    tz = ZoneInfo("Europe/Amsterdam")
    demo = generate_bone_demo(start, end, seed=seed, tz=tz)
    assert demo == generate_bone_demo(start, end, seed=seed, tz=tz)  # seeded: repeatable
    visits = group_visits(demo.scans)
    assert len(visits) == 3
    assert all(start <= v.scan_date < end for v in visits)
    assert {s.machine for s in demo.scans} == {"Hologic Horizon A"}
    steps = [
        change
        for site in SITE_NAMES
        for change in site_trend(site, demo.scans, default_lsc(site)).steps
    ]
    significant = [(c.site, c.start) for c in steps if c.significant]
    assert significant == [("lumbar-spine", visits[0].scan_date)]
    assert all(e.local_date < end for e in demo.events)
    assert {e.kind for e in demo.events} == {"checkin", "fall", "pain", "mobility"}


def test_short_demo_has_two_visits() -> None:
    demo = generate_bone_demo(
        date(2026, 1, 1), date(2026, 11, 22), seed=3, tz=ZoneInfo("Europe/Amsterdam")
    )
    assert len(group_visits(demo.scans)) == 2
