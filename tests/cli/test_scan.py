"""`bonetrack scan`: recording DEXA results, reading them, comparing them."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from bonetrack.store.engine import Database
from bonetrack.store.settings import set_setting
from tests.conftest import CliCall, Freeze

HOLOGIC = "Hologic Horizon A"


@pytest.fixture(autouse=True)
def _clock(frozen: Freeze) -> None:
    frozen("2026-11-22 08:30")


def scan_rows(db_path: Path) -> list[tuple[object, ...]]:
    if not db_path.exists():
        return []
    with sqlite3.connect(db_path) as conn:
        return conn.execute(
            "SELECT scan_date, site, bmd, t_score, z_score, machine, facility, note "
            "FROM scans ORDER BY scan_date, site"
        ).fetchall()


def add(cli: CliCall, *args: str) -> None:
    result = cli("scan", "add", *args)
    assert result.exit_code == 0, result.stderr


def test_add_stores_every_field_and_reads_the_visit(cli: CliCall, db_path: Path) -> None:
    result = cli(
        "scan", "add", "--date", "2026-03-10", "--site", "spine", "--bmd", "0.812",
        "--t-score", "-1.8", "--z-score", "-0.9", "--machine", HOLOGIC,
        "--facility", "City Hospital", "--note", "first scan",
    )  # fmt: skip
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout == (
        "Recorded lumbar spine on 2026-03-10: BMD 0.812 g/cm², T-score -1.8, Z-score -0.9.\n"
        "Lowest T-score -1.8 (lumbar spine) is in the WHO low bone mass (osteopenia) range "
        "(T-score between -2.5 and -1.0).\n"
        "Your birth year is not in the profile: if you were under 50 at this scan, Z-scores "
        "apply instead of T-scores (ISCD).\n"
        "This describes the numbers, not a diagnosis: discuss them with your clinician.\n"
    )
    assert scan_rows(db_path) == [
        ("2026-03-10", "lumbar-spine", 0.812, -1.8, -0.9, HOLOGIC, "City Hospital", "first scan")
    ]


def test_sites_of_one_date_form_a_visit_and_share_the_machine(cli: CliCall, db_path: Path) -> None:
    add(cli, "--date", "2026-03-10", "--site", "spine", "--bmd", "0.812", "--machine", HOLOGIC)
    result = cli("scan", "add", "--date", "2026-03-10", "--site", "neck", "--t-score", "-2.5")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:3] == [
        "Recorded femoral neck on 2026-03-10: T-score -2.5.",
        "Same visit as the other sites of 2026-03-10: machine Hologic Horizon A.",
        "Lowest T-score -2.5 (femoral neck) is in the WHO osteoporosis range "
        "(T-score -2.5 or lower).",
    ]
    assert [r[:2] + r[5:6] for r in scan_rows(db_path)] == [
        ("2026-03-10", "femoral-neck", HOLOGIC),
        ("2026-03-10", "lumbar-spine", HOLOGIC),
    ]


def test_date_defaults_to_today(cli: CliCall, db_path: Path) -> None:
    add(cli, "--site", "hip", "--bmd", "0.9")
    assert scan_rows(db_path)[0][:3] == ("2026-11-22", "total-hip", 0.9)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--site", "knee", "--bmd", "0.8"],
            "Error: unknown site 'knee'. Did you mean 'femoral-neck'? Sites: lumbar-spine, "
            "total-hip, femoral-neck, forearm (aliases: spine, l1-l4, hip, neck, radius, "
            "33-radius).",
        ),
        (
            ["--site", "spine", "--bmd", "5"],
            "Error: BMD 5 g/cm² is outside the plausible range 0.2-2 g/cm².",
        ),
        (
            ["--site", "spine", "--t-score", "abc"],
            "Error: T-score 'abc' is not a number, e.g. -1.8.",
        ),
        (
            ["--site", "spine", "--bmd", "0.8", "--z-score", "-9"],
            "Error: Z-score -9 is outside the plausible range -7 to +7.",
        ),
        (
            ["--date", "2026-11-23", "--site", "spine", "--bmd", "0.8"],
            "Error: the scan date 2026-11-23 is in the future; record scans already done.",
        ),
        (
            ["--date", "11/03/2026", "--site", "spine", "--bmd", "0.8"],
            "Error: '11/03/2026' could be 11 March 2026 (day first) or 3 November 2026 (month "
            "first): write 2026-03-11 or 2026-11-03, or set your date order once with "
            "`bonetrack config set date-order dmy` (or mdy).",
        ),
        (
            ["--site", "spine"],
            "Error: give --bmd G_CM2 or --t-score T (or both), as on the scan report.",
        ),
        (
            ["--bmd", "0.8"],
            "Error: missing --site: one of lumbar-spine (spine, l1-l4), total-hip (hip), "
            "femoral-neck (neck), forearm (radius).",
        ),
    ],
)
def test_bad_input_is_one_error_line_exit_2_nothing_written(
    cli: CliCall, db_path: Path, args: list[str], message: str
) -> None:
    result = cli("scan", "add", *args)
    assert result.exit_code == 2
    assert result.stderr == message + "\n"
    assert result.stdout == ""
    assert scan_rows(db_path) == []


def test_same_site_and_date_twice_is_refused(cli: CliCall, db_path: Path) -> None:
    add(cli, "--date", "2026-03-10", "--site", "spine", "--bmd", "0.812")
    result = cli("scan", "add", "--date", "2026-03-10", "--site", "l1-l4", "--bmd", "0.9")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: a lumbar-spine result for 2026-03-10 is already recorded; delete it first with "
        "`bonetrack scan delete 2026-03-10 --site lumbar-spine`.\n"
    )
    assert [r[2] for r in scan_rows(db_path)] == [0.812]


def test_missing_values_are_asked_for_on_a_terminal(
    cli: CliCall, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bonetrack.cli.confirm.stdin_is_terminal", lambda: True)
    result = cli("scan", "add", "--date", "2026-03-10", input="spine\n0.812\n-1.8\n")
    assert result.exit_code == 0, result.stderr
    assert scan_rows(db_path) == [
        ("2026-03-10", "lumbar-spine", 0.812, -1.8, None, None, None, None)
    ]


def test_answering_nothing_on_a_terminal_writes_nothing(
    cli: CliCall, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bonetrack.cli.confirm.stdin_is_terminal", lambda: True)
    result = cli("scan", "add", "--site", "hip", input="\n\n")
    assert result.exit_code == 2
    # the prompts come first on stderr (the runner does not echo the answers)
    assert result.stderr.endswith(
        "Error: a scan result needs a BMD or a T-score; nothing was recorded.\n"
    )
    assert scan_rows(db_path) == []


def test_t_minus_one_is_normal_and_minus_two_point_five_osteoporosis(cli: CliCall) -> None:
    add(cli, "--date", "2025-01-10", "--site", "spine", "--t-score", "-1.0")
    add(cli, "--date", "2026-01-10", "--site", "spine", "--t-score", "-2.5")
    visits = json.loads(cli("scan", "list", "--json").stdout)
    assert [(v["date"], v["interpretation"]["category"]) for v in visits] == [
        ("2025-01-10", "normal"),
        ("2026-01-10", "osteoporosis"),
    ]


def test_severe_when_a_fragility_fracture_is_recorded(cli: CliCall) -> None:
    add(cli, "--date", "2026-01-10", "--site", "spine", "--t-score", "-2.7")
    added = cli("event", "add", "fracture", "--at", "2025-06-01", "--site", "wrist",
                "--fragility", "yes")  # fmt: skip
    assert added.exit_code == 0
    shown = json.loads(cli("scan", "show", "2026-01-10", "--json").stdout)
    assert shown["interpretation"]["category"] == "severe-osteoporosis"
    assert shown["interpretation"]["fracture_recorded"] is True


def test_under_50_reads_z_scores(cli: CliCall, db: Database) -> None:
    set_setting(db, "profile.birth_year", "1980")
    set_setting(db, "profile.sex", "female")
    add(cli, "--date", "2026-01-10", "--site", "spine", "--t-score", "-2.6", "--z-score", "-2.0")
    shown = json.loads(cli("scan", "show", "2026-01-10", "--json").stdout)
    assert shown["interpretation"] == {
        "category": None,
        "category_label": None,
        "lowest_t_score": -2.6,
        "lowest_t_site": "lumbar-spine",
        "age": 46,
        "z_scores_apply": True,
        "lowest_z_score": -2.0,
        "lowest_z_site": "lumbar-spine",
        "z_below_expected_range": True,
        "fracture_recorded": False,
        "fragility": None,
        "fracture_note": None,
        "menopause_year_needed": False,
        "text": [
            "Age 46 at the scan (from the profile's birth year), no menopause year in the "
            "profile: under 50 and before menopause, Z-scores, not T-scores, apply (ISCD), so "
            "the WHO T-score categories are not used.",
            "Lowest Z-score -2.0 (lumbar spine) is below the expected range for age "
            "(Z-score -2.0 or lower, ISCD).",
            "This describes the numbers, not a diagnosis: discuss them with your clinician.",
        ],
    }


def test_list_json_and_table(cli: CliCall) -> None:
    add(cli, "--date", "2026-03-10", "--site", "hip", "--bmd", "0.9", "--t-score", "-0.4",
        "--machine", HOLOGIC)  # fmt: skip
    assert json.loads(cli("scan", "list", "--json").stdout)[0]["sites"] == [
        {
            "date": "2026-03-10",
            "site": "total-hip",
            "bmd": 0.9,
            "t_score": -0.4,
            "z_score": None,
            "machine": HOLOGIC,
            "facility": None,
            "note": None,
        }
    ]
    table = cli("scan", "list").stdout
    assert (
        "│ 2026-03-10 │ total hip │ -0.4 total hip │ normal               │ Hologic Horizon A │"
        in (table)
    )


def test_no_scans_yet(cli: CliCall) -> None:
    result = cli("scan", "list")
    assert result.stdout == (
        "No scans recorded yet. Record your last one with: bonetrack scan add --date 2025-03-14 "
        "--site spine --bmd 0.812 --t-score -1.8\n"
    )
    assert json.loads(cli("scan", "list", "--json").stdout) == []
    assert json.loads(cli("scan", "compare", "--json").stdout) == {"sites": []}


def test_show_unknown_date(cli: CliCall) -> None:
    add(cli, "--date", "2026-03-10", "--site", "hip", "--bmd", "0.9")
    result = cli("scan", "show", "2026-03-11")
    assert result.exit_code == 2
    assert result.stderr == "Error: no scan on 2026-03-11. Scan dates: 2026-03-10.\n"


def test_delete_one_site_then_the_visit(cli: CliCall, db_path: Path) -> None:
    add(cli, "--date", "2026-03-10", "--site", "hip", "--bmd", "0.9")
    add(cli, "--date", "2026-03-10", "--site", "spine", "--bmd", "0.8")
    refused = cli("scan", "delete", "2026-03-10")
    assert refused.exit_code == 2
    assert (
        refused.stderr.splitlines()[-1] == "Error: no terminal to confirm on; add --yes to confirm."
    )
    assert len(scan_rows(db_path)) == 2
    one = cli("scan", "delete", "2026-03-10", "--site", "hip", "--yes")
    assert one.stdout == "Deleted 1 scan result of 2026-03-10.\n"
    assert [r[1] for r in scan_rows(db_path)] == ["lumbar-spine"]
    assert cli("scan", "delete", "2026-03-10", "--yes").stdout == (
        "Deleted 1 scan result of 2026-03-10.\n"
    )
    missing = cli("scan", "delete", "2026-03-10", "--yes")
    assert missing.exit_code == 2
    assert missing.stderr == "Error: no scan on 2026-03-10; see `bonetrack scan list`.\n"


def _two_spine_scans(cli: CliCall, second: str, machine2: str = HOLOGIC) -> None:
    add(cli, "--date", "2024-03-01", "--site", "spine", "--bmd", "1.000", "--machine", HOLOGIC)
    add(cli, "--date", "2026-03-01", "--site", "spine", "--bmd", second, "--machine", machine2)


def test_compare_exactly_at_the_lsc_is_significant(cli: CliCall) -> None:
    _two_spine_scans(cli, "1.053")  # +5.30% against the spine's default 5.3%
    data = json.loads(cli("scan", "compare", "--json").stdout)
    assert data == {
        "sites": [
            {
                "site": "lumbar-spine",
                "lsc": {"value": 5.3, "unit": "%", "source": "default", "uncertain": True},
                "points": [
                    {"date": "2024-03-01", "bmd": 1.0, "machine": HOLOGIC},
                    {"date": "2026-03-01", "bmd": 1.053, "machine": HOLOGIC},
                ],
                "changes": [
                    {
                        "from": "2024-03-01",
                        "to": "2026-03-01",
                        "from_bmd": 1.0,
                        "to_bmd": 1.053,
                        "change_g_cm2": 0.053,
                        "change_pct": 5.3,
                        "years": 2.0,
                        "per_year_g_cm2": 0.027,
                        "per_year_pct": 2.65,
                        "status": "significant",
                        "significant": True,
                        "note": None,
                    }
                ],
                "from_first": {
                    "from": "2024-03-01",
                    "to": "2026-03-01",
                    "from_bmd": 1.0,
                    "to_bmd": 1.053,
                    "change_g_cm2": 0.053,
                    "change_pct": 5.3,
                    "years": 2.0,
                    "per_year_g_cm2": 0.027,
                    "per_year_pct": 2.65,
                    "status": "significant",
                    "significant": True,
                    "note": None,
                },
                "scans_without_bmd": 0,
            }
        ]
    }


def test_compare_just_below_the_lsc(cli: CliCall) -> None:
    _two_spine_scans(cli, "1.052")
    change = json.loads(cli("scan", "compare", "--json").stdout)["sites"][0]["changes"][0]
    assert (change["change_pct"], change["status"]) == (5.2, "within-lsc")


def test_compare_different_machines_is_not_reliable(cli: CliCall) -> None:
    _two_spine_scans(cli, "0.900", machine2="GE Lunar iDXA")
    change = json.loads(cli("scan", "compare", "--json").stdout)["sites"][0]["changes"][0]
    assert (change["change_pct"], change["status"], change["significant"]) == (
        -10.0,
        "not-reliable",
        False,
    )
    text = cli("scan", "compare").stdout
    assert "not reliable: other machine" in text
    assert "real loss" not in text


def test_compare_chart_and_table(cli: CliCall) -> None:
    _two_spine_scans(cli, "0.940")  # -6.00%: outside the 5.3% band
    add(cli, "--date", "2026-03-01", "--site", "hip", "--bmd", "0.800")
    text = cli("scan", "compare").stdout
    lines = text.splitlines()
    assert lines[0] == "lumbar spine BMD (g/cm²)"
    chart = lines[1:10]
    # first scan inside the band (░), the second below it
    assert [line for line in chart if "●" in line] == [
        " 0.996 ┤●░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░",
        "       ┤                                           ●",
    ]
    assert lines[10] == "       └────────────────────────────────────────────"
    assert lines[11] == "        2024-03                                    2026-03"
    row = "2024-03-01 │ 2026-03-01 │ 1.000→0.940 │ -0.060 │ -6.00% │   -3.00% │ real loss (>= LSC)"
    assert f"\n{row}\n" in text
    assert "total hip BMD (g/cm²)\n1 scan with a BMD: a comparison needs two." in text
    assert "LSC 5.3%: default [uncertain], see below." in text
    assert "these per-site figures are uncertain: not confirmed in a primary source" in " ".join(
        text.split()
    )


def test_compare_one_site(cli: CliCall) -> None:
    _two_spine_scans(cli, "0.98")
    add(cli, "--date", "2026-03-01", "--site", "hip", "--bmd", "0.800")
    data = json.loads(cli("scan", "compare", "--site", "hip", "--json").stdout)
    assert [s["site"] for s in data["sites"]] == ["total-hip"]


def test_user_lsc_in_g_cm2(cli: CliCall) -> None:
    _two_spine_scans(cli, "0.970")  # -0.030 g/cm², -3.00%: within 5.3%
    result = cli("scan", "lsc", "spine", "0.03g/cm2")
    assert result.exit_code == 0
    assert result.stdout == (
        "LSC for the lumbar spine set.\nlumbar-spine: 0.030 g/cm² (your setting)\n"
    )
    data = json.loads(cli("scan", "compare", "--json").stdout)["sites"][0]
    assert data["lsc"] == {"value": 0.03, "unit": "g/cm2", "source": "user", "uncertain": False}
    assert data["changes"][0]["status"] == "significant"
    back = cli("scan", "lsc", "spine", "default")
    assert back.stdout.splitlines()[:2] == [
        "LSC for the lumbar spine back to the default.",
        "lumbar-spine: 5.3% (default, uncertain)",
    ]


def test_bad_lsc_writes_nothing(cli: CliCall) -> None:
    result = cli("scan", "lsc", "spine", "4.2")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: LSC '4.2' needs a unit: add % or g/cm2, e.g. 4.2% or 4.2g/cm2.\n"
    )
    assert json.loads(cli("scan", "lsc", "--json").stdout)["lumbar-spine"] == {
        "value": 5.3,
        "unit": "%",
        "source": "default",
        "uncertain": True,
    }


def test_lsc_table(cli: CliCall) -> None:
    assert cli("scan", "lsc").stdout.splitlines()[:4] == [
        "lumbar-spine: 5.3% (default, uncertain)",
        "total-hip: 5.0% (default, uncertain)",
        "femoral-neck: 6.9% (default, uncertain)",
        "forearm: none (ask your facility)",
    ]
