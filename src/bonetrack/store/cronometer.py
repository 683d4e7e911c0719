"""Writing one Cronometer import, inside the caller's transaction.

The days the export covers are restated: Cronometer's food for those days, the
supplement doses it brought, and (for the exercises export's days) its
sessions, are replaced by the export's. Nothing logged in bonetrack is touched.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from bonetrack.domain.cronometer import (
    CronometerImport,
    CronometerTally,
    dose_entry,
    session_entry,
)
from bonetrack.domain.food import CRONOMETER
from bonetrack.store.food import replace_dietary_days, start_import
from bonetrack.store.imported_entries import replace_entries_days

if TYPE_CHECKING:
    from sqlalchemy import Connection

# Doses a servings export can bring: replaced with the food of the same days.
DOSE_KINDS = ("k2", "calcium", "vitamin-d")


def write_cronometer(
    conn: Connection, plan: CronometerImport, name: str, now: datetime, *, write: bool
) -> CronometerTally:
    """Store `plan` (read from the file or folder `name`); `write=False`: count only."""
    import_id = start_import(conn, CRONOMETER, name, now) if write else None
    food = replace_dietary_days(conn, CRONOMETER, plan.food_days, plan.food, import_id=import_id)
    doses = replace_entries_days(
        conn,
        CRONOMETER,
        DOSE_KINDS,
        plan.food_days,
        [dose_entry(d) for d in plan.doses],
        write=write,
    )
    sessions = replace_entries_days(
        conn,
        CRONOMETER,
        ("exercise",),
        plan.exercise_days,
        [session_entry(s) for s in plan.sessions],
        write=write,
    )
    return CronometerTally(food, doses, sessions)
