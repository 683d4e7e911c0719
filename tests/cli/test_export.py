"""`bonetrack export`: every field, in JSON and CSV, private files, narrowed exports."""

from __future__ import annotations

import csv
import io
import json
import re
import stat
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CliCall, Freeze

SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "export-schema.json"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
NOTE = 'with "breakfast", café; 2nd'


def ok(cli: CliCall, *args: str) -> str:
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def record_history(cli: CliCall, frozen: Freeze) -> None:
    """One of everything a user enters, at known times (Amsterdam, winter: UTC+1)."""
    frozen("2026-11-22 08:30")
    ok(cli, "log", "k2", "0.18mg", "--form", "mk7", "--at", "2026-11-21 08:00", "--note", NOTE)
    ok(cli, "log", "exercise", "1h30m", "--type", "strength", "--at", "2026-07-01 18:00")
    ok(cli, "plan", "set", "calcium", "1000mg", "--times", "2", "--from", "2026-11-01")
    ok(cli, "scan", "add", "--date", "2025-03-14", "--site", "spine", "--bmd", "0.812",
       "--t-score", "-1.8", "--machine", "Hologic")  # fmt: skip
    ok(cli, "event", "add", "fall", "--at", "2020-05-01 10:00", "--site", "left wrist",
       "--severity", "4")  # fmt: skip
    ok(cli, "profile", "set", "--birth-year", "1958", "--sex", "female", "--name", "Ana Núñez")
    ok(cli, "note", "add", "Is my vitamin D dose right?", "--for-visit")
    ok(cli, "profile", "set", "--anticoagulant", "warfarin")
    ok(cli, "config", "set", "scan-interval", "18m")


def without_uids(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for record in records:
        assert UUID.match(record["uid"]), record["uid"]
    return [{k: v for k, v in r.items() if k != "uid"} for r in records]


def test_json_export_holds_every_field(cli: CliCall, frozen: Freeze) -> None:
    record_history(cli, frozen)
    doc = json.loads(ok(cli, "export"))
    stored = "2026-11-22T07:30:00+00:00"
    assert {k: doc[k] for k in ("format", "version", "exported_at", "selection")} == {
        "format": "bonetrack-export",
        "version": 2,
        "exported_at": "2026-11-22T08:30:00+01:00",
        "selection": {"from": None, "to": None, "kinds": None},
    }
    assert doc["profile"] == {
        "birth_year": 1958,
        "sex": "female",
        "menopause_year": None,
        "name": "Ana Núñez",
    }
    assert doc["settings"] == {"config.scan_interval": "18m"}
    assert without_uids(doc["entries"]) == [
        {"kind": "exercise", "amount": 90.0, "unit": "min", "input_amount": 90.0,
         "input_unit": "min", "form": None, "type": "strength",
         "taken_at": "2026-07-01T18:00:00+02:00", "note": None, "source": "cli",
         "created_at": stored, "medicine": None},
        {"kind": "k2", "amount": 180.0, "unit": "mcg", "input_amount": 0.18, "input_unit": "mg",
         "form": "mk7", "type": None, "taken_at": "2026-11-21T08:00:00+01:00", "note": NOTE,
         "source": "cli", "created_at": stored, "medicine": None},
    ]  # fmt: skip
    assert without_uids(doc["plans"]) == [
        {"kind": "calcium", "type": None, "amount": 1000.0, "unit": "mg", "per": "day",
         "times": 2, "form": None, "valid_from": "2026-11-01", "active": True,
         "created_at": stored},
    ]  # fmt: skip
    assert without_uids(doc["scans"]) == [
        {"date": "2025-03-14", "site": "lumbar-spine", "bmd": 0.812, "t_score": -1.8,
         "z_score": None, "machine": "Hologic", "facility": None, "note": None,
         "created_at": stored},
    ]  # fmt: skip
    assert without_uids(doc["events"]) == [
        {"kind": "fall", "occurred_at": "2020-05-01T10:00:00+02:00", "site": "left wrist",
         "severity": 4, "fragility": None, "note": None, "source": "cli",
         "created_at": stored},
    ]  # fmt: skip
    assert doc["heights"] == []
    assert without_uids(doc["anticoagulant_history"]) == [
        {"status": "vka", "drug": "warfarin", "valid_from": "2026-11-22", "created_at": stored},
    ]
    assert without_uids(doc["notes"]) == [
        {"text": "Is my vitamin D dose right?", "for_visit": True, "written_on": "2026-11-22",
         "done_on": None, "source": "cli", "created_at": stored},
    ]  # fmt: skip
    uids = [r["uid"] for name in ("entries", "plans", "scans", "events") for r in doc[name]]
    assert len(set(uids)) == len(uids)


def test_json_export_validates_against_the_schema(cli: CliCall, frozen: Freeze) -> None:
    import jsonschema

    record_history(cli, frozen)
    schema = json.loads(SCHEMA.read_text())
    doc = json.loads(ok(cli, "export"))
    jsonschema.Draft202012Validator(schema).validate(doc)
    # The schema is strict enough to catch what the importer refuses.
    doc["entries"][0]["amount"] = -1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(doc)


def test_schema_lists_every_field_of_the_format() -> None:
    from bonetrack.domain.export_tables import PROFILE_FIELDS, TABLES

    schema = json.loads(SCHEMA.read_text())["properties"]
    for name, table in TABLES.items():
        items = schema[name]["items"]
        assert list(items["properties"]) == [f.name for f in table.fields], name
        assert items["required"] == [f.name for f in table.fields if f.required], name
    assert list(schema["profile"]["properties"]) == [f.name for f in PROFILE_FIELDS]


def read_zip(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name).decode("utf-8-sig") for name in archive.namelist()}


def test_csv_zip_opens_in_a_spreadsheet(cli: CliCall, frozen: Freeze, tmp_path: Path) -> None:
    record_history(cli, frozen)
    target = tmp_path / "out" / "bonetrack.zip"
    result = cli("export", "--format", "csv", "--out", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        f"Exported 1 plans, 0 medicines, 2 entries, 1 scans, 1 events, 0 heights, "
        f"1 anticoagulant history, 1 notes, 0 lab results, 0 imports, 0 dietary intakes, "
        f"0 pauses, 9 changes, 14 change rows as a zip of CSV files {target}.\n"
    )
    files = read_zip(target.read_bytes())
    assert list(files) == [
        "bonetrack-export.csv", "profile.csv", "settings.csv", "plans.csv", "medicines.csv",
        "entries.csv", "scans.csv", "events.csv", "heights.csv", "anticoagulant_history.csv",
        "notes.csv", "lab_results.csv", "imports.csv", "dietary_intakes.csv", "pauses.csv",
        "changes.csv", "change_rows.csv",
    ]  # fmt: skip
    with zipfile.ZipFile(target) as archive:
        raw = archive.read("entries.csv")
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: spreadsheets read é right
    lines = raw.decode("utf-8-sig").split("\r\n")  # RFC 4180 line ends
    assert lines[0] == (
        "uid,kind,amount,unit,input_amount,input_unit,form,type,taken_at,note,source,created_at,"
        "medicine"
    )
    # The note's quotes are doubled and the field quoted, as RFC 4180 says.
    assert lines[2].endswith(
        ',k2,180.0,mcg,0.18,mg,mk7,,2026-11-21T08:00:00+01:00,"with ""breakfast"", café; 2nd",'
        "cli,2026-11-22T07:30:00+00:00,"
    )
    assert files["bonetrack-export.csv"] == (
        "format,version,exported_at,from,to,kinds\r\n"
        "bonetrack-export,2,2026-11-22T08:30:00+01:00,,,\r\n"
    )
    assert (
        files["profile.csv"] == "birth_year,sex,menopause_year,name\r\n1958,female,,Ana Núñez\r\n"
    )
    assert files["settings.csv"] == "key,value\r\nconfig.scan_interval,18m\r\n"
    rows = list(csv.DictReader(io.StringIO(files["entries.csv"], newline="")))
    assert rows[1]["note"] == NOTE
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700


def test_csv_folder(cli: CliCall, frozen: Freeze, tmp_path: Path) -> None:
    record_history(cli, frozen)
    folder = tmp_path / "export"
    assert cli("export", "--format", "csv", "--out", f"{folder}/").exit_code == 0
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["bonetrack-export.csv", "profile.csv", "settings.csv", "plans.csv", "medicines.csv",
         "entries.csv", "scans.csv", "events.csv", "heights.csv", "anticoagulant_history.csv",
         "notes.csv", "lab_results.csv", "imports.csv", "dietary_intakes.csv", "pauses.csv",
         "changes.csv", "change_rows.csv"]
    )  # fmt: skip
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in folder.iterdir())
    again = cli("export", "--format", "csv", "--out", f"{folder}/")
    assert (again.exit_code, again.stderr) == (
        2,
        f"Error: {folder / 'bonetrack-export.csv'} already exists: add --force to replace it.\n",
    )
    assert cli("export", "--format", "csv", "--out", f"{folder}/", "--force").exit_code == 0


def test_existing_file_needs_force(cli: CliCall, frozen: Freeze, tmp_path: Path) -> None:
    record_history(cli, frozen)
    target = tmp_path / "mine.json"
    target.write_text("precious")
    result = cli("export", "--out", str(target))
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {target} already exists: add --force to replace it.\n",
    )
    assert target.read_text() == "precious"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert cli("export", "--out", str(target), "--force").exit_code == 0
    assert json.loads(target.read_text())["format"] == "bonetrack-export"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_narrowed_export(cli: CliCall, frozen: Freeze) -> None:
    frozen("2026-11-22 08:30")
    ok(cli, "plan", "set", "k2", "180mcg", "--from", "2026-01-01")
    ok(cli, "plan", "set", "k2", "200mcg", "--from", "2026-06-01")
    ok(cli, "plan", "set", "k2", "100mcg", "--from", "2026-07-01")
    ok(cli, "plan", "set", "k2", "90mcg", "--from", "2026-09-01")
    ok(cli, "plan", "set", "calcium", "500mg", "--from", "2026-01-01")
    for day in ("2026-06-10", "2026-06-20", "2026-07-10"):
        ok(cli, "log", "k2", "180mcg", "--at", day)
        ok(cli, "log", "calcium", "500mg", "--at", day)
    ok(cli, "event", "add", "fall", "--at", "2026-06-15")
    ok(cli, "event", "add", "pain", "--at", "2026-06-15")
    ok(cli, "profile", "set", "--birth-year", "1958")
    narrowed = ("--from", "2026-06-15", "--to", "2026-06-30", "--kind", "k2", "--kind", "fall")
    doc = json.loads(ok(cli, "export", *narrowed))
    assert doc["selection"] == {"from": "2026-06-15", "to": "2026-06-30", "kinds": ["k2", "fall"]}
    assert [(e["kind"], e["taken_at"][:10]) for e in doc["entries"]] == [("k2", "2026-06-20")]
    # the version in force on the 15th, and none that took effect later
    assert [(p["kind"], p["amount"]) for p in doc["plans"]] == [("k2", 200.0)]
    assert [e["kind"] for e in doc["events"]] == ["fall"]
    assert doc["profile"] == {"birth_year": None, "sex": None, "menopause_year": None, "name": None}
    assert doc["scans"] == []


def test_bad_export_options(cli: CliCall, tmp_path: Path) -> None:
    cases = {
        ("--format", "xml"): "Error: unknown --format 'xml': use json or csv.\n",
        ("--kind", "magnesium"): (
            "Error: unknown --kind 'magnesium': use an entry kind (k2, calcium, vitamin-d, "
            "exercise), an event kind (fracture, fall, pain, mobility, checkin) or scans, "
            "heights, anticoagulant, notes, profile, medicines, labs, food, pauses.\n"
        ),
        ("--from", "2026-02-01", "--to", "2026-01-01"): (
            "Error: --from 2026-02-01 is after --to 2026-01-01.\n"
        ),
        ("--out", f"{tmp_path}/"): (
            f"Error: {tmp_path}/ is a folder: a JSON export is one file; give a file name.\n"
        ),
    }
    for args, message in cases.items():
        result = cli("export", *args)
        assert (result.exit_code, result.stderr) == (2, message), args
