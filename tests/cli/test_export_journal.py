"""The journal of changes travels with the data: whole exports hold it, imports keep it as
history (undo takes back what was done here), narrowed exports never hold it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_export import SCHEMA, ok, read_zip
from tests.cli.test_import import data, export_doc, write
from tests.conftest import CliCall, Freeze, dump, user_rows


@pytest.fixture(autouse=True)
def _clock(frozen: Freeze) -> None:
    frozen("2026-11-22 08:30")


def history(cli: CliCall, *db: str) -> None:
    """A dose, its note corrected and the correction undone, then a scan."""
    ok(cli, *db, "log", "k2", "180mcg", "--at", "2026-11-21 08:00")
    ok(cli, *db, "edit", "1", "--note", "with breakfast")
    ok(cli, *db, "undo", "--yes")
    ok(cli, *db, "scan", "add", "--date", "2025-03-14", "--site", "spine", "--bmd", "0.812")


def query(path: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchall()


def test_a_whole_export_holds_the_journal(cli: CliCall) -> None:
    history(cli)
    doc = export_doc(cli)
    changes = doc["changes"]
    assert [(c["made_at"], c["command"], c["undone_at"]) for c in changes] == [
        ("2026-11-22T07:30:00+00:00", "bonetrack log k2 180mcg --at '2026-11-21 08:00'", None),
        ("2026-11-22T07:30:00+00:00", "bonetrack edit 1 --note 'with breakfast'",
         "2026-11-22T07:30:00+00:00"),
        ("2026-11-22T07:30:00+00:00",
         "bonetrack scan add --date 2025-03-14 --site spine --bmd 0.812", None),
    ]  # fmt: skip
    [entry], [scan] = doc["entries"], doc["scans"]
    rows = doc["change_rows"]
    assert [(r["change"], r["table"], r["key"], r["action"]) for r in rows] == [
        (changes[0]["uid"], "intakes", entry["uid"], "insert"),
        (changes[1]["uid"], "intakes", entry["uid"], "update"),
        (changes[2]["uid"], "scans", scan["uid"], "insert"),
    ]
    # The row's stored columns, as JSON text: the edit's note before and after.
    before, after = json.loads(rows[1]["before"]), json.loads(rows[1]["after"])
    assert (before["note"], after["note"], after["uid"], after["amount"]) == (
        None,
        "with breakfast",
        entry["uid"],
        180.0,
    )
    assert (rows[0]["before"], rows[2]["after"] is None) == (None, False)


def test_narrowed_exports_never_hold_the_journal(cli: CliCall) -> None:
    """A change's rows hold any table's values: a scans-only export for a clinician must
    not carry the doses and notes in them."""
    history(cli)
    for narrowing in (("--kind", "scans"), ("--from", "2025-01-01"), ("--kind", "k2")):
        doc = json.loads(ok(cli, "export", *narrowing))
        assert (doc["changes"], doc["change_rows"]) == ([], [])


def test_the_schema_describes_the_journal(cli: CliCall) -> None:
    import jsonschema

    history(cli)
    doc = export_doc(cli)
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text()))
    validator.validate(doc)
    for table, index, change in (
        ("change_rows", 0, {"action": "replace"}),
        ("change_rows", 0, {"change": "not a uid"}),
        ("changes", 0, {"undone_at": 5}),
        ("change_rows", 1, {"key": "x" * 65}),
    ):
        bad = json.loads(json.dumps(doc))
        bad[table][index].update(change)
        with pytest.raises(jsonschema.ValidationError):
            validator.validate(bad)


@pytest.mark.parametrize("form", ["json", "csv"])
def test_imported_history_is_kept_and_goes_with_an_undo_of_the_import(
    cli: CliCall, tmp_path: Path, db_path: Path, form: str
) -> None:
    laptop = str(tmp_path / "laptop.db")
    history(cli, "--db", laptop)
    exported = tmp_path / f"laptop.{form}"
    ok(cli, "--db", laptop, "export", "--format", form, "--out", str(exported))
    ok(cli, "log", "d", "1000IU")  # this device's own change, before the import
    before = user_rows(db_path)
    imported = ok(cli, "import", str(exported))
    assert imported.endswith(
        "2 were added, 0 already here.\nJournal of changes (history): 3 were added, 0 already "
        "here.\n"
    )
    # The laptop's changes are history here: undo offers this import, not the laptop's scan.
    listed = ok(cli, "undo", "--list").splitlines()
    assert listed[0] == f"2026-11-22 08:30 bonetrack import {exported} (2 rows)"
    assert listed[-2:] == [
        "2026-11-22 08:30 bonetrack log d 1000IU",
        "  added entry #1 2026-11-22 08:30 Vitamin D 1000 IU",
    ]
    mine = export_doc(cli)
    theirs = json.loads(exported.read_text()) if form == "json" else export_doc(cli, "--db", laptop)
    # The data is the union; the journal is this device's changes and the laptop's.
    assert {c["uid"] for c in mine["changes"]} >= {c["uid"] for c in theirs["changes"]}
    assert {r["uid"] for r in mine["change_rows"]} >= {r["uid"] for r in theirs["change_rows"]}
    # Importing it again adds nothing, to the data or to the journal.
    again = ok(cli, "import", str(exported))
    assert again.endswith(
        "0 were added, 2 already here.\nJournal of changes (history): 0 were added, 3 already "
        "here.\n"
    )
    assert ok(cli, "undo", "--yes") == (
        f"Undone (bonetrack import {exported}): removed scan 2025-03-14 lumbar spine: BMD 0.812 "
        "g/cm²; removed entry #2 2026-11-21 08:00 K2 180 µg; removed 3 changes of another "
        "device's journal.\n"
    )
    assert user_rows(db_path) == before
    assert query(db_path, "SELECT count(*) FROM changes") == [(2,)]  # the log and the import


def test_an_export_of_an_import_holds_the_same_data_and_history(
    cli: CliCall, tmp_path: Path
) -> None:
    laptop, desktop = str(tmp_path / "laptop.db"), str(tmp_path / "desktop.db")
    history(cli, "--db", laptop)
    first = write(tmp_path / "first.json", export_doc(cli, "--db", laptop))
    ok(cli, "--db", desktop, "import", str(first))
    original, again = json.loads(first.read_text()), export_doc(cli, "--db", desktop)
    assert data(again) == data(original)
    # The desktop's journal: its import (the one change made there), then the laptop's.
    assert [c["command"] for c in again["changes"]] == [
        f"bonetrack import {first}",
        *(c["command"] for c in original["changes"]),
    ]
    assert again["changes"][1:] == original["changes"]
    assert [r for r in again["change_rows"] if r["change"] != again["changes"][0]["uid"]] == (
        original["change_rows"]
    )


def test_csv_files_of_the_journal(cli: CliCall, tmp_path: Path) -> None:
    history(cli)
    target = tmp_path / "export.zip"
    ok(cli, "export", "--format", "csv", "--out", str(target))
    files = {name: text.split("\r\n") for name, text in read_zip(target.read_bytes()).items()}
    assert files["changes.csv"][0] == "uid,made_at,command,undone_at"
    assert files["changes.csv"][2].endswith(
        ",2026-11-22T07:30:00+00:00,bonetrack edit 1 --note 'with breakfast',"
        "2026-11-22T07:30:00+00:00"
    )
    assert files["change_rows.csv"][0] == "uid,change,table,key,action,before,after"
    # JSON text in a cell: quoted, its quotes doubled (RFC 4180)
    assert ",intakes," in files["change_rows.csv"][1]
    assert ',insert,,"{""amount"": 180.0, ' in files["change_rows.csv"][1]


BAD_ROWS = [
    ({"action": "replace"}, "/change_rows/0/action: 'replace' is not one of insert, update, "
     "delete."),
    ({"before": '{"id": 1}'}, "/change_rows/0/before: must be empty for insert."),
    ({"after": None}, "/change_rows/0/after: must be given for insert."),
    ({"table": "Intakes; DROP"}, "/change_rows/0/table: 'Intakes; DROP' is not the name of a "
     "table."),
    ({"change": "6c1d6a52-8d0e-4b7a-9d63-0e0c2f6f2b11"}, "/change_rows/0/change: no changes "
     "record with uid '6c1d6a52-8d0e-4b7a-9d63-0e0c2f6f2b11' in the file or in this database."),
]  # fmt: skip


@pytest.mark.parametrize(("change", "message"), BAD_ROWS)
def test_a_bad_journal_record_refuses_the_whole_file(
    cli: CliCall, tmp_path: Path, db_path: Path, change: dict[str, Any], message: str
) -> None:
    laptop = str(tmp_path / "laptop.db")
    history(cli, "--db", laptop)
    doc = export_doc(cli, "--db", laptop)
    doc["change_rows"][0].update(change)
    bad = write(tmp_path / "bad.json", doc)
    ok(cli, "log", "d", "1000IU")
    before = dump(db_path)
    refused = cli("import", str(bad))
    assert (refused.exit_code, refused.stderr) == (
        2,
        f"Error: {bad}: {message} Nothing was imported.\n",
    )
    assert dump(db_path) == before


def test_an_undone_change_differs_from_its_earlier_copy(cli: CliCall, tmp_path: Path) -> None:
    """A change undone on its device after the other imported it: a conflict like any."""
    laptop = str(tmp_path / "laptop.db")
    ok(cli, "--db", laptop, "log", "k2", "180mcg")
    early = write(tmp_path / "early.json", export_doc(cli, "--db", laptop))
    ok(cli, "import", str(early))
    ok(cli, "--db", laptop, "undo", "--yes")
    late = export_doc(cli, "--db", laptop)
    merged = ok(cli, "import", str(write(tmp_path / "late.json", late)))
    uid = late["changes"][0]["uid"]
    assert f"Conflict: changes {uid} (/changes/0): undone_at differ; kept ours." in merged
    taken = ok(cli, "import", str(tmp_path / "late.json"), "--prefer", "theirs")
    assert "1 in conflict (1 were replaced by the file's)" in taken
    assert [c["undone_at"] for c in export_doc(cli)["changes"] if c["uid"] == uid] == [
        "2026-11-22T07:30:00+00:00"
    ]


def test_a_command_line_with_a_control_character_is_kept_escaped(
    cli: CliCall, tmp_path: Path
) -> None:
    """A file name may hold a newline: the journal keeps it escaped, so that `undo` shows one
    line and an export holding the journal imports again."""
    laptop = str(tmp_path / "laptop.db")
    ok(cli, "--db", laptop, "log", "k2", "180mcg")
    odd = write(tmp_path / "new\nline.json", export_doc(cli, "--db", laptop))
    ok(cli, "import", str(odd))
    [heading] = [line for line in ok(cli, "undo", "--list").splitlines() if "import" in line]
    assert heading == f"2026-11-22 08:30 bonetrack import '{tmp_path}/new\\nline.json'"
    mine = write(tmp_path / "mine.json", export_doc(cli))
    other = str(tmp_path / "other.db")
    assert "Journal of changes (history): 2 were added" in ok(
        cli, "--db", other, "import", str(mine)
    )
