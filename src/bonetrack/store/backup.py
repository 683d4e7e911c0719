"""Copies of a SQLite database file, and putting one back in its place.

Copies go through SQLite's online backup API: one read transaction, so the copy
is the database as it was at one moment even while other processes write to it
(WAL mode lets them). Every copy is a single self-contained file (no -wal beside
it), created 0600, checked with `PRAGMA integrity_check` before it is renamed
into place.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bonetrack.errors import InputError, StoreError

if TYPE_CHECKING:
    from bonetrack.store.engine import Database

BACKUP_DIR = "backups"
SQLITE_MAGIC = b"SQLite format 3\x00"
# What a restore shows of a database: each table's rows, as people call them.
SUMMARY_TABLES: dict[str, str] = {
    "intakes": "entries",
    "plans": "plan versions",
    "scans": "scan results",
    "events": "events",
    "heights": "heights",
    "anticoagulant_history": "anticoagulant changes",
}


def copy_sqlite(source: sqlite3.Connection, target: Path, *, overwrite: bool = False) -> None:
    """A consistent, checked, private copy of the database behind `source` at `target`."""
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        os.close(os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        destination = sqlite3.connect(temp)
        try:
            source.backup(destination)  # all pages in one step: one snapshot
            destination.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            check = destination.execute("PRAGMA integrity_check").fetchall()
        finally:
            destination.close()
        if check != [("ok",)]:
            raise StoreError(f"the copy failed its integrity check ({check[0][0]}).")
        if not overwrite and target.exists():
            raise InputError(f"{target} already exists: add --force to replace it.")
        os.replace(temp, target)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot copy the database to {target}: {exc}.") from exc
    except OSError as exc:
        raise StoreError(f"cannot write {target}: {exc.strerror or exc}.") from exc
    finally:
        temp.unlink(missing_ok=True)


def backup_database(db: Database, target: Path, *, overwrite: bool) -> None:
    """Back up an open SQLite database through its own DBAPI connection."""
    raw = db.engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        copy_sqlite(source, target, overwrite=overwrite)
    finally:
        raw.close()


def default_backup_path(database: Path, now: datetime, suffix: str = ".db") -> Path:
    """backups/bonetrack-20261122-083000.db beside the database, not yet taken."""
    folder = database.parent / BACKUP_DIR
    stamp = now.strftime("%Y%m%d-%H%M%S")
    target = folder / f"{database.stem}-{stamp}{suffix}"
    number = 2
    while target.exists():
        target = folder / f"{database.stem}-{stamp}-{number}{suffix}"
        number += 1
    return target


# --- restore ---------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    revision: str
    counts: dict[str, int]  # label -> rows
    first_day: date | None  # of the entries
    last_day: date | None


@dataclass(frozen=True)
class Candidate:
    """A checked copy of the database to restore, waiting beside the live one."""

    source: Path
    copy: Path
    summary: Summary

    def discard(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.copy}{suffix}").unlink(missing_ok=True)


def prepare_restore(source: Path, database: Path) -> Candidate:
    """Copy `source` beside `database` and check it is a bonetrack database; replace nothing."""
    from bonetrack.files import private_dir

    try:
        with source.open("rb") as handle:
            magic = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise InputError(f"{source} cannot be read ({exc.strerror or exc}).") from None
    if magic != SQLITE_MAGIC:
        raise InputError(f"{source} is not a SQLite database, so not a bonetrack backup.")
    private_dir(database.parent)
    copy = database.with_name(f".{database.name}.restore-{os.getpid()}")
    try:
        reader = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            copy_sqlite(reader, copy, overwrite=True)
        finally:
            reader.close()
        candidate = Candidate(source, copy, _summary(copy, source))
    except StoreError as exc:
        Path(copy).unlink(missing_ok=True)
        raise InputError(f"{source} cannot be restored: {exc.message}") from None
    except BaseException:
        Path(copy).unlink(missing_ok=True)
        raise
    return candidate


def _summary(copy: Path, source: Path) -> Summary:
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    from bonetrack.store.migrate import alembic_config

    conn = sqlite3.connect(copy)
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        if "alembic_version" not in tables:
            raise InputError(f"{source} is a SQLite database, but not a bonetrack one.")
        revision = str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])
        try:
            ScriptDirectory.from_config(alembic_config()).get_revision(revision)
        except CommandError:
            raise InputError(
                f"{source} was written by a newer bonetrack (schema {revision}) or is not a "
                "bonetrack database; upgrade bonetrack to restore it."
            ) from None
        counts = {
            label: int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for table, label in SUMMARY_TABLES.items()
            if table in tables
        }
        first, last = conn.execute(
            "SELECT min(local_date), max(local_date) FROM intakes"
        ).fetchone()
    finally:
        conn.close()
    return Summary(
        revision,
        counts,
        None if first is None else date.fromisoformat(str(first)),
        None if last is None else date.fromisoformat(str(last)),
    )


def replace_database(candidate: Candidate, database: Path, now: datetime) -> Path | None:
    """Upgrade the candidate if it is older, back up the live database, then rename the
    candidate into its place. Returns where the live database was backed up to."""
    from bonetrack.store.migrate import HEAD_REVISION

    if candidate.summary.revision != HEAD_REVISION:
        _upgrade(candidate.copy)
    previous = None
    if database.exists():
        previous = default_backup_path(database, now)
        from bonetrack.files import private_dir

        private_dir(previous.parent)
        _backup_live(database, previous)
        _checkpoint(database)
    os.replace(candidate.copy, database)
    for suffix in ("-wal", "-shm"):
        # They belonged to the file just replaced (checkpointed: nothing in them).
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    return previous


def _upgrade(copy: Path) -> None:
    from bonetrack.store.engine import Database, create_engine_for
    from bonetrack.store.location import resolve
    from bonetrack.store.migrate import upgrade

    location = resolve(str(copy))
    database = Database(location, create_engine_for(location))
    try:
        upgrade(database, keep_copy=False)
    finally:
        database.close()


def _backup_live(database: Path, target: Path) -> None:
    """The live database as it is, even when it is damaged (that may be why it is replaced)."""
    import shutil

    source = sqlite3.connect(database)
    try:
        copy_sqlite(source, target)
        return
    except StoreError:
        pass  # not readable as a database: keep its bytes as they are
    finally:
        source.close()
    shutil.copyfile(database, target)
    target.chmod(0o600)


def _checkpoint(database: Path) -> None:
    """Fold the write-ahead log into the file, so that nothing is left behind in it."""
    try:
        conn = sqlite3.connect(database, timeout=5)
        try:
            busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return  # a damaged file: there is nothing to keep from its log
    if busy:
        raise StoreError(f"{database} is in use by another program; close it and try again.")
