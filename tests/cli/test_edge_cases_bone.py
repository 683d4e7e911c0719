"""QA findings on scans, events and the safety warnings, each pinned by a test."""

from __future__ import annotations

import json

import pytest

from tests.conftest import CliCall, Freeze


@pytest.fixture(autouse=True)
def _clock(frozen: Freeze) -> None:
    frozen("2026-11-22 20:30")


# --- calcium and vitamin D at the upper limit: float sums must not tip them over ---

# 134.2 + 426.8 + 322.2 + 303.6 + 401.2 + 412.0 is 2000.0000000000002 in binary floats.
CALCIUM_2000 = ("134.2", "426.8", "322.2", "303.6", "401.2", "412")


def test_calcium_exactly_at_the_ul_by_float_sum_does_not_warn(cli: CliCall) -> None:
    for hour, amount in enumerate(CALCIUM_2000, start=8):
        result = cli("log", "calcium", f"{amount}mg", "--at", f"{hour}:00")
        assert result.exit_code == 0
    assert result.stdout.endswith("Today: 2000 mg.\n")
    assert result.stderr == ""
    report = json.loads(cli("report", "--json").stdout)
    assert report["warnings"] == []


def test_calcium_above_the_ul_still_warns(cli: CliCall) -> None:
    for hour, amount in enumerate(CALCIUM_2000, start=8):
        cli("log", "calcium", f"{amount}mg", "--at", f"{hour}:00")
    result = cli("log", "calcium", "0.001mg", "--force", "--at", "15:00")
    assert "adds up to 2000.001 mg, above the upper limit of 2000 mg" in result.stderr
    report = json.loads(cli("report", "--json").stdout)
    assert [w["code"] for w in report["warnings"]] == ["calcium-ul"]


# --- event ids beyond what SQL can hold are "no such event", not a crash ---


@pytest.mark.parametrize("command", [("edit", "--severity", "1"), ("delete", "--yes")])
def test_huge_event_id_is_not_found(cli: CliCall, command: tuple[str, ...]) -> None:
    cli("event", "add", "fall")
    result = cli("event", command[0], "99999999999999999999999", *command[1:])
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: no event with id 99999999999999999999999; see `bonetrack event list` for ids.\n"
    )


def test_huge_event_list_limit_means_no_limit(cli: CliCall) -> None:
    cli("event", "add", "fall")
    result = cli("event", "list", "--limit", "99999999999999999999999", "--json")
    assert result.exit_code == 0
    assert [e["kind"] for e in json.loads(result.stdout)] == ["fall"]


# --- a T-score printed next to its WHO category must not contradict it ---


def test_t_score_near_a_threshold_is_shown_with_enough_decimals(cli: CliCall) -> None:
    result = cli("scan", "add", "--date", "2025-03-14", "--site", "hip", "--t-score", "-2.49")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:2] == [
        "Recorded total hip on 2025-03-14: T-score -2.49.",
        "Lowest T-score -2.49 (total hip) is in the WHO low bone mass (osteopenia) range "
        "(T-score between -2.5 and -1.0).",
    ]
    result = cli("scan", "add", "--date", "2025-03-15", "--site", "hip", "--t-score", "-1.04")
    assert "Lowest T-score -1.04 (total hip) is in the WHO low bone mass" in result.stdout


# --- scan compare fits an 80-column terminal without cutting dates ---


def test_compare_table_keeps_dates_whole_at_80_columns(cli: CliCall) -> None:
    machine = ("--machine", "Hologic Horizon A")
    cli("scan", "add", "--date", "2023-01-31", "--site", "spine", "--bmd", "1.000", *machine)
    cli("scan", "add", "--date", "2024-02-29", "--site", "spine", "--bmd", "0.947", *machine)
    cli("scan", "add", "--date", "2025-02-28", "--site", "spine", "--bmd", "0.990", *machine)
    result = cli("scan", "compare", env={"COLUMNS": "80"})
    assert result.exit_code == 0
    assert "…" not in result.stdout
    for text in ("2023-01-31", "2024-02-29", "2025-02-28", "1.000→0.947", "since first"):
        assert text in result.stdout
