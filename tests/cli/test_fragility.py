"""Issue 15, item 1: "severe osteoporosis" needs T <= -2.5 and a fragility fracture.

`event add fracture --fragility yes|no|unknown` (asked on a terminal, default
unknown), `event edit --fragility`, and every place that prints the category.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CliCall, Freeze

UNKNOWN_LABEL = (
    "osteoporosis; a fracture is recorded: whether it was a fragility fracture is for your "
    "clinician"
)
SEVERE_LABEL = "severe osteoporosis (T-score -2.5 or lower with a recorded fragility fracture)"


@pytest.fixture(autouse=True)
def _clock(frozen: Freeze) -> None:
    frozen("2026-11-22 08:30")


def _fragility_rows(db_path: Path) -> list[tuple[object, ...]]:
    if not db_path.exists():
        return []
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT kind, local_date, fragility FROM events ORDER BY id").fetchall()


def _osteoporosis_scan(cli: CliCall) -> None:
    result = cli("scan", "add", "--date", "2026-01-10", "--site", "spine", "--t-score", "-2.7")
    assert result.exit_code == 0, result.stderr


def _reading(cli: CliCall) -> dict[str, Any]:
    shown = json.loads(cli("scan", "show", "2026-01-10", "--json").stdout)
    interp: dict[str, Any] = shown["interpretation"]
    return interp


def test_a_fracture_without_an_answer_is_unknown_and_not_severe(
    cli: CliCall, db_path: Path
) -> None:
    _osteoporosis_scan(cli)
    added = cli("event", "add", "fracture", "--at", "2025-06-01 10:00", "--site", "wrist")
    assert added.exit_code == 0, added.stderr
    assert added.stdout == (
        "Recorded #1 fracture on 2025-06-01 10:00 (wrist, fragility fracture: unknown).\n"
    )
    assert _fragility_rows(db_path) == [("fracture", "2025-06-01", "unknown")]
    interp = _reading(cli)
    assert interp["category"] == "osteoporosis"
    assert interp["category_label"] == UNKNOWN_LABEL
    assert interp["fragility"] == "unknown"
    assert interp["fracture_recorded"] is True
    assert interp["fracture_note"] == (
        "a fracture is recorded: whether it was a fragility fracture is for your clinician"
    )
    # scan show and scan list say the same
    show = " ".join(cli("scan", "show", "2026-01-10").stdout.split())
    assert (
        "is in the WHO osteoporosis range (T-score -2.5 or lower); a fracture is recorded: "
        "whether it was a fragility fracture is for your clinician." in show
    )
    listed = json.loads(cli("scan", "list", "--json").stdout)
    assert listed[0]["interpretation"]["category_label"] == UNKNOWN_LABEL
    table = cli("scan", "list", env={"COLUMNS": "250"}).stdout
    assert f"│ {UNKNOWN_LABEL} │" in table
    assert "severe" not in table.replace("Severe osteoporosis needs", "")
    assert "Severe osteoporosis needs a fragility fracture" in table


def test_a_fragility_fracture_before_the_scan_makes_it_severe_and_says_what_that_needs(
    cli: CliCall,
) -> None:
    _osteoporosis_scan(cli)
    cli("event", "add", "fracture", "--at", "2025-06-01", "--site", "wrist", "--fragility", "yes")
    interp = _reading(cli)
    assert (interp["category"], interp["category_label"]) == ("severe-osteoporosis", SEVERE_LABEL)
    table = cli("scan", "list", env={"COLUMNS": "250"}).stdout
    assert f"│ -2.7 lumbar spine │ {SEVERE_LABEL} │" in table
    assert (
        "Severe osteoporosis needs a fragility fracture (a fall from standing height or less, or "
        "no trauma) as well as a T-score of -2.5 or lower." in table
    )


def test_skiing_accident_at_20_is_not_a_fragility_fracture(cli: CliCall) -> None:
    _osteoporosis_scan(cli)
    result = cli(
        "event", "add", "fracture", "--at", "1975-02-01", "--site", "leg",
        "--note", "skiing accident, age 20", "--fragility", "no",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    interp = _reading(cli)
    assert (interp["category"], interp["category_label"]) == ("osteoporosis", "osteoporosis")
    assert interp["fracture_note"] == (
        "a fracture is recorded, not as a fragility fracture: severe osteoporosis needs one"
    )


def test_a_fragility_fracture_after_the_scan_does_not_change_its_reading(cli: CliCall) -> None:
    _osteoporosis_scan(cli)
    cli("event", "add", "fracture", "--at", "2026-05-01", "--fragility", "yes")
    interp = _reading(cli)
    assert (interp["category"], interp["fracture_recorded"]) == ("osteoporosis", False)
    assert interp["text"][2] == (
        "A fracture was recorded after this scan (2026-05-01): it is not part of this reading; "
        "tell your clinician about it."
    )


def test_fragility_is_asked_on_a_terminal(
    cli: CliCall, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bonetrack.cli.confirm.stdin_is_terminal", lambda: True)
    result = cli("event", "add", "fracture", "--at", "2025-06-01", input="yes\n")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(
        "Was it a fragility fracture (a fall from standing height or less, or no trauma)? yes, "
        "no or unknown [unknown]:"
    )
    # Enter keeps the default
    cli("event", "add", "fracture", "--at", "2025-07-01", input="\n")
    assert _fragility_rows(db_path) == [
        ("fracture", "2025-06-01", "yes"),
        ("fracture", "2025-07-01", "unknown"),
    ]


def test_fragility_is_not_asked_for_other_kinds_or_when_given(
    cli: CliCall, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bonetrack.cli.confirm.stdin_is_terminal", lambda: True)
    assert cli("event", "add", "fall").stderr == ""
    assert cli("event", "add", "fracture", "--fragility", "No").stderr == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["fall", "--fragility", "yes"],
            "Error: --fragility is only for fractures, not for a fall event (a fall that broke "
            "a bone is recorded as a fracture).",
        ),
        (
            ["fracture", "--fragility", "maybe"],
            "Error: fragility 'maybe' is not yes, no or unknown (a fragility fracture is from a "
            "fall from standing height or less, or no trauma).",
        ),
    ],
)
def test_bad_fragility_writes_nothing(
    cli: CliCall, db_path: Path, args: list[str], message: str
) -> None:
    result = cli("event", "add", *args)
    assert result.exit_code == 2
    assert result.stderr == message + "\n"
    assert _fragility_rows(db_path) == []


def test_edit_sets_and_clears_fragility(cli: CliCall, db_path: Path) -> None:
    _osteoporosis_scan(cli)
    cli("event", "add", "fracture", "--at", "2025-06-01", "--site", "wrist")
    edited = cli("event", "edit", "1", "--fragility", "yes")
    assert edited.exit_code == 0, edited.stderr
    assert edited.stdout == (
        "Updated #1 fracture on 2025-06-01 08:30 (wrist, fragility fracture: yes).\n"
    )
    assert _reading(cli)["category"] == "severe-osteoporosis"
    # a fracture edited into a fall loses its fragility; a fall cannot have one
    cli("event", "edit", "1", "--kind", "fall")
    assert _fragility_rows(db_path) == [("fall", "2025-06-01", None)]
    refused = cli("event", "edit", "1", "--fragility", "no")
    assert refused.exit_code == 2
    assert refused.stderr.startswith("Error: --fragility is only for fractures")
    # a fall edited into a fracture starts as unknown
    cli("event", "edit", "1", "--kind", "fracture")
    assert _fragility_rows(db_path) == [("fracture", "2025-06-01", "unknown")]
    assert _reading(cli)["category_label"] == UNKNOWN_LABEL


def test_event_list_shows_fragility(cli: CliCall) -> None:
    cli("event", "add", "fracture", "--at", "2025-06-01 10:00", "--site", "wrist", "--fragility",
        "yes")  # fmt: skip
    cli("event", "add", "fall", "--at", "2025-07-01 10:00")
    found = json.loads(cli("event", "list", "--json").stdout)
    assert [(e["kind"], e["fragility"]) for e in found] == [("fall", None), ("fracture", "yes")]
    table = cli("event", "list").stdout
    assert "┃ ID ┃ When             ┃ Kind     ┃ Site  ┃ Severity ┃ Fragility ┃ Note ┃" in table
    assert "│  1 │ 2025-06-01 10:00 │ fracture │ wrist │          │ yes       │      │" in table
    # without fractures there is no fragility column
    assert "Fragility" not in cli("event", "list", "--kind", "fall").stdout
