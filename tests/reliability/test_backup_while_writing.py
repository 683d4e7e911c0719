"""A backup taken while four other processes write is consistent and holds every committed row."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bonetrack.store.engine import open_database

pytestmark = pytest.mark.reliability

WRITERS = 4
# Each writer stops when told to (after the backups), or at this many rows.
MOST_ROWS_EACH = 5000

# Each writer logs entries through bonetrack's own store and, once a commit has
# returned, appends that entry's note to its log: the log lists committed rows.
# It goes on until the stop file appears, so the backups are taken while it writes.
WRITER = """
import sys
from datetime import UTC, datetime
from bonetrack.domain.amounts import Amount
from bonetrack.domain.entries import new_entry
from bonetrack.domain.kinds import get_kind
from bonetrack.store.engine import open_database
from bonetrack.store.entries import add_entry

import os
path, name, count, log, stop = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
db = open_database(path)
kind = get_kind("k2")
with open(log, "a") as out:
    for i in range(count):
        if os.path.exists(stop):
            break
        note = f"{name}-{i}"
        entry = new_entry(kind, Amount(180.0, 180.0, "mcg"), datetime.now(UTC), note=note)
        add_entry(db, entry)
        out.write(note + "\\n")
        out.flush()
db.close()
"""


def committed(logs: list[Path]) -> set[str]:
    return {line for log in logs if log.exists() for line in log.read_text().splitlines()}


def notes(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {row[0] for row in conn.execute("SELECT note FROM intakes")}


def test_backup_during_four_writers(tmp_path: Path) -> None:
    db_path = tmp_path / "bonetrack.db"
    open_database(str(db_path)).close()
    env = {**os.environ, "BONETRACK_DB": str(db_path), "TZ": "Europe/Amsterdam"}
    logs = [tmp_path / f"writer-{n}.log" for n in range(WRITERS)]
    stop = tmp_path / "stop"
    writers = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                WRITER,
                str(db_path),
                f"w{n}",
                str(MOST_ROWS_EACH),
                str(log),
                str(stop),
            ],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n, log in enumerate(logs)
    ]
    try:
        deadline = time.monotonic() + 60
        while any(len(committed([log])) < 20 for log in logs):  # all four are writing
            assert time.monotonic() < deadline, "the writers did not start"
            stopped = [w for w in writers if w.poll() is not None and w.returncode != 0]
            assert not stopped, stopped[0].communicate()[1] if stopped else ""
            time.sleep(0.02)
        backups = []
        for number in range(2):
            before = committed(logs)
            target = tmp_path / f"backup-{number}.db"
            result = subprocess.run(
                [sys.executable, "-m", "bonetrack", "backup", "--out", str(target)],
                env=env,
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert result.returncode == 0, result.stderr
            assert result.stdout.endswith("integrity ok).\n")
            backups.append((target, before))
        still_writing = [w.poll() is None for w in writers]
        after = len(committed(logs)) + WRITERS * 5
        while len(committed(logs)) < after and time.monotonic() < deadline + 60:
            time.sleep(0.02)  # some more rows after the last backup
    finally:
        stop.touch()
        for writer in writers:
            _, err = writer.communicate(timeout=120)
            assert writer.returncode == 0, err
    final = notes(db_path)
    assert final == committed(logs)  # every committed row, and only those
    assert all(still_writing), "the backups were not taken while the writers ran"
    for target, before in backups:
        with sqlite3.connect(target) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        held = notes(target)
        assert before <= held  # every row committed before the backup began
        assert held <= final  # and nothing that was never committed
        assert len(held) < len(final)
