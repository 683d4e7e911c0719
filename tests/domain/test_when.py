"""`--at` and day parsing, with the clock and zone fixed."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bonetrack.domain.when import order_from_format, parse_day, parse_when
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
        # 2026-11-22 is a Sunday; weekdays are the most recent one, never a future one
        ("this morning", "2026-11-22 08:00"),
        ("last night", "2026-11-21 21:00"),
        ("yesterday morning", "2026-11-21 08:00"),
        ("yesterday noon", "2026-11-21 12:00"),
        ("friday noon", "2026-11-20 12:00"),
        ("monday 8am", "2026-11-16 08:00"),
        ("Monday at 8:15 pm", "2026-11-16 20:15"),
        ("last monday", "2026-11-16 08:31"),
        ("mon", "2026-11-16 08:31"),
        ("sunday", "2026-11-22 08:31"),
        ("sunday 8am", "2026-11-22 08:00"),
        ("sunday 9am", "2026-11-15 09:00"),  # today at 9am is still to come: last week's
        ("last sunday", "2026-11-15 08:31"),
        ("last sunday 9am", "2026-11-15 09:00"),
        ("sat 7pm", "2026-11-21 19:00"),
        ("25/11/2025", "2025-11-25 08:31"),
        ("2026/11/20 7:15", "2026-11-20 07:15"),
        ("05/05/2026 noon", "2026-05-05 12:00"),
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
        ("noon", "'noon' (2026-11-22 12:00) is in the future"),
        ("tonight", "'tonight' (2026-11-22 21:00) is in the future"),
        ("this morning 9am", "cannot read the time 'this morning 9am'"),
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
    # a slash date with one possible reading needs no date order
    assert parse_day("31/01/2026", today) == date(2026, 1, 31)
    with pytest.raises(InputError) as caught:
        parse_day("31/02/2026", today)
    assert caught.value.message == (
        "cannot read the date '31/02/2026': use YYYY-MM-DD, today, yesterday, '3 days ago', "
        "monday, 'last monday' or 'nov 20'."
    )


def test_one_day_grammar() -> None:
    today = date(2026, 11, 22)  # a Sunday
    assert parse_day("sunday", today) == today
    assert parse_day("monday", today) == date(2026, 11, 16)
    assert parse_day("last sunday", today) == date(2026, 11, 15)
    assert parse_day("Last  Friday", today) == date(2026, 11, 20)
    assert parse_day("1 week ago", today) == date(2026, 11, 15)
    assert parse_day("nov 20", today) == date(2026, 11, 20)
    assert parse_day("20 nov 2025", today) == date(2025, 11, 20)
    assert parse_day("2026/11/20", today) == date(2026, 11, 20)
    # a future day is a day too: plans take effect from one (callers judge it)
    assert parse_day("2026-12-01", today) == date(2026, 12, 1)


@pytest.mark.parametrize("text", ["monday 8am", "this morning", "8am", "2026-11-20 08:30", "noon"])
def test_a_day_option_refuses_a_time_of_day(text: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_day(text, date(2026, 11, 22), "--from")
    assert caught.value.message == f"--from takes a day without a time of day, not '{text}'."


def test_the_date_order_is_read_only_for_a_slash_date_that_needs_it(now: datetime) -> None:
    def refuse() -> None:
        raise AssertionError("the date order was read for a date that does not need it")

    for text in ("2026-11-20", "monday", "nov 20", "2026/11/20", "yesterday 9pm"):
        parse_when(text, now, refuse)
        parse_day(text.replace(" 9pm", ""), now.date(), order=refuse)


def test_an_ambiguous_slash_date_without_an_order_names_both_readings() -> None:
    with pytest.raises(InputError) as caught:
        parse_day("01/11/2026", date(2026, 11, 22))
    assert caught.value.message == (
        "'01/11/2026' could be 1 November 2026 (day first) or 11 January 2026 (month first): "
        "write 2026-11-01 or 2026-01-11, or set your date order once with "
        "`bonetrack config set date-order dmy` (or mdy)."
    )


@pytest.mark.parametrize(
    ("order", "text", "expected"),
    [
        ("dmy", "01/11/2026", date(2026, 11, 1)),
        ("mdy", "01/11/2026", date(2026, 1, 11)),
        ("dmy", "1/2/2024", date(2024, 2, 1)),
        ("mdy", "2/29/2024", date(2024, 2, 29)),
        ("ymd", "2026/11/01", date(2026, 11, 1)),
        ("mdy", "2026/11/01", date(2026, 11, 1)),  # the year first is never another order
    ],
)
def test_slash_dates_in_the_users_order(order: str, text: str, expected: date) -> None:
    assert parse_day(text, date(2026, 11, 22), order=lambda: order) == expected  # type: ignore[arg-type,return-value]


@pytest.mark.parametrize(
    ("order", "text", "message"),
    [
        ("dmy", "11/31/2026", "'11/31/2026' is not a date in your date order dmy (DD/MM/YYYY); "
                              "see `bonetrack config get date-order`."),
        ("ymd", "01/11/2026", "'01/11/2026' does not fit your date order ymd (YYYY/MM/DD): write "
                              "YYYY-MM-DD, or change the order with `bonetrack config set "
                              "date-order dmy` (or mdy)."),
        (None, "1/11/26", "'1/11/26': write the year in full (four digits), e.g. 20/11/2026."),
        ("mdy", "2/29/2026", "'2/29/2026' is not a date in your date order mdy (MM/DD/YYYY); "
                             "see `bonetrack config get date-order`."),
    ],
)  # fmt: skip
def test_slash_dates_that_do_not_fit(order: str | None, text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_day(text, date(2026, 11, 22), order=lambda: order)  # type: ignore[arg-type,return-value]
    assert caught.value.message == message


@pytest.mark.parametrize(
    ("date_format", "order"),
    [("%d/%m/%Y", "dmy"), ("%m/%d/%y", "mdy"), ("%Y-%m-%d", "ymd"), ("%d.%m.%Y", "dmy"),
     ("%e %b %Y", "dmy"), ("%A", None), ("", None)],
)  # fmt: skip
def test_the_order_of_a_locales_date_format(date_format: str, order: str | None) -> None:
    assert order_from_format(date_format) == order
