"""`--at` and day parsing, with the clock and zone fixed."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bonetrack.domain.when import parse_day, parse_when
from bonetrack.errors import InputError
from tests.conftest import Freeze

AMS = ZoneInfo("Europe/Amsterdam")


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=AMS)


@pytest.fixture
def now(frozen: Freeze) -> datetime:
    frozen("2026-11-22 08:31")
    from bonetrack import clock

    return clock.now()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("now", "2026-11-22 08:31"),
        ("today", "2026-11-22 08:31"),
        ("yesterday", "2026-11-21 08:31"),
        ("Yesterday 21:00", "2026-11-21 21:00"),
        ("yesterday 9pm", "2026-11-21 21:00"),
        ("3 days ago", "2026-11-19 08:31"),
        ("1 day ago 7:15", "2026-11-21 07:15"),
        ("2 weeks ago", "2026-11-08 08:31"),
        ("8:30", "2026-11-22 08:30"),
        ("8am", "2026-11-22 08:00"),
        ("7:45 a.m.", "2026-11-22 07:45"),
        ("12am", "2026-11-22 00:00"),
        ("2026-11-20", "2026-11-20 08:31"),
        ("2026-11-20 08:30", "2026-11-20 08:30"),
        ("2026-11-20T08:30", "2026-11-20 08:30"),
        ("20 nov 2026 8am", "2026-11-20 08:00"),
        ("21 nov 7:45pm", "2026-11-21 19:45"),
        ("nov 20", "2026-11-20 08:31"),
        ("2026-11-20 8:00", "2026-11-20 08:00"),
        ("2026-11-20 8pm", "2026-11-20 20:00"),
        ("2026-11-20t7:05", "2026-11-20 07:05"),
        ("yesterday at 9pm", "2026-11-21 21:00"),
        ("2 hours ago", "2026-11-22 06:31"),
        ("90 min ago", "2026-11-22 07:01"),
        ("1 h ago", "2026-11-22 07:31"),
    ],
)
def test_parse_when(now: datetime, text: str, expected: str) -> None:
    assert parse_when(text, now) == local(expected)


def test_explicit_offset_is_kept(now: datetime) -> None:
    parsed = parse_when("2026-11-20T08:30+05:00", now)
    assert parsed.utcoffset() is not None
    assert parsed.isoformat() == "2026-11-20T08:30:00+05:00"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("tomorrow", "cannot read the time 'tomorrow'"),
        ("9am", "'9am' (2026-11-22 09:00) is in the future"),
        ("2026-11-23", "'2026-11-23' (2026-11-23 08:31) is in the future"),
        ("25:00", "cannot read the time '25:00'"),
        ("8", "cannot read the time '8'"),
        ("13pm", "cannot read the time '13pm'"),
        ("2026-02-30", "cannot read the time '2026-02-30'"),
        ("2026-02-30 8:00", "cannot read the time '2026-02-30 8:00'"),
        ("2026-11-20 25:00", "cannot read the time '2026-11-20 25:00'"),
        ("", "empty --at value"),
    ],
)
def test_parse_when_rejects(now: datetime, text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_when(text, now)
    assert caught.value.message.startswith(message)


def test_yesterday_across_spring_forward_keeps_the_wall_clock(frozen: Freeze) -> None:
    # Europe/Amsterdam moved from +01:00 to +02:00 at 02:00 on 29 March 2026.
    frozen("2026-03-29 20:00")
    from bonetrack import clock

    moment = parse_when("yesterday 20:00", clock.now())
    assert moment.isoformat() == "2026-03-28T20:00:00+01:00"
    assert clock.now().isoformat() == "2026-03-29T20:00:00+02:00"


def test_leap_day(frozen: Freeze) -> None:
    frozen("2028-03-01 09:00")
    from bonetrack import clock

    assert parse_when("yesterday", clock.now()) == local("2028-02-29 09:00")
    assert parse_day("yesterday", date(2028, 3, 1)) == date(2028, 2, 29)


def test_parse_day() -> None:
    today = date(2026, 11, 22)
    assert parse_day("today", today) == today
    assert parse_day("2 days ago", today) == date(2026, 11, 20)
    assert parse_day("2026-01-31", today) == date(2026, 1, 31)
    with pytest.raises(InputError) as caught:
        parse_day("31/01/2026", today)
    assert caught.value.message == (
        "cannot read the date '31/01/2026': use YYYY-MM-DD, today, yesterday or 'N days ago'."
    )
