"""Export format version 2: medicines, medicine doses, lab results and imported food.

Exported with every field, checked on import as the commands and importers that
store them check them, merged by uid (and imported food also by its source and
key), narrowed by --kind and --from/--to, and version 1 files still read.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_export import SCHEMA, ok, read_zip, without_uids
from tests.cli.test_import import JOURNAL, data, export_doc, records, write
from tests.conftest import CliCall, Freeze, dump

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DAILY = FIXTURES / "cronometer" / "dailysummary.csv"
STORED = "2026-11-22T07:30:00+00:00"
KEYS = {  # Cronometer's day keys (domain/food.day_record_key) of 2026-03-27
    "calcium": "8acbc0b601dcfa78157494647f754f47cf73a80aa59656f31865c97654795b03",
    "vitamin-d": "53c96e531f6587ca5afb711798c018444ea7547b69a2b65cf18e6794cf3cd3d4",
    "vitamin-k": "89bcf9b0371856751d1e1ef546e3594b0abdc10334707125766cc079f081059a",
}


def record_treatment_and_food(cli: CliCall, frozen: Freeze, *db: str) -> None:
    """Two medicines (one changed), two doses, three lab results and a Cronometer import."""
    frozen("2026-11-22 08:30")
    ok(cli, *db, "med", "add", "denosumab", "--from", "2026-06-01")
    ok(cli, *db, "med", "take", "prolia", "--at", "2026-06-01 10:00")
    ok(cli, *db, "med", "add", "alendronate", "--from", "2026-11-02")
    ok(cli, *db, "med", "take", "alendronate", "--at", "2026-11-16 06:40", "--note", "on waking")
    ok(cli, *db, "med", "edit", "alendronate", "--on", "tuesday", "--from", "2026-11-17")
    ok(cli, *db, "lab", "add", "25ohd", "32ng/mL", "--date", "2026-11-10", "--lab", "City Lab")
    ok(cli, *db, "lab", "add", "ctx", "0.35ng/mL", "--date", "2026-11-10", "--lab", "City Lab")
    ok(cli, *db, "lab", "add", "inr", "2.4", "--date", "2026-11-12", "--ref-low", "2",
       "--ref-high", "3")  # fmt: skip
    ok(cli, *db, "import", "--from", "cronometer", str(DAILY))


def food_on(day: str, calcium: float, vitamin_d: float, vitamin_k: float) -> list[dict[str, Any]]:
    amounts = (("calcium", calcium, "mg"), ("vitamin-d", vitamin_d, "IU"),
               ("vitamin-k", vitamin_k, "mcg"))  # fmt: skip
    return [
        {"date": day, "nutrient": nutrient, "amount": amount, "unit": unit,
         "source": "cronometer", "source_app": "Cronometer"}
        for nutrient, amount, unit in amounts
    ]  # fmt: skip


def test_json_export_holds_medicines_doses_labs_and_food(cli: CliCall, frozen: Freeze) -> None:
    record_treatment_and_food(cli, frozen)
    doc = json.loads(ok(cli, "export"))
    assert doc["version"] == 2
    assert without_uids(doc["medicines"]) == [
        {"name": "denosumab", "dose": 60000.0, "unit": "mcg", "every_count": 6,
         "every_unit": "month", "weekday": None, "route": "injection", "fasting_min": None,
         "valid_from": "2026-06-01", "active": True, "created_at": STORED},
        {"name": "alendronate", "dose": 70000.0, "unit": "mcg", "every_count": 1,
         "every_unit": "week", "weekday": "monday", "route": "oral", "fasting_min": 30,
         "valid_from": "2026-11-02", "active": True, "created_at": STORED},
        {"name": "alendronate", "dose": 70000.0, "unit": "mcg", "every_count": 1,
         "every_unit": "week", "weekday": "tuesday", "route": "oral", "fasting_min": 30,
         "valid_from": "2026-11-17", "active": True, "created_at": STORED},
    ]  # fmt: skip
    assert without_uids(doc["entries"]) == [
        {"kind": "medicine", "amount": 60000.0, "unit": "mcg", "input_amount": 60.0,
         "input_unit": "mg", "form": None, "type": None, "taken_at": "2026-06-01T10:00:00+02:00",
         "note": None, "source": "cli", "created_at": STORED, "medicine": "denosumab"},
        {"kind": "medicine", "amount": 70000.0, "unit": "mcg", "input_amount": 70.0,
         "input_unit": "mg", "form": None, "type": None, "taken_at": "2026-11-16T06:40:00+01:00",
         "note": "on waking", "source": "cli", "created_at": STORED, "medicine": "alendronate"},
    ]  # fmt: skip
    assert without_uids(doc["lab_results"]) == [
        {"test": "25ohd", "value": 79.872, "unit": "nmol/L", "input_value": 32.0,
         "input_unit": "ng/mL", "taken_on": "2026-11-10", "ref_low": None, "ref_high": None,
         "lab": "City Lab", "note": None, "source": "cli", "created_at": STORED},
        {"test": "ctx", "value": 0.35, "unit": "ng/mL", "input_value": 0.35,
         "input_unit": "ng/mL", "taken_on": "2026-11-10", "ref_low": None, "ref_high": None,
         "lab": "City Lab", "note": None, "source": "cli", "created_at": STORED},
        {"test": "inr", "value": 2.4, "unit": None, "input_value": 2.4, "input_unit": None,
         "taken_on": "2026-11-12", "ref_low": 2.0, "ref_high": 3.0, "lab": None, "note": None,
         "source": "cli", "created_at": STORED},
    ]  # fmt: skip
    assert without_uids(doc["imports"]) == [
        {"source": "cronometer", "name": str(DAILY), "imported_at": STORED},
    ]
    import_uid = doc["imports"][0]["uid"]
    food = without_uids(doc["dietary_intakes"])
    assert {(r["import"], len(r.pop("record_key"))) for r in food} == {(import_uid, 64)}
    assert [{k: v for k, v in r.items() if k != "import"} for r in food] == [
        *food_on("2026-03-25", 1104.5, 512.0, 187.3),
        *food_on("2026-03-27", 267.0, 88.0, 23.4),
        *food_on("2026-03-28", 611.3, 4889.0, 261.25),
    ]
    assert [r["record_key"] for r in doc["dietary_intakes"][3:6]] == list(KEYS.values())


def test_export_validates_against_the_schema_and_so_does_version_1(
    cli: CliCall, frozen: Freeze
) -> None:
    import jsonschema

    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text()))
    record_treatment_and_food(cli, frozen)
    doc = json.loads(ok(cli, "export"))
    validator.validate(doc)
    validator.validate(json.loads((FIXTURES / "export-v1" / "bonetrack.json").read_text()))
    # Strict enough to catch what the importer refuses.
    for table, index, change in [
        ("entries", 0, {"medicine": None}),  # a dose names its medicine
        ("entries", 0, {"kind": "k2"}),  # and only a dose names one
        ("medicines", 0, {"every_unit": "year"}),
        ("lab_results", 0, {"test": "b12"}),
        ("dietary_intakes", 0, {"record_key": "cronometer-2026-03-25"}),
        ("dietary_intakes", 0, {"import": None}),
        ("imports", 0, {"source": "myfitnesspal"}),
    ]:
        bad = json.loads(json.dumps(doc))
        bad[table][index].update(change)
        with pytest.raises(jsonschema.ValidationError):
            validator.validate(bad)


def test_csv_files_of_the_new_tables(cli: CliCall, frozen: Freeze, tmp_path: Path) -> None:
    record_treatment_and_food(cli, frozen)
    target = tmp_path / "export.zip"
    result = cli("export", "--format", "csv", "--out", str(target))
    assert result.stderr == (
        "Exported 0 plans, 3 medicines, 2 entries, 0 scans, 0 events, 0 heights, "
        "0 anticoagulant history, 0 notes, 3 lab results, 1 imports, 9 dietary intakes, "
        f"0 pauses, 9 changes, 18 change rows as a zip of CSV files {target}.\n"
    )
    files = {name: text.split("\r\n") for name, text in read_zip(target.read_bytes()).items()}
    assert files["medicines.csv"][0] == (
        "uid,name,dose,unit,every_count,every_unit,weekday,route,fasting_min,valid_from,active,"
        "created_at"
    )
    assert files["medicines.csv"][2].endswith(
        ",alendronate,70000.0,mcg,1,week,monday,oral,30,2026-11-02,true,2026-11-22T07:30:00+00:00"
    )
    assert files["lab_results.csv"][0] == (
        "uid,test,value,unit,input_value,input_unit,taken_on,ref_low,ref_high,lab,note,source,"
        "created_at"
    )
    # INR has no unit: empty cells
    assert files["lab_results.csv"][3].endswith(
        ",inr,2.4,,2.4,,2026-11-12,2.0,3.0,,,cli,2026-11-22T07:30:00+00:00"
    )
    assert files["imports.csv"][0] == "uid,source,name,imported_at"
    assert files["dietary_intakes.csv"][0] == (
        "uid,date,nutrient,amount,unit,source,source_app,record_key,import"
    )
    import_uid = files["imports.csv"][1].split(",")[0]
    assert files["dietary_intakes.csv"][4].endswith(
        f",2026-03-27,calcium,267.0,mg,cronometer,Cronometer,{KEYS['calcium']},{import_uid}"
    )


@pytest.mark.parametrize("form", ["json", "csv"])
def test_demo_with_food_round_trips(
    cli: CliCall, frozen: Freeze, tmp_path: Path, form: str
) -> None:
    """demo (medicines, doses, labs) + imported food -> export -> import into an empty
    database -> export: the same document, but for exported_at."""
    frozen("2026-11-22 08:30")
    demo, empty = str(tmp_path / "demo.db"), str(tmp_path / "empty.db")
    ok(cli, "demo", "--db", demo, "--years", "1", "--json")
    ok(cli, "--db", demo, "import", "--from", "cronometer", str(DAILY))
    first = tmp_path / f"first.{form}"
    ok(cli, "--db", demo, "export", "--format", form, "--out", str(first))
    doc = export_doc(cli, "--db", demo)
    counts = {name: len(doc[name]) for name in ("medicines", "lab_results", "dietary_intakes")}
    assert counts == {"medicines": 1, "lab_results": 6, "dietary_intakes": 9}
    assert sum(e["kind"] == "medicine" for e in doc["entries"]) == 40  # weekly, from month 2
    imported = ok(cli, "--db", empty, "import", str(first))
    total = records(doc)
    assert (doc["profile"], doc["settings"]) == (dict.fromkeys(doc["profile"]), {})
    # The demo's data is not a change of its own; the Cronometer import is.
    assert imported.endswith(
        f"{total} were added, 0 already here.\nJournal of changes (history): 1 were added, 0 "
        "already here.\n"
    )
    frozen("2026-11-22 09:00")
    second = tmp_path / f"second.{form}"
    ok(cli, "--db", empty, "export", "--format", form, "--out", str(second))
    if form == "json":
        a, b = json.loads(first.read_text()), json.loads(second.read_text())
        assert (a.pop("exported_at"), b.pop("exported_at")) == (
            "2026-11-22T08:30:00+01:00",
            "2026-11-22T09:00:00+01:00",
        )
        # The journal here: this import (the change made here), then the history it brought.
        assert [c["command"] for c in b["changes"]] == [
            f"bonetrack import {first}",
            f"bonetrack import --from cronometer {DAILY}",
        ]
        assert data(a) == data(b)
    else:
        a, b = read_zip(first.read_bytes()), read_zip(second.read_bytes())
        assert a.pop("bonetrack-export.csv") != b.pop("bonetrack-export.csv")
        assert {k: v for k, v in a.items() if k[:-4] not in JOURNAL} == {
            k: v for k, v in b.items() if k[:-4] not in JOURNAL
        }
    again = ok(cli, "--db", empty, "import", str(first))
    assert again.endswith(
        f"0 were added, {total} already here.\nJournal of changes (history): 0 were added, 1 "
        "already here.\n"
    )


def test_narrowed_exports_hold_what_their_records_name(
    cli: CliCall, frozen: Freeze, tmp_path: Path
) -> None:
    record_treatment_and_food(cli, frozen)
    # A tablet taken before its schedule starts (med take allows it, with a note).
    ok(cli, "med", "take", "alendronate", "--at", "2026-10-30 07:00")
    window = ("--from", "2026-10-25", "--to", "2026-10-31")
    doc = json.loads(ok(cli, "export", "--kind", "medicines", *window))
    assert [(e["medicine"], e["taken_at"][:10]) for e in doc["entries"]] == [
        ("alendronate", "2026-10-30")
    ]
    # denosumab is in force then; alendronate's first version is the one its dose names
    assert [(m["name"], m["valid_from"]) for m in doc["medicines"]] == [
        ("denosumab", "2026-06-01"),
        ("alendronate", "2026-11-02"),
    ]
    assert (doc["lab_results"], doc["dietary_intakes"], doc["imports"]) == ([], [], [])
    alone = str(tmp_path / "alone.db")
    assert ok(cli, "--db", alone, "import", str(write(tmp_path / "m.json", doc))).endswith(
        "3 were added, 0 already here.\n"
    )
    food = json.loads(ok(cli, "export", "--kind", "food", "--from", "2026-03-27", "--to",
                         "2026-03-27"))  # fmt: skip
    assert [(r["date"], r["nutrient"]) for r in food["dietary_intakes"]] == [
        ("2026-03-27", "calcium"), ("2026-03-27", "vitamin-d"), ("2026-03-27", "vitamin-k"),
    ]  # fmt: skip
    assert [i["source"] for i in food["imports"]] == ["cronometer"]
    assert food["entries"] == food["medicines"] == food["lab_results"] == []
    labs = json.loads(ok(cli, "export", "--kind", "lab", "--from", "2026-11-11"))
    assert [r["test"] for r in labs["lab_results"]] == ["inr"]
    assert labs["selection"]["kinds"] == ["labs"]
    k2 = json.loads(ok(cli, "export", "--kind", "k2"))
    assert k2["entries"] == k2["medicines"] == k2["imports"] == []


def bad_import(cli: CliCall, tmp_path: Path, doc: dict[str, Any], db: Path) -> str:
    path = write(tmp_path / "bad.json", doc)
    before = dump(db)
    result = cli("--db", str(db), "import", str(path))
    assert result.exit_code == 2, result.stdout
    assert dump(db) == before  # nothing written
    prefix = f"Error: {path}: "
    assert result.stderr.startswith(prefix)
    assert result.stderr.endswith(" Nothing was imported.\n")
    return str(result.stderr[len(prefix) : -len(" Nothing was imported.\n")])


def test_each_new_record_is_checked_as_its_command_checks_it(
    cli: CliCall, frozen: Freeze, tmp_path: Path
) -> None:
    record_treatment_and_food(cli, frozen)
    doc = export_doc(cli)
    target = tmp_path / "new.db"
    ok(cli, "--db", str(target), "log", "k2", "90mcg")  # a database in use
    cases = [
        ("medicines", 0, {"name": "k2"}, "/medicines/0/name: 'k2' is not a medicine name "
         "bonetrack can use (`bonetrack log k2`)."),
        ("medicines", 0, {"every_unit": "year"}, "/medicines/0/every_unit: 'year' must be one "
         "of day, week, month."),
        ("medicines", 0, {"every_count": 25}, "/medicines/0/every_count: every 25 months is out "
         "of range: from 1 day to 2 years."),
        ("medicines", 1, {"weekday": None}, "/medicines/1: a weekly schedule needs its usual "
         "weekday."),
        ("medicines", 0, {"weekday": "monday"}, "/medicines/0: a weekday is for weekly "
         "schedules, not a dose every 6 months."),
        ("medicines", 0, {"fasting_min": 30}, "/medicines/0: a fasting window is for a medicine "
         "taken by mouth, not one given as injection."),
        ("medicines", 1, {"fasting_min": 300}, "/medicines/1: a fasting window of 300 minutes "
         "must be minutes from 1 to 240, or none."),
        ("medicines", 0, {"dose": None}, "/medicines/0: Denosumab needs its dose (bonetrack "
         "stores it with every schedule)."),
        ("medicines", 0, {"unit": "mg"}, "/medicines/0/unit: medicine doses are in mcg, not "
         "'mg'."),
        ("entries", 0, {"medicine": None}, "/entries/0/medicine: is missing: a medicine dose "
         "names its medicine."),
        ("entries", 0, {"amount": 20_000_000.0, "input_amount": 20.0, "input_unit": "g"},
         "/entries/0/amount: 20000 mg of medicine in one entry is not plausible (more than 10 g); "
         "check the unit."),
        ("lab_results", 0, {"test": "b12"}, "/lab_results/0/test: unknown lab test 'b12'. "
         "Tests: 25ohd, inr, calcium, ctx, p1np, bap, osteocalcin, ntx, creatinine, egfr, pth."),
        ("lab_results", 0, {"input_unit": "mg/dL"}, "/lab_results/0/input_unit: unknown unit "
         "'mg/dL' for 25(OH)D: use ng/mL, nmol/L."),
        ("lab_results", 0, {"value": 80.0}, "/lab_results/0/value: 80 nmol/L is not 32 ng/mL: "
         "the value as typed and the stored value disagree."),
        ("lab_results", 0, {"unit": "ng/mL"}, "/lab_results/0/unit: 25(OH)D results typed in "
         "32 ng/mL are stored in nmol/L, not 'ng/mL'."),
        ("lab_results", 0, {"input_value": 500.0}, "/lab_results/0/input_value: 500 ng/mL is not "
         "a plausible 25(OH)D result (more than 400.64 ng/mL); check the unit."),
        ("lab_results", 1, {"lab": None}, "/lab_results/1/lab: give the lab with --lab NAME: "
         "CTX is compared only with results from the same lab (results differ by assay: compare "
         "only like with like (bone-health facts, §8))."),
        ("lab_results", 2, {"ref_low": 4.0}, "/lab_results/2: ref_low 4 is above ref_high 3."),
        ("lab_results", 2, {"taken_on": "2026-12-01"}, "/lab_results/2/taken_on: 2026-12-01 is "
         "in the future."),
        ("imports", 0, {"source": "myfitnesspal"}, "/imports/0/source: 'myfitnesspal' is not an "
         "importer of bonetrack (cronometer, apple-health)."),
        ("imports", 0, {"imported_at": "2026-11-23T08:00:00+00:00"}, "/imports/0/imported_at: "
         "2026-11-23T08:00:00+00:00 is in the future; only what has happened is recorded."),
        ("dietary_intakes", 3, {"amount": -1.0}, "/dietary_intakes/3/amount: a negative calcium "
         "amount (-1)."),
        ("dietary_intakes", 3, {"amount": 25000.0}, "/dietary_intakes/3/amount: 25000 mg of "
         "calcium in one record is not plausible (more than 20000 mg); check the unit."),
        ("dietary_intakes", 3, {"nutrient": "magnesium"}, "/dietary_intakes/3/nutrient: "
         "'magnesium' must be one of calcium, vitamin-d, vitamin-k."),
        ("dietary_intakes", 3, {"unit": "g"}, "/dietary_intakes/3/unit: calcium amounts are in "
         "mg, not 'g'."),
        ("dietary_intakes", 3, {"date": "2026-03-26"}, "/dietary_intakes/3/record_key: is not "
         "the key of cronometer's calcium on 2026-03-26."),
        ("dietary_intakes", 3, {"record_key": "x" * 64}, f"/dietary_intakes/3/record_key: "
         f"'{'x' * 64}' is not a record key (64 hexadecimal digits)."),
        ("dietary_intakes", 4, {"record_key": KEYS["calcium"], "nutrient": "calcium",
                                "unit": "mg"},
         "/dietary_intakes/4: the same source and record_key as /dietary_intakes/3."),
    ]  # fmt: skip
    for table, index, change, message in cases:
        bad = json.loads(json.dumps(doc))
        bad[table][index].update(change)
        assert bad_import(cli, tmp_path, bad, target) == message, change


def test_a_record_naming_one_neither_here_nor_in_the_file_is_refused(
    cli: CliCall, frozen: Freeze, tmp_path: Path
) -> None:
    record_treatment_and_food(cli, frozen)
    doc = export_doc(cli)
    target = tmp_path / "new.db"
    ok(cli, "--db", str(target), "log", "k2", "90mcg")
    dose = json.loads(json.dumps(doc))
    dose["entries"][1]["medicine"] = "risedronate"
    assert bad_import(cli, tmp_path, dose, target) == (
        "/entries/1/medicine: no medicines record with name 'risedronate' in the file or in "
        "this database."
    )
    food = json.loads(json.dumps(doc))
    del food["imports"]
    uid = doc["imports"][0]["uid"]
    assert bad_import(cli, tmp_path, food, target) == (
        f"/dietary_intakes/0/import: no imports record with uid '{uid}' in the file or in "
        "this database."
    )
    # The dry run checks the same, though it stores nothing for the records to name.
    dry = cli("--db", str(target), "import", str(write(tmp_path / "d.json", dose)), "--dry-run")
    assert (dry.exit_code, dry.stderr.startswith(f"Error: {tmp_path / 'd.json'}: /entries/1")) == (
        2,
        True,
    )
    # Once the medicine and the import are here, a file without them imports.
    ok(cli, "--db", str(target), "import", str(write(tmp_path / "all.json", doc)))
    alone = {**doc, "medicines": [], "imports": []}
    assert ok(cli, "--db", str(target), "import", str(write(tmp_path / "a.json", alone))).endswith(
        "0 were added, 14 already here.\nJournal of changes (history): 0 were added, 9 already "
        "here.\n"
    )


def test_dry_run_re_import_and_conflicts_in_the_new_tables(
    cli: CliCall, frozen: Freeze, tmp_path: Path
) -> None:
    record_treatment_and_food(cli, frozen)
    doc = export_doc(cli)
    source = write(tmp_path / "export.json", doc)
    target = tmp_path / "new.db"
    dry = cli("--db", str(target), "import", str(source), "--dry-run")
    assert dry.stdout.splitlines()[1:] == [
        "                         added  skipped  conflicts",
        "profile                      0        0          0",
        "settings                     0        0          0",
        "plans                        0        0          0",
        "medicines                    3        0          0",
        "entries                      2        0          0",
        "scans                        0        0          0",
        "events                       0        0          0",
        "heights                      0        0          0",
        "anticoagulant_history        0        0          0",
        "notes                        0        0          0",
        "lab_results                  3        0          0",
        "imports                      1        0          0",
        "dietary_intakes              9        0          0",
        "pauses                       0        0          0",
        "18 would be added, 0 already here.",
        "Journal of changes (history): 9 would be added, 0 already here.",
        "Dry run: nothing was written.",
    ]
    assert not any(row for row in dump(target) if row.startswith("INSERT INTO medicines"))
    ok(cli, "--db", str(target), "import", str(source))
    assert data(export_doc(cli, "--db", str(target))) == data(doc)
    assert ok(cli, "--db", str(target), "import", str(source)).endswith(
        "0 were added, 18 already here.\nJournal of changes (history): 0 were added, 9 already "
        "here.\n"
    )
    changed = json.loads(json.dumps(doc))
    changed["lab_results"][0].update(input_value=30.0, value=74.88)
    changed["medicines"][2]["weekday"] = "wednesday"
    changed["dietary_intakes"][0]["amount"] = 1200.0
    theirs = write(tmp_path / "theirs.json", changed)
    kept = ok(cli, "--db", str(target), "import", str(theirs))
    assert [line for line in kept.splitlines() if line.startswith("Conflict")] == [
        f"Conflict: medicines {doc['medicines'][2]['uid']} (/medicines/2): weekday differ; "
        "kept ours.",
        f"Conflict: lab_results {doc['lab_results'][0]['uid']} (/lab_results/0): value, "
        "input_value differ; kept ours.",
        f"Conflict: dietary_intakes {doc['dietary_intakes'][0]['uid']} (/dietary_intakes/0): "
        "amount differ; kept ours.",
    ]
    ok(cli, "--db", str(target), "import", str(theirs), "--prefer", "theirs")
    after = export_doc(cli, "--db", str(target))
    assert (after["lab_results"][0]["input_value"], after["medicines"][2]["weekday"]) == (
        30.0,
        "wednesday",
    )
    assert (after["dietary_intakes"][0]["amount"], after["dietary_intakes"][0]["import"]) == (
        1200.0,
        doc["imports"][0]["uid"],
    )


def test_two_devices_that_imported_the_same_food(
    cli: CliCall, frozen: Freeze, tmp_path: Path
) -> None:
    frozen("2026-11-22 08:30")
    laptop, desktop = str(tmp_path / "laptop.db"), str(tmp_path / "desktop.db")
    for db in (laptop, desktop):
        ok(cli, "--db", db, "import", "--from", "cronometer", str(DAILY))
    theirs = write(tmp_path / "desktop.json", export_doc(cli, "--db", desktop))
    # The same day totals under other uids and another import: already here.
    merged = ok(cli, "--db", laptop, "import", str(theirs))
    assert "dietary_intakes              0        9          0" in merged
    # the desktop's import record, and its import in the desktop's journal
    assert merged.endswith(
        "1 were added, 9 already here.\nJournal of changes (history): 1 were added, 0 already "
        "here.\n"
    )
    doc = export_doc(cli, "--db", laptop)
    assert (len(doc["imports"]), len(doc["dietary_intakes"])) == (2, 9)
    # Cronometer's next export still finds those days as it left them on the laptop.
    again = ok(cli, "--db", laptop, "import", "--from", "cronometer", str(DAILY))
    assert "food (day totals)      0          9        0        0" in again


# --- version 1 files ------------------------------------------------------------------


def test_version_1_files_still_import(cli: CliCall, frozen: Freeze, tmp_path: Path) -> None:
    """Files written by bonetrack with format version 1 (before medicines existed)."""
    frozen("2026-11-22 08:30")
    v1 = FIXTURES / "export-v1"
    for name in ("bonetrack.json", "bonetrack.zip"):
        target = str(tmp_path / f"{name}.db")
        result = ok(cli, "--db", target, "import", str(v1 / name))
        form = "JSON" if name.endswith("json") else "CSV zip"
        assert result.splitlines()[0] == (
            f"{v1 / name}: bonetrack export version 1 ({form}), exported 2026-11-22T08:30:00+01:00."
        )
        assert "medicines" not in result  # a version 1 file has no such table
        assert result.endswith("12 were added, 0 already here.\n")
        doc = export_doc(cli, "--db", target)
        old = json.loads((v1 / "bonetrack.json").read_text())
        assert doc["version"] == 2
        assert [{**e, "medicine": None} for e in old["entries"]] == doc["entries"]
        for table in ("plans", "scans", "events", "heights", "anticoagulant_history", "notes"):
            assert doc[table] == old[table], table
        assert (doc["profile"], doc["settings"]) == (old["profile"], old["settings"])


def test_a_version_1_file_holding_what_version_2_added_is_refused(
    cli: CliCall, frozen: Freeze, tmp_path: Path
) -> None:
    frozen("2026-11-22 08:30")
    v1 = FIXTURES / "export-v1"
    old = json.loads((v1 / "bonetrack.json").read_text())
    target = tmp_path / "new.db"
    assert bad_import(cli, tmp_path, {**old, "lab_results": []}, target) == (
        "/lab_results: is not part of a version 1 export."
    )
    dose = json.loads(json.dumps(old))
    dose["entries"][0]["medicine"] = "alendronate"
    assert bad_import(cli, tmp_path, dose, target) == (
        "/entries/0/medicine: is not a field of entries."
    )
    with zipfile.ZipFile(v1 / "bonetrack.zip") as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    files["medicines.csv"] = b"uid,name\r\n"
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    result = cli("--db", str(target), "import", str(bad))
    assert result.stderr == (
        f"Error: {bad}: medicines.csv: is not part of a version 1 export. Nothing was imported.\n"
    )


def test_a_newer_csv_export_is_refused(cli: CliCall, frozen: Freeze, tmp_path: Path) -> None:
    frozen("2026-11-22 08:30")
    manifest = "format,version,exported_at,from,to,kinds\r\nbonetrack-export,3,2026-11-22T08:00:00+01:00,,,\r\n"  # noqa: E501
    path = tmp_path / "newer.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("bonetrack-export.csv", manifest)
    path.write_bytes(buffer.getvalue())
    result = cli("import", str(path))
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {path}: bonetrack-export.csv line 2, version: this file is in format version "
        "3, written by a newer bonetrack; this one reads versions up to 2: upgrade bonetrack "
        "to import it. Nothing was imported.\n",
    )


@pytest.mark.parametrize("form", ["json", "csv"])
def test_what_the_importers_store_round_trips(
    cli: CliCall, frozen: Freeze, tmp_path: Path, form: str
) -> None:
    """Apple Health (food, workouts, falls, clinical records) and a patient portal's FHIR
    file (scans, lab results), exported and imported: every record passes the checks."""
    from tests.cli.test_import_apple_health import make_zip

    frozen("2026-04-06 12:00")
    source, empty = str(tmp_path / "source.db"), str(tmp_path / "empty.db")
    ok(cli, "--db", source, "import", "--from", "apple-health", str(make_zip(tmp_path)))
    ok(cli, "--db", source, "scan", "import", str(FIXTURES / "fhir" / "portal-bundle.json"))
    ok(cli, "--db", source, "import", "--from", "cronometer", str(DAILY))
    doc = export_doc(cli, "--db", source)
    sources = {
        name: sorted({r.get("source") for r in doc[name]})
        for name in ("entries", "events", "lab_results", "imports", "dietary_intakes")
    }
    assert sources == {
        "entries": ["apple-health"],
        "events": ["apple-health"],
        "lab_results": ["apple-health", "fhir"],
        "imports": ["apple-health", "cronometer"],
        "dietary_intakes": ["apple-health", "cronometer"],
    }
    first = tmp_path / f"first.{form}"
    ok(cli, "--db", source, "export", "--format", form, "--out", str(first))
    assert ok(cli, "--db", empty, "import", str(first)).endswith(
        f"{records(doc)} were added, 0 already here.\nJournal of changes (history): 3 were "
        "added, 0 already here.\n"
    )
    assert data(export_doc(cli, "--db", empty)) == data(doc)
