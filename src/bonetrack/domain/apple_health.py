"""Apple Health's export.xml: the records bonetrack uses, read as a stream.

Real exports are 1-3 GB with millions of records, almost all of kinds bonetrack
does not use (heart rate, steps, energy). The file is streamed through
`xml_stream` (never built as a tree, never an entity expanded) and only these are
yielded, as they come:
- dietary calcium, vitamin D and vitamin K records: `DietaryIntake`s, one per
  record (the store sums them per local day), in the record's own unit;
- workouts: `HealthWorkout`s, their activity mapped to bonetrack's exercise types;
- Apple Watch fall detection (NumberOfTimesFallen): `HealthFall`s.
Dates keep their offset (`2016-04-02 10:40:38 +0100`): a record's local day is its
date as written, the day where the person was. Each record has a key from its
type, source, start, end and value, so a later, overlapping export adds nothing twice.

Records nested in a `Correlation` (a food entry's nutrients) are also written at
the top level by Apple: only top-level ones are read. A record bonetrack cannot
read (a date or number that is not one, an unknown unit, an implausible amount)
refuses the whole import with its line; one that is well-formed but cannot be
stored (a workout of no or more than 24 hours, a record dated after today) is
skipped and listed.

Pure: reads the stream handed in.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import IO

from bonetrack.domain.food import (
    APPLE_HEALTH,
    CALCIUM,
    VITAMIN_D,
    VITAMIN_K,
    DietaryIntake,
    dietary_intake,
    record_key,
    to_canonical,
)
from bonetrack.domain.import_tally import DietaryTally
from bonetrack.domain.xml_stream import XmlStream
from bonetrack.errors import InputError

ROOT = "HealthData"
DIETARY_TYPES: dict[str, str] = {
    "HKQuantityTypeIdentifierDietaryCalcium": CALCIUM,
    "HKQuantityTypeIdentifierDietaryVitaminD": VITAMIN_D,
    "HKQuantityTypeIdentifierDietaryVitaminK": VITAMIN_K,
}
FALLS_TYPE = "HKQuantityTypeIdentifierNumberOfTimesFallen"
_USED_TYPES = frozenset((*DIETARY_TYPES, FALLS_TYPE))
# The elements whose start tags are looked at (besides the root, always).
_NAMES = frozenset(("Record", "Workout", "ExportDate"))

_ACTIVITY_PREFIX = "HKWorkoutActivityType"
# Apple's activity types by bonetrack's exercise type; all others are "other". Balance:
# yoga and tai chi (Too Fit To Fracture counts tai chi as balance training). Aerobic:
# continuous activities that raise the heart rate.
EXERCISE_TYPES_BY_ACTIVITY: dict[str, str] = {
    **dict.fromkeys(("TraditionalStrengthTraining", "FunctionalStrengthTraining"), "strength"),
    **dict.fromkeys(("Walking", "Hiking"), "walking"),
    **dict.fromkeys(("Yoga", "TaiChi"), "balance"),
    **dict.fromkeys(
        (
            "Running",
            "Cycling",
            "HandCycling",
            "Swimming",
            "Elliptical",
            "StairClimbing",
            "Stairs",
            "StepTraining",
            "Rowing",
            "CrossCountrySkiing",
            "Dance",
            "DanceInspiredTraining",
            "CardioDance",
            "SocialDance",
            "MixedCardio",
            "MixedMetabolicCardioTraining",
            "HighIntensityIntervalTraining",
            "JumpRope",
            "WheelchairRunPace",
            "WheelchairWalkPace",
        ),
        "aerobic",
    ),
}

MAX_WORKOUT_MINUTES = 24 * 60.0  # as `bonetrack log exercise` takes
_DURATION_UNITS = {"min": 1.0, "s": 1 / 60, "sec": 1 / 60, "h": 60.0, "hr": 60.0}
# Skips listed with their line; past this many, only counted.
SKIPS_KEPT = 200
# Current exports, and the compact form of the first (iOS 8) ones.
_DATE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$"
    r"|^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})([+-])(\d{2})(\d{2})$"
)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_EARLIEST = date(1900, 1, 1)


@dataclass(frozen=True)
class HealthWorkout:
    start: datetime  # aware, in the offset the export wrote
    minutes: float
    input_amount: float  # as the export wrote it, in `input_unit`
    input_unit: str
    activity: str  # Apple's activity type without its prefix: "TraditionalStrengthTraining"
    exercise_type: str
    source_app: str
    key: str

    @property
    def activity_label(self) -> str:
        """'Traditional Strength Training'."""
        return _CAMEL.sub(" ", self.activity)


@dataclass(frozen=True)
class HealthFall:
    at: datetime  # aware, in the offset the export wrote
    count: int
    source_app: str
    key: str


@dataclass(frozen=True)
class HealthSkip:
    line: int
    what: str
    reason: str

    @property
    def text(self) -> str:
        return f"line {self.line}: {self.what}: {self.reason}"


HealthItem = DietaryIntake | HealthWorkout | HealthFall


@dataclass
class RecordTally:
    added: int = 0
    skipped: int = 0  # stored already, or earlier in the same file


@dataclass
class AppleHealthTally:
    """What an import added and found stored already: counted the same in a dry run."""

    dietary: DietaryTally = field(default_factory=DietaryTally)
    workouts: RecordTally = field(default_factory=RecordTally)
    falls: RecordTally = field(default_factory=RecordTally)


class AppleHealthExport:
    """An export.xml as a stream: iterate for the records bonetrack uses, in file order.

    `now` (aware) and `birth_year` decide what is too late or too early to store.
    After iterating, `records` counts every Record element, `workouts` the top-level
    Workouts, `used` the ones yielded by kind; `skips` lists the first `SKIPS_KEPT`
    skipped (`skipped` counts all).
    """

    def __init__(
        self,
        stream: IO[bytes],
        now: datetime,
        *,
        birth_year: int | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> None:
        self._stream = stream
        self._progress = progress
        self._today = now.date()
        self._earliest = max(_EARLIEST, date(birth_year, 1, 1)) if birth_year else _EARLIEST
        self._born = birth_year
        self.records = 0
        self.workouts = 0
        self.used: Counter[str] = Counter()
        self.skips: list[HealthSkip] = []
        self.skipped = 0
        self.export_date: str | None = None
        self.version: int | None = None
        self._pending: list[HealthItem] = []
        self._xml = XmlStream(self._start, _NAMES)

    def __iter__(self) -> Iterator[HealthItem]:
        pending = self._pending
        for _ in self._xml.parse(self._stream, self._progress):
            if pending:
                yield from pending
                pending.clear()
        self.version = self._xml.prolog.dtd_comment_version

    # -- the start-tag handler: called for every element of the file ----------

    def _start(self, name: str, attributes: Mapping[str, str], depth: int) -> None:
        if name == "Record":
            self.records += 1
            kind = attributes.get("type")
            # Only top-level records: those inside a Correlation are repeated at the top.
            if kind in _USED_TYPES and depth == 2:
                self._record(str(kind), attributes)
        elif depth == 1:
            if name != ROOT:
                raise InputError(
                    f"not an Apple Health export: its root element is <{name}>, not <{ROOT}>."
                )
        elif depth == 2:
            if name == "Workout":
                self.workouts += 1
                self._workout(attributes)
            elif name == "ExportDate":
                self.export_date = attributes.get("value")

    # -- the records bonetrack uses ---------------------------------------------
    # Asking expat for the line number costs a scan of the text since the last ask:
    # it is asked only for a record refused or skipped.

    def _record(self, kind: str, attributes: Mapping[str, str]) -> None:
        try:
            self._read_record(kind, attributes)
        except InputError as exc:
            raise InputError(f"line {self._xml.line}: {exc.message}") from None

    def _read_record(self, kind: str, attributes: Mapping[str, str]) -> None:
        short = kind.removeprefix("HKQuantityTypeIdentifier")
        source = _required(attributes, "sourceName", short)
        start_text = _required(attributes, "startDate", short)
        end_text = _required(attributes, "endDate", short)
        value_text = _required(attributes, "value", short)
        start = _instant(start_text, "startDate")
        _instant(end_text, "endDate")
        value = _number(value_text, short)
        if not self._storable(start, f"{short} record"):
            return
        key = record_key(kind, source, start_text, end_text, value_text)
        if kind == FALLS_TYPE:
            self._fall(start, value, source, key)
            return
        nutrient = DIETARY_TYPES[kind]
        unit = _required(attributes, "unit", short)
        try:
            amount = to_canonical(nutrient, value, unit)
            record = dietary_intake(start.date(), nutrient, amount, APPLE_HEALTH, key, _app(source))
        except InputError as exc:
            raise InputError(f"{short}: {exc.message}") from None
        self.used[nutrient] += 1
        self._pending.append(record)

    def _fall(self, at: datetime, value: float, source: str, key: str) -> None:
        if value != int(value):
            raise InputError(f"NumberOfTimesFallen: {value:g} falls is not a whole number.")
        if value == 0:
            self._skip("NumberOfTimesFallen record", "0 falls")
            return
        self.used["fall"] += int(value)
        self._pending.append(HealthFall(at, int(value), _app(source), key))

    def _workout(self, attributes: Mapping[str, str]) -> None:
        try:
            self._read_workout(attributes)
        except InputError as exc:
            raise InputError(f"line {self._xml.line}: {exc.message}") from None

    def _read_workout(self, attributes: Mapping[str, str]) -> None:
        raw = _required(attributes, "workoutActivityType", "Workout")
        activity = _app(raw.removeprefix(_ACTIVITY_PREFIX) or raw)
        what = f"workout ({_CAMEL.sub(' ', activity)})"
        source = _required(attributes, "sourceName", "Workout")
        start_text = _required(attributes, "startDate", "Workout")
        end_text = _required(attributes, "endDate", "Workout")
        start = _instant(start_text, "startDate")
        end = _instant(end_text, "endDate")
        duration_text = attributes.get("duration")
        if duration_text is None:
            # Some apps write no duration: the time from start to end.
            amount = (end - start).total_seconds() / 60
        else:
            unit = (attributes.get("durationUnit") or "min").strip()
            factor = _DURATION_UNITS.get(unit.lower())
            if factor is None:
                raise InputError(f"Workout: unknown durationUnit '{unit}'.")
            amount = _number(duration_text, "Workout") * factor
        minutes = round(amount, 6)
        if not self._storable(start, what):
            return
        if minutes < 0.001:  # shown as 0 min: nothing to record
            self._skip(what, "no duration")
            return
        if minutes > MAX_WORKOUT_MINUTES:
            self._skip(what, f"{_hours(minutes)}: longer than a day")
            return
        key = record_key(raw, source, start_text, end_text, duration_text or "")
        self.used["workout"] += 1
        self._pending.append(
            HealthWorkout(
                start=start,
                minutes=minutes,
                input_amount=minutes,
                input_unit="min",
                activity=activity,
                exercise_type=EXERCISE_TYPES_BY_ACTIVITY.get(activity, "other"),
                source_app=_app(source),
                key=key,
            )
        )

    def _storable(self, start: datetime, what: str) -> bool:
        day = start.date()
        if day > self._today:
            self._skip(what, f"dated {day.isoformat()}, after today")
            return False
        if day < self._earliest:
            before = f"your birth year ({self._born})" if self._born else "1900"
            self._skip(what, f"dated {day.isoformat()}, before {before}")
            return False
        return True

    def _skip(self, what: str, reason: str) -> None:
        self.skipped += 1
        if len(self.skips) < SKIPS_KEPT:
            self.skips.append(HealthSkip(self._xml.line, what, reason))


def _required(attributes: Mapping[str, str], name: str, what: str) -> str:
    value = attributes.get(name)
    if value is None or not value.strip():
        raise InputError(f"a {what} record without {name}.")
    return value


def _instant(text: str, what: str) -> datetime:
    """'2016-04-02 10:40:38 +0100' as an aware datetime in that offset."""
    match = _DATE.match(text.strip())
    if match is None:
        raise InputError(f"{what} '{text}' is not a date like 2016-04-02 10:40:38 +0100.")
    parts = [g for g in match.groups() if g is not None]
    year, month, day, hour, minute, second = (int(p) for p in parts[:6])
    sign, off_h, off_m = parts[6], int(parts[7]), int(parts[8])
    offset = timedelta(hours=off_h, minutes=off_m) * (-1 if sign == "-" else 1)
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=timezone(offset))
    except ValueError as exc:
        raise InputError(f"{what} '{text}' is not a real time ({exc}).") from None


def _number(text: str, what: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"{what}: '{text}' is not a number.") from None
    if not math.isfinite(value) or value < 0:
        raise InputError(f"{what}: {text} is not a possible amount.")
    return value


def _app(source: str) -> str:
    """The recording app or device, one line and at most 128 characters."""
    return "".join(c if c.isprintable() else " " for c in " ".join(source.split()))[:128]


def _hours(minutes: float) -> str:
    hours, rest = divmod(round(minutes), 60)
    return f"{hours} h {rest} min"
