"""The iCalendar export, parsed back with the icalendar package."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar

from bonetrack.domain.reminders import Interval, Reminder, next_reminders
from bonetrack.render.ics import next_versions, reminder_uid, reminders_calendar

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
    # no "in 8 days": the description says the same whichever day the file is written
    assert str(checkin["description"]) == (
        "Due 2026-11-30: last check-in 2026-08-31 + 3 months (bonetrack's default, from its "
        "seed sources' quarterly check-ins with the clinician).\n\nRecord the visit with "
        "`bonetrack event add checkin`.\n\nFrom bonetrack."
    )
    assert str(events[0]["description"]).startswith(
        "Overdue since 2026-11-10: last scan 2024-11-10 + 2 years (default: "
    )
    assert checkin.decoded("dtstamp") == STAMP
    assert str(checkin["transp"]) == "TRANSPARENT"
    alarms = list(checkin.walk("VALARM"))
    assert len(alarms) == 1
    assert alarms[0].decoded("trigger") == timedelta(hours=9)
    assert str(alarms[0]["action"]) == "DISPLAY"


def _sequences(calendar: Calendar) -> dict[str, tuple[int, datetime]]:
    return {
        str(e["uid"]).split("-")[0]: (int(e["sequence"]), e.decoded("last-modified"))
        for e in calendar.walk("VEVENT")
    }


def test_the_sequence_grows_only_when_an_event_changes() -> None:
    first_versions = next_versions(_reminders(), {}, TODAY, STAMP)
    first = _parse(
        reminders_calendar(
            _reminders(), today=TODAY, stamp=STAMP, calendar_id="c1", versions=first_versions
        )
    )
    assert _sequences(first) == {"scan": (0, STAMP), "checkin": (0, STAMP), "symptoms": (0, STAMP)}
    # Written again a week later: the check-in and symptom events say the same (no "in N
    # days"), so they keep their numbers; the overdue scan moved to the new today: 1.
    later_day = TODAY + timedelta(days=7)
    later_stamp = STAMP + timedelta(days=7)
    later_versions = next_versions(_reminders(later_day), first_versions, later_day, later_stamp)
    later = _parse(
        reminders_calendar(
            _reminders(later_day),
            today=later_day,
            stamp=later_stamp,
            calendar_id="c1",
            versions=later_versions,
        )
    )
    assert [str(e["uid"]) for e in later.walk("VEVENT")] == [
        str(e["uid"]) for e in first.walk("VEVENT")
    ]
    assert _sequences(later) == {
        "scan": (1, later_stamp),
        "checkin": (0, STAMP),
        "symptoms": (0, STAMP),
    }
    # the same day again: nothing changed, nothing grows
    assert next_versions(_reminders(later_day), later_versions, later_day, later_stamp) == (
        later_versions
    )


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
