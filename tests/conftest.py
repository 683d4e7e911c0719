"""Every test runs against its own temporary database (via BONETRACK_DB) and data dir."""

from __future__ import annotations

import os
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
    db_path = tmp_path / "data" / "bonetrack.db"
    monkeypatch.setenv("BONETRACK_DB", str(db_path))
    # Never the user's real data dir, even where a test clears BONETRACK_DB.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
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
    database = open_database(str(db_path))
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
