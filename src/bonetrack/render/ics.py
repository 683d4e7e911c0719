"""Reminders as an iCalendar file (RFC 5545), for any calendar app.

Each reminder kind keeps one UID per database, so importing a newer file
updates the same calendar entries instead of adding duplicates. SEQUENCE grows
with the time the file was made, for apps that only accept a change to an
event when its sequence number goes up (RFC 5545, 3.8.7.4).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from bonetrack import __version__
from bonetrack.domain.reminders import Reminder

PRODID = f"-//bonetrack//bonetrack {__version__}//EN"
_SEQUENCE_EPOCH = datetime(2024, 1, 1, tzinfo=UTC)

SUMMARIES: dict[str, str] = {
    "fracture": "Tell your clinician about the fracture",
    "medicine": "{medicine} due",
    "scan": "DEXA scan due",
    "checkin": "Clinician check-in due",
    "symptoms": "Record bone pain, falls or mobility changes",
}


def reminder_uid(kind: str, calendar_id: str, subject: str | None = None) -> str:
    """One UID per reminder kind and database; medicine reminders one per medicine."""
    about = f"{kind}-{subject}" if subject is not None else kind
    return f"{about}-reminder-{calendar_id}@bonetrack"


def summary(reminder: Reminder) -> str:
    """The event's title: 'DEXA scan due', 'Denosumab due'."""
    from bonetrack.domain.medicines import medicine_label

    label = medicine_label(reminder.subject) if reminder.subject is not None else ""
    return SUMMARIES[reminder.kind].format(medicine=label)


def reminders_calendar(
    reminders: Sequence[Reminder], *, today: date, stamp: datetime, calendar_id: str
) -> bytes:
    """The calendar file's bytes: one all-day event per reminder.

    An overdue reminder is placed on `today` (a past date would never be seen),
    with its real due date in the summary and the description.
    """
    stamp = stamp.astimezone(UTC).replace(microsecond=0)
    sequence = max(0, int((stamp - _SEQUENCE_EPOCH).total_seconds() // 60))
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "bonetrack reminders")
    for reminder in reminders:
        day = max(reminder.due, today)
        title = summary(reminder)
        if reminder.overdue:
            title = f"{title} (overdue since {reminder.due.isoformat()})"
        event = Event()
        event.add("uid", reminder_uid(reminder.kind, calendar_id, reminder.subject))
        event.add("dtstamp", stamp)
        event.add("last-modified", stamp)
        event.add("sequence", sequence)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("summary", title)
        event.add(
            "description", f"{reminder.message}\n\nAs of {today.isoformat()}, from bonetrack."
        )
        event.add("categories", ["bonetrack"])
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", title)
        # 09:00 on the day of the all-day event
        alarm.add("trigger", timedelta(hours=9), parameters={"RELATED": "START"})
        event.add_component(alarm)
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data
