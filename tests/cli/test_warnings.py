"""Safety warnings end to end: entries stored through `bonetrack log`, totals from SQL."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from bonetrack.domain.entries import Entry
from bonetrack.domain.guidance import VitaminDWindow
from bonetrack.store.engine import Database
from bonetrack.store.entries import last_created
from bonetrack.store.guidance import (
    calcium_day_total,
    day_aggregates,
    report_warnings,
    vitamin_d_window_total,
    warnings_after_log,
)
from tests.conftest import CliCall, Freeze

TODAY = date(2026, 11, 22)
HIGH_DOSE_5000 = (
    "Warning: 5000 IU of vitamin D in one dose is a high dose, above the daily upper limit of "
    "4000 IU: take doses like this only as prescribed (IOM 2011)"
)
HIGH_DOSE_50000 = (
    "Warning: 50000 IU of vitamin D in one dose is a high dose, above the daily upper limit "
    "of 4000 IU: take doses like this only as prescribed (IOM 2011)"
)
CALCIUM_501 = (
    "Warning: 501 mg of calcium in one dose: take at most 500 mg at a time, as more is not all "
    "absorbed at once. Split it into doses of 500 mg or less, e.g. 2 doses of 250.5 mg "
    "(NIH ODS)"
)


@pytest.fixture(autouse=True)
def _clock(frozen: Freeze) -> None:
    frozen("2026-11-22 08:31")


def log(cli: CliCall, db: Database, *args: str) -> Entry:
    result = cli("log", *args)
    assert result.exit_code == 0, result.stderr
    entry = last_created(db)
    assert entry is not None
    return entry


def codes(db: Database, entry: Entry) -> list[str]:
    return [w.code for w in warnings_after_log(db, entry)]


def amounts(db_path: Path) -> list[tuple[str, float]]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT kind, amount FROM intakes ORDER BY id").fetchall()


# --- warnings_after_log -------------------------------------------------------------


def test_calcium_500_is_fine_501_warns_and_is_stored_as_typed(
    cli: CliCall, db: Database, db_path: Path
) -> None:
    assert codes(db, log(cli, db, "calcium", "500mg")) == []
    entry = log(cli, db, "calcium", "501mg")
    warnings = warnings_after_log(db, entry)
    assert [w.line() for w in warnings] == [CALCIUM_501]
    assert entry.amount == 501.0
    assert amounts(db_path) == [("calcium", 500.0), ("calcium", 501.0)]


def test_calcium_day_total_at_and_above_the_ul(cli: CliCall, db: Database) -> None:
    log(cli, db, "calcium", "500mg", "--at", "yesterday 20:00")  # another day: not counted
    for at in ("01:00", "03:00", "05:00", "07:00"):  # apart: no sitting above 500 mg
        entry = log(cli, db, "calcium", "500mg", "--at", at)
    assert calcium_day_total(db, TODAY) == 2000.0
    assert codes(db, entry) == []
    entry = log(cli, db, "calcium", "1mg", "--force")
    assert calcium_day_total(db, TODAY) == 2001.0
    [warning] = warnings_after_log(db, entry)
    assert warning.line() == (
        "Warning: calcium on 2026-11-22 adds up to 2001 mg, above the upper limit of 2000 mg a "
        "day for women aged 51–70 (assumed: set your profile with `bonetrack profile set`); "
        "calcium from food counts too (IOM 2011)"
    )


def test_calcium_ul_follows_the_profile_age(cli: CliCall, db: Database) -> None:
    # Born 1976: 50 in 2026, so the UL is 2,500 mg.
    assert cli("profile", "set", "--birth-year", "1976", "--sex", "female").exit_code == 0
    for at in ("00:00", "01:30", "03:00", "04:30", "06:00"):
        entry = log(cli, db, "calcium", "500mg", "--at", at)
    assert codes(db, entry) == []
    entry = log(cli, db, "calcium", "1mg", "--force")
    assert codes(db, entry) == ["calcium-ul"]


def test_vitamin_d_7_day_average_at_and_above_the_ul(cli: CliCall, db: Database) -> None:
    log(cli, db, "d3", "10000IU", "--at", "7 days ago")  # outside the 7 days
    for days_ago in range(6, 0, -1):
        log(cli, db, "vitamin-d", "4000IU", "--at", f"{days_ago} days ago")
    entry = log(cli, db, "vitamin-d", "100mcg")  # 4,000 IU today
    assert vitamin_d_window_total(db, TODAY, 4000) == VitaminDWindow(at_or_below_ul_iu=28_000.0)
    assert codes(db, entry) == []
    entry = log(cli, db, "vitamin-d", "1IU", "--force")
    assert vitamin_d_window_total(db, TODAY, 4000) == VitaminDWindow(at_or_below_ul_iu=28_001.0)
    [warning] = warnings_after_log(db, entry)
    assert warning.line() == (
        "Warning: vitamin D from 2026-11-16 to 2026-11-22 averages 4000.1 IU a day, above the "
        "upper limit of 4000 IU a day for women aged 51–70 (assumed: set your profile with "
        "`bonetrack profile set`) (IOM 2011 daily upper limit; the 7-day average is bonetrack's "
        "own rule)"
    )


def test_a_prescribed_high_vitamin_d_dose_is_noted_not_averaged(cli: CliCall, db: Database) -> None:
    entry = log(cli, db, "vitamin-d", "50000IU", "--at", "2 days ago")
    [note] = warnings_after_log(db, entry)
    assert note.line() == HIGH_DOSE_50000
    entry = log(cli, db, "vitamin-d", "1000IU")
    assert codes(db, entry) == []


def test_one_50000_iu_dose_with_1000_iu_daily_is_only_noted(cli: CliCall, db: Database) -> None:
    for days_ago in range(6, -1, -1):
        at = "today" if days_ago == 0 else f"{days_ago} days ago"
        assert codes(db, log(cli, db, "vitamin-d", "1000IU", "--at", at)) == []
        if days_ago == 3:
            entry = log(cli, db, "vitamin-d", "50000IU", "--at", at)
            assert [w.line() for w in warnings_after_log(db, entry)] == [HIGH_DOSE_50000]
    # (7,000 + 50,000) / 7 would be 8,142.9 IU a day: the single dose is left out.
    assert vitamin_d_window_total(db, TODAY, 4000) == VitaminDWindow(
        at_or_below_ul_iu=7000.0, above_ul_iu=50_000.0, above_ul_count=1
    )
    assert report_warnings(db, date(2026, 11, 16), TODAY)[0].to_json() == {
        "code": "vitamin-d-high-dose",
        "count": 1,
        "message": "1 day with a single vitamin D dose above the daily upper limit "
        "(only as prescribed)",
        "dates": ["2026-11-19"],
        "source": "IOM 2011",
    }
    assert len(report_warnings(db, date(2026, 11, 16), TODAY)) == 1


def test_5000_iu_every_day_averages_above_the_ul(cli: CliCall, db: Database) -> None:
    # Window ending on each entry's day: 1 entry above the UL (left out), then 2..5 of them
    # (10,000..25,000 / 7: below the UL), then 6 (4,285.7 a day) and 7 (5,000 a day).
    expected = [["vitamin-d-high-dose"]] * 5 + [["vitamin-d-high-dose", "vitamin-d-ul"]] * 2
    found = []
    for days_ago in range(6, -1, -1):
        at = "today" if days_ago == 0 else f"{days_ago} days ago"
        entry = log(cli, db, "vitamin-d", "5000IU", "--at", at)
        found.append(codes(db, entry))
    assert found == expected
    assert vitamin_d_window_total(db, TODAY, 4000) == VitaminDWindow(
        above_ul_iu=35_000.0, above_ul_count=7
    )
    assert [w.line() for w in warnings_after_log(db, entry)] == [
        HIGH_DOSE_5000,
        "Warning: vitamin D from 2026-11-16 to 2026-11-22 averages 5000 IU a day, above the "
        "upper limit of 4000 IU a day for women aged 51–70 (assumed: set your profile with "
        "`bonetrack profile set`) (IOM 2011 daily upper limit; the 7-day average is bonetrack's "
        "own rule)",
    ]


def test_two_50000_iu_doses_within_7_days_average_above_the_ul(cli: CliCall, db: Database) -> None:
    first = log(cli, db, "vitamin-d", "50000IU", "--at", "7 days ago")  # 2026-11-15
    assert codes(db, first) == ["vitamin-d-high-dose"]
    # 7 days later: the window 2026-11-16..22 holds only this one.
    entry = log(cli, db, "vitamin-d", "50000IU")
    assert codes(db, entry) == ["vitamin-d-high-dose"]
    # A third dose on 2026-11-16: its window 11-10..11-16 holds two, and so does today's.
    entry = log(cli, db, "vitamin-d", "50000IU", "--at", "6 days ago")
    assert [w.line() for w in warnings_after_log(db, entry)] == [
        HIGH_DOSE_50000,
        "Warning: vitamin D from 2026-11-10 to 2026-11-16 averages 14285.7 IU a day, above the "
        "upper limit of 4000 IU a day for women aged 51–70 (assumed: set your profile with "
        "`bonetrack profile set`) (IOM 2011 daily upper limit; the 7-day average is bonetrack's "
        "own rule)",
    ]
    assert vitamin_d_window_total(db, TODAY, 4000) == VitaminDWindow(
        above_ul_iu=100_000.0, above_ul_count=2
    )
    # The report judges every day: the 7 days ending on each of Nov 16-22 hold two doses
    # (Nov 15 and 16 up to Nov 21; Nov 16 and 22 on Nov 22), days without an entry too.
    assert [(w.code, w.dates) for w in report_warnings(db, date(2026, 11, 16), TODAY)] == [
        ("vitamin-d-ul", tuple(date(2026, 11, d) for d in range(16, 23))),
        ("vitamin-d-high-dose", (date(2026, 11, 16), date(2026, 11, 22))),
    ]


def test_k2_warns_every_time_on_a_vka_only(cli: CliCall, db: Database) -> None:
    assert codes(db, log(cli, db, "k2", "180mcg")) == []
    assert cli("profile", "set", "--anticoagulant", "warfarin").exit_code == 0
    assert codes(db, log(cli, db, "k2", "180mcg")) == ["k2-vka"]
    assert codes(db, log(cli, db, "k2", "10mcg")) == ["k2-vka"]
    assert codes(db, log(cli, db, "calcium", "500mg")) == []
    assert cli("profile", "set", "--anticoagulant", "rivaroxaban").exit_code == 0
    assert codes(db, log(cli, db, "k2", "180mcg")) == []


def test_k2_form_mismatch(cli: CliCall, db: Database) -> None:
    assert codes(db, log(cli, db, "k2", "999mcg", "--form", "mk7")) == []
    assert codes(db, log(cli, db, "k2", "1mg", "--form", "mk7")) == ["k2-form"]
    assert codes(db, log(cli, db, "k2", "15mg", "--form", "mk4")) == []
    assert codes(db, log(cli, db, "k2", "180mcg", "--form", "mk4")) == ["k2-form"]


# --- report window ------------------------------------------------------------------------


def test_day_aggregates_in_one_query(cli: CliCall, db: Database) -> None:
    log(cli, db, "calcium", "600mg", "--at", "yesterday 08:00")
    log(cli, db, "calcium", "400mg", "--at", "yesterday 20:00")
    log(cli, db, "vitamin-d", "1000IU", "--at", "yesterday 08:00")
    log(cli, db, "vitamin-d", "50000IU", "--at", "yesterday 09:00")
    log(cli, db, "k2", "180mcg", "--form", "mk7")
    log(cli, db, "k2", "2mg", "--form", "mk7")
    log(cli, db, "k2", "500mcg", "--form", "mk4")
    log(cli, db, "exercise", "30min")
    days = day_aggregates(db, date(2026, 11, 15), TODAY, 4000)
    assert [
        (
            d.day.isoformat(),
            d.calcium_total_mg,
            d.calcium_max_dose_mg,
            d.vitamin_d_everyday_iu,
            d.vitamin_d_above_ul_iu,
            d.vitamin_d_above_ul_count,
            d.vitamin_d_max_dose_iu,
            d.k2_entries,
            d.k2_mk7_max_mcg,
            d.k2_mk4_min_mcg,
        )
        for d in days
    ] == [
        ("2026-11-21", 1000.0, 600.0, 1000.0, 50000.0, 1, 50000.0, 0, None, None),
        ("2026-11-22", 0.0, 0.0, 0.0, 0.0, 0, 0.0, 3, 2000.0, 500.0),
    ]


def test_report_lists_the_days_with_warnings(cli: CliCall, db: Database) -> None:
    assert cli("profile", "set", "--birth-year", "1960", "--sex", "female").exit_code == 0
    for day in ("2026-11-19", "2026-11-21"):
        for hour in (6, 9, 12, 15, 18):
            log(cli, db, "calcium", "500mg", "--at", f"{day} {hour}:00")  # 2,500 mg
    log(cli, db, "calcium", "1200mg", "--at", "2 days ago")
    log(cli, db, "calcium", "2000mg", "--at", "8 days ago")  # before the window
    result = report_warnings(db, date(2026, 11, 16), TODAY)
    assert [w.to_json() for w in result] == [
        {
            "code": "calcium-dose",
            "count": 1,
            "message": "1 day with more than 500 mg of calcium in one dose or within 60 minutes",
            "dates": ["2026-11-20"],
            "source": "NIH ODS",
        },
        {
            "code": "calcium-ul",
            "count": 2,
            "message": "2 days above the calcium upper limit",
            "dates": ["2026-11-19", "2026-11-21"],
            "source": "IOM 2011",
        },
    ]


def test_report_vitamin_d_average_looks_back_before_the_window(cli: CliCall, db: Database) -> None:
    for days_ago in range(9, 2, -1):  # 7 days of 4,001 IU ending 3 days ago
        log(cli, db, "vitamin-d", "4000IU", "--at", f"{days_ago} days ago")
        log(cli, db, "vitamin-d", "1IU", "--force", "--at", f"{days_ago} days ago")
    result = report_warnings(db, date(2026, 11, 19), TODAY)
    assert [(w.code, [d.isoformat() for d in w.dates]) for w in result] == [
        ("vitamin-d-ul", ["2026-11-19"]),
    ]
    assert report_warnings(db, date(2026, 11, 20), TODAY) == []


def test_the_average_is_judged_on_days_without_an_entry_too(cli: CliCall, db: Database) -> None:
    for days_ago in range(9, 2, -1):  # 5,000 IU a day for 7 days, the last 3 days ago
        log(cli, db, "vitamin-d", "5000IU", "--at", f"{days_ago} days ago")
    # Nov 20: 6 x 5,000 / 7 = 4,286 IU; Nov 21: 5 x 5,000 / 7 = 3,571 IU
    result = report_warnings(db, date(2026, 11, 20), TODAY)
    assert [(w.code, [d.isoformat() for d in w.dates]) for w in result] == [
        ("vitamin-d-ul", ["2026-11-20"]),
    ]


def test_report_for_5000_iu_every_day(cli: CliCall, db: Database) -> None:
    for days_ago in range(12, -1, -1):  # 13 days, so every window in the week holds 7
        log(cli, db, "vitamin-d", "5000IU", "--at", f"{days_ago} days ago")
    week = [f"2026-11-{d}" for d in range(16, 23)]
    assert [w.to_json() for w in report_warnings(db, date(2026, 11, 16), TODAY)] == [
        {
            "code": "vitamin-d-ul",
            "count": 7,
            "message": "7 days with the 7-day vitamin D average above the upper limit",
            "dates": week,
            "source": "IOM 2011 daily upper limit; the 7-day average is bonetrack's own rule",
        },
        {
            "code": "vitamin-d-high-dose",
            "count": 7,
            "message": "7 days with a single vitamin D dose above the daily upper limit "
            "(only as prescribed)",
            "dates": week,
            "source": "IOM 2011",
        },
    ]


# --- `bonetrack log` prints them on stderr ---------------------------------------------------

CALCIUM_501_LINE = CALCIUM_501 + "\n"
VKA = (
    "Warning: your profile says you take a vitamin K antagonist (such as warfarin): vitamin K2 "
    "changes how these medicines work; MK-7 at 10–20 µg a day changed INR in 40–60% of people "
    "studied, and the study's authors advise avoiding MK-7 supplements on these drugs. Keep "
    "your vitamin K intake consistent and start, stop or change K2 only as agreed with your "
    "prescriber (Schurgers 2007, Blood 109:3279; Theuwissen 2013, J Thromb Haemost 11:1085)\n"
)


def stored_rows(db_path: Path) -> list[tuple[str, float, float, str]]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(
            "SELECT kind, amount, input_amount, input_unit FROM intakes ORDER BY id"
        ).fetchall()


def test_calcium_500_does_not_warn(cli: CliCall) -> None:
    result = cli("log", "calcium", "500mg")
    assert result.exit_code == 0
    assert result.stderr == ""


def test_calcium_501_warns_and_stores_exactly_501(cli: CliCall, db_path: Path) -> None:
    result = cli("log", "calcium", "501mg")
    assert result.exit_code == 0
    assert result.stdout == "Logged Calcium 501 mg at 2026-11-22 08:31. Today: 501 mg.\n"
    assert result.stderr == CALCIUM_501_LINE
    assert stored_rows(db_path) == [("calcium", 501.0, 501.0, "mg")]


def test_warnings_go_to_stderr_with_json(cli: CliCall, db_path: Path) -> None:
    result = cli("log", "calcium", "0.501g", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["amount"] == 501.0
    assert result.stderr == CALCIUM_501_LINE
    assert stored_rows(db_path) == [("calcium", 501.0, 0.501, "g")]


def test_k2_on_warfarin_warns_every_time(cli: CliCall, db_path: Path) -> None:
    assert cli("log", "k2", "180mcg").stderr == ""
    assert cli("profile", "set", "--anticoagulant", "warfarin").exit_code == 0
    for _ in range(2):
        result = cli("log", "k2", "180mcg", "--form", "mk7")
        assert result.exit_code == 0
        assert result.stderr == VKA
    assert cli("profile", "set", "--anticoagulant", "apixaban").exit_code == 0
    assert cli("log", "k2", "180mcg").stderr == ""
    assert stored_rows(db_path) == [("k2", 180.0, 180.0, "mcg")] * 4


def test_calcium_over_the_ul_today(cli: CliCall) -> None:
    for at in ("01:00", "03:00", "05:00", "07:00"):
        assert cli("log", "calcium", "500mg", "--at", at).stderr == ""
    result = cli("log", "calcium", "1mg", "--force")
    assert result.stderr == (
        "Warning: calcium on 2026-11-22 adds up to 2001 mg, above the upper limit of 2000 mg a "
        "day for women aged 51–70 (assumed: set your profile with `bonetrack profile set`); "
        "calcium from food counts too (IOM 2011)\n"
    )


def test_a_50000_iu_prescription_dose_is_noted_once(cli: CliCall) -> None:
    result = cli("log", "d3", "50000IU")
    assert result.exit_code == 0
    assert result.stderr == HIGH_DOSE_50000 + "\n"
    assert cli("log", "d3", "1000IU").stderr == ""


def test_5000_iu_on_the_7th_day_prints_note_and_average_warning(cli: CliCall) -> None:
    for days_ago in range(6, 0, -1):
        assert cli("log", "d3", "5000IU", "--at", f"{days_ago} days ago").exit_code == 0
    result = cli("log", "d3", "5000IU")
    assert result.exit_code == 0
    assert result.stderr == (
        HIGH_DOSE_5000 + "\n"
        "Warning: vitamin D from 2026-11-16 to 2026-11-22 averages 5000 IU a day, above the "
        "upper limit of 4000 IU a day for women aged 51–70 (assumed: set your profile with "
        "`bonetrack profile set`) (IOM 2011 daily upper limit; the 7-day average is bonetrack's "
        "own rule)\n"
    )


def test_mk7_in_milligrams_asks_about_the_form(cli: CliCall) -> None:
    result = cli("log", "k2", "45mg", "--form", "mk7")
    assert result.exit_code == 0
    assert result.stderr.startswith("Warning: 45 mg of K2 logged as MK-7: MK-7 trials used")
    assert result.stderr.count("\n") == 1


def test_calcium_within_an_hour_adds_up_to_one_sitting(cli: CliCall, db: Database) -> None:
    """Issue 15, item 6: three 500 mg entries at 08:00, 08:01, 08:02 gave no warning."""
    assert cli("log", "calcium", "500mg", "--at", "08:00").stderr == ""
    second = cli("log", "calcium", "500mg", "--at", "08:01")
    assert second.stderr == (
        "Warning: 1000 mg of calcium within 60 minutes (2 entries): take at most 500 mg at a "
        "time, as more is not all absorbed at once. Spread the doses over the day (NIH ODS)\n"
    )
    third = cli("log", "calcium", "500mg", "--at", "08:02")
    assert third.stderr.startswith("Warning: 1500 mg of calcium within 60 minutes (3 entries)")
    [warning] = [w.to_json() for w in report_warnings(db, TODAY, TODAY)]
    assert warning == {
        "code": "calcium-dose",
        "count": 1,
        "message": "1 day with more than 500 mg of calcium in one dose or within 60 minutes",
        "dates": ["2026-11-22"],
        "source": "NIH ODS",
    }


@pytest.mark.parametrize(("second", "warns"), [("08:59", True), ("09:00", False)])
def test_a_sitting_is_less_than_60_minutes_either_side(
    cli: CliCall, db: Database, second: str, warns: bool
) -> None:
    assert cli("log", "calcium", "300mg", "--at", "2026-11-21 08:00").stderr == ""
    result = cli("log", "calcium", "300mg", "--at", f"2026-11-21 {second}")
    assert result.stderr.startswith("Warning: 600 mg of calcium within 60 minutes") is warns
    found = report_warnings(db, date(2026, 11, 21), date(2026, 11, 21))
    assert [w.code for w in found] == (["calcium-dose"] if warns else [])


def test_a_sitting_can_cross_midnight(cli: CliCall, db: Database) -> None:
    assert cli("log", "calcium", "400mg", "--at", "2026-11-20 23:40").exit_code == 0
    late = cli("log", "calcium", "400mg", "--at", "2026-11-21 00:20")
    assert late.stderr.startswith("Warning: 800 mg of calcium within 60 minutes (2 entries)")
    found = report_warnings(db, date(2026, 11, 20), date(2026, 11, 21))
    assert [(w.code, [str(d) for d in w.dates]) for w in found] == [
        ("calcium-dose", ["2026-11-20", "2026-11-21"])
    ]
