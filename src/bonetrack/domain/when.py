"""Parsing the user's words for a moment (`--at`) or a day (`--from`, `--to`, `--date`).

A date without a time means that day at the current wall-clock time, the way
"yesterday" does: the entry keeps a plausible time of day and a date alone never
lands in the future.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from bonetrack.clock import localize
from bonetrack.errors import InputError

_DAYS_AGO = re.compile(r"^(\d+)\s+days?\s+ago(?:\s+(.+))?$")
_WEEKS_AGO = re.compile(r"^(\d+)\s+weeks?\s+ago(?:\s+(.+))?$")
_UNITS_AGO = re.compile(r"^(\d+)\s*(minutes?|mins?|m|hours?|hrs?|h)\s+ago$")
_DATE_AND_CLOCK = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:t|\s+)(.+)$")
_CLOCK = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$")

# Nothing a person logs, plans or reports on predates this; earlier dates are typos
# ("0026-11-20") and would overflow date arithmetic ("99999999 days ago").
EARLIEST = date(1900, 1, 1)

_EXAMPLES = (
    "e.g. 2026-11-20, 2026-11-20 08:30, today, yesterday 21:00, 3 days ago, 2 hours ago, 8:30, 8am"
)


def _parse_clock(text: str) -> time | None:
    """'8:30', '20:15', '8am', '8:30 pm' -> time; None if it is not a time of day."""
    match = _CLOCK.match(text)
    if match is None:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    meridiem = (match.group(3) or "").replace(".", "")
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    if hour > 23 or minute > 59 or (not meridiem and match.group(2) is None):
        # A bare number ("8") is too ambiguous to be a time.
        return None
    return time(hour, minute)


def _relative_day(text: str, today: date) -> tuple[date, str] | None:
    """('yesterday 21:00') -> (yesterday, '21:00'); None if no relative day word."""
    if text == "today" or text.startswith("today "):
        return today, text[5:].strip()
    if text == "yesterday" or text.startswith("yesterday "):
        return today - timedelta(days=1), text[9:].strip()
    for pattern, days in ((_DAYS_AGO, 1), (_WEEKS_AGO, 7)):
        match = pattern.match(text)
        if match:
            back = int(match.group(1)) * days
            if back > (today - EARLIEST).days:
                raise InputError(f"'{text}' is before {EARLIEST}: check the number.")
            return today - timedelta(days=back), (match.group(2) or "")
    return None


def parse_when(text: str, now: datetime) -> datetime:
    """The aware instant that `text` names, relative to `now` (aware, local).

    Raises InputError for text it cannot read and for moments in the future.
    """
    raw = " ".join(text.strip().lower().split())
    if not raw:
        raise InputError("empty --at value: " + _EXAMPLES + ".")
    result = _parse(raw, now)
    if result is None:
        raise InputError(f"cannot read the time '{text}': {_EXAMPLES}.")
    if result.date() < EARLIEST:
        raise InputError(f"'{text}' is before {EARLIEST}: check the date.")
    if result > now:
        shown = result.strftime("%Y-%m-%d %H:%M")
        raise InputError(f"'{text}' ({shown}) is in the future; log what has already happened.")
    return result


def _at(day: date, clock: time) -> datetime:
    return _localize(datetime.combine(day, clock))


def _localize(naive: datetime) -> datetime:
    """The local instant of a wall-clock time, also for times a DST change skipped.

    For 02:30 on a spring-forward night the naive conversion lands an hour before
    what was typed; the wall clock read 02:30 only before it was moved, so this is
    03:30 summer time (the zoneinfo reading of fold=0). Dates before EARLIEST are
    refused later; here they must not overflow.
    """
    if naive.year < EARLIEST.year:
        return naive.replace(tzinfo=UTC)
    local = localize(naive)
    if local.replace(tzinfo=None) != naive:
        local = localize(naive.replace(fold=1))
    return local


def _parse(raw: str, now: datetime) -> datetime | None:
    raw = raw.replace(" at ", " ")  # "yesterday at 9pm"
    if raw == "now":
        return now
    ago = _UNITS_AGO.match(raw)
    if ago:
        minutes = int(ago.group(1)) * (60 if ago.group(2).startswith("h") else 1)
        if minutes > (now.date() - EARLIEST).days * 1440:
            raise InputError(f"'{raw}' is before {EARLIEST}: check the number.")
        return now - timedelta(minutes=minutes)
    current = now.time().replace(second=0, microsecond=0)
    date_and_clock = _DATE_AND_CLOCK.match(raw)
    if date_and_clock:
        clock = _parse_clock(date_and_clock.group(2))
        if clock is not None:
            try:
                return _at(date.fromisoformat(date_and_clock.group(1)), clock)
            except ValueError:
                return None
    relative = _relative_day(raw, now.date())
    if relative is not None:
        day, rest = relative
        if not rest:
            return now if day == now.date() else _at(day, current)
        clock = _parse_clock(rest)
        return _at(day, clock) if clock is not None else None
    clock = _parse_clock(raw)
    if clock is not None:
        return _at(now.date(), clock)
    try:
        parsed = datetime.fromisoformat(raw.upper() if "t" in raw else raw)
    except ValueError:
        parsed = None
    if parsed is not None:
        if len(raw) == 10:  # a date alone
            return _at(parsed.date(), current)
        return parsed if parsed.tzinfo is not None else _localize(parsed)
    return _parse_free(raw, now, current)


def _parse_free(raw: str, now: datetime, current: time) -> datetime | None:
    """Anything else dateutil can read unambiguously ('20 nov 2026 8am', 'nov 21').

    Without a time of day it keeps the current one, as a plain date does.
    """
    if not re.search(r"[a-z]{3}", raw):
        return None  # digits only: leave ambiguous day/month orders unparsed
    from dateutil import parser  # slow to import; only for unusual input

    # Parse against two defaults that differ in every time field: a field on
    # which the results agree was in the text. No hour: keep the current time.
    try:
        early = parser.parse(raw, default=datetime.combine(now.date(), time(0, 0)))
        late = parser.parse(raw, default=datetime.combine(now.date(), time(23, 59)))
    except (ValueError, OverflowError):
        return None
    if early.hour != late.hour:
        parsed = datetime.combine(early.date(), current)
    else:
        minute = early.minute if early.minute == late.minute else 0
        parsed = early.replace(minute=minute, second=0, microsecond=0)
    return parsed if parsed.tzinfo is not None else _localize(parsed)


def optional_day(text: str | None, today: date, option: str) -> date | None:
    """`option`'s day, None when it was not given; given but empty is an error, not 'no filter'."""
    return None if text is None else parse_day(text, today, option)


def parse_day(text: str, today: date, option: str | None = None) -> date:
    """A calendar day: ISO date, 'today', 'yesterday', 'N days ago', 'N weeks ago'."""
    raw = " ".join(text.strip().lower().split())
    if not raw:
        what = f"{option} is empty" if option else "empty date"
        raise InputError(f"{what}: use YYYY-MM-DD, today, yesterday or 'N days ago'.")
    relative = _relative_day(raw, today)
    if relative is not None and not relative[1]:
        return relative[0]
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise InputError(
            f"cannot read the date '{text}': use YYYY-MM-DD, today, yesterday or 'N days ago'."
        ) from None
    if day < EARLIEST:
        raise InputError(f"'{text}' is before {EARLIEST}: check the date.")
    return day


def parse_clock(text: str) -> time | None:
    """A time of day as other apps write it ('8:05 AM', '08:14 AM', '20:15'); None if not one."""
    return _parse_clock(" ".join(text.strip().lower().split()))


def local_moment(day: date, clock: time) -> datetime:
    """The aware instant of a local wall-clock time on `day` (a skipped DST time moves on)."""
    return _at(day, clock)
