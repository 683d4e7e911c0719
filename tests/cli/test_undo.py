"""`bonetrack undo`: the last change of any kind, from the journal of changes."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest

from bonetrack.clock import localize
from bonetrack.domain.entries import NewEntry
from bonetrack.domain.plans import PlanVersion
from bonetrack.store import journal
from bonetrack.store.engine import Database
from bonetrack.store.entries import add_entries
from bonetrack.store.plans import insert_plan_versions
from tests.conftest import CliCall, Freeze, dump, user_rows


@pytest.fixture(autouse=True)
def _clock(frozen: Freeze) -> None:
    frozen("2026-11-22 08:31")


def ok(cli: CliCall, *args: str, input: str | None = None) -> str:
    result = cli(*args, input=input)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def query(db_path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql).fetchall()


def test_undo_takes_back_a_mistyped_scan_not_the_entry_before_it(
    cli: CliCall, db_path: Path
) -> None:
    # The scenario: a vitamin D entry yesterday, then a mistyped scan today.
    ok(cli, "log", "d", "1000IU", "--at", "yesterday 9:00")
    ok(cli, "scan", "add", "--date", "2025-03-14", "--site", "spine", "--bmd", "0.912")
    result = cli("undo", "--yes")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        "Last change:\n"
        "2026-11-22 08:31 bonetrack scan add --date 2025-03-14 --site spine --bmd 0.912\n"
        "  added scan 2025-03-14 lumbar spine: BMD 0.912 g/cm²\n"
    )
    assert result.stdout == (
        "Undone (bonetrack scan add --date 2025-03-14 --site spine --bmd 0.912): "
        "removed scan 2025-03-14 lumbar spine: BMD 0.912 g/cm².\n"
    )
    assert query(db_path, "SELECT count(*) FROM scans") == [(0,)]
    assert query(db_path, "SELECT kind, amount FROM intakes") == [("vitamin-d", 1000.0)]


def test_repeated_undo_walks_back_through_every_kind_of_change(cli: CliCall, db_path: Path) -> None:
    states = [user_rows(db_path)]
    commands = [
        ("log", "k2", "180mcg"),
        ("edit", "1", "--amount", "200mcg"),
        ("event", "add", "fall", "--at", "yesterday 17:00"),
        ("plan", "set", "calcium", "1000mg", "--from", "2026-11-01"),
        ("profile", "set", "--birth-year", "1960", "--anticoagulant", "none"),
        ("profile", "set", "--birth-year", "1958"),
        ("config", "set", "scan-interval", "18m"),
        ("scan", "lsc", "spine", "4.2%"),
        ("height", "add", "162cm"),
        ("delete", "1", "--yes"),
        ("event", "delete", "1", "--yes"),
    ]
    for command in commands:
        ok(cli, *command)
        states.append(user_rows(db_path))
    listed = ok(cli, "undo", "--list").splitlines()
    assert listed[0] == "2026-11-22 08:31 bonetrack event delete 1 --yes"
    assert listed[1] == "  deleted event #1 fall on 2026-11-21 17:00"
    assert listed[2] == "2026-11-22 08:31 bonetrack delete 1 --yes"
    assert listed[3] == "  deleted entry #1 2026-11-22 08:31 K2 200 µg"
    assert "  changed setting profile.birth_year: 1960 -> 1958" in listed
    assert "  added anticoagulant none from 2026-11-22" in listed
    assert (
        "  changed entry #1 2026-11-22 08:31 K2 180 µg -> entry #1 2026-11-22 08:31 K2 200 µg"
        in listed
    )
    for expected in reversed(states[:-1]):
        ok(cli, "undo", "--yes")
        assert user_rows(db_path) == expected
    refused = cli("undo", "--yes")
    assert (refused.exit_code, refused.stderr) == (
        2,
        "Error: there is nothing to undo: no change has been recorded (changes made before this "
        "version of bonetrack are not in its journal; `bonetrack delete ID` removes an entry).\n",
    )
    # Undone changes are kept in the journal (exported with the data), marked undone.
    assert query(db_path, "SELECT count(*) FROM changes WHERE undone_at IS NOT NULL") == [
        (len(commands),)
    ]


def test_undo_walks_back_medicines_labs_notes_and_the_name(cli: CliCall, db_path: Path) -> None:
    states = [user_rows(db_path)]
    commands = [
        ("med", "add", "alendronate", "--from", "2026-11-02"),
        ("med", "take", "alendronate", "--at", "2026-11-16 07:00"),
        ("med", "edit", "alendronate", "--on", "tuesday"),
        ("med", "stop", "alendronate", "--yes"),
        ("lab", "add", "25ohd", "32ng/mL", "--date", "2026-11-01"),
        ("lab", "add", "inr", "2.4"),
        ("lab", "delete", "1", "--yes"),
        ("note", "add", "Is my vitamin D dose right?", "--for-visit"),
        ("note", "done", "1"),
        ("note", "delete", "1", "--yes"),
        ("profile", "set", "--name", "Ann Example"),
    ]
    for command in commands:
        ok(cli, *command)
        states.append(user_rows(db_path))
    listed = ok(cli, "undo", "--list").splitlines()
    assert listed == [
        "2026-11-22 08:31 bonetrack profile set --name 'Ann Example'",
        "  added setting profile.name = Ann Example",
        "2026-11-22 08:31 bonetrack note delete 1 --yes",
        "  deleted question for the visit #1 of 2026-11-22: Is my vitamin D dose right?, "
        "discussed 2026-11-22",
        "2026-11-22 08:31 bonetrack note done 1",
        "  changed question for the visit #1 of 2026-11-22: Is my vitamin D dose right? -> "
        "question for the visit #1 of 2026-11-22: Is my vitamin D dose right?, discussed "
        "2026-11-22",
        "2026-11-22 08:31 bonetrack note add 'Is my vitamin D dose right?' --for-visit",
        "  added question for the visit #1 of 2026-11-22: Is my vitamin D dose right?",
        "2026-11-22 08:31 bonetrack lab delete 1 --yes",
        "  deleted lab result #1 2026-11-01 25(OH)D 32 ng/mL (79.87 nmol/L)",
        "2026-11-22 08:31 bonetrack lab add inr 2.4",
        "  added lab result #2 2026-11-22 INR 2.4",
        "2026-11-22 08:31 bonetrack lab add 25ohd 32ng/mL --date 2026-11-01",
        "  added lab result #1 2026-11-01 25(OH)D 32 ng/mL (79.87 nmol/L)",
        "2026-11-22 08:31 bonetrack med stop alendronate --yes",
        "  added medicine Alendronate stopped from 2026-11-22",
        "2026-11-22 08:31 bonetrack med edit alendronate --on tuesday",
        "  added medicine Alendronate: 70 mg weekly on Tuesday, by mouth, from 2026-11-22",
        "2026-11-22 08:31 bonetrack med take alendronate --at '2026-11-16 07:00'",
        "  added entry #1 2026-11-16 07:00 Alendronate 70 mg",
        "2026-11-22 08:31 bonetrack med add alendronate --from 2026-11-02",
        "  added medicine Alendronate: 70 mg weekly on Monday, by mouth, from 2026-11-02",
    ]
    assert ok(cli, "undo", "--yes") == (
        "Undone (bonetrack profile set --name 'Ann Example'): removed setting profile.name = "
        "Ann Example.\n"
    )
    assert user_rows(db_path) == states[-2]
    # Each state comes back whole: a deleted lab result or note with its id and uid again.
    for expected in reversed(states[:-2]):
        ok(cli, "undo", "--yes")
        assert user_rows(db_path) == expected
    assert ok(cli, "undo", "--list") == "No changes to undo.\n"


def test_undo_of_a_profile_change_restores_the_earlier_value(cli: CliCall) -> None:
    ok(cli, "profile", "set", "--anticoagulant", "warfarin", "--since", "2026-09-01")
    ok(cli, "profile", "set", "--anticoagulant", "none")
    assert ok(cli, "undo", "--yes") == (
        "Undone (bonetrack profile set --anticoagulant none): "
        "removed anticoagulant none from 2026-11-22.\n"
    )
    profile = json.loads(ok(cli, "profile", "show", "--json"))
    assert profile["anticoagulant"] == "vka"


def test_undo_asks_on_a_terminal_and_keeps_on_no(
    cli: CliCall, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(cli, "log", "k2", "180mcg")
    monkeypatch.setattr("bonetrack.cli.confirm.stdin_is_terminal", lambda: True)
    kept = cli("undo", input="n\n")
    assert kept.exit_code == 0
    assert kept.stderr.startswith(
        "Last change:\n2026-11-22 08:31 bonetrack log k2 180mcg\n"
        "  added entry #1 2026-11-22 08:31 K2 180 µg\nUndo it? [y/N]:"
    )
    assert kept.stdout.endswith("Kept it: nothing was undone.\n")
    assert query(db_path, "SELECT count(*) FROM intakes") == [(1,)]
    assert ok(cli, "undo", input="y\n").endswith(
        "Undone (bonetrack log k2 180mcg): removed entry #1 2026-11-22 08:31 K2 180 µg.\n"
    )
    assert query(db_path, "SELECT count(*) FROM intakes") == [(0,)]


def test_without_a_terminal_undo_refuses_and_changes_nothing(cli: CliCall, db_path: Path) -> None:
    ok(cli, "log", "k2", "180mcg")
    before = dump(db_path)
    refused = cli("undo")
    assert (refused.exit_code, refused.stderr) == (
        2,
        "Error: no terminal to confirm on; add --yes to confirm.\n",
    )
    assert dump(db_path) == before


def test_list_shows_the_last_20_newest_first(cli: CliCall, db_path: Path) -> None:
    for minutes in range(25):
        ok(cli, "log", "exercise", f"{minutes + 1}min", "--type", "walking")
    listed = ok(cli, "undo", "--list").splitlines()
    headings = [line for line in listed if not line.startswith("  ")]
    assert len(headings) == 20
    assert headings[0] == "2026-11-22 08:31 bonetrack log exercise 25min --type walking"
    assert headings[-1] == "2026-11-22 08:31 bonetrack log exercise 6min --type walking"
    data = json.loads(ok(cli, "undo", "--list", "--json"))
    assert len(data) == 20
    # Rows are named by their uid, the same on every device (export, merge).
    [(uid,)] = query(db_path, "SELECT uid FROM intakes WHERE id = 25")
    assert data[0]["command"] == "bonetrack log exercise 25min --type walking"
    assert data[0]["rows"] == [
        {
            "table": "intakes",
            "key": uid,
            "action": "insert",
            "text": "added entry #25 2026-11-22 08:31 Exercise (walking) 25 min",
        }
    ]
    assert data[0]["undone_at"] is None


def test_list_when_empty(cli: CliCall) -> None:
    assert ok(cli, "undo", "--list") == "No changes to undo.\n"


def test_a_row_changed_outside_the_journal_is_not_undone(cli: CliCall, db_path: Path) -> None:
    ok(cli, "log", "k2", "180mcg")
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE intakes SET note = 'changed by hand'")
    before = dump(db_path)
    [(uid,)] = query(db_path, "SELECT uid FROM intakes")
    refused = cli("undo", "--yes")
    assert (refused.exit_code, refused.stderr.splitlines()[-1]) == (
        1,
        f"Error: a row this change wrote (intakes {uid}) has been changed since by something "
        "the journal did not record; nothing was undone.",
    )
    assert dump(db_path) == before


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("after", "{not json", "Expecting property name enclosed in double quotes: line 1 "
         "column 2 (char 1)"),
        ("after", '{"taken_at": 5}', "fromisoformat: argument must be str"),
        ("table_name", "gone", "no table gone"),
    ],
)  # fmt: skip
def test_a_damaged_journal_is_an_error_not_a_traceback(
    cli: CliCall, db_path: Path, column: str, value: str, reason: str
) -> None:
    ok(cli, "log", "k2", "180mcg")
    with sqlite3.connect(db_path) as conn:
        conn.execute(f"UPDATE change_rows SET {column} = ?", (value,))
    before = dump(db_path)
    for args in (("undo", "--yes"), ("undo", "--list")):
        refused = cli(*args)
        assert (refused.exit_code, refused.stderr) == (
            1,
            f"Error: the journal of changes holds a row bonetrack cannot read ({reason}); "
            "nothing was undone.\n",
        )
    assert dump(db_path) == before


def test_an_import_is_one_change(db: Database, cli: CliCall, db_path: Path) -> None:
    """The API an importer uses: one change group inside the caller's transaction."""
    day = date(2026, 11, 20)
    entries = [
        NewEntry("k2", 180.0, 180.0, "mcg", localize(datetime(2026, 11, d, 8, 0)), source="import")
        for d in (18, 19, 20)
    ]
    journal.command_line.set("bonetrack import backup.json")
    with db.begin() as conn, journal.change(conn):
        add_entries(conn, entries)
        insert_plan_versions(conn, [PlanVersion("k2", None, 180.0, "day", None, "mk7", day)])
    journal.command_line.set("")
    changes = journal.last_changes(db)
    assert [(c.command, [(r.table, r.action) for r in c.rows]) for c in changes] == [
        (
            "bonetrack import backup.json",
            [("intakes", "insert")] * 3 + [("plans", "insert")],
        )
    ]
    assert ok(cli, "undo", "--yes") == (
        "Undone (bonetrack import backup.json): removed 1 plan version and 3 entries.\n"
    )
    assert query(db_path, "SELECT count(*) FROM intakes UNION ALL SELECT count(*) FROM plans") == [
        (0,),
        (0,),
    ]


def test_bonetrack_import_is_one_change_that_undo_takes_back(
    cli: CliCall, db_path: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.db"
    for args in (
        ("log", "k2", "180mcg", "--at", "2026-11-20 08:00"),
        ("log", "calcium", "500mg", "--at", "2026-11-21 08:00"),
        ("plan", "set", "k2", "180mcg"),
        ("profile", "set", "--birth-year", "1958"),
    ):
        assert cli("--db", str(other), *args).exit_code == 0
    exported = tmp_path / "export.json"
    assert cli("--db", str(other), "export", "--out", str(exported)).exit_code == 0
    ok(cli, "log", "d", "1000IU")
    before = user_rows(db_path)
    ok(cli, "import", str(exported))
    assert query(db_path, "SELECT count(*) FROM intakes") == [(3,)]
    listed = ok(cli, "undo", "--list").splitlines()
    # 2 entries, 1 plan version, the birth year; the other database's 4 commands came as
    # history: its changes, never undone here one by one
    assert listed[:6] == [
        f"2026-11-22 08:31 bonetrack import {exported} (4 rows)",
        "  added setting profile.birth_year = 1958",
        "  added plan K2 180 µg a day from 2026-11-22",
        "  added entry #2 2026-11-20 08:00 K2 180 µg",
        "  ... and 1 more (in all: added 1 setting, 1 plan version and 2 entries)",
        "  brought 4 changes of another device's journal (history, not undone one by one)",
    ]
    assert listed[6] == "2026-11-22 08:31 bonetrack log d 1000IU"
    assert query(db_path, "SELECT count(*) FROM changes WHERE imported_in IS NOT NULL") == [(4,)]
    assert ok(cli, "undo", "--yes") == (
        f"Undone (bonetrack import {exported}): removed 2 entries, 1 plan version and "
        "1 setting; removed 4 changes of another device's journal.\n"
    )
    assert user_rows(db_path) == before
    # what the import brought went with it
    assert query(db_path, "SELECT count(*) FROM changes WHERE imported_in IS NOT NULL") == [(0,)]


def test_undo_walks_back_pauses(cli: CliCall, db_path: Path) -> None:
    ok(cli, "plan", "set", "k2", "180mcg", "--from", "2026-11-01")
    states = [user_rows(db_path)]
    commands = [
        ("pause", "--from", "2026-11-10", "--to", "2026-11-12", "--all", "--reason", "holiday"),
        ("pause", "--kind", "k2", "--from", "2026-11-20", "--reason", "GP: stop for now"),
        ("pause", "resume", "--kind", "k2"),
        ("pause", "delete", "1", "--yes"),
    ]
    for command in commands:
        ok(cli, *command)
        states.append(user_rows(db_path))
    listed = ok(cli, "undo", "--list").splitlines()
    assert listed[:6] == [
        "2026-11-22 08:31 bonetrack pause delete 1 --yes",
        "  deleted pause #1 of supplements and exercise 2026-11-10 to 2026-11-12: holiday",
        "2026-11-22 08:31 bonetrack pause resume --kind k2",
        "  changed pause #2 of K2 from 2026-11-20 until resumed: GP: stop for now -> pause #2 "
        "of K2 2026-11-20 to 2026-11-21: GP: stop for now",
        "2026-11-22 08:31 bonetrack pause --kind k2 --from 2026-11-20 --reason 'GP: stop for now'",
        "  added pause #2 of K2 from 2026-11-20 until resumed: GP: stop for now",
    ]
    for expected in reversed(states[:-1]):
        ok(cli, "undo", "--yes")
        assert user_rows(db_path) == expected


def test_undo_of_profile_unset_brings_the_field_back(cli: CliCall) -> None:
    ok(cli, "profile", "set", "--birth-year", "1958", "--sex", "female")
    ok(cli, "profile", "unset", "sex", "birth-year")
    assert ok(cli, "undo", "--yes") == (
        "Undone (bonetrack profile unset sex birth-year): restored setting profile.sex = "
        "female; restored setting profile.birth_year = 1958.\n"
    )
    profile = json.loads(ok(cli, "profile", "show", "--json"))
    assert (profile["birth_year"], profile["sex"]) == (1958, "female")
