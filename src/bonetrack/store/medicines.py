"""Medicine schedules (the `medicines` table) and medicine doses (intakes of kind
'medicine'), with SQLAlchemy Core."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from bonetrack.domain.medicines import Every, MedicineVersion
from bonetrack.store import journal
from bonetrack.store.schema import intakes, medicines

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from bonetrack.domain.adherence import DayTotal
    from bonetrack.store.engine import Database

MEDICINE = "medicine"  # the intakes kind of a dose


def _values(version: MedicineVersion, created_at: datetime) -> dict[str, Any]:
    return {**version.columns(), "created_at": created_at}


def insert_medicine_versions(conn: Connection, versions: Sequence[MedicineVersion]) -> None:
    """Insert inside the caller's transaction, in order (later rows win on the same day);
    recorded in the journal when the caller opened a change."""
    now = datetime.now(UTC)
    journal.insert_rows(conn, medicines, [_values(v, now) for v in versions])


def add_medicine_versions(db: Database, versions: Sequence[MedicineVersion]) -> None:
    """`med add`, `edit`, `stop`: one change in the journal (`bonetrack undo` takes it back)."""
    with db.begin() as conn, journal.change(conn):
        insert_medicine_versions(conn, versions)


def list_medicine_versions(db: Database, name: str | None = None) -> list[MedicineVersion]:
    """All schedule versions (of one medicine, if given), by valid_from, then as stored."""
    from sqlalchemy import select

    m = medicines.c
    query = select(
        m.name,
        m.dose,
        m.every_count,
        m.every_unit,
        m.weekday,
        m.route,
        m.fasting_min,
        m.valid_from,
        m.active,
    ).order_by(m.valid_from, m.id)
    if name is not None:
        query = query.where(m.name == name)
    with db.connect() as conn:
        rows = conn.execute(query).all()
    return [medicine_version(row._mapping) for row in rows]


def medicine_version(row: Mapping[Any, Any]) -> MedicineVersion:
    """A stored schedule row (its columns by name) as a version."""
    return MedicineVersion(
        name=row["name"],
        dose_mcg=None if row["dose"] is None else float(row["dose"]),
        every=Every(int(row["every_count"]), row["every_unit"]),
        weekday=row["weekday"],
        route=row["route"],
        fasting_min=row["fasting_min"],
        valid_from=row["valid_from"],
        active=bool(row["active"]),
    )


def dose_day_totals(
    db: Database, names: Sequence[str] | None = None, date_from: date | None = None
) -> dict[str, dict[date, DayTotal]]:
    """Per medicine and local day: the summed dose (µg) and the number of doses."""
    from sqlalchemy import func, select

    from bonetrack.domain.adherence import DayTotal

    c = intakes.c
    query = (
        select(c.medicine, c.local_date, func.sum(c.amount), func.count())
        .where(c.kind == MEDICINE)
        .group_by(c.medicine, c.local_date)
    )
    if names is not None:
        query = query.where(c.medicine.in_(list(names)))
    if date_from is not None:
        query = query.where(c.local_date >= date_from)
    result: dict[str, dict[date, DayTotal]] = {}
    with db.connect() as conn:
        for name, day, amount, count in conn.execute(query):
            result.setdefault(name, {})[day] = DayTotal(float(amount), int(count))
    return result


def dose_days(db: Database, name: str, date_from: date, date_to: date) -> list[date]:
    """The local days with a dose of `name` from `date_from` to `date_to`."""
    from sqlalchemy import select

    c = intakes.c
    query = (
        select(c.local_date)
        .where(
            c.kind == MEDICINE,
            c.medicine == name,
            c.local_date >= date_from,
            c.local_date <= date_to,
        )
        .distinct()
        .order_by(c.local_date)
    )
    with db.connect() as conn:
        return list(conn.execute(query).scalars())


def dose_days_since(db: Database, name: str, day: date) -> list[date]:
    """The local days with a dose of `name` from the last one before `day` (or `day`) on:
    what judging a schedule per due dose from `day` needs (`domain.medicine_schedule`)."""
    from sqlalchemy import func, or_, select

    c = intakes.c
    mine = (c.kind == MEDICINE) & (c.medicine == name)
    before = select(func.max(c.local_date)).where(mine, c.local_date < day).scalar_subquery()
    query = (
        select(c.local_date)
        .where(mine, or_(c.local_date >= day, c.local_date == before))
        .distinct()
        .order_by(c.local_date)
    )
    with db.connect() as conn:
        return list(conn.execute(query).scalars())


def doses_between(
    db: Database, start: datetime, end: datetime, names: Sequence[str]
) -> list[tuple[str, datetime, int]]:
    """(medicine, taken_at, id) of doses of `names` taken strictly between two instants."""
    from sqlalchemy import select

    c = intakes.c
    query = (
        select(c.medicine, c.taken_at, c.id)
        .where(
            c.kind == MEDICINE,
            c.medicine.in_(list(names)),
            c.taken_at > start,
            c.taken_at < end,
        )
        .order_by(c.taken_at)
    )
    with db.connect() as conn:
        return [(str(r[0]), r[1], int(r[2])) for r in conn.execute(query)]


def doses_on_days(db: Database, first: date, last: date) -> list[tuple[str, datetime, date]]:
    """(medicine, taken_at, local day) of every medicine dose from `first` to `last`."""
    from sqlalchemy import select

    c = intakes.c
    query = (
        select(c.medicine, c.taken_at, c.local_date)
        .where(c.kind == MEDICINE, c.local_date >= first, c.local_date <= last)
        .order_by(c.taken_at)
    )
    with db.connect() as conn:
        return [(str(r[0]), r[1], r[2]) for r in conn.execute(query)]


def calcium_on_days(db: Database, days: Sequence[date]) -> list[datetime]:
    """When calcium was taken on those local days."""
    from sqlalchemy import select

    if not days:
        return []
    c = intakes.c
    query = select(c.taken_at).where(c.kind == "calcium", c.local_date.in_(list(days)))
    with db.connect() as conn:
        return list(conn.execute(query.order_by(c.taken_at)).scalars())


def calcium_between(db: Database, start: datetime, end: datetime) -> list[datetime]:
    """When calcium was taken strictly between two instants."""
    from sqlalchemy import select

    c = intakes.c
    query = (
        select(c.taken_at)
        .where(c.kind == "calcium", c.taken_at > start, c.taken_at < end)
        .order_by(c.taken_at)
    )
    with db.connect() as conn:
        return list(conn.execute(query).scalars())


def week_dose_days(db: Database, name: str, day: date, exclude_id: int) -> list[date]:
    """Days of the other doses of `name` in the ISO week of `day`."""
    from sqlalchemy import select

    monday = day - timedelta(days=day.weekday())
    c = intakes.c
    query = select(c.local_date).where(
        c.kind == MEDICINE,
        c.medicine == name,
        c.local_date >= monday,
        c.local_date <= monday + timedelta(days=6),
        c.id != exclude_id,
    )
    with db.connect() as conn:
        return sorted(conn.execute(query).scalars())


def last_dose_days(db: Database, today: date) -> dict[str, tuple[date, date]]:
    """Per medicine: (first, last) local day with a dose, up to today."""
    from sqlalchemy import String, bindparam, text

    # From the day totals the database keeps (`intake_days`: a row per medicine and day with
    # a dose), not the entries, whose medicine is read row by row: at 100 years of weekly
    # doses this was 2 ms a call, and the report calls it three times.
    day = intakes.c.local_date.type
    query = (
        text(
            "SELECT item AS medicine, min(local_date) AS first, max(local_date) AS last "
            "FROM intake_days WHERE kind = :kind AND local_date <= :today GROUP BY item"
        )
        .bindparams(bindparam("kind", type_=String()), bindparam("today", type_=day))
        .columns(medicine=String(), first=day, last=day)
    )
    with db.connect() as conn:
        rows = conn.execute(query, {"kind": MEDICINE, "today": today})
        return {str(r.medicine): (r.first, r.last) for r in rows}
