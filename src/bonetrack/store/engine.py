"""Opening the database: engine, SQLite settings, and the migration check."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from bonetrack.errors import StoreError
from bonetrack.store.location import Location, prepare_sqlite_file, resolve

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

BUSY_TIMEOUT_MS = 5_000


class Database:
    """An opened, migrated database."""

    def __init__(self, location: Location, engine: Engine) -> None:
        self.location = location
        self.engine = engine

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A connection inside a transaction: committed on success, rolled back on error."""
        with _translate_errors(self.location), self.engine.begin() as conn:
            yield conn

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        with _translate_errors(self.location), self.engine.connect() as conn:
            yield conn

    def close(self) -> None:
        self.engine.dispose()


@contextmanager
def _translate_errors(location: Location) -> Iterator[None]:
    from sqlalchemy.exc import DatabaseError, OperationalError

    try:
        yield
    except OperationalError as exc:
        raise StoreError(f"database {location.describe()}: {_reason(exc)}.") from exc
    except DatabaseError as exc:
        raise StoreError(
            f"{location.describe()} is not a bonetrack database ({_reason(exc)})."
        ) from exc


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
        conn.exec_driver_sql("BEGIN")

    return engine


def open_database(option: str | None = None) -> Database:
    """Open (creating or upgrading as needed) the database that `option` or the env names."""
    from bonetrack.store.migrate import ensure_current

    location = resolve(option)
    if location.path is not None:
        prepare_sqlite_file(location.path)
    try:
        engine = create_engine_for(location)
    except Exception as exc:  # bad URL, missing driver: the user's configuration
        from sqlalchemy.exc import ArgumentError, NoSuchModuleError

        if isinstance(exc, ArgumentError | NoSuchModuleError | ImportError):
            raise StoreError(f"cannot use the database URL {location.describe()}: {exc}.") from exc
        raise
    database = Database(location, engine)
    with _translate_errors(location):
        ensure_current(database)
    return database
