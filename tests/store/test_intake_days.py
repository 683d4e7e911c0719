"""`intake_days`, kept by the database's triggers, is always what summing the entries per item
and local day gives, whatever sequence of inserts, updates and deletes wrote them.

The same check runs on PostgreSQL in tests/test_postgres.py.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, text

from bonetrack.store.engine import Database, open_database

DAYS = [date(2024, 2, 28), date(2024, 2, 29), date(2024, 3, 1), date(2026, 11, 22)]
# (kind, exercise type, medicine): what a row of each kind can hold
ROWS = [
    ("k2", None, None),
    ("calcium", None, None),
    ("exercise", "strength", None),
    ("exercise", "balance", None),
    ("exercise", None, None),
    ("medicine", None, "alendronate"),
    ("medicine", None, "denosumab"),
]
# Sums of these are exact in binary floating point: the comparison can be exact too.
AMOUNTS = [0.5, 1.0, 12.5, 180.0, 500.0]

operation = st.one_of(
    st.tuples(
        st.just("insert"), st.sampled_from(ROWS), st.sampled_from(DAYS), st.sampled_from(AMOUNTS)
    ),
    st.tuples(
        st.just("update"),
        st.integers(0, 50),
        st.sampled_from(ROWS),
        st.sampled_from(DAYS),
        st.sampled_from(AMOUNTS),
    ),
    st.tuples(st.just("amount"), st.integers(0, 50), st.sampled_from(AMOUNTS)),
    st.tuples(st.just("delete"), st.integers(0, 50)),
)

INSERT = text(
    "INSERT INTO intakes (uid, kind, amount, input_amount, input_unit, exercise_type, medicine, "
    "taken_at, utc_offset_min, local_date, created_at, source) VALUES (:uid, :kind, :amount, "
    ":amount, 'x', :type, :medicine, '2026-11-22 07:00:00', 0, :day, '2026-11-22 07:00:00', "
    "'test')"
)


def apply(conn: Connection, operations: Sequence[tuple[Any, ...]]) -> None:
    for op in operations:
        ids = [row[0] for row in conn.execute(text("SELECT id FROM intakes ORDER BY id"))]
        if op[0] == "insert":
            _, (kind, kind_type, medicine), day, amount = op
            conn.execute(INSERT, {"uid": str(uuid.uuid4()), "kind": kind, "amount": amount,
                                  "type": kind_type, "medicine": medicine, "day": day})  # fmt: skip
        elif not ids:
            continue
        elif op[0] == "update":  # moved to another item and day
            _, n, (kind, kind_type, medicine), day, amount = op
            conn.execute(
                text(
                    "UPDATE intakes SET kind = :kind, exercise_type = :type, medicine = :medicine, "
                    "local_date = :day, amount = :amount WHERE id = :id"
                ),
                {"kind": kind, "type": kind_type, "medicine": medicine, "day": day,
                 "amount": amount, "id": ids[n % len(ids)]},
            )  # fmt: skip
        elif op[0] == "amount":
            conn.execute(
                text("UPDATE intakes SET amount = :amount WHERE id = :id"),
                {"amount": op[2], "id": ids[op[1] % len(ids)]},
            )
        else:
            conn.execute(text("DELETE FROM intakes WHERE id = :id"), {"id": ids[op[1] % len(ids)]})


def expected_days(conn: Connection) -> list[tuple[str, str, str, int, float, int]]:
    """The entries summed per (kind, item, local day), in Python."""
    totals: dict[tuple[str, str, str], tuple[float, int]] = {}
    entries = conn.execute(
        text("SELECT kind, exercise_type, medicine, local_date, amount FROM intakes")
    )
    for kind, kind_type, medicine, day, amount in entries:
        item = (kind_type if kind == "exercise" else medicine if kind == "medicine" else "") or ""
        key = (kind, item, str(day))
        total, count = totals.get(key, (0.0, 0))
        totals[key] = (total + float(amount), count + 1)
    return sorted(
        (kind, item, day, date.fromisoformat(day).toordinal(), total, count)
        for (kind, item, day), (total, count) in totals.items()
    )


def stored_days(conn: Connection) -> list[tuple[str, str, str, int, float, int]]:
    rows = conn.execute(
        text("SELECT kind, item, local_date, day, amount, entries FROM intake_days")
    )
    return sorted((r[0], r[1], str(r[2]), r[3], float(r[4]), r[5]) for r in rows)


def check_operations(database: Database, operations: Sequence[tuple[Any, ...]]) -> None:
    """Apply `operations` in a transaction, compare, and roll back (the next example starts
    from the same entries)."""
    with database.connect() as conn:
        transaction = conn.begin()
        try:
            apply(conn, operations)
            assert stored_days(conn) == expected_days(conn)
        finally:
            transaction.rollback()


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    path: Path = tmp_path_factory.mktemp("intake-days") / "bonetrack.db"
    found = open_database(str(path))
    yield found
    found.close()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations=st.lists(operation, max_size=25))
def test_day_totals_follow_every_write_on_sqlite(
    database: Database, operations: list[tuple[Any, ...]]
) -> None:
    check_operations(database, operations)


def test_a_day_whose_last_entry_goes_has_no_row(database: Database) -> None:
    with database.connect() as conn:
        transaction = conn.begin()
        try:
            apply(conn, [("insert", ROWS[0], DAYS[1], 180.0), ("insert", ROWS[0], DAYS[1], 0.5)])
            assert stored_days(conn) == [("k2", "", "2024-02-29", DAYS[1].toordinal(), 180.5, 2)]
            apply(conn, [("delete", 0), ("delete", 0)])
            assert stored_days(conn) == []
        finally:
            transaction.rollback()
