"""`bonetrack scan import`: DEXA results from a patient portal's FHIR JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_scan import HOLOGIC, scan_rows
from tests.conftest import CliCall, Freeze, dump

FHIR = Path(__file__).parent.parent / "fixtures" / "fhir"
REPORT = str(FHIR / "dxa-report.json")


@pytest.fixture(autouse=True)
def _clock(frozen: Freeze) -> None:
    frozen("2026-11-22 08:30")


REPORT_ROWS = [
    ("2024-03-14", "femoral-neck", 0.612, -2.6, None, HOLOGIC, None, "from FHIR (left side)"),
    ("2024-03-14", "lumbar-spine", 0.812, -1.8, None, HOLOGIC, None, "from FHIR"),
    ("2024-03-14", "total-hip", 0.701, -2.1, None, HOLOGIC, None, "from FHIR (left side)"),
]
SKIPPED_BODY_FAT = (
    "Skipped 1:\n"
    "  Observation body-fat: LOINC 41982-0 (Percentage of body fat Measured): not a DEXA code "
    "bonetrack knows.\n"
)


def test_import_stores_each_site_and_says_what_the_visit_means(cli: CliCall, db_path: Path) -> None:
    assert cli("profile", "set", "--birth-year", "1958", "--sex", "female").exit_code == 0
    result = cli("scan", "import", REPORT)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        f"{REPORT}: 6 DEXA values read from 8 resources.\n"
        f"Added femoral neck on 2024-03-14: BMD 0.612 g/cm², T-score -2.6 ({HOLOGIC}).\n"
        f"Added lumbar spine on 2024-03-14: BMD 0.812 g/cm², T-score -1.8 ({HOLOGIC}).\n"
        f"Added total hip on 2024-03-14: BMD 0.701 g/cm², T-score -2.1 ({HOLOGIC}).\n"
        + SKIPPED_BODY_FAT
        + "Scan of 2024-03-14:\n"
        "  Lowest T-score -2.6 (femoral neck) is in the WHO osteoporosis range (T-score -2.5 or "
        "lower).\n"
        "  T-score categories assume you are past menopause, and the profile has no menopause "
        "year: add it with `bonetrack profile set --menopause-year YEAR`. Before menopause, ISCD "
        "prefers Z-scores at any age.\n"
        "  This describes the numbers, not a diagnosis: discuss them with your clinician.\n"
    )
    assert scan_rows(db_path) == REPORT_ROWS
    # read back like any scan: the visit, its machine and category
    shown = json.loads(cli("scan", "list", "--json").stdout)
    assert [(v["date"], v["interpretation"]["category"]) for v in shown] == [
        ("2024-03-14", "osteoporosis")
    ]


def test_a_second_import_adds_nothing(cli: CliCall, db_path: Path) -> None:
    assert cli("scan", "import", REPORT).exit_code == 0
    before = dump(db_path)
    again = cli("scan", "import", REPORT)
    assert again.exit_code == 0
    assert again.stdout == (
        f"{REPORT}: 6 DEXA values read from 8 resources.\n"
        "Already recorded: femoral neck on 2024-03-14: BMD 0.612 g/cm², T-score -2.6.\n"
        "Already recorded: lumbar spine on 2024-03-14: BMD 0.812 g/cm², T-score -1.8.\n"
        "Already recorded: total hip on 2024-03-14: BMD 0.701 g/cm², T-score -2.1.\n"
        + SKIPPED_BODY_FAT
    )
    assert dump(db_path) == before


def test_a_dry_run_writes_nothing(cli: CliCall, db_path: Path) -> None:
    assert cli("log", "k2", "180mcg").exit_code == 0  # the database exists
    before = dump(db_path)
    result = cli("scan", "import", REPORT, "--dry-run")
    assert result.exit_code == 0
    assert result.stdout == (
        f"{REPORT}: 6 DEXA values read from 8 resources.\n"
        f"Would add femoral neck on 2024-03-14: BMD 0.612 g/cm², T-score -2.6 ({HOLOGIC}).\n"
        f"Would add lumbar spine on 2024-03-14: BMD 0.812 g/cm², T-score -1.8 ({HOLOGIC}).\n"
        f"Would add total hip on 2024-03-14: BMD 0.701 g/cm², T-score -2.1 ({HOLOGIC}).\n"
        + SKIPPED_BODY_FAT
        + "Dry run: nothing was written.\n"
    )
    assert dump(db_path) == before


def test_a_bundle_with_unknown_codes_lists_them_and_stores_the_rest(
    cli: CliCall, db_path: Path
) -> None:
    path = str(FHIR / "portal-bundle.json")
    result = cli("scan", "import", path)
    assert result.exit_code == 0
    lunar = "GE Healthcare Lunar iDXA"
    assert result.stdout.splitlines()[:13] == [
        f"{path}: 3 DEXA values read from 11 resources.",
        f"Added femoral neck on 2022-11-02: BMD 0.887 g/cm² ({lunar}).",
        f"Added forearm on 2022-11-02: BMD 0.612 g/cm² ({lunar}).",
        f"Added total hip on 2022-11-02: BMD 0.905 g/cm² ({lunar}).",
        "Skipped 5:",
        "  Observation o4: LOINC 2345-7 (Glucose [Mass/volume] in Serum or Plasma): not a DEXA "
        "code bonetrack knows.",
        "  Observation o5: LOINC 24966-4 (Lumbar spine BMD): status entered-in-error.",
        "  Observation o6: LOINC 38262-2 (Calcaneus BMD): a region bonetrack does not record.",
        "  Observation o7: LOINC 38267-1 (Lumbar spine T-score): no value (dataAbsentReason).",
        "  Observation o8: 'Hip T-score (local code)' (no LOINC code): not a DEXA code "
        "bonetrack knows.",
        "Not read (not DEXA results): 1 Patient.",
        "Note: LOINC's 'Hip' codes were read as the total hip and its 'Femur' codes as the "
        "femoral neck, as in common use: the results did not say which (uncertain; check "
        "against the report).",
        "Scan of 2022-11-02:",
    ]
    assert [row[:4] for row in scan_rows(db_path)] == [
        ("2022-11-02", "femoral-neck", 0.887, None),
        ("2022-11-02", "forearm", 0.612, None),
        ("2022-11-02", "total-hip", 0.905, None),
    ]


def test_a_result_stored_with_other_values_refuses_the_whole_file(
    cli: CliCall, db_path: Path
) -> None:
    add = cli("scan", "add", "--date", "2024-03-14", "--site", "hip", "--bmd", "0.702")
    assert add.exit_code == 0
    before = dump(db_path)
    result = cli("scan", "import", REPORT)
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {REPORT}: a total-hip result for 2024-03-14 is already recorded with other "
        "values; delete it first with `bonetrack scan delete 2024-03-14 --site total-hip`. "
        "Nothing was imported.\n"
    )
    assert dump(db_path) == before  # not even the other two sites


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "not JSON (Expecting property name enclosed in double quotes at line 1)."),
        ('{"resourceType": "Bundle", "entry": [{"resource": {"resourceType": "Observation", '
         '"id": "x", "status": "final", "code": {"coding": [{"system": "http://loinc.org", '
         '"code": "24966-4"}]}, "effectiveDateTime": "2024-01-10", "valueQuantity": '
         '{"value": 812, "unit": "g/cm2"}}}]}',
         "Observation x: BMD 812 g/cm² is outside the plausible range 0.2-2 g/cm² (812 looks "
         "like mg/cm²: that is 0.812 g/cm²)."),
        ('{"resourceType": "Observation", "id": "y", "status": "final", "code": {"coding": '
         '[{"system": "http://loinc.org", "code": "38267-1"}]}, "effectiveDateTime": '
         '"2027-01-01", "valueQuantity": {"value": -1}}',
         "Observation y: the scan date 2027-01-01 is in the future; record scans already done."),
    ],
)  # fmt: skip
def test_bad_files_are_refused_and_nothing_is_written(
    content: str, message: str, cli: CliCall, db_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "report.json"
    path.write_text(content)
    result = cli("scan", "import", str(path))
    assert result.exit_code == 2
    assert result.stderr == f"Error: {path}: {message} Nothing was imported.\n"
    assert scan_rows(db_path) == []


def test_a_scan_before_the_birth_year_is_refused(
    cli: CliCall, db_path: Path, tmp_path: Path
) -> None:
    assert cli("profile", "set", "--birth-year", "1995").exit_code == 0
    document = json.loads((FHIR / "observation-panel-components.json").read_text())
    path = tmp_path / "old.json"
    path.write_text(json.dumps({**document, "effectiveDateTime": "1994-12-31"}))
    result = cli("scan", "import", str(path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {path}: 1994-12-31 is before your birth year (1995): check the date, or the "
        "birth year in your profile (bonetrack profile show). Nothing was imported.\n"
    )
    assert scan_rows(db_path) == []


def test_a_missing_file_and_stdin(cli: CliCall, db_path: Path, tmp_path: Path) -> None:
    missing = cli("scan", "import", str(tmp_path / "nope.json"))
    assert (missing.exit_code, missing.stderr) == (
        2,
        f"Error: {tmp_path / 'nope.json'}: no such file.\n",
    )
    piped = cli(
        "scan", "import", "-", input=(FHIR / "observation-panel-components.json").read_text()
    )
    assert piped.exit_code == 0
    assert piped.stdout.splitlines()[:2] == [
        "stdin: 3 DEXA values read from 1 resources.",
        "Added lumbar spine on 2021-09-20: BMD 0.934 g/cm², T-score -0.9, Z-score +0.3 "
        "(Hologic Discovery W).",
    ]
    assert scan_rows(db_path) == [
        ("2021-09-20", "lumbar-spine", 0.934, -0.9, 0.3, "Hologic Discovery W", None, "from FHIR")
    ]
