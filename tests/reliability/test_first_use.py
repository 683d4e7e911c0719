"""Several bonetrack processes opening a new (or older) database at once lose nothing.

Real processes (`python -m bonetrack`), started together. Before the migration
took the write lock first, 25 of 40 such first uses failed with "database is
locked" and their entries were lost (issue 17). With that lock taken out again, 7 of
the 8 processes failed in each of 5 rounds out of 5: one round catches it (each round is
8 start-ups, about 2 s of the reliability tests' 60; ROUNDS adds more).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bonetrack.store import migrate
from bonetrack.store.engine import open_database
from tests.conftest import HAS_POSTGRES, empty_pg_schema
from tests.migrations import add_next_migration, copy_migrations

pytestmark = pytest.mark.reliability

PROCESSES = 8
ROUNDS = 1


def run_together(commands: list[list[str]]) -> list[tuple[int, str, str]]:
    """Start every command, then wait for all: (exit code, stdout, stderr) of each."""
    # Start up as an installed bonetrack does, from cached bytecode (about 15% less
    # CPU per process, and these tests are 45 processes).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    started = [
        subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
        )
        for command in commands
    ]
    results = []
    for process in started:
        out, err = process.communicate(timeout=120)
        results.append((process.returncode, out, err))
    return results


def bonetrack(*args: str) -> list[str]:
    return [sys.executable, "-m", "bonetrack", *args]


def query(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_eight_processes_log_to_a_brand_new_file_at_once(tmp_path: Path) -> None:
    stored = 0
    for round_ in range(ROUNDS):
        path = tmp_path / f"round-{round_}" / "bonetrack.db"
        path.parent.mkdir()
        results = run_together(
            [
                bonetrack("--db", str(path), "log", "k2", "180mcg", "--note", f"process {i}")
                for i in range(PROCESSES)
            ]
        )
        # The one process that created the file says so.
        assert sorted((code, err) for code, _out, err in results) == [(0, "")] * (PROCESSES - 1) + [
            (0, f"Created a new, empty database at {path}\n")
        ]
        notes = query(path, "SELECT note FROM intakes ORDER BY note")
        assert notes == [(f"process {i}",) for i in range(PROCESSES)]
        assert query(path, "SELECT version_num FROM alembic_version") == [(migrate.HEAD_REVISION,)]
        assert query(path, "PRAGMA integrity_check") == [("ok",)]
        stored += len(notes)
    assert stored == PROCESSES * ROUNDS


# A driver that runs bonetrack with one more migration than this version has: the
# "later upgrade" that every process finds due at once.
UPGRADING_BONETRACK = """
import sys
from pathlib import Path

from bonetrack.store import migrate

migrations, head = Path(sys.argv[1]), sys.argv[2]
migrate.migrations_dir = lambda: migrations
migrate.HEAD_REVISION = head
sys.argv = ["bonetrack", *sys.argv[3:]]
from bonetrack.cli.app import main

main()
"""


def test_eight_processes_find_an_upgrade_due_at_once(tmp_path: Path) -> None:
    path = tmp_path / "data" / "bonetrack.db"
    path.parent.mkdir()
    open_database(str(path)).close()  # at this version's head, no entries yet
    migrations = copy_migrations(tmp_path / "migrations")
    head = add_next_migration(migrations)
    driver = tmp_path / "upgrading_bonetrack.py"
    driver.write_text(UPGRADING_BONETRACK)
    upgrading = [sys.executable, str(driver), str(migrations), head, "--db", str(path)]
    results = run_together(
        [[*upgrading, "log", "d", f"{i + 1}IU", "--force"] for i in range(PROCESSES)]
    )
    assert [code for code, _out, _err in results] == [0] * PROCESSES
    assert query(path, "SELECT version_num FROM alembic_version") == [(head,)]
    assert query(path, "SELECT amount, batch_no FROM intakes ORDER BY amount") == [
        (float(i + 1), None) for i in range(PROCESSES)
    ]
    # One process upgraded (and made the one copy); the others waited and found it done.
    backups = list(path.parent.glob(f"bonetrack.db.backup-*-schema-{migrate.HEAD_REVISION}"))
    assert len(backups) == 1
    # That one says where the copy is; the others say nothing.
    assert sorted(err for _code, _out, err in results) == [""] * (PROCESSES - 1) + [
        f"Upgraded {path} from schema {migrate.HEAD_REVISION} to {head}; a copy from before "
        f"the upgrade is at {backups[0]}\n"
    ]
    assert query(path, "PRAGMA integrity_check") == [("ok",)]


@pytest.mark.skipif(not HAS_POSTGRES, reason="PostgreSQL server binaries are not installed")
def test_eight_processes_create_a_postgresql_schema_at_once(pg_url: str) -> None:
    """On PostgreSQL the migration holds an advisory lock: without it, processes collided
    creating the same tables (duplicate key in pg_type) and their entries were lost."""
    from sqlalchemy import create_engine, text

    empty_pg_schema(pg_url)
    results = run_together(
        [bonetrack("--db", pg_url, "log", "k2", f"{i + 1}mcg", "--force") for i in range(PROCESSES)]
    )
    assert [(code, err) for code, _out, err in results] == [(0, "")] * PROCESSES
    engine = create_engine(pg_url)
    with engine.connect() as conn:
        amounts = conn.execute(text("SELECT amount FROM intakes ORDER BY amount")).scalars()
        assert list(amounts) == [float(i + 1) for i in range(PROCESSES)]
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalars()
        assert list(version) == [migrate.HEAD_REVISION]
    engine.dispose()
