"""Lab results (the `lab_results` table), with SQLAlchemy Core."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from bonetrack.domain.labs import INR_K2_DAYS, K2Beside, LabResult
from bonetrack.store import journal
from bonetrack.store.filters import bindable_id
from bonetrack.store.schema import lab_results

if TYPE_CHECKING:
    from sqlalchemy import Connection, Row

    from bonetrack.domain.profile import Profile
    from bonetrack.domain.summary import LabLine
    from bonetrack.store.engine import Database


def _result(row: Row[Any]) -> LabResult:
    return lab_result(row._mapping)


def lab_result(m: Mapping[Any, Any]) -> LabResult:
    """A stored lab result row (its columns by name) as a result."""
    return LabResult(
        id=m["id"],
        test=m["test"],
        value=float(m["value"]),
        unit=m["unit"],
        input_value=float(m["input_value"]),
        input_unit=m["input_unit"],
        taken_on=m["taken_on"],
        ref_low=None if m["ref_low"] is None else float(m["ref_low"]),
        ref_high=None if m["ref_high"] is None else float(m["ref_high"]),
        lab=m["lab"],
        note=m["note"],
        source=m["source"],
    )


def values(result: LabResult) -> dict[str, Any]:
    return {
        "test": result.test,
        "value": result.value,
        "unit": result.unit,
        "input_value": result.input_value,
        "input_unit": result.input_unit,
        "taken_on": result.taken_on,
        "ref_low": result.ref_low,
        "ref_high": result.ref_high,
        "lab": result.lab,
        "note": result.note,
        "source": result.source,
        "created_at": datetime.now(UTC),
    }


def insert_lab_results(conn: Connection, results: Sequence[LabResult]) -> None:
    """Insert inside the caller's transaction (ids are given by the database); recorded in
    the journal when the caller opened a change."""
    journal.insert_rows(conn, lab_results, [values(r) for r in results])


def merge_lab_results(
    conn: Connection, results: Sequence[LabResult], *, write: bool
) -> list[LabResult]:
    """Store the results not stored yet (the same test, day and value), inside the caller's
    transaction; the ones stored. An import run twice adds nothing; `write=False`: count only."""
    from sqlalchemy import select

    if not results:
        return []
    days = sorted({r.taken_on for r in results})
    query = select(lab_results.c.test, lab_results.c.taken_on, lab_results.c.value).where(
        lab_results.c.taken_on.in_(days)
    )
    stored = {(t, d, round(float(v), 6)) for t, d, v in conn.execute(query)}
    new = [r for r in results if (r.test, r.taken_on, round(r.value, 6)) not in stored]
    if write:
        insert_lab_results(conn, new)
    return new


def add_lab_result(db: Database, result: LabResult) -> LabResult:
    """`lab add`: a change of its own in the journal."""
    return _result(journal.add_row(db, lab_results, values(result)))


def list_lab_results(db: Database, test: str | None = None) -> list[LabResult]:
    """Oldest first (by date, then as stored)."""
    from sqlalchemy import select

    query = select(lab_results).order_by(lab_results.c.taken_on, lab_results.c.id)
    if test is not None:
        query = query.where(lab_results.c.test == test)
    with db.connect() as conn:
        return [_result(row) for row in conn.execute(query)]


def get_lab_result(db: Database, result_id: int) -> LabResult | None:
    from sqlalchemy import select

    if not bindable_id(result_id):
        return None
    with db.connect() as conn:
        row = conn.execute(select(lab_results).where(lab_results.c.id == result_id)).first()
    return None if row is None else _result(row)


def delete_lab_result(db: Database, result_id: int) -> bool:
    if not bindable_id(result_id):
        return False
    return journal.delete_rows(db, lab_results, lab_results.c.id == result_id) > 0


def k2_beside_inr(
    db: Database, results: Sequence[LabResult], profile: Profile
) -> dict[int, K2Beside]:
    """For INR results on days a vitamin K antagonist was in force: the K2 taken in the
    INR_K2_DAYS days up to the test (one GROUP BY query over the days needed)."""
    from bonetrack.store.reports import daily_totals

    inr = [r for r in results if r.test == "inr" and profile.on_vka_on(r.taken_on)]
    if not inr:
        return {}
    span = timedelta(days=INR_K2_DAYS - 1)
    first = min(r.taken_on for r in inr) - span
    last = max(r.taken_on for r in inr)
    k2 = daily_totals(db, ["k2"], first, last).get(("k2", None), {})
    found: dict[int, K2Beside] = {}
    for result in inr:
        days: list[date] = [result.taken_on - timedelta(days=i) for i in range(INR_K2_DAYS)]
        taken = [k2[d] for d in days if d in k2]
        found[result.id] = K2Beside(INR_K2_DAYS, round(sum(t.amount for t in taken), 6), len(taken))
    return found


def summary_labs(db: Database, end: date) -> tuple[LabLine, ...]:
    """The visit summary's labs: each test's latest result on or before `end`, 25(OH)D with
    its IOM 2011 band and cut-points, others with the lab's (or prescriber's) range."""
    from bonetrack.domain.labs import trends
    from bonetrack.domain.summary import LabLine

    lines: list[LabLine] = []
    for trend in trends([r for r in list_lab_results(db) if r.taken_on <= end]):
        latest = trend.latest
        band = latest.band()
        lines.append(
            LabLine(
                test=latest.test_info.label,
                value=latest.shown(),
                measured_on=latest.taken_on,
                band=None if band is None else f"{band.text} ({band.cut_points})",
                reference_range=latest.range_text() or None,
                source=None if band is None else band.source,
            )
        )
    return tuple(lines)
