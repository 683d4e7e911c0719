"""A paused medicine: its scheduled doses are not due, nor late, while paused
(domain/medicine_schedule.py, domain/pauses.py)."""

from __future__ import annotations

from datetime import date

import pytest

from bonetrack.domain.adherence import DayTotal
from bonetrack.domain.medicine_rules import denosumab_late
from bonetrack.domain.medicine_schedule import (
    dose_periods,
    due_today,
    judged_pauses,
    medicine_reminder,
    medicine_report,
    next_due,
    summarise,
)
from bonetrack.domain.medicines import DAILY, WEEKLY, Every, MedicineVersion
from bonetrack.domain.pauses import Pause, paused_through

D = date.fromisoformat
DENOSUMAB = MedicineVersion(
    "denosumab", 60_000.0, Every(6, "month"), None, "injection", None, D("2026-01-01")
)
# weekly on Mondays from Monday 2 November 2026
ALENDRONATE = MedicineVersion("alendronate", 70_000.0, WEEKLY, 0, "oral", 30, D("2026-11-02"))
RISEDRONATE = MedicineVersion("risedronate", 5_000.0, DAILY, None, "oral", 30, D("2026-11-02"))


def pause(target: str, first: str, last: str | None, reason: str | None = None) -> Pause:
    return Pause(1, target, D(first), None if last is None else D(last), reason)


def periods(
    versions: list[MedicineVersion], doses: list[str], today: str, paused: list[Pause]
) -> list[tuple[str, str, bool, bool]]:
    found = dose_periods(versions, [D(d) for d in doses], D(today), [p.days for p in paused])
    return [(p.start.isoformat(), p.end.isoformat(), p.met, p.pending) for p in found]


# --- the paused run a day is in -------------------------------------------------------


def test_paused_through_joins_runs_that_overlap_or_touch() -> None:
    ranges = [
        (D("2026-07-01"), D("2026-07-10")),
        (D("2026-07-11"), D("2026-07-15")),  # touches: one run
        (D("2026-07-05"), D("2026-07-08")),  # inside
        (D("2026-07-20"), D("2026-07-25")),  # a day apart: another run
    ]
    assert paused_through(ranges, D("2026-07-03")) == D("2026-07-15")
    assert paused_through(ranges, D("2026-07-15")) == D("2026-07-15")
    assert paused_through(ranges, D("2026-07-16")) is None
    assert paused_through(ranges, D("2026-06-30")) is None
    assert paused_through([*ranges, (D("2026-07-14"), None)], D("2026-07-01")) == date.max


# --- doses due every month or more: due the day after the pause ---------------------------


def test_a_dose_due_on_a_paused_day_is_due_the_day_after_the_pause() -> None:
    # due 1 Jul; paused 20 Jun to 15 Aug: due 16 Aug, its 28-day tolerance from there
    held = [pause("medicine:denosumab", "2026-06-20", "2026-08-15", "infusion clinic closed")]
    assert periods([DENOSUMAB], ["2026-01-01"], "2026-09-13", held) == [
        ("2026-01-01", "2026-01-29", True, False),
        ("2026-08-16", "2026-09-13", False, True),  # pending on its last day
    ]
    assert periods([DENOSUMAB], ["2026-01-01"], "2026-09-14", held)[-1] == (
        "2026-08-16", "2026-09-13", False, False,  # missed the day after
    )  # fmt: skip
    # taken after the pause: met; the next is due 6 months after that dose
    taken = periods([DENOSUMAB], ["2026-01-01", "2026-08-20"], "2027-02-20", held)
    assert taken == [
        ("2026-01-01", "2026-01-29", True, False),
        ("2026-08-16", "2026-09-13", True, False),
        ("2027-02-20", "2027-03-20", False, True),
    ]
    assert next_due([DENOSUMAB], D("2026-01-01"), D("2026-07-05"), [held[0].days]) == (
        D("2026-08-16"),
        DENOSUMAB,
    )
    assert next_due([DENOSUMAB], D("2026-01-01"), D("2026-07-05")) == (D("2026-07-01"), DENOSUMAB)


def test_a_dose_taken_within_its_tolerance_counts_pause_or_not() -> None:
    held = [pause("medicine:denosumab", "2026-06-25", "2026-07-10")]
    # taken on its due date, in the pause: met there, as on any paused day
    assert periods([DENOSUMAB], ["2026-01-01", "2026-07-01"], "2026-12-01", held) == [
        ("2026-01-01", "2026-01-29", True, False),
        ("2026-07-01", "2026-07-29", True, False),
    ]
    # taken after the pause, within 28 days of its first due date: met there too
    assert periods([DENOSUMAB], ["2026-01-01", "2026-07-20"], "2026-12-01", held)[1] == (
        "2026-07-01", "2026-07-29", True, False,
    )  # fmt: skip


def test_while_a_pause_without_an_end_lasts_no_dose_is_due() -> None:
    held = [pause("medicine:denosumab", "2026-06-25", None, "clinician: hold")]
    assert periods([DENOSUMAB], ["2026-01-01"], "2027-06-01", held) == [
        ("2026-01-01", "2026-01-29", True, False),
    ]
    assert next_due([DENOSUMAB], D("2026-01-01"), D("2027-06-01"), [held[0].days]) is None
    reminder = medicine_reminder([DENOSUMAB], D("2026-01-01"), D("2027-06-01"), pauses=held)
    assert reminder is None


def test_the_late_denosumab_notice_counts_from_the_day_after_the_pause() -> None:
    held = [pause("medicine:denosumab", "2026-06-25", "2026-07-10")]
    ranges = [held[0].days]
    # due 11 Jul after the pause: 28 days late on 8 Aug is not flagged, 29 on 9 Aug is
    for today, flagged in (("2026-08-08", False), ("2026-08-09", True)):
        found = next_due([DENOSUMAB], D("2026-01-01"), D(today), ranges)
        assert found is not None
        notice = denosumab_late(found[1], found[0], D("2026-01-01"), D(today))
        assert (notice is not None) == flagged, today
    # without the pause it would be 38 days late already
    unpaused = next_due([DENOSUMAB], D("2026-01-01"), D("2026-08-08"))
    assert unpaused is not None
    assert denosumab_late(DENOSUMAB, unpaused[0], D("2026-01-01"), D("2026-08-08")) is not None


def test_the_reminder_says_the_date_moved_past_the_pause_and_why() -> None:
    held = [
        pause("k2", "2026-06-01", "2026-07-31", "not this one"),
        pause("medicine:denosumab", "2026-06-25", "2026-07-10", "infusion clinic closed"),
    ]
    reminder = medicine_reminder([DENOSUMAB], D("2026-01-01"), D("2026-07-05"), pauses=held)
    assert reminder is not None
    assert (reminder.due, reminder.rule) == (
        D("2026-07-11"),
        "6 months after the last dose on 2026-01-01, moved past the pause 2026-06-25 to "
        "2026-07-10 (infusion clinic closed)",
    )
    assert reminder.message == (
        "Denosumab 60 mg every 6 months, injection: due in 6 days (2026-07-11), 6 months after "
        "the last dose on 2026-01-01, moved past the pause 2026-06-25 to 2026-07-10 (infusion "
        "clinic closed)."
    )
    # a pause of another medicine, or of everything, moves nothing
    others = [pause("medicine:alendronate", "2026-06-25", "2026-07-10"), pause("all", *_JULY)]
    moved = medicine_reminder([DENOSUMAB], D("2026-01-01"), D("2026-07-05"), pauses=others)
    assert moved is not None
    assert (moved.due, moved.rule) == (
        D("2026-07-01"),
        "6 months after the last dose on 2026-01-01",
    )


_JULY = ("2026-06-25", "2026-07-10")


# --- weekly doses: a week whose dose day is paused is not due -------------------------------


def test_a_week_is_paused_with_its_dose_day() -> None:
    # paused Monday 9 to Wednesday 11 Nov: the Monday dose's week is not due; paused
    # Tuesday 17 to Sunday 22: Monday 16 is not paused, so that week is due in full
    held = [
        (D("2026-11-09"), D("2026-11-11")),
        (D("2026-11-17"), D("2026-11-22")),
    ]
    assert judged_pauses([ALENDRONATE], held, D("2026-11-29")) == (
        *held,
        (D("2026-11-09"), D("2026-11-15")),
    )
    assert judged_pauses([ALENDRONATE], [], D("2026-11-29")) == ()


def weekly(doses: list[str], held: list[Pause]) -> tuple[object, ...]:
    daily = {D(d): DayTotal(70_000.0, 1) for d in doses}
    report = medicine_report(
        [ALENDRONATE],
        daily,
        D("2026-11-02"),
        D("2026-11-29"),
        D("2026-11-29"),
        [p.days for p in held],
    )
    assert report is not None
    return report.met, report.due, report.adherence_pct, report.current_streak, report.paused_days


def test_weekly_adherence_leaves_out_the_weeks_paused_on_their_dose_day() -> None:
    dental = [pause("medicine:alendronate", "2026-11-09", "2026-11-22", "dentist")]
    # taken on 2, 23 Nov: the weeks of 9 and 16 Nov are not due; the streak goes through
    assert weekly(["2026-11-02", "2026-11-23"], dental) == (2, 2, 100.0, 2, 14)
    assert weekly(["2026-11-02", "2026-11-23"], []) == (2, 4, 50.0, 1, 0)
    # a dose taken anyway in a paused week counts
    assert weekly(["2026-11-02", "2026-11-09", "2026-11-23"], dental) == (3, 3, 100.0, 3, 14)


def test_todays_checklist_with_a_paused_medicine() -> None:
    dental = [pause("medicine:alendronate", "2026-11-09", "2026-11-11", "dentist")]
    # on a paused day: listed as paused, with the pause
    row = due_today([ALENDRONATE], [], D("2026-11-02"), D("2026-11-10"), dental)
    assert row is not None
    assert (row.paused, row.done, row.to_json()["due"]) == (dental[0], False, None)
    # the day after the pause: this week's Monday was paused, so nothing is due this week
    assert due_today([ALENDRONATE], [], D("2026-11-02"), D("2026-11-12"), dental) is None
    # without the pause, Thursday says the Monday dose was missed
    missed = due_today([ALENDRONATE], [], D("2026-11-02"), D("2026-11-12"))
    assert missed is not None
    assert missed.overdue_days == 3
    # taken on a paused day: done, still paused
    done = due_today([ALENDRONATE], [D("2026-11-10")], D("2026-11-10"), D("2026-11-10"), dental)
    assert done is not None
    assert (done.done, done.paused) == (True, dental[0])
    # a pause of everything, or of another medicine, leaves it due
    others = [pause("all", "2026-11-09", "2026-11-11"), pause("medicine:x", "2026-11-09", None)]
    due = due_today([ALENDRONATE], [], D("2026-11-02"), D("2026-11-09"), others)
    assert due is not None
    assert (due.paused, due.done, due.overdue_days) == (None, False, 0)


@pytest.mark.parametrize(
    ("today", "paused"), [("2026-11-09", True), ("2026-11-12", False), ("2026-11-08", False)]
)
def test_daily_doses_on_paused_days(today: str, paused: bool) -> None:
    held = [pause("medicine:risedronate", "2026-11-09", "2026-11-11", "stomach upset")]
    row = due_today([RISEDRONATE], [], None, D(today), held)
    assert row is not None
    assert (row.paused is not None, row.done) == (paused, False)


def test_daily_adherence_leaves_out_paused_days() -> None:
    held = [(D("2026-11-09"), D("2026-11-11"))]
    taken = {D("2026-11-02"): DayTotal(5_000.0, 1), D("2026-11-10"): DayTotal(5_000.0, 1)}
    report = medicine_report(
        [RISEDRONATE], taken, D("2026-11-02"), D("2026-11-15"), D("2026-11-15"), held
    )
    assert report is not None
    # 2-14 Nov judged (the 15th is today, pending): 13 days, 2 paused and not taken -> 11
    # due, 2 met (the 10th was taken while paused)
    assert (report.met, report.due, report.paused_days) == (2, 11, 3)


def test_med_list_says_it_is_paused() -> None:
    held = [pause("medicine:denosumab", "2026-06-25", "2026-07-10", "infusion clinic closed")]
    row = summarise([DENOSUMAB], D("2026-01-01"), D("2026-07-05"), held)
    assert (row.next_due, row.paused) == (D("2026-07-11"), held[0])
    assert row.to_json()["paused"] == {
        "id": 1,
        "target": "medicine:denosumab",
        "label": "Denosumab",
        "from": "2026-06-25",
        "to": "2026-07-10",
        "reason": "infusion clinic closed",
    }
    after = summarise([DENOSUMAB], D("2026-01-01"), D("2026-07-11"), held)
    assert (after.next_due, after.paused) == (D("2026-07-11"), None)
