"""The visit summary's data for a fixed history: exact adherence, BMD changes, verdicts."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bonetrack.domain.adherence import DayTotal
from bonetrack.domain.bone import BoneSummary
from bonetrack.domain.dexa import SiteScan, default_lsc, group_visits, interpret_visits
from bonetrack.domain.events import BoneEvent
from bonetrack.domain.falls import falls_summary
from bonetrack.domain.notes import Note
from bonetrack.domain.plans import PlanVersion
from bonetrack.domain.profile import AnticoagulantChange, Profile
from bonetrack.domain.summary import LabLine, MedicineLine
from bonetrack.domain.summary_build import SummaryInputs, build_summary, longest_gap
from bonetrack.render.summary_json import summary_json

TZ = ZoneInfo("Europe/Amsterdam")
START, END = date(2026, 6, 1), date(2026, 6, 30)  # June 1 2026 is a Monday
MACHINE = "Hologic A"


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def history(**extra: object) -> SummaryInputs:
    """K2 daily from May 1 (missed June 10-12 and 20), strength twice a week from May 4
    (one session in the week of June 8), calcium 500 mg on 10 June days, vitamin D 1000 IU
    on 15; scans on 2025-06-02 and 2026-06-15 on one machine."""
    missed = {date(2026, 6, 10), date(2026, 6, 11), date(2026, 6, 12), date(2026, 6, 20)}
    k2 = {d: DayTotal(180.0, 1) for d in days(date(2026, 5, 1), END) if d not in missed}
    strength_days = [
        *(date(2026, 5, d) for d in (5, 7, 12, 14, 19, 21, 26, 28)),
        date(2026, 6, 2),
        date(2026, 6, 4),
        date(2026, 6, 9),  # one session in the week of June 8: not met
        date(2026, 6, 16),
        date(2026, 6, 18),
        date(2026, 6, 23),
        date(2026, 6, 25),
        date(2026, 6, 29),
        date(2026, 6, 30),
    ]
    scans = (
        SiteScan(date(2025, 6, 2), "lumbar-spine", 1.000, -1.5, -0.6, MACHINE),
        SiteScan(date(2025, 6, 2), "total-hip", 0.900, -0.8, 0.1, MACHINE),
        SiteScan(date(2026, 6, 15), "lumbar-spine", 0.947, -2.0, -1.1, MACHINE),
        SiteScan(date(2026, 6, 15), "total-hip", 0.905, -0.8, 0.1, MACHINE),
    )
    visits = group_visits(scans)
    profile = Profile(
        birth_year=1958,
        sex="female",
        menopause_year=2008,
        anticoagulant="none",
        anticoagulant_history=(AnticoagulantChange("none", None, date(2026, 5, 1)),),
        name="Zoë Ångström-Núñez",
    )
    interps = interpret_visits(
        visits, birth_year=1958, fractures=(), sex="female", menopause_year=2008
    )
    fall = BoneEvent(
        1,
        "fall",
        datetime(2026, 6, 5, 17, 0, tzinfo=TZ),
        date(2026, 6, 5),
        "left hip",
        3,
        "wet floor",
    )
    values: dict[str, object] = {
        "period_from": START,
        "period_to": END,
        "today": END,
        "profile": profile,
        "plan_versions": (
            PlanVersion("k2", None, 180.0, "day", None, "mk7", date(2026, 5, 1)),
            PlanVersion("exercise", "strength", None, "week", 2, None, date(2026, 5, 4)),
            PlanVersion("calcium", None, 1200.0, "day", 3, None, date(2026, 6, 22)),
        ),
        "totals": {
            ("k2", None): k2,
            ("exercise", "strength"): {d: DayTotal(30.0, 1) for d in strength_days},
            ("calcium", None): {d: DayTotal(500.0, 1) for d in days(START, date(2026, 6, 10))},
            ("vitamin-d", None): {d: DayTotal(1000.0, 1) for d in days(START, date(2026, 6, 15))},
        },
        "first_entry": date(2026, 5, 1),
        "visits": tuple(zip(visits, interps, strict=True)),
        "scans": scans,
        "lscs": {site: default_lsc(site) for site in ("lumbar-spine", "total-hip")},
        "events": (fall,),
        "bone": BoneSummary(
            (visits[-1], interps[-1]), None, falls_summary([date(2026, 6, 5)], END)
        ),
        "warnings": (),
        "reminders": (),
        "questions": (Note(7, "Should I take a bone medicine?", True, date(2026, 6, 20)),),
        **extra,
    }
    return SummaryInputs(**values)  # type: ignore[arg-type]


def test_adherence_in_the_period_is_exact() -> None:
    summary = summary_json(build_summary(history()))
    k2, calcium, strength = summary["adherence"]
    assert {key: k2[key] for key in ("item", "unit", "met", "due", "pct", "streak")} == {
        "item": "K2",
        "unit": "day",
        "met": 26,
        "due": 30,
        "pct": 86.7,
        "streak": 10,  # June 21-30
    }
    assert k2["longest_gap"] == {"length": 3, "start": "2026-06-10", "end": "2026-06-12"}
    assert k2["months"] == [{"month": "2026-06", "met": 26, "due": 30, "pct": 86.7}]
    # weeks of June 1, 8, 15, 22, 29 (the last one met on its Tuesday, today)
    assert (strength["met"], strength["due"], strength["pct"], strength["streak"]) == (
        4,
        5,
        80.0,
        3,
    )
    assert strength["longest_gap"] == {"length": 1, "start": "2026-06-08", "end": "2026-06-14"}
    # the week of June 29 belongs to July by its Thursday: it counts in the period's last month
    assert strength["months"] == [{"month": "2026-06", "met": 4, "due": 5, "pct": 80.0}]
    # calcium planned from June 22: 8 due days (today is not over, so not judged), none met
    assert (calcium["met"], calcium["due"], calcium["pct"]) == (0, 8, 0.0)
    assert calcium["longest_gap"] == {"length": 8, "start": "2026-06-22", "end": "2026-06-29"}


def test_plan_lines_and_changes_in_the_period() -> None:
    plan = summary_json(build_summary(history()))["plan"]
    assert plan["items"] == [
        {"item": "K2", "target": "180 µg a day (MK-7)", "since": "2026-05-01"},
        {"item": "Calcium", "target": "1200 mg in 3 doses a day", "since": "2026-06-22"},
        {"item": "Exercise: strength", "target": "2 sessions a week", "since": "2026-05-04"},
    ]
    assert plan["changes"] == [
        {"day": "2026-06-22", "item": "Calcium", "change": "started: 1200 mg in 3 doses a day"}
    ]
    assert (plan["medicines"], plan["labs"], plan["pauses"]) == (None, None, None)


def test_intake_means_over_the_period_against_the_reference_values() -> None:
    intake = summary_json(build_summary(history()))["intake"]
    assert (intake["counted_from"], intake["counted_to"], intake["days"]) == (
        "2026-06-01",
        "2026-06-30",
        30,
    )
    calcium, vitamin_d = intake["nutrients"]
    # 10 x 500 mg over 30 days; 15 x 1000 IU over 30 days
    assert (calcium["supplements_per_day"], calcium["rda"], calcium["ul"]) == (166.7, 1200, 2000)
    assert (vitamin_d["supplements_per_day"], vitamin_d["rda"], vitamin_d["ul"]) == (
        500.0,
        600,
        4000,
    )
    assert (calcium["food_per_day"], calcium["total_per_day"]) == (None, None)


def test_bmd_changes_and_verdicts() -> None:
    dexa = summary_json(build_summary(history()))["dexa"]
    spine, hip = dexa["changes"]
    # exactly the 5.3% LSC: a real change; the hip's +0.56% is within its 5.0%
    assert {k: spine[k] for k in ("site", "change_text", "pct_text", "lsc", "verdict")} == {
        "site": "lumbar spine",
        "change_text": "-0.053 g/cm²",
        "pct_text": "-5.30%",
        "lsc": "5.3%",
        "verdict": "significant loss",
    }
    assert {k: hip[k] for k in ("change_text", "pct_text", "lsc", "verdict")} == {
        "change_text": "+0.005 g/cm²",
        "pct_text": "+0.56%",
        "lsc": "5.0%",
        "verdict": "no significant change",
    }
    assert [v["reading"] for v in dexa["visits"]] == [
        "low bone mass (osteopenia) (lowest T -1.5, lumbar spine)",
        "low bone mass (osteopenia) (lowest T -2.0, lumbar spine)",
    ]
    spine_series = dexa["series"][0]
    assert (spine_series["band_low"], spine_series["band_high"]) == pytest.approx((0.947, 1.053))


def test_adherence_between_the_scans_beside_their_bmd_change() -> None:
    summary = build_summary(history())
    (pair,) = summary_json(summary)["between_scans"]
    assert (pair["start"], pair["end"]) == ("2025-06-02", "2026-06-15")
    # K2: May 1 to June 14, 45 due days, June 10-12 missed; strength: 6 weeks, June 8 missed;
    # calcium was not planned yet
    assert pair["adherence"] == [
        {"item": "K2", "unit": "day", "met": 42, "due": 45, "pct": 93.3},
        {"item": "Exercise: strength", "unit": "week", "met": 5, "due": 6, "pct": 83.3},
    ]
    assert [(c["site"], c["verdict"]) for c in pair["changes"]] == [
        ("lumbar spine", "significant loss"),
        ("total hip", "no significant change"),
    ]
    assert "cannot show cause and effect" in summary.cause_note
    assert "6 months to 3 years" in summary.cause_note


def test_header_events_questions_and_sources() -> None:
    summary = summary_json(build_summary(history()))
    header = summary["header"]
    assert (header["name"], header["age"], header["anticoagulant"]["text"]) == (
        "Zoë Ångström-Núñez",
        68,
        "none",
    )
    assert header["disclaimer"] == (
        "Prepared by the patient with bonetrack. Information, not a diagnosis."
    )
    assert summary["events"]["events"] == [
        {
            "day": "2026-06-05",
            "kind": "fall",
            "site": "left hip",
            "severity": 3,
            "fragility": None,
            "note": "wet floor",
        }
    ]
    assert summary["events"]["falls"] == (
        "1 fall recorded in the 12 months to 2026-06-30 (2026-06-05)."
    )
    assert summary["questions"] == [
        {"note_id": 7, "written_on": "2026-06-20", "text": "Should I take a bone medicine?"}
    ]
    keys = [s["key"] for s in summary["sources"]]
    assert keys == ["too-fit", "iom", "who", "iscd-lsc", "lsc-default", "knapen", "falls"]


def test_optional_sections_pass_through_when_recorded() -> None:
    medicine = MedicineLine(
        "alendronate",
        "70 mg once a week",
        date(2025, 1, 6),
        4,
        5,
        END,
        date(2026, 7, 6),
        source="alendronate (Fosamax) label",
    )
    lab = LabLine("25(OH)D", "62 nmol/L", date(2026, 6, 3), band="at least 50 nmol/L")
    summary = build_summary(history(medicines=(medicine,), labs=(lab,), pauses=()))
    assert summary.plan.medicines == (medicine,)
    assert summary.plan.labs == (lab,)
    assert summary.plan.pauses == ()
    assert summary.sources[0].text == "alendronate (Fosamax) label"


def test_longest_gap_of_nothing_missed_is_none() -> None:
    assert longest_gap([]) is None
