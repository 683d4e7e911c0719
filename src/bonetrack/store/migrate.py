"""Keeping the database at the newest schema, importing Alembic only when needed.

Alembic costs about 400 ms to import, so the normal path compares the stored
revision with `HEAD_REVISION` (one indexed read) and stops there. A test keeps
`HEAD_REVISION` equal to the head of `migrations/`.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bonetrack.errors import StoreError

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Connection

    from bonetrack.store.engine import Database

HEAD_REVISION = "0011"


def migrations_dir() -> Path:
    """The Alembic environment: inside the installed wheel, else the source tree's."""
    packaged = Path(__file__).resolve().parent.parent / "migrations"
    if (packaged / "env.py").exists():
        return packaged
    source = Path(__file__).resolve().parents[3] / "migrations"
    if (source / "env.py").exists():
        return source
    raise StoreError("bonetrack's migrations are missing from this installation; reinstall it.")


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return config


def stored_revision(conn: Connection) -> tuple[str | None, bool]:
    """(revision, has other tables) of the database behind `conn`."""
    from sqlalchemy import inspect, text

    inspector = inspect(conn)
    if inspector.has_table("alembic_version"):
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        return (str(revision) if revision is not None else None), True
    return None, bool(inspector.get_table_names())


def ensure_current(database: Database) -> None:
    """Create or upgrade the schema to `HEAD_REVISION`, once, however many processes open it.

    The quick check reads without locking. A migration first takes the write lock
    (waiting, within the busy timeout, for a process migrating at the same time)
    and then reads the revision again: whoever waited finds the finished schema
    and has nothing left to do.
    """
    with database.engine.connect() as conn:
        revision, _has_tables = stored_revision(conn)
    if revision == HEAD_REVISION:
        return
    # Judged only under the lock: on PostgreSQL each statement of this read sees
    # the latest commit, so a migration committing between them looks like a
    # database with tables but no revision.
    upgrade(database)


def _refuse_foreign(database: Database, revision: str | None, has_tables: bool) -> None:
    """Refuse, before anything is written, a database that is not bonetrack's to upgrade."""
    if revision is None:
        if has_tables:
            raise StoreError(
                f"{database.location.describe()} holds tables but is not a bonetrack database."
            )
        return
    if revision in known_revisions():
        return
    if _NEWER.fullmatch(revision) and int(revision) > int(HEAD_REVISION):
        raise StoreError(
            f"{database.location.describe()} was written by a newer bonetrack "
            f"(schema {revision}); upgrade bonetrack to use it."
        )
    raise StoreError(
        f"{database.location.describe()} has the unknown revision '{revision}' (not one of "
        "bonetrack's): it was not written by bonetrack, or it was changed by hand; "
        "nothing was changed."
    )


# bonetrack numbers its revisions 0001, 0002, ...: a higher one is from a newer bonetrack.
_NEWER = re.compile(r"\d{4}")


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return {revision.revision for revision in script.walk_revisions()}


def upgrade(database: Database, *, keep_copy: bool = True) -> None:
    """Migrate to the head revision inside one transaction that holds the write lock.

    An existing SQLite file is copied first (unless `keep_copy` is false: a copy
    being restored), and the copy's path joins the database's notices.
    """
    from bonetrack.store.engine import WRITES

    sqlite = database.location.is_sqlite
    with database.engine.connect() as conn:
        if sqlite:
            # Batch migrations copy tables; foreign keys must be off while they do,
            # and this PRAGMA is ignored inside a transaction, so it goes first.
            conn.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")  # type: ignore[union-attr]
        try:
            conn.execution_options(**{WRITES: True})  # SQLite: BEGIN IMMEDIATE
            with conn.begin():
                if not sqlite:
                    _lock_server_database(conn)
                # Re-read under the lock: a process that held it may have migrated.
                revision, has_tables = stored_revision(conn)
                if revision == HEAD_REVISION:
                    return
                # Alembic only now: processes that waited for another's migration (seven of
                # eight opening a new file at once) find it done without importing it.
                from alembic import command

                config = alembic_config()
                _refuse_foreign(database, revision, has_tables)
                copy = None
                if keep_copy and revision is not None and database.location.path is not None:
                    copy = backup(database.location.path, revision)
                try:
                    config.attributes["connection"] = conn
                    command.upgrade(config, "head")
                    if sqlite:
                        broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                        if broken:
                            raise StoreError(f"the migration left {len(broken)} broken references")
                except Exception as exc:
                    reason = (
                        exc.message
                        if isinstance(exc, StoreError)
                        else f"{type(exc).__name__}: {exc}"
                    )
                    saved = f"; a copy made before it is at {copy}" if copy is not None else ""
                    raise StoreError(
                        f"upgrading {database.location.describe()} failed and was rolled back "
                        f"({reason}){saved}."
                    ) from exc
                if copy is not None:
                    database.notices.append(
                        f"Upgraded {database.location.describe()} from schema {revision} to "
                        f"{HEAD_REVISION}; a copy from before the upgrade is at {copy}"
                    )
        finally:
            if sqlite:
                conn.connection.driver_connection.execute("PRAGMA foreign_keys = ON")  # type: ignore[union-attr]


# Any fixed number: the key of the advisory lock bonetrack's migrations take on PostgreSQL.
_MIGRATION_LOCK_KEY = 0x626F6E65  # "bone"


def _lock_server_database(conn: Connection) -> None:
    """PostgreSQL: one migration at a time, waiting as long as SQLite's busy timeout."""
    from sqlalchemy import text

    from bonetrack.store.engine import BUSY_TIMEOUT_MS

    conn.execute(text(f"SET LOCAL lock_timeout = {BUSY_TIMEOUT_MS}"))
    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY})


def backup(path: Path, revision: str) -> Path:
    """Copy the database (with its WAL) to a private, timestamped file beside it."""
    from bonetrack.store.backup import copy_sqlite

    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.backup-{stamp}-schema-{revision}")
    number = 2
    while target.exists():  # one left by an upgrade that was killed within the same second
        target = path.with_name(f"{path.name}.backup-{stamp}-{number}-schema-{revision}")
        number += 1
    source = sqlite3.connect(path)
    try:
        copy_sqlite(source, target)
    finally:
        source.close()
    return target
