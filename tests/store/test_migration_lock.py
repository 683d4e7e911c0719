"""Migrations and writes take SQLite's write lock when they begin (issue 17).

tests/reliability/test_first_use.py runs the real race with many processes;
these pin the two mechanisms behind it, in one process.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import NoReturn

import pytest

from bonetrack.store import migrate
from bonetrack.store.engine import open_database
from tests.conftest import dump


def test_a_write_transaction_holds_the_lock_from_its_start(tmp_path: Path) -> None:
    """BEGIN IMMEDIATE: a deferred BEGIN would let another writer in until the first write."""
    path = tmp_path / "bonetrack.db"
    db = open_database(str(path))
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        with db.begin(), pytest.raises(sqlite3.OperationalError, match="database is locked"):
            other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # free again after the commit
        other.execute("ROLLBACK")
        with db.connect() as conn:  # reads take no write lock
            conn.exec_driver_sql("SELECT 1").all()
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
    finally:
        other.close()
        db.close()


def test_a_migration_reads_the_revision_again_under_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A process that saw an empty database, then waited for the lock while another
    process migrated it, finds the schema done: it migrates nothing, copies nothing."""
    path = tmp_path / "bonetrack.db"
    open_database(str(path)).close()
    before = dump(path)
    real = migrate.stored_revision
    seen: list[tuple[str | None, bool]] = []

    def stale_first(conn: object) -> tuple[str | None, bool]:
        result = (None, False) if not seen else real(conn)  # type: ignore[arg-type]
        seen.append(result)
        return result

    def must_not_run(*_args: object) -> NoReturn:
        raise AssertionError("migrated a database that was already at the head")

    monkeypatch.setattr(migrate, "stored_revision", stale_first)
    monkeypatch.setattr("alembic.command.upgrade", must_not_run)
    open_database(str(path)).close()
    assert seen == [(None, False), (migrate.HEAD_REVISION, True)]
    assert dump(path) == before
    assert list(tmp_path.glob("*.backup-*")) == []
