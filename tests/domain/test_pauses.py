"""Pauses: targets, the rules of paused days in adherence, weekly proration, today's checklist."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bonetrack.domain.adherence import (
    EXCUSED,
    MET,
    MISSED,
    PAUSED,
    PENDING,
    REST,
    SESSION,
    DayTotal,
    ItemReport,
    item_report,
)
from bonetrack.domain.pauses import (
    Pause,
    applies,
    check_pause,
    item_target,
    pause_on,
    pause_target,
    paused_days_in,
    prorated,
    ranges_for,
    resume_day_range,
    target_label,
)
from bonetrack.domain.plans import PlanVersion
from bonetrack.domain.profile import DayRange
from bonetrack.domain.today import checklist
from bonetrack.errors import InputError

D = date.fromisoformat
K2 = PlanVersion("k2", None, 180.0, "day", None, "mk7", D("2026-10-01"))
STRENGTH = PlanVersion("exercise", "strength", None, "week", 2, None, D("2026-10-01"))


def every_day(first: str, last: str, skip: tuple[str, ...] = ()) -> dict[date, DayTotal]:
    out: dict[date, DayTotal] = {}
    day = D(first)
    while day <= D(last):
        if day.isoformat() not in skip:
            out[day] = DayTotal(180.0, 1)
        day += timedelta(days=1)
    return out


def k2_report(
    daily: dict[date, DayTotal],
    paused: tuple[DayRange, ...],
    today: str = "2026-11-22",
    excused: tuple[DayRange, ...] = (),
) -> ItemReport:
    found = item_report(
        [K2], daily, D("2026-11-01"), D(today), D(today), excused=excused, paused=paused
    )
    assert found is not None
    return found


# --- targets -------------------------------------------------------------------


def test_a_target_is_a_free_item_key() -> None:
    assert pause_target("K2", None, False) == "k2"
    assert pause_target("ca", None, False) == "calcium"
    assert pause_target("exercise", "Impact", False) == "exercise:impact"
    assert pause_target(None, None, True) == "all"
    assert item_target(("exercise", "strength")) == "exercise:strength"
    assert item_target(("k2", None)) == "k2"
    # a target applies to the items whose key it begins, segment by segment
    assert applies("exercise", "exercise:strength")
    assert applies("exercise:strength", "exercise:strength")
    assert not applies("exercise:impact", "exercise:strength")
    assert not applies("exercise:strength", "exercise")
    # a medicine is paused by its name (the same mechanism), never by a pause of everything
    assert not applies("all", "medicine:alendronate")
    assert applies("medicine:alendronate", "medicine:alendronate")
    assert not applies("medicine:alendronate", "medicine:denosumab")
    assert applies("medicine", "medicine:alendronate")
    assert not applies("k2", "k2x")
    targets = ("all", "k2", "exercise", "exercise:impact", "medicine:alendronate", "medicine:x")
    assert [target_label(t) for t in targets] == [
        "supplements and exercise", "K2", "Exercise", "Exercise: impact", "Alendronate", "x",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "exercise_type", "everything", "message"),
    [
        (None, None, False,
         "say what to pause: --kind KIND (e.g. --kind k2), --med NAME (a medicine) or --all."),
        ("k2", None, True, "give one of --all, --kind and --med, not --all and --kind."),
        ("alendronate", None, False, "a medicine is paused by its name: --med alendronate."),
        ("Fosamax", None, False, "a medicine is paused by its name: --med fosamax."),
        ("medicine", None, False, "a medicine is paused by its name: --med medicine."),
        (None, "impact", False, "--type goes with --kind exercise."),
        ("k2", "impact", False, "--type is for exercise, not k2."),
        ("exercise", "yoga", False, "unknown exercise type 'yoga'. "
         "Types: strength, impact, balance, aerobic, walking, other."),
    ],
)  # fmt: skip
def test_bad_targets(
    kind: str | None, exercise_type: str | None, everything: bool, message: str
) -> None:
    with pytest.raises(InputError) as caught:
        pause_target(kind, exercise_type, everything)
    assert caught.value.message == message


def test_a_pause_may_not_overlap_another_of_the_same_target() -> None:
    holiday = Pause(3, "all", D("2026-12-20"), D("2027-01-03"), "holiday")
    check_pause(D("2027-01-04"), None, [holiday], "all")  # the day after: fine
    check_pause(D("2026-12-24"), D("2026-12-26"), [holiday], "k2")  # another target: fine
    with pytest.raises(InputError) as caught:
        check_pause(D("2026-12-01"), None, [holiday], "all")
    assert caught.value.message == (
        "Supplements and exercise are already paused 2026-12-20 to 2027-01-03 (pause #3): "
        "change that one (`bonetrack pause delete 3`, then pause again) or choose days outside it."
    )
    with pytest.raises(InputError) as caught:
        check_pause(D("2026-12-02"), D("2026-12-01"), [], "k2")
    assert caught.value.message == "--to 2026-12-01 is before --from 2026-12-02."


def test_resume_ends_a_pause_the_day_before_or_removes_one_not_begun() -> None:
    open_ended = Pause(1, "k2", D("2026-11-10"), None, "doctor")
    assert resume_day_range(open_ended, D("2026-11-22")) == Pause(
        1, "k2", D("2026-11-10"), D("2026-11-21"), "doctor"
    )
    assert resume_day_range(open_ended, D("2026-11-10")) is None


def test_the_pause_in_force_is_the_one_that_lasts_longest() -> None:
    pauses = [
        Pause(1, "all", D("2026-11-10"), D("2026-11-16"), "holiday"),
        Pause(2, "k2", D("2026-11-12"), None, "stopped by GP"),
        Pause(3, "exercise:impact", D("2026-11-01"), None, None),
    ]
    assert pause_on(pauses, "k2", D("2026-11-13")) == pauses[1]
    assert pause_on(pauses, "calcium", D("2026-11-13")) == pauses[0]
    assert pause_on(pauses, "calcium", D("2026-11-17")) is None
    assert pause_on(pauses, "exercise:strength", D("2026-11-17")) is None
    assert ranges_for(pauses, "exercise:impact") == (
        (D("2026-11-10"), D("2026-11-16")),
        (D("2026-11-01"), None),
    )
    assert paused_days_in(ranges_for(pauses, "k2"), D("2026-11-01"), D("2026-11-22")) == 13
    assert pauses[1].until_text() == (
        "paused until you resume it (`bonetrack pause resume`): stopped by GP"
    )
    assert pauses[0].until_text() == "paused until 2026-11-16 (included): holiday"
    assert (pauses[0].subject, pauses[1].subject) == ("Supplements and exercise are", "K2 is")


# --- daily items ---------------------------------------------------------------


def test_paused_days_are_not_due_and_a_streak_goes_through_them() -> None:
    # A holiday Nov 10-16 with nothing logged; every other day met.
    daily = every_day("2026-10-01", "2026-11-21", skip=tuple(f"2026-11-{d}" for d in range(10, 17)))
    plain = k2_report(daily, ())
    assert (plain.current_streak, plain.longest_streak, plain.met, plain.due) == (5, 40, 14, 21)
    paused = k2_report(daily, ((D("2026-11-10"), D("2026-11-16")),))
    # Oct 1 - Nov 9 and Nov 17-21 join up: 45 met days, the 7 paused ones not counted.
    assert (paused.current_streak, paused.longest_streak) == (45, 45)
    assert (paused.met, paused.due, paused.adherence_pct, paused.paused_days) == (14, 14, 100.0, 7)
    assert paused.heatmap.days[D("2026-11-12")] == PAUSED
    assert paused.heatmap.days[D("2026-11-09")] == MET
    assert paused.heatmap.days[D("2026-11-22")] == PENDING


def test_a_dose_logged_on_a_paused_day_counts_and_a_partial_one_is_not_missed() -> None:
    daily = every_day("2026-11-01", "2026-11-21", skip=("2026-11-11", "2026-11-12"))
    daily[D("2026-11-12")] = DayTotal(90.0, 1)  # half a dose on a paused day
    found = k2_report(daily, ((D("2026-11-10"), D("2026-11-12")),))
    # Nov 10 met anyway: a met day; Nov 11 (nothing) and Nov 12 (partial): not due.
    assert (found.met, found.due, found.current_streak) == (19, 19, 19)
    assert [found.heatmap.days[D(f"2026-11-{d}")] for d in (10, 11, 12)] == [MET, PAUSED, PAUSED]
    assert found.paused_days == 3


def test_today_paused_and_not_taken_breaks_nothing() -> None:
    daily = every_day("2026-11-01", "2026-11-21")
    found = k2_report(daily, ((D("2026-11-22"), None),))
    assert found.heatmap.days[D("2026-11-22")] == PAUSED
    assert (found.current_streak, found.due) == (21, 21)


def test_a_day_both_excused_and_paused_shows_the_cautions_mark() -> None:
    daily = every_day("2026-11-01", "2026-11-21")
    found = k2_report(
        daily, ((D("2026-11-05"), D("2026-11-06")),), excused=((D("2026-11-06"), None),)
    )
    assert [found.heatmap.days[D(f"2026-11-0{d}")] for d in (5, 6, 7)] == [MET, EXCUSED, EXCUSED]
    # a met day under a vitamin K antagonist is still not judged; a met paused day is
    assert (found.met, found.due) == (5, 5)


# --- weekly items ----------------------------------------------------------------


def test_prorating_a_weekly_target() -> None:
    both = PlanVersion("exercise", "balance", 105.0, "week", 7, None, D("2026-10-01"))
    assert prorated(both, 7) == both
    assert prorated(both, 0) == both  # a week with no free day is not due: kept whole
    three = prorated(both, 3)
    assert (three.amount, three.times) == (45.0, 3)
    assert prorated(STRENGTH, 3).times == 1  # 2 x 3/7 = 0.86: one session
    assert prorated(STRENGTH, 4).times == 2  # 2 x 4/7 = 1.14: rounded up
    assert prorated(STRENGTH, 1).times == 1


def strength_report(daily: dict[date, DayTotal], paused: tuple[DayRange, ...]) -> ItemReport:
    found = item_report(
        [STRENGTH], daily, D("2026-10-26"), D("2026-11-22"), D("2026-11-22"), paused=paused
    )
    assert found is not None
    return found


def test_a_partly_paused_week_is_due_for_its_unpaused_days() -> None:
    # ISO weeks: Oct 26, Nov 2, Nov 9, Nov 16. Two sessions in each but the week of Nov 9,
    # with one session on Monday Nov 9 and Tuesday to Sunday paused.
    daily = {
        D(d): DayTotal(45.0, 1)
        for d in ("2026-10-27", "2026-10-30", "2026-11-03", "2026-11-06", "2026-11-09",
                  "2026-11-17", "2026-11-20")
    }  # fmt: skip
    plain = strength_report(daily, ())
    assert [(p.start.isoformat(), p.met) for p in plain.periods][-4:] == [
        ("2026-10-26", True), ("2026-11-02", True), ("2026-11-09", False), ("2026-11-16", True),
    ]  # fmt: skip
    paused = strength_report(daily, ((D("2026-11-10"), D("2026-11-15")),))
    week = paused.periods[-2]
    assert (week.start, week.plan.times, week.entries, week.met) == (D("2026-11-09"), 1, 1, True)
    assert (paused.met, paused.due, paused.current_streak) == (4, 4, 4)
    assert (plain.met, plain.due, plain.current_streak) == (3, 4, 1)
    assert paused.heatmap.days[D("2026-11-12")] == PAUSED
    assert paused.heatmap.days[D("2026-11-09")] == SESSION
    assert paused.heatmap.weeks[D("2026-11-09")] == MET


def test_a_week_paused_in_full_is_not_due() -> None:
    daily = {D(d): DayTotal(45.0, 1) for d in ("2026-11-03", "2026-11-06", "2026-11-17")}
    found = strength_report(daily, ((D("2026-11-09"), D("2026-11-15")),))
    starts = [p.start.isoformat() for p in found.periods if p.start >= D("2026-11-01")]
    assert starts == ["2026-11-02", "2026-11-16"]  # not the week of Nov 9
    assert found.heatmap.weeks[D("2026-11-09")] == PAUSED
    assert found.heatmap.days[D("2026-11-11")] == PAUSED
    assert found.heatmap.days[D("2026-11-18")] == REST
    # the current week (one session of two) is pending, not missed
    assert found.heatmap.weeks[D("2026-11-16")] == PENDING
    # two sessions during a week paused in full: met anyway, so it counts
    daily.update({D("2026-11-10"): DayTotal(30.0, 1), D("2026-11-12"): DayTotal(30.0, 1)})
    found = strength_report(daily, ((D("2026-11-09"), D("2026-11-15")),))
    assert found.heatmap.weeks[D("2026-11-09")] == MET


def test_todays_checklist_says_paused_and_prorates_this_week() -> None:
    today = D("2026-11-19")  # a Thursday
    items = {("k2", None): [K2], ("exercise", "strength"): [STRENGTH]}
    totals = {("k2", None): {}, ("exercise", "strength"): {D("2026-11-17"): DayTotal(40.0, 1)}}
    pauses = [
        Pause(1, "k2", D("2026-11-18"), D("2026-11-30"), "GP: stop for now"),
        Pause(2, "exercise", D("2026-11-19"), D("2026-11-22"), "holiday"),
    ]
    k2_row, strength_row = checklist(items, totals, today, None, pauses)
    assert (k2_row.paused, k2_row.done, k2_row.judged) == (pauses[0], False, False)
    # 3 of the week's 7 days are free: 2 x 3/7 -> 1 session, done with Tuesday's
    assert (strength_row.paused, strength_row.done, strength_row.paused_days) == (
        pauses[1],
        True,
        4,
    )
    assert strength_row.target.times == 1
    assert strength_row.judged  # done anyway: it counts
    # Logged on a paused day: done, and still paused.
    totals[("k2", None)] = {today: DayTotal(180.0, 1)}
    k2_row, _ = checklist(items, totals, today, None, pauses)
    assert (k2_row.done, k2_row.paused, k2_row.judged) == (True, pauses[0], True)


def test_a_pause_before_an_items_plan_or_after_it_changes_nothing() -> None:
    daily = every_day("2026-11-01", "2026-11-21")
    found = k2_report(daily, ((D("2026-01-01"), D("2026-02-01")),))
    assert (found.met, found.due, found.paused_days) == (21, 21, 0)
    assert [s for d, s in found.heatmap.days.items() if d >= D("2026-11-01") and s == MISSED] == []
