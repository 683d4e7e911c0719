"""`bonetrack import --from apple-health`: the Health app's export, end to end."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import CliCall, Freeze, dump, user_rows

FIXTURES = Path(__file__).parent.parent / "fixtures"
HEALTH = FIXTURES / "apple_health"
EXPORT = str(HEALTH / "export.xml")
WATCH = "Jane’s Apple Watch"


@pytest.fixture(autouse=True)
def _clock(frozen: Freeze) -> None:
    frozen("2026-04-06 12:00")


def rows(db_path: Path, query: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(query).fetchall()


def food(db_path: Path) -> list[tuple[object, ...]]:
    return rows(
        db_path,
        "SELECT local_date, nutrient, SUM(amount), COUNT(*) FROM dietary_intakes "
        "GROUP BY local_date, nutrient ORDER BY local_date, nutrient",
    )


def workouts(db_path: Path) -> list[tuple[object, ...]]:
    return rows(
        db_path,
        "SELECT local_date, amount, exercise_type, utc_offset_min, note FROM intakes "
        "WHERE source = 'apple-health' ORDER BY taken_at",
    )


def falls(db_path: Path) -> list[tuple[object, ...]]:
    return rows(db_path, "SELECT local_date, occurred_at, note, source FROM events")


LABS = (
    "SELECT test, input_value, input_unit, taken_on, ref_low, ref_high, lab, note, source "
    "FROM lab_results"
)
FOOD = [
    ("2026-03-28", "calcium", 950.0, 3),
    ("2026-03-28", "vitamin-d", 320.0, 2),
    ("2026-03-28", "vitamin-k", 125.0, 2),
    ("2026-03-29", "calcium", 300.0, 2),
    ("2026-04-02", "calcium", 500.0, 1),
    ("2026-04-03", "vitamin-d", 0.0, 1),
]
WORKOUTS = [
    ("2026-03-28", 45.5, "strength", 60, f"Apple Health: Traditional Strength Training ({WATCH})"),
    ("2026-03-29", 32.016667, "walking", 120, f"Apple Health: Walking ({WATCH})"),
    ("2026-03-30", 60.0, "balance", 120, "Apple Health: Yoga (Down Dog)"),
    ("2026-03-31", 20.0, "balance", 120, f"Apple Health: Tai Chi ({WATCH})"),
    ("2026-04-01", 25.25, "aerobic", 120, f"Apple Health: Running ({WATCH})"),
    ("2026-04-02", 50.0, "other", -240, f"Apple Health: Pilates ({WATCH})"),
    ("2026-04-04", 75.0, "aerobic", 120, "Apple Health: Cycling (Strava)"),
]
FALLS = [
    ("2026-04-05", "2026-04-05 05:12:02.000000", f"Apple Health: fall detected by {WATCH}",
     "apple-health")
]  # fmt: skip
HEADER = (
    f"{EXPORT}: Apple Health export version 14, exported 2026-04-06 09:12:44 +0100: "
    "22 records and 8 workouts read."
)


def tally(food: tuple[int, int], workouts: tuple[int, int], falls: tuple[int, int]) -> str:
    return (
        "                                        added  already here\n"
        f"food records (calcium, vitamin D, K)  {food[0]:>7}  {food[1]:>12}\n"
        f"workouts (exercise)                   {workouts[0]:>7}  {workouts[1]:>12}\n"
        f"falls (Apple Watch)                   {falls[0]:>7}  {falls[1]:>12}\n"
    )


LEFT_OUT = "Left out: line 247: workout (Other): no duration.\n"


def test_import_stores_food_workouts_and_falls(cli: CliCall, db_path: Path) -> None:
    result = cli("import", "--from", "apple-health", EXPORT)
    assert (result.exit_code, result.stderr) == (0, "")
    # 12 food records: one exact duplicate (already here: earlier in the file)
    assert result.stdout == f"{HEADER}\n" + tally((11, 1), (7, 0), (1, 0)) + LEFT_OUT
    assert food(db_path) == FOOD
    assert workouts(db_path) == WORKOUTS
    assert falls(db_path) == FALLS
    assert rows(db_path, "SELECT source, name FROM imports") == [("apple-health", EXPORT)]


def test_the_same_export_again_adds_nothing(cli: CliCall, db_path: Path) -> None:
    assert cli("import", "--from", "apple-health", EXPORT).exit_code == 0
    again = cli("import", "--from", "apple-health", EXPORT)
    assert again.exit_code == 0
    assert again.stdout == f"{HEADER}\n" + tally((0, 12), (0, 7), (0, 1)) + LEFT_OUT
    assert (food(db_path), workouts(db_path), falls(db_path)) == (FOOD, WORKOUTS, FALLS)


def test_a_later_export_that_overlaps_adds_only_what_is_new(
    cli: CliCall, db_path: Path, tmp_path: Path
) -> None:
    assert cli("import", "--from", "apple-health", EXPORT).exit_code == 0
    text = Path(EXPORT).read_text(encoding="utf-8")
    later = text.replace(
        "</HealthData>",
        ' <Record type="HKQuantityTypeIdentifierDietaryCalcium" sourceName="MyFitnessPal" '
        'unit="mg" startDate="2026-04-05 12:00:00 +0200" endDate="2026-04-05 12:00:00 +0200" '
        'value="275"/>\n'
        ' <Workout workoutActivityType="HKWorkoutActivityTypeWalking" duration="30" '
        f'durationUnit="min" sourceName="{WATCH}" startDate="2026-04-05 17:00:00 +0200" '
        'endDate="2026-04-05 17:30:00 +0200"/>\n</HealthData>',
    )
    path = tmp_path / "export-later.xml"
    path.write_text(later, encoding="utf-8")
    result = cli("import", "--from", "apple-health", str(path))
    assert result.exit_code == 0
    assert tally((1, 12), (1, 7), (0, 1)) in result.stdout
    assert food(db_path) == [*FOOD, ("2026-04-05", "calcium", 275.0, 1)]
    assert workouts(db_path)[-1] == (
        "2026-04-05", 30.0, "walking", 120, f"Apple Health: Walking ({WATCH})"
    )  # fmt: skip


def test_a_dry_run_writes_nothing(cli: CliCall, db_path: Path) -> None:
    assert cli("log", "k2", "180mcg").exit_code == 0
    before = dump(db_path)
    result = cli("import", "--from", "apple-health", EXPORT, "--dry-run")
    assert result.exit_code == 0
    assert result.stdout == (
        f"{HEADER}\n"
        + tally((11, 1), (7, 0), (1, 0))
        + LEFT_OUT
        + "Dry run: nothing was written.\n"
    )
    assert dump(db_path) == before


def test_an_export_without_dietary_records(cli: CliCall, db_path: Path, frozen: Freeze) -> None:
    frozen("2026-05-02 12:00")
    path = str(HEALTH / "export-no-dietary.xml")
    result = cli("import", "--from", "apple-health", path)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1:] == [
        "                                        added  already here",
        "food records (calcium, vitamin D, K)        0             0",
        "workouts (exercise)                         1             0",
        "falls (Apple Watch)                         0             0",
        "No dietary calcium, vitamin D or vitamin K records in this export.",
    ]
    assert food(db_path) == []
    assert workouts(db_path) == [
        ("2026-04-30", 41.5, "walking", -420, "Apple Health: Walking (Apple Watch)")
    ]


def test_ios16s_export_with_its_malformed_dtd(cli: CliCall, db_path: Path) -> None:
    result = cli("import", "--from", "apple-health", str(HEALTH / "export-ios16.xml"))
    assert result.exit_code == 0, result.stderr
    assert food(db_path) == [("2022-10-30", "calcium", 500.0, 2)]


VITAMIN_D = {
    "resourceType": "Observation", "id": "lab-2", "status": "final",
    "category": [{"coding": [{"code": "laboratory"}]}],
    "code": {"coding": [{"system": "http://loinc.org", "code": "62292-8"}],
             "text": "VITAMIN D, 25-HYDROXY"},
    "effectiveDateTime": "2026-02-01T08:05:00-05:00",
    "valueQuantity": {"value": 71, "unit": "nmol/L"},
    "referenceRange": [{"low": {"value": 75, "unit": "nmol/L"},
                        "high": {"value": 250, "unit": "nmol/L"}}],
    "performer": [{"display": "LabCorp"}],
}  # fmt: skip


def make_zip(tmp_path: Path, xml_name: str = "apple_health_export/Exportación.xml") -> Path:
    """A Health app zip: the XML's name translated, its CDA twin, a macOS resource fork,
    a workout route and clinical records (a DEXA DiagnosticReport, an unknown lab result and
    a vitamin D result given twice)."""
    path = tmp_path / "export.zip"
    lab = {
        "resourceType": "Observation", "id": "lab-1", "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "2345-7",
                             "display": "Glucose [Mass/volume] in Serum or Plasma"}]},
        "effectiveDateTime": "2026-02-01", "valueQuantity": {"value": 94, "unit": "mg/dL"},
    }  # fmt: skip
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(EXPORT, xml_name)
        archive.writestr(
            "apple_health_export/export_cda.xml",
            '<?xml version="1.0"?><ClinicalDocument xmlns="urn:hl7-org:v3"/>',
        )
        archive.writestr("__MACOSX/apple_health_export/._export.xml", b"\x00\x05\x16\x07")
        archive.writestr(
            "apple_health_export/workout-routes/route_2026-03-29_10.39am.gpx", "<gpx/>"
        )
        archive.write(
            FIXTURES / "fhir" / "dxa-report.json",
            "apple_health_export/clinical-records/DiagnosticReport-dxa.json",
        )
        archive.writestr(
            "apple_health_export/clinical-records/Observation-lab-1.json", json.dumps(lab)
        )
        # the same 25(OH)D twice: on its own and inside its lab report
        archive.writestr(
            "apple_health_export/clinical-records/Observation-lab-2.json", json.dumps(VITAMIN_D)
        )
        report = {
            "resourceType": "DiagnosticReport",
            "id": "labs",
            "status": "final",
            "contained": [{**VITAMIN_D, "id": "vd"}],
            "result": [{"reference": "#vd"}],
        }
        archive.writestr(
            "apple_health_export/clinical-records/DiagnosticReport-labs.json", json.dumps(report)
        )
    return path


def test_a_zip_with_a_translated_name_and_clinical_records(
    cli: CliCall, db_path: Path, tmp_path: Path
) -> None:
    path = make_zip(tmp_path)
    result = cli("import", "--from", "apple-health", str(path))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"{path} (apple_health_export/Exportación.xml): Apple Health export version 14, "
        "exported 2026-04-06 09:12:44 +0100: 22 records and 8 workouts read."
    )
    assert lines[5:11] == [
        "DEXA results (clinical records)             3             0",
        "lab results (clinical records)              1             0",
        "Left out: line 247: workout (Other): no duration.",
        "Left out: apple_health_export/clinical-records/DiagnosticReport-dxa.json: Observation "
        "body-fat: LOINC 41982-0 (Percentage of body fat Measured): not a DEXA result or lab "
        "test bonetrack knows.",
        "Left out: apple_health_export/clinical-records/Observation-lab-1.json: Observation "
        "lab-1: LOINC 2345-7 (Glucose [Mass/volume] in Serum or Plasma): not a DEXA result or "
        "lab test bonetrack knows.",
        "Scan of 2024-03-14:",
    ]
    assert food(db_path) == FOOD
    assert rows(db_path, "SELECT scan_date, site, bmd, t_score, note FROM scans") == [
        ("2024-03-14", "femoral-neck", 0.612, -2.6,
         "from Apple Health clinical records (left side)"),
        ("2024-03-14", "lumbar-spine", 0.812, -1.8, "from Apple Health clinical records"),
        ("2024-03-14", "total-hip", 0.701, -2.1, "from Apple Health clinical records (left side)"),
    ]  # fmt: skip
    # the day of the draw where it was drawn; the range as the lab gave it
    assert rows(db_path, LABS) == [
        ("25ohd", 71.0, "nmol/L", "2026-02-01", 75.0, 250.0, "LabCorp",
         "from Apple Health clinical records", "apple-health"),
    ]  # fmt: skip
    again = cli("import", "--from", "apple-health", str(path))
    assert "DEXA results (clinical records)             0             3" in again.stdout
    assert "lab results (clinical records)              0             1" in again.stdout
    assert rows(db_path, "SELECT COUNT(*) FROM lab_results") == [(1,)]


def test_an_import_is_one_change_that_undo_takes_back(
    cli: CliCall, db_path: Path, tmp_path: Path
) -> None:
    assert cli("log", "calcium", "500mg").exit_code == 0  # logged here: never touched
    before = user_rows(db_path)
    path = make_zip(tmp_path)
    assert cli("import", "--from", "apple-health", str(path)).exit_code == 0
    listed = cli("undo", "--list").stdout.splitlines()
    assert listed[0] == f"2026-04-06 12:00 bonetrack import --from apple-health {path} (24 rows)"
    assert listed[4] == (
        "  ... and 21 more (in all: added 1 import, 7 entries, 1 event, 11 food records, "
        "3 scan results and 1 lab result)"
    )
    undone = cli("undo", "--yes")
    assert (undone.exit_code, undone.stdout) == (
        0,
        f"Undone (bonetrack import --from apple-health {path}): removed 1 lab result, "
        "3 scan results, 11 food records, 1 event, 7 entries and 1 import.\n",
    )
    assert user_rows(db_path) == before


def test_the_unzipped_folder(cli: CliCall, db_path: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(make_zip(tmp_path)) as archive:
        archive.extractall(tmp_path / "unzipped")
    folder = tmp_path / "unzipped" / "apple_health_export"
    result = cli("import", "--from", "apple-health", str(folder))
    assert result.exit_code == 0, result.stderr
    assert food(db_path) == FOOD
    assert len(rows(db_path, "SELECT id FROM scans")) == 3
    assert [row[0] for row in rows(db_path, LABS)] == ["25ohd"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("billion-laughs.xml", None, "the XML declares entities in its DTD: refused (entities "
         "can expand a small file into gigabytes, or read other files; Apple Health exports "
         "declare none)."),
        ("external-entity.xml", None, "the XML declares entities in its DTD: refused (entities "
         "can expand a small file into gigabytes, or read other files; Apple Health exports "
         "declare none)."),
        ("notes.txt", "shopping list", "not an Apple Health export: neither a zip nor an XML "
         "file whose root element is HealthData."),
        ("export_cda.xml", "<ClinicalDocument/>", "not an Apple Health export: neither a zip "
         "nor an XML file whose root element is HealthData."),
        ("missing.xml", "", "no such file."),
    ],
)  # fmt: skip
def test_files_that_are_refused(
    name: str, content: str | None, message: str, cli: CliCall, db_path: Path, tmp_path: Path
) -> None:
    assert cli("log", "k2", "180mcg").exit_code == 0
    before = dump(db_path)
    if content is None:
        path = HEALTH / name
    else:
        path = tmp_path / name
        if content:
            path.write_text(content)
    result = cli("import", "--from", "apple-health", str(path))
    assert result.exit_code == 2
    assert result.stderr == f"Error: {path}: {message} Nothing was imported.\n"
    assert dump(db_path) == before


def test_a_bad_record_late_in_the_file_refuses_it_all(
    cli: CliCall, db_path: Path, tmp_path: Path
) -> None:
    assert cli("log", "k2", "180mcg").exit_code == 0
    before = dump(db_path)
    text = (
        Path(EXPORT)
        .read_text(encoding="utf-8")
        .replace(
            "</HealthData>",
            ' <Record type="HKQuantityTypeIdentifierDietaryVitaminK" sourceName="X" unit="IU" '
            'startDate="2026-04-05 12:00:00 +0200" endDate="2026-04-05 12:00:00 +0200" '
            'value="90"/>\n</HealthData>',
        )
    )
    path = tmp_path / "export.xml"
    path.write_text(text, encoding="utf-8")
    result = cli("import", "--from", "apple-health", str(path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {path}: line 250: DietaryVitaminK: unknown unit 'IU' for vitamin K (known: g, "
        "mcg, mg, ug, µg, μg). Nothing was imported.\n"
    )
    assert dump(db_path) == before  # not the food, workouts and fall read before it


def test_a_zip_without_an_export(cli: CliCall, tmp_path: Path) -> None:
    path = tmp_path / "photos.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("photos/readme.txt", "hello")
        archive.writestr("apple_health_export/export_cda.xml", "<ClinicalDocument/>")
    result = cli("import", "--from", "apple-health", str(path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {path}: no Apple Health export in this zip (no XML file whose root element is "
        "HealthData). Nothing was imported.\n"
    )


def test_a_zip_bomb_is_refused_before_it_is_read(
    cli: CliCall, db_path: Path, tmp_path: Path
) -> None:
    """An export.xml padded with 8 MB of spaces deflates about 1,000 times: refused by its
    declared sizes, nothing written; the real export's ratio (under 30) passes."""
    cli("log", "k2", "180mcg", "--at", "2026-03-01 08:00")
    before = dump(db_path)
    path = tmp_path / "bomb.zip"
    head = Path(EXPORT).read_bytes()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("apple_health_export/export.xml", head + b" " * (8 << 20))
    with zipfile.ZipFile(path) as archive:
        member = archive.getinfo("apple_health_export/export.xml")
        ratio = member.file_size // member.compress_size
    assert ratio > 200
    result = cli("import", "--from", "apple-health", str(path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {path}: apple_health_export/export.xml: expands {ratio} times when unzipped "
        "(at most 200): not an export the Health app writes. Nothing was imported.\n"
    )
    assert dump(db_path) == before


def test_a_billion_laughs_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    """In a process allowed 1 GB of address space: refused with the entity message, not
    killed; the file is never expanded (that would take gigabytes)."""
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
        "sys.argv = ['bonetrack', '--db', sys.argv[1], 'import', '--from', 'apple-health', "
        "sys.argv[2]]\n"
        "from bonetrack.cli.app import main\n"
        "main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "b.db"), str(HEALTH / "billion-laughs.xml")],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "TZ": "UTC"},
    )
    assert result.returncode == 2
    assert "the XML declares entities in its DTD: refused" in result.stderr


def test_apple_health_food_and_logged_supplements_in_the_report(cli: CliCall) -> None:
    """Food per local day beside the doses; the RDA check uses the total."""
    assert cli("profile", "set", "--birth-year", "1958", "--sex", "female").exit_code == 0
    assert cli("log", "calcium", "500mg", "--at", "2026-03-28 09:00").exit_code == 0
    assert cli("import", "--from", "apple-health", EXPORT).exit_code == 0
    report = json.loads(
        cli("report", "--json", "--from", "2026-03-28", "--to", "2026-03-29").stdout
    )
    calcium = report["intake"]["calcium"]
    assert [(d["date"], d["supplements"], d["food"], d["total"], d["food_source"])
            for d in calcium["days"]] == [
        ("2026-03-28", 500.0, 950.0, 1450.0, "apple-health"),
        ("2026-03-29", 0.0, 300.0, 300.0, "apple-health"),
    ]  # fmt: skip
    assert (calcium["rda"], calcium["below_rda"]) == (1200.0, ["2026-03-29"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "fitbit"],
         "--from must be one of: cronometer, apple-health (or leave it out for a bonetrack "
         "export), not 'fitbit'."),
        (["--from", "apple-health", "--prefer", "theirs"],
         "--prefer is for bonetrack's own exports, not for --from."),
        (["--from", "apple-health", "--supplements-as-doses"],
         "--supplements-as-doses is for --from cronometer."),
    ],
)  # fmt: skip
def test_from_and_its_options_are_checked(args: list[str], message: str, cli: CliCall) -> None:
    result = cli("import", EXPORT, *args)
    assert (result.exit_code, result.stderr) == (2, f"Error: {message}\n")


def test_from_is_case_insensitive(cli: CliCall, db_path: Path) -> None:
    assert cli("import", "--from", "Apple-Health", EXPORT, "--dry-run").exit_code == 0
