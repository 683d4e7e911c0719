"""The same commands against PostgreSQL: one database for several devices.

Against a throwaway server (unix socket only; `pg_url` in tests/conftest.py)
when PostgreSQL's server binaries are installed, as they are on our machines and CI.
"""

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import HAS_POSTGRES, CliCall, Freeze, empty_pg_schema

pytestmark = pytest.mark.skipif(
    not HAS_POSTGRES, reason="PostgreSQL server binaries are not installed"
)


@pytest.fixture
def pg(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """A clean schema for each test: drop what the previous one made."""
    empty_pg_schema(pg_url)
    monkeypatch.setenv("BONETRACK_DB", pg_url)
    return pg_url


def ok(cli: CliCall, *args: str) -> str:
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


@pytest.mark.usefixtures("pg")
def test_daily_use_on_postgresql(cli: CliCall, frozen: Freeze) -> None:
    frozen("2026-11-22 08:31")
    assert ok(cli, "log", "k2", "180mcg", "--form", "mk7") == (
        "Logged K2 (MK-7) 180 µg at 2026-11-22 08:31. Today: 180 µg.\n"
    )
    entry = json.loads(ok(cli, "log", "calcium", "500mg", "--at", "yesterday 20:00", "--json"))
    assert (entry["taken_at"], entry["local_date"]) == ("2026-11-21T19:00:00+00:00", "2026-11-21")
    ok(cli, "edit", "2", "--note", "with dinner")
    assert [e["note"] for e in json.loads(ok(cli, "entries", "--json"))] == [None, "with dinner"]
    ok(cli, "plan", "set", "k2", "180mcg", "--form", "mk7", "--from", "2026-11-20")
    ok(cli, "log", "k2", "--at", "yesterday 8:00")
    report = json.loads(ok(cli, "report", "--json"))
    [k2] = report["items"]
    # planned from the 20th: missed the 20th, met the 21st and today
    assert (k2["current_streak"], k2["met"], k2["due"]) == (2, 2, 3)
    ok(cli, "scan", "add", "--date", "2025-03-14", "--site", "spine", "--bmd", "0.812")
    ok(cli, "scan", "add", "--date", "2026-03-14", "--site", "spine", "--bmd", "0.750")
    ok(cli, "event", "add", "checkin", "--at", "2026-10-01")
    ok(cli, "profile", "set", "--birth-year", "1958", "--sex", "female")
    kinds = [r["kind"] for r in json.loads(ok(cli, "remind", "--json"))]
    assert kinds == ["symptoms"]
    # fracture fragility, heights, falls in 12 months (the report's bone section)
    ok(cli, "event", "add", "fracture", "--at", "2025-06-01", "--fragility", "yes")
    ok(cli, "event", "add", "fall", "--at", "2026-10-02")
    ok(cli, "height", "add", "162.5cm", "--date", "2015-01-01")
    ok(cli, "height", "add", "158.5cm")
    [fracture] = json.loads(ok(cli, "event", "list", "--kind", "fracture", "--json"))
    assert fracture["fragility"] == "yes"
    bone = json.loads(ok(cli, "report", "--json"))
    assert (bone["falls"]["dates"], bone["height"]["loss_cm"], bone["height"]["flagged"]) == (
        ["2026-10-02"],
        4.0,
        True,
    )
    assert bone["latest_scan"]["interpretation"]["fragility"] == "yes"
    # undo takes back the last change of any kind, from the journal, on PostgreSQL too
    assert ok(cli, "undo", "--yes").startswith(
        "Undone (bonetrack height add 158.5cm): removed height 158.5 cm on "
    )
    ok(cli, "edit", "1", "--note", "changed")
    assert ok(cli, "undo", "--yes").startswith("Undone (bonetrack edit 1 --note changed): restored")
    assert json.loads(ok(cli, "entries", "--json"))[0]["note"] is None  # entry #1, newest
    bad = cli("log", "k2", "180kg")
    assert (bad.exit_code, bad.stderr.startswith("Error: unknown unit 'kg'")) == (2, True)


@pytest.mark.usefixtures("pg")
def test_cronometer_import_and_food_in_the_report_on_postgresql(
    cli: CliCall, frozen: Freeze
) -> None:
    from pathlib import Path

    frozen("2026-04-02 10:00")
    servings = str(Path(__file__).parent / "fixtures" / "cronometer" / "servings.csv")
    ok(cli, "profile", "set", "--birth-year", "1960", "--sex", "female")
    ok(cli, "log", "calcium", "500mg", "--at", "2026-03-29 08:00")
    ok(cli, "import", "--from", "cronometer", servings, "--supplements-as-doses")
    again = ok(cli, "import", "--from", "cronometer", servings, "--supplements-as-doses")
    assert "food (day totals)      0         10        0        0" in again
    report = json.loads(ok(cli, "report", "--from", "2026-03-28", "--to", "2026-03-31", "--json"))
    days = {d["date"]: d for d in report["intake"]["calcium"]["days"]}
    # 500 mg logged + the 500 mg Cronometer dose; 706.4 mg food
    assert (days["2026-03-29"]["supplements"], days["2026-03-29"]["total"]) == (1000.0, 1706.4)
    assert "2026-03-31" not in days  # no calcium dose, no calcium food data
    vitamin_d = {d["date"]: d for d in report["intake"]["vitamin-d"]["days"]}
    assert (vitamin_d["2026-03-31"]["food"], vitamin_d["2026-03-31"]["note"]) == (0.0, None)
    # Each import is one change: undo takes back the second (only its import record, as it
    # restated nothing), then the first (its food and doses); what was logged here stays.
    command = f"bonetrack import --from cronometer {servings} --supplements-as-doses"
    assert ok(cli, "undo", "--yes") == (
        f"Undone ({command}): removed import from Cronometer: {servings}.\n"
    )
    assert ok(cli, "undo", "--yes") == (
        f"Undone ({command}): removed 4 entries, 10 food records and 1 import.\n"
    )
    logged = json.loads(ok(cli, "entries", "--json"))
    assert [(e["kind"], e["amount"], e["source"]) for e in logged] == [("calcium", 500.0, "cli")]


def test_migrations_match_the_models_on_postgresql(pg: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from bonetrack.store.derived import derived
    from bonetrack.store.engine import open_database
    from bonetrack.store.models import Base

    db = open_database(pg)
    with db.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, [Base.metadata, derived]) == []
    db.close()


def test_upgrade_from_every_earlier_revision_on_postgresql(pg: str) -> None:
    from tests.store.test_migrations import earlier_revisions, upgrade_keeps_everything

    for start in earlier_revisions():
        empty_pg_schema(pg)
        upgrade_keeps_everything(pg, start)


def same_as_exported(cli: CliCall, other: Path) -> dict[str, Any]:
    """This database's export, once its data is the same as `other`'s (but for when each was
    made) and its journal holds `other`'s and one change more: the import of `other`."""
    from tests.cli.test_import import data

    mine, theirs = json.loads(ok(cli, "export")), json.loads(other.read_text())
    assert data(mine) == data(theirs)
    ours = {c["uid"]: c["command"] for c in mine["changes"]}
    assert set(ours) - {c["uid"] for c in theirs["changes"]} == {
        next(uid for uid, command in ours.items() if command == f"bonetrack import {other}")
    }
    return dict(mine)


@pytest.mark.usefixtures("pg")
def test_export_import_between_sqlite_and_postgresql(
    cli: CliCall, frozen: Freeze, tmp_path: Path
) -> None:
    from tests.cli.test_export import record_history

    record_history(cli, frozen)  # on PostgreSQL
    exported = tmp_path / "pg.json"
    ok(cli, "export", "--out", str(exported))
    laptop = str(tmp_path / "laptop.db")
    assert ok(cli, "--db", laptop, "import", str(exported)).endswith(
        "11 were added, 0 already here.\nJournal of changes (history): 9 were added, 0 already "
        "here.\n"
    )
    ok(cli, "--db", laptop, "log", "calcium", "500mg")
    back = tmp_path / "laptop.json"
    ok(cli, "--db", laptop, "export", "--out", str(back))
    # the laptop's import and its log come back as history
    assert ok(cli, "import", str(back)).endswith(
        "1 were added, 11 already here.\nJournal of changes (history): 2 were added, 9 already "
        "here.\n"
    )
    assert same_as_exported(cli, back)
    refused = cli("backup")
    assert refused.exit_code == 1
    assert "pg_dump" in refused.stderr


@pytest.mark.usefixtures("pg")
def test_medicines_labs_and_food_move_between_postgresql_and_sqlite(
    cli: CliCall, frozen: Freeze, tmp_path: Path
) -> None:
    from tests.cli.test_export_v2 import record_treatment_and_food

    record_treatment_and_food(cli, frozen)  # on PostgreSQL
    exported = tmp_path / "pg.zip"
    ok(cli, "export", "--format", "csv", "--out", str(exported))
    laptop = str(tmp_path / "laptop.db")
    assert ok(cli, "--db", laptop, "import", str(exported)).endswith(
        "18 were added, 0 already here.\nJournal of changes (history): 9 were added, 0 already "
        "here.\n"
    )
    ok(cli, "--db", laptop, "med", "take", "alendronate", "--at", "2026-11-17 06:40")
    ok(cli, "--db", laptop, "lab", "add", "25ohd", "80nmol/L")
    back = tmp_path / "laptop.json"
    ok(cli, "--db", laptop, "export", "--out", str(back))
    assert ok(cli, "import", str(back), "--dry-run").endswith(
        "2 would be added, 18 already here.\nJournal of changes (history): 3 would be added, 9 "
        "already here.\nDry run: nothing was written.\n"
    )
    assert ok(cli, "import", str(back)).endswith(
        "2 were added, 18 already here.\nJournal of changes (history): 3 were added, 9 already "
        "here.\n"
    )
    mine = same_as_exported(cli, back)
    assert [e["medicine"] for e in mine["entries"]] == ["denosumab", "alendronate", "alendronate"]
    narrowed = json.loads(ok(cli, "export", "--kind", "food", "--from", "2026-03-28"))
    assert [(r["date"], r["import"]) for r in narrowed["dietary_intakes"]] == [
        ("2026-03-28", narrowed["imports"][0]["uid"])
    ] * 3


@pytest.mark.usefixtures("pg")
def test_medicines_and_labs_on_postgresql(cli: CliCall, frozen: Freeze) -> None:
    frozen("2026-11-23 08:00")  # a Monday
    ok(cli, "med", "add", "fosamax", "--from", "2026-11-02")
    ok(cli, "med", "add", "prolia", "--from", "2026-01-10")
    ok(cli, "med", "take", "denosumab", "--at", "2026-01-10")
    for day in ("2026-11-02", "2026-11-16"):
        ok(cli, "med", "take", "alendronate", "--at", f"{day} 06:30")
    taken = cli("med", "take", "alendronate", "--at", "07:00")
    assert taken.stderr == ""
    calcium = cli("log", "calcium", "500mg", "--at", "07:29")
    assert "calcium 29 minutes after Alendronate" in calcium.stderr
    again = cli("med", "take", "alendronate", "--at", "07:40")
    assert "a second Alendronate dose on 2026-11-23" in again.stderr
    listed = {m["medicine"]: m for m in json.loads(ok(cli, "med", "list", "--json"))}
    assert (listed["alendronate"]["last_dose"], listed["denosumab"]["next_due"]) == (
        "2026-11-23",
        "2026-07-10",
    )
    report = json.loads(ok(cli, "report", "--json"))
    found = {i["medicine"]: (i["met"], i["due"], i["longest_streak"]) for i in report["items"]}
    # denosumab: met in January, missed in July, both before the 30-day window
    assert found == {"alendronate": (3, 4, 2), "denosumab": (0, 0, 1)}
    assert [n["code"] for n in report["notices"]] == ["denosumab-late"]
    reminders = [r for r in json.loads(ok(cli, "remind", "--json")) if r["kind"] == "medicine"]
    assert [(r["medicine"], r["due"]) for r in reminders] == [("denosumab", "2026-07-10")]
    ok(cli, "lab", "add", "25ohd", "32ng/mL", "--date", "2026-05-01")
    ok(cli, "lab", "add", "25ohd", "80nmol/L")
    labs = json.loads(ok(cli, "lab", "list", "--json"))
    assert [(r["value"], r["unit"], r["change"]) for r in labs] == [
        (32.0, "ng/mL", None),
        (80.0, "nmol/L", "+0.128 nmol/L since 2026-05-01"),
    ]
    # A deleted result comes back with undo, as it was.
    ok(cli, "lab", "delete", str(labs[0]["id"]), "--yes")
    assert ok(cli, "undo", "--yes") == (
        "Undone (bonetrack lab delete 1 --yes): restored lab result #1 2026-05-01 25(OH)D "
        "32 ng/mL (79.87 nmol/L).\n"
    )
    assert json.loads(ok(cli, "lab", "list", "--json")) == labs


@pytest.mark.usefixtures("pg")
def test_imports_from_apple_health_and_fhir_on_postgresql(cli: CliCall, frozen: Freeze) -> None:
    """Keys and instants compare the same on timestamptz: a second import adds nothing."""
    frozen("2026-04-06 12:00")
    fixtures = Path(__file__).parent / "fixtures"
    export = str(fixtures / "apple_health" / "export.xml")
    first = ok(cli, "import", "--from", "apple-health", export)
    assert "food records (calcium, vitamin D, K)       11             1" in first
    again = ok(cli, "import", "--from", "apple-health", export)
    assert "food records (calcium, vitamin D, K)        0            12" in again
    assert "workouts (exercise)                         0             7" in again
    assert "falls (Apple Watch)                         0             1" in again
    sessions = json.loads(ok(cli, "entries", "--kind", "exercise", "--json"))
    assert [(e["local_date"], e["amount"]) for e in sessions][-2:] == [
        ("2026-03-29", 32.016667),
        ("2026-03-28", 45.5),
    ]
    report = str(fixtures / "fhir" / "dxa-report.json")
    assert "Added lumbar spine on 2024-03-14" in ok(cli, "scan", "import", report)
    assert "Already recorded: lumbar spine on 2024-03-14" in ok(cli, "scan", "import", report)
    # lab results: a value converted to its canonical unit matches the one stored
    portal = str(fixtures / "fhir" / "portal-bundle.json")
    assert "Added Serum calcium on 2022-10-20: 2.35 mmol/L" in ok(cli, "scan", "import", portal)
    again = ok(cli, "scan", "import", portal)
    assert "Already recorded: Serum calcium on 2022-10-20: 2.35 mmol/L" in again
    labs = json.loads(ok(cli, "lab", "list", "--json"))
    assert [(r["test"], r["canonical_value"], r["ref_low"], r["lab"], r["source"])
            for r in labs] == [
        ("25ohd", 79.872, 30.0, "Quest Diagnostics", "fhir"),
        ("inr", 2.4, 2.0, None, "fhir"),
        ("calcium", 9.4188, 2.15, "City Lab Central", "fhir"),
    ]  # fmt: skip


@pytest.mark.usefixtures("pg")
def test_pauses_on_postgresql(cli: CliCall, frozen: Freeze) -> None:
    frozen("2026-11-22 20:00")  # a Sunday
    ok(cli, "plan", "set", "k2", "180mcg", "--from", "2026-11-01")
    for day in range(1, 23):
        if not 10 <= day <= 16:
            ok(cli, "log", "k2", "180mcg", "--at", f"2026-11-{day:02d} 08:00")
    ok(cli, "med", "add", "fosamax", "--from", "2026-11-02")
    ok(cli, "med", "take", "alendronate", "--at", "2026-11-02 06:30")
    ok(cli, "pause", "--from", "2026-11-10", "--to", "2026-11-16", "--all", "--reason", "holiday")
    ok(cli, "pause", "--med", "alendronate", "--from", "2026-11-09", "--reason", "dentist")
    # the same item may not be paused twice on a day; the uid is the stable identity
    overlap = cli("pause", "--all", "--from", "2026-11-12")
    assert (overlap.exit_code, overlap.stderr.startswith("Error: Supplements and exercise")) == (
        2,
        True,
    )
    report = json.loads(ok(cli, "report", "--json"))
    found = {
        i.get("medicine", i["kind"]): (i["met"], i["due"], i["paused_days"])
        for i in report["items"]
    }
    # K2: the 7 holiday days are not due; alendronate: weeks of 9 and 16 Nov paused
    assert found == {"k2": (15, 15, 7), "alendronate": (1, 1, 14)}
    assert [(p["label"], p["to"], p["reason"]) for p in report["pauses"]] == [
        ("Alendronate", None, "dentist"),
        ("supplements and exercise", "2026-11-16", "holiday"),
    ]
    [row] = json.loads(ok(cli, "today", "--json"))["medicines"]
    assert row["paused"]["reason"] == "dentist"
    assert ok(cli, "pause", "resume", "--med", "alendronate", "--on", "2026-11-23") == (
        "Resumed Alendronate from 2026-11-23: pause #2 is now 2026-11-09 to 2026-11-22.\n"
    )
    ok(cli, "pause", "delete", "1", "--yes")
    listed = json.loads(ok(cli, "pause", "list", "--json"))
    assert [(p["id"], p["from"], p["to"]) for p in listed] == [(2, "2026-11-09", "2026-11-22")]


@pytest.mark.usefixtures("pg")
def test_pauses_move_between_postgresql_and_sqlite(
    cli: CliCall, frozen: Freeze, tmp_path: Path
) -> None:
    from tests.cli.test_export_pauses import record_pauses

    record_pauses(cli, frozen, tmp_path)  # on PostgreSQL
    exported = tmp_path / "pg.json"
    ok(cli, "export", "--out", str(exported))
    laptop = str(tmp_path / "laptop.db")
    assert "pauses                       4        0          0\n" in ok(
        cli, "--db", laptop, "import", str(exported)
    )
    ok(cli, "--db", laptop, "pause", "--kind", "calcium", "--from", "2026-11-21")
    back = tmp_path / "laptop.json"
    ok(cli, "--db", laptop, "export", "--out", str(back))
    assert "pauses                       1        4          0\n" in ok(cli, "import", str(back))
    assert same_as_exported(cli, back)


def test_day_totals_follow_every_write_on_postgresql(pg: str) -> None:
    """The triggers of migration 0011 in PL/pgSQL: the same writes as on SQLite
    (tests/store/test_intake_days.py), each sequence checked and rolled back."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from bonetrack.store.engine import open_database
    from tests.store.test_intake_days import DAYS, ROWS, check_operations, operation

    db = open_database(pg)
    try:
        check_operations(db, [("insert", ROWS[2], DAYS[1], 30.0), ("update", 0, ROWS[5], DAYS[2],
                                                                   70.0)])  # fmt: skip

        @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
        @given(operations=st.lists(operation, max_size=25))
        def writes(operations: list[tuple[Any, ...]]) -> None:
            check_operations(db, operations)

        writes()
    finally:
        db.close()
