"""The installed `bonetrack` script, and a wheel that carries its migrations."""

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from bonetrack.store.migrate import HEAD_REVISION

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def run(cmd: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cmd,
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def test_installed_script(tmp_path: Path) -> None:
    db = str(tmp_path / "d" / "bonetrack.db")
    ok = run([str(BIN / "bonetrack"), "log", "k2", "180mcg"], tmp_path, BONETRACK_DB=db)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("Logged K2 180 µg at ")
    bad = run([str(BIN / "bonetrack"), "log", "k2", "notanumber"], tmp_path, BONETRACK_DB=db)
    assert bad.returncode == 2
    assert bad.stderr == (
        "Error: 'notanumber' is not an amount: expected a number and a unit, e.g. 180mcg.\n"
    )
    assert "Traceback" not in bad.stderr
    module = run([sys.executable, "-m", "bonetrack", "--version"], tmp_path)
    assert module.stdout.startswith("bonetrack ")


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    db = str(tmp_path / "bonetrack.db")
    quiet = run([str(BIN / "bonetrack"), "--db", db, "log", "k2", "x"], tmp_path)
    loud = run([str(BIN / "bonetrack"), "--db", db, "--debug", "log", "k2", "x"], tmp_path)
    env = run([str(BIN / "bonetrack"), "--db", db, "log", "k2", "x"], tmp_path, BONETRACK_DEBUG="1")
    assert "Traceback" not in quiet.stderr
    assert "Traceback (most recent call last)" in loud.stderr
    assert "Traceback (most recent call last)" in env.stderr
    assert loud.stderr.endswith(quiet.stderr)


@pytest.mark.slow
def test_wheel_ships_migrations_and_creates_a_database(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    built = run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(REPO),
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(dist),
            "-q",
        ],
        tmp_path,
    )
    assert built.returncode == 0, built.stderr
    wheel = next(dist.glob("bonetrack-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {
        "bonetrack/migrations/env.py",
        "bonetrack/migrations/script.py.mako",
        "bonetrack/migrations/versions/0001_initial_schema.py",
        "bonetrack/cli/app.py",
        "bonetrack/py.typed",
        # the visit summary's PDF font, and its license
        "bonetrack/data/fonts/DejaVuSansCondensed.ttf",
        "bonetrack/data/fonts/DejaVuSansCondensed-Bold.ttf",
        "bonetrack/data/fonts/LICENSE-DejaVu.txt",
    } <= names

    venv = tmp_path / "venv"
    assert run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp_path).returncode == 0
    installed = run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(venv / "bin" / "python"),
            "install",
            "--no-deps",
            "-q",
            str(wheel),
        ],
        tmp_path,
    )
    assert installed.returncode == 0, installed.stderr
    # Reuse this environment's dependencies without reinstalling them from the network.
    site = run(
        [
            str(venv / "bin" / "python"),
            "-c",
            "import sysconfig; print(sysconfig.get_path('purelib'))",
        ],
        tmp_path,
    ).stdout.strip()
    Path(site, "deps.pth").write_text(sysconfig.get_path("purelib") + "\n")

    empty = tmp_path / "empty"
    empty.mkdir()
    db = empty / "data" / "bonetrack.db"
    (empty / "data").mkdir()
    result = run([str(venv / "bin" / "bonetrack"), "--db", str(db), "log", "k2", "180mcg"], empty)
    assert result.returncode == 0, result.stderr
    where = run(
        [
            str(venv / "bin" / "python"),
            "-c",
            "import bonetrack.store.migrate as m; print(m.migrations_dir())",
        ],
        empty,
    )
    assert where.stdout.strip() == str(Path(site) / "bonetrack" / "migrations")
    import sqlite3

    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (HEAD_REVISION,)
        ]
        assert conn.execute("SELECT kind, amount FROM intakes").fetchall() == [("k2", 180.0)]
    # the installed package finds its PDF font
    pdf = empty / "summary.pdf"
    made = run(
        [str(venv / "bin" / "bonetrack"), "--db", str(db), "summary", "--pdf", str(pdf)], empty
    )
    assert made.returncode == 0, made.stderr
    assert pdf.read_bytes().startswith(b"%PDF-")
