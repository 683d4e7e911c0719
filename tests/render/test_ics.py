"""The iCalendar export, parsed back with the icalendar package."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar

from bonetrack.domain.reminders import Interval, Reminder, next_reminders
from bonetrack.render.ics import reminder_uid, reminders_calendar

TODAY = date(2026, 11, 22)
STAMP = datetime(2026, 11, 22, 7, 30, tzinfo=UTC)


def _reminders(today: date = TODAY) -> list[Reminder]:
    return next_reminders(
        today,
        last_scan=date(2024, 11, 10),  # due 2026-11-10: overdue
        scan_interval=Interval(24, "default"),
        last_checkin=date(2026, 8, 31),  # due 2026-11-30
        checkin_interval=Interval(3, "default"),
        last_symptom_record=date(2026, 11, 1),  # due 2026-12-01
    )


def _parse(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


def test_calendar_header() -> None:
    calendar = _parse(reminders_calendar(_reminders(), today=TODAY, stamp=STAMP, calendar_id="c1"))
    assert str(calendar["version"]) == "2.0"
    assert str(calendar["prodid"]).startswith("-//bonetrack//bonetrack ")
    assert str(calendar["method"]) == "PUBLISH"


def test_one_all_day_event_per_reminder() -> None:
    calendar = _parse(reminders_calendar(_reminders(), today=TODAY, stamp=STAMP, calendar_id="c1"))
    events = list(calendar.walk("VEVENT"))
    found = [
        (
            str(e["uid"]),
            e.decoded("dtstart"),
            e.decoded("dtend"),
            str(e["summary"]),
        )
        for e in events
    ]
    assert found == [
        (
            "scan-reminder-c1@bonetrack",
            TODAY,  # overdue: placed today, where it will be seen
            TODAY + timedelta(days=1),
            "DEXA scan due (overdue since 2026-11-10)",
        ),
        (
            "checkin-reminder-c1@bonetrack",
            date(2026, 11, 30),
            date(2026, 12, 1),
            "Clinician check-in due",
        ),
        (
            "symptoms-reminder-c1@bonetrack",
            date(2026, 12, 1),
            date(2026, 12, 2),
            "Record bone pain, falls or mobility changes",
        ),
    ]
    checkin = events[1]
    assert str(checkin["description"]) == (
        "Clinician check-in due in 8 days (2026-11-30): last check-in 2026-08-31 + 3 months "
        "(bonetrack's default, from its seed sources' quarterly check-ins with the "
        "clinician).\n\nAs of 2026-11-22, from bonetrack."
    )
    assert checkin.decoded("dtstamp") == STAMP
    assert str(checkin["transp"]) == "TRANSPARENT"
    alarms = list(checkin.walk("VALARM"))
    assert len(alarms) == 1
    assert alarms[0].decoded("trigger") == timedelta(hours=9)
    assert str(alarms[0]["action"]) == "DISPLAY"


def test_reexport_keeps_uids_and_raises_the_sequence() -> None:
    first = _parse(reminders_calendar(_reminders(), today=TODAY, stamp=STAMP, calendar_id="c1"))
    later_day = TODAY + timedelta(days=40)
    later = _parse(
        reminders_calendar(
            _reminders(later_day),
            today=later_day,
            stamp=STAMP + timedelta(days=40),
            calendar_id="c1",
        )
    )
    uids_first = [str(e["uid"]) for e in first.walk("VEVENT")]
    uids_later = [str(e["uid"]) for e in later.walk("VEVENT")]
    assert uids_first == uids_later
    seq_first = {int(e["sequence"]) for e in first.walk("VEVENT")}
    seq_later = {int(e["sequence"]) for e in later.walk("VEVENT")}
    assert seq_first == {1521090}  # minutes since 2024-01-01 UTC
    assert seq_later == {1521090 + 40 * 24 * 60}


def test_uid_is_per_kind_and_per_database() -> None:
    assert reminder_uid("scan", "abc") == "scan-reminder-abc@bonetrack"
    assert reminder_uid("scan", "abc") != reminder_uid("scan", "xyz")
    assert reminder_uid("scan", "abc") != reminder_uid("checkin", "abc")


def test_empty_calendar_is_valid() -> None:
    calendar = _parse(reminders_calendar([], today=TODAY, stamp=STAMP, calendar_id="c1"))
    assert list(calendar.walk("VEVENT")) == []
    assert str(calendar["version"]) == "2.0"


def test_every_reminder_kind_has_a_summary_and_a_label() -> None:
    from bonetrack.domain.reminders import REMINDER_KINDS
    from bonetrack.render.ics import SUMMARIES
    from bonetrack.render.reminders import KIND_LABELS

    assert set(SUMMARIES) == set(REMINDER_KINDS) == set(KIND_LABELS)


def test_medicine_reminders_have_one_uid_per_medicine() -> None:
    from bonetrack.render.ics import summary

    reminder = Reminder("medicine", date(2026, 12, 1), False, 9, "...", subject="denosumab")
    assert reminder_uid("medicine", "c1", "denosumab") == "medicine-denosumab-reminder-c1@bonetrack"
    assert reminder_uid("medicine", "c1", "zoledronic-acid") != reminder_uid(
        "medicine", "c1", "denosumab"
    )
    assert summary(reminder) == "Denosumab due"
    calendar = _parse(reminders_calendar([reminder], today=TODAY, stamp=STAMP, calendar_id="c1"))
    [event] = list(calendar.walk("VEVENT"))
    assert (str(event["uid"]), str(event["summary"])) == (
        "medicine-denosumab-reminder-c1@bonetrack",
        "Denosumab due",
    )
