"""Everything that is coming up: `remind --all`, `--within`, the next scan in `scan list` and
the report, and calendar sequence numbers that grow only when an event changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.conftest import CliCall, Freeze, dump

SCAN_BASIS = (
    "(default: scans are typically repeated every 1-2 years; Choosing Wisely: routinely not "
    "more often than every 2 years)"
)
CHECKIN_BASIS = (
    "(bonetrack's default, from its seed sources' quarterly check-ins with the clinician)"
)


@pytest.fixture(autouse=True)
def _history(cli: CliCall, frozen: Freeze) -> None:
    frozen("2026-11-22 08:30")
    for args in (
        ("scan", "add", "--date", "2025-03-14", "--site", "spine", "--bmd", "0.812",
         "--t-score", "-1.8"),
        ("event", "add", "checkin", "--at", "2026-10-01 10:00"),
        ("event", "add", "pain", "--at", "2026-11-10 10:00", "--note", "lower back"),
    ):  # fmt: skip
        result = cli(*args)
        assert result.exit_code == 0, result.stderr


def ok(cli: CliCall, *args: str) -> str:
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_remind_alone_lists_the_next_30_days(cli: CliCall) -> None:
    assert [r["kind"] for r in json.loads(ok(cli, "remind", "--json"))] == ["symptoms"]
    assert ok(cli, "remind").splitlines()[:3] == [
        "Reminders: overdue or due in the next 30 days",
        "Status      What            Due         Details",
        "in 18 days  Symptom record  2026-12-10  Symptom check-in due in 18 days (2026-12-10): "
        "record bone pain, falls or",
    ]


def test_remind_all_lists_every_reminder_with_its_rule(cli: CliCall) -> None:
    data = json.loads(ok(cli, "remind", "--all", "--json"))
    assert [(r["kind"], r["due"], r["days"], r["rule"]) for r in data] == [
        ("symptoms", "2026-12-10", 18, "last record 2026-11-10 + 1 month (a record every month)"),
        ("checkin", "2027-01-01", 40, f"last check-in 2026-10-01 + 3 months {CHECKIN_BASIS}"),
        ("scan", "2027-03-14", 112, f"last scan 2025-03-14 + 2 years {SCAN_BASIS}"),
    ]
    lines = ok(cli, "remind", "--all").splitlines()
    assert lines[:3] == [
        "All reminders",
        "Status       What                Due         Rule",
        "in 18 days   Symptom record      2026-12-10  last record 2026-11-10 + 1 month (a record "
        "every month)",
    ]
    assert lines[5] == (
        "in 112 days  DEXA scan           2027-03-14  last scan 2025-03-14 + 2 years (default: "
        "scans are typically repeated every"
    )


@pytest.mark.parametrize(
    ("span", "kinds", "title"),
    [
        ("45d", ["symptoms", "checkin"], "Reminders: overdue or due in the next 45 days"),
        ("3w", ["symptoms"], "Reminders: overdue or due in the next 3 weeks"),
        ("6m", ["symptoms", "checkin", "scan"], "Reminders: overdue or due in the next 6 months"),
        ("1 y", ["symptoms", "checkin", "scan"], "Reminders: overdue or due in the next 1 year"),
    ],
)
def test_remind_within(cli: CliCall, span: str, kinds: list[str], title: str) -> None:
    assert [r["kind"] for r in json.loads(ok(cli, "remind", "--within", span, "--json"))] == kinds
    assert ok(cli, "remind", "--within", span).splitlines()[0] == title


def test_within_ends_on_the_same_day_of_the_month(cli: CliCall) -> None:
    # 2026-11-22 + 112 days = 2027-03-14 = 2026-11-22 + 3 months and 20 days
    assert [r["kind"] for r in json.loads(ok(cli, "remind", "--within", "3m", "--json"))] == [
        "symptoms",
        "checkin",
    ]
    assert "Nothing due in the next 2 weeks. Next:" in ok(cli, "remind", "--within", "2w")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--all", "--within", "6m"), "give --all or --within, not both."),
        (("--within", "soon"), "cannot read --within 'soon': use days, weeks, months or years, "
                               "e.g. 45d, 8w, 6m, 1y."),
        (("--within", "0d"), "--within '0d' must be at least a day."),
        (("--within", "21y"), "--within '21y' is too far ahead: at most 20 years (or --all)."),
    ],
)  # fmt: skip
def test_bad_spans(cli: CliCall, db_path: Path, args: tuple[str, ...], message: str) -> None:
    before = dump(db_path)
    result = cli("remind", *args)
    assert (result.exit_code, result.stderr) == (2, f"Error: {message}\n")
    assert dump(db_path) == before


def test_scan_list_and_the_report_say_when_the_next_scan_is_due(cli: CliCall) -> None:
    listed = " ".join(ok(cli, "scan", "list").split())
    assert listed.endswith(
        f"Next: DEXA scan due in 112 days (2027-03-14): last scan 2025-03-14 + 2 years "
        f"{SCAN_BASIS}."
    )
    report = " ".join(ok(cli, "report").split())
    assert (
        f"- Next: DEXA scan due in 112 days (2027-03-14): last scan 2025-03-14 + 2 years "
        f"{SCAN_BASIS}." in report
    )
    data = json.loads(ok(cli, "report", "--json"))
    assert data["next_scan"] == {
        "kind": "scan",
        "due": "2027-03-14",
        "overdue": False,
        "days": 112,
        "message": f"DEXA scan due in 112 days (2027-03-14): last scan 2025-03-14 + 2 years "
        f"{SCAN_BASIS}.",
        "rule": f"last scan 2025-03-14 + 2 years {SCAN_BASIS}",
    }
    assert [r["kind"] for r in data["reminders"]] == ["symptoms"]  # within 30 days


def _sequences(path: Path) -> dict[str, int]:
    calendar = Calendar.from_ical(path.read_bytes())
    return {str(e["uid"]).split("-")[0]: int(e["sequence"]) for e in calendar.walk("VEVENT")}


def test_calendar_sequences_grow_only_when_an_event_changes(
    cli: CliCall, frozen: Freeze, tmp_path: Path
) -> None:
    target = tmp_path / "bone.ics"
    ok(cli, "remind", "--ics", str(target))
    assert _sequences(target) == {"scan": 0, "checkin": 0, "symptoms": 0}
    frozen("2026-11-29 08:30")  # a week later, nothing new recorded
    ok(cli, "remind", "--ics", str(target))
    assert _sequences(target) == {"scan": 0, "checkin": 0, "symptoms": 0}
    ok(cli, "event", "add", "checkin", "--at", "2026-11-28 10:00")
    ok(cli, "remind", "--ics", str(target))
    assert _sequences(target) == {"scan": 0, "checkin": 1, "symptoms": 0}
    ok(cli, "remind", "--ics", "-")  # to stdout: the same versions
    ok(cli, "remind", "--ics", str(target))
    assert _sequences(target) == {"scan": 0, "checkin": 1, "symptoms": 0}
