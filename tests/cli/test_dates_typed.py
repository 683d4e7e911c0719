"""Dates as people type them: one grammar for every date option, slash dates in the user's
date order (a setting, else the locale), words for times of day."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bonetrack.cli import dates
from tests.conftest import CliCall, Freeze, dump


@pytest.fixture(autouse=True)
def _clock(frozen: Freeze) -> None:
    frozen("2026-11-22 08:31")  # a Sunday


@pytest.fixture(autouse=True)
def _no_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    # The test machines have only the C locale; tests that need one say which.
    monkeypatch.setattr(dates, "locale_date_order", lambda: (None, None))


def logged_at(cli: CliCall, *args: str) -> str:
    result = cli("log", "k2", "180mcg", *args, "--json")
    assert result.exit_code == 0, result.stderr
    return str(json.loads(result.stdout)["local_time"])


AMBIGUOUS = (
    "Error: '01/11/2026' could be 1 November 2026 (day first) or 11 January 2026 (month first): "
    "write 2026-11-01 or 2026-01-11, or set your date order once with "
    "`bonetrack config set date-order dmy` (or mdy).\n"
)


def test_an_ambiguous_slash_date_is_refused_and_creates_nothing(
    cli: CliCall, db_path: Path
) -> None:
    result = cli("log", "k2", "180mcg", "--at", "01/11/2026")
    assert (result.exit_code, result.stderr) == (2, AMBIGUOUS)
    assert not db_path.exists()  # not even an empty database
    cli("log", "k2", "180mcg", "--at", "7:00")
    before = dump(db_path)
    for args in (
        ("log", "k2", "180mcg", "--at", "01/11/2026"),
        ("entries", "--from", "01/11/2026"),
        ("plan", "set", "k2", "180mcg", "--from", "01/11/2026"),
    ):
        result = cli(*args)
        assert (result.exit_code, result.stderr) == (2, AMBIGUOUS)
    assert dump(db_path) == before


def test_the_date_order_setting_reads_slash_dates(cli: CliCall) -> None:
    result = cli("config", "set", "date-order", "dmy")
    assert result.stdout == "date-order: dmy (DD/MM/YYYY) (your setting).\n"
    assert logged_at(cli, "--at", "01/11/2026 8:15") == "2026-11-01T08:15:00+01:00"
    assert logged_at(cli, "--at", "2/11/2026") == "2026-11-02T08:31:00+01:00"
    cli("config", "set", "date-order", "mdy")
    assert logged_at(cli, "--at", "01/11/2026 noon") == "2026-01-11T12:00:00+01:00"
    assert json.loads(cli("config", "get", "date-order", "--json").stdout) == {
        "name": "date-order",
        "key": "config.date_order",
        "value": "mdy",
        "text": "mdy (MM/DD/YYYY)",
        "source": "setting",
        "locale": None,
    }
    result = cli("entries", "--from", "11/20/2026", "--to", "11/21/2026", "--json")
    assert json.loads(result.stdout) == []
    result = cli("entries", "--from", "20/11/2026")
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: '20/11/2026' is not a date in your date order mdy (MM/DD/YYYY); see "
        "`bonetrack config get date-order`.\n",
    )
    cli("config", "set", "date-order", "default")
    assert cli("log", "k2", "180mcg", "--at", "01/11/2026").stderr == AMBIGUOUS


def test_the_locale_gives_the_order_until_a_setting_does(
    cli: CliCall, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dates, "locale_date_order", lambda: ("mdy", "en_US.UTF-8"))
    assert logged_at(cli, "--at", "01/11/2026") == "2026-01-11T08:31:00+01:00"
    assert cli("config", "get", "date-order").stdout == (
        "date-order: mdy (MM/DD/YYYY) (from your locale en_US.UTF-8)\n"
    )
    cli("config", "set", "date-order", "dmy")
    assert logged_at(cli, "--at", "01/11/2026") == "2026-11-01T08:31:00+01:00"
    assert cli("config", "set", "date-order", "default").stdout == (
        "date-order: mdy (MM/DD/YYYY) (from your locale en_US.UTF-8).\n"
    )


def test_a_bad_date_order_is_refused_and_writes_nothing(cli: CliCall, db_path: Path) -> None:
    cli("config", "set", "date-order", "dmy")
    before = dump(db_path)
    result = cli("config", "set", "date-order", "dd/mm/yyyy")
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: unknown date order 'dd/mm/yyyy': use dmy (20/11/2026), mdy (11/20/2026) or "
        "ymd (2026/11/20), or default.\n",
    )
    assert dump(db_path) == before


def test_words_for_times_and_weekdays_in_log(cli: CliCall) -> None:
    assert logged_at(cli, "--at", "this morning") == "2026-11-22T08:00:00+01:00"
    assert logged_at(cli, "--at", "last night") == "2026-11-21T21:00:00+01:00"
    assert logged_at(cli, "--at", "monday 8am") == "2026-11-16T08:00:00+01:00"
    assert logged_at(cli, "--at", "last monday") == "2026-11-16T08:31:00+01:00"
    assert logged_at(cli, "--at", "friday noon") == "2026-11-20T12:00:00+01:00"
    # a bare weekday is the most recent one, never the next: today is Sunday
    assert logged_at(cli, "--at", "sunday") == "2026-11-22T08:31:00+01:00"
    assert logged_at(cli, "--at", "sunday 10am") == "2026-11-15T10:00:00+01:00"
    result = cli("log", "k2", "180mcg", "--at", "noon")
    assert result.stderr == (
        "Error: 'noon' (2026-11-22 12:00) is in the future; log what has already happened.\n"
    )


def test_every_date_option_takes_the_same_days(cli: CliCall) -> None:
    result = cli("plan", "set", "k2", "180mcg", "--from", "last monday")
    assert result.stdout.startswith("Plan set: K2 180 µg a day from 2026-11-16.")
    cli("log", "k2", "180mcg", "--at", "friday 8am")
    entries = json.loads(cli("entries", "--from", "friday", "--to", "saturday", "--json").stdout)
    assert [e["local_date"] for e in entries] == ["2026-11-20"]
    report = json.loads(cli("report", "--from", "last sunday", "--to", "friday", "--json").stdout)
    # "last sunday" is Nov 15; the report starts at the plan's first day, and says so
    assert (report["asked_from"], report["from"], report["to"]) == (
        "2026-11-15",
        "2026-11-16",
        "2026-11-20",
    )
    result = cli("scan", "add", "--date", "nov 2", "--site", "spine", "--bmd", "0.8", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(cli("scan", "list", "--json").stdout)[0]["date"] == "2026-11-02"
    event = json.loads(cli("event", "add", "fall", "--at", "last night", "--json").stdout)
    assert event["at"] == "2026-11-21T21:00:00+01:00"
    events = json.loads(cli("event", "list", "--from", "saturday", "--json").stdout)
    assert [e["id"] for e in events] == [event["id"]]


@pytest.mark.parametrize(
    "args",
    [
        ("plan", "set", "k2", "180mcg", "--from", "monday 8am"),
        ("entries", "--from", "monday 8am"),
        ("report", "--from", "monday 8am"),
        ("scan", "add", "--date", "monday 8am", "--site", "spine", "--bmd", "0.8"),
    ],
)
def test_a_day_option_says_it_takes_no_time_of_day(cli: CliCall, args: tuple[str, ...]) -> None:
    option = args[args.index("monday 8am") - 1]
    result = cli(*args)
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {option} takes a day without a time of day, not 'monday 8am'.\n",
    )


def test_log_help_lists_what_is_understood(cli: CliCall) -> None:
    text = " ".join(cli("log", "--help").stdout.split())
    for form in ("'this morning'", "'last night'", "noon", "'monday 8am'", "'last monday'",
                 "20/11/2026", "date-order"):  # fmt: skip
        assert form in text
