"""Opening the database: engine, SQLite settings, and the migration check."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from bonetrack.errors import StoreError
from bonetrack.store.location import Location, prepare_location, resolve

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

# How long a writer waits for another's transaction before giving up. bonetrack's
# own writes last milliseconds, but on a loaded machine (8 writers on 2 busy cores)
# a lock holder can be descheduled for seconds: 5 s let "database is locked" reach
# a user there; waiting longer loses no entry.
BUSY_TIMEOUT_MS = 20_000
# Execution option of a connection whose transactions will write (see `write_transaction`).
WRITES = "bonetrack_writes"


class Database:
    """An opened, migrated database."""

    def __init__(
        self, location: Location, engine: Engine, notices: list[str] | None = None
    ) -> None:
        self.location = location
        self.engine = engine
        # What opening it changed that the user should hear about (a file made private).
        self.notices = notices or []
        self._reading: Connection | None = None

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A write transaction: committed on success, rolled back on error."""
        with _translate_errors(self.location), write_transaction(self.engine) as conn:
            yield conn

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        if self._reading is not None:
            with _translate_errors(self.location):
                yield self._reading
            return
        with _translate_errors(self.location), self.engine.connect() as conn:
            yield conn

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Every `connect()` inside shares one connection and one read transaction: a
        report's few dozen small queries pay for one checkout and one BEGIN, and all see
        the same snapshot of the data."""
        if self._reading is not None:
            yield
            return
        with self.connect() as conn:
            self._reading = conn
            try:
                yield
            finally:
                self._reading = None

    def close(self) -> None:
        self.engine.dispose()


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that takes the write lock when it begins.

    On SQLite that is BEGIN IMMEDIATE, which waits up to the busy timeout for
    another writer. A deferred BEGIN takes the lock only at the first write, and
    when the transaction has read first SQLite cannot wait for it: it fails at
    once with "database is locked".
    """
    with engine.connect() as conn:
        conn.execution_options(**{WRITES: True})
        with conn.begin():
            yield conn


@contextmanager
def _translate_errors(location: Location) -> Iterator[None]:
    from sqlalchemy.exc import DatabaseError, OperationalError

    try:
        yield
    except OperationalError as exc:
        raise StoreError(_cannot_use(location, _reason(exc))) from exc
    except DatabaseError as exc:
        raise StoreError(
            f"{location.describe()} is not a bonetrack database ({_reason(exc)})."
        ) from exc


def _cannot_use(location: Location, reason: str) -> str:
    """The message for a failure of SQLite or the server, saying why a file cannot be used."""
    import os

    path = location.path
    if path is not None and ("readonly" in reason or "unable to open" in reason):
        if not os.access(path.parent, os.W_OK):
            # SQLite creates its -wal and -shm files beside the database: the file
            # itself may be writable and still be "a readonly database".
            return (
                f"cannot write to {path}: the folder {path.parent} is read-only, and SQLite "
                f"needs to create {path.name}-wal and {path.name}-shm beside the database."
            )
        if not os.access(path, os.R_OK | os.W_OK):
            return f"cannot open {path}: permission denied (you cannot read and write the file)."
    return f"database {location.describe()}: {reason}."


def _reason(exc: Exception) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig if orig is not None else exc).strip().rstrip(".")


def create_engine_for(location: Location) -> Engine:
    from sqlalchemy import create_engine, event

    if not location.is_sqlite:
        return create_engine(location.url, pool_pre_ping=True)

    engine = create_engine(location.url)

    # SQLAlchemy's documented recipe for real transactions with pysqlite: stop
    # the driver from managing BEGIN itself (it would silently commit before
    # DDL, so a failed migration could not roll back) and emit BEGIN ourselves.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if location.path is not None:
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        writes = conn.get_execution_options().get(WRITES, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")

    return engine


def open_database(option: str | None = None) -> Database:
    """Open (creating or upgrading as needed) the database that `option` or the env names."""
    from bonetrack.store.migrate import ensure_current

    location = resolve(option)
    notices = prepare_location(location)
    try:
        engine = create_engine_for(location)
    except Exception as exc:  # bad URL, missing driver: the user's configuration
        from sqlalchemy.exc import ArgumentError, NoSuchModuleError

        if isinstance(exc, ArgumentError | NoSuchModuleError | ImportError):
            raise StoreError(f"cannot use the database URL {location.describe()}: {exc}.") from exc
        raise
    database = Database(location, engine, notices)
    with _translate_errors(location):
        ensure_current(database)
    return database
