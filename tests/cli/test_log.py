"""`bonetrack log` and the entry commands, as a user types them."""

import json
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import CliCall, Freeze, dump


def rows(db_path: Path) -> list[tuple[object, ...]]:
    if not db_path.exists():
        return []
    with sqlite3.connect(db_path) as conn:
        return conn.execute(
            "SELECT kind, amount, input_amount, input_unit, form, exercise_type, note, "
            "taken_at, utc_offset_min, local_date, source FROM intakes ORDER BY id"
        ).fetchall()


@pytest.fixture(autouse=True)
def _clock(frozen: Freeze) -> None:
    frozen("2026-11-22 08:31")


def test_log_stores_every_field(cli: CliCall, db_path: Path) -> None:
    result = cli("log", "k2", "0.18mg", "--form", "MK7", "--note", "with breakfast")
    assert result.exit_code == 0
    assert result.stdout == "Logged K2 (MK-7) 180 µg at 2026-11-22 08:31. Today: 180 µg.\n"
    assert result.stderr == ""
    assert rows(db_path) == [
        (
            "k2",
            180.0,
            0.18,
            "mg",
            "mk7",
            None,
            "with breakfast",
            "2026-11-22 07:31:00.000000",
            60,
            "2026-11-22",
            "cli",
        ),
    ]


def test_each_kind_and_alias(cli: CliCall) -> None:
    assert cli("log", "ca", "500mg", "--form", "citrate").stdout == (
        "Logged Calcium (citrate) 500 mg at 2026-11-22 08:31. Today: 500 mg.\n"
    )
    assert cli("log", "d3", "25mcg").stdout == (
        "Logged Vitamin D 1000 IU at 2026-11-22 08:31. Today: 1000 IU.\n"
    )
    assert cli("log", "exercise", "30min", "--type", "strength").stdout == (
        "Logged Exercise (strength) 30 min at 2026-11-22 08:31. Today: 30 min.\n"
    )
    assert cli("log", "exercise", "1h30m").stdout == (
        "Logged Exercise (other) 90 min at 2026-11-22 08:31. Today: 120 min.\n"
    )


def test_split_doses_add_up_for_the_day_they_were_taken(cli: CliCall) -> None:
    cli("log", "calcium", "500mg", "--at", "yesterday 8:00")
    result = cli("log", "calcium", "500mg", "--at", "yesterday 20:00")
    assert result.stdout == (
        "Logged Calcium 500 mg at 2026-11-21 20:00. Total on 2026-11-21: 1000 mg.\n"
    )
    assert cli("log", "calcium", "300mg").stdout.endswith("Today: 300 mg.\n")


def test_log_json_prints_the_stored_entry(cli: CliCall) -> None:
    result = cli("log", "k2", "180 µg", "--json", "--at", "8:00")
    entry = json.loads(result.stdout)
    assert entry == {
        "id": 1,
        "kind": "k2",
        "amount": 180.0,
        "unit": "mcg",
        "input": "180 µg",
        "form": None,
        "type": None,
        "note": None,
        "taken_at": "2026-11-22T07:00:00+00:00",
        "local_time": "2026-11-22T08:00:00+01:00",
        "local_date": "2026-11-22",
        "created_at": "2026-11-22T07:31:00+00:00",
        "source": "cli",
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["log", "k3", "180mcg"],
            "Error: unknown kind 'k3'. Did you mean 'k2'? "
            "Kinds: k2, calcium, vitamin-d, exercise.\n",
        ),
        (
            ["log", "k2", "notanumber"],
            "Error: 'notanumber' is not an amount: expected a number and a unit, e.g. 180mcg.\n",
        ),
        (
            ["log", "k2", "180kg"],
            "Error: unknown unit 'kg' for k2: use one of g, mcg, mg, ug, µg, μg, e.g. 180mcg.\n",
        ),
        (
            ["log", "k2", "30min"],
            "Error: unknown unit 'min' for k2: use one of g, mcg, mg, ug, µg, μg, e.g. 180mcg.\n",
        ),
        (
            ["log", "k2", "180"],
            "Error: '180' needs a unit for k2: add one of g, mcg, mg, ug, µg, μg, e.g. 180mcg.\n",
        ),
        (["log", "k2", "0mcg"], "Error: the amount must be more than zero, not '0mcg'.\n"),
        (["log", "k2", "--", "-180mcg"], "Error: the amount must be positive, not '-180mcg'.\n"),
        (
            ["log", "k2", "nan"],
            "Error: 'nan' is not a valid amount: use a plain number and a unit, e.g. 180mcg.\n",
        ),
        (
            ["log", "k2", "infmcg"],
            "Error: 'infmcg' is not a valid amount: use a plain number and a unit, e.g. 180mcg.\n",
        ),
        (
            ["log", "k2", "200mg"],
            "Error: 200mg of k2 in one entry is not plausible (more than "
            "100 mg); check the unit. Did you mean 200mcg?\n",
        ),
        (
            ["log", "calcium", "6g"],
            "Error: 6g of calcium in one entry is not plausible (more than 5 g); check the unit.\n",
        ),
        (
            ["log", "d", "2000000IU"],
            "Error: 2000000IU of vitamin-d in one entry is not plausible "
            "(more than 1,000,000 IU); check the unit.\n",
        ),
        (
            ["log", "exercise", "25h"],
            "Error: 25h of exercise in one entry is not plausible (more "
            "than 24 h); check the unit.\n",
        ),
        (
            ["log", "k2", "180mcg", "--at", "9:00"],
            "Error: '9:00' (2026-11-22 09:00) is in the future; log what has already happened.\n",
        ),
        (
            ["log", "k2", "180mcg", "--at", "someday"],
            "Error: cannot read the time 'someday': "
            "e.g. 2026-11-20, 2026-11-20 08:30, today, yesterday 21:00, this morning, last night, "
            "monday 8am, 3 days ago, "
            "2 hours ago, 8:30, 8am.\n",
        ),
        (
            ["log", "k2", "180mcg", "--form", "mk9"],
            "Error: unknown form 'mk9' for k2. Forms: mk7, mk4.\n",
        ),
        (
            ["log", "exercise", "30min", "--type", "yoga"],
            "Error: unknown exercise type 'yoga'. "
            "Types: strength, impact, balance, aerobic, walking, other.\n",
        ),
        (["log", "k2", "180mcg", "--type", "strength"], "Error: --type is for exercise, not k2.\n"),
        (["log"], "Error: Missing argument 'KIND'.\n"),
        (
            ["log", "k2", "180mcg", "--note", "x" * 2001],
            "Error: --note is too long: at most 2000 characters.\n",
        ),
        (["log", "k2", "180mcg", "--bogus"], "Error: No such option: --bogus\n"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_writes_nothing(
    cli: CliCall, db_path: Path, args: list[str], message: str
) -> None:
    result = cli(*args)
    assert result.stderr == message
    assert result.exit_code == 2
    assert result.stdout == ""
    assert rows(db_path) == []


def test_entries_lists_newest_first_and_filters(cli: CliCall) -> None:
    cli("log", "k2", "180mcg", "--at", "2 days ago 8:00")
    cli("log", "calcium", "500mg", "--at", "yesterday 12:00", "--note", "lunch")
    cli("log", "k2", "180mcg", "--at", "7:00")
    listed = json.loads(cli("entries", "--json").stdout)
    assert [(e["id"], e["local_date"]) for e in listed] == [
        (3, "2026-11-22"),
        (2, "2026-11-21"),
        (1, "2026-11-20"),
    ]
    k2_only = json.loads(cli("entries", "--kind", "k2", "--from", "2026-11-21", "--json").stdout)
    assert [e["id"] for e in k2_only] == [3]
    assert [e["id"] for e in json.loads(cli("entries", "--limit", "1", "--json").stdout)] == [3]
    table = cli("entries", "--to", "yesterday").stdout
    assert "2026-11-21 12:00" in table
    assert "lunch" in table
    assert "2026-11-22" not in table


def test_entries_when_empty(cli: CliCall) -> None:
    assert cli("entries").stdout == "No entries yet. Log one with: bonetrack log k2 180mcg\n"
    assert cli("entries", "--from", "2026-12-01", "--to", "2026-11-01").stderr == (
        "Error: --from 2026-12-01 is after --to 2026-11-01.\n"
    )


def test_delete_and_unknown_id(cli: CliCall, db_path: Path) -> None:
    cli("log", "k2", "180mcg")
    missing = cli("delete", "7", "--yes")
    assert (missing.exit_code, missing.stderr) == (
        2,
        "Error: no entry with id 7; see `bonetrack entries` for ids.\n",
    )
    assert cli("delete", "1", "--yes").stdout == "Deleted #1 2026-11-22 08:31 K2 180 µg.\n"
    assert rows(db_path) == []


def test_edit_validates_like_log(cli: CliCall, db_path: Path) -> None:
    cli("log", "k2", "0.18mg", "--form", "mk7", "--at", "7:00")
    bad = cli("edit", "1", "--amount", "180kg")
    assert bad.exit_code == 2
    assert bad.stderr.startswith("Error: unknown unit 'kg' for k2")
    assert cli("edit", "1").stderr == (
        "Error: nothing to change: give --amount, --at, --note, --form or --type.\n"
    )
    result = cli("edit", "1", "--note", "after breakfast")
    assert result.stdout == "Updated #1 2026-11-22 07:00 K2 (MK-7) 180 µg (after breakfast).\n"
    moved = cli("edit", "1", "--amount", "200mcg", "--at", "yesterday 21:00")
    assert moved.stdout == "Updated #1 2026-11-21 21:00 K2 (MK-7) 200 µg (after breakfast).\n"
    assert rows(db_path) == [
        (
            "k2",
            200.0,
            200.0,
            "mcg",
            "mk7",
            None,
            "after breakfast",
            "2026-11-21 20:00:00.000000",
            60,
            "2026-11-21",
            "cli",
        ),
    ]
    assert cli("edit", "9", "--note", "x").stderr == (
        "Error: no entry with id 9; see `bonetrack entries` for ids.\n"
    )


def test_no_command_shows_the_help_without_an_error_line(cli: CliCall) -> None:
    for args in ([], ["scan"], ["plan"]):
        result = cli(*args)
        assert result.exit_code == 2
        assert "Usage: bonetrack" in result.stdout
        assert result.stderr == ""


def test_edit_warns_like_log(cli: CliCall, db_path: Path) -> None:
    cli("log", "calcium", "500mg")
    result = cli("edit", "1", "--amount", "600mg")
    assert result.exit_code == 0
    assert result.stdout == "Updated #1 2026-11-22 08:31 Calcium 600 mg.\n"
    assert result.stderr.startswith("Warning: 600 mg of calcium in one dose: take at most 500 mg")
    assert [r[1] for r in rows(db_path)] == [600.0]


def test_a_likely_unit_slip_is_refused_with_a_guess_and_force_stores_it(
    cli: CliCall, db_path: Path, frozen: Freeze
) -> None:
    frozen("2026-11-22 08:30")
    assert cli("log", "k2", "180mcg").exit_code == 0
    before = dump(db_path)
    result = cli("log", "calcium", "180mcg")
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: 180mcg of calcium is 0.18 mg, below what one entry plausibly holds (10 mg to "
        "3000 mg). Did you mean 180mg? If 0.18 mg is right, add --force.\n",
    )
    result = cli("log", "d", "180mg")
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: 180mg of vitamin-d in one entry is not plausible (more than 1,000,000 IU); check "
        "the unit. Did you mean 180mcg (7200 IU) or 180IU?\n",
    )
    result = cli("edit", "1", "--amount", "180mg")  # K2: 180 mg
    assert result.stderr == (
        "Error: 180mg of k2 in one entry is not plausible (more than 100 mg); check the unit. "
        "Did you mean 180mcg?\n"
    )
    assert dump(db_path) == before
    forced = cli("log", "calcium", "180mcg", "--force", "--json")
    assert forced.exit_code == 0, forced.stderr
    assert json.loads(forced.stdout)["amount"] == 0.18
    # editing the note of an entry logged with --force needs no --force again
    assert cli("edit", "2", "--note", "from a tablet split in four").exit_code == 0
    result = cli("edit", "2", "--amount", "90mcg")
    assert result.exit_code == 2
    assert cli("edit", "2", "--amount", "90mcg", "--force").exit_code == 0
