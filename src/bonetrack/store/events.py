"""Bone events: fractures, falls, pain, mobility changes and clinician check-ins."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, cast

from bonetrack.domain.events import SYMPTOM_KINDS, BoneEvent, Fragility
from bonetrack.store import journal
from bonetrack.store.filters import RowFilter, bindable_id, delete_by_id, filtered, row_by_id
from bonetrack.store.schema import events

if TYPE_CHECKING:
    from sqlalchemy import Connection, Row

    from bonetrack.domain.dexa import Fracture
    from bonetrack.store.engine import Database


def _event(row: Row[Any]) -> BoneEvent:
    return event_from_values(dict(row._mapping))


def event_from_values(m: Mapping[str, Any]) -> BoneEvent:
    """The event a row of the table holds (its column values)."""
    # Shown in the zone it was recorded in, whatever the zone is now.
    local = m["occurred_at"].astimezone(timezone(timedelta(minutes=m["utc_offset_min"])))
    return BoneEvent(
        id=m["id"],
        kind=m["kind"],
        occurred_at=local,
        local_date=m["local_date"],
        site=m["site"],
        severity=m["severity"],
        note=m["note"],
        source=m["source"],
        fragility=_fragility(m["kind"], m["fragility"]),
    )


def _fragility(kind: str, stored: str | None) -> Fragility | None:
    return _fracture_fragility(stored) if kind == "fracture" else None


def _fracture_fragility(stored: str | None) -> Fragility:
    # A fracture stored without an answer (an import, a direct insert) is "unknown":
    # never "yes", which only the user can say.
    return cast("Fragility", stored) if stored in ("yes", "no", "unknown") else "unknown"


def _values(event: BoneEvent) -> dict[str, Any]:
    offset = event.occurred_at.utcoffset()
    assert offset is not None, "events need an aware time"
    return {
        "kind": event.kind,
        "occurred_at": event.occurred_at,
        "utc_offset_min": int(offset.total_seconds() // 60),
        "local_date": event.local_date,
        "site": event.site,
        "severity": event.severity,
        "note": event.note,
        "source": event.source,
        "fragility": event.fragility,
    }


def insert_events(conn: Connection, new: Sequence[BoneEvent]) -> None:
    """Bulk insert inside the caller's transaction (demo data, imports)."""
    now = datetime.now(UTC)
    journal.insert_rows(conn, events, [{**_values(e), "created_at": now} for e in new])


def add_event(db: Database, event: BoneEvent) -> BoneEvent:
    return _event(journal.add_row(db, events, {**_values(event), "created_at": datetime.now(UTC)}))


def list_events(db: Database, where: RowFilter | None = None) -> list[BoneEvent]:
    """Newest first."""
    from sqlalchemy import select

    newest_first = select(events).order_by(events.c.occurred_at.desc(), events.c.id.desc())
    query = filtered(newest_first, events, where or RowFilter())
    with db.connect() as conn:
        return [_event(row) for row in conn.execute(query)]


def get_event(db: Database, event_id: int) -> BoneEvent | None:
    row = row_by_id(db, events, event_id)
    return None if row is None else _event(row)


def delete_event(db: Database, event_id: int) -> bool:
    return delete_by_id(db, events, event_id)


def replace_event(db: Database, event_id: int, event: BoneEvent) -> BoneEvent | None:
    """Overwrite the event's values, keeping its id, creation time and source."""
    if not bindable_id(event_id):
        return None
    values = _values(event)
    del values["source"]
    row = journal.update_row(db, events, event_id, values)
    return None if row is None else _event(row)


def last_event_date(db: Database, kind: str) -> date | None:
    from sqlalchemy import func, select

    query = select(func.max(events.c.local_date)).where(events.c.kind == kind)
    with db.connect() as conn:
        value = conn.execute(query).scalar()
    return value if isinstance(value, date) else None


def fracture_not_yet_reported(db: Database) -> date | None:
    """The day of the latest fracture with no clinician check-in after it, if any."""
    from sqlalchemy import func, select

    last_checkin = (
        select(func.max(events.c.occurred_at)).where(events.c.kind == "checkin").scalar_subquery()
    )
    query = select(events.c.local_date).where(
        events.c.kind == "fracture",
        (last_checkin.is_(None)) | (events.c.occurred_at > last_checkin),
    )
    query = query.order_by(events.c.occurred_at.desc()).limit(1)
    with db.connect() as conn:
        value = conn.execute(query).scalar()
    return value if isinstance(value, date) else None


def last_symptom_record(db: Database) -> date | None:
    """The latest day with a fall, fracture, pain or mobility event, or any event with a note."""
    from sqlalchemy import func, or_, select

    query = select(func.max(events.c.local_date)).where(
        or_(
            events.c.kind.in_(SYMPTOM_KINDS),
            func.length(func.trim(func.coalesce(events.c.note, ""))) > 0,
        )
    )
    with db.connect() as conn:
        value = conn.execute(query).scalar()
    return value if isinstance(value, date) else None


def fractures(db: Database) -> list[Fracture]:
    """Every recorded fracture's day and fragility, oldest first."""
    from sqlalchemy import select

    from bonetrack.domain.dexa import Fracture

    query = (
        select(events.c.local_date, events.c.fragility)
        .where(events.c.kind == "fracture")
        .order_by(events.c.local_date)
    )
    with db.connect() as conn:
        return [Fracture(day, _fracture_fragility(value)) for day, value in conn.execute(query)]


def event_days(db: Database, kind: str, date_from: date, date_to: date) -> list[date]:
    """The local day of each event of `kind` from `date_from` to `date_to`, oldest first."""
    from sqlalchemy import select

    query = (
        select(events.c.local_date)
        .where(
            events.c.kind == kind,
            events.c.local_date >= date_from,
            events.c.local_date <= date_to,
        )
        .order_by(events.c.local_date)
    )
    with db.connect() as conn:
        return [row[0] for row in conn.execute(query)]
