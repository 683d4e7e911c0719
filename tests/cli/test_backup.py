"""`bonetrack backup` and `bonetrack restore`."""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path

from bonetrack.store import migrate
from tests.cli.test_export import ok
from tests.conftest import CliCall, Freeze


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def notes(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [row[0] for row in conn.execute("SELECT note FROM intakes ORDER BY id")]


def test_backup_beside_the_database(cli: CliCall, frozen: Freeze, db_path: Path) -> None:
    frozen("2026-11-22 08:30")
    ok(cli, "log", "k2", "180mcg", "--note", "first")
    result = cli("backup")
    target = db_path.parent / "backups" / "bonetrack-20261122-083000.db"
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"Backed up {db_path} to {target} (")
    assert result.stdout.endswith(" KB, integrity ok).\n")
    assert (mode(target.parent), mode(target)) == (0o700, 0o600)
    assert notes(target) == ["first"]
    with sqlite3.connect(target) as conn:
        # One self-contained file: nothing left in a -wal beside it.
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    second = ok(cli, "backup")  # the same second: a new name, never an overwrite
    assert "bonetrack-20261122-083000-2.db" in second


def test_backup_out_needs_force(cli: CliCall, frozen: Freeze, tmp_path: Path) -> None:
    frozen("2026-11-22 08:30")
    ok(cli, "log", "k2", "180mcg")
    target = tmp_path / "copy.db"
    target.write_text("mine")
    result = cli("backup", "--out", str(target))
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {target} already exists: add --force to replace it.\n",
    )
    assert target.read_text() == "mine"
    assert cli("backup", "--out", str(target), "--force").exit_code == 0
    assert notes(target) == [None]


def test_backup_export_and_other_databases(cli: CliCall, frozen: Freeze, tmp_path: Path) -> None:
    frozen("2026-11-22 08:30")
    missing = cli("--db", str(tmp_path / "none.db"), "backup")
    assert (missing.exit_code, missing.stderr) == (
        2,
        f"Error: there is no database at {tmp_path / 'none.db'} to back up.\n",
    )
    assert not (tmp_path / "none.db").exists()
    postgres = cli("--db", "postgresql+psycopg://me:secret@host/bonetrack", "backup")
    assert (postgres.exit_code, postgres.stderr) == (
        1,
        "Error: postgresql+psycopg://me:***@host/bonetrack is not a SQLite file: back up a "
        "PostgreSQL database with pg_dump (e.g. `pg_dump -Fc -f bonetrack.dump DBNAME`), or "
        "write a JSON export of it with `bonetrack backup --export`.\n",
    )
    ok(cli, "log", "k2", "180mcg")
    out = tmp_path / "export.json"
    ok(cli, "backup", "--export", "--out", str(out))
    assert json.loads(out.read_text())["entries"][0]["amount"] == 180.0
    assert mode(out) == 0o600


def test_restore_replaces_the_database_after_a_backup(
    cli: CliCall, frozen: Freeze, db_path: Path, tmp_path: Path
) -> None:
    frozen("2026-11-22 08:30")
    ok(cli, "log", "k2", "180mcg", "--note", "kept", "--at", "2026-11-20 08:00")
    saved = tmp_path / "saved.db"
    ok(cli, "backup", "--out", str(saved))
    ok(cli, "log", "k2", "180mcg", "--note", "later")
    refused = cli("restore", str(saved))  # no terminal to ask on
    assert refused.exit_code == 2
    assert refused.stderr.endswith("Error: no terminal to confirm on; add --yes to confirm.\n")
    assert notes(db_path) == ["kept", "later"]
    frozen("2026-11-22 09:00")
    result = cli("restore", str(saved), "--yes")
    assert result.exit_code == 0, result.stderr
    previous = db_path.parent / "backups" / "bonetrack-20261122-090000.db"
    assert result.stderr == (
        f"{saved}: a bonetrack database (schema {migrate.HEAD_REVISION}), integrity ok.\n"
        "1 entries, 0 plan versions, 0 scan results, 0 events, 0 heights, "
        "0 anticoagulant changes\n"
        "Entries from 2026-11-20 to 2026-11-20.\n"
    )
    assert result.stdout == (
        f"Restored {db_path} from {saved}.\nThe database as it was before is at {previous}.\n"
    )
    assert notes(db_path) == ["kept"]
    assert notes(previous) == ["kept", "later"]
    assert mode(db_path) == 0o600
    assert sorted(p.name for p in db_path.parent.iterdir() if p.name.startswith(".")) == []
    # The restored database is used as usual.
    assert ok(cli, "log", "d", "1000IU").startswith("Logged Vitamin D")


def test_restore_refuses_what_is_not_a_bonetrack_database(
    cli: CliCall, frozen: Freeze, db_path: Path, tmp_path: Path
) -> None:
    frozen("2026-11-22 08:30")
    ok(cli, "log", "k2", "180mcg", "--note", "mine")
    text = tmp_path / "notes.db"
    text.write_text("SQLite? no, a shopping list\n")
    foreign = tmp_path / "recipes.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
    newer = tmp_path / "newer.db"
    ok(cli, "backup", "--out", str(newer))
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    cases = {
        text: f"Error: {text} is not a SQLite database, so not a bonetrack backup.\n",
        foreign: f"Error: {foreign} is a SQLite database, but not a bonetrack one.\n",
        newer: f"Error: {newer} was written by a newer bonetrack (schema 9999) or is not a "
        "bonetrack database; upgrade bonetrack to restore it.\n",
        tmp_path / "none.db": f"Error: {tmp_path / 'none.db'}: no such file.\n",
    }
    for path, message in cases.items():
        result = cli("restore", str(path), "--yes")
        assert (result.exit_code, result.stderr) == (2, message)
    assert notes(db_path) == ["mine"]
    assert not (db_path.parent / "backups").exists()
    assert sorted(p.name for p in db_path.parent.iterdir() if p.name.startswith(".")) == []


def test_restore_upgrades_an_older_backup(cli: CliCall, frozen: Freeze, tmp_path: Path) -> None:
    from tests.store.test_migrations import ROWS_0001, build_at

    frozen("2026-11-22 08:30")
    old = tmp_path / "old.db"
    build_at(str(old), "0001", ROWS_0001)
    target = tmp_path / "new" / "bonetrack.db"
    result = cli("--db", str(target), "restore", str(old), "--yes")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"Restored {target} from {old} (upgraded from schema 0001).\n"
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (
            migrate.HEAD_REVISION,
        )
        assert conn.execute("SELECT count(*) FROM intakes WHERE uid IS NOT NULL").fetchone() == (2,)
    with sqlite3.connect(old) as conn:  # the file restored from is left as it was
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
