"""Parsing the user's words for a moment (`--at`) or a day (`--from`, `--to`, `--date`).

One grammar everywhere: a day is any of the day forms below, and a moment is a
day, a time of day, or a day followed by a time of day. Options that take a day
(`--from`, `--date`) accept every day form and refuse a time of day.

Days: `2026-11-20`, `today`, `yesterday`, `3 days ago`, `2 weeks ago`, a weekday
(`monday`, `mon`: the most recent one, today included, never a future one),
`last monday` (the one before today), a month name (`nov 20`, `20 nov 2026`),
a slash date (`20/11/2026`, `11/20/2026`: read in the user's date order,
`2026/11/20` always year first).
Times: `8:30`, `20:15`, `8am`, `8:30 pm`, `morning` (08:00), `noon` (12:00),
`night` (21:00). Phrases: `now`, `this morning`, `tonight`, `last night`
(yesterday 21:00), `2 hours ago`, `90 min ago`.

A date without a time means that day at the current wall-clock time, the way
"yesterday" does: the entry keeps a plausible time of day and a date alone never
lands in the future.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

from bonetrack.clock import localize
from bonetrack.errors import InputError

_DAYS_AGO = re.compile(r"^(\d+)\s+days?\s+ago$")
_WEEKS_AGO = re.compile(r"^(\d+)\s+weeks?\s+ago$")
_UNITS_AGO = re.compile(r"^(\d+)\s*(minutes?|mins?|m|hours?|hrs?|h)\s+ago$")
_DATE_AND_CLOCK = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:t|\s+)(.+)$")
_CLOCK = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$")
_SLASH = re.compile(r"^(\d{1,4})/(\d{1,2})/(\d{1,4})$")

# Nothing a person logs, plans or reports on predates this; earlier dates are typos
# ("0026-11-20") and would overflow date arithmetic ("99999999 days ago").
EARLIEST = date(1900, 1, 1)

# The order of day, month and year in a slash date with the year last (`config set
# date-order`). A year written first (2026/11/20) is always year, month, day.
DateOrder = Literal["dmy", "mdy", "ymd"]
DATE_ORDERS: tuple[DateOrder, ...] = ("dmy", "mdy", "ymd")
# The setting `bonetrack config set date-order` stores.
DATE_ORDER_KEY = "config.date_order"
ORDER_PATTERNS: dict[DateOrder, str] = {
    "dmy": "DD/MM/YYYY",
    "mdy": "MM/DD/YYYY",
    "ymd": "YYYY/MM/DD",
}
# Where the order comes from; called only when a slash date needs it (it may read a setting).
OrderSource = Callable[[], "DateOrder | None"]

# Times of day said in words: bonetrack's own fixed readings, listed in `log --help`.
TIME_WORDS: dict[str, time] = {
    "morning": time(8, 0),
    "noon": time(12, 0),
    "midday": time(12, 0),
    "night": time(21, 0),
}
_WEEKDAYS: dict[str, int] = {
    **dict.fromkeys(("monday", "mon"), 0),
    **dict.fromkeys(("tuesday", "tue", "tues"), 1),
    **dict.fromkeys(("wednesday", "wed"), 2),
    **dict.fromkeys(("thursday", "thu", "thur", "thurs"), 3),
    **dict.fromkeys(("friday", "fri"), 4),
    **dict.fromkeys(("saturday", "sat"), 5),
    **dict.fromkeys(("sunday", "sun"), 6),
}
_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip

_EXAMPLES = (
    "e.g. 2026-11-20, 2026-11-20 08:30, today, yesterday 21:00, this morning, last night, "
    "monday 8am, 3 days ago, 2 hours ago, 8:30, 8am"
)
DAY_EXAMPLES = "use YYYY-MM-DD, today, yesterday, '3 days ago', monday, 'last monday' or 'nov 20'"


def _no_order() -> DateOrder | None:
    return None


def _parse_clock(text: str) -> time | None:
    """'8:30', '20:15', '8am', '8:30 pm', 'noon' -> time; None if it is not a time of day."""
    if text in TIME_WORDS:
        return TIME_WORDS[text]
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


def long_date(day: date) -> str:
    """'1 November 2026': a reading no one can take for another date."""
    return f"{day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"


def _valid_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _slash_date(raw: str, order: OrderSource) -> date | None:
    """A slash date, read in the user's date order; None if `raw` is not one.

    Without a known order a date with only one reading (25/11/2026, 05/05/2026)
    is taken; one with two is an error that names both.
    """
    match = _SLASH.match(raw)
    if match is None:
        return None
    first, second, third = match.groups()
    if len(first) == 4:  # the year first: 2026/11/20, the only order that starts so
        return _valid_date(int(first), int(second), int(third))
    if len(third) != 4:
        raise InputError(f"'{raw}': write the year in full (four digits), e.g. 20/11/2026.")
    a, b, year = int(first), int(second), int(third)
    readings: dict[DateOrder, date | None] = {
        "dmy": _valid_date(year, b, a),
        "mdy": _valid_date(year, a, b),
    }
    chosen = order()
    if chosen == "ymd":
        raise InputError(
            f"'{raw}' does not fit your date order ymd ({ORDER_PATTERNS['ymd']}): write "
            "YYYY-MM-DD, or change the order with `bonetrack config set date-order dmy` (or mdy)."
        )
    if chosen is not None:
        found = readings[chosen]
        if found is None:
            raise InputError(
                f"'{raw}' is not a date in your date order {chosen} ({ORDER_PATTERNS[chosen]}); "
                "see `bonetrack config get date-order`."
            )
        return found
    dmy, mdy = readings["dmy"], readings["mdy"]
    if dmy is None or mdy is None or dmy == mdy:
        return dmy or mdy
    raise InputError(
        f"'{raw}' could be {long_date(dmy)} (day first) or {long_date(mdy)} (month first): "
        f"write {dmy.isoformat()} or {mdy.isoformat()}, or set your date order once with "
        "`bonetrack config set date-order dmy` (or mdy)."
    )


def _weekday_before(today: date, weekday: int, *, include_today: bool) -> date:
    back = (today.weekday() - weekday) % 7
    if back == 0 and not include_today:
        back = 7
    return today - timedelta(days=back)


class _Day:
    """A day the text named; `weekday`: a bare weekday, which steps back a week rather
    than name a time later today."""

    __slots__ = ("day", "weekday")

    def __init__(self, day: date, weekday: bool = False) -> None:
        self.day = day
        self.weekday = weekday


def _day_of(raw: str, today: date, order: OrderSource) -> _Day | None:
    """The day `raw` names in one of the day forms (not month names); None if none."""
    if raw == "today":
        return _Day(today)
    if raw == "yesterday":
        return _Day(today - timedelta(days=1))
    if raw in _WEEKDAYS:
        return _Day(_weekday_before(today, _WEEKDAYS[raw], include_today=True), weekday=True)
    if raw.startswith("last ") and raw[5:] in _WEEKDAYS:
        return _Day(_weekday_before(today, _WEEKDAYS[raw[5:]], include_today=False))
    for pattern, days in ((_DAYS_AGO, 1), (_WEEKS_AGO, 7)):
        match = pattern.match(raw)
        if match:
            back = int(match.group(1)) * days
            if back > (today - EARLIEST).days:
                raise InputError(f"'{raw}' is before {EARLIEST}: check the number.")
            return _Day(today - timedelta(days=back))
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        try:
            return _Day(date.fromisoformat(raw))
        except ValueError:
            return None
    found = _slash_date(raw, order)
    return None if found is None else _Day(found)


def _day_and_clock(raw: str, today: date, order: OrderSource) -> tuple[_Day, time] | None:
    """'yesterday 21:00', 'last monday 8am', '20/11/2026 8:30' -> (day, time)."""
    words = raw.split(" ")
    for cut in range(len(words) - 1, 0, -1):
        clock = _parse_clock(" ".join(words[cut:]))
        if clock is None:
            continue
        day = _day_of(" ".join(words[:cut]), today, order)
        if day is not None:
            return day, clock
    return None


def _normalise(text: str) -> str:
    return " ".join(text.strip().lower().split())


def parse_when(text: str, now: datetime, order: OrderSource | None = None) -> datetime:
    """The aware instant that `text` names, relative to `now` (aware, local).

    `order` gives the user's date order for slash dates, when one is met.
    Raises InputError for text it cannot read and for moments in the future.
    """
    raw = _normalise(text)
    if not raw:
        raise InputError("empty --at value: " + _EXAMPLES + ".")
    result = _parse(raw, now, order or _no_order)
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


# Phrases naming a day and a time together.
_PHRASES: dict[str, tuple[int, time]] = {
    "this morning": (0, TIME_WORDS["morning"]),
    "tonight": (0, TIME_WORDS["night"]),
    "last night": (1, TIME_WORDS["night"]),
}


def _parse(raw: str, now: datetime, order: OrderSource) -> datetime | None:
    raw = raw.replace(" at ", " ")  # "yesterday at 9pm"
    today = now.date()
    if raw == "now":
        return now
    if raw in _PHRASES:
        back, clock = _PHRASES[raw]
        return _at(today - timedelta(days=back), clock)
    ago = _UNITS_AGO.match(raw)
    if ago:
        minutes = int(ago.group(1)) * (60 if ago.group(2).startswith("h") else 1)
        if minutes > (today - EARLIEST).days * 1440:
            raise InputError(f"'{raw}' is before {EARLIEST}: check the number.")
        return now - timedelta(minutes=minutes)
    current = now.time().replace(second=0, microsecond=0)
    date_and_clock = _DATE_AND_CLOCK.match(raw)
    if date_and_clock:  # also '2026-11-20t08:30'
        typed = _parse_clock(date_and_clock.group(2))
        if typed is not None:
            day = _valid_date(*map(int, date_and_clock.group(1).split("-")))
            return None if day is None else _at(day, typed)
    named = _day_of(raw, today, order)
    if named is not None:
        return now if named.day == today else _at(named.day, current)
    alone = _parse_clock(raw)
    if alone is not None:
        return _at(today, alone)
    both = _day_and_clock(raw, today, order)
    if both is not None:
        which, clock = both
        moment = _at(which.day, clock)
        if which.weekday and moment > now:  # 'monday 8am' on a Monday at 07:00: last week's
            moment = _at(which.day - timedelta(days=7), clock)
        return moment
    try:
        parsed = datetime.fromisoformat(raw.upper() if "t" in raw else raw)
    except ValueError:
        parsed = None
    if parsed is not None:
        return parsed if parsed.tzinfo is not None else _localize(parsed)
    return _parse_free(raw, now, current)


def _free_fields(raw: str, today: date) -> tuple[datetime, bool] | None:
    """What dateutil reads in `raw` ('20 nov 2026 8am', 'nov 21'), and whether it held a time.

    Only text with a word of 3 letters or more: digits alone could be read in
    either day/month order.
    """
    if not re.search(r"[a-z]{3}", raw):
        return None
    from dateutil import parser  # slow to import; only for unusual input

    # Parse against two defaults that differ in every time field: a field on
    # which the results agree was in the text.
    try:
        early = parser.parse(raw, default=datetime.combine(today, time(0, 0)))
        late = parser.parse(raw, default=datetime.combine(today, time(23, 59)))
    except (ValueError, OverflowError):
        return None
    if early.tzinfo is not None or late.tzinfo is not None:
        return None
    if early.hour != late.hour:
        return early, False
    minute = early.minute if early.minute == late.minute else 0
    return early.replace(minute=minute, second=0, microsecond=0), True


def _parse_free(raw: str, now: datetime, current: time) -> datetime | None:
    """Anything else dateutil can read unambiguously; without a time of day it keeps the
    current one, as a plain date does."""
    found = _free_fields(raw, now.date())
    if found is None:
        return None
    parsed, has_time = found
    return _localize(parsed if has_time else datetime.combine(parsed.date(), current))


def optional_day(
    text: str | None, today: date, option: str, order: OrderSource | None = None
) -> date | None:
    """`option`'s day, None when it was not given; given but empty is an error, not 'no filter'."""
    return None if text is None else parse_day(text, today, option, order)


def parse_day(
    text: str, today: date, option: str | None = None, order: OrderSource | None = None
) -> date:
    """A calendar day in any of the day forms (see the module's docstring); no time of day."""
    raw = _normalise(text)
    what = option or "the date"
    order = order or _no_order
    if not raw:
        raise InputError(f"{option + ' is empty' if option else 'empty date'}: {DAY_EXAMPLES}.")
    named = _day_of(raw, today, order)
    if named is not None:
        day = named.day
    else:
        free = _free_fields(raw, today)
        timed = (
            raw in _PHRASES
            or _parse_clock(raw) is not None
            or _day_and_clock(raw, today, order) is not None
            or _DATE_AND_CLOCK.match(raw) is not None
            or (free is not None and free[1])
        )
        if timed:
            raise InputError(f"{what} takes a day without a time of day, not '{text}'.")
        if free is None:
            raise InputError(f"cannot read the date '{text}': {DAY_EXAMPLES}.")
        day = free[0].date()
    if day < EARLIEST:
        raise InputError(f"'{text}' is before {EARLIEST}: check the date.")
    return day


def parse_clock(text: str) -> time | None:
    """A time of day as other apps write it ('8:05 AM', '08:14 AM', '20:15'); None if not one."""
    return _parse_clock(" ".join(text.strip().lower().split()))


def local_moment(day: date, clock: time) -> datetime:
    """The aware instant of a local wall-clock time on `day` (a skipped DST time moves on)."""
    return _at(day, clock)


def parse_date_order(text: str) -> DateOrder:
    """`dmy`, `mdy` or `ymd` (any case): the order slash dates are read in."""
    wanted = text.strip().lower()
    chosen = next((order for order in DATE_ORDERS if order == wanted), None)
    if chosen is None:
        raise InputError(
            f"unknown date order '{text}': use dmy (20/11/2026), mdy (11/20/2026) or "
            "ymd (2026/11/20), or default."
        )
    return chosen


def order_from_format(date_format: str) -> DateOrder | None:
    """The order of a locale's date format ('%d/%m/%Y' -> 'dmy'); None if it names none."""
    positions = {
        field: min((i for i in (date_format.find(f"%{c}") for c in codes) if i >= 0), default=-1)
        for field, codes in (("d", "de"), ("m", "mbB"), ("y", "yY"))
    }
    if min(positions.values()) < 0:
        return None
    ordered = "".join(sorted(positions, key=lambda field: positions[field]))
    return next((order for order in DATE_ORDERS if order == ordered), None)
