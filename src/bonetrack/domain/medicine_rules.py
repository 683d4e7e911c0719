"""The rules that protect bone when taking an osteoporosis medicine, each with its source.

From ../shared/bone-health-facts.md, section 9. They inform and never block: a
dose is always recorded as given, and bonetrack never suggests starting,
stopping or changing a medicine.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from bonetrack.domain.guidance import SafetyWarning, WindowWarning
from bonetrack.domain.medicines import (
    SOURCE_DENOSUMAB,
    SOURCE_MISSED_WEEKLY,
    MedicineVersion,
    in_force,
)

if TYPE_CHECKING:
    from bonetrack.domain.pauses import Pause

# Denosumab: a dose more than 4 weeks late (> 7 months since the last) is the case
# to flag; the fact sheet marks the 4-week window as uncertain.
DENOSUMAB_LATE_DAYS = 28
DENOSUMAB_WINDOW_MARK = (
    "[uncertain: the 4-week window is common clinical practice, not a label figure]"
)
DENOSUMAB_STOP_FACT = (
    "Denosumab must not be stopped or delayed without a plan: after stopping, bone loss is "
    "rapid and multiple vertebral fractures occur in some patients. ECTS 2021 advises "
    "follow-on treatment 6 months after the last injection. Agree any change with your "
    f"clinician ({SOURCE_DENOSUMAB})."
)


def _minutes(seconds: float) -> str:
    whole = int(abs(seconds) // 60)
    return f"{whole} minute{'s' if whole != 1 else ''}"


def calcium_in_fasting_window(
    version: MedicineVersion, dose_at: datetime, calcium_at: datetime
) -> SafetyWarning | None:
    """Calcium less than the fasting window before or after an oral bisphosphonate dose.

    After the dose the label asks for nothing but plain water for the window
    (30 minutes; 60 for ibandronate); before it, the tablet is meant to be taken
    fasting. Measured between the two instants, so a clock change in between
    does not count. Exactly the window apart is fine.
    """
    window = version.fasting_min
    info = version.info
    if window is None or info is None or not version.oral_bisphosphonate:
        return None
    # In UTC: two times in one zone subtract as wall-clock times, DST ignored.
    gap = (calcium_at.astimezone(UTC) - dose_at.astimezone(UTC)).total_seconds()
    if abs(gap) >= window * 60:
        return None
    label = version.label
    advice = (
        f"take nothing but plain water for at least {window} minutes after {label}, and take "
        "calcium at another time of day"
    )
    if gap >= 0:
        message = (
            f"calcium {_minutes(gap)} after {label}: calcium stops an oral bisphosphonate being "
            f"absorbed; {advice}"
        )
    else:
        message = (
            f"calcium {_minutes(gap)} before {label}: it is taken fasting, and calcium stops an "
            f"oral bisphosphonate being absorbed; {advice}"
        )
    return SafetyWarning("bisphosphonate-calcium", message, info.source)


def calcium_timing_note(version: MedicineVersion) -> str | None:
    """For today's checklist: when to take calcium on a day an oral bisphosphonate is due."""
    info = version.info
    if info is None or not version.oral_bisphosphonate:
        return None
    regimen_rule = info.regimen(version.route).taking
    if version.fasting_min is not None:
        timing = f"never within {version.fasting_min} minutes of it"
    else:
        timing = "not together with it"
    rule = f"{regimen_rule}; " if regimen_rule else ""
    return f"{version.label}: {rule}take calcium at another time of day, {timing} ({info.source})."


_WEEKLY_RULE = (
    "a weekly tablet is taken once a week: take a missed dose the next morning after you "
    "remember, and never two on the same day"
)


def second_weekly_dose(
    version: MedicineVersion, day: date, other_days: Sequence[date]
) -> SafetyWarning | None:
    """A second dose of a weekly medicine in one ISO week (Monday to Sunday)."""
    if version.every.per != "week":
        return None
    monday = day - timedelta(days=day.weekday())
    same_week = sorted(d for d in other_days if monday <= d <= monday + timedelta(days=6))
    if not same_week:
        return None
    label = version.label
    rule = _WEEKLY_RULE
    if day in same_week:
        message = f"a second {label} dose on {day.isoformat()}, the same day: {rule}"
    else:
        others = ", ".join(d.isoformat() for d in same_week)
        message = (
            f"a second {label} dose in the week of {monday.isoformat()} (also on {others}): {rule}"
        )
    return SafetyWarning("second-weekly-dose", message, SOURCE_MISSED_WEEKLY)


def denosumab_late(
    version: MedicineVersion,
    due: date,
    last_dose: date | None,
    today: date,
    moved: Pause | None = None,
) -> SafetyWarning | None:
    """A denosumab dose more than 4 weeks past its due date: contact the clinician.

    `moved`: the pause its due date was moved past (the lateness counts from after it).
    """
    info = version.info
    if info is None or info.drug_class != "denosumab":
        return None
    late = (today - due).days
    if late <= DENOSUMAB_LATE_DAYS:
        return None
    since = (
        f"{version.every.text} after the last injection on {last_dose.isoformat()}"
        if last_dose is not None
        else "the schedule's first day; no injection recorded"
    )
    if moved is not None:
        since += f", {moved.moved_text()}"
    message = (
        f"{version.label} is {late} days late (due {due.isoformat()}, {since}): more than "
        f"4 weeks late {DENOSUMAB_WINDOW_MARK}. Stopping or delaying denosumab without a plan "
        "can lead to rapid bone loss and multiple vertebral fractures: contact your clinician."
    )
    return SafetyWarning("denosumab-late", message, SOURCE_DENOSUMAB)


# --- the report's window: the days these rules were broken ----------------------------


@dataclass(frozen=True, slots=True)
class Dose:
    medicine: str
    taken_at: datetime
    day: date  # the user's local day


def _calcium_near(version: MedicineVersion, dose_at: datetime, ordered: Sequence[datetime]) -> bool:
    """Whether any calcium (UTC instants, sorted) is in the dose's fasting window."""
    window = timedelta(minutes=version.fasting_min or 0)
    at = dose_at.astimezone(UTC)
    near = ordered[
        bisect.bisect_right(ordered, at - window) : bisect.bisect_left(ordered, at + window)
    ]
    return any(calcium_in_fasting_window(version, dose_at, c) for c in near)


def window_medicine_warnings(
    groups: Mapping[str, Sequence[MedicineVersion]],
    doses: Sequence[Dose],
    calcium: Sequence[datetime],
    start: date,
    end: date,
) -> list[WindowWarning]:
    """The days from `start` to `end` on which the rules `med take` and `log` warn about
    were broken, per medicine: calcium in an oral bisphosphonate's fasting window (the day
    of the dose), and a second dose of a weekly medicine in one ISO week (the day of each
    dose after the first, by time taken).

    `doses` are those from the Monday of `start`'s week (a second dose in the window may
    follow a first before it); `calcium` the calcium taken on and around the dose days.
    """
    found: list[WindowWarning] = []
    # In UTC and in order: each dose looks only at the calcium within its window (a long
    # window has thousands of doses and of calcium entries: no pair-by-pair comparison).
    ordered = sorted(c.astimezone(UTC) for c in calcium)
    for name, versions in groups.items():
        mine = sorted((d for d in doses if d.medicine == name), key=lambda d: d.taken_at)
        fasting: dict[date, int] = {}
        for dose in mine:
            version = in_force(versions, dose.day)
            if version is None or not start <= dose.day <= end:
                continue
            if _calcium_near(version, dose.taken_at, ordered):
                fasting[dose.day] = version.fasting_min or 0
        label = versions[-1].label
        info = versions[-1].info
        if fasting and info is not None:
            minutes = set(fasting.values())
            within = f"{minutes.pop()} minutes" if len(minutes) == 1 else "the fasting window"
            found.append(
                _window_warning(
                    "bisphosphonate-calcium",
                    sorted(fasting),
                    f"with calcium within {within} of {label}: calcium stops an oral "
                    "bisphosphonate being absorbed; take calcium at another time of day",
                    info.source,
                )
            )
        second = _second_weekly_days(versions, mine, start, end)
        if second:
            found.append(
                _window_warning(
                    "second-weekly-dose",
                    second,
                    f"with a second {label} dose in the same week (Monday to Sunday): "
                    f"{_WEEKLY_RULE}",
                    SOURCE_MISSED_WEEKLY,
                )
            )
    return found


def _second_weekly_days(
    versions: Sequence[MedicineVersion], doses: Sequence[Dose], start: date, end: date
) -> list[date]:
    """The days of the doses (sorted by time) that follow another of a weekly schedule in
    their ISO week."""
    seen_weeks: set[tuple[int, int]] = set()
    days: set[date] = set()
    for dose in doses:
        version = in_force(versions, dose.day)
        if version is None or version.every.per != "week":
            continue
        week = dose.day.isocalendar()[:2]
        if week in seen_weeks and start <= dose.day <= end:
            days.add(dose.day)
        seen_weeks.add(week)
    return sorted(days)


def _window_warning(code: str, days: Sequence[date], what: str, source: str) -> WindowWarning:
    n = f"{len(days)} day" if len(days) == 1 else f"{len(days)} days"
    return WindowWarning(code, len(days), f"{n} {what}", tuple(days), source)
