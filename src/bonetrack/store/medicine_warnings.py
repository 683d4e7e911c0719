"""The warnings after a medicine dose or a calcium entry (`med take`, `log calcium`, `edit`).

Kept apart from medicine_status: `log` runs many times a day and must not load the
adherence and reporting code.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from bonetrack.domain.medicines import MAX_FASTING_MIN, group_medicines, in_force
from bonetrack.store.medicines import (
    calcium_between,
    doses_between,
    list_medicine_versions,
    week_dose_days,
)

if TYPE_CHECKING:
    from bonetrack.domain.entries import Entry
    from bonetrack.domain.guidance import SafetyWarning
    from bonetrack.store.engine import Database


def warnings_after_dose(db: Database, entry: Entry) -> list[SafetyWarning]:
    """After a medicine dose: calcium within its fasting window, a second weekly dose."""
    from bonetrack.domain.medicine_rules import calcium_in_fasting_window, second_weekly_dose

    if entry.medicine is None:
        return []
    version = in_force(list_medicine_versions(db, entry.medicine), entry.local_date)
    if version is None:
        return []
    found: list[SafetyWarning] = []
    if version.fasting_min is not None:
        span = timedelta(minutes=version.fasting_min)
        for calcium_at in calcium_between(db, entry.taken_at - span, entry.taken_at + span):
            warning = calcium_in_fasting_window(version, entry.taken_at, calcium_at)
            if warning is not None:
                found.append(warning)
                break
    others = week_dose_days(db, entry.medicine, entry.local_date, entry.id)
    warning = second_weekly_dose(version, entry.local_date, others)
    if warning is not None:
        found.append(warning)
    return found


def warnings_after_calcium(db: Database, entry: Entry) -> list[SafetyWarning]:
    """After a calcium entry: an oral bisphosphonate dose less than its window away."""
    from bonetrack.domain.medicine_rules import calcium_in_fasting_window

    groups = group_medicines(list_medicine_versions(db))
    oral = {
        name: version
        for name, versions in groups.items()
        if (version := in_force(versions, entry.local_date)) is not None
        and version.fasting_min is not None
        and version.oral_bisphosphonate
    }
    if not oral:
        return []
    span = timedelta(minutes=MAX_FASTING_MIN)
    found: list[SafetyWarning] = []
    for name, taken_at, _ in doses_between(
        db, entry.taken_at - span, entry.taken_at + span, list(oral)
    ):
        warning = calcium_in_fasting_window(oral[name], taken_at, entry.taken_at)
        if warning is not None and warning not in found:
            found.append(warning)
    return found
