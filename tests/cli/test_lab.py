"""`bonetrack lab add|list|delete`: units both ways, bands, the user's own ranges, INR
beside K2 on a vitamin K antagonist, turnover markers within one lab, and the report."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import CliCall, Freeze

BANDS = "IOM 2011 cut-points 12, 20, 30, 50 ng/mL; IOM 2011 (report, pp. 13-14)"


def ok(cli: CliCall, *args: str) -> str:
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def results(cli: CliCall, *args: str) -> list[dict[str, Any]]:
    return list(json.loads(ok(cli, "lab", "list", "--json", *args)))


@pytest.fixture(autouse=True)
def _clock(frozen: Freeze) -> None:
    frozen("2026-11-22 09:00")


def test_vitamin_d_in_either_unit_with_the_iom_bands(cli: CliCall) -> None:
    assert ok(cli, "lab", "add", "25ohd", "32ng/mL", "--date", "2026-05-01") == (
        "Recorded 25(OH)D 32 ng/mL (79.87 nmol/L) on 2026-05-01: sufficient; no consistent "
        f"extra benefit (> 30 ng/mL) ({BANDS}).\n"
    )
    assert ok(cli, "lab", "add", "25ohd", "45nmol/L") == (
        "Recorded 25(OH)D 45 nmol/L (18.03 ng/mL) on 2026-11-22: some at risk (30 to < 50 "
        "nmol/L) (IOM 2011 cut-points 30, 50, 75, 125 nmol/L; IOM 2011 (report, pp. 13-14)).\n"
        "Change: -34.87 nmol/L since 2026-05-01.\n"
    )
    first, second = results(cli)
    assert first == {
        "id": 1,
        "test": "25ohd",
        "label": "25(OH)D",
        "date": "2026-05-01",
        "value": 32.0,
        "unit": "ng/mL",
        "canonical_value": 79.872,
        "canonical_unit": "nmol/L",
        "ref_low": None,
        "ref_high": None,
        "range_status": None,
        "lab": None,
        "note": None,
        "band": {
            "code": "no-extra-benefit",
            "text": "sufficient; no consistent extra benefit (> 30 ng/mL)",
            "cut_points": "IOM 2011 cut-points 12, 20, 30, 50 ng/mL",
            "source": "IOM 2011 (report, pp. 13-14)",
        },
        "source": "cli",
        "previous_id": None,
        "change": None,
        "k2_beside": None,
    }
    assert (second["value"], second["unit"], second["previous_id"], second["change"]) == (
        45.0,
        "nmol/L",
        1,
        "-34.87 nmol/L since 2026-05-01",
    )


def test_serum_calcium_converts_both_ways(cli: CliCall) -> None:
    assert ok(
        cli, "lab", "add", "calcium", "2.4mmol/L", "--ref-low", "2.2", "--ref-high", "2.6"
    ) == ("Recorded Serum calcium 2.4 mmol/L (9.62 mg/dL) on 2026-11-22: within the given range.\n")
    assert ok(cli, "lab", "add", "calcium", "9.6mg/dL", "--date", "yesterday") == (
        "Recorded Serum calcium 9.6 mg/dL (2.4 mmol/L) on 2026-11-21.\n"
    )
    [low, high] = results(cli, "--test", "calcium")
    assert (low["canonical_value"], high["canonical_value"]) == (9.6, 9.6192)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("25ohd", "32mg"), "Error: unknown unit 'mg' for 25(OH)D: use ng/mL, nmol/L.\n"),
        (("25ohd", "32"), "Error: 25(OH)D needs a unit: ng/mL, nmol/L.\n"),
        (("inr", "2.4sec"), "Error: unknown unit 'sec' for INR: use a plain number (no unit).\n"),
        (
            ("calcium", "9.6mEq/L"),
            "Error: unknown unit 'mEq/L' for Serum calcium: use mg/dL, mmol/L.\n",
        ),
        (
            ("ctx", "0.35ng/mL"),
            "Error: give the lab with --lab NAME: CTX is compared only with results from the "
            "same lab (results differ by assay: compare only like with like (bone-health facts, "
            "§8)).\n",
        ),
        (("vitd-level", "30ng/mL"), None),
        (
            ("inr", "2.4", "--date", "2026-11-23"),
            "Error: --date 2026-11-23 is in the future; today is 2026-11-22.\n",
        ),
        (
            ("inr", "2.4", "--ref-low", "3", "--ref-high", "2"),
            "Error: --ref-low 3 is above --ref-high 2.\n",
        ),
        (
            ("inr", "2.4", "--ref-low", "-1"),
            "Error: --ref-low must be a number of zero or more, not -1.0.\n",
        ),
        (("inr", "2.4", "--note", "a\nb"), None),
        (("inr", "0"), "Error: a INR result must be more than zero, not '0'.\n"),
    ],
)
def test_bad_results_are_refused_and_nothing_is_stored(
    cli: CliCall, args: tuple[str, ...], message: str | None
) -> None:
    result = cli("lab", "add", *args)
    assert result.exit_code == 2
    if message is not None:
        assert result.stderr == message
    assert result.stderr.startswith("Error: ")
    assert results(cli) == []


def test_inr_is_judged_only_against_the_users_range(cli: CliCall) -> None:
    assert ok(cli, "lab", "add", "inr", "2.4") == "Recorded INR 2.4 on 2026-11-22.\n"
    assert ok(cli, "lab", "add", "inr", "3.4", "--ref-low", "2", "--ref-high", "3") == (
        "Recorded INR 3.4 on 2026-11-22: above your range.\nChange: +1 since 2026-11-22.\n"
    )
    assert [r["range_status"] for r in results(cli)] == [None, "above"]


def test_inr_beside_k2_for_a_vitamin_k_antagonist_user(cli: CliCall, frozen: Freeze) -> None:
    frozen("2026-11-01 09:00")
    ok(cli, "profile", "set", "--anticoagulant", "none")
    ok(cli, "lab", "add", "inr", "1.0")  # not on a VKA that day: nothing beside it
    frozen("2026-11-10 09:00")
    ok(cli, "profile", "set", "--anticoagulant", "warfarin", "--since", "2026-11-05")
    for day in ("2026-11-09", "2026-11-10", "2026-11-02"):
        cli("log", "k2", "90mcg", "--at", f"{day} 08:00")
    out = ok(cli, "lab", "add", "inr", "2.6", "--ref-low", "2", "--ref-high", "3")
    assert out == (
        "Recorded INR 2.6 on 2026-11-10: within your range; K2 180 µg on 2 of the 7 days to "
        "the test.\nChange: +1.6 since 2026-11-01.\n"
    )
    first, second = results(cli)
    assert (first["k2_beside"], second["k2_beside"]) == (
        None,
        {"days": 7, "k2_mcg": 180.0, "days_with_k2": 2},
    )
    text = " ".join(ok(cli, "lab", "list").split())
    assert "INR is never judged by bonetrack: only against the range you gave" in text


def test_turnover_markers_are_compared_within_one_lab(cli: CliCall) -> None:
    ok(cli, "lab", "add", "ctx", "0.50ng/mL", "--lab", "City Lab", "--date", "2026-01-10")
    assert ok(
        cli, "lab", "add", "ctx", "0.45ng/mL", "--lab", "Other Lab", "--date", "2026-04-01"
    ) == (
        "Recorded CTX 0.45 ng/mL (450 pg/mL) on 2026-04-01.\n"
        "Not compared: no earlier CTX result from Other Lab.\n"
    )
    assert ok(cli, "lab", "add", "ctx", "300pg/mL", "--lab", "city lab") == (
        "Recorded CTX 300 pg/mL (0.3 ng/mL) on 2026-11-22.\n"
        "Change from the same lab: -200 pg/mL since 2026-01-10.\n"
    )
    report = json.loads(ok(cli, "report", "--json"))
    assert [(lab["test"], lab["previous"]["id"], lab["trend"]) for lab in report["labs"]] == [
        ("ctx", 1, "-200 pg/mL since 2026-01-10")
    ]


def test_report_shows_each_tests_latest_value_and_trend(cli: CliCall) -> None:
    ok(cli, "lab", "add", "25ohd", "18ng/mL", "--date", "2026-03-01")
    ok(cli, "lab", "add", "25ohd", "26ng/mL", "--date", "2026-09-01")
    ok(cli, "lab", "add", "p1np", "45ng/mL", "--lab", "A")
    text = ok(cli, "report")
    section = text[text.index("Lab results\n") :].splitlines()
    assert section[:4] == [
        "Lab results",
        "Test     Date        Latest                  Trend                      Meaning",
        "25(OH)D  2026-09-01  26 ng/mL (64.9 nmol/L)  +8 ng/mL since 2026-03-01  "
        "sufficient for bone (≥ 20 ng/mL)",
        "P1NP     2026-11-22  45 ng/mL                first result",
    ]


def test_delete_asks_then_deletes(cli: CliCall) -> None:
    ok(cli, "lab", "add", "inr", "2.4")
    refused = cli("lab", "delete", "1")
    assert refused.exit_code == 2
    assert refused.stderr == "Error: no terminal to confirm on; add --yes to confirm.\n"
    assert len(results(cli)) == 1
    deleted = cli("lab", "delete", "1", "--yes")
    assert deleted.exit_code == 0
    assert deleted.stdout == "Deleted #1 2026-11-22 INR 2.4.\n"
    assert results(cli) == []
    missing = cli("lab", "delete", "1", "--yes")
    assert missing.exit_code == 2
    assert missing.stderr == ("Error: no lab result with id 1; see `bonetrack lab list` for ids.\n")


def test_list_when_empty(cli: CliCall) -> None:
    assert ok(cli, "lab", "list").startswith("No lab results yet.")
    assert ok(cli, "lab", "list", "--test", "inr") == "No INR results yet.\n"
    assert results(cli) == []


def test_a_result_before_the_birth_year_is_refused(cli: CliCall) -> None:
    ok(cli, "profile", "set", "--birth-year", "1958")
    result = cli("lab", "add", "inr", "2.4", "--date", "1950-01-02")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: 1950-01-02 is before your birth year (1958)")
    assert results(cli) == []
