"""Many writers at once, and a process killed in the middle of a write (issue 9).

Real processes. Each writer process runs 25 `log` commands through bonetrack's own
entry point, so 8 processes make 200 writes without paying 200 start-ups. Each
killed process is SIGKILLed at a random moment of a write: afterwards the database
passes `PRAGMA integrity_check` and holds all or none of that transaction's rows.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from bonetrack.store import migrate
from tests.store.test_migrations import ROWS_0001, build_at

pytestmark = pytest.mark.reliability

WRITERS = 8
LOGS_EACH = 25

# Runs `bonetrack log` LOGS_EACH times in one process, as a user's shell would one
# after another, and reports every failure on stderr.
WRITER = """
import sys
from bonetrack.cli.app import app

db, who, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
for i in range(count):
    try:
        app(["--db", db, "log", "k2", "1mcg", "--force", "--note", f"{who}-{i}"])
    except SystemExit as done:
        if done.code:
            print(f"{who}-{i} exited {done.code}", file=sys.stderr)
"""


def _env() -> dict[str, str]:
    # From cached bytecode, as an installed bonetrack starts.
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _query(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_eight_writers_times_25_logs_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "bonetrack.db"
    writer = tmp_path / "writer.py"
    writer.write_text(WRITER)
    started = [
        subprocess.Popen(
            [sys.executable, str(writer), str(path), f"w{n}", str(LOGS_EACH)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        for n in range(WRITERS)
    ]
    errors = [p.communicate(timeout=300)[1] for p in started]
    assert [p.returncode for p in started] == [0] * WRITERS
    # no "database is locked" (nor anything else) reached a user; the one process that
    # created the file said so
    assert sorted(errors) == [""] * (WRITERS - 1) + [f"Created a new, empty database at {path}\n"]
    notes = {row[0] for row in _query(path, "SELECT note FROM intakes")}
    assert notes == {f"w{n}-{i}" for n in range(WRITERS) for i in range(LOGS_EACH)}
    assert _query(path, "SELECT count(*) FROM intakes") == [(WRITERS * LOGS_EACH,)]
    assert _query(path, "PRAGMA integrity_check") == [("ok",)]


def _demo_entries(years: int, seed: int) -> int:
    """How many entries `bonetrack demo` writes in its one transaction (pure domain)."""
    from bonetrack.domain.demo import generate_demo
    from bonetrack.domain.demo_meds import generate_medicine_demo

    now = datetime.now().astimezone()
    history = generate_demo(now, years=years, seed=seed)
    # supplements and exercise, and the weekly alendronate doses
    return len(history.intakes) + len(generate_medicine_demo(history.start, now, seed).doses)


def _kill_after(command: list[str], delay: float) -> int | None:
    """Start `command`, SIGKILL it after `delay` seconds; its exit code if it ended first."""
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env()
    )
    deadline = time.monotonic() + delay
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return process.returncode
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    return None


KILLS_DURING_DEMO = 12
KILLS_DURING_MIGRATION = 8


def test_killed_while_filling_a_database_keeps_all_or_nothing(tmp_path: Path) -> None:
    """`demo` stores its whole sample in one transaction: a kill leaves all or none."""
    chance = random.Random(9)
    expected = _demo_entries(5, 1)
    outcomes = {"none": 0, "all": 0}
    for n in range(KILLS_DURING_DEMO):
        path = tmp_path / f"demo-{n}.db"
        # start-up takes about 0.4 s and the insert about 0.8 s: kill anywhere in between
        _kill_after(
            [sys.executable, "-m", "bonetrack", "demo", "--years", "5", "--seed", "1",
             "--db", str(path)],
            chance.uniform(0.2, 1.6),
        )  # fmt: skip
        if not path.exists():
            outcomes["none"] += 1
            continue
        assert _query(path, "PRAGMA integrity_check") == [("ok",)]
        tables = {r[0] for r in _query(path, "SELECT name FROM sqlite_master")}
        count = _query(path, "SELECT count(*) FROM intakes")[0][0] if "intakes" in tables else 0
        assert count in (0, expected), f"kill {n}: {count} of {expected} entries"
        outcomes["all" if count == expected else "none"] += 1
    assert sum(outcomes.values()) == KILLS_DURING_DEMO


def test_killed_during_a_migration_keeps_the_old_or_the_new_schema(tmp_path: Path) -> None:
    """A database at 0001 upgraded by `bonetrack entries` and killed at a random moment:
    afterwards it is intact, at 0001 or at the head, with every row, and the next
    command finishes the upgrade."""
    chance = random.Random(17)
    first_rows = len([s for s in ROWS_0001 if s.startswith("INSERT INTO intakes")])
    for n in range(KILLS_DURING_MIGRATION):
        path = tmp_path / f"old-{n}.db"
        path.touch(mode=0o600)
        build_at(str(path), "0001", ROWS_0001)
        _kill_after(
            [sys.executable, "-m", "bonetrack", "--db", str(path), "entries"],
            chance.uniform(0.2, 1.2),
        )
        assert _query(path, "PRAGMA integrity_check") == [("ok",)]
        [(version,)] = _query(path, "SELECT version_num FROM alembic_version")
        assert version in ("0001", migrate.HEAD_REVISION)

        assert _query(path, "SELECT count(*) FROM intakes") == [(first_rows,)]
        finished = subprocess.run(
            [sys.executable, "-m", "bonetrack", "--db", str(path), "entries", "--json"],
            capture_output=True, text=True, env=_env(), check=False,
        )  # fmt: skip
        assert finished.returncode == 0, finished.stderr
        assert _query(path, "SELECT version_num FROM alembic_version") == [(migrate.HEAD_REVISION,)]
