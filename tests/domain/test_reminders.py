"""Reminder rules: intervals, month ends, overdue / due today / upcoming, the basis shown."""

from __future__ import annotations

from datetime import date

import pytest

from bonetrack.domain.reminders import (
    Interval,
    Reminder,
    add_months,
    checkin_reminder,
    due_reminders,
    next_reminders,
    parse_interval,
    scan_reminder,
    symptoms_reminder,
)
from bonetrack.errors import InputError

TODAY = date(2026, 11, 22)
TWO_YEARS = Interval(24, "default")
QUARTER = Interval(3, "default")


@pytest.mark.parametrize(
    ("typed", "months"),
    [
        ("2y", 24),
        ("18m", 18),
        ("6 months", 6),
        ("1 year", 12),
        ("1 year 6 months", 18),
        ("1y6m", 18),
        ("2 yrs", 24),
        ("3mo", 3),
        ("1 Month", 1),
    ],
)
def test_parse_interval(typed: str, months: int) -> None:
    assert parse_interval(typed) == Interval(months, "setting")


@pytest.mark.parametrize(
    ("typed", "name", "message"),
    [
        ("2", "scan-interval", "the interval '2' needs a unit: 2y for years or 2m for months."),
        (
            "soon",
            "scan-interval",
            "cannot read the interval 'soon': use years or months, e.g. 2y, 18m, 6 months.",
        ),
        (
            "2.5y",
            "scan-interval",
            "cannot read the interval '2.5y': use years or months, e.g. 2y, 18m, 6 months.",
        ),
        (
            "0m",
            "scan-interval",
            "scan-interval '0m' is out of range: it must be between 1 month and 15 years.",
        ),
        (
            "16y",
            "scan-interval",
            "scan-interval '16y' is out of range: it must be between 1 month and 15 years.",
        ),
        (
            "3y",
            "checkin-interval",
            "checkin-interval '3y' is out of range: it must be between 1 month and 2 years.",
        ),
    ],
)
def test_bad_intervals(typed: str, name: str, message: str) -> None:
    with pytest.raises(InputError) as err:
        parse_interval(typed, name)
    assert err.value.message == message


def test_interval_text_and_stored_form() -> None:
    assert (Interval(24, "default").text, Interval(24, "default").setting_value) == (
        "2 years",
        "2y",
    )
    assert (Interval(18, "setting").text, Interval(18, "setting").setting_value) == (
        "18 months",
        "18m",
    )
    assert Interval(1, "setting").text == "1 month"
    assert Interval(12, "setting").text == "1 year"


def test_month_ends() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2024, 2, 29), 24) == date(2026, 2, 28)
    assert add_months(date(2026, 8, 31), 3) == date(2026, 11, 30)


def test_scan_on_31_january_with_a_one_month_interval() -> None:
    reminder = scan_reminder(date(2026, 2, 20), date(2026, 1, 31), parse_interval("1m"))
    assert reminder == Reminder(
        kind="scan",
        due=date(2026, 2, 28),
        overdue=False,
        days=8,
        message="DEXA scan due in 8 days (2026-02-28): last scan 2026-01-31 + 1 month "
        "(your scan-interval setting).",
        rule="last scan 2026-01-31 + 1 month (your scan-interval setting)",
    )


def test_scan_overdue() -> None:
    reminder = scan_reminder(TODAY, date(2024, 11, 10), TWO_YEARS)
    assert reminder.to_json() == {
        "kind": "scan",
        "due": "2026-11-10",
        "overdue": True,
        "days": -12,
        "message": "DEXA scan overdue by 12 days (due 2026-11-10): last scan 2024-11-10 + "
        "2 years (default: scans are typically repeated every 1-2 years; Choosing Wisely: "
        "routinely not more often than every 2 years).",
        "rule": "last scan 2024-11-10 + 2 years (default: scans are typically repeated every "
        "1-2 years; Choosing Wisely: routinely not more often than every 2 years)",
    }
    assert reminder.status == "overdue"


def test_scan_overdue_by_one_day_is_singular() -> None:
    reminder = scan_reminder(TODAY, date(2024, 11, 21), TWO_YEARS)
    assert (reminder.days, reminder.overdue) == (-1, True)
    assert reminder.message.startswith("DEXA scan overdue by 1 day (due 2026-11-21): ")


def test_scan_due_today_is_not_overdue() -> None:
    reminder = scan_reminder(TODAY, date(2024, 11, 22), TWO_YEARS)
    assert (reminder.due, reminder.overdue, reminder.days, reminder.status) == (
        TODAY,
        False,
        0,
        "due today",
    )
    assert reminder.message.startswith("DEXA scan due today (2026-11-22): ")


def test_scan_due_soon() -> None:
    reminder = scan_reminder(TODAY, date(2024, 12, 22), TWO_YEARS)
    assert (reminder.due, reminder.overdue, reminder.days, reminder.status) == (
        date(2026, 12, 22),
        False,
        30,
        "upcoming",
    )


def test_no_scan_yet_says_so_and_suggests_recording_the_last_one() -> None:
    reminder = scan_reminder(TODAY, None, TWO_YEARS)
    assert reminder == Reminder(
        kind="scan",
        due=TODAY,
        overdue=False,
        days=0,
        message="No DEXA scan recorded yet: record your last one with `bonetrack scan add "
        "--date DATE --site SITE --bmd G_CM2` to know when the next is due. Interval: 2 years "
        "(default: scans are typically repeated every 1-2 years; Choosing Wisely: routinely "
        "not more often than every 2 years).",
        rule="no scan recorded yet, so due now; interval 2 years (default: scans are typically "
        "repeated every 1-2 years; Choosing Wisely: routinely not more often than every 2 years)",
    )


def test_checkin_every_three_months_by_default() -> None:
    reminder = checkin_reminder(TODAY, date(2026, 8, 31), QUARTER)
    assert reminder == Reminder(
        kind="checkin",
        due=date(2026, 11, 30),
        overdue=False,
        days=8,
        message="Clinician check-in due in 8 days (2026-11-30): last check-in 2026-08-31 + "
        "3 months (bonetrack's default, from its seed sources' quarterly check-ins with the "
        "clinician).",
        rule="last check-in 2026-08-31 + 3 months (bonetrack's default, from its seed sources' "
        "quarterly check-ins with the clinician)",
    )


def test_checkin_with_a_setting_and_none_recorded() -> None:
    reminder = checkin_reminder(TODAY, None, Interval(6, "setting"))
    assert reminder.message == (
        "No clinician check-in recorded yet: record your last visit with `bonetrack event add "
        "checkin --at DATE`. Interval: 6 months (your checkin-interval setting)."
    )
    assert (reminder.due, reminder.days) == (TODAY, 0)


def test_symptoms_monthly_after_the_last_record() -> None:
    reminder = symptoms_reminder(TODAY, date(2026, 10, 15))
    assert reminder == Reminder(
        kind="symptoms",
        due=date(2026, 11, 15),
        overdue=True,
        days=-7,
        message="Symptom check-in overdue by 7 days (due 2026-11-15): record bone pain, falls "
        "or mobility changes (`bonetrack event add pain|fall|mobility`); last record 2026-10-15 "
        "+ 1 month (a record every month).",
        rule="last record 2026-10-15 + 1 month (a record every month)",
    )


def test_symptoms_recorded_recently_is_upcoming() -> None:
    reminder = symptoms_reminder(TODAY, date(2026, 11, 20))
    assert (reminder.due, reminder.days, reminder.overdue) == (date(2026, 12, 20), 28, False)


def test_symptoms_never_recorded_is_due_today() -> None:
    reminder = symptoms_reminder(TODAY, None)
    assert (reminder.due, reminder.days) == (TODAY, 0)
    assert reminder.message == (
        "Symptom check-in due today (2026-11-22): record bone pain, falls or mobility changes "
        "(`bonetrack event add pain|fall|mobility`); nothing recorded yet (a record every month)."
    )


def test_due_reminders_keep_the_window_and_sort_soonest_first() -> None:
    reminders = next_reminders(
        TODAY,
        last_scan=date(2025, 6, 1),  # due 2027-06-01: far away
        scan_interval=TWO_YEARS,
        last_checkin=date(2026, 8, 1),  # due 2026-11-01: overdue 21 days
        checkin_interval=QUARTER,
        last_symptom_record=date(2026, 11, 1),  # due 2026-12-01: in 9 days
    )
    assert [(r.kind, r.days) for r in reminders] == [
        ("scan", 191),
        ("checkin", -21),
        ("symptoms", 9),
    ]
    assert [(r.kind, r.days) for r in due_reminders(reminders)] == [
        ("checkin", -21),
        ("symptoms", 9),
    ]


def test_window_edge_is_thirty_days() -> None:
    in_30 = scan_reminder(TODAY, date(2024, 12, 22), TWO_YEARS)
    in_31 = scan_reminder(TODAY, date(2024, 12, 23), TWO_YEARS)
    assert (in_30.days, in_31.days) == (30, 31)
    assert due_reminders([in_31, in_30]) == [in_30]
