"""`bonetrack report`: the rules of issue 3 end to end, with fixed dates and exact values."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bonetrack.domain.entries import NewEntry
from bonetrack.domain.plans import PlanVersion
from bonetrack.store.engine import Database
from bonetrack.store.entries import add_entries
from bonetrack.store.plans import add_plan_versions
from tests.conftest import CliCall, Freeze
from tests.test_imports import loaded, top

D = date.fromisoformat
AMS = "Europe/Amsterdam"


def ok(cli: CliCall, *args: str) -> str:
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def report(cli: CliCall, *args: str) -> dict[str, object]:
    data = json.loads(ok(cli, "report", "--json", *args))
    assert isinstance(data, dict)
    return data


def item(cli: CliCall, *args: str, index: int = 0) -> dict[str, object]:
    items = report(cli, *args)["items"]
    assert isinstance(items, list)
    found = items[index]
    assert isinstance(found, dict)
    return found


def entry(kind: str, amount: float, when: str, tz: str = AMS, type_: str | None = None) -> NewEntry:
    unit = {"k2": "mcg", "calcium": "mg", "vitamin-d": "IU", "exercise": "min"}[kind]
    return NewEntry(
        kind=kind,
        amount=amount,
        input_amount=amount,
        input_unit=unit,
        taken_at=datetime.fromisoformat(when).replace(tzinfo=ZoneInfo(tz)),
        exercise_type=type_,
    )


def seed(db: Database, plans: list[PlanVersion], entries: list[NewEntry]) -> None:
    add_plan_versions(db, plans)
    with db.begin() as conn:
        add_entries(conn, entries)


def k2(valid_from: str, amount: float | None = 180.0, active: bool = True) -> PlanVersion:
    return PlanVersion("k2", None, amount, "day", None, "mk7", D(valid_from), active)


def daily_k2(
    first: str, last: str, skip: tuple[str, ...] = (), at: str = "08:00"
) -> list[NewEntry]:
    out: list[NewEntry] = []
    day = D(first)
    while day <= D(last):
        if day.isoformat() not in skip:
            out.append(entry("k2", 180.0, f"{day} {at}"))
        day += timedelta(days=1)
    return out


# --- empty database ------------------------------------------------------------


def test_empty_database_says_how_to_start(cli: CliCall, frozen: Freeze) -> None:
    frozen("2026-11-22 08:30")
    out = ok(cli, "report")
    assert " ".join(out.split()).startswith(
        "Nothing planned yet. Start with `bonetrack plan suggest` for an evidence-based "
        "starting plan (add --apply to use it), or set one item, e.g. `bonetrack plan set k2 "
        "180mcg --form mk7`. Or see a sample first: `bonetrack demo`. Reminders "
        "- No DEXA scan recorded yet: record your last one with `bonetrack scan add"
    )
    data = report(cli)
    # With nothing recorded, each reminder says how to start it, due today.
    assert [(r["kind"], r["due"], r["overdue"], r["days"]) for r in data.pop("reminders")] == [
        ("scan", "2026-11-22", False, 0),
        ("checkin", "2026-11-22", False, 0),
        ("symptoms", "2026-11-22", False, 0),
    ]
    # The bone section (latest scan, height, falls): tests/cli/test_report_bone.py pins it.
    assert [data.pop(key)["count"] if key == "falls" else data.pop(key)
            for key in ("latest_scan", "height", "falls")] == [None, None, 0]  # fmt: skip
    # Medicines and labs (tests/cli/test_med.py, test_lab.py pin them): none yet.
    assert [data.pop(key) for key in ("notices", "treatments", "labs")] == [[], [], []]
    # Supplements and food: tests/cli/test_import_cronometer.py pins them.
    assert data.pop("intake")["calcium"]["days"] == []
    assert data.pop("vitamin_k") is None
    # the next scan, however far away (tests/cli/test_remind_all.py pins it)
    assert data.pop("next_scan")["due"] == "2026-11-22"
    assert data == {
        "from": "2026-10-24",
        "to": "2026-11-22",
        "asked_from": None,
        "items": [],
        "pauses": [],
        "warnings": [],
    }


# --- the main numbers ------------------------------------------------------------


@pytest.fixture
def kept_k2(db: Database, frozen: Freeze) -> None:
    """K2 since Oct 1; missed Nov 10 and 17, half on Nov 12, split doses on Nov 5."""
    frozen("2026-11-22 08:30")  # Sunday; nothing logged yet today
    entries = daily_k2("2026-10-01", "2026-11-21", skip=("2026-11-05", "2026-11-10", "2026-11-12",
                                                        "2026-11-17"))  # fmt: skip
    entries += [
        entry("k2", 90.0, "2026-11-05 08:00"),
        entry("k2", 90.0, "2026-11-05 20:00"),
        entry("k2", 90.0, "2026-11-12 08:20"),
    ]
    seed(db, [k2("2026-10-01")], entries)


@pytest.mark.usefixtures("kept_k2")
def test_report_json_exact(cli: CliCall) -> None:
    data = report(cli)
    # No scan or check-in recorded: tests/cli/test_remind.py pins these messages.
    assert [r["kind"] for r in data.pop("reminders")] == ["scan", "checkin", "symptoms"]
    for key in ("latest_scan", "height", "falls"):  # tests/cli/test_report_bone.py
        data.pop(key)
    # no medicines or labs: tests/cli/test_med.py and test_lab.py pin these
    assert [data.pop(key) for key in ("notices", "treatments", "labs")] == [[], [], []]
    for key in ("intake", "vitamin_k"):  # tests/cli/test_import_cronometer.py
        data.pop(key)
    assert data.pop("next_scan")["kind"] == "scan"  # tests/cli/test_remind_all.py
    assert data == {
        "from": "2026-10-24",
        "to": "2026-11-22",
        "asked_from": None,
        "items": [
            {
                "kind": "k2",
                "type": None,
                "target": {"amount": 180.0, "unit": "mcg", "per": "day", "times": None},
                "current_streak": 4,  # Nov 18-21; today is not over
                "longest_streak": 40,  # Oct 1 - Nov 9, split doses on Nov 5 add up
                "adherence_pct": 89.7,  # 26 / 29
                "met": 26,
                "due": 29,  # Oct 24 - Nov 21: today counts once met
                "average": 164.5,  # (26 x 180 + 90) / 29
                "score": 85.1,
                "form": "mk7",
                "streak_unit": "day",
                "average_of": "amount",
                "from": "2026-10-24",
                "stopped": False,
                # Nov 5 20:00 is an odd one out: 27 of the 28 entries
                "usual_times": [{"median": "08:00", "spread_min": 0, "entries": 27}],
                "caution": None,
                "paused_days": 0,
                "over_target": [],
            }
        ],
        "pauses": [],
        "warnings": [],
    }


@pytest.mark.usefixtures("kept_k2")
def test_today_met_extends_the_streak(cli: CliCall) -> None:
    ok(cli, "log", "k2", "180mcg")
    found = item(cli)
    assert (found["current_streak"], found["met"], found["due"]) == (5, 27, 30)
    assert found["adherence_pct"] == 90.0


@pytest.mark.usefixtures("kept_k2")
def test_window_options(cli: CliCall) -> None:
    data = report(cli, "--days", "7")
    assert (data["from"], data["to"]) == ("2026-11-16", "2026-11-22")
    found = item(cli, "--from", "2026-11-01", "--to", "2026-11-14")
    assert (found["met"], found["due"], found["adherence_pct"]) == (12, 14, 85.7)
    # the window starts no earlier than the first plan
    found = item(cli, "--from", "2026-09-01", "--to", "2026-10-10")
    assert (found["from"], found["met"], found["due"]) == ("2026-10-01", 10, 10)
    found = item(cli, "--days", "3", "--to", "yesterday")
    assert (found["met"], found["due"]) == (3, 3)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--from", "2026-11-20", "--to", "2026-11-10"),
         "Error: --from 2026-11-20 is after --to 2026-11-10.\n"),
        (("--to", "2026-11-23"), "Error: --to 2026-11-23 is in the future; today is 2026-11-22.\n"),
        (("--from", "2026-11-01", "--days", "7"), "Error: give --from or --days, not both.\n"),
        (("--from", "last week"), "Error: cannot read the date 'last week': use YYYY-MM-DD, "
                                  "today, yesterday, '3 days ago', monday, 'last monday' or "
                                  "'nov 20'.\n"),
    ],
)  # fmt: skip
def test_bad_windows(cli: CliCall, frozen: Freeze, args: tuple[str, ...], message: str) -> None:
    frozen("2026-11-22 08:30")
    result = cli("report", *args)
    assert (result.exit_code, result.stderr, result.stdout) == (2, message, "")
    assert cli("report", "--days", "0").exit_code == 2


@pytest.mark.usefixtures("kept_k2")
def test_text_report_without_colour(cli: CliCall) -> None:
    lines = ok(cli, "report").splitlines()
    assert lines[0] == "Adherence 2026-10-24 to 2026-11-22 (30 days)"
    assert lines[2].split() == [
        "K2", "180", "µg/day", "4", "days", "40", "days", "89.7%", "26/29", "164.5", "µg", "85.1%",
    ]  # fmt: skip
    assert "  K2  08:00 ± 0 min" in lines
    # From the week of the first plan (Thursday Oct 1), not 26 weeks back.
    start = lines.index("K2: 2026-09-28 to 2026-11-22")
    heat = lines[start + 1 : start + 9]
    # Sep's only week moves its name into the margin, and the year goes with October
    assert heat[0] == "  Sep Oct'26  Nov"
    # the last three weeks: Mondays Nov 2, 9, 16 ... Sundays Nov 8, 15, 22
    assert [row[-5:] for row in heat[1:]] == [
        "● ● ●", "● ○ ○", "● ● ●", "● ◐ ●", "● ● ●", "● ● ●", "● ● ◌",
    ]  # fmt: skip
    assert lines[start + 9] == "● met  ◐ partly  ○ missed  ◌ today, not yet  (blank) not planned"


# --- plan versions ------------------------------------------------------------------


def test_plan_change_mid_window(cli: CliCall, db: Database, frozen: Freeze) -> None:
    frozen("2026-11-22 08:30")
    seed(db, [k2("2026-11-01"), k2("2026-11-11", 360.0)], daily_k2("2026-11-01", "2026-11-21"))
    found = item(cli, "--from", "2026-11-01", "--to", "2026-11-20")
    assert (found["met"], found["due"], found["adherence_pct"]) == (10, 20, 50.0)
    assert found["target"] == {"amount": 360.0, "unit": "mcg", "per": "day", "times": None}
    assert (found["current_streak"], found["longest_streak"]) == (0, 10)
    before = item(cli, "--from", "2026-11-01", "--to", "2026-11-10")
    assert before["target"] == {"amount": 180.0, "unit": "mcg", "per": "day", "times": None}


def test_stopped_plan(cli: CliCall, db: Database, frozen: Freeze) -> None:
    frozen("2026-11-22 08:30")
    seed(
        db,
        [k2("2026-11-01"), k2("2026-11-11", None, active=False), k2("2026-11-16")],
        daily_k2("2026-11-01", "2026-11-10") + daily_k2("2026-11-16", "2026-11-21"),
    )
    found = item(cli, "--from", "2026-11-01")
    # Nov 11-15 not due: they neither count nor break the streak.
    assert (found["met"], found["due"], found["current_streak"], found["longest_streak"]) == (
        16, 16, 16, 16,
    )  # fmt: skip
    ok(cli, "plan", "stop", "k2", "--from", "2026-11-20")
    found = item(cli, "--from", "2026-11-01")
    assert (found["met"], found["due"], found["stopped"]) == (14, 14, True)
    assert report(cli, "--from", "2026-11-21")["items"] == []


def test_weekly_iso_weeks_across_the_year_end(cli: CliCall, db: Database, frozen: Freeze) -> None:
    frozen("2027-01-06 12:00")  # Wednesday of ISO week 1 of 2027
    plan = PlanVersion("exercise", "strength", None, "week", 2, None, D("2026-12-14"))
    sessions = ["2026-12-15", "2026-12-18", "2026-12-22", "2026-12-30", "2027-01-02", "2027-01-05"]
    entries = [entry("exercise", 40.0, f"{day} 17:00", type_="strength") for day in sessions]
    entries.append(entry("exercise", 30.0, "2026-12-23 17:00", type_="balance"))  # other type
    seed(db, [plan], entries)
    found = item(cli, "--from", "2026-12-14")
    assert {k: found[k] for k in ("current_streak", "longest_streak", "met", "due", "average",
                                  "score", "adherence_pct", "streak_unit")} == {
        "current_streak": 1,  # week 53 (Dec 28 - Jan 3) met; this week is not over
        "longest_streak": 1,
        "met": 2,
        "due": 3,
        "average": 1.7,
        "score": 33.9,
        "adherence_pct": 66.7,
        "streak_unit": "week",
    }  # fmt: skip
    assert found["target"] == {"amount": None, "unit": "min", "per": "week", "times": 2}
    ok(cli, "log", "exercise", "45min", "--type", "strength", "--at", "09:00")
    found = item(cli, "--from", "2026-12-14")
    assert (found["current_streak"], found["met"], found["due"]) == (2, 3, 4)


# --- calendar edge cases ----------------------------------------------------------------


def test_leap_day(cli: CliCall, db: Database, frozen: Freeze) -> None:
    frozen("2028-03-01 09:00")
    seed(db, [k2("2028-02-27")], daily_k2("2028-02-27", "2028-02-29"))
    found = item(cli, "--from", "2028-02-01")
    assert (found["from"], found["met"], found["due"], found["current_streak"]) == (
        "2028-02-27", 3, 3, 3,
    )  # fmt: skip
    lines = ok(cli, "report", "--from", "2028-02-01").splitlines()
    assert lines[0] == ("Adherence 2028-02-27 to 2028-03-01 (4 days; from your first plan)")
    start = lines.index("K2: 2028-02-21 to 2028-03-01")
    rows = lines[start + 2 : start + 9]

    def cell(row: str, column: int) -> str:
        return row[4 + 2 * column] if len(row) > 4 + 2 * column else " "

    # Column 1 is the week of Monday 2028-02-28: Feb 28 met, Tuesday Feb 29 met, Mar 1 today.
    assert [cell(row, 1) for row in rows] == ["●", "●", "◌", " ", " ", " ", " "]
    assert [cell(row, 0) for row in rows] == [" ", " ", " ", " ", " ", " ", "●"]  # Sun Feb 27


def test_dst_changes_count_local_days(cli: CliCall, db: Database, frozen: Freeze) -> None:
    frozen("2026-03-31 12:00")
    # Amsterdam springs forward on Sunday 2026-03-29: 23:30 local is 21:30 UTC that day
    # but 22:30 UTC the day before; each counts on its own local day.
    seed(db, [k2("2026-03-27")], daily_k2("2026-03-27", "2026-03-30", at="23:30"))
    found = item(cli, "--from", "2026-03-27", "--to", "2026-03-30")
    assert (found["met"], found["due"], found["longest_streak"]) == (4, 4, 4)
    assert found["usual_times"] == [{"median": "23:30", "spread_min": 0, "entries": 4}]


def test_split_doses_and_usual_times_per_dose(cli: CliCall, db: Database, frozen: Freeze) -> None:
    frozen("2026-11-22 21:00")
    calcium = PlanVersion("calcium", None, 1200.0, "day", None, "carbonate", D("2026-11-16"))
    entries: list[NewEntry] = []
    for day in range(16, 23):
        entries += [entry("calcium", 500.0, f"2026-11-{day} 08:00"),
                    entry("calcium", 500.0, f"2026-11-{day} 13:00")]  # fmt: skip
        if day % 2 == 0:
            entries.append(entry("calcium", 200.0, f"2026-11-{day} 19:00"))
    seed(db, [calcium], entries)
    found = item(cli, "--days", "7")
    assert (found["met"], found["due"], found["average"]) == (4, 7, 1114.3)
    assert found["usual_times"] == [
        {"median": "08:00", "spread_min": 0, "entries": 7},
        {"median": "13:00", "spread_min": 0, "entries": 7},
        {"median": "19:00", "spread_min": 0, "entries": 4},
    ]


def test_report_lists_the_windows_warnings(cli: CliCall, db: Database, frozen: Freeze) -> None:
    frozen("2026-11-22 21:00")
    seed(db, [PlanVersion("calcium", None, 1200.0, "day", None, None, D("2026-11-01"))],
         [entry("calcium", 2100.0, "2026-11-20 08:00")])  # fmt: skip
    codes = [w["code"] for w in report(cli)["warnings"]]  # type: ignore[index, union-attr]
    assert codes == ["calcium-dose", "calcium-ul"]


def test_report_stays_light(tmp_path: Path, frozen: Freeze) -> None:
    frozen("2026-11-22 08:30")
    db = str(tmp_path / "x.db")
    loaded(["--db", db, "plan", "set", "k2", "180mcg"], tmp_path)
    modules = loaded(["--db", db, "report", "--json"], tmp_path, expect='"items"')
    assert "sqlalchemy.orm" not in modules  # Core aggregates, no ORM objects
    assert "alembic" not in top(modules)
