"""Free text (notes, machine names) is checked the same way everywhere."""

import sqlite3
from pathlib import Path

import pytest

from tests.conftest import CliCall, Freeze


@pytest.fixture(autouse=True)
def _clock(frozen: Freeze) -> None:
    frozen("2026-11-22 08:31")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["log", "k2", "180mcg", "--note", "a\x1b[31mred"], "--note"),
        (["event", "add", "pain", "--note", "line1\nline2"], "--note"),
        (
            ["scan", "add", "--date", "2026-01-05", "--site", "hip", "--bmd", "0.8",
             "--machine", "Hologic\tA"],
            "--machine",
        ),
    ],
)  # fmt: skip
def test_control_characters_are_refused_and_nothing_is_written(
    cli: CliCall, db_path: Path, args: list[str], message: str
) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {message} cannot contain control characters such as a newline or escape.\n"
    )
    if db_path.exists():
        with sqlite3.connect(db_path) as conn:
            counts = [
                conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("intakes", "events", "scans")
            ]
        assert counts == [0, 0, 0]


def test_unicode_notes_are_kept(cli: CliCall) -> None:
    result = cli("log", "k2", "180mcg", "--note", "na het ontbijt ☕ — µ")
    assert result.exit_code == 0
    assert "na het ontbijt ☕ — µ" in cli("entries").stdout


def test_empty_db_option_is_refused(cli: CliCall, tmp_path: Path) -> None:
    result = cli("--db", "", "entries")
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: --db is empty: give a file path or a SQLAlchemy URL.\n",
    )
    assert not (tmp_path / "xdg").exists()  # the default database was not touched
