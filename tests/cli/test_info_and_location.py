"""The right database: a new file other than the default is announced, --db in a missing
folder is refused, and `bonetrack info` says which database is in use and why."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bonetrack import __version__
from tests.conftest import CliCall, Freeze


@pytest.fixture(autouse=True)
def _clock(frozen: Freeze) -> None:
    frozen("2026-11-22 08:31")


def test_a_typo_in_bonetrack_db_says_a_new_database_was_created(
    cli: CliCall, tmp_path: Path
) -> None:
    me = tmp_path / "me.db"
    assert cli("log", "k2", "180mcg", env={"BONETRACK_DB": str(me)}).exit_code == 0
    typo = tmp_path / "Me.db"
    result = cli("today", env={"BONETRACK_DB": str(typo)})
    assert result.exit_code == 0
    assert result.stderr == f"Created a new, empty database at {typo}\n"
    again = cli("today", env={"BONETRACK_DB": str(typo)})
    assert again.stderr == ""  # said once, when it is made


def test_db_option_announces_a_new_file_and_the_default_does_not(
    cli: CliCall, tmp_path: Path, db_path: Path
) -> None:
    new = tmp_path / "other.db"
    result = cli("--db", str(new), "log", "k2", "180mcg")
    assert (result.exit_code, result.stderr) == (0, f"Created a new, empty database at {new}\n")
    first_default = cli("log", "k2", "180mcg")
    assert (first_default.exit_code, first_default.stderr) == (0, "")
    assert db_path.exists()


def test_db_in_a_folder_that_does_not_exist_is_an_error(cli: CliCall, tmp_path: Path) -> None:
    path = tmp_path / "Documents" / "bonetrack.db"
    result = cli("--db", str(path), "log", "k2", "180mcg")
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"Error: --db {path}: the folder {path.parent} does not exist; create it first, "
        "or check the path.\n",
    )
    assert not path.parent.exists()


def test_default_location_still_creates_its_folder(cli: CliCall, db_path: Path) -> None:
    assert not db_path.parent.exists()
    assert cli("log", "k2", "180mcg").exit_code == 0
    assert db_path.exists()


def test_info_before_the_database_exists_creates_nothing(cli: CliCall, db_path: Path) -> None:
    result = cli("info")
    assert result.exit_code == 0
    assert result.stdout == (
        f"Database     {db_path}\n"
        "Chosen by    the default location (no --db, no BONETRACK_DB)\n"
        "             (does not exist yet: the first command that stores data makes it)\n"
        f"Data folder  {db_path.parent}\n"
        f"Version      bonetrack {__version__}\n"
    )
    assert not db_path.exists()


def test_info_counts_rows_and_dates(cli: CliCall, tmp_path: Path) -> None:
    path = tmp_path / "mine.db"
    for args in (
        ("log", "k2", "180mcg", "--at", "2026-11-01 08:00"),
        ("log", "calcium", "500mg"),
        ("plan", "set", "k2", "180mcg"),
        ("scan", "add", "--date", "2025-03-14", "--site", "spine", "--bmd", "0.812"),
        ("event", "add", "fall", "--at", "2026-11-20 10:00"),
        ("med", "add", "alendronate", "--from", "2026-11-02"),
        ("lab", "add", "25ohd", "32ng/mL", "--date", "2024-12-01"),
        ("pause", "--from", "2026-11-10", "--to", "2026-11-12", "--kind", "k2"),
    ):
        assert cli("--db", str(path), *args).exit_code == 0
    result = cli("--db", str(path), "info")  # 120 columns
    assert result.stdout.splitlines()[:6] == [
        f"Database     {path}",
        "Chosen by    the --db option",
        "Schema       revision 0011",
        "Rows         entries 2, plan versions 1, medicine schedules 1, lab results 1, "
        "food records 0, imports 0, pauses 1,",
        "             scan results 1, events 1, heights 0, anticoagulant changes 0, notes 0, "
        "settings 0, journal changes 8",
        "Dates        2024-12-01 to 2026-11-22 (entries, events, scans, labs and food)",
    ]
    # On 80 columns the counts fill lines of at most 80, never splitting one.
    narrow = cli("--db", str(path), "info", env={"COLUMNS": "80"}).stdout.splitlines()
    assert narrow[3:8] == [
        "Rows         entries 2, plan versions 1, medicine schedules 1, lab results 1,",
        "             food records 0, imports 0, pauses 1, scan results 1, events 1,",
        "             heights 0, anticoagulant changes 0, notes 0, settings 0,",
        "             journal changes 8",
        "Dates        2024-12-01 to 2026-11-22 (entries, events, scans, labs and food)",
    ]
    data = json.loads(cli("info", "--json", env={"BONETRACK_DB": str(path)}).stdout)
    assert data == {
        "database": str(path),
        "source": "BONETRACK_DB",
        "exists": True,
        "schema": "0011",
        "rows": {
            "entries": 2,
            "plan versions": 1,
            "medicine schedules": 1,
            "lab results": 1,
            "food records": 0,
            "imports": 0,
            "pauses": 1,
            "scan results": 1,
            "events": 1,
            "heights": 0,
            "anticoagulant changes": 0,
            "notes": 0,
            "settings": 0,
            "journal changes": 8,
        },
        "first_day": "2024-12-01",
        "last_day": "2026-11-22",
        "data_folder": str(tmp_path / "xdg" / "bonetrack"),
        "version": __version__,
    }


def test_info_hides_a_url_password(cli: CliCall) -> None:
    # A server that is not there: info still names it, password hidden, before failing.
    result = cli("--db", "postgresql+psycopg://me:secret@127.0.0.1:1/db", "info")
    assert result.exit_code == 1
    assert "secret" not in result.stderr
    assert result.stderr.startswith("Error: database postgresql+psycopg://me:***@127.0.0.1:1/db")
