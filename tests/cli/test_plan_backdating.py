"""Plans set for past days when a later version exists: said, shown, asked; history, undo,
delete, merged display, stops that end at a later version."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bonetrack.store.engine import Database
from bonetrack.store.plans import list_plan_versions
from tests.conftest import CliCall, Freeze, dump


@pytest.fixture(autouse=True)
def _clock(frozen: Freeze) -> None:
    frozen("2026-11-22 08:31")


def ok(cli: CliCall, *args: str, input: str | None = None) -> str:
    result = cli(*args, input=input)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def calcium(db: Database) -> list[tuple[str, float | None, int | None]]:
    return [(str(v.valid_from), v.amount, v.times) for v in list_plan_versions(db, "calcium")]


@pytest.fixture
def suggested(cli: CliCall) -> None:
    ok(cli, "profile", "set", "--birth-year", "1960", "--sex", "female", "--anticoagulant", "none")
    ok(cli, "plan", "suggest", "--apply")


LATER = "Calcium already has a later version: from 2026-11-22: 1200 mg in 3 doses a day"


@pytest.mark.usefixtures("suggested")
def test_backdating_below_a_later_version_is_refused_without_a_choice(
    cli: CliCall, db_path: Path
) -> None:
    before = dump(db_path)
    refused = cli("plan", "set", "calcium", "800mg", "--times", "2", "--from", "2026-11-09")
    assert (refused.exit_code, refused.stdout, refused.stderr) == (
        2,
        "",
        f"Error: {LATER}. Add --replace-later to replace it with this plan, or --keep-later to "
        "keep it (this plan then lasts until the day before it).\n",
    )
    assert dump(db_path) == before


@pytest.mark.usefixtures("suggested")
def test_keep_later_says_until_when(cli: CliCall, db: Database) -> None:
    out = ok(
        cli, "plan", "set", "calcium", "800mg", "--times", "2", "--from", "2026-11-09",
        "--keep-later",
    )  # fmt: skip
    assert out == (
        "Plan set: Calcium 800 mg in 2 doses a day from 2026-11-09 until 2026-11-21 "
        "(then from 2026-11-22: 1200 mg in 3 doses a day).\n"
    )
    assert calcium(db) == [("2026-11-09", 800.0, 2), ("2026-11-22", 1200.0, 3)]


@pytest.mark.usefixtures("suggested")
def test_replace_later_deletes_it_and_undo_brings_it_back(cli: CliCall, db: Database) -> None:
    out = ok(
        cli, "plan", "set", "calcium", "800mg", "--times", "2", "--from", "2026-11-09",
        "--replace-later",
    )  # fmt: skip
    assert out == (
        "Plan set: Calcium 800 mg in 2 doses a day from 2026-11-09. "
        "It replaces the later version from 2026-11-22.\n"
    )
    assert calcium(db) == [("2026-11-09", 800.0, 2)]
    shown = ok(cli, "plan", "show").splitlines()
    assert shown[3].rstrip() == "Calcium             800 mg in 2 doses a day  2026-11-09"
    assert ok(cli, "plan", "undo", "--yes") == (
        "Undone (bonetrack plan set calcium 800mg --times 2 --from 2026-11-09 --replace-later): "
        "removed plan Calcium 800 mg in 2 doses a day from 2026-11-09; "
        "restored plan Calcium 1200 mg in 3 doses a day from 2026-11-22.\n"
    )
    assert calcium(db) == [("2026-11-22", 1200.0, 3)]


@pytest.mark.usefixtures("suggested")
def test_on_a_terminal_it_shows_the_later_version_and_asks(
    cli: CliCall, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bonetrack.cli.confirm.stdin_is_terminal", lambda: True)
    args = ("plan", "set", "calcium", "800mg", "--times", "2", "--from", "2026-11-09")
    kept = cli(*args, input="n\n")
    assert kept.exit_code == 0
    assert kept.stderr.startswith(
        f"{LATER}\nReplace it with this plan? (no: keep it, and this plan lasts until the day "
        "before it) [y/N]:"
    )
    assert kept.stdout.endswith(
        "from 2026-11-09 until 2026-11-21 (then from 2026-11-22: 1200 mg in 3 doses a day).\n"
    )
    ok(cli, "undo", "--yes")
    replaced = cli(*args, input="y\n")
    assert replaced.stdout.endswith("It replaces the later version from 2026-11-22.\n")
    assert calcium(db) == [("2026-11-09", 800.0, 2)]


def test_suggest_apply_from_a_past_day(cli: CliCall, db: Database) -> None:
    ok(cli, "profile", "set", "--birth-year", "1960", "--sex", "female", "--anticoagulant", "none")
    out = ok(cli, "plan", "suggest", "--apply", "--from", "2026-11-09")
    assert out.splitlines()[0] == (
        "Plan set from the evidence, from 2026-11-09 (each line names its source):"
    )
    assert {str(v.valid_from) for v in list_plan_versions(db)} == {"2026-11-09"}
    # The next step now needs no choice: nothing later to override it.
    assert ok(cli, "plan", "set", "calcium", "800mg", "--times", "2", "--from", "2026-11-09") == (
        "Plan set: Calcium 800 mg in 2 doses a day from 2026-11-09 "
        "(was 1200 mg in 3 doses a day).\n"
    )
    refused = cli("plan", "suggest", "--from", "2026-11-09")
    assert (refused.exit_code, refused.stderr) == (
        2,
        "Error: --from is the day an applied plan takes effect: add --apply.\n",
    )


@pytest.mark.usefixtures("suggested")
def test_suggest_apply_from_a_past_day_asks_about_the_later_plan(cli: CliCall) -> None:
    refused = cli("plan", "suggest", "--apply", "--from", "2026-11-09")
    assert refused.exit_code == 2
    assert refused.stderr.startswith("Error: K2 already has a later version: from 2026-11-22: ")
    out = ok(cli, "plan", "suggest", "--apply", "--from", "2026-11-09", "--keep-later")
    assert (
        "K2: from 2026-11-09 until 2026-11-21 (then from 2026-11-22: 180 µg a day (MK-7)).\n" in out
    )


@pytest.mark.usefixtures("suggested")
def test_suggest_apply_from_a_past_day_replacing_the_later_plan_says_so(
    cli: CliCall, db: Database
) -> None:
    # The README tour: the plan applied today, then again from the day she began.
    out = ok(cli, "plan", "suggest", "--apply", "--from", "2026-11-09", "--replace-later")
    assert out.splitlines()[-1] == (
        "It replaces the later versions from 2026-11-22 (K2, Calcium, Vitamin D, "
        "Exercise: strength, Exercise: balance)."
    )
    assert {str(v.valid_from) for v in list_plan_versions(db)} == {"2026-11-09"}


def test_history_lists_every_version_with_its_days(cli: CliCall) -> None:
    ok(cli, "plan", "set", "calcium", "500mg", "--from", "2026-11-01")
    ok(cli, "plan", "set", "calcium", "400mg", "--from", "2026-11-10")
    ok(cli, "plan", "set", "calcium", "450mg", "--from", "2026-11-10")
    ok(cli, "plan", "set", "k2", "180mcg", "--form", "mk7", "--from", "2026-11-05")
    ok(cli, "plan", "stop", "calcium", "--from", "2026-11-20")
    assert ok(cli, "plan", "history") == (
        "K2:\n"
        "  #4 from 2026-11-05: 180 µg a day (MK-7)\n"
        "Calcium:\n"
        "  #1 2026-11-01 to 2026-11-09: 500 mg a day\n"
        "  #2 2026-11-10, never in force: #3 replaced it the same day: 400 mg a day\n"
        "  #3 2026-11-10 to 2026-11-19: 450 mg a day\n"
        "  #5 from 2026-11-20: stopped\n"
    )
    assert ok(cli, "plan", "history", "k2") == "K2:\n  #4 from 2026-11-05: 180 µg a day (MK-7)\n"
    data = json.loads(ok(cli, "plan", "history", "calcium", "--json"))
    assert [(v["id"], v["from"], v["until"], v["in_force"]) for v in data[0]["versions"]] == [
        (1, "2026-11-01", "2026-11-09", True),
        (2, "2026-11-10", None, False),
        (3, "2026-11-10", "2026-11-19", True),
        (5, "2026-11-20", None, True),
    ]
    assert ok(cli, "plan", "history", "exercise") == "No plan for that item yet.\n"


def test_delete_a_version_asks_first_and_undo_restores_it(
    cli: CliCall, db: Database, db_path: Path
) -> None:
    ok(cli, "plan", "set", "calcium", "500mg", "--from", "2026-11-01")
    ok(cli, "plan", "set", "calcium", "400mg", "--from", "2026-11-10")
    before = dump(db_path)
    refused = cli("plan", "delete", "2")
    assert (refused.exit_code, refused.stderr) == (
        2,
        "Error: no terminal to confirm on; add --yes to confirm.\n",
    )
    assert dump(db_path) == before
    assert ok(cli, "plan", "delete", "2", "--yes") == (
        "Deleted #2 Calcium 400 mg a day from 2026-11-10.\n"
    )
    assert calcium(db) == [("2026-11-01", 500.0, None)]
    missing = cli("plan", "delete", "9", "--yes")
    assert (missing.exit_code, missing.stderr) == (
        2,
        "Error: no plan version with id 9; see `bonetrack plan history`.\n",
    )
    ok(cli, "undo", "--yes")
    assert calcium(db) == [("2026-11-01", 500.0, None), ("2026-11-10", 400.0, None)]


def test_plan_undo_takes_back_the_last_plan_change_not_a_later_log(
    cli: CliCall, db: Database
) -> None:
    ok(cli, "plan", "set", "calcium", "500mg", "--from", "2026-11-01")
    ok(cli, "plan", "set", "calcium", "400mg", "--from", "2026-11-10")
    ok(cli, "log", "calcium", "400mg")
    assert ok(cli, "plan", "undo", "--yes") == (
        "Undone (bonetrack plan set calcium 400mg --from 2026-11-10): "
        "removed plan Calcium 400 mg a day from 2026-11-10.\n"
    )
    assert calcium(db) == [("2026-11-01", 500.0, None)]
    ok(cli, "plan", "undo", "--yes")
    refused = cli("plan", "undo", "--yes")
    assert (refused.exit_code, refused.stderr) == (
        2,
        "Error: there is no plan change to undo; `bonetrack plan history` lists the versions, "
        "and `bonetrack plan delete ID` removes one.\n",
    )
    # The log entry is still there, and still the last change `undo` would take back.
    assert ok(cli, "entries", "--json").count('"kind": "calcium"') == 1


def test_show_merges_versions_that_repeat_the_target(cli: CliCall) -> None:
    ok(cli, "plan", "set", "k2", "180mcg", "--form", "mk7", "--from", "2026-11-09")
    ok(cli, "plan", "stop", "k2", "--from", "2026-11-15")
    ok(cli, "plan", "set", "k2", "180mcg", "--form", "mk7", "--from", "2026-11-15")
    ok(cli, "plan", "set", "k2", "180mcg", "--from", "2026-11-20", "--form", "mk7")
    assert ok(cli, "plan", "show").splitlines()[2].rstrip() == (
        "K2    180 µg a day (MK-7)  2026-11-09"
    )
    assert json.loads(ok(cli, "plan", "show", "--json"))["items"][0]["since"] == "2026-11-09"


def test_stop_before_a_later_version_says_until_when(cli: CliCall) -> None:
    ok(cli, "plan", "set", "k2", "180mcg", "--form", "mk7", "--from", "2026-11-01")
    ok(cli, "plan", "set", "k2", "200mcg", "--from", "2026-11-20")
    assert ok(cli, "plan", "stop", "k2", "--from", "2026-11-10") == (
        "Plan stopped: K2 from 2026-11-10: not counted from 2026-11-10 until 2026-11-19; "
        "from 2026-11-20 the later version applies: 200 µg a day (MK-7).\n"
    )
    assert ok(cli, "plan", "stop", "k2") == (
        "Plan stopped: K2 from 2026-11-22. Days from then on are not counted.\n"
    )
