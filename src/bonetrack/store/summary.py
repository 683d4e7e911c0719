"""What the visit summary is computed from, read in a few aggregate queries."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from bonetrack.domain.summary_build import SummaryInputs

if TYPE_CHECKING:
    from bonetrack.store.engine import Database


def summary_inputs(db: Database, start: date, end: date, today: date) -> SummaryInputs:
    """Everything for the summary of `start`..`end` (local days), made on `today`."""
    from bonetrack.domain.adherence import iso_monday
    from bonetrack.domain.plans import first_planned_day
    from bonetrack.domain.summary_build import summary_pauses
    from bonetrack.store.bone import bone_summary
    from bonetrack.store.events import list_events
    from bonetrack.store.filters import RowFilter
    from bonetrack.store.guidance import report_warnings
    from bonetrack.store.intake import summary_food
    from bonetrack.store.labs import summary_labs
    from bonetrack.store.medicine_status import summary_medicines
    from bonetrack.store.notes import list_notes
    from bonetrack.store.pauses import list_pauses
    from bonetrack.store.plans import list_plan_versions
    from bonetrack.store.profile import load_profile
    from bonetrack.store.reminders import current_reminders
    from bonetrack.store.reports import daily_totals, first_entry_day
    from bonetrack.store.scans import get_lscs, interpreted_visits, list_scans

    profile = load_profile(db, today)
    versions = list_plan_versions(db)
    first = first_planned_day(versions)
    # streaks and the score need each item's whole history; intake needs the period
    since = min(iso_monday(first), start) if first else start
    kinds = sorted({v.kind for v in versions} | {"calcium", "vitamin-d"})
    recorded = tuple(list_pauses(db))
    return SummaryInputs(
        period_from=start,
        period_to=end,
        today=today,
        profile=profile,
        plan_versions=tuple(versions),
        totals=daily_totals(db, kinds, since, end if end < today else None),
        first_entry=first_entry_day(db),
        visits=tuple((v, i) for v, i in interpreted_visits(db) if v.scan_date <= end),
        scans=tuple(s for s in list_scans(db) if s.scan_date <= end),
        lscs=get_lscs(db),
        events=tuple(list_events(db, RowFilter(date_from=start, date_to=end))),
        bone=bone_summary(db, end),
        warnings=tuple(report_warnings(db, start, end, profile)),
        reminders=tuple(current_reminders(db, today)),
        questions=tuple(list_notes(db, open_on=end)),
        # Sections other features record: each is one store function's result here.
        medicines=summary_medicines(db, start, end, today),  # schedules, doses taken vs due
        labs=summary_labs(db, end),  # latest values: 25(OH)D with its band, INR
        pauses=summary_pauses(recorded, start, end),  # in the period, with their reasons
        food=summary_food(db, start, end),  # calcium and vitamin D from food
        paused=recorded,
    )
