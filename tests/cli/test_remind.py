"""`bonetrack remind`, the calendar file, `bonetrack config` and `current_reminders`."""

from __future__ import annotations

import json
import stat
from datetime import date
from pathlib import Path

from icalendar import Calendar

from bonetrack.store.engine import Database
from bonetrack.store.reminders import current_reminders
from tests.conftest import CliCall, Freeze

SCAN_BASIS = (
    "(default: scans are typically repeated every 1-2 years; Choosing Wisely: routinely not "
    "more often than every 2 years)"
)
CHECKIN_BASIS = (
    "(bonetrack's default, from its seed sources' quarterly check-ins with the clinician)"
)
ASK = "record bone pain, falls or mobility changes (`bonetrack event add pain|fall|mobility`)"


def ok(cli: CliCall, *args: str) -> str:
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def test_nothing_recorded_yet(cli: CliCall, frozen: Freeze) -> None:
    frozen("2026-11-22 08:30")
    assert json.loads(ok(cli, "remind", "--json")) == [
        {
            "kind": "scan",
            "due": "2026-11-22",
            "overdue": False,
            "days": 0,
            "message": "No DEXA scan recorded yet: record your last one with `bonetrack scan "
            "add --date DATE --site SITE --bmd G_CM2` to know when the next is due. Interval: "
            f"2 years {SCAN_BASIS}.",
            "rule": f"no scan recorded yet, so due now; interval 2 years {SCAN_BASIS}",
        },
        {
            "kind": "checkin",
            "due": "2026-11-22",
            "overdue": False,
            "days": 0,
            "message": "No clinician check-in recorded yet: record your last visit with "
            "`bonetrack event add checkin --at DATE`. Interval: 3 months "
            f"{CHECKIN_BASIS}.",
            "rule": f"no check-in recorded yet, so due now; interval 3 months {CHECKIN_BASIS}",
        },
        {
            "kind": "symptoms",
            "due": "2026-11-22",
            "overdue": False,
            "days": 0,
            "message": f"Symptom check-in due today (2026-11-22): {ASK}; nothing recorded yet "
            "(a record every month).",
            "rule": "nothing recorded yet, so due now (a record every month)",
        },
    ]


def test_overdue_and_due_soon(cli: CliCall, frozen: Freeze) -> None:
    frozen("2026-11-22 08:30")
    ok(cli, "scan", "add", "--date", "2024-11-10", "--site", "spine", "--bmd", "0.8")
    ok(cli, "event", "add", "checkin", "--at", "2026-09-01 10:00")
    ok(cli, "event", "add", "mobility", "--at", "2026-10-30 10:00")
    assert json.loads(ok(cli, "remind", "--json")) == [
        {
            "kind": "scan",
            "due": "2026-11-10",
            "overdue": True,
            "days": -12,
            "message": "DEXA scan overdue by 12 days (due 2026-11-10): last scan 2024-11-10 + "
            f"2 years {SCAN_BASIS}.",
            "rule": f"last scan 2024-11-10 + 2 years {SCAN_BASIS}",
        },
        {
            "kind": "symptoms",
            "due": "2026-11-30",
            "overdue": False,
            "days": 8,
            "message": f"Symptom check-in due in 8 days (2026-11-30): {ASK}; last record "
            "2026-10-30 + 1 month (a record every month).",
            "rule": "last record 2026-10-30 + 1 month (a record every month)",
        },
        {
            "kind": "checkin",
            "due": "2026-12-01",
            "overdue": False,
            "days": 9,
            "message": "Clinician check-in due in 9 days (2026-12-01): last check-in 2026-09-01 "
            f"+ 3 months {CHECKIN_BASIS}.",
            "rule": f"last check-in 2026-09-01 + 3 months {CHECKIN_BASIS}",
        },
    ]
    table = ok(cli, "remind").splitlines()
    assert table[:2] == [
        "Reminders: overdue or due in the next 30 days",
        "Status           What                Due         Details",
    ]
    assert table[2].startswith("overdue 12 days  DEXA scan           2026-11-10  DEXA scan overdue")
    assert [line[:35].rstrip() for line in table if line.startswith("in ")] == [
        "in 8 days        Symptom record",
        "in 9 days        Clinician check-in",
    ]


def test_scan_on_31_january_with_a_one_month_interval(cli: CliCall, frozen: Freeze) -> None:
    frozen("2026-02-20 09:00")
    assert ok(cli, "config", "set", "scan-interval", "1m") == (
        "scan-interval: 1 month (your setting). See `bonetrack remind`.\n"
    )
    ok(cli, "scan", "add", "--date", "2026-01-31", "--site", "hip", "--bmd", "0.8")
    reminders = json.loads(ok(cli, "remind", "--json"))
    assert [r["kind"] for r in reminders] == ["checkin", "symptoms", "scan"]  # soonest first
    scan = reminders[2]
    assert scan == {
        "kind": "scan",
        "due": "2026-02-28",
        "overdue": False,
        "days": 8,
        "message": "DEXA scan due in 8 days (2026-02-28): last scan 2026-01-31 + 1 month "
        "(your scan-interval setting).",
        "rule": "last scan 2026-01-31 + 1 month (your scan-interval setting)",
    }


def test_a_note_on_any_event_counts_as_the_symptom_record(cli: CliCall, frozen: Freeze) -> None:
    frozen("2026-12-15 09:00")
    ok(cli, "scan", "add", "--date", "2026-06-01", "--site", "hip", "--bmd", "0.8")
    ok(cli, "event", "add", "checkin", "--at", "2026-12-01 10:00")
    ok(cli, "event", "add", "fall", "--at", "2026-12-14 10:00")  # no note: does not count
    assert [r["kind"] for r in json.loads(ok(cli, "remind", "--json"))] == ["symptoms"]
    ok(cli, "event", "add", "fall", "--at", "2026-12-15 08:00", "--note", "knee stiff since")
    assert json.loads(ok(cli, "remind", "--json")) == []  # next: 2027-01-15, in 31 days
    assert ok(cli, "remind") == (
        "Nothing due in the next 30 days. Next:\n"
        f"  Symptom check-in due in 31 days (2027-01-15): {ASK}; last record 2026-12-15 + 1 month "
        "(a record every month).\n"
        "  Clinician check-in due in 76 days (2027-03-01): last check-in 2026-12-01 + 3 months "
        f"{CHECKIN_BASIS}.\n"
        f"  DEXA scan due in 534 days (2028-06-01): last scan 2026-06-01 + 2 years {SCAN_BASIS}.\n"
    )


def test_current_reminders_for_the_report(cli: CliCall, db: Database, frozen: Freeze) -> None:
    frozen("2026-11-22 08:30")
    ok(cli, "scan", "add", "--date", "2024-11-10", "--site", "spine", "--bmd", "0.8")
    ok(cli, "event", "add", "checkin", "--at", "2026-11-01 10:00")
    ok(cli, "event", "add", "pain", "--at", "2026-11-01 10:00")
    found = current_reminders(db, date(2026, 11, 22))
    assert [r.to_json() | {"message": "", "rule": ""} for r in found] == [
        {"kind": "scan", "due": "2026-11-10", "overdue": True, "days": -12, "message": "",
         "rule": ""},
        {"kind": "symptoms", "due": "2026-12-01", "overdue": False, "days": 9, "message": "",
         "rule": ""},
    ]  # fmt: skip


def test_ics_file_is_private_parses_and_keeps_uids(
    cli: CliCall, frozen: Freeze, tmp_path: Path
) -> None:
    frozen("2026-11-22 08:30")
    ok(cli, "scan", "add", "--date", "2024-11-10", "--site", "spine", "--bmd", "0.8")
    target = tmp_path / "bone.ics"
    result = cli("remind", "--ics", str(target))
    assert result.exit_code == 0
    assert result.stderr == (
        f"Wrote 3 reminders to {target}: import it into your calendar app; importing a newer "
        "file updates the same entries.\n"
    )
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    first = Calendar.from_ical(target.read_bytes())
    events = list(first.walk("VEVENT"))
    assert [(str(e["summary"]), e.decoded("dtstart")) for e in events] == [
        ("DEXA scan due (overdue since 2026-11-10)", date(2026, 11, 22)),
        ("Clinician check-in due", date(2026, 11, 22)),
        ("Record bone pain, falls or mobility changes", date(2026, 11, 22)),
    ]
    uids = [str(e["uid"]) for e in events]
    ok(cli, "event", "add", "checkin")
    frozen("2026-11-23 08:30")
    ok(cli, "remind", "--ics", str(target))
    again = list(Calendar.from_ical(target.read_bytes()).walk("VEVENT"))
    assert [str(e["uid"]) for e in again] == uids
    assert again[1].decoded("dtstart") == date(2027, 2, 22)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_ics_to_a_missing_folder(cli: CliCall, frozen: Freeze, tmp_path: Path) -> None:
    frozen("2026-11-22 08:30")
    target = tmp_path / "nope" / "bone.ics"
    result = cli("remind", "--ics", str(target))
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: cannot write {target}: the folder {target.parent} does not exist.\n"
    )
    assert not target.parent.exists()


def test_ics_to_stdout(cli: CliCall, frozen: Freeze) -> None:
    frozen("2026-11-22 08:30")
    result = cli("remind", "--ics", "-")
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert len(list(Calendar.from_ical(result.stdout_bytes).walk("VEVENT"))) == 3


def test_config(cli: CliCall, frozen: Freeze) -> None:
    frozen("2026-11-22 08:30")
    assert ok(cli, "config", "show") == (
        "scan-interval: 2 years (default)\ncheckin-interval: 3 months (default)\n"
        "date-order: not set: slash dates are read only when they have one reading (set it "
        "with `bonetrack config set date-order dmy|mdy|ymd`)\n"
    )
    ok(cli, "config", "set", "checkin-interval", "6 months")
    assert json.loads(ok(cli, "config", "get", "checkin-interval", "--json")) == {
        "name": "checkin-interval",
        "key": "config.checkin_interval",
        "value": "6m",
        "months": 6,
        "text": "6 months",
        "source": "setting",
    }
    ok(cli, "config", "set", "checkin-interval", "default")
    assert ok(cli, "config", "get", "checkin-interval") == "checkin-interval: 3 months (default)\n"


def test_bad_config_values(cli: CliCall, frozen: Freeze) -> None:
    frozen("2026-11-22 08:30")
    for args, message in [
        (
            ("scan-interval", "2"),
            "Error: the interval '2' needs a unit: 2y for years or 2m for months.\n",
        ),
        (
            ("scan-interval", "20y"),
            "Error: scan-interval '20y' is out of range: it must be between 1 month and "
            "15 years.\n",
        ),
        (
            ("scan-intervall", "2y"),
            "Error: unknown setting 'scan-intervall'. Did you mean 'scan-interval'? Settings: "
            "scan-interval, checkin-interval, date-order.\n",
        ),
    ]:
        result = cli("config", "set", *args)
        assert result.exit_code == 2
        assert result.stderr == message
    assert ok(cli, "config", "get", "scan-interval") == "scan-interval: 2 years (default)\n"
