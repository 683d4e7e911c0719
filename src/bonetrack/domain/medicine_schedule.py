"""Medicine schedules over time: what is due when, and how doses are judged.

A medicine's schedule is versioned like a plan (`MedicineVersion`s sorted by
`valid_from`; a stop is `active=False`) and judged like one
(`domain/adherence.py`):

- daily: each local calendar day is due; met by a dose that day;
- weekly: each ISO week (Monday to Sunday) is due; met by a dose in it;
- any other interval (every N days, every month, 3 or 6 months, a year) is judged
  per *due dose*. The first dose is due on the schedule's first day (or one
  interval after a dose recorded before it), each later one an interval after
  the dose before it: "due 6 months after the last injection". A dose due on D
  is met when taken from D - T to D + T, T = a quarter of the interval, at most
  4 weeks (`Every.tolerance_days`). An unmet due dose is pending until D + T and
  missed after it; the next is then due an interval after D. A dose taken before
  D - T (early, or late after a miss) restarts the clock: the next is due an
  interval after it.

Pauses (`bonetrack pause --med NAME`, domain/pauses.py) make scheduled doses not due:

- daily: a paused day is not due (a dose taken on it counts, as for plan items);
- weekly: a week whose dose day is paused is not due (unless a dose was taken in
  it); a week whose dose day is not paused is due in full, paused days or not;
- other intervals: a dose due on a paused day, and not taken within its tolerance,
  is due the day after the pause (while a pause has no end, nothing more is due);
  its tolerance and lateness count from that day.

Everything here is pure: `today` and the dose days are passed in.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from bonetrack.domain.adherence import DayTotal, ItemReport, Period, Streaks, item_report
from bonetrack.domain.medicines import (
    SOURCE_MISSED_WEEKLY,
    SOURCE_REASSESS,
    WEEKDAYS,
    MedicineVersion,
    in_force,
)
from bonetrack.domain.pauses import Pause, medicine_target, pause_on, paused_through, ranges_for
from bonetrack.domain.plans import PlanVersion, version_in_force

if TYPE_CHECKING:
    from bonetrack.domain.guidance import SafetyWarning
    from bonetrack.domain.profile import DayRange
    from bonetrack.domain.reminders import Reminder

ONE_DAY = timedelta(days=1)
# ASBMR task force (Adler 2016): reassess bisphosphonates after about 5 years of
# oral or 3 years of IV treatment. Information for the clinician conversation only.
REASSESS_YEARS = {"oral": 5, "iv": 3}
DAYS_PER_YEAR = 365.25


def as_plan(version: MedicineVersion) -> PlanVersion:
    """The plan adherence judges a schedule by: one dose per day, ISO week or due date."""
    return PlanVersion(
        kind="medicine",
        exercise_type=None,
        amount=None,
        per=version.every.per,
        times=1,
        form=None,
        valid_from=version.valid_from,
        active=version.active,
    )


Segment = tuple[date, date | None, MedicineVersion]  # from, until (exclusive), version


def _dated_segments(versions: Sequence[MedicineVersion]) -> list[Segment]:
    """The spans in which an active schedule judged per due dose is in force."""
    segments: list[Segment] = []
    for index, version in enumerate(versions):
        until = versions[index + 1].valid_from if index + 1 < len(versions) else None
        if until is not None and until <= version.valid_from:
            continue  # replaced on its first day
        if version.active and version.every.per == "dose":
            segments.append((version.valid_from, until, version))
    return segments


def _due_after(
    segments: Sequence[Segment], anchor: date | None, not_before: date
) -> tuple[date, MedicineVersion] | None:
    """The first due date from `not_before` on: an interval after `anchor` (the last
    dose, or a missed due date), inside a dated schedule; None when none is left."""
    for start, until, version in segments:
        if until is not None and until <= not_before:
            continue
        day = max(start, not_before)
        if anchor is not None:
            day = max(day, version.every.after(anchor))
        if until is None or day < until:
            return day, version
    return None


def _past_pauses(
    segments: Sequence[Segment],
    anchor: date | None,
    found: tuple[date, MedicineVersion] | None,
    paused: Sequence[DayRange],
) -> tuple[date, MedicineVersion] | None:
    """A due date on a paused day moves to the day after the pause; None while it lasts."""
    while found is not None:
        through = paused_through(paused, found[0])
        if through is None:
            return found
        if through == date.max:
            return None
        found = _due_after(segments, anchor, through + ONE_DAY)
    return None


def _dose_period(due: date, version: MedicineVersion, met: bool, pending: bool) -> Period:
    end = due + timedelta(days=version.every.tolerance_days)
    return Period(
        due, end, "dose", as_plan(version), 0.0, 1 if met else 0, 1.0 if met else 0.0, met, pending
    )


def dated_from(versions: Sequence[MedicineVersion]) -> date | None:
    """The first day of a schedule judged per due dose, or None when it has none."""
    segments = _dated_segments(versions)
    return segments[0][0] if segments else None


def dose_periods(
    versions: Sequence[MedicineVersion],
    dose_days: Sequence[date],
    today: date,
    paused: Sequence[DayRange] = (),
) -> list[Period]:
    """The due doses of a schedule judged per dose, up to today (see the module doc).

    `dose_days` are the sorted local days with a dose of this medicine (all history);
    `paused` its paused days.
    """
    segments = _dated_segments(versions)
    if not segments:
        return []
    first = segments[0][0]
    index = bisect.bisect_left(dose_days, first)
    anchor = dose_days[index - 1] if index else None
    not_before = first
    periods: list[Period] = []
    while True:
        found = _due_after(segments, anchor, not_before)
        if found is None:
            return periods
        due, version = found
        tolerance = timedelta(days=version.every.tolerance_days)
        if index < len(dose_days) and dose_days[index] < due - tolerance:
            # early, or late after a missed dose: the clock restarts from it
            anchor = dose_days[index]
            index += 1
            not_before = anchor + ONE_DAY
            continue
        if due - tolerance > today:
            return periods
        if index < len(dose_days) and dose_days[index] <= due + tolerance:
            periods.append(_dose_period(due, version, met=True, pending=False))
            anchor = dose_days[index]
            index += 1
            not_before = anchor + ONE_DAY
            continue
        through = paused_through(paused, due)
        if through is not None:  # due on a paused day, not taken: due after the pause
            if through == date.max:
                return periods
            not_before = through + ONE_DAY
            continue
        if due + tolerance >= today:
            periods.append(_dose_period(due, version, met=False, pending=True))
            return periods
        periods.append(_dose_period(due, version, met=False, pending=False))
        anchor = due
        not_before = due + ONE_DAY


def judged_pauses(
    versions: Sequence[MedicineVersion], paused: Sequence[DayRange], today: date
) -> tuple[DayRange, ...]:
    """The paused days as daily and weekly spans are judged (`compute_periods`): the days
    themselves, and the whole ISO week of each weekly dose whose day is paused (a week
    whose dose day is not paused stays due in full: one dose)."""
    if not paused:
        return ()
    weeks: list[DayRange] = []
    for index, version in enumerate(versions):
        if not version.active or version.every.per != "week":
            continue
        until = versions[index + 1].valid_from if index + 1 < len(versions) else today + ONE_DAY
        monday = version.valid_from - timedelta(days=version.valid_from.weekday())
        while monday < min(until, today + ONE_DAY):
            dose_day = monday + timedelta(days=version.dose_weekday)
            if paused_through(paused, dose_day) is not None:
                weeks.append((monday, monday + timedelta(days=6)))
            monday += timedelta(days=7)
    return (*paused, *weeks)


def medicine_report(
    versions: Sequence[MedicineVersion],
    daily: Mapping[date, DayTotal],
    window_from: date,
    window_to: date,
    today: date,
    paused: Sequence[DayRange] = (),
    periods: Sequence[Period] | None = None,
    streaks: Streaks | None = None,
) -> ItemReport | None:
    """A medicine's adherence, streaks, score and heatmap, like a plan item's; `paused`
    are its paused days (see the module doc).

    `periods` and `streaks`, when given, are those `item_report` takes: the shown periods
    and the streaks over all history, for a report that does not load all of it.
    """
    from bonetrack.domain.adherence import compute_periods

    plans = [as_plan(v) for v in versions]
    judged = judged_pauses(versions, paused, today)
    if periods is None:
        # Daily and weekly spans are judged as plans are; dated ones per due dose.
        periods = compute_periods(plans, daily, today, paused=judged) + dose_periods(
            versions, sorted(daily), today, paused
        )
        periods.sort(key=lambda p: p.start)
    # the heatmap's paused days as judged: a weekly dose's week is paused with its day
    found = item_report(
        plans, daily, window_from, window_to, today, periods=periods, paused=judged,
        streaks=streaks,
    )  # fmt: skip
    if found is None:
        return None
    shown = in_force(versions, window_to) or next(v for v in reversed(versions) if v.active)
    return replace(found, medicine=shown.name, label=shown.label, target=shown.short())


# --- what is due ----------------------------------------------------------------


def next_due(
    versions: Sequence[MedicineVersion],
    last_dose: date | None,
    today: date,
    paused: Sequence[DayRange] = (),
) -> tuple[date, MedicineVersion] | None:
    """The next due date of a schedule judged per dose: an interval after the last dose
    (or the schedule's first day when none is recorded); None when stopped or not dated.

    A missed dose stays due (overdue) until one is recorded. A due date on a paused day
    moves to the day after the pause; None while a pause without an end lasts.
    """
    current = in_force(versions, today)
    if current is None or current.every.per != "dose":
        return None
    segments = [s for s in _dated_segments(versions) if s[1] is None or s[1] > today]
    start = segments[0][0]
    not_before = start if last_dose is None else max(start, last_dose + ONE_DAY)
    return _past_pauses(segments, last_dose, _due_after(segments, last_dose, not_before), paused)


def moved_by(
    versions: Sequence[MedicineVersion],
    last_dose: date | None,
    today: date,
    pauses: Sequence[Pause],
) -> Pause | None:
    """The pause the next due date was moved past (it fell on a paused day), if any."""
    key = medicine_target(versions[-1].name)
    unpaused = next_due(versions, last_dose, today)
    if unpaused is None or next_due(versions, last_dose, today, ranges_for(pauses, key)) == (
        unpaused
    ):
        return None
    return pause_on(pauses, key, unpaused[0])


@dataclass(frozen=True)
class MedicineDue:
    """One line of today's checklist: a medicine due today (or overdue), taken today, or
    paused today."""

    name: str
    label: str
    version: MedicineVersion
    due: date
    done: bool  # a dose was recorded today
    overdue_days: int  # 0 when due today or done
    note: str  # what to know today: a missed weekly dose, an overdue date
    paused: Pause | None = None  # the pause in force today: nothing is due

    def to_json(self) -> dict[str, object]:
        return {
            "medicine": self.name,
            "label": self.label,
            "due": None if self.paused is not None else self.due.isoformat(),
            "done": self.done,
            "overdue_days": self.overdue_days,
            "schedule": self.version.describe(),
            "note": self.note,
            "paused": None if self.paused is None else self.paused.to_json(),
        }


def due_today(
    versions: Sequence[MedicineVersion],
    doses_this_week: Sequence[date],
    last_dose: date | None,
    today: date,
    pauses: Sequence[Pause] = (),
) -> MedicineDue | None:
    """Whether today's checklist lists this medicine, and how.

    Daily: every day. Weekly: on its day, and on the days after it while no dose was
    recorded that ISO week (the alendronate label: take a missed dose the next morning
    after remembering, never two on the same day). Other intervals: from the due date
    until a dose is recorded. A dose recorded today is listed as done. On a day paused by
    one of `pauses` (those of other items are left alone) it is listed as paused, with
    until when and why.
    """
    version = in_force(versions, today)
    if version is None:
        return None
    name, label = version.name, version.label
    taken_today = today in doses_this_week
    key = medicine_target(name)
    pause = pause_on(pauses, key, today)
    if pause is not None:
        return MedicineDue(name, label, version, today, taken_today, 0, "", pause)
    paused = ranges_for(pauses, key)
    per = version.every.per
    if per == "day":
        return MedicineDue(name, label, version, today, taken_today, 0, "")
    if per == "week":
        monday = today - timedelta(days=today.weekday())
        weekday = version.dose_weekday
        due = monday + timedelta(days=weekday)
        if taken_today:
            return MedicineDue(name, label, version, due, True, 0, "")
        if any(monday <= d <= today for d in doses_this_week) or today < due:
            return None
        if paused_through(paused, due) is not None:
            return None  # this week's dose day was paused: the week is not due
        if today == due:
            return MedicineDue(name, label, version, due, False, 0, "")
        note = (
            f"not recorded on {WEEKDAYS[weekday].capitalize()}: take a missed dose the next "
            f"morning after you remember, never two on the same day ({SOURCE_MISSED_WEEKLY})"
        )
        return MedicineDue(name, label, version, due, False, (today - due).days, note)
    found = next_due(versions, last_dose, today, paused)
    if taken_today:
        return MedicineDue(name, label, version, today, True, 0, "")
    if found is None or found[0] > today:
        return None
    due = found[0]
    late = (today - due).days
    note = f"due {due.isoformat()}, {late} day{'s' if late != 1 else ''} ago" if late else ""
    return MedicineDue(name, label, version, due, False, late, note)


# --- time on treatment ----------------------------------------------------------


@dataclass(frozen=True)
class Treatment:
    """How long a medicine has been taken, and the bisphosphonate reassessment point."""

    name: str
    label: str
    start: date
    days: int  # days on treatment (stopped spans left out)
    stopped: bool
    route: str
    reassess_years: int | None  # bisphosphonates: 5 oral, 3 IV (Adler 2016)

    @property
    def years(self) -> float:
        from bonetrack.domain.adherence import round1

        return round1(self.days / DAYS_PER_YEAR)

    @property
    def reassess_in_years(self) -> float | None:
        """Years left until the reassessment point (negative once passed)."""
        from bonetrack.domain.adherence import round1

        if self.reassess_years is None:
            return None
        return round1(self.reassess_years - self.days / DAYS_PER_YEAR)

    def text(self) -> str:
        """'Alendronate: since 2024-11-22, 2.0 years.' with the reassessment point."""
        years = f"{self.years:.1f} year{'s' if self.years != 1 else ''}"
        text = f"{self.label}: since {self.start.isoformat()}, {years} on treatment"
        if self.stopped:
            text += " (stopped)"
        left = self.reassess_in_years
        if self.reassess_years is not None and left is not None:
            route = "oral" if self.route == "oral" else "IV"
            when = f"in {left:.1f} years" if left > 0 else "reached"
            text += (
                f". Bisphosphonates are reassessed after about {self.reassess_years} years of "
                f"{route} treatment ({when}): information for the conversation with your "
                f"clinician ({SOURCE_REASSESS})"
            )
        return text + "."

    def to_json(self) -> dict[str, object]:
        return {
            "medicine": self.name,
            "start": self.start.isoformat(),
            "days": self.days,
            "years": self.years,
            "stopped": self.stopped,
            "reassess_after_years": self.reassess_years,
            "reassess_in_years": self.reassess_in_years,
            "source": SOURCE_REASSESS if self.reassess_years is not None else None,
        }


def time_on_treatment(
    versions: Sequence[MedicineVersion], first_dose: date | None, today: date
) -> Treatment | None:
    """Days from the schedule's start (or an earlier first dose) to today, stops left out."""
    spans: list[tuple[date, date]] = []
    for index, version in enumerate(versions):
        until = versions[index + 1].valid_from if index + 1 < len(versions) else today + ONE_DAY
        until = min(until, today + ONE_DAY)
        if version.active and until > version.valid_from:
            spans.append((version.valid_from, until))
    if not spans:
        return None
    if first_dose is not None and first_dose < spans[0][0]:
        spans[0] = (first_dose, spans[0][1])
    merged: list[tuple[date, date]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    days = sum((end - start).days for start, end in merged)
    last = versions[-1]
    route = next((v.route for v in reversed(versions) if v.active), last.route)
    info = next((v.info for v in versions if v.info is not None), None)
    reassess = REASSESS_YEARS.get(route) if info is not None and info.is_bisphosphonate else None
    return Treatment(
        name=last.name,
        label=last.label,
        start=merged[0][0],
        days=days,
        stopped=in_force(versions, today) is None,
        route=route,
        reassess_years=reassess,
    )


# --- reminders --------------------------------------------------------------------


def medicine_reminder(
    versions: Sequence[MedicineVersion],
    last_dose: date | None,
    today: date,
    notice: SafetyWarning | None = None,
    pauses: Sequence[Pause] = (),
) -> Reminder | None:
    """The next dose of a medicine given monthly or less often, for `remind` and the calendar.

    None for daily and weekly schedules (the checklist has them), stopped ones and while
    a pause without an end lasts. A due date moved past a pause says so, with its reason.
    """
    from bonetrack.domain.reminders import Reminder, when_text

    key = medicine_target(versions[-1].name)
    found = next_due(versions, last_dose, today, ranges_for(pauses, key))
    if found is None or not found[1].every.reminded:
        return None
    due, version = found
    what = f"{version.label} {version.describe()}"
    if last_dose is not None:
        basis = f"{version.every.text} after the last dose on {last_dose.isoformat()}"
    else:
        basis = (
            "the schedule's first day; no dose recorded yet (record the last one with "
            f"`bonetrack med take {version.name} --at DATE`)"
        )
    pause = moved_by(versions, last_dose, today, pauses)
    if pause is not None:
        basis += f", {pause.moved_text()}"
    message = f"{what}: {when_text(due, today)}, {basis}."
    shown = "" if notice is None else notice.text()
    if shown:
        message += f" {shown}"
    days = (due - today).days
    return Reminder(
        "medicine", due, days < 0, days, message, subject=version.name, rule=basis, notice=shown
    )


# --- the list of medicines ------------------------------------------------------------


@dataclass(frozen=True)
class MedicineSummary:
    """One medicine as `med list` shows it."""

    version: MedicineVersion  # in force today, or the last active one
    active: bool  # a schedule is in force today (or starts later)
    since: date  # the shown version's first day
    stopped_from: date | None
    versions: int
    last_dose: date | None
    next_due: date | None  # judged per dose: the next due date
    paused: Pause | None = None  # the pause in force today

    def to_json(self) -> dict[str, object]:
        v = self.version
        info = v.info
        return {
            "medicine": v.name,
            "label": v.label,
            "builtin": info is not None,
            "active": self.active,
            "dose_mcg": v.dose_mcg,
            "every": {"count": v.every.count, "unit": v.every.unit, "text": v.every.text},
            "weekday": v.weekday,
            "route": v.route,
            "fasting_min": v.fasting_min,
            "from": self.since.isoformat(),
            "stopped_from": None if self.stopped_from is None else self.stopped_from.isoformat(),
            "versions": self.versions,
            "last_dose": None if self.last_dose is None else self.last_dose.isoformat(),
            "next_due": None if self.next_due is None else self.next_due.isoformat(),
            "taking": info.regimen(v.route).taking if info is not None else None,
            "source": info.source if info is not None else None,
            "paused": None if self.paused is None else self.paused.to_json(),
        }


def summarise(
    versions: Sequence[MedicineVersion],
    last_dose: date | None,
    today: date,
    pauses: Sequence[Pause] = (),
) -> MedicineSummary:
    """What `med list` says about one medicine (`pauses`: its due dates move past them)."""
    current = version_in_force(versions, today)
    upcoming = [v for v in versions if v.valid_from > today and v.active]
    if current is not None and current.active:
        shown, active, stopped = current, True, None
    elif upcoming and current is None:
        shown, active, stopped = upcoming[0], True, None
    else:
        shown = next(v for v in reversed(versions) if v.active)
        active = False
        stopped = current.valid_from if current is not None else None
    key = medicine_target(shown.name)
    due = next_due(versions, last_dose, today, ranges_for(pauses, key)) if active else None
    return MedicineSummary(
        version=shown,
        active=active,
        since=shown.valid_from,
        stopped_from=stopped,
        versions=len(versions),
        last_dose=last_dose,
        next_due=None if due is None else due[0],
        paused=pause_on(pauses, key, today) if active else None,
    )
