"""`bonetrack import`: merging by uid, conflicts, all-or-nothing, untrusted files."""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_export import ok, record_history
from tests.conftest import CliCall, Freeze


def export_doc(cli: CliCall, *db: str) -> dict[str, Any]:
    return dict(json.loads(ok(cli, *db, "export")))


def write(path: Path, doc: dict[str, Any]) -> Path:
    path.write_text(json.dumps(doc, ensure_ascii=False))
    return path


def rows(db_path: Path) -> dict[str, int]:
    with sqlite3.connect(db_path) as conn:
        return {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("intakes", "plans", "scans", "events", "anticoagulant_history", "settings")
        }


def body(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k != "exported_at"}


JOURNAL = ("changes", "change_rows")


def data(doc: dict[str, Any]) -> dict[str, Any]:
    """The document without its time and its journal of changes (each device's own)."""
    return {k: v for k, v in body(doc).items() if k not in JOURNAL}


def records(doc: dict[str, Any]) -> int:
    """How many records of the data (not the journal) a document holds."""
    return sum(len(v) for k, v in doc.items() if isinstance(v, list) and k not in JOURNAL)


def test_import_into_a_new_database_then_again(
    cli: CliCall, frozen: Freeze, tmp_path: Path
) -> None:
    record_history(cli, frozen)
    source = write(tmp_path / "export.json", export_doc(cli))
    other = str(tmp_path / "desktop.db")
    first = cli("--db", other, "import", str(source))
    assert first.exit_code == 0, first.stderr
    assert first.stdout == (
        f"{source}: bonetrack export version 2 (JSON), exported 2026-11-22T08:30:00+01:00.\n"
        "                         added  skipped  conflicts\n"
        "profile                      3        0          0\n"
        "settings                     1        0          0\n"
        "plans                        1        0          0\n"
        "medicines                    0        0          0\n"
        "entries                      2        0          0\n"
        "scans                        1        0          0\n"
        "events                       1        0          0\n"
        "heights                      0        0          0\n"
        "anticoagulant_history        1        0          0\n"
        "notes                        1        0          0\n"
        "lab_results                  0        0          0\n"
        "imports                      0        0          0\n"
        "dietary_intakes              0        0          0\n"
        "pauses                       0        0          0\n"
        "11 were added, 0 already here.\n"
        # the 9 commands of record_history, each a change in the journal
        "Journal of changes (history): 9 were added, 0 already here.\n"
    )
    exported, original = export_doc(cli, "--db", other), json.loads(source.read_text())
    assert data(exported) == data(original)
    # The journal: this import (the one change made here: its first row made it), then the
    # history it brought, in the order of the file.
    assert exported["changes"][1:] == original["changes"]
    assert exported["changes"][0]["command"] == f"bonetrack import {source}"
    again = cli("--db", other, "import", str(source))
    assert again.stdout.endswith(
        "0 were added, 11 already here.\nJournal of changes (history): 0 were added, 9 already "
        "here.\n"
    )
    assert rows(Path(other)) == {
        "intakes": 2, "plans": 1, "scans": 1, "events": 1, "anticoagulant_history": 1,
        "settings": 4,
    }  # fmt: skip


def test_two_devices_merge_into_the_union(cli: CliCall, frozen: Freeze, tmp_path: Path) -> None:
    frozen("2026-11-22 08:30")
    laptop, desktop = str(tmp_path / "laptop.db"), str(tmp_path / "desktop.db")
    ok(cli, "--db", laptop, "log", "k2", "180mcg", "--at", "2026-11-20 08:00")
    shared = write(tmp_path / "shared.json", export_doc(cli, "--db", laptop))
    ok(cli, "--db", desktop, "import", str(shared))
    # Both go on separately, then swap exports both ways.
    ok(cli, "--db", laptop, "log", "calcium", "500mg", "--at", "2026-11-21 08:00")
    ok(cli, "--db", desktop, "log", "vitamin-d", "1000IU", "--at", "2026-11-21 09:00")
    ok(cli, "--db", desktop, "scan", "add", "--date", "2025-03-14", "--site", "hip", "--bmd", "0.8")
    from_laptop = write(tmp_path / "laptop.json", export_doc(cli, "--db", laptop))
    from_desktop = write(tmp_path / "desktop.json", export_doc(cli, "--db", desktop))
    # The journals travel too: each side's own changes, kept as history on the other.
    assert ok(cli, "--db", desktop, "import", str(from_laptop)).endswith(
        "1 were added, 1 already here.\nJournal of changes (history): 1 were added, 1 already "
        "here.\n"
    )
    assert ok(cli, "--db", laptop, "import", str(from_desktop)).endswith(
        "2 were added, 1 already here.\nJournal of changes (history): 3 were added, 1 already "
        "here.\n"
    )
    laptop_doc, desktop_doc = export_doc(cli, "--db", laptop), export_doc(cli, "--db", desktop)
    kinds = [e["kind"] for e in laptop_doc["entries"]]
    assert kinds == ["k2", "calcium", "vitamin-d"]
    for table in ("entries", "scans"):
        assert sorted(r["uid"] for r in laptop_doc[table]) == sorted(
            r["uid"] for r in desktop_doc[table]
        )


def test_conflicts_are_reported_and_kept_unless_preferred(
    cli: CliCall, frozen: Freeze, tmp_path: Path
) -> None:
    frozen("2026-11-22 08:30")
    ok(cli, "log", "k2", "180mcg", "--at", "2026-11-20 08:00", "--note", "ours")
    ok(cli, "profile", "set", "--birth-year", "1958")
    doc = export_doc(cli)
    doc["entries"][0].update(amount=200.0, input_amount=200.0, note="theirs")
    doc["profile"]["birth_year"] = 1957
    theirs = write(tmp_path / "theirs.json", doc)
    uid = doc["entries"][0]["uid"]
    result = cli("import", str(theirs), "--dry-run")
    assert result.stdout.splitlines()[-6:] == [
        "pauses                       0        0          0",
        "Conflict: profile profile.birth_year (/profile/birth_year): profile.birth_year "
        "differ; kept ours.",
        f"Conflict: entries {uid} (/entries/0): amount, input_amount, note differ; kept ours.",
        "0 would be added, 0 already here, 2 in conflict (kept ours; --prefer theirs takes the "
        "file's).",
        "Journal of changes (history): 0 would be added, 2 already here.",
        "Dry run: nothing was written.",
    ]
    kept = cli("import", str(theirs))
    assert kept.exit_code == 0
    assert export_doc(cli)["entries"][0]["note"] == "ours"
    taken = cli("import", str(theirs), "--prefer", "theirs")
    assert taken.stdout.endswith(
        "0 were added, 0 already here, 2 in conflict (2 were replaced by the file's).\n"
        "Journal of changes (history): 0 were added, 2 already here.\n"
    )
    after = export_doc(cli)
    assert (after["entries"][0]["amount"], after["entries"][0]["note"]) == (200.0, "theirs")
    assert after["profile"]["birth_year"] == 1957
    assert cli("import", str(theirs)).stdout.endswith(
        "0 were added, 2 already here.\nJournal of changes (history): 0 were added, 2 already "
        "here.\n"
    )


def test_same_scan_entered_on_two_devices(cli: CliCall, frozen: Freeze, tmp_path: Path) -> None:
    frozen("2026-11-22 08:30")
    other = str(tmp_path / "other.db")
    for db in (None, other):
        args = () if db is None else ("--db", db)
        ok(cli, *args, "scan", "add", "--date", "2025-03-14", "--site", "spine", "--bmd", "0.812")
    ok(cli, "--db", other, "scan", "add", "--date", "2025-03-14", "--site", "hip", "--bmd", "0.7")
    theirs = write(tmp_path / "other.json", export_doc(cli, "--db", other))
    # The same result under another uid is already here; the hip is new.
    assert ok(cli, "import", str(theirs)).endswith(
        "1 were added, 1 already here.\nJournal of changes (history): 2 were added, 0 already "
        "here.\n"
    )
    doc = json.loads(theirs.read_text())
    doc["scans"][0]["bmd"] = 0.9  # sites are sorted by name within a date
    assert doc["scans"][0]["site"] == "lumbar-spine"
    changed = cli("import", str(write(tmp_path / "changed.json", doc)))
    assert "Conflict: scans" in changed.stdout
    assert "bmd differ; kept ours." in changed.stdout


def test_a_bad_record_refuses_the_whole_import(
    cli: CliCall, frozen: Freeze, tmp_path: Path, db_path: Path
) -> None:
    record_history(cli, frozen)
    doc = export_doc(cli)
    target = str(tmp_path / "new.db")
    cases = [
        ("entries", 1, {"amount": 0}, "/entries/1/amount: the amount must be more than zero, "
         "not '0 µg'."),
        ("entries", 1, {"kind": "magnesium"}, "/entries/1/kind: unknown kind 'magnesium'. "
         "Did you mean 'calcium'? Kinds: k2, calcium, vitamin-d, exercise."),
        ("entries", 0, {"taken_at": "yesterday"}, "/entries/0/taken_at: 'yesterday' is not a "
         "time such as 2026-11-22T08:30:00+01:00."),
        ("entries", 0, {"taken_at": "2026-12-01T08:00:00+01:00"}, "/entries/0/taken_at: "
         "2026-12-01T08:00:00+01:00 is in the future; only what has happened is recorded."),
        ("entries", 1, {"unit": "mg"}, "/entries/1/unit: k2 amounts are in mcg, not 'mg'."),
        ("entries", 1, {"amount": 200.0}, "/entries/1/input_amount: 0.18 mg is not 200 µg: the "
         "amount as typed and the stored amount disagree."),
        ("scans", 0, {"bmd": 812}, "/scans/0/bmd: BMD 812 g/cm² is outside the plausible range "
         "0.2-2 g/cm² (812 looks like mg/cm²: that is 0.812 g/cm²)."),
        ("events", 0, {"severity": 11}, "/events/0/severity: severity 11 is outside 0 to 10 "
         "(0 none, 10 worst)."),
        ("events", 0, {"fragility": "yes"}, "/events/0/fragility: --fragility is only for "
         "fractures, not for a fall event (a fall that broke a bone is recorded as a fracture)."),
        ("plans", 0, {"per": "month"}, "/plans/0: --per must be day or week, not 'month'."),
        ("entries", 1, {"uid": doc["entries"][0]["uid"]}, "/entries/1: the same uid as "
         "/entries/0."),
        ("entries", 1, {"note": "a\x1b[31mred"}, "/entries/1/note: note cannot contain control "
         "characters such as a newline or escape."),
        ("entries", 1, {"colour": "red"}, "/entries/1/colour: is not a field of entries."),
    ]  # fmt: skip
    for table, index, change, message in cases:
        bad = json.loads(json.dumps(doc))
        bad[table][index].update(change)
        path = write(tmp_path / "bad.json", bad)
        result = cli("--db", target, "import", str(path))
        assert (result.exit_code, result.stderr) == (
            2,
            f"Error: {path}: {message} Nothing was imported.\n",
        ), change
    newer = write(tmp_path / "newer.json", {**doc, "version": 3})
    result = cli("--db", target, "import", str(newer))
    assert result.stderr == (
        f"Error: {newer}: /version: this file is in format version 3, written by a newer "
        "bonetrack; this one reads versions up to 2: upgrade bonetrack to import it. "
        "Nothing was imported.\n"
    )
    # Refused before the database was even opened.
    assert not Path(target).exists()
    # A bad record among good new ones leaves a database in use as it was.
    before = body(export_doc(cli))
    mixed = json.loads(json.dumps(doc))
    for entry in mixed["entries"]:
        entry["uid"] = entry["uid"][:-4] + "beef"  # new records, all valid...
    mixed["events"][0]["severity"] = 11  # ...but one bad record after them
    assert cli("import", str(write(tmp_path / "mixed.json", mixed))).exit_code == 2
    assert body(export_doc(cli)) == before


def test_a_bad_csv_row_names_its_line(cli: CliCall, frozen: Freeze, tmp_path: Path) -> None:
    record_history(cli, frozen)
    source = tmp_path / "export.zip"
    ok(cli, "export", "--format", "csv", "--out", str(source))
    with zipfile.ZipFile(source) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    lines = files["entries.csv"].decode("utf-8-sig").split("\r\n")
    lines[2] = lines[2].replace(",k2,180.0,", ",k2,abc,")
    files["entries.csv"] = "\r\n".join(lines).encode()
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    target = tmp_path / "new.db"
    result = cli("--db", str(target), "import", str(bad))
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {bad}: entries.csv line 3, amount: 'abc' is not a number. Nothing was imported.\n",
    )
    assert not target.exists()


def test_dry_run_writes_nothing(cli: CliCall, frozen: Freeze, tmp_path: Path) -> None:
    record_history(cli, frozen)
    source = write(tmp_path / "export.json", export_doc(cli))
    target = tmp_path / "new.db"
    result = cli("--db", str(target), "import", str(source), "--dry-run")
    assert result.stdout.endswith(
        "11 would be added, 0 already here.\nJournal of changes (history): 9 would be added, 0 "
        "already here.\nDry run: nothing was written.\n"
    )
    assert rows(target) == dict.fromkeys(rows(target), 0)


def test_format_is_told_by_content_not_name(cli: CliCall, frozen: Freeze, tmp_path: Path) -> None:
    record_history(cli, frozen)
    zipped = tmp_path / "export.json"  # a zip, named .json
    ok(cli, "export", "--format", "csv", "--out", str(zipped))
    result = cli("--db", str(tmp_path / "a.db"), "import", str(zipped))
    assert result.stdout.startswith(f"{zipped}: bonetrack export version 2 (CSV zip)")
    text = tmp_path / "notes.zip"
    text.write_text("shopping list: milk, eggs\n")
    refused = cli("--db", str(tmp_path / "b.db"), "import", str(text))
    assert refused.stderr == (
        f"Error: {text}: not a bonetrack export: neither a JSON export nor a zip of CSV files "
        "(see `bonetrack export --help`). Nothing was imported.\n"
    )
    other_json = tmp_path / "other.json"
    other_json.write_text('{"name": "not ours"}')
    assert cli("import", str(other_json)).stderr == (
        f"Error: {other_json}: /format: this is not a bonetrack export (its format should be "
        "'bonetrack-export'). Nothing was imported.\n"
    )


def test_stdin_and_folders(cli: CliCall, frozen: Freeze, tmp_path: Path) -> None:
    record_history(cli, frozen)
    exported = ok(cli, "export")
    piped = cli("--db", str(tmp_path / "a.db"), "import", "-", input=exported)
    assert piped.stdout.startswith("stdin: bonetrack export version 2 (JSON)")
    ok(cli, "export", "--format", "csv", "--out", f"{tmp_path}/folder/")
    folder = cli("--db", str(tmp_path / "b.db"), "import", f"{tmp_path}/folder")
    assert folder.stdout.endswith(
        "11 were added, 0 already here.\nJournal of changes (history): 9 were added, 0 already "
        "here.\n"
    )


# --- untrusted input -------------------------------------------------------------


def refused(cli: CliCall, path: Path) -> str:
    result = cli("import", str(path))
    assert result.exit_code == 2, result.stdout
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    return str(result.stderr)


def test_a_huge_file_is_refused_unread(cli: CliCall, tmp_path: Path) -> None:
    huge = tmp_path / "huge.json"
    with huge.open("wb") as handle:  # 1 GB, sparse: nothing much on disk
        handle.write(b"{")
        handle.truncate(1024**3)
    assert refused(cli, huge) == (
        f"Error: {huge}: larger than 200 MB, the most bonetrack imports. Nothing was imported.\n"
    )


def test_deep_nesting_is_refused(cli: CliCall, tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text('{"format": ' + "[" * 200_000 + "]" * 200_000 + "}")
    assert refused(cli, deep) == (
        f"Error: {deep}: nested too deeply to be a bonetrack export. Nothing was imported.\n"
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"format": NaN}', "not a bonetrack export: NaN is not a number bonetrack stores."),
        ('{"a": 1, "a": 2}', "not a bonetrack export: the key 'a' appears twice in one object."),
        ('{"format": 1' + "0" * 10_000 + "}", "not a bonetrack export: Exceeds the limit"),
        ('{"format": ', "not valid JSON: Expecting value at line 1, column 12."),
        ("[1, 2]", "not a bonetrack export: neither a JSON export nor a zip of CSV files"),
    ],
)
def test_malformed_json(cli: CliCall, tmp_path: Path, text: str, reason: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text)
    assert refused(cli, path).startswith(f"Error: {path}: {reason}")


def zipped(tmp_path: Path, files: dict[str, bytes]) -> Path:
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return path


MANIFEST = b"format,version,exported_at,from,to,kinds\r\nbonetrack-export,1,2026-11-22T08:00:00+01:00,,,\r\n"  # noqa: E501


def test_a_huge_csv_field_is_refused(cli: CliCall, frozen: Freeze, tmp_path: Path) -> None:
    frozen("2026-11-22 08:30")
    header = b"uid,kind,amount,unit,input_amount,input_unit,taken_at,note,source,created_at\r\n"
    row = b'00000000-0000-4000-8000-000000000000,k2,180,mcg,180,mcg,2026-11-22T08:00:00+01:00,"'
    entries = header + row + b"x" * 10_000_000 + b'",cli,x\r\n'
    path = zipped(tmp_path, {"bonetrack-export.csv": MANIFEST, "entries.csv": entries})
    assert refused(cli, path) == (
        f"Error: {path}: entries.csv line 2: field larger than field limit (65536). "
        "Nothing was imported.\n"
    )


def test_a_zip_bomb_is_read_no_further_than_the_limit(
    cli: CliCall, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bonetrack.domain import import_csv

    monkeypatch.setattr(import_csv, "MAX_IMPORT_BYTES", 1024 * 1024)
    path = zipped(tmp_path, {"bonetrack-export.csv": MANIFEST, "entries.csv": b"0" * 50_000_000})
    assert path.stat().st_size < 100_000  # 50 MB of zeros packs to almost nothing
    assert refused(cli, path) == (
        f"Error: {path}: entries.csv unpacks to more than 200 MB (all files together), the most "
        "bonetrack imports. Nothing was imported.\n"
    )


def test_paths_inside_a_zip_are_never_followed(cli: CliCall, tmp_path: Path) -> None:
    path = zipped(tmp_path, {"bonetrack-export.csv": MANIFEST, "../../etc/passwd": b"root"})
    assert refused(cli, path) == (
        f"Error: {path}: the zip holds '../../etc/passwd': not a file of a bonetrack export. "
        "Nothing was imported.\n"
    )
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    assert refused(cli, damaged).startswith(f"Error: {damaged}: a damaged zip file")


def test_export_of_a_zip_member_shape_is_not_a_zip_of_ours(cli: CliCall, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("entries.csv", "uid\r\n")
    path = tmp_path / "x.zip"
    path.write_bytes(buffer.getvalue())
    assert refused(cli, path) == (
        f"Error: {path}: not a bonetrack export: bonetrack-export.csv is missing. "
        "Nothing was imported.\n"
    )
