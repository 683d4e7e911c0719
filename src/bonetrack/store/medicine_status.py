"""What the medicines mean today: due doses, notices, reminders, adherence and the
warnings after a dose or a calcium entry. Reads the store, applies the domain rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from bonetrack.domain.medicine_schedule import (
    MedicineDue,
    Treatment,
    due_today,
    medicine_reminder,
    medicine_report,
    moved_by,
    next_due,
    time_on_treatment,
)
from bonetrack.domain.medicines import MedicineVersion, group_medicines, in_force
from bonetrack.domain.pauses import Pause, medicine_target, ranges_for
from bonetrack.store.medicines import (
    dose_day_totals,
    dose_days,
    last_dose_days,
    list_medicine_versions,
)

if TYPE_CHECKING:
    from bonetrack.domain.adherence import ItemReport
    from bonetrack.domain.guidance import SafetyWarning, WindowWarning
    from bonetrack.domain.reminders import Reminder
    from bonetrack.domain.summary import MedicineLine
    from bonetrack.store.engine import Database


def medicine_groups(db: Database) -> dict[str, list[MedicineVersion]]:
    return group_medicines(list_medicine_versions(db))


def medicine_pauses(db: Database) -> list[Pause]:
    """The pauses of medicines (`pause --med NAME`): their doses are not due while paused."""
    from bonetrack.domain.pauses import MEDICINE
    from bonetrack.store.pauses import list_pauses

    return [p for p in list_pauses(db) if p.target.startswith(MEDICINE)]


def _paused(pauses: list[Pause], name: str) -> tuple[tuple[date, date | None], ...]:
    return ranges_for(pauses, medicine_target(name))


@dataclass(frozen=True)
class MedicineStatus:
    """Today's medicine lines, calcium timing notes and prominent notices."""

    due: tuple[MedicineDue, ...]
    notes: tuple[str, ...]
    notices: tuple[SafetyWarning, ...]

    def __bool__(self) -> bool:
        return bool(self.due or self.notices)

    def to_json(self) -> dict[str, object]:
        """The keys `today --json` adds: medicines, calcium timing notes, notices."""
        return {
            "medicines": [row.to_json() for row in self.due],
            "medicine_notes": list(self.notes),
            "notices": [notice.to_json() for notice in self.notices],
        }


def medicine_window_warnings(db: Database, start: date, end: date) -> list[WindowWarning]:
    """The report's warnings of the medicine rules: the days from `start` to `end` with
    calcium in an oral bisphosphonate's fasting window, or a second weekly dose."""
    from bonetrack.domain.medicine_rules import Dose, window_medicine_warnings
    from bonetrack.store.medicines import calcium_on_days, doses_on_days

    groups = medicine_groups(db)
    if not groups:
        return []
    monday = start - timedelta(days=start.weekday())  # a second dose may follow one before
    doses = [Dose(*row) for row in doses_on_days(db, monday, end)]
    oral = {
        name
        for name, versions in groups.items()
        if any(v.oral_bisphosphonate and v.fasting_min is not None for v in versions)
    }
    # Calcium on a dose's day or either side of it (a window crosses midnight).
    days = {
        dose.day + timedelta(days=shift)
        for dose in doses
        if dose.medicine in oral and dose.day >= start
        for shift in (-1, 0, 1)
    }
    calcium = calcium_on_days(db, sorted(days))
    return window_medicine_warnings(groups, doses, calcium, start, end)


def _last_doses(db: Database, today: date) -> dict[str, date]:
    return {name: last for name, (_, last) in last_dose_days(db, today).items()}


def late_notices(
    groups: dict[str, list[MedicineVersion]],
    last: dict[str, date],
    today: date,
    pauses: list[Pause],
) -> dict[str, SafetyWarning]:
    """Prominent notices per medicine: a denosumab dose more than 4 weeks late (counted
    from the day after a pause its due date fell in)."""
    from bonetrack.domain.medicine_rules import denosumab_late

    found: dict[str, SafetyWarning] = {}
    for name, versions in groups.items():
        due = next_due(versions, last.get(name), today, _paused(pauses, name))
        if due is not None:
            moved = moved_by(versions, last.get(name), today, pauses)
            notice = denosumab_late(due[1], due[0], last.get(name), today, moved)
            if notice is not None:
                found[name] = notice
    return found


def notices(
    groups: dict[str, list[MedicineVersion]],
    last: dict[str, date],
    today: date,
    pauses: list[Pause],
) -> list[SafetyWarning]:
    return list(late_notices(groups, last, today, pauses).values())


def medicine_status(db: Database, today: date) -> MedicineStatus:
    """The medicines today's checklist lists, with their notes and notices."""
    from bonetrack.domain.medicine_rules import calcium_timing_note

    groups = medicine_groups(db)
    if not groups:
        return MedicineStatus((), (), ())
    last = _last_doses(db, today)
    pauses = medicine_pauses(db)
    monday = today - timedelta(days=today.weekday())
    rows: list[MedicineDue] = []
    notes: list[str] = []
    for name, versions in groups.items():
        week = dose_days(db, name, monday, today) if in_force(versions, today) else []
        row = due_today(versions, week, last.get(name), today, pauses)
        if row is None:
            continue
        rows.append(row)
        note = None if row.paused and not row.done else calcium_timing_note(row.version)
        if note is not None:
            notes.append(note)
    found = notices(groups, last, today, pauses)
    return MedicineStatus(tuple(rows), tuple(notes), tuple(found))


def medicine_notices(db: Database, today: date) -> list[SafetyWarning]:
    groups = medicine_groups(db)
    if not groups:
        return []
    return notices(groups, _last_doses(db, today), today, medicine_pauses(db))


def medicine_reminders(db: Database, today: date) -> list[Reminder]:
    """The next dose of every medicine given monthly or less often, however far away."""
    groups = medicine_groups(db)
    if not groups:
        return []
    last = _last_doses(db, today)
    pauses = medicine_pauses(db)
    late = late_notices(groups, last, today, pauses)
    found: list[Reminder] = []
    for name, versions in groups.items():
        reminder = medicine_reminder(versions, last.get(name), today, late.get(name), pauses)
        if reminder is not None:
            found.append(reminder)
    return found


def medicine_reports(
    db: Database, window_from: date, window_to: date, today: date
) -> list[ItemReport]:
    """Each medicine's adherence over the window (streaks and scores over all history).

    Like `store.reports.plan_reports`: day totals of the days shown, one summary row per
    run of daily or weekly periods elsewhere, and the due doses of dated schedules (few).
    """
    from bonetrack.domain.medicine_schedule import (
        as_plan,
        dated_from,
        dose_periods,
        judged_pauses,
    )
    from bonetrack.domain.period_runs import Zones, period_runs
    from bonetrack.store.medicines import dose_days_since
    from bonetrack.store.run_summaries import Entries, item_periods

    groups = medicine_groups(db)
    if not groups:
        return []
    zones = Zones.of(window_from, window_to, today)
    pauses = medicine_pauses(db)
    reports = []
    for name, versions in groups.items():
        paused = _paused(pauses, name)
        dated = dated_from(versions)
        days = [] if dated is None else dose_days_since(db, name, dated)
        doses = [] if dated is None else dose_periods(versions, days, today, paused)
        # daily and weekly spans as `medicine_report` judges them (a weekly dose's paused day)
        judged = judged_pauses(versions, paused, today)
        runs = period_runs([as_plan(v) for v in versions], today, paused=judged)
        with db.connect() as conn:
            daily, periods, streaks = item_periods(
                conn, Entries("medicine", medicine=name), runs, zones, today, doses
            )
        found = medicine_report(
            versions, daily, window_from, window_to, today, paused, periods, streaks
        )
        if found is not None:
            reports.append(found)
    return reports


def treatments(db: Database, today: date) -> list[Treatment]:
    groups = medicine_groups(db)
    if not groups:
        return []
    spans = last_dose_days(db, today)
    found = []
    for name, versions in groups.items():
        first = spans[name][0] if name in spans else None
        treatment = time_on_treatment(versions, first, today)
        if treatment is not None:
            found.append(treatment)
    return found


def summary_medicines(
    db: Database, start: date, end: date, today: date
) -> tuple[MedicineLine, ...]:
    """The visit summary's medicines: each one taken in the period, its doses taken and due
    there, the last and next dose, and what the clinician should see (a late denosumab dose,
    time on treatment with the bisphosphonate reassessment point)."""
    from bonetrack.domain.summary import MedicineLine

    groups = medicine_groups(db)
    if not groups:
        return ()
    totals = dose_day_totals(db, list(groups))
    spans = last_dose_days(db, today)
    last = {name: last for name, (_, last) in spans.items()}
    pauses = medicine_pauses(db)
    late = late_notices(groups, last, today, pauses)
    lines: list[MedicineLine] = []
    for name, versions in groups.items():
        daily = totals.get(name, {})
        paused = _paused(pauses, name)
        item = medicine_report(versions, daily, start, end, today, paused)
        if item is None:
            continue
        taken = sum(t.count for day, t in daily.items() if start <= day <= end)
        last_in_period = max((day for day in daily if day <= end), default=None)
        shown = in_force(versions, end) or next(v for v in reversed(versions) if v.active)
        due = next_due(versions, last.get(name), today, paused)
        notes = [late[name].text()] if name in late else []
        treatment = time_on_treatment(versions, spans[name][0] if name in spans else None, today)
        if treatment is not None:
            notes.append(treatment.text())
        info = shown.info
        lines.append(
            MedicineLine(
                name=shown.label,
                schedule=shown.describe(),
                since=versions[0].valid_from,
                doses_taken=taken,
                doses_due=item.due,
                last_dose=last_in_period,
                next_dose=None if due is None else due[0],
                notes=tuple(notes),
                source=None if info is None else info.source,
            )
        )
    return tuple(lines)
