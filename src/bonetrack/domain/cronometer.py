"""Cronometer's exports as bonetrack records: food per day, supplement doses, exercise.

Pure: reads the files' lines, never the database. Three exports count:
- servings (one row per food or supplement eaten): summed per day and nutrient.
  Supplements logged in Cronometer (`Group` or `Category` "Supplements") are food
  by default; with `supplements_as_doses`, those whose name mentions K2 (MK-7,
  MK-4), calcium or vitamin D become doses, the amount taken from the nutrient
  column (never from the free-text `Amount`).
- the daily nutrition summary (one row per day, or one per meal plus a total):
  each day counted once.
- exercises: sessions, with bonetrack's exercise type told from the name.
A day in the servings export is taken from it, not from a summary of the same
import. Rows dated after today (meals planned ahead) are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, time
from typing import NamedTuple

from bonetrack.domain.amounts import check_amount, format_amount
from bonetrack.domain.cronometer_csv import (
    ExportKind,
    Table,
    cell,
    clock_of,
    day_of,
    export_kind,
    number,
    nutrient_amounts,
    nutrient_columns,
)
from bonetrack.domain.entries import NewEntry
from bonetrack.domain.food import (
    CALCIUM,
    CRONOMETER,
    NUTRIENTS,
    VITAMIN_D,
    VITAMIN_K,
    DietaryIntake,
    day_record_key,
    dietary_intake,
)
from bonetrack.domain.import_tally import DietaryTally, EntriesTally
from bonetrack.domain.kinds import get_kind
from bonetrack.domain.text import printable
from bonetrack.domain.when import local_moment
from bonetrack.errors import InputError

SOURCE_APP = "Cronometer"
# Some exports have no times (Cronometer's free accounts): an imported dose or
# session is then placed at noon of its day, and its note says so.
NO_TIME = time(12, 0)
NOTE_LIMIT = 200

_SUPPLEMENT_GROUPS = frozenset({"supplements", "supplement"})

# What a supplement's name says it holds, and where its amount is.
_K2 = re.compile(r"\bk\s*-?\s*2\b|\bmk\s*-?\s*[47]\b|menaquinone|menatetrenone", re.IGNORECASE)
_MK4 = re.compile(r"\bmk\s*-?\s*4\b|menatetrenone", re.IGNORECASE)
_MK7 = re.compile(r"\bmk\s*-?\s*7\b", re.IGNORECASE)
_CALCIUM = re.compile(r"\bcalcium\b", re.IGNORECASE)
_VITAMIN_D = re.compile(
    r"\bvitamin\s*d\s*[23]?\b|\bd\s*-?\s*[23]\b|cholecalciferol|ergocalciferol", re.IGNORECASE
)
_D3 = re.compile(r"\bd\s*-?\s*3\b|cholecalciferol", re.IGNORECASE)
_D2 = re.compile(r"\bd\s*-?\s*2\b|ergocalciferol", re.IGNORECASE)
_DOSE_NUTRIENT = {"k2": VITAMIN_K, "calcium": CALCIUM, "vitamin-d": VITAMIN_D}


@dataclass(frozen=True)
class Dose:
    where: str
    day: date
    clock: time | None
    kind: str  # k2, calcium, vitamin-d
    amount: float  # in the kind's canonical unit
    form: str | None
    name: str  # the supplement's name in Cronometer


@dataclass(frozen=True)
class Session:
    where: str
    day: date
    clock: time | None
    minutes: float
    exercise_type: str
    name: str


@dataclass(frozen=True)
class SupplementRow:
    """Where a row marked as a supplement went: what became doses, and why the rest did not."""

    day: date
    name: str
    doses: tuple[tuple[str, float], ...]  # (kind, amount)
    stayed_food: tuple[str, ...]  # why a kind its name mentions stayed food


@dataclass
class FileRead:
    name: str
    kind: ExportKind
    rows: int = 0
    first: date | None = None
    last: date | None = None
    later: int = 0  # rows dated after today, left out
    skipped: list[str] = field(default_factory=list)  # rows left out, and why
    days: set[date] = field(default_factory=set)  # the days its rows cover

    def dated_rows(self, table: Table, day_column: int, today: date) -> Iterator[DatedRow]:
        """Each row up to today, with its place and its day; later rows are counted."""
        for cells in table.rows():
            where = table.where()
            day = day_of(cells[day_column], where)
            if day > today:
                self.later += 1
                continue
            self.rows += 1
            self.first = day if self.first is None else min(self.first, day)
            self.last = day if self.last is None else max(self.last, day)
            self.days.add(day)
            yield DatedRow(where, day, cells)


class DatedRow(NamedTuple):
    where: str
    day: date
    cells: list[str]


@dataclass(frozen=True)
class CronometerTally:
    food: DietaryTally
    doses: EntriesTally
    sessions: EntriesTally


@dataclass
class CronometerImport:
    files: list[FileRead]
    food_days: set[date]  # days whose Cronometer food (and supplement doses) are replaced
    food: list[DietaryIntake]
    doses: list[Dose]
    supplements: list[SupplementRow]
    exercise_days: set[date]
    sessions: list[Session]
    notes: list[str]


def _add(totals: dict[tuple[date, str], float], day: date, amounts: dict[str, float]) -> None:
    for nutrient, amount in amounts.items():
        totals[(day, nutrient)] = totals.get((day, nutrient), 0.0) + amount


def _is_supplement(table: Table, cells: list[str]) -> bool:
    group = cell(cells, table.column("Group")).casefold()
    category = cell(cells, table.column("Category")).casefold()
    return group in _SUPPLEMENT_GROUPS or category in _SUPPLEMENT_GROUPS


def _named_kinds(name: str) -> list[tuple[str, str | None]]:
    """The dose kinds a supplement's name mentions, with the form it says."""
    kinds: list[tuple[str, str | None]] = []
    if _K2.search(name):
        kinds.append(("k2", "mk4" if _MK4.search(name) else "mk7" if _MK7.search(name) else None))
    if _CALCIUM.search(name):
        lowered = name.casefold()
        form = next((f for f in ("carbonate", "citrate") if f in lowered), None)
        kinds.append(("calcium", form))
    if _VITAMIN_D.search(name):
        form = "d3" if _D3.search(name) else "d2" if _D2.search(name) else None
        kinds.append(("vitamin-d", form))
    return kinds


def _as_doses(
    where: str, day: date, clock: time | None, name: str, amounts: dict[str, float]
) -> tuple[list[Dose], SupplementRow]:
    """The doses a supplement row makes; the nutrients they take leave `amounts` (food)."""
    doses: list[Dose] = []
    stayed: list[str] = []
    for kind_name, form in _named_kinds(name):
        kind = get_kind(kind_name)
        nutrient = _DOSE_NUTRIENT[kind_name]
        amount = amounts.get(nutrient)
        if not amount:
            what = "no" if amount is None else "a zero"
            stayed.append(f"{what} {dose_label(kind_name)} amount in the row")
            continue
        try:
            check_amount(kind, amount)
        except InputError as exc:
            raise InputError(f"{where}: {name}: {exc.message}") from None
        doses.append(Dose(where, day, clock, kind_name, amount, form, name))
        del amounts[nutrient]
    record = SupplementRow(day, name, tuple((d.kind, d.amount) for d in doses), tuple(stayed))
    return doses, record


def _name(text: str) -> str:
    """A food or exercise name as a note: one line, printable, of bounded length."""
    shown = printable(" ".join(text.split()))
    return shown if len(shown) <= NOTE_LIMIT else shown[: NOTE_LIMIT - 1] + "…"


def read_servings(
    table: Table, today: date, supplements_as_doses: bool
) -> tuple[FileRead, dict[tuple[date, str], float], list[Dose], list[SupplementRow]]:
    read = FileRead(table.name, ExportKind.SERVINGS)
    columns = nutrient_columns(table)
    day_column = _required(table, "Day", "Date")
    time_column = table.column("Time")
    name_column = table.column("Food Name")
    totals: dict[tuple[date, str], float] = {}
    doses: list[Dose] = []
    supplements: list[SupplementRow] = []
    for where, day, cells in read.dated_rows(table, day_column, today):
        clock = clock_of(cell(cells, time_column), where)
        amounts = nutrient_amounts(cells, columns, where)
        if _is_supplement(table, cells):
            name = _name(cell(cells, name_column)) or "(no name)"
            row_doses: list[Dose] = []
            if supplements_as_doses:
                row_doses, record = _as_doses(where, day, clock, name, amounts)
            else:
                record = SupplementRow(day, name, (), ())
            doses.extend(row_doses)
            supplements.append(record)
        _add(totals, day, amounts)
    return read, totals, doses, supplements


# A daily summary with diary groups has a row per meal and a total row.
_TOTAL_GROUPS = frozenset({"total", "totals", "daily total", "day total", "all", "all day"})


def read_daily_summary(table: Table, today: date) -> tuple[FileRead, dict[tuple[date, str], float]]:
    read = FileRead(table.name, ExportKind.DAILY_SUMMARY)
    columns = nutrient_columns(table)
    day_column = _required(table, "Date", "Day")
    group_column = table.column("Group", "Meal")
    by_day: dict[date, list[tuple[str, str | None, dict[str, float]]]] = {}
    for where, day, cells in read.dated_rows(table, day_column, today):
        group = cell(cells, group_column) if group_column is not None else None
        by_day.setdefault(day, []).append((where, group, nutrient_amounts(cells, columns, where)))
    totals: dict[tuple[date, str], float] = {}
    for day, rows in by_day.items():
        _add(totals, day, _day_total(table.name, day, rows))
    return read, totals


def _day_total(
    name: str, day: date, rows: list[tuple[str, str | None, dict[str, float]]]
) -> dict[str, float]:
    """One day's amounts from its rows, counting the day once."""
    if len(rows) == 1:
        return rows[0][2]
    grouped = any(group for _, group, _ in rows)
    if grouped:
        totals = [a for _, group, a in rows if (group or "").casefold() in _TOTAL_GROUPS]
        if not totals:  # meals without a total row: their sum
            summed: dict[tuple[date, str], float] = {}
            for _, _, amounts in rows:
                _add(summed, day, amounts)
            return {nutrient: amount for (_, nutrient), amount in summed.items()}
        if all(t == totals[0] for t in totals):
            return totals[0]
        raise InputError(f"{name}: {day} has {len(totals)} different total rows.")
    if all(a == rows[0][2] for _, _, a in rows):
        return rows[0][2]  # the same row twice
    for index, (_, _, candidate) in enumerate(rows):
        others = [a for i, (_, _, a) in enumerate(rows) if i != index]
        if _is_total_of(candidate, others):
            return candidate
    raise InputError(
        f"{name}: {day} has {len(rows)} rows and none is the total of the others; "
        "export the daily summary again, or import the servings export."
    )


def _is_total_of(candidate: dict[str, float], others: Sequence[dict[str, float]]) -> bool:
    nutrients = set(candidate).union(*others)
    if not nutrients or set(candidate) != nutrients:
        return False
    for nutrient in nutrients:
        rest = sum(o.get(nutrient, 0.0) for o in others)
        # Each exported value is rounded to 2 decimals: allow that much per row.
        if abs(candidate[nutrient] - rest) > 0.006 * (len(others) + 1) + 1e-9:
            return False
    return True


# bonetrack's exercise type from the name of an exercise in Cronometer (the first
# that matches); anything else is "other". Balance: yoga and tai chi (Too Fit To
# Fracture counts them as balance training).
_EXERCISE_TYPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("balance", re.compile(r"yoga|tai\s*chi|qi\s*gong|balance", re.IGNORECASE)),
    (
        "strength",
        re.compile(
            r"weight|strength|resistance|lifting|calisthenic|kettlebell|crossfit|"
            r"body\s*pump|circuit\s*training|squat|push-?up",
            re.IGNORECASE,
        ),
    ),
    ("impact", re.compile(r"jump|skipping|plyometric", re.IGNORECASE)),
    ("walking", re.compile(r"walk|hik(e|ing)", re.IGNORECASE)),
    (
        "aerobic",
        re.compile(
            r"run|jog|cycl|bik(e|ing)|swim|elliptical|rowing|aerobic|danc|zumba|spinning|"
            r"stair|cardio|tennis|skiing|skating",
            re.IGNORECASE,
        ),
    ),
)
# A device's whole-day movement synced into Cronometer is not an exercise session.
_DAILY_ACTIVITY = re.compile(r"^\s*daily activity\b", re.IGNORECASE)


def exercise_type(name: str) -> str:
    for exercise, pattern in _EXERCISE_TYPES:
        if pattern.search(name):
            return exercise
    return "other"


def read_exercises(table: Table, today: date) -> tuple[FileRead, list[Session]]:
    read = FileRead(table.name, ExportKind.EXERCISES)
    day_column = _required(table, "Day", "Date")
    time_column = table.column("Time")
    name_column = _required(table, "Exercise")
    minutes_column = _required(table, "Minutes")
    exercise = get_kind("exercise")
    sessions: list[Session] = []
    for where, day, cells in read.dated_rows(table, day_column, today):
        name = _name(cells[name_column]) or "(no name)"
        if _DAILY_ACTIVITY.match(name):
            read.skipped.append(f"{where}: {name}: a device's daily activity, not a session")
            continue
        minutes = number(cells[minutes_column], where, table.header[minutes_column])
        if not minutes:
            read.skipped.append(f"{where}: {name}: no minutes")
            continue
        try:
            check_amount(exercise, round(minutes, 6))
        except InputError as exc:
            raise InputError(f"{where}: {name}: {exc.message}") from None
        clock = clock_of(cell(cells, time_column), where)
        sessions.append(Session(where, day, clock, round(minutes, 6), exercise_type(name), name))
    return read, sessions


def _required(table: Table, *names: str) -> int:
    index = table.column(*names)
    if index is None:
        raise InputError(f"{table.name}: no '{names[0]}' column.")
    return index


def read_cronometer(
    files: Iterable[tuple[str, Iterable[str]]], today: date, *, supplements_as_doses: bool
) -> CronometerImport:
    """Every file of one import (servings, daily summary, exercises, in any order)."""
    result = CronometerImport([], set(), [], [], [], set(), [], [])
    servings: dict[tuple[date, str], float] = {}
    serving_days: set[date] = set()
    summary: dict[tuple[date, str], float] = {}
    summary_days: set[date] = set()
    owner: dict[tuple[ExportKind, date], str] = {}

    def claim(kind: ExportKind, name: str, days: set[date]) -> None:
        # Two exports of one kind holding the same day would count it twice.
        for day in sorted(days):
            other = owner.setdefault((kind, day), name)
            if other != name:
                raise InputError(
                    f"{other} and {name} both hold {kind} for {day}: "
                    "import them one at a time, the later export last."
                )

    for name, lines in files:
        table = Table(name, lines)
        kind = export_kind(table)
        if kind is ExportKind.SERVINGS:
            read, totals, doses, supplements = read_servings(table, today, supplements_as_doses)
            claim(kind, name, read.days)
            servings.update(totals)
            serving_days |= read.days
            result.doses.extend(doses)
            result.supplements.extend(supplements)
        elif kind is ExportKind.DAILY_SUMMARY:
            read, totals = read_daily_summary(table, today)
            claim(kind, name, read.days)
            summary.update(totals)
            summary_days |= read.days
        elif kind is ExportKind.EXERCISES:
            read, sessions = read_exercises(table, today)
            claim(kind, name, read.days)
            result.exercise_days |= read.days
            result.sessions.extend(sessions)
        elif kind is None:
            raise InputError(
                f"{name} is not one of Cronometer's exports (servings, daily nutrition, "
                "exercises): its columns are not theirs."
            )
        else:
            result.notes.append(f"{name}: Cronometer {kind}, not imported.")
            continue
        result.files.append(read)
    overlap = summary_days & serving_days
    if overlap:
        result.notes.append(
            "1 day is in both the servings and the daily summary: its food is taken from "
            "the servings."
            if len(overlap) == 1
            else f"{len(overlap)} days are in both the servings and the daily summary: their "
            "food is taken from the servings."
        )
    for (day, nutrient), amount in summary.items():
        if day not in serving_days:
            servings[(day, nutrient)] = amount
    result.food_days = serving_days | summary_days
    for (day, nutrient), amount in sorted(
        servings.items(), key=lambda item: (item[0][0], NUTRIENTS.index(item[0][1]))
    ):
        origin = owner.get((ExportKind.SERVINGS, day)) or owner[(ExportKind.DAILY_SUMMARY, day)]
        try:
            key = day_record_key(CRONOMETER, day, nutrient)
            result.food.append(dietary_intake(day, nutrient, amount, CRONOMETER, key, SOURCE_APP))
        except InputError as exc:
            raise InputError(f"{origin}: {day}: {exc.message}") from None
    return result


def dose_entry(dose: Dose) -> NewEntry:
    kind = get_kind(dose.kind)
    return NewEntry(
        kind=kind.name,
        amount=dose.amount,
        input_amount=dose.amount,
        input_unit=kind.unit,
        taken_at=local_moment(dose.day, dose.clock or NO_TIME),
        form=dose.form,
        note=_note(dose.name, dose.clock),
        source=CRONOMETER,
    )


def session_entry(session: Session) -> NewEntry:
    return NewEntry(
        kind="exercise",
        amount=session.minutes,
        input_amount=session.minutes,
        input_unit="min",
        taken_at=local_moment(session.day, session.clock or NO_TIME),
        exercise_type=session.exercise_type,
        note=_note(session.name, session.clock),
        source=CRONOMETER,
    )


def _note(name: str, clock: time | None) -> str:
    suffix = "" if clock is not None else " (no time in the export: 12:00)"
    return f"Cronometer: {name}{suffix}"


def dose_label(kind: str) -> str:
    """'K2', 'calcium', 'vitamin D': for the middle of a sentence."""
    label = get_kind(kind).label
    return label if kind == "k2" else label[0].lower() + label[1:]


def dose_text(kind: str, amount: float) -> str:
    """'vitamin D 1000 IU', 'K2 180 µg'."""
    return f"{dose_label(kind)} {format_amount(get_kind(kind), amount)}"
