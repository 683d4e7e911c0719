"""Every test runs against its own temporary database: the default location, inside its
own data dir (XDG_DATA_HOME), so that opening it is what a user's first command does."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from typer.testing import CliRunner, Result

from bonetrack.cli.app import app
from bonetrack.store.engine import Database, open_database


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # Never the user's real data dir. The default location says nothing when it creates
    # the database (a file named by BONETRACK_DB or --db says "Created a new, empty ...").
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("BONETRACK_DB", raising=False)
    db_path = tmp_path / "xdg" / "bonetrack" / "bonetrack.db"
    monkeypatch.delenv("BONETRACK_DEBUG", raising=False)
    # Stable rich output: no colour codes, a fixed width.
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    return db_path


@pytest.fixture
def db_path(_isolated: Path) -> Path:
    return _isolated


CliCall = Callable[..., Result]


@pytest.fixture
def cli() -> CliCall:
    """`cli("log", "k2", "180mcg")`: run bonetrack in-process, stdout and stderr apart."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        return runner.invoke(app, list(args), input=input, env=env)

    return invoke


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_database()  # the default location, as `db_path` names it
    assert database.location.path == db_path
    yield database
    database.close()


Freeze = Callable[..., None]


@pytest.fixture
def frozen() -> Iterator[Freeze]:
    """`frozen("2026-11-22 08:30", tz="Europe/Amsterdam")`: stop the clock there, in that zone."""
    original_tz = os.environ.get("TZ")
    travellers: list[time_machine.travel] = []

    def freeze(when: str, tz: str = "Europe/Amsterdam") -> None:
        os.environ["TZ"] = tz
        time.tzset()
        moment = datetime.fromisoformat(when).replace(tzinfo=ZoneInfo(tz))
        traveller = time_machine.travel(moment, tick=False)
        traveller.start()
        travellers.append(traveller)

    yield freeze
    for traveller in reversed(travellers):
        traveller.stop()
    if original_tz is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = original_tz
    time.tzset()


def dump(path: Path) -> list[str]:
    """Every row and the schema of a SQLite database, to show that a refusal changed nothing."""
    import sqlite3

    if not path.exists():
        return []
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def user_rows(path: Path) -> list[str]:
    """Every row of the user's tables (not the journal's), to compare states around an undo."""
    return [
        line
        for line in dump(path)
        if line.startswith("INSERT INTO") and '"change' not in line and "alembic" not in line
    ]


# --- a throwaway PostgreSQL server, for the tests that run bonetrack against one --------

PG_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)), None)
PG_PORT = "5499"
HAS_POSTGRES = PG_BIN is not None and (shutil.which("runuser") is not None or os.geteuid() != 0)


def _as_server_user(cmd: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root.
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A server on a unix socket for the whole session (the binaries are on our machines and CI)."""
    assert PG_BIN is not None
    base = Path(tempfile.mkdtemp(prefix="bonetrack-pg-"))
    sock = base / "sock"
    sock.mkdir()
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        shutil.chown(sock, "postgres")
    data = base / "data"
    subprocess.run(
        _as_server_user([str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U",
                         "bonetrack", "--no-sync", "-E", "UTF8"]),
        check=True, capture_output=True,
    )  # fmt: skip
    pg_ctl = [str(PG_BIN / "pg_ctl"), "-D", str(data)]
    # timezone: initdb takes it from the TZ of whichever test starts the server first (some
    # freeze Amsterdam's); the fixtures' plain SQL literals mean UTC, as bonetrack stores times
    options = f"-k {sock} -c listen_addresses= -c timezone=UTC -p {PG_PORT} -F"
    subprocess.run(
        _as_server_user([*pg_ctl, "-o", options, "-w", "-l", str(base / "log"), "start"]),
        check=True, capture_output=True,
    )  # fmt: skip
    try:
        yield f"postgresql+psycopg://bonetrack@/postgres?host={sock}&port={PG_PORT}"
    finally:
        subprocess.run(_as_server_user([*pg_ctl, "-m", "immediate", "stop"]), capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def empty_pg_schema(url: str) -> None:
    """Drop what earlier tests made: a brand-new database."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
