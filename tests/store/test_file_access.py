"""Where the database lives: private folders and files, and clear words when it cannot be used.

Permission errors are real here: bonetrack runs in a subprocess that file
permissions apply to. The suite runs as root, for whom they do not; as root the
subprocess drops the capabilities that bypass them (setpriv), otherwise it runs
as the user running the tests.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bonetrack.store.engine import open_database
from tests.conftest import CliCall, dump

# The capabilities that let root ignore file permissions.
BYPASS = "-dac_override,-dac_read_search"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def bonetrack_as_a_user(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "bonetrack", *args]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: file permissions cannot apply")
        command = [setpriv, f"--inh-caps={BYPASS}", f"--bounding-set={BYPASS}", "--", *command]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)


@pytest.fixture
def restore_modes() -> Iterator[list[Path]]:
    """Folders a test locks; unlocked afterwards so that the temporary files can go."""
    locked: list[Path] = []
    yield locked
    for folder in locked:
        folder.chmod(0o700)


# --- private folders and files ---------------------------------------------------------


def test_each_new_folder_of_a_nested_path_is_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    os.umask(0o022)
    path = tmp_path / "a" / "b" / "c" / "bonetrack.db"
    monkeypatch.setenv("BONETRACK_DB", str(path))  # creates its folders, unlike --db
    open_database().close()
    assert [mode(p) for p in (tmp_path / "a", tmp_path / "a/b", tmp_path / "a/b/c", path)] == [
        0o700,
        0o700,
        0o700,
        0o600,
    ]
    assert mode(tmp_path) == 0o700  # pytest's own folder: existing folders are left alone


def test_an_existing_folder_keeps_its_mode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    monkeypatch.setenv("BONETRACK_DB", str(shared / "new" / "bonetrack.db"))
    open_database().close()
    assert (mode(shared), mode(shared / "new")) == (0o755, 0o700)


def test_an_existing_database_open_to_others_is_made_private_once(
    cli: CliCall, db_path: Path
) -> None:
    assert cli("log", "k2", "180mcg").exit_code == 0
    db_path.chmod(0o644)
    wal = db_path.with_name(db_path.name + "-wal")
    wal.write_bytes(b"")  # as a crashed process leaves it
    wal.chmod(0o664)
    first = cli("entries", "--json")
    assert first.exit_code == 0
    assert first.stderr == (
        f"Made {db_path} private: its mode was 0644, open to others; now 0600.\n"
        f"Made {wal} private: its mode was 0664, open to others; now 0600.\n"
    )
    assert mode(db_path) == 0o600  # (SQLite removes the empty -wal when it closes)
    second = cli("entries", "--json")
    assert (second.exit_code, second.stderr) == (0, "")


# --- folders that cannot be used ------------------------------------------------------------


def test_a_folder_that_cannot_be_entered(tmp_path: Path, restore_modes: list[Path]) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o000)
    restore_modes.append(locked)
    path = locked / "x" / "y.db"
    result = bonetrack_as_a_user("--db", str(path), "log", "k2", "180mcg")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: cannot open {path}: permission denied (the folder {locked} cannot be entered).\n"
    )


def test_permission_denied_while_looking_is_a_clean_error(
    cli: CliCall, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same refusal in-process, whatever the user: Path.is_dir raises it, not False."""

    def denied(_self: Path) -> bool:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "is_dir", denied)
    path = tmp_path / "x" / "y.db"
    result = cli("--db", str(path), "log", "k2", "180mcg")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(f"Error: cannot open {path}: permission denied")
    assert not (tmp_path / "x").exists()


def test_a_read_only_folder_is_named(tmp_path: Path, restore_modes: list[Path]) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "bonetrack.db"
    open_database(str(path)).close()  # the file exists and is writable
    before = dump(path)
    folder.chmod(0o555)
    restore_modes.append(folder)
    expected = (
        f"Error: cannot write to {path}: the folder {folder} is read-only, and SQLite needs to "
        "create bonetrack.db-wal and bonetrack.db-shm beside the database.\n"
    )
    for args in (["log", "k2", "180mcg"], ["entries"]):
        result = bonetrack_as_a_user("--db", str(path), *args)
        assert (result.returncode, result.stderr) == (1, expected)
    assert dump(path) == before


def test_a_new_database_in_a_read_only_folder(tmp_path: Path, restore_modes: list[Path]) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    restore_modes.append(folder)
    path = folder / "bonetrack.db"
    result = bonetrack_as_a_user("--db", str(path), "log", "k2", "180mcg")
    assert (result.returncode, result.stderr) == (
        1,
        f"Error: cannot create the database at {path}: permission denied (you cannot create "
        f"files in the folder {folder}).\n",
    )


def test_ics_into_a_folder_that_refuses_it_writes_nothing(
    tmp_path: Path, restore_modes: list[Path]
) -> None:
    path = tmp_path / "bonetrack.db"
    open_database(str(path)).close()
    before = dump(path)
    folder = tmp_path / "calendars"
    folder.mkdir()
    folder.chmod(0o555)
    restore_modes.append(folder)
    result = bonetrack_as_a_user("--db", str(path), "remind", "--ics", str(folder / "b.ics"))
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"Error: cannot write {folder / 'b.ics'}: Permission denied.\n"
    assert dump(path) == before  # no calendar id stored
    assert list(folder.iterdir()) == []


# --- revisions -------------------------------------------------------------------------------


@pytest.mark.parametrize("revision", ["garbage", "", "0000", "12345", "0001; DROP", "abcd"])
def test_an_unknown_revision_is_not_called_newer(
    cli: CliCall, db_path: Path, revision: str
) -> None:
    assert cli("entries").exit_code == 0
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    before = dump(db_path)
    result = cli("entries")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: {db_path} has the unknown revision '{revision}' (not one of bonetrack's): it "
        "was not written by bonetrack, or it was changed by hand; nothing was changed.\n"
    )
    assert dump(db_path) == before
    assert not list(db_path.parent.glob("*.backup-*"))
