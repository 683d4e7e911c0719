"""The report's bone section, read as of a day: latest scan, heights, falls in 12 months."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from bonetrack.domain.bone import BoneSummary

if TYPE_CHECKING:
    from bonetrack.store.engine import Database


def bone_summary(db: Database, as_of: date) -> BoneSummary:
    from bonetrack.domain.falls import falls_summary, twelve_months_to
    from bonetrack.domain.height import height_summary
    from bonetrack.store.events import event_days
    from bonetrack.store.heights import list_heights
    from bonetrack.store.scans import interpreted_visits

    visits = [(v, i) for v, i in interpreted_visits(db) if v.scan_date <= as_of]
    falls = event_days(db, "fall", twelve_months_to(as_of), as_of)
    return BoneSummary(
        latest_scan=visits[-1] if visits else None,
        height=height_summary(list_heights(db, up_to=as_of)),
        falls=falls_summary(falls, as_of),
    )
