"""Upgrading a populated database from every earlier revision keeps every row.

Each revision that changes data in an upgrade gets its expectations here, on
SQLite and (when the server binaries are installed) PostgreSQL.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Connection, text
from sqlalchemy.exc import IntegrityError

from bonetrack.store import migrate
from bonetrack.store.engine import create_engine_for, open_database
from bonetrack.store.location import resolve

# One row per table as revision 0001 defined them, written with plain SQL so the
# fixture does not change when the models do.
ROWS_0001 = (
    "INSERT INTO intakes (kind, amount, input_amount, input_unit, taken_at, utc_offset_min, "
    "local_date, created_at, source) VALUES ('k2', 180, 180, 'mcg', '2026-11-22 07:00:00', 60, "
    "'2026-11-22', '2026-11-22 07:00:00', 'cli')",
    "INSERT INTO intakes (kind, amount, input_amount, input_unit, note, taken_at, utc_offset_min, "
    "local_date, created_at, source) VALUES ('calcium', 500, 0.5, 'g', 'with, \"dinner\" é', "
    "'2026-11-22 18:00:00', 60, '2026-11-22', '2026-11-22 18:00:00', 'cli')",
    "INSERT INTO plans (kind, exercise_type, amount, per, times, form, valid_from, active, "
    "created_at) VALUES ('k2', NULL, 180, 'day', NULL, 'mk7', '2026-01-01', TRUE, "
    "'2026-01-01 07:00:00')",
    "INSERT INTO scans (scan_date, site, bmd, t_score, z_score, machine, facility, note, "
    "created_at) VALUES ('2025-03-14', 'lumbar-spine', 0.812, -1.8, -0.9, 'Hologic', NULL, NULL, "
    "'2025-03-15 10:00:00')",
    "INSERT INTO events (kind, occurred_at, utc_offset_min, local_date, site, severity, note, "
    "created_at, source) VALUES ('fracture', '1975-02-01 12:00:00', 60, '1975-02-01', 'wrist', "
    "NULL, 'skiing', '2026-11-01 10:00:00', 'cli')",
    "INSERT INTO events (kind, occurred_at, utc_offset_min, local_date, site, severity, note, "
    "created_at, source) VALUES ('fall', '2026-10-01 12:00:00', 120, '2026-10-01', NULL, "
    "NULL, NULL, '2026-10-01 10:00:00', 'cli')",
    "INSERT INTO settings (key, value, updated_at) VALUES ('profile.anticoagulant', 'vka', "
    "'2026-06-10 09:00:00')",
    "INSERT INTO settings (key, value, updated_at) VALUES ('profile.birth_year', '1958', "
    "'2026-06-10 09:00:00')",
)

TABLES_0001 = ("intakes", "plans", "scans", "events", "settings")


def build_at(url: str, revision: str, rows: tuple[str, ...]) -> None:
    from alembic import command

    config = migrate.alembic_config()
    engine = create_engine_for(resolve(url))
    with engine.connect() as conn, conn.begin():
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
        for statement in rows:
            conn.execute(text(statement))
    engine.dispose()


def _counts(conn: Connection, tables: tuple[str, ...]) -> dict[str, int]:
    return {t: int(conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()) for t in tables}


def _check_0002(conn: Connection) -> None:
    fragility = conn.execute(text("SELECT kind, fragility FROM events ORDER BY id")).all()
    # An old fracture becomes "unknown", never "yes"; other events have none.
    assert [tuple(r) for r in fragility] == [("fracture", "unknown"), ("fall", None)]
    history = conn.execute(text("SELECT status, drug, valid_from FROM anticoagulant_history"))
    # SQLite hands a raw text query's dates back as text, PostgreSQL as dates.
    assert [(r[0], r[1], str(r[2])) for r in history] == [("vka", None, "2026-06-10")]
    assert _counts(conn, ("heights",)) == {"heights": 0}
    # the profile's anticoagulant moved from the settings into its history
    keys = conn.execute(text("SELECT key FROM settings ORDER BY key")).scalars().all()
    assert keys == ["profile.birth_year"]


def _check_0003(conn: Connection) -> None:
    # `entries` reads the newest rows off the new index instead of sorting the table.
    newest = text("SELECT id, kind FROM intakes ORDER BY taken_at DESC, id DESC LIMIT 20")
    if conn.dialect.name == "sqlite":
        plan = " ".join(str(row[-1]) for row in conn.execute(text(f"EXPLAIN QUERY PLAN {newest}")))
        assert plan == "SCAN intakes USING INDEX ix_intakes_taken_at_id"
    assert [tuple(row) for row in conn.execute(newest)] == [(2, "calcium"), (1, "k2")]


def _check_0004(conn: Connection) -> None:
    # notes start empty; a question for the visit is open (no done_on) by default
    assert _counts(conn, ("notes",)) == {"notes": 0}
    # From 0005 on, every row has a uid (the Core column's default, not SQL's).
    uid = (
        ("uid, ", "'8e0c1f3a-2b4d-4c6e-9f10-1a2b3c4d5e6f', ")
        if int(migrate.HEAD_REVISION) >= 5
        else ("", "")
    )
    conn.execute(
        text(
            f"INSERT INTO notes ({uid[0]}text, written_on, created_at) "
            f"VALUES ({uid[1]}'Is my vitamin D dose right?', '2026-11-24', '2026-11-24 09:00:00')"
        )
    )
    row = conn.execute(text("SELECT text, for_visit, done_on, source FROM notes")).one()
    assert (row[0], bool(row[1]), row[2], row[3]) == (
        "Is my vitamin D dose right?",
        False,
        None,
        "cli",
    )
    conn.rollback()


UID_TABLES = (
    "intakes",
    "plans",
    "scans",
    "events",
    "heights",
    "anticoagulant_history",
    "notes",
)


def _check_0005(conn: Connection) -> None:
    """Every row of every row table got its own UUID; nothing else changed."""
    uids: list[str] = []
    for table in UID_TABLES:
        uids += [str(row[0]) for row in conn.execute(text(f"SELECT uid FROM {table}"))]
    # 2 intakes, 1 plan, 1 scan, 2 events, 0 heights, 1 anticoagulant change (from 0002),
    # 0 notes
    assert len(uids) == 7
    assert all(str(uuid.UUID(u)) == u for u in uids)
    assert len(set(uids)) == len(uids)
    note = conn.execute(text("SELECT note FROM intakes WHERE kind = 'calcium'")).scalar_one()
    assert note == 'with, "dinner" é'


def _check_0006(conn: Connection) -> None:
    # Existing entries are supplements and exercise: no medicine; the new tables are empty.
    rows = conn.execute(text("SELECT kind, medicine FROM intakes ORDER BY id"))
    assert [tuple(r) for r in rows] == [("k2", None), ("calcium", None)]
    assert _counts(conn, ("medicines", "lab_results")) == {"medicines": 0, "lab_results": 0}
    # A schedule and a lab result can be stored, each with its uid (the 0005 convention).
    conn.execute(
        text(
            "INSERT INTO medicines (uid, name, dose, every_count, every_unit, weekday, route, "
            "fasting_min, valid_from, active, created_at) VALUES "
            "('0b7d2c7e-5d5c-4f1e-8f5e-2f1f0c3b9a10', 'alendronate', 70000, 1, 'week', 0, "
            "'oral', 30, '2026-11-01', TRUE, '2026-11-01 08:00:00')"
        )
    )
    conn.execute(
        text(
            "INSERT INTO lab_results (uid, test, value, unit, input_value, input_unit, taken_on, "
            "created_at, source) VALUES ('6c1d6a52-8d0e-4b7a-9d63-0e0c2f6f2b11', '25ohd', "
            "79.872, 'nmol/L', 32, 'ng/mL', '2026-11-01', '2026-11-01 08:00:00', 'cli')"
        )
    )
    assert _counts(conn, ("medicines", "lab_results")) == {"medicines": 1, "lab_results": 1}
    conn.rollback()


def _check_0007(conn: Connection) -> None:
    # New tables for food from other apps: empty, nothing else changed.
    from sqlalchemy import inspect

    columns = {c["name"] for c in inspect(conn).get_columns("dietary_intakes")}
    assert columns == {
        "id",
        "uid",
        "local_date",
        "nutrient",
        "amount",
        "source",
        "source_app",
        "record_key",
        "import_id",
    }
    assert _counts(conn, ("imports", "dietary_intakes")) == {"imports": 0, "dietary_intakes": 0}
    unique = inspect(conn).get_unique_constraints("dietary_intakes")
    assert sorted(u["column_names"] for u in unique) == [["source", "record_key"], ["uid"]]
    # each row has a uid, as every row table does since 0005
    assert [u["column_names"] for u in inspect(conn).get_unique_constraints("imports")] == [["uid"]]


def _check_0008(conn: Connection) -> None:
    # A new, empty table; a pause that ends before it starts is refused by the database too.
    from sqlalchemy import inspect

    assert _counts(conn, ("pauses",)) == {"pauses": 0}
    # each row has a uid, as every row table does since 0005
    assert [u["column_names"] for u in inspect(conn).get_unique_constraints("pauses")] == [["uid"]]
    conn.execute(
        text(
            "INSERT INTO pauses (uid, target, first_day, last_day, reason, created_at) VALUES "
            "('3f2b8a0e-1c4d-4e7f-9a2b-5c6d7e8f9a01', 'all', '2026-08-01', '2026-08-14', "
            "'holiday', '2026-07-30 10:00:00')"
        )
    )
    rows = conn.execute(text("SELECT uid, target, first_day, last_day, reason, source FROM pauses"))
    assert [(r[0], r[1], str(r[2]), str(r[3]), r[4], r[5]) for r in rows] == [
        ("3f2b8a0e-1c4d-4e7f-9a2b-5c6d7e8f9a01", "all", "2026-08-01", "2026-08-14", "holiday",
         "cli")
    ]  # fmt: skip
    with pytest.raises(IntegrityError), conn.begin_nested():
        conn.execute(
            text(
                "INSERT INTO pauses (uid, target, first_day, last_day, created_at) VALUES "
                "('9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d', 'k2', '2026-08-14', '2026-08-01', "
                "'2026-07-30 10:00:00')"
            )
        )
    with pytest.raises(IntegrityError), conn.begin_nested():  # a uid is unique
        conn.execute(
            text(
                "INSERT INTO pauses (uid, target, first_day, created_at) VALUES "
                "('3f2b8a0e-1c4d-4e7f-9a2b-5c6d7e8f9a01', 'k2', '2026-09-01', "
                "'2026-08-30 10:00:00')"
            )
        )
    conn.rollback()


def _check_0009(conn: Connection) -> None:
    from sqlalchemy import inspect

    # The journal starts empty: changes made before it are not in it, and undo says so.
    assert _counts(conn, ("changes", "change_rows")) == {"changes": 0, "change_rows": 0}
    # Both tables have a uid (exported with the data); a change names the import that
    # brought it from another device.
    columns = {
        t: [c["name"] for c in inspect(conn).get_columns(t)] for t in ("changes", "change_rows")
    }
    assert columns == {
        "changes": ["id", "uid", "made_at", "command", "undone_at", "imported_in"],
        "change_rows": ["id", "uid", "change_id", "table_name", "row_key", "action", "before",
                        "after"],
    }  # fmt: skip
    # ...and records the first change made after the upgrade.
    from bonetrack.store import journal
    from bonetrack.store.schema import settings

    savepoint = conn.begin_nested()
    with journal.change(conn) as rec:
        rec.update(settings, "profile.birth_year", {"value": "1959"})
    rows = conn.execute(text("SELECT table_name, row_key, action, before FROM change_rows"))
    assert [tuple(r) for r in rows] == [
        ("settings", "profile.birth_year", "update",
         '{"key": "profile.birth_year", "updated_at": "2026-06-10T09:00:00+00:00", '
         '"value": "1958"}')
    ]  # fmt: skip
    savepoint.rollback()


def _check_0010(conn: Connection) -> None:
    # A day's totals of one kind come off the new index alone, the old index is gone,
    # and the entries are all still there.
    totals = text(
        "SELECT local_date, sum(amount), count(*) FROM intakes WHERE kind = 'k2' "
        "AND local_date >= '2026-01-01' AND local_date <= '2026-12-31' GROUP BY local_date"
    )
    if conn.dialect.name == "sqlite":
        plan = " ".join(str(row[-1]) for row in conn.execute(text(f"EXPLAIN QUERY PLAN {totals}")))
        assert plan == (
            "SEARCH intakes USING COVERING INDEX ix_intakes_kind_local_date_exercise_type_amount "
            "(kind=? AND local_date>? AND local_date<?)"
        )
    from sqlalchemy import inspect

    indexes = {i["name"]: i["column_names"] for i in inspect(conn).get_indexes("intakes")}
    assert indexes["ix_intakes_kind_local_date_exercise_type_amount"] == [
        "kind",
        "local_date",
        "exercise_type",
        "amount",
    ]
    assert "ix_intakes_kind_local_date" not in indexes
    assert [(str(r[0]), float(r[1]), r[2]) for r in conn.execute(totals)] == [
        ("2026-11-22", 180.0, 1)
    ]


def _check_0011(conn: Connection) -> None:
    from datetime import date

    # The day totals are filled from the entries there were...
    days = text(
        "SELECT kind, item, local_date, day, amount, entries FROM intake_days "
        "ORDER BY kind, item, local_date"
    )

    def rows() -> list[tuple[str, str, str, int, float, int]]:
        return [(r[0], r[1], str(r[2]), r[3], float(r[4]), r[5]) for r in conn.execute(days)]

    day = date(2026, 11, 22).toordinal()
    assert rows() == [("calcium", "", "2026-11-22", day, 500.0, 1), ("k2", "", "2026-11-22", day,
                                                                        180.0, 1)]  # fmt: skip
    # ...and kept by the triggers, whatever writes the entries.
    savepoint = conn.begin_nested()
    insert = text(
        "INSERT INTO intakes (uid, kind, amount, input_amount, input_unit, exercise_type, "
        "taken_at, utc_offset_min, local_date, created_at, source) VALUES (:uid, :kind, :amount, "
        ":amount, 'x', :type, '2026-11-22 07:00:00', 60, :day, '2026-11-22 07:00:00', 'cli')"
    )
    for kind, amount, kind_type, on in (("k2", 90, None, "2026-11-22"),
                                        ("exercise", 30, "strength", "2026-11-22"),
                                        ("exercise", 15, None, "2026-11-23")):  # fmt: skip
        conn.execute(
            insert,
            {"uid": str(uuid.uuid4()), "kind": kind, "amount": amount, "type": kind_type,
             "day": date.fromisoformat(on)},
        )  # fmt: skip
    conn.execute(text("UPDATE intakes SET amount = 600 WHERE kind = 'calcium'"))
    conn.execute(text("DELETE FROM intakes WHERE kind = 'k2' AND amount = 180"))
    assert rows() == [
        ("calcium", "", "2026-11-22", day, 600.0, 1),
        ("exercise", "", "2026-11-23", day + 1, 15.0, 1),
        ("exercise", "strength", "2026-11-22", day, 30.0, 1),
        ("k2", "", "2026-11-22", day, 90.0, 1),
    ]
    conn.execute(text("UPDATE intakes SET local_date = :day WHERE kind = 'calcium'"),
                 {"day": date(2026, 11, 23)})  # fmt: skip
    conn.execute(text("DELETE FROM intakes WHERE kind = 'exercise'"))
    assert rows() == [
        ("calcium", "", "2026-11-23", day + 1, 600.0, 1),
        ("k2", "", "2026-11-22", day, 90.0, 1),
    ]
    savepoint.rollback()


CHECKS: dict[str, Callable[[Connection], None]] = {
    "0002": _check_0002,
    "0003": _check_0003,
    "0004": _check_0004,
    "0005": _check_0005,
    "0006": _check_0006,
    "0007": _check_0007,
    "0008": _check_0008,
    "0009": _check_0009,
    "0010": _check_0010,
    "0011": _check_0011,
}


def earlier_revisions() -> list[str]:
    """Every revision before the head, oldest first."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config())
    revisions = sorted(rev.revision for rev in script.walk_revisions())
    return [r for r in revisions if r != migrate.HEAD_REVISION]


def upgrade_keeps_everything(url: str, start: str = "0001") -> None:
    """Rows written at 0001, the database brought to `start`, then opened as a user would."""
    build_at(url, "0001", ROWS_0001)
    if start != "0001":
        build_at(url, start, ())
    engine = create_engine_for(resolve(url))
    with engine.connect() as conn:
        before = _counts(conn, TABLES_0001)
    engine.dispose()
    db = open_database(url)  # what a user's first command does
    with db.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == (
            migrate.HEAD_REVISION
        )
        after = _counts(conn, TABLES_0001)
        moved = {"settings": 1} if int(start) < 2 <= int(migrate.HEAD_REVISION) else {}
        assert {t: n + moved.get(t, 0) for t, n in after.items()} == before
        for revision, check in CHECKS.items():
            if int(revision) <= int(migrate.HEAD_REVISION):
                check(conn)
    db.close()


@pytest.mark.parametrize("start", earlier_revisions())
def test_upgrade_from_every_earlier_revision_on_sqlite(tmp_path: Path, start: str) -> None:
    path = tmp_path / "old.db"
    path.touch(mode=0o600)
    upgrade_keeps_everything(str(path), start)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    backups = list(tmp_path.glob(f"old.db.backup-*-schema-{start}"))
    assert len(backups) == 1


def test_every_revision_has_its_upgrade_check() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config())
    revisions = {rev.revision for rev in script.walk_revisions()}
    assert revisions - {"0001"} == set(CHECKS)


def test_two_backups_in_one_second_are_both_kept(tmp_path: Path) -> None:
    """An upgrade killed after its copy, run again within the same second, copies again."""
    import time_machine

    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    with time_machine.travel("2026-11-23 10:00:00+00:00", tick=False):
        first = migrate.backup(path, "0001")
        second = migrate.backup(path, "0001")
    assert (first.name, second.name) == (
        "old.db.backup-20261123T100000Z-schema-0001",
        "old.db.backup-20261123T100000Z-2-schema-0001",
    )
    assert oct(second.stat().st_mode & 0o777) == "0o600"
