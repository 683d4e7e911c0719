"""`bonetrack scan import`: DEXA and lab results from a patient portal's FHIR JSON."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.cli.test_scan import HOLOGIC, scan_rows
from tests.conftest import CliCall, Freeze, dump, user_rows

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
    "  Observation body-fat: LOINC 41982-0 (Percentage of body fat Measured): not a DEXA result "
    "or lab test bonetrack knows.\n"
)


def test_import_stores_each_site_and_says_what_the_visit_means(cli: CliCall, db_path: Path) -> None:
    assert cli("profile", "set", "--birth-year", "1958", "--sex", "female").exit_code == 0
    result = cli("scan", "import", REPORT)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        f"{REPORT}: 6 DEXA values and 0 lab results read from 8 resources.\n"
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
        f"{REPORT}: 6 DEXA values and 0 lab results read from 8 resources.\n"
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
        f"{REPORT}: 6 DEXA values and 0 lab results read from 8 resources.\n"
        f"Would add femoral neck on 2024-03-14: BMD 0.612 g/cm², T-score -2.6 ({HOLOGIC}).\n"
        f"Would add lumbar spine on 2024-03-14: BMD 0.812 g/cm², T-score -1.8 ({HOLOGIC}).\n"
        f"Would add total hip on 2024-03-14: BMD 0.701 g/cm², T-score -2.1 ({HOLOGIC}).\n"
        + SKIPPED_BODY_FAT
        + "Dry run: nothing was written.\n"
    )
    assert dump(db_path) == before


BUNDLE = str(FHIR / "portal-bundle.json")
LUNAR = "GE Healthcare Lunar iDXA"
BUNDLE_LINES = [
    f"{BUNDLE}: 3 DEXA values and 3 lab results read from 16 resources.",
    f"Added femoral neck on 2022-11-02: BMD 0.887 g/cm² ({LUNAR}).",
    f"Added forearm on 2022-11-02: BMD 0.612 g/cm² ({LUNAR}).",
    f"Added total hip on 2022-11-02: BMD 0.905 g/cm² ({LUNAR}).",
    "Added 25(OH)D on 2022-10-20: 32 ng/mL (79.87 nmol/L), range 30-100 ng/mL: sufficient; no "
    "consistent extra benefit (> 30 ng/mL) (IOM 2011 cut-points 12, 20, 30, 50 ng/mL; IOM 2011 "
    "(report, pp. 13-14)); within the range given.",
    "Added INR on 2022-10-20: 2.4, range 2-3: within the range given.",
    "Added Serum calcium on 2022-10-20: 2.35 mmol/L (9.42 mg/dL), range 2.15-2.55 mmol/L: within "
    "the range given.",
    "Skipped 7:",
    "  Observation o4: LOINC 2345-7 (Glucose [Mass/volume] in Serum or Plasma): not a DEXA result "
    "or lab test bonetrack knows.",
    "  Observation o5: LOINC 24966-4 (Lumbar spine BMD): status entered-in-error.",
    "  Observation o6: LOINC 38262-2 (Calcaneus BMD): a region bonetrack does not record.",
    "  Observation o7: LOINC 38267-1 (Lumbar spine T-score): no value (dataAbsentReason).",
    "  Observation o8: 'Hip T-score (local code)' (no LOINC code): not a DEXA result or lab test "
    "bonetrack knows.",
    "  Observation l3: LOINC 41171-0 (CTX): no lab named (performer): CTX is compared only within "
    "one lab.",
    "  Observation l5: LOINC 98979-8 (eGFR): a value with comparator '>' is not exact.",
    "Not read (not DEXA or lab results): 1 Patient.",
    "Note: LOINC's 'Hip' codes were read as the total hip and its 'Femur' codes as the femoral "
    "neck, as in common use: the results did not say which (uncertain; check against the "
    "report).",
]
# test, value, unit, input value and unit, date, range, lab, note, source
BUNDLE_LABS = [
    ("25ohd", 79.872, "nmol/L", 32.0, "ng/mL", "2022-10-20", 30.0, 100.0, "Quest Diagnostics",
     "from FHIR", "fhir"),
    ("inr", 2.4, "", 2.4, "", "2022-10-20", 2.0, 3.0, None, "from FHIR", "fhir"),
    ("calcium", 9.4188, "mg/dL", 2.35, "mmol/L", "2022-10-20", 2.15, 2.55, "City Lab Central",
     "from FHIR", "fhir"),
]  # fmt: skip


def lab_rows(db_path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(
            "SELECT test, value, unit, input_value, input_unit, taken_on, ref_low, ref_high, lab, "
            "note, source FROM lab_results ORDER BY id"
        ).fetchall()


def test_a_bundle_with_unknown_codes_lists_them_and_stores_the_rest(
    cli: CliCall, db_path: Path
) -> None:
    """DEXA and lab results (a laboratory category, the offset of the draw, a UCUM {INR}
    with a range of bare numbers, calcium in mmol/l with the lab's name over two lines);
    a turnover marker without its lab, an inexact eGFR and unknown codes listed."""
    result = cli("scan", "import", BUNDLE)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[: len(BUNDLE_LINES) + 1] == [
        *BUNDLE_LINES,
        "Scan of 2022-11-02:",
    ]
    assert [row[:4] for row in scan_rows(db_path)] == [
        ("2022-11-02", "femoral-neck", 0.887, None),
        ("2022-11-02", "forearm", 0.612, None),
        ("2022-11-02", "total-hip", 0.905, None),
    ]
    assert lab_rows(db_path) == BUNDLE_LABS
    # read back as `lab add` results are: with their band and the lab's range
    listed = json.loads(cli("lab", "list", "--json").stdout)
    assert [(r["test"], r["band"] and r["band"]["code"], r["range_status"], r["source"])
            for r in listed] == [
        ("25ohd", "no-extra-benefit", "within", "fhir"),
        ("inr", None, "within", "fhir"),
        ("calcium", None, "within", "fhir"),
    ]  # fmt: skip


def test_lab_results_are_added_once(cli: CliCall, db_path: Path) -> None:
    """Neither a second import nor a result typed with `lab add` before is added twice."""
    assert cli("lab", "add", "inr", "2.4", "--date", "2022-10-20").exit_code == 0
    dry = cli("scan", "import", BUNDLE, "--dry-run")
    assert dry.exit_code == 0
    assert dry.stdout.splitlines()[4:7] == [
        "Would add 25(OH)D on 2022-10-20: 32 ng/mL (79.87 nmol/L), range 30-100 ng/mL: "
        "sufficient; no consistent extra benefit (> 30 ng/mL) (IOM 2011 cut-points 12, 20, 30, "
        "50 ng/mL; IOM 2011 (report, pp. 13-14)); within the range given.",
        "Would add Serum calcium on 2022-10-20: 2.35 mmol/L (9.42 mg/dL), range 2.15-2.55 "
        "mmol/L: within the range given.",
        "Already recorded: INR on 2022-10-20: 2.4, range 2-3.",
    ]
    assert dry.stdout.endswith("Dry run: nothing was written.\n")
    assert [row[0] for row in lab_rows(db_path)] == ["inr"]
    assert cli("scan", "import", BUNDLE).exit_code == 0
    stored = lab_rows(db_path)
    assert [row[0] for row in stored] == ["inr", "25ohd", "calcium"]
    before = dump(db_path)
    again = cli("scan", "import", BUNDLE)
    assert again.exit_code == 0
    assert again.stdout.splitlines()[1:7] == [
        "Already recorded: femoral neck on 2022-11-02: BMD 0.887 g/cm².",
        "Already recorded: forearm on 2022-11-02: BMD 0.612 g/cm².",
        "Already recorded: total hip on 2022-11-02: BMD 0.905 g/cm².",
        "Already recorded: 25(OH)D on 2022-10-20: 32 ng/mL (79.87 nmol/L), range 30-100 ng/mL.",
        "Already recorded: INR on 2022-10-20: 2.4, range 2-3.",
        "Already recorded: Serum calcium on 2022-10-20: 2.35 mmol/L (9.42 mg/dL), range "
        "2.15-2.55 mmol/L.",
    ]
    assert dump(db_path) == before


def test_an_import_is_one_change_that_undo_takes_back(cli: CliCall, db_path: Path) -> None:
    assert cli("lab", "add", "inr", "2.4", "--date", "2022-10-20").exit_code == 0
    before = user_rows(db_path)
    assert cli("scan", "import", BUNDLE).exit_code == 0
    undone = cli("undo", "--yes")
    assert (undone.exit_code, undone.stdout) == (
        0,
        f"Undone (bonetrack scan import {BUNDLE}): removed 2 lab results and 3 scan results.\n",
    )
    assert user_rows(db_path) == before
    # the lab result typed before is a change of its own, next in line
    assert cli("undo", "--list").stdout.splitlines()[0] == (
        "2026-11-22 08:30 bonetrack lab add inr 2.4 --date 2022-10-20"
    )


def lab(code: str, quantity: dict[str, object], **more: object) -> dict[str, object]:
    """A lab Observation, as a portal sends one."""
    return {
        "resourceType": "Observation", "id": "lab", "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": code}]},
        "effectiveDateTime": "2025-06-03T08:10:00+02:00", "valueQuantity": quantity,
        "performer": [{"display": "Synlab"}], **more,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("observation", "message"),
    [
        (lab("62292-8", {"value": 500, "unit": "ng/mL"}),
         "500 ng/mL is not a plausible 25(OH)D result (more than 400.64 ng/mL); check the unit."),
        (lab("41171-0", {"value": 0, "unit": "ng/mL"}),
         "a CTX result must be more than zero, not '0 ng/mL'."),
        # an integer of 400 digits (written in below): beyond a float, read as inf
        (lab("6301-6", {"value": 7777777}), "a INR result must be more than zero, not 'inf'."),
        (lab("62292-8", {"value": 30, "unit": "ng/mL"}, effectiveDateTime="2026-11-23"),
         "the date 2026-11-23 is in the future; today is 2026-11-22."),
        (lab("2000-8", {"value": 2.3, "unit": "mmol/L"},
             referenceRange=[{"low": {"value": 2.6}, "high": {"value": 2.1}}]),
         "the reference range's low 2.6 is above its high 2.1."),
        (lab("2000-8", {"value": 2.3, "unit": "mmol/L"},
             referenceRange=[{"low": {"value": -1, "unit": "mmol/L"}}]),
         "the reference range's low must be a number of zero or more."),
    ],
)  # fmt: skip
def test_lab_results_lab_add_refuses_refuse_the_whole_file(
    observation: dict[str, object], message: str, cli: CliCall, db_path: Path, tmp_path: Path
) -> None:
    """As `lab add` refuses them; not even the DEXA result beside them is stored."""
    path = tmp_path / "portal.json"
    spine = json.loads((FHIR / "observation-panel-components.json").read_text())
    bundle = {"resourceType": "Bundle", "entry": [{"resource": spine}, {"resource": observation}]}
    path.write_text(json.dumps(bundle).replace("7777777", "9" * 400))
    assert cli("log", "k2", "180mcg").exit_code == 0
    before = dump(db_path)
    result = cli("scan", "import", str(path))
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {path}: Observation lab: {message} Nothing was imported.\n",
    )
    assert dump(db_path) == before


@pytest.mark.parametrize(
    ("observation", "stored", "skipped"),
    [
        # UCUM codes only, with their annotations in braces
        (lab("98979-8", {"value": 71, "system": "http://unitsofmeasure.org",
                         "code": "mL/min/{1.73_m2}"}),
         ("egfr", 71.0, "mL/min/1.73m²", 71.0, "mL/min/1.73m²", None, None, "Synlab"), None),
        (lab("17861-6", {"value": 9.6, "unit": "mg/dL"},
             referenceRange=[{"low": {"value": 2.15, "unit": "mmol/L"},
                              "high": {"value": 2.55, "unit": "mmol/L"}}]),
         ("calcium", 9.6, "mg/dL", 9.6, "mg/dL", 8.6172, 10.2204, "Synlab"), None),
        # a turnover marker with its lab, in pg/mL
        (lab("41171-0", {"value": 350, "unit": "pg/mL"}),
         ("ctx", 0.35, "ng/mL", 350.0, "pg/mL", None, None, "Synlab"), None),
        (lab("62292-8", {"value": 32, "unit": "mg/dL"}), None,
         "a value in 'mg/dL', not in ng/mL, nmol/L"),
        (lab("62292-8", {"value": 32, "unit": "ng/mL"},
             referenceRange=[{"low": {"value": 20, "unit": "mg/dL"}}]), None,
         "a reference range in 'mg/dL', not in ng/mL"),
        (lab("2731-8", {"value": 40, "unit": "pg/mL"}, status="entered-in-error"), None,
         "status entered-in-error"),
        (lab("2731-8", {"value": "40", "unit": "pg/mL"}), None, "valueQuantity has no number"),
        ({**lab("2731-8", {}), "valueQuantity": None, "valueString": "see report"}, None,
         "no valueQuantity"),
    ],
)  # fmt: skip
def test_lab_result_units_ranges_and_skips(
    observation: dict[str, object],
    stored: tuple[object, ...] | None,
    skipped: str | None,
    cli: CliCall,
    db_path: Path,
    tmp_path: Path,
) -> None:
    path = tmp_path / "lab.json"
    path.write_text(json.dumps(observation))
    result = cli("scan", "import", str(path))
    assert (result.exit_code, result.stderr) == (0, "")
    if stored is None:
        assert lab_rows(db_path) == []
        code = observation["code"]["coding"][0]["code"]  # type: ignore[index]
        assert f"  Observation lab: LOINC {code} " in result.stdout
        assert result.stdout.splitlines()[-1].endswith(f": {skipped}.")
        return
    (row,) = lab_rows(db_path)
    assert row[5] == "2025-06-03"  # the day of the draw where it was drawn
    assert row[:5] + row[6:9] == stored


def test_a_lab_result_in_a_component(cli: CliCall, db_path: Path, tmp_path: Path) -> None:
    """A panel Observation's components are read as results of their own, with its date,
    status and lab."""
    panel = {
        "resourceType": "Observation", "id": "bone-panel", "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "24362-6"}],
                 "text": "Bone markers panel"},
        "effectiveDateTime": "2025-06-03", "performer": [{"display": "Synlab"}],
        "component": [
            {"code": {"coding": [{"system": "http://loinc.org", "code": "41171-0"}]},
             "valueQuantity": {"value": 0.41, "unit": "ng/mL"},
             "referenceRange": [{"high": {"value": 0.57, "unit": "ng/mL"}}]},
            {"code": {"coding": [{"system": "http://loinc.org", "code": "77370-5"}]},
             "valueQuantity": {"value": 48, "unit": "ug/L"}},
            {"code": {"coding": [{"system": "http://loinc.org", "code": "1234-5"}]},
             "valueQuantity": {"value": 3, "unit": "mg/L"}},
        ],
    }  # fmt: skip
    path = tmp_path / "panel.json"
    path.write_text(json.dumps(panel))
    result = cli("scan", "import", str(path))
    assert result.stdout.splitlines()[:5] == [
        f"{path}: 0 DEXA values and 2 lab results read from 1 resource.",
        "Added CTX on 2025-06-03: 0.41 ng/mL (410 pg/mL), range ≤ 0.57 ng/mL: within the range "
        "given.",
        "Added P1NP on 2025-06-03: 48 ng/mL.",
        "Skipped 1:",
        "  Observation bone-panel, component 3: LOINC 1234-5: not a DEXA result or lab test "
        "bonetrack knows.",
    ]
    assert [(r[0], r[3], r[4], r[7], r[8]) for r in lab_rows(db_path)] == [
        ("ctx", 0.41, "ng/mL", 0.57, "Synlab"),
        ("p1np", 48.0, "ng/mL", None, "Synlab"),
    ]


def test_a_lab_result_before_the_birth_year_is_refused(
    cli: CliCall, db_path: Path, tmp_path: Path
) -> None:
    assert cli("profile", "set", "--birth-year", "1960").exit_code == 0
    path = tmp_path / "old.json"
    path.write_text(json.dumps(lab("6301-6", {"value": 2.1}, effectiveDateTime="1959-05-01")))
    result = cli("scan", "import", str(path))
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {path}: 1959-05-01 is before your birth year (1960): check the date, or the "
        "birth year in your profile (bonetrack profile show). Nothing was imported.\n",
    )
    assert lab_rows(db_path) == []


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
        "stdin: 3 DEXA values and 0 lab results read from 1 resource.",
        "Added lumbar spine on 2021-09-20: BMD 0.934 g/cm², T-score -0.9, Z-score +0.3 "
        "(Hologic Discovery W).",
    ]
    assert scan_rows(db_path) == [
        ("2021-09-20", "lumbar-spine", 0.934, -0.9, 0.3, "Hologic Discovery W", None, "from FHIR")
    ]
