"""`bonetrack log KIND` without an amount logs the planned dose."""

import json
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import CliCall, Freeze


@pytest.fixture(autouse=True)
def _clock(frozen: Freeze) -> None:
    frozen("2026-11-22 08:31")


def test_planned_k2_dose_and_form(cli: CliCall) -> None:
    assert (
        cli("plan", "set", "k2", "180mcg", "--form", "mk7", "--from", "2026-11-01").exit_code == 0
    )
    result = cli("log", "k2")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Logged K2 (MK-7) 180 µg at 2026-11-22 08:31. Today: 180 µg.\n"


def test_plan_in_force_on_the_day_logged(cli: CliCall) -> None:
    cli("plan", "set", "calcium", "500mg", "--from", "2026-11-01")
    cli("plan", "set", "calcium", "400mg", "--from", "2026-11-22")
    yesterday = json.loads(cli("log", "ca", "--at", "yesterday", "--json").stdout)
    today = json.loads(cli("log", "ca", "--json").stdout)
    assert (yesterday["amount"], today["amount"]) == (500.0, 400.0)


def test_planned_exercise_session_keeps_the_plan_type(cli: CliCall) -> None:
    cli("plan", "set", "exercise", "60min", "--per", "week", "--times", "2", "--type", "strength")
    entry = json.loads(cli("log", "exercise", "--json").stdout)
    assert (entry["amount"], entry["type"]) == (30.0, "strength")


def test_without_a_plan_the_error_says_how(cli: CliCall) -> None:
    result = cli("log", "k2")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: no amount given and no daily plan for k2: give one (bonetrack log k2 180mcg) "
        "or set a plan (bonetrack plan set k2 180mcg).\n"
    )
    sessions_only = cli("plan", "set", "exercise", "--type", "balance", "--times", "3")
    assert sessions_only.exit_code == 0
    assert cli("log", "exercise").stderr == (
        "Error: give the minutes of exercise, e.g. bonetrack log exercise 30min.\n"
    )


def test_suggested_calcium_plan_logs_doses_of_at_most_500_mg(cli: CliCall) -> None:
    assert cli("plan", "suggest", "--apply").exit_code == 0
    result = cli("log", "calcium")
    assert result.stdout == "Logged Calcium 400 mg at 2026-11-22 08:31. Today: 400 mg.\n"
    assert result.stderr == ""  # no per-dose warning: the plan already splits the RDA


def test_changing_the_dose_keeps_the_form(cli: CliCall) -> None:
    cli("plan", "set", "k2", "180mcg", "--form", "mk7", "--from", "2026-11-01")
    assert cli("plan", "set", "k2", "200mcg").exit_code == 0
    assert cli("log", "k2").stdout == (
        "Logged K2 (MK-7) 200 µg at 2026-11-22 08:31. Today: 200 µg.\n"
    )


def test_applying_the_suggestion_twice_stores_it_once(cli: CliCall, db_path: Path) -> None:
    assert cli("profile", "set", "--anticoagulant", "none").exit_code == 0
    assert cli("plan", "suggest", "--apply").exit_code == 0
    assert cli("plan", "suggest", "--apply").exit_code == 0
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM plans").fetchone() == (5,)
