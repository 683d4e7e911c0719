"""What is due: the next DEXA scan, the clinician check-in and the monthly symptom record.

Intervals come from ../shared/bone-health-facts.md (sections 6 and 8) unless the
user set their own. Month arithmetic uses relativedelta, so 31 January + 1 month
is the last day of February, never 3 March.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from dateutil.relativedelta import relativedelta

from bonetrack.errors import InputError

ReminderKind = Literal["fracture", "medicine", "scan", "checkin", "symptoms"]
# Order of reminders due on the same day: a new fracture first. There is one
# "medicine" reminder per medicine given monthly or less often (its `subject`).
REMINDER_KINDS: tuple[ReminderKind, ...] = ("fracture", "medicine", "scan", "checkin", "symptoms")

# `remind` and the report list what is overdue, due today or due within this many days.
WINDOW_DAYS = 30

DEFAULT_SCAN_MONTHS = 24
DEFAULT_CHECKIN_MONTHS = 3
SYMPTOM_MONTHS = 1

SCAN_DEFAULT_BASIS = (
    "default: scans are typically repeated every 1-2 years; Choosing Wisely: routinely "
    "not more often than every 2 years"
)
# The seed sources ask for quarterly check-ins; no guideline sets this interval.
CHECKIN_DEFAULT_BASIS = (
    "bonetrack's default, from its seed sources' quarterly check-ins with the clinician"
)

# name -> (shortest, longest) allowed interval in months
INTERVAL_LIMITS: dict[str, tuple[int, int]] = {
    "scan-interval": (1, 180),
    "checkin-interval": (1, 24),
}

_INTERVAL_PART = re.compile(
    r"(\d+)\s*(years?|yrs?|y|months?|mon|mos?|m)(?=\d|\s|$)\s*", re.IGNORECASE
)


# user-facing name -> settings key
CONFIG_KEYS: dict[str, str] = {
    "scan-interval": "config.scan_interval",
    "checkin-interval": "config.checkin_interval",
}
# A random id made once per database, so calendar UIDs stay stable across exports.
CALENDAR_ID_KEY = "ics.calendar_id"
# + a reminder's key ('scan', 'medicine-denosumab'): the sequence, content hash and time
# of its event in the last calendar file written (`EventVersion`)
EVENT_KEY_PREFIX = "ics.event."


@dataclass(frozen=True)
class Interval:
    months: int
    source: Literal["default", "setting"]

    @property
    def text(self) -> str:
        """'2 years', '18 months', '1 month'."""
        if self.months % 12 == 0:
            years = self.months // 12
            return f"{years} year{'s' if years != 1 else ''}"
        return f"{self.months} month{'s' if self.months != 1 else ''}"

    @property
    def setting_value(self) -> str:
        """The canonical stored form: '2y', '18m'."""
        return f"{self.months // 12}y" if self.months % 12 == 0 else f"{self.months}m"


def parse_interval(text: str, name: str = "scan-interval") -> Interval:
    """'2y', '18m', '6 months', '1 year 6 months', '1y6m' -> Interval (whole months)."""
    raw = text.strip()
    pos, months, matched = 0, 0, False
    while pos < len(raw):
        match = _INTERVAL_PART.match(raw, pos)
        if match is None:
            matched = False
            break
        matched = True
        number, unit = int(match.group(1)), match.group(2).lower()
        months += number * 12 if unit.startswith("y") else number
        pos = match.end()
    if not matched:
        if raw.isdigit():
            raise InputError(
                f"the interval '{text}' needs a unit: {raw}y for years or {raw}m for months."
            )
        raise InputError(
            f"cannot read the interval '{text}': use years or months, e.g. 2y, 18m, 6 months."
        )
    low, high = INTERVAL_LIMITS.get(name, (1, 180))
    if not low <= months <= high:
        raise InputError(
            f"{name} '{text}' is out of range: it must be between "
            f"{Interval(low, 'setting').text} and {Interval(high, 'setting').text}."
        )
    return Interval(months, "setting")


def add_months(day: date, months: int) -> date:
    result: date = day + relativedelta(months=months)
    return result


@dataclass(frozen=True)
class Reminder:
    kind: ReminderKind
    due: date
    overdue: bool
    days: int  # due - today: negative when overdue, 0 today
    message: str
    subject: str | None = None  # medicine reminders: the medicine's key
    rule: str = ""  # what set the due date: 'last scan 2025-03-14 + 2 years (...)'
    notice: str = ""  # a prominent notice that goes with it (a late denosumab dose)

    @property
    def key(self) -> str:
        """One per reminder: its kind, or 'medicine-denosumab' (calendar UIDs, SEQUENCE)."""
        return self.kind if self.subject is None else f"{self.kind}-{self.subject}"

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "due": self.due.isoformat(),
            "overdue": self.overdue,
            "days": self.days,
            "message": self.message,
            "rule": self.rule,
            **({"medicine": self.subject} if self.subject is not None else {}),
        }

    @property
    def status(self) -> Literal["overdue", "due today", "upcoming"]:
        if self.days < 0:
            return "overdue"
        return "due today" if self.days == 0 else "upcoming"


@dataclass(frozen=True)
class EventVersion:
    """What the last calendar file written said of one reminder's event (render/ics.py)."""

    sequence: int  # SEQUENCE: grows only when the event changes
    content: str  # a hash of the event's day, summary and description
    modified: datetime  # when that content was first written (LAST-MODIFIED)

    def setting_value(self) -> str:
        return f"{self.sequence} {self.content} {self.modified.isoformat()}"

    @staticmethod
    def is_setting_key(key: str) -> bool:
        """Whether `key` is `ics.event.` and a reminder's key ('scan', 'medicine-denosumab')."""
        from bonetrack.domain.medicines import medicine_key

        if not key.startswith(EVENT_KEY_PREFIX):
            return False
        kind, _, subject = key.removeprefix(EVENT_KEY_PREFIX).partition("-")
        if kind != "medicine":
            return kind in REMINDER_KINDS and not subject
        try:
            return bool(subject) and medicine_key(subject) == subject
        except InputError:
            return False

    @staticmethod
    def check_setting(value: str) -> str:
        """An imported `ics.event.*` setting's value, as it is stored; InputError when it is
        not one this version writes."""
        found = EventVersion.from_setting(value)
        if found is None or found.setting_value() != value:
            raise InputError(f"'{value}' is not a calendar event's sequence, hash and time.")
        return value

    @staticmethod
    def from_setting(value: str) -> EventVersion | None:
        """None for a value this version cannot read: the event then starts again at 0."""
        try:
            sequence, content, modified = value.split(" ")
            return EventVersion(int(sequence), content, datetime.fromisoformat(modified))
        except ValueError:
            return None


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def when_text(due: date, today: date) -> str:
    """'overdue by 12 days (due 2026-11-10)', 'due today (2026-11-22)', 'due in 3 days (...)'."""
    days = (due - today).days
    if days < 0:
        return f"overdue by {_plural(-days, 'day')} (due {due.isoformat()})"
    if days == 0:
        return f"due today ({due.isoformat()})"
    return f"due in {_plural(days, 'day')} ({due.isoformat()})"


def _reminder(kind: ReminderKind, due: date, today: date, message: str, rule: str) -> Reminder:
    days = (due - today).days
    return Reminder(kind=kind, due=due, overdue=days < 0, days=days, message=message, rule=rule)


def _basis(interval: Interval, setting: str, default_basis: str) -> str:
    if interval.source == "setting":
        return f"{interval.text} (your {setting} setting)"
    return f"{interval.text} ({default_basis})"


def scan_reminder(today: date, last_scan: date | None, interval: Interval) -> Reminder:
    basis = _basis(interval, "scan-interval", SCAN_DEFAULT_BASIS)
    if last_scan is None:
        return _reminder(
            "scan",
            today,
            today,
            "No DEXA scan recorded yet: record your last one with `bonetrack scan add --date "
            f"DATE --site SITE --bmd G_CM2` to know when the next is due. Interval: {basis}.",
            f"no scan recorded yet, so due now; interval {basis}",
        )
    due = add_months(last_scan, interval.months)
    rule = f"last scan {last_scan.isoformat()} + {basis}"
    return _reminder("scan", due, today, f"DEXA scan {when_text(due, today)}: {rule}.", rule)


def checkin_reminder(today: date, last_checkin: date | None, interval: Interval) -> Reminder:
    basis = _basis(interval, "checkin-interval", CHECKIN_DEFAULT_BASIS)
    if last_checkin is None:
        return _reminder(
            "checkin",
            today,
            today,
            "No clinician check-in recorded yet: record your last visit with `bonetrack event "
            f"add checkin --at DATE`. Interval: {basis}.",
            f"no check-in recorded yet, so due now; interval {basis}",
        )
    due = add_months(last_checkin, interval.months)
    rule = f"last check-in {last_checkin.isoformat()} + {basis}"
    return _reminder(
        "checkin", due, today, f"Clinician check-in {when_text(due, today)}: {rule}.", rule
    )


def fracture_reminder(today: date, fracture: date | None) -> Reminder | None:
    """A fracture recorded with no clinician check-in after it: tell the clinician.

    `fracture` is the day of the latest such fracture (None: none). The reminder
    is due from that day and stays until a check-in is recorded after it.
    """
    if fracture is None:
        return None
    return _reminder(
        "fracture",
        fracture,
        today,
        f"A fracture was recorded on {fracture.isoformat()}: tell your clinician, since a "
        "broken bone can change how osteoporosis is judged and treated. Once you have, record "
        "the visit with `bonetrack event add checkin`.",
        f"a fracture on {fracture.isoformat()} and no clinician check-in recorded after it",
    )


def symptoms_reminder(today: date, last_record: date | None) -> Reminder:
    """Monthly: record bone pain, falls or mobility changes.

    `last_record` is the latest day with a fall, fracture, pain or mobility event
    or any event with a note; a month without one makes the reminder due.
    """
    ask = "record bone pain, falls or mobility changes (`bonetrack event add pain|fall|mobility`)"
    if last_record is None:
        return _reminder(
            "symptoms",
            today,
            today,
            f"Symptom check-in due today ({today.isoformat()}): {ask}; nothing recorded yet "
            "(a record every month).",
            "nothing recorded yet, so due now (a record every month)",
        )
    due = add_months(last_record, SYMPTOM_MONTHS)
    rule = f"last record {last_record.isoformat()} + 1 month (a record every month)"
    return _reminder(
        "symptoms", due, today, f"Symptom check-in {when_text(due, today)}: {ask}; {rule}.", rule
    )


def next_reminders(
    today: date,
    *,
    last_scan: date | None,
    scan_interval: Interval,
    last_checkin: date | None,
    checkin_interval: Interval,
    last_symptom_record: date | None,
    fracture_to_report: date | None = None,
) -> list[Reminder]:
    """The next reminder of each kind, however far away (the calendar file uses all)."""
    fracture = fracture_reminder(today, fracture_to_report)
    return [
        *([fracture] if fracture is not None else []),
        scan_reminder(today, last_scan, scan_interval),
        checkin_reminder(today, last_checkin, checkin_interval),
        symptoms_reminder(today, last_symptom_record),
    ]


def due_reminders(
    reminders: list[Reminder], window_days: int | None = WINDOW_DAYS
) -> list[Reminder]:
    """Overdue, due today or due within `window_days` (None: however far), soonest first."""
    due = [r for r in reminders if window_days is None or r.days <= window_days]
    return sorted(due, key=lambda r: (r.due, REMINDER_KINDS.index(r.kind), r.subject or ""))


# `remind --within`: from a day to 20 years (a scan interval is at most 15).
_WITHIN = re.compile(r"^(\d+)\s*(d|days?|w|wks?|weeks?|m|mos?|months?|y|yrs?|years?)$")
WITHIN_LIMIT_MONTHS = 240


def within_days(text: str, today: date) -> tuple[int, str]:
    """`--within 6m` from `today`: the number of days to the horizon, and the span in words.

    Months and years are calendar months from today ('6m' on 31 August ends on
    28 February), as the intervals are.
    """
    match = _WITHIN.match(" ".join(text.strip().lower().split()))
    if match is None:
        raise InputError(
            f"cannot read --within '{text}': use days, weeks, months or years, "
            "e.g. 45d, 8w, 6m, 1y."
        )
    number, unit = int(match.group(1)), match.group(2)[0]
    if number == 0:
        raise InputError(f"--within '{text}' must be at least a day.")
    if unit in "my":
        months = number * (12 if unit == "y" else 1)
        if months > WITHIN_LIMIT_MONTHS:
            raise InputError(f"--within '{text}' is too far ahead: at most 20 years (or --all).")
        horizon = add_months(today, months)
        words = Interval(months, "setting").text
    else:
        days = number * (7 if unit == "w" else 1)
        if days > WITHIN_LIMIT_MONTHS * 31:
            raise InputError(f"--within '{text}' is too far ahead: at most 20 years (or --all).")
        horizon = today + timedelta(days=days)
        words = _plural(number, "week" if unit == "w" else "day")
    return (horizon - today).days, words
