"""`bonetrack catch-up`: past days with planned doses not logged, asked item by item."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.conftest import CliCall, Freeze, dump


@pytest.fixture(autouse=True)
def _clock(frozen: Freeze) -> None:
    frozen("2026-11-22 10:00")  # a Sunday


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bonetrack.cli.confirm.stdin_is_terminal", lambda: True)


def ok(cli: CliCall, *args: str, input: str | None = None) -> str:
    result = cli(*args, input=input)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def logged(db_path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(
            "SELECT kind, amount, form, local_date, source FROM intakes ORDER BY taken_at"
        ).fetchall()


@pytest.fixture
def plans(cli: CliCall) -> None:
    ok(cli, "plan", "set", "k2", "180mcg", "--form", "mk7", "--from", "2026-11-18")
    ok(cli, "plan", "set", "calcium", "1000mg", "--from", "2026-11-18")  # 2 doses of 500 mg
    ok(cli, "plan", "set", "exercise", "--type", "strength", "--times", "2")  # weekly: not asked
    # Usual times: K2 at 08:00, calcium at 07:30 and 19:00.
    ok(cli, "log", "k2", "--at", "2026-11-18 08:00")
    ok(cli, "log", "calcium", "--at", "2026-11-18 07:30")
    ok(cli, "log", "calcium", "--at", "2026-11-18 19:00")
    ok(cli, "log", "k2", "--at", "2026-11-20 08:10")
    ok(cli, "log", "calcium", "--at", "2026-11-21 07:20")


@pytest.mark.usefixtures("plans", "terminal")
def test_walks_each_unmet_day_item_by_item(cli: CliCall, db_path: Path) -> None:
    result = cli("catch-up", "--days", "4", input="y\nn\nwhat\ns\ny\nn\n")
    assert result.exit_code == 0, result.stderr
    # (the test runner echoes the answers to stdout; a terminal shows them after each question)
    assert result.stdout.endswith("Caught up: 2 logged, 2 not taken, 1 skipped.\n")
    assert result.stderr.startswith(
        "5 planned item-days from 2026-11-18 to 2026-11-21 are not complete.\n"
    )
    questions = [
        "Thu 2026-11-19: K2. Did you take 180 µg? [y/n/s/q]:",
        "Thu 2026-11-19: Calcium. Did you take 2 doses of 500 mg? [y/n/s/q]:",
        "Fri 2026-11-20: Calcium. Did you take 2 doses of 500 mg? [y/n/s/q]:",
        "Please answer y: taken (log it), n: not taken, s: skip (not sure), q: stop.",
        "Sat 2026-11-21: K2. Did you take 180 µg? [y/n/s/q]:",
        "Sat 2026-11-21: Calcium (1 logged). Did you take 500 mg? [y/n/s/q]:",
    ]
    for question in questions:
        assert question in result.stderr
    # 08:05: the median of the K2 doses logged (08:00, 08:10)
    assert "  Logged #6 2026-11-19 08:05 K2 (MK-7) 180 µg." in result.stderr
    assert "  Logged #7 2026-11-21 08:05 K2 (MK-7) 180 µg." in result.stderr
    assert "Fri 2026-11-20: K2" not in result.stderr  # met
    assert "Sun 2026-11-22" not in result.stderr  # today is not over
    assert [row for row in logged(db_path) if row[-1] == "catch-up"] == [
        ("k2", 180.0, "mk7", "2026-11-19", "catch-up"),
        ("k2", 180.0, "mk7", "2026-11-21", "catch-up"),
    ]


@pytest.mark.usefixtures("plans", "terminal")
def test_a_yes_logs_the_missing_doses_at_their_usual_times(cli: CliCall, db_path: Path) -> None:
    result = cli("catch-up", "--days", "4", input="n\ny\n" + "q\n")
    assert result.exit_code == 0, result.stderr
    # 07:25: the median of the morning doses (07:30, 07:20); 19:00 the evening one's.
    assert "  Logged #6 2026-11-19 07:25 Calcium 500 mg." in result.stderr
    assert "  Logged #7 2026-11-19 19:00 Calcium 500 mg." in result.stderr
    assert result.stdout.endswith("Caught up: 1 logged, 1 not taken, 0 skipped.\n")
    # Each dose logged is a change `undo` takes back.
    assert ok(cli, "undo", "--yes").startswith("Undone (bonetrack catch-up --days 4): removed")


@pytest.mark.usefixtures("terminal")
def test_nothing_to_catch_up(cli: CliCall) -> None:
    ok(cli, "plan", "set", "k2", "180mcg", "--from", "2026-11-21")
    ok(cli, "log", "k2", "--at", "2026-11-21 08:00")
    assert ok(cli, "catch-up") == (
        "Nothing to catch up: every planned dose from 2026-11-15 to 2026-11-21 is logged.\n"
    )


@pytest.mark.usefixtures("terminal")
def test_k2_on_a_vitamin_k_antagonist_is_never_asked(cli: CliCall) -> None:
    ok(cli, "profile", "set", "--anticoagulant", "warfarin", "--since", "2026-11-01")
    ok(cli, "plan", "set", "k2", "180mcg", "--from", "2026-11-01", "--yes")
    assert ok(cli, "catch-up") == (
        "Nothing to catch up: every planned dose from 2026-11-15 to 2026-11-21 is logged.\n"
    )


@pytest.mark.usefixtures("plans")
def test_without_a_terminal_it_is_a_clear_error(cli: CliCall, db_path: Path) -> None:
    before = dump(db_path)
    result = cli("catch-up", input="y\n")
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "Error: catch-up asks about each missed dose, so it needs a terminal; without one, log "
        "a dose with `bonetrack log KIND --at DATE`.\n",
    )
    assert dump(db_path) == before
