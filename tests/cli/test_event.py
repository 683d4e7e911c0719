"""`bonetrack event`: fractures, falls, pain, mobility and check-ins."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import CliCall, Freeze


@pytest.fixture(autouse=True)
def _clock(frozen: Freeze) -> None:
    frozen("2026-11-22 08:30")


def event_rows(db_path: Path) -> list[tuple[object, ...]]:
    if not db_path.exists():
        return []
    with sqlite3.connect(db_path) as conn:
        return conn.execute(
            "SELECT kind, occurred_at, utc_offset_min, local_date, site, severity, note, source "
            "FROM events ORDER BY id"
        ).fetchall()


def test_add_stores_every_field(cli: CliCall, db_path: Path) -> None:
    result = cli(
        "event", "add", "fall", "--at", "yesterday 17:40", "--site", "left hip",
        "--severity", "3", "--note", "wet kitchen floor",
    )  # fmt: skip
    assert result.exit_code == 0
    assert result.stdout == (
        "Recorded #1 fall on 2026-11-21 17:40 (left hip, severity 3/10): wet kitchen floor.\n"
    )
    assert event_rows(db_path) == [
        (
            "fall",
            "2026-11-21 16:40:00.000000",
            60,
            "2026-11-21",
            "left hip",
            3,
            "wet kitchen floor",
            "cli",
        )
    ]


def test_add_now_and_json(cli: CliCall) -> None:
    result = cli("event", "add", "check-in", "--json")
    assert json.loads(result.stdout) == {
        "id": 1,
        "kind": "checkin",
        "at": "2026-11-22T08:30:00+01:00",
        "local_date": "2026-11-22",
        "site": None,
        "severity": None,
        "note": None,
        "source": "cli",
        "fragility": None,
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["brake"],
            "Error: unknown event kind 'brake'. Kinds: fracture, fall, pain, mobility, checkin.",
        ),
        (
            ["fractur"],
            "Error: unknown event kind 'fractur'. Did you mean 'fracture'? Kinds: fracture, "
            "fall, pain, mobility, checkin.",
        ),
        (
            ["pain", "--severity", "11"],
            "Error: severity 11 is outside 0 to 10 (0 none, 10 worst).",
        ),
        (
            ["pain", "--severity", "abc"],
            "Error: severity 'abc' is not a whole number from 0 to 10.",
        ),
        (
            ["pain", "--severity", "2.5"],
            "Error: severity '2.5' is not a whole number from 0 to 10.",
        ),
        (
            ["fall", "--at", "2026-11-22 09:00"],
            "Error: '2026-11-22 09:00' (2026-11-22 09:00) is in the future; log what has "
            "already happened.",
        ),
    ],
)
def test_bad_input_writes_nothing(
    cli: CliCall, db_path: Path, args: list[str], message: str
) -> None:
    result = cli("event", "add", *args)
    assert result.exit_code == 2
    assert result.stderr == message + "\n"
    assert event_rows(db_path) == []


def test_list_newest_first_and_by_kind(cli: CliCall) -> None:
    cli("event", "add", "pain", "--at", "2026-11-01 10:00", "--severity", "4")
    cli("event", "add", "checkin", "--at", "2026-11-10 09:00")
    cli("event", "add", "pain", "--at", "2026-11-20 20:00", "--severity", "2")
    found = json.loads(cli("event", "list", "--json").stdout)
    assert [(e["id"], e["kind"], e["local_date"]) for e in found] == [
        (3, "pain", "2026-11-20"),
        (2, "checkin", "2026-11-10"),
        (1, "pain", "2026-11-01"),
    ]
    pains = json.loads(cli("event", "list", "--kind", "pain", "--json").stdout)
    assert [e["id"] for e in pains] == [3, 1]
    table = cli("event", "list").stdout
    assert "│  3 │ 2026-11-20 20:00 │ pain    │      │     2/10 │      │" in table


def test_list_empty(cli: CliCall) -> None:
    assert cli("event", "list").stdout == (
        "No events yet. Record one with: bonetrack event add pain --severity 3 --note "
        "'lower back'\n"
    )


def test_delete(cli: CliCall, db_path: Path) -> None:
    cli("event", "add", "fall")
    refused = cli("event", "delete", "1")
    assert refused.exit_code == 2
    assert len(event_rows(db_path)) == 1
    result = cli("event", "delete", "1", "--yes")
    assert result.stdout == "Deleted #1 fall on 2026-11-22 08:30.\n"
    assert event_rows(db_path) == []
    missing = cli("event", "delete", "1", "--yes")
    assert missing.exit_code == 2
    assert missing.stderr == "Error: no event with id 1; see `bonetrack event list` for ids.\n"


def test_edit(cli: CliCall, db_path: Path) -> None:
    cli("event", "add", "pain", "--severity", "4", "--note", "back", "--site", "lower back")
    result = cli("event", "edit", "1", "--severity", "6", "--note", "", "--at", "2026-11-20 19:00")
    assert result.exit_code == 0
    assert result.stdout == "Updated #1 pain on 2026-11-20 19:00 (lower back, severity 6/10).\n"
    assert event_rows(db_path) == [
        ("pain", "2026-11-20 18:00:00.000000", 60, "2026-11-20", "lower back", 6, None, "cli")
    ]
    bad = cli("event", "edit", "1", "--severity", "12")
    assert bad.exit_code == 2
    assert event_rows(db_path)[0][5] == 6
    nothing = cli("event", "edit", "1")
    assert nothing.stderr == (
        "Error: nothing to change: give --kind, --at, --site, --severity, --note or --fragility.\n"
    )
