"""`bonetrack height`: measured height, and a loss of 4 cm or more from the tallest recorded."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import CliCall, Freeze

SOURCE = (
    "Source: ISCD Official Positions: vertebral fracture assessment when the historical height "
    "loss is more than 4 cm (1.5 in); NOF/BHOF Clinician's Guide: 1.5 in or more [uncertain: "
    "the guidelines' wording was seen only second-hand]."
)


@pytest.fixture(autouse=True)
def _clock(frozen: Freeze) -> None:
    frozen("2026-11-22 08:30")


def rows(db_path: Path) -> list[tuple[object, ...]]:
    if not db_path.exists():
        return []
    with sqlite3.connect(db_path) as conn:
        return conn.execute(
            "SELECT measured_on, height_cm, note, source FROM heights ORDER BY id"
        ).fetchall()


def test_add_stores_and_compares_with_the_tallest(cli: CliCall, db_path: Path) -> None:
    first = cli("height", "add", "162.5cm", "--date", "2015-03-01", "--note", "at the GP")
    assert first.exit_code == 0, first.stderr
    assert first.stdout == (
        "Recorded #1 height 162.5 cm on 2015-03-01: at the GP.\n"
        "Height 162.5 cm on 2015-03-01 is the tallest recorded.\n"
    )
    second = cli("height", "add", "5'3\"", "--date", "2020-01-01")
    assert second.stdout == (
        "Recorded #2 height 160.02 cm on 2020-01-01.\n"
        "Height 160.02 cm on 2020-01-01 is 2.5 cm below the tallest recorded, 162.5 cm on "
        "2015-03-01.\n"
    )
    third = cli("height", "add", "1.585m")
    assert third.stdout == (
        "Recorded #3 height 158.5 cm on 2026-11-22.\n"
        "Height 158.5 cm on 2026-11-22 is 4.0 cm below the tallest recorded, 162.5 cm on "
        "2015-03-01: a loss of 4 cm or more can be a sign of a vertebral (spine) fracture; raise "
        f"it with your clinician.\n{SOURCE}\n"
    )
    assert rows(db_path) == [
        ("2015-03-01", 162.5, "at the GP", "cli"),
        ("2020-01-01", 160.02, None, "cli"),
        ("2026-11-22", 158.5, None, "cli"),
    ]


def test_list_table_and_json(cli: CliCall) -> None:
    cli("height", "add", "162.5cm", "--date", "2015-03-01")
    cli("height", "add", "158.1cm", "--date", "2026-11-01", "--note", "no shoes")
    table = cli("height", "list").stdout
    assert "│  1 │ 2015-03-01 │ 162.5 cm │             - │          │" in table
    assert "│  2 │ 2026-11-01 │ 158.1 cm │      4.4 cm * │ no shoes │" in table
    assert "* 4 cm or more below the tallest recorded before it" in table
    assert table.endswith(f"raise it with your clinician.\n{SOURCE}\n")
    data = json.loads(cli("height", "list", "--json").stdout)
    assert data["heights"][1] == {
        "id": 2,
        "date": "2026-11-01",
        "height_cm": 158.1,
        "note": "no shoes",
        "source": "cli",
        "loss_from_tallest_cm": 4.4,
        "flagged": True,
    }
    summary = data["summary"]
    assert (summary["loss_cm"], summary["threshold_cm"], summary["flagged"]) == (4.4, 4, True)
    assert (summary["latest"]["id"], summary["tallest"]["id"], summary["uncertain"]) == (
        2,
        1,
        True,
    )


def test_a_loss_under_4_cm_is_shown_without_the_flag(cli: CliCall) -> None:
    cli("height", "add", "162.5cm", "--date", "2015-03-01")
    result = cli("height", "add", "158.51cm")
    assert result.stdout.splitlines()[1] == (
        "Height 158.51 cm on 2026-11-22 is 3.99 cm below the tallest recorded, 162.5 cm on "
        "2015-03-01."
    )
    assert "*" not in cli("height", "list").stdout


def test_list_empty(cli: CliCall) -> None:
    assert cli("height", "list").stdout == (
        "No heights recorded yet. Record one with: bonetrack height add 162.5cm\n"
    )
    assert json.loads(cli("height", "list", "--json").stdout) == {"heights": [], "summary": None}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["162.5"],
            "height '162.5' needs a unit: did you mean 162.5cm? (e.g. 162.5cm, 1.625m, "
            "64in or 5'4\")",
        ),
        (
            ["64cm"],
            "height 64cm (64 cm) is outside the plausible range of 100-250 cm: did you mean 64in?",
        ),
        (
            ["160cm", "--date", "2026-11-23"],
            "2026-11-23 is in the future; record heights already measured.",
        ),
        (
            ["160cm", "--note", "a\x1b[2Jb"],
            "--note cannot contain control characters such as a newline or escape.",
        ),
    ],
)
def test_bad_input_writes_nothing(
    cli: CliCall, db_path: Path, args: list[str], message: str
) -> None:
    result = cli("height", "add", *args)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {message}\n"
    assert rows(db_path) == []


def test_delete(cli: CliCall, db_path: Path) -> None:
    cli("height", "add", "160cm")
    refused = cli("height", "delete", "1")
    assert refused.exit_code == 2
    assert len(rows(db_path)) == 1
    result = cli("height", "delete", "1", "--yes")
    assert result.stdout == "Deleted #1 height 160.0 cm on 2026-11-22.\n"
    assert rows(db_path) == []
    missing = cli("height", "delete", "99999999999999999999999", "--yes")
    assert missing.exit_code == 2
    assert missing.stderr == (
        "Error: no height with id 99999999999999999999999; see `bonetrack height list` for ids.\n"
    )
