"""Storing and reading plan versions (the `plans` table), with SQLAlchemy Core."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from bonetrack.domain.plans import PlanVersion, group_items, version_in_force
from bonetrack.store import journal
from bonetrack.store.schema import plans

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from bonetrack.store.engine import Database


def _values(version: PlanVersion, created_at: datetime) -> dict[str, Any]:
    return {**version.columns(), "created_at": created_at}


def insert_plan_versions(conn: Connection, versions: Sequence[PlanVersion]) -> None:
    """Insert inside the caller's transaction, in order (later rows win on the same day)."""
    now = datetime.now(UTC)
    journal.insert_rows(conn, plans, [_values(v, now) for v in versions])


def add_plan_versions(
    db: Database, versions: Sequence[PlanVersion], replacing: Sequence[PlanVersion] = ()
) -> None:
    """Add versions, deleting the stored versions `replacing` (later versions the new ones
    replace), in one transaction, as one change: all or none."""
    with db.begin() as conn, journal.change(conn) as rec:
        ids = [v.id for v in replacing if v.id is not None]
        if ids:
            rec.delete(plans, plans.c.id.in_(ids))
        insert_plan_versions(conn, versions)


def delete_plan_version(db: Database, version_id: int) -> bool:
    """Delete one stored version (a change `undo` can take back); whether there was one."""
    from bonetrack.store.filters import delete_by_id

    return delete_by_id(db, plans, version_id)


def list_plan_versions(db: Database, kind: str | None = None) -> list[PlanVersion]:
    """All versions (of one kind, if given) sorted by valid_from, then by insertion order."""
    from sqlalchemy import select

    query = select(
        plans.c.id,
        plans.c.kind,
        plans.c.exercise_type,
        plans.c.amount,
        plans.c.per,
        plans.c.times,
        plans.c.form,
        plans.c.valid_from,
        plans.c.active,
    ).order_by(plans.c.valid_from, plans.c.id)
    if kind is not None:
        query = query.where(plans.c.kind == kind)
    with db.connect() as conn:
        rows = conn.execute(query).all()
    return [
        PlanVersion(
            kind=row.kind,
            exercise_type=row.exercise_type,
            amount=None if row.amount is None else float(row.amount),
            per=row.per,
            times=row.times,
            form=row.form,
            valid_from=row.valid_from,
            active=bool(row.active),
            id=row.id,
        )
        for row in rows
    ]


def planned_dose(
    db: Database, kind_name: str, day: date, exercise_type: str | None = None
) -> PlanVersion | None:
    """The plan in force on `day` for `kind_name`, for `bonetrack log KIND` without an amount.

    For exercise, `exercise_type` picks the item; without it, the one exercise plan
    in force (None when there are several or none). Use `dose_amount` on the
    result for the amount of one dose: it may be None (a sessions-only plan).
    """
    found: list[PlanVersion] = []
    for (_, item_type), versions in group_items(list_plan_versions(db, kind_name)).items():
        if exercise_type is not None and item_type != exercise_type:
            continue
        version = version_in_force(versions, day)
        if version is not None and version.active:
            found.append(version)
    return found[0] if len(found) == 1 else None
