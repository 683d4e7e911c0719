"""`bonetrack demo`: a sample database that never touches the user's own."""

from __future__ import annotations

import json
import stat
import tempfile
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bonetrack.domain.demo import generate_demo
from bonetrack.domain.demo_meds import generate_medicine_demo
from bonetrack.store.engine import open_database
from bonetrack.store.schema import intakes, plans
from tests.conftest import CliCall, Freeze


@pytest.fixture(autouse=True)
def _clock(frozen: Freeze) -> None:
    frozen("2026-11-22 08:30")


@pytest.fixture
def temp_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


def counts(path: Path) -> tuple[int, int]:
    db = open_database(str(path))
    try:
        with db.connect() as conn:
            n_intakes = conn.execute(select(func.count()).select_from(intakes)).scalar_one()
            n_plans = conn.execute(select(func.count()).select_from(plans)).scalar_one()
    finally:
        db.close()
    return int(n_intakes), int(n_plans)


def test_demo_writes_a_temporary_database_not_the_users(
    cli: CliCall, db_path: Path, temp_root: Path
) -> None:
    result = cli("demo", "--years", "1", "--json")
    assert result.exit_code == 0, result.stderr
    assert not db_path.exists()  # BONETRACK_DB untouched
    [made] = list(temp_root.glob("bonetrack-demo-*/bonetrack-demo.db"))
    history = generate_demo(datetime(2026, 11, 22, 8, 30), years=1)
    doses = generate_medicine_demo(history.start, datetime(2026, 11, 22, 8, 30), 2013).doses
    expected = len(history.intakes) + len(doses)
    assert len(doses) == 40  # weekly alendronate on Mondays from 2026-01-26
    assert result.stderr == (
        f"Sample data: 1 year ({expected} entries, 2 scan visits, 5 events, 6 lab results) "
        f"in {made}\n"
        f"For a clinic visit: bonetrack --db {made} summary --pdf summary.pdf   "
        "(or --html summary.html; without either, a preview here)\n"
        f"Explore it: bonetrack --db {made} today   (or report, entries, med list, lab list)\n"
    )
    assert counts(made) == (expected, 6)
    data = json.loads(result.stdout)
    assert (data["from"], data["to"]) == ("2026-10-24", "2026-11-22")
    assert [
        (i["kind"], i["type"], i["current_streak"], i["longest_streak"], i["met"], i["due"],
         i["adherence_pct"], i["average"], i["score"])
        for i in data["items"]
    ] == [
        ("k2", None, 9, 26, 27, 29, 93.1, 167.6, 93.2),
        ("calcium", None, 5, 14, 21, 29, 72.4, 1086.2, 90.1),
        ("vitamin-d", None, 9, 20, 27, 29, 93.1, 744.8, 92.7),
        ("exercise", "balance", 6, 8, 20, 29, 69.0, 12.2, 76.7),
        # the week back from the holiday (Thursday to Sunday free) missed its 2 sessions
        ("exercise", "strength", 8, 22, 5, 5, 100.0, 2.0, 96.3),
        ("medicine", None, 2, 27, 4, 5, 80.0, 0.8, 88.6),
    ]  # fmt: skip
    # one holiday, paused: in the six months of heatmap, before the 30-day window
    assert data["pauses"] == [
        {"id": 1, "target": "all", "label": "supplements and exercise", "from": "2026-09-14",
         "to": "2026-09-23", "reason": "holiday"}
    ]  # fmt: skip
    assert (data["items"][-1]["medicine"], data["items"][-1]["schedule"]) == (
        "alendronate",
        "70 mg weekly",
    )
    assert [(t["medicine"], t["start"], t["reassess_after_years"]) for t in data["treatments"]] == [
        ("alendronate", "2026-01-26", 5)
    ]
    # the vitamin D level rises; the turnover markers, from one lab, fall on alendronate
    assert [(lab["test"], lab["latest"]["value"], lab["trend"]) for lab in data["labs"]] == [
        ("25ohd", 22.0, "+4 ng/mL since 2025-12-22"),
        ("ctx", 0.32, "-0.27 ng/mL since 2026-01-12"),
        ("p1np", 37.0, "-20 ng/mL since 2026-01-12"),
    ]
    # the sample has scans and check-ins, so the report shows what is due next
    assert [(r["kind"], r["overdue"]) for r in data["reminders"]] == [
        ("checkin", False),
        ("symptoms", False),
    ]


def test_demo_into_a_new_file_only(cli: CliCall, tmp_path: Path) -> None:
    target = tmp_path / "sample" / "demo.db"
    missing = cli("demo", "--years", "1", "--db", str(target))
    assert (missing.exit_code, missing.stderr) == (
        2,
        f"Error: --db {target}: the folder {target.parent} does not exist; create it first, "
        "or check the path.\n",
    )
    target.parent.mkdir()
    result = cli("demo", "--years", "1", "--db", str(target), "--seed", "7")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Adherence 2026-10-24 to 2026-11-22 (30 days)\n")
    assert "  supplements and exercise 2026-09-14 to 2026-09-23: holiday (#1)\n" in result.stdout
    assert "= paused" in result.stdout
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # health data
    before = counts(target)
    again = cli("demo", "--db", str(target))
    assert again.exit_code == 2
    assert again.stderr == (
        f"Error: {target} already exists: demo writes only to a new file, "
        "so it can never overwrite your data.\n"
    )
    assert counts(target) == before


def test_same_seed_same_history(cli: CliCall, tmp_path: Path) -> None:
    a = cli("demo", "--years", "1", "--seed", "5", "--json", "--db", str(tmp_path / "a.db"))
    b = cli("demo", "--years", "1", "--seed", "5", "--json", "--db", str(tmp_path / "b.db"))
    assert a.exit_code == b.exit_code == 0
    assert a.stdout == b.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--db", "sqlite:///x.db"), "Error: demo --db takes a file path, not a URL.\n"),
        (("--years", "0"), None),
        (("--years", "101"), None),  # 100 years at most (a lifetime, for bench/startup.py)
    ],
)
def test_bad_demo_arguments(
    cli: CliCall, temp_root: Path, args: tuple[str, ...], message: str | None
) -> None:
    result = cli("demo", *args)
    assert result.exit_code == 2
    if message is not None:
        assert result.stderr == message
    assert result.stderr.startswith("Error: ")
    assert list(temp_root.iterdir()) == []


def test_demo_across_a_dst_change(cli: CliCall, frozen: Freeze, tmp_path: Path) -> None:
    frozen("2026-03-29 12:00")  # the day Amsterdam springs forward
    target = tmp_path / "dst.db"
    result = cli("demo", "--years", "1", "--db", str(target), "--json")
    assert result.exit_code == 0, result.stderr
    db = open_database(str(target))
    try:
        with db.connect() as conn:
            offsets = set(conn.execute(select(intakes.c.utc_offset_min).distinct()).scalars())
    finally:
        db.close()
    assert offsets == {60, 120}


def test_the_line_that_says_how_to_explore_comes_last(tmp_path: Path) -> None:
    """As a terminal shows it (stdout and stderr together): after the report, not above it."""
    import os
    import subprocess
    import sys

    target = tmp_path / "demo.db"
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1"}
    shown = subprocess.run(
        [sys.executable, "-m", "bonetrack", "demo", "--years", "1", "--db", str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        check=True,
    ).stdout.splitlines()
    assert shown[0].startswith("Sample data: 1 year (")
    assert shown[1].startswith("Adherence ")
    assert shown[-1] == (
        f"Explore it: bonetrack --db {target} today   (or report, entries, med list, lab list)"
    )
