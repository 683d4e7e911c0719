"""The wall clock and the user's local time zone, in one place.

Everything else receives `now`/`today` as arguments, so tests can freeze time
(time-machine) and pick a zone (TZ plus `time.tzset()`) without patching.
"""

from __future__ import annotations

from datetime import UTC, date, datetime


def now() -> datetime:
    """The current instant as an aware datetime in the local zone."""
    return datetime.now(UTC).astimezone()


def today() -> date:
    """The user's local calendar day."""
    return now().date()


def localize(naive: datetime) -> datetime:
    """Attach the local zone (and its DST rule on that date) to a wall-clock time."""
    return naive.astimezone()


def to_local(instant: datetime) -> datetime:
    """An aware instant as local wall-clock time, with the offset in force then."""
    return instant.astimezone()


def utc_offset_minutes(local: datetime) -> int:
    offset = local.utcoffset()
    assert offset is not None
    return int(offset.total_seconds() // 60)
