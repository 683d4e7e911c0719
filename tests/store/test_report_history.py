"""The report's SQL aggregation against the straightforward computation, on SQLite and
PostgreSQL: six and a half years of history in Amsterdam, across thirteen clock changes and
the leap days of 2020 and 2024, with plan changes, a stop, a weekly plan, days on a vitamin K
antagonist (K2 not judged), pauses (kept through, missed, part of a week, a medicine's), a
weekly and a monthly medicine.

The straightforward way: each entry's local day from its instant in Europe/Amsterdam, the
day totals summed in Python, every period from the first plan on (`compute_periods`), and
the domain's `item_report`. The report reads day totals only for the days it shows and has
the rest of history summarized in SQL (store/run_summaries.py); every figure must agree.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bonetrack.cli.report import build_report
from bonetrack.domain.adherence import (
    USUAL_TIME_DAYS,
    DayTotal,
    ItemReport,
    item_exclusions,
    item_report,
    item_times,
)
from bonetrack.domain.entries import NewEntry
from bonetrack.domain.medicine_schedule import medicine_report
from bonetrack.domain.medicines import Every, MedicineVersion
from bonetrack.domain.pauses import Pause, item_target, medicine_target, ranges_for
from bonetrack.domain.plans import PlanVersion, group_items
from bonetrack.domain.profile import AnticoagulantChange, Profile
from bonetrack.store.engine import Database, open_database
from bonetrack.store.entries import add_entries
from bonetrack.store.medicines import add_medicine_versions
from bonetrack.store.pauses import add_pause
from bonetrack.store.plans import add_plan_versions
from bonetrack.store.profile import load_profile, save_profile
from tests.conftest import HAS_POSTGRES, Freeze, empty_pg_schema

D = date.fromisoformat
AMS = ZoneInfo("Europe/Amsterdam")
FIRST = D("2018-05-23")
TODAY = D("2024-11-20")  # a Wednesday

PLANS = [
    PlanVersion("k2", None, 180.0, "day", None, "mk7", FIRST),
    # from the day clocks went forward: split into two doses of 90
    PlanVersion("k2", None, 180.0, "day", 2, "mk7", D("2023-03-26")),
    PlanVersion("calcium", None, 1000.0, "day", None, None, FIRST),
    PlanVersion("calcium", None, None, "day", None, None, D("2024-02-27"), active=False),
    PlanVersion("calcium", None, 1200.0, "day", None, None, D("2024-03-02")),  # after leap day
    PlanVersion("exercise", "strength", None, "week", 2, None, D("2018-05-30")),  # a Wednesday
    PlanVersion("exercise", "balance", 15.0, "day", None, None, FIRST),
    PlanVersion("exercise", "balance", 60.0, "week", 4, None, D("2023-10-29")),  # clocks back
]
MEDICINES = [
    MedicineVersion("alendronate", 70_000.0, Every(1, "week"), 0, "oral", 30, D("2018-06-04")),
    MedicineVersion("ibandronate", 150_000.0, Every(1, "month"), None, "oral", 60, D("2022-01-10")),
]


def at(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=AMS)


def entry(kind: str, amount: float, when: datetime, **extra: str) -> NewEntry:
    unit = {"k2": "mcg", "calcium": "mg", "exercise": "min", "medicine": "mcg"}[kind]
    return NewEntry(kind=kind, amount=amount, input_amount=amount, input_unit=unit,
                    taken_at=when, **extra)  # type: ignore[arg-type]  # fmt: skip


# Stretches kept without fail, so that the longest and the current streak lie in (or run
# through) the history the report summarizes rather than shows: (kind, first, last).
PERFECT = {
    "k2": (D("2019-02-01"), D("2019-08-31")),
    "calcium": (D("2022-06-01"), TODAY),  # the current streak, through the stop at leap day
    "balance": (D("2020-02-01"), D("2020-03-31")),  # across the leap day of 2020
    "strength": (D("2018-09-03"), D("2019-06-30")),
    "alendronate": (D("2018-06-04"), D("2019-12-31")),
}
PAUSES = [
    Pause(None, "k2", D("2019-04-10"), D("2019-04-20")),  # kept anyway: the streak goes on
    Pause(None, "exercise:strength", D("2019-03-13"), D("2019-04-02")),  # from a Wednesday
    Pause(None, "exercise:balance", D("2021-07-01"), D("2021-07-31"), "holiday"),
    Pause(None, "medicine:alendronate", D("2020-05-01"), D("2020-05-20")),
    Pause(None, "all", D("2024-11-01"), D("2024-11-07")),
]
ANTICOAGULANT = [
    AnticoagulantChange("none", None, D("2018-01-01")),
    AnticoagulantChange("vka", "warfarin", D("2022-04-01")),  # K2 not judged then
    AnticoagulantChange("none", None, D("2022-09-15")),
]


def history() -> list[NewEntry]:
    """Mostly kept, with misses; late-evening and just-after-midnight doses, which fall on
    the local day they were taken whatever the clock change."""
    rng = random.Random(9)

    def kept(name: str, day: date, chance: float) -> bool:
        first, last = PERFECT[name]
        return first <= day <= last or rng.random() < chance

    entries: list[NewEntry] = []
    day = FIRST
    while day <= TODAY:
        if kept("k2", day, 0.85):
            late = rng.random() < 0.3
            when = at(day, 23, 45) if late else at(day, 0, 15)
            if day >= D("2023-03-26"):
                entries += [entry("k2", 90.0, at(day, 8, 0)), entry("k2", 90.0, when)]
            else:
                entries.append(entry("k2", 180.0, when))
        for hour in (8, 13, 19):
            if kept("calcium", day, 0.8):
                entries.append(entry("calcium", 400.0, at(day, hour, 30)))
        if kept("strength", day, 0.35) and (day.weekday() in (1, 4) or rng.random() < 0.3):
            entries.append(entry("exercise", 40.0, at(day, 18, 0), exercise_type="strength"))
            if rng.random() < 0.2:  # two sessions on one day are one day (COUNTS_DAYS)
                entries.append(entry("exercise", 20.0, at(day, 20, 0), exercise_type="strength"))
        if kept("balance", day, 0.7):
            minutes = 15.0 if PERFECT["balance"][0] <= day <= PERFECT["balance"][1] else 10.0
            minutes = rng.choice([minutes, 15.0, 20.0])
            entries.append(entry("exercise", minutes, at(day, 21, 30), exercise_type="balance"))
        if day.weekday() == 0 and kept("alendronate", day, 0.9):
            entries.append(entry("medicine", 70_000.0, at(day, 6, 45), medicine="alendronate"))
        if day.day == 10 and day >= D("2022-01-10") and rng.random() < 0.8:
            entries.append(entry("medicine", 150_000.0, at(day, 6, 30), medicine="ibandronate"))
        day += timedelta(days=1)
    return entries


@pytest.fixture(params=["sqlite", "postgresql"])
def seeded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, frozen: Freeze
) -> Iterator[tuple[Database, list[NewEntry]]]:
    frozen(f"{TODAY} 21:00", tz="Europe/Amsterdam")
    if request.param == "postgresql":
        if not HAS_POSTGRES:
            pytest.skip("PostgreSQL server binaries are not installed")
        url = request.getfixturevalue("pg_url")
        empty_pg_schema(url)
    else:
        url = str(tmp_path_factory.mktemp("history") / "bonetrack.db")
    db = open_database(url)
    entries = history()
    add_plan_versions(db, PLANS)
    add_medicine_versions(db, MEDICINES)
    for change in ANTICOAGULANT:
        save_profile(db, Profile(), change)
    for pause in PAUSES:
        add_pause(db, pause)
    with db.begin() as conn:
        add_entries(conn, entries)
    yield db, entries
    db.close()


def straightforward(
    entries: list[NewEntry], window_from: date, window_to: date
) -> list[ItemReport]:
    """Every item's report from all of history, computed in Python from the entries."""
    totals: dict[tuple[str, str | None], dict[date, DayTotal]] = {}
    times: dict[str, list[time]] = {}
    times_from = max(window_from, window_to - timedelta(days=USUAL_TIME_DAYS - 1))
    for e in entries:
        local = e.taken_at.astimezone(AMS)
        key = (e.medicine or e.kind, e.exercise_type)
        day = totals.setdefault(key, {})
        before = day.get(local.date(), DayTotal(0.0, 0))
        day[local.date()] = DayTotal(before.amount + e.amount, before.count + 1)
        if e.kind in ("k2", "calcium") and times_from <= local.date() <= window_to:
            times.setdefault(e.kind, []).append(local.time().replace(tzinfo=None))
    profile = Profile(anticoagulant_history=tuple(ANTICOAGULANT))
    reports = []
    for key, versions in group_items(PLANS).items():
        excused, caution = item_exclusions(key, profile, window_from, TODAY)
        found = item_report(versions, totals.get(key, {}), window_from, window_to, TODAY,
                            item_times(key, times), excused, caution,
                            paused=ranges_for(PAUSES, item_target(key)))  # fmt: skip
        if found is not None:
            reports.append(found)
    for name in ("alendronate", "ibandronate"):
        versions = [m for m in MEDICINES if m.name == name]
        found = medicine_report(versions, totals.get((name, None), {}), window_from, window_to,
                                TODAY, ranges_for(PAUSES, medicine_target(name)))  # fmt: skip
        if found is not None:
            reports.append(found)
    return reports


def figures(item: ItemReport) -> tuple[object, ...]:
    return (item.kind, item.exercise_type, item.medicine, item.plan, item.stopped,
            item.current_streak, item.longest_streak, item.met, item.due, item.adherence_pct,
            item.average, item.score, item.window_from, item.heatmap, item.usual_times,
            item.caution, item.paused_days, item.over_target)  # fmt: skip


WINDOWS = [
    (TODAY - timedelta(days=29), TODAY),  # the default: 30 days to today
    (D("2019-03-25"), D("2019-04-07")),  # spring forward; weekly items summarized after it
    (D("2023-03-20"), D("2023-04-02")),  # across spring forward, years summarized each side
    (D("2024-02-20"), D("2024-03-05")),  # the leap day and calcium's stop
    (D("2023-10-23"), D("2023-11-05")),  # clocks back, balance turning weekly
    (FIRST, TODAY),  # all of it
]


@pytest.mark.parametrize(("window_from", "window_to"), WINDOWS)
def test_the_report_agrees_with_the_straightforward_computation(
    seeded: tuple[Database, list[NewEntry]], window_from: date, window_to: date
) -> None:
    db, entries = seeded
    expected = straightforward(entries, window_from, window_to)
    with db.reading():
        report = build_report(db, window_from, window_to, TODAY, load_profile(db, TODAY))
    assert report is not None
    assert [figures(item) for item in report.items] == [figures(item) for item in expected]
    # not a vacuous comparison: every item (ibandronate from 2022), the longest streaks
    # from the summarized history, the current streak through it
    by_name = {item.medicine or item.exercise_type or item.kind: item for item in report.items}
    assert list(by_name) == ["k2", "calcium", "balance", "strength", "alendronate",
                             "ibandronate"][: 5 if window_to < D("2022-01-10") else 6]  # fmt: skip
    assert [by_name[name].longest_streak for name in ("k2", "balance", "strength")] == [
        221, 64, 45,
    ]  # fmt: skip
    if window_to == TODAY:
        assert by_name["calcium"].current_streak >= 900  # 904 days less the 4 stopped
