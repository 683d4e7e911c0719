"""Osteoporosis medicines: the built-in table, schedules, and names.

From ../shared/bone-health-facts.md, section 9. bonetrack records a medicine and
its schedule and reminds; it never suggests starting, stopping or changing one.
The built-in table fills in the usual schedule, route and taking rules when the
user types a generic or brand name; every value can be overridden, and any
other medicine can be added with an explicit schedule.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from bonetrack.domain.kinds import MEDICINE_KIND, get_kind
from bonetrack.errors import InputError

ROUTES: tuple[str, ...] = ("oral", "iv", "injection")
ROUTE_LABELS: dict[str, str] = {"oral": "by mouth", "iv": "IV infusion", "injection": "injection"}
UNITS: tuple[str, ...] = ("day", "week", "month")
WEEKDAYS: tuple[str, ...] = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)

# Sources, as the fact sheet names them.
SOURCE_FACTS = "product labels (bone-health facts, section 9)"
SOURCE_DENOSUMAB = "Prolia (denosumab) label; ECTS 2021, Tsourdi, JCEM 106:264"
SOURCE_REASSESS = "ASBMR task force, Adler 2016, JBMR 31:16"
SOURCE_MISSED_WEEKLY = "alendronate (Fosamax) label"
SOURCE_CALCIUM_BISPHOSPHONATE = "oral bisphosphonate labels"

# The longest interval a schedule may have, and the most a fasting window may be.
MAX_INTERVAL_DAYS = 2 * 366
MAX_FASTING_MIN = 240
NAME_LIMIT = 40

# Dated schedules (intervals other than a day or a week): a dose due on day D is
# on time when taken from D - T to D + T, T = a quarter of the interval, rounded
# down, at most 4 weeks (bonetrack's own definition; see the README). A monthly
# tablet gets 7 days, a 3-monthly infusion 22, a 6-monthly or yearly one 28.
TOLERANCE_SHARE = 4
MAX_TOLERANCE_DAYS = 28
# Reminders (remind, the calendar) cover schedules of a month or more.
REMINDER_MIN_DAYS = 28
_DAYS_PER_UNIT = {"day": 1.0, "week": 7.0, "month": 365.25 / 12}


@dataclass(frozen=True, slots=True)
class Every:
    """A schedule's interval: `count` days, weeks or months (a year is 12 months)."""

    count: int
    unit: str  # 'day' | 'week' | 'month'

    @property
    def text(self) -> str:
        """'day', 'week', '6 months', 'year', '3 days'."""
        if self.unit == "month" and self.count % 12 == 0:
            years = self.count // 12
            return "year" if years == 1 else f"{years} years"
        if self.count == 1:
            return self.unit
        return f"{self.count} {self.unit}s"

    @property
    def adverb(self) -> str:
        """'daily', 'weekly', 'monthly', 'yearly', 'every 6 months'."""
        simple = {"day": "daily", "week": "weekly", "month": "monthly", "year": "yearly"}
        return simple.get(self.text, f"every {self.text}")

    @property
    def days(self) -> float:
        """The interval's length in days (a month is 30.44 days on average)."""
        return self.count * _DAYS_PER_UNIT[self.unit]

    @property
    def per(self) -> str:
        """How adherence judges it: 'day', 'week' (ISO weeks) or 'dose' (each due date)."""
        if self.count == 1 and self.unit in ("day", "week"):
            return self.unit
        return "dose"

    @property
    def tolerance_days(self) -> int:
        """Days either side of a due date that a dose still counts as on time ('dose' only)."""
        return min(MAX_TOLERANCE_DAYS, math.floor(self.days / TOLERANCE_SHARE))

    @property
    def reminded(self) -> bool:
        """Whether `remind` and the calendar carry the next dose: intervals of a month or more."""
        return self.days >= REMINDER_MIN_DAYS

    def after(self, day: date) -> date:
        """One interval after `day`; months by the calendar (31 Jan + 1 month: 28 or 29 Feb)."""
        from dateutil.relativedelta import relativedelta

        if self.unit == "day":
            step = relativedelta(days=self.count)
        elif self.unit == "week":
            step = relativedelta(weeks=self.count)
        else:
            step = relativedelta(months=self.count)
        result: date = day + step
        return result


DAILY = Every(1, "day")
WEEKLY = Every(1, "week")
MONTHLY = Every(1, "month")

_EVERY_WORDS: dict[str, Every] = {
    "daily": DAILY,
    "weekly": WEEKLY,
    "monthly": MONTHLY,
    "quarterly": Every(3, "month"),
    "yearly": Every(12, "month"),
    "annually": Every(12, "month"),
}
_EVERY = re.compile(r"^(?:every\s*)?(\d+)?\s*(days?|d|weeks?|w|months?|m|years?|y)$")


def parse_every(text: str) -> Every:
    """'week', 'day', 'month', '3months', '6 months', 'year', '14 days', 'weekly' -> Every."""
    raw = " ".join(text.strip().lower().split())
    if raw in _EVERY_WORDS:
        return _EVERY_WORDS[raw]
    match = _EVERY.match(raw)
    if match is None:
        raise InputError(
            f"cannot read --every '{text}': use day, week, month, 3months, 6months, year "
            "or 'N days' (also weeks, months, years)."
        )
    count = int(match.group(1)) if match.group(1) else 1
    unit = match.group(2)[0]
    if unit == "y":
        count, unit = count * 12, "m"
    return check_every(count, {"d": "day", "w": "week", "m": "month"}[unit], f"--every '{text}'")


def check_every(count: int, unit: str, shown: str | None = None) -> Every:
    """An interval of `count` days, weeks or months, from 1 day to 2 years."""
    if unit not in UNITS:
        raise InputError(f"unknown interval unit '{unit}': use {', '.join(UNITS)}.")
    every = Every(count, unit)
    if count < 1 or every.days > MAX_INTERVAL_DAYS:
        what = shown or f"every {count} {unit}s"
        raise InputError(f"{what} is out of range: from 1 day to 2 years.")
    return every


def parse_weekday(text: str) -> int:
    """'monday', 'mon', 'Mo' -> 0 ... 6."""
    key = text.strip().lower()
    found = [i for i, name in enumerate(WEEKDAYS) if len(key) >= 2 and name.startswith(key)]
    if len(found) != 1:
        raise InputError(f"unknown weekday '{text}': use monday ... sunday (or mon ... sun).")
    return found[0]


@dataclass(frozen=True, slots=True)
class Regimen:
    """A usual way of taking a medicine, as its label gives it."""

    route: str
    dose_mcg: float | None  # None: the fact sheet gives no usual dose
    every: Every
    fasting_min: int | None  # oral bisphosphonates: nothing else for this long after
    taking: str  # the taking rule, for people


@dataclass(frozen=True)
class MedicineInfo:
    """One medicine of the built-in table."""

    key: str
    label: str
    drug_class: str  # 'bisphosphonate' | 'denosumab' | 'anabolic' | 'romosozumab'
    brands: tuple[str, ...]
    regimens: tuple[Regimen, ...]  # the first is the default
    source: str
    aliases: tuple[str, ...] = ()
    other_schedules: str = ""
    course: str = ""  # course length, as the fact sheet gives it

    def regimen(self, route: str | None) -> Regimen:
        if route is None:
            return self.regimens[0]
        for regimen in self.regimens:
            if regimen.route == route:
                return regimen
        return replace(self.regimens[0], route=route, fasting_min=None, taking="")

    @property
    def is_bisphosphonate(self) -> bool:
        return self.drug_class == "bisphosphonate"


_ALENDRONATE_TAKING = (
    "on waking, fasting, with a full glass of plain water; nothing else to eat, drink or take, "
    "and stay upright, for at least 30 minutes"
)
_ANABOLIC_COURSE = (
    "treatment courses are usually limited in length (historically 2 years) "
    "[uncertain: label limits changed in 2020]"
)

BUILTIN: tuple[MedicineInfo, ...] = (
    MedicineInfo(
        key="alendronate",
        label="Alendronate",
        drug_class="bisphosphonate",
        brands=("fosamax",),
        regimens=(Regimen("oral", 70_000.0, WEEKLY, 30, _ALENDRONATE_TAKING),),
        source="alendronate (Fosamax) label",
        other_schedules="or 10 mg daily",
    ),
    MedicineInfo(
        key="risedronate",
        label="Risedronate",
        drug_class="bisphosphonate",
        brands=("actonel",),
        regimens=(
            Regimen(
                "oral",
                35_000.0,
                WEEKLY,
                30,
                "immediate-release: as alendronate, " + _ALENDRONATE_TAKING,
            ),
        ),
        source="risedronate (Actonel) label",
        other_schedules="or 150 mg monthly",
    ),
    MedicineInfo(
        key="risedronate-dr",
        label="Risedronate delayed-release",
        drug_class="bisphosphonate",
        brands=("atelvia",),
        regimens=(Regimen("oral", 35_000.0, WEEKLY, None, "right after breakfast"),),
        source="risedronate delayed-release (Atelvia) label",
    ),
    MedicineInfo(
        key="ibandronate",
        label="Ibandronate",
        drug_class="bisphosphonate",
        brands=("boniva", "bonviva"),
        regimens=(
            Regimen(
                "oral",
                150_000.0,
                MONTHLY,
                60,
                "by mouth: wait at least 60 minutes before food, drink or other medicines",
            ),
            Regimen("iv", 3_000.0, Every(3, "month"), None, "IV injection every 3 months"),
        ),
        source="ibandronate (Boniva) label",
        other_schedules="or 3 mg IV every 3 months (--route iv)",
    ),
    MedicineInfo(
        key="zoledronic-acid",
        label="Zoledronic acid",
        drug_class="bisphosphonate",
        brands=("reclast", "aclasta"),
        regimens=(Regimen("iv", 5_000.0, Every(12, "month"), None, "yearly infusion date"),),
        source="zoledronic acid (Reclast/Aclasta) label",
        aliases=("zoledronate", "zoledronic"),
    ),
    MedicineInfo(
        key="denosumab",
        label="Denosumab",
        drug_class="denosumab",
        brands=("prolia",),
        regimens=(
            Regimen(
                "injection",
                60_000.0,
                Every(6, "month"),
                None,
                "an injection every 6 months: do not stop or delay without a plan",
            ),
        ),
        source=SOURCE_DENOSUMAB,
    ),
    MedicineInfo(
        key="teriparatide",
        label="Teriparatide",
        drug_class="anabolic",
        brands=("forteo", "forsteo"),
        regimens=(Regimen("injection", None, DAILY, None, "a daily injection"),),
        source="teriparatide (Forteo) label",
        course=_ANABOLIC_COURSE,
    ),
    MedicineInfo(
        key="abaloparatide",
        label="Abaloparatide",
        drug_class="anabolic",
        brands=("tymlos",),
        regimens=(Regimen("injection", None, DAILY, None, "a daily injection"),),
        source="abaloparatide (Tymlos) label",
        course=_ANABOLIC_COURSE,
    ),
    MedicineInfo(
        key="romosozumab",
        label="Romosozumab",
        drug_class="romosozumab",
        brands=("evenity",),
        regimens=(Regimen("injection", 210_000.0, MONTHLY, None, "a monthly injection"),),
        source="romosozumab (Evenity) label",
        course="a fixed 12-month course (12 doses)",
    ),
)

_BY_NAME: dict[str, MedicineInfo] = {}
for _info in BUILTIN:
    for _name in (_info.key, _info.label.lower(), *_info.brands, *_info.aliases):
        _BY_NAME[_name.replace(" ", "-")] = _info

# Names that are something else in bonetrack: the supplements `log` takes.
_RESERVED = frozenset({"k2", "calcium", "ca", "vitamin-d", "d", "d3", "vitd", "exercise"})
_CUSTOM_NAME = re.compile(r"^[^\W_][\w.+()/-]*$")


def normalise_name(text: str) -> str:
    """'Zoledronic Acid' -> 'zoledronic-acid': lower case, spaces as hyphens."""
    return "-".join(text.strip().lower().replace("_", " ").split())


def builtin(name: str) -> MedicineInfo | None:
    """The built-in medicine called `name` (generic, brand or alias, any case), or None."""
    return _BY_NAME.get(normalise_name(name))


def medicine_key(name: str) -> str:
    """The key a medicine is stored under: the built-in key, or the normalised custom name."""
    info = builtin(name)
    if info is not None:
        return info.key
    key = normalise_name(name)
    if not key:
        raise InputError("give the medicine's name, e.g. alendronate.")
    if key in _RESERVED or key == "medicine":
        hint = f" (`bonetrack log {get_kind(key).name}`)" if key in _RESERVED else ""
        raise InputError(f"'{name}' is not a medicine name bonetrack can use{hint}.")
    if len(key) > NAME_LIMIT or not _CUSTOM_NAME.match(key):
        raise InputError(
            f"cannot use '{name}' as a medicine name: letters, digits and - . + ( ) / only, "
            f"at most {NAME_LIMIT} characters."
        )
    return key


def medicine_label(key: str) -> str:
    """'Alendronate', or a custom medicine's name as stored."""
    info = _BY_NAME.get(key)
    return info.label if info is not None and info.key == key else key


def medicine_info(key: str) -> MedicineInfo | None:
    """The built-in medicine stored under `key` (not a brand or alias)."""
    info = _BY_NAME.get(key)
    return info if info is not None and info.key == key else None


@dataclass(frozen=True, slots=True)
class MedicineVersion:
    """One version of one medicine's schedule: in force from `valid_from` until the next.

    `active=False` is a stop. `dose_mcg` is one dose, in µg (None: not known).
    """

    name: str
    dose_mcg: float | None
    every: Every
    weekday: int | None  # weekly schedules: the usual day (0 Monday)
    route: str
    fasting_min: int | None  # oral bisphosphonates: the window after a dose
    valid_from: date
    active: bool = True

    def columns(self) -> dict[str, object]:
        """Its columns in the medicines table (when it was stored apart)."""
        return {
            "name": self.name,
            "dose": self.dose_mcg,
            "every_count": self.every.count,
            "every_unit": self.every.unit,
            "weekday": self.weekday,
            "route": self.route,
            "fasting_min": self.fasting_min,
            "valid_from": self.valid_from,
            "active": self.active,
        }

    @property
    def label(self) -> str:
        return medicine_label(self.name)

    @property
    def info(self) -> MedicineInfo | None:
        return medicine_info(self.name)

    @property
    def dose_weekday(self) -> int:
        """Weekly schedules: the day a dose is due (the usual day, else the first day's)."""
        return self.weekday if self.weekday is not None else self.valid_from.weekday()

    @property
    def oral_bisphosphonate(self) -> bool:
        info = self.info
        return info is not None and info.is_bisphosphonate and self.route == "oral"

    def short(self) -> str:
        """'70 mg weekly', '60 mg every 6 months'."""
        from bonetrack.domain.amounts import format_amount

        dose = format_amount(MEDICINE_KIND, self.dose_mcg) + " " if self.dose_mcg else ""
        return f"{dose}{self.every.adverb}"

    def describe(self) -> str:
        """'70 mg weekly on Monday, by mouth'."""
        from bonetrack.domain.amounts import format_amount

        dose = format_amount(MEDICINE_KIND, self.dose_mcg) + " " if self.dose_mcg else ""
        on = f" on {WEEKDAYS[self.weekday].capitalize()}" if self.weekday is not None else ""
        return f"{dose}{self.every.adverb}{on}, {ROUTE_LABELS.get(self.route, self.route)}"


def new_version(
    name: str,
    valid_from: date,
    *,
    dose: str | None = None,
    every: str | None = None,
    weekday: str | None = None,
    route: str | None = None,
    fasting: str | None = None,
    base: MedicineVersion | None = None,
) -> MedicineVersion:
    """A schedule from what the user typed, over `base` (the version in force) or the
    built-in table's usual regimen; an error when something is missing or wrong."""
    from bonetrack.domain.amounts import parse_amount

    key = medicine_key(name)
    info = medicine_info(key)
    checked_route = parse_route(route) if route is not None else None
    if base is not None and (checked_route is None or checked_route == base.route):
        start = base
    elif info is not None:
        regimen = info.regimen(checked_route)
        start = MedicineVersion(
            key,
            regimen.dose_mcg,
            regimen.every,
            None,
            regimen.route,
            regimen.fasting_min,
            valid_from,
        )
    else:
        if every is None:
            raise InputError(
                f"'{name}' is not in bonetrack's table of osteoporosis medicines: give its "
                f"schedule, e.g. `bonetrack med add {key} --dose 10mg --every day`."
            )
        start = MedicineVersion(key, None, DAILY, None, checked_route or "oral", None, valid_from)
    version = replace(start, valid_from=valid_from, active=True)
    if checked_route is not None:
        version = replace(version, route=checked_route)
    if dose is not None:
        version = replace(version, dose_mcg=parse_amount(MEDICINE_KIND, dose).value)
    if every is not None:
        version = replace(version, every=parse_every(every))
    if version.every.unit != "week":
        version = replace(version, weekday=None)
    if weekday is not None:
        if version.every.unit != "week":
            raise InputError(
                "--on is for weekly schedules; a dose every "
                f"{version.every.text} is due {version.every.text} after the last one."
            )
        version = replace(version, weekday=parse_weekday(weekday))
    elif version.every.unit == "week" and version.weekday is None:
        version = replace(version, weekday=valid_from.weekday())
    if fasting is not None:
        version = replace(version, fasting_min=parse_fasting(fasting))
    if version.route != "oral":
        version = replace(version, fasting_min=None)
    if (
        version.dose_mcg is None
        and info is not None
        and info.regimen(version.route).dose_mcg is None
    ):
        raise InputError(
            f"the fact sheet gives no usual dose for {info.label}: give the dose on your "
            f"prescription with --dose (e.g. --dose 20mcg)."
        )
    return version


def parse_route(text: str) -> str:
    """'oral', 'IV', 'tablet', 'sc' -> oral, iv or injection."""
    key = text.strip().lower()
    aliases = {"mouth": "oral", "tablet": "oral", "infusion": "iv", "sc": "injection"}
    key = aliases.get(key, key)
    if key not in ROUTES:
        raise InputError(f"unknown route '{text}': use {', '.join(ROUTES)}.")
    return key


def parse_fasting(text: str) -> int | None:
    """'30', '60min', 'none' -> minutes (None: no fasting window)."""
    raw = text.strip().lower().removesuffix("minutes").removesuffix("min").strip()
    if raw in ("none", "0", "no"):
        return None
    if not raw.isdigit():
        raise InputError(_fasting_range(f"--fasting '{text}'"))
    return check_fasting(int(raw), f"--fasting '{text}'")


def check_fasting(minutes: int, shown: str | None = None) -> int:
    if not 1 <= minutes <= MAX_FASTING_MIN:
        raise InputError(_fasting_range(shown or f"a fasting window of {minutes} minutes"))
    return minutes


def _fasting_range(what: str) -> str:
    return f"{what} must be minutes from 1 to {MAX_FASTING_MIN}, or none."


def check_schedule(version: MedicineVersion) -> None:
    """What `med add`, `med edit` and `med stop` always store: an error for a schedule they
    never would (an import's), naming what is wrong."""
    from bonetrack.domain.amounts import check_amount

    check_every(version.every.count, version.every.unit)
    if version.route not in ROUTES:
        raise InputError(f"unknown route '{version.route}': use {', '.join(ROUTES)}.")
    if version.every.unit == "week":
        if version.weekday is None:
            raise InputError("a weekly schedule needs its usual weekday.")
        if not 0 <= version.weekday <= 6:
            raise InputError(f"weekday {version.weekday} is not 0 (Monday) to 6 (Sunday).")
    elif version.weekday is not None:
        raise InputError(
            f"a weekday is for weekly schedules, not a dose every {version.every.text}."
        )
    if version.fasting_min is not None:
        if version.route != "oral":
            raise InputError(
                "a fasting window is for a medicine taken by mouth, "
                f"not one given as {ROUTE_LABELS[version.route]}."
            )
        check_fasting(version.fasting_min)
    if version.dose_mcg is not None:
        check_amount(MEDICINE_KIND, version.dose_mcg)
    elif version.info is not None:
        raise InputError(
            f"{version.label} needs its dose (bonetrack stores it with every schedule)."
        )


def same_schedule(a: MedicineVersion, b: MedicineVersion) -> bool:
    """Whether two versions say the same (apart from the day they start)."""
    return replace(a, valid_from=b.valid_from) == b


def group_medicines(versions: Sequence[MedicineVersion]) -> dict[str, list[MedicineVersion]]:
    """Versions per medicine, each sorted by valid_from (stable: later rows win a tie),
    medicines in the order they were first scheduled."""
    grouped: dict[str, list[MedicineVersion]] = {}
    for version in sorted(versions, key=lambda v: v.valid_from):
        grouped.setdefault(version.name, []).append(version)
    return grouped


def in_force(versions: Sequence[MedicineVersion], day: date) -> MedicineVersion | None:
    """The active schedule on `day` (versions sorted), or None: not yet started, or stopped."""
    from bonetrack.domain.plans import version_in_force

    version = version_in_force(versions, day)
    return version if version is not None and version.active else None
