"""Reminders as an iCalendar file (RFC 5545), for any calendar app.

Each reminder kind (each medicine) keeps one UID per database, so importing a newer file
updates the same calendar entries instead of adding duplicates. SEQUENCE is a
counter per reminder that grows only when the event itself changes (its date,
summary or description: `content_hash`), as RFC 5545, 3.8.7.4 asks; apps that
only accept a change whose sequence went up see every real change, and an
unchanged event keeps its number however often the file is written. The
description holds no "in N days", which would change every day.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from bonetrack import __version__
from bonetrack.domain.reminders import EventVersion, Reminder

PRODID = f"-//bonetrack//bonetrack {__version__}//EN"

SUMMARIES: dict[str, str] = {
    "fracture": "Tell your clinician about the fracture",
    "medicine": "{medicine} due",
    "scan": "DEXA scan due",
    "checkin": "Clinician check-in due",
    "symptoms": "Record bone pain, falls or mobility changes",
}
ADVICE: dict[str, str] = {
    "fracture": "Tell your clinician, since a broken bone can change how osteoporosis is judged "
    "and treated; then record the visit with `bonetrack event add checkin`.",
    "medicine": "Record the dose with `bonetrack med take {medicine}`.",
    "scan": "Record its results with `bonetrack scan add`.",
    "checkin": "Record the visit with `bonetrack event add checkin`.",
    "symptoms": "Record bone pain, falls or mobility changes with "
    "`bonetrack event add pain|fall|mobility`.",
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


def event_fields(reminder: Reminder, today: date) -> tuple[date, str, str]:
    """The event's day, summary and description.

    An overdue reminder is placed on `today` (a past date would never be seen),
    with its real due date in the summary and the description.
    """
    day = max(reminder.due, today)
    title = summary(reminder)
    if reminder.overdue:
        title = f"{title} (overdue since {reminder.due.isoformat()})"
        status = f"Overdue since {reminder.due.isoformat()}"
    else:
        status = f"Due {reminder.due.isoformat()}"
    advice = ADVICE[reminder.kind].format(medicine=reminder.subject)
    # a late denosumab dose: its notice, as prominent in the calendar as in `remind`
    notice = f"{reminder.notice}\n\n" if reminder.notice else ""
    description = f"{status}: {reminder.rule}.\n\n{notice}{advice}\n\nFrom bonetrack."
    return day, title, description


def content_hash(reminder: Reminder, today: date) -> str:
    day, title, description = event_fields(reminder, today)
    text = "\n".join((reminder.key, day.isoformat(), title, description))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def next_versions(
    reminders: Sequence[Reminder],
    before: Mapping[str, EventVersion],
    today: date,
    stamp: datetime,
) -> dict[str, EventVersion]:
    """Each reminder's version in the file about to be written: the same as before when its
    event is unchanged, else the next sequence number (0 for a new event)."""
    stamp = stamp.astimezone(UTC).replace(microsecond=0)
    versions: dict[str, EventVersion] = {}
    for reminder in reminders:
        content = content_hash(reminder, today)
        old = before.get(reminder.key)
        if old is not None and old.content == content:
            versions[reminder.key] = old
        else:
            sequence = 0 if old is None else old.sequence + 1
            versions[reminder.key] = EventVersion(sequence, content, stamp)
    return versions


def reminders_calendar(
    reminders: Sequence[Reminder],
    *,
    today: date,
    stamp: datetime,
    calendar_id: str,
    versions: Mapping[str, EventVersion] | None = None,
) -> bytes:
    """The calendar file's bytes: one all-day event per reminder.

    `versions` are those of `next_versions` (by default: as for a first export).
    """
    stamp = stamp.astimezone(UTC).replace(microsecond=0)
    if versions is None:
        versions = next_versions(reminders, {}, today, stamp)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "bonetrack reminders")
    for reminder in reminders:
        day, title, description = event_fields(reminder, today)
        version = versions[reminder.key]
        event = Event()
        event.add("uid", reminder_uid(reminder.kind, calendar_id, reminder.subject))
        event.add("dtstamp", stamp)
        event.add("last-modified", version.modified)
        event.add("sequence", version.sequence)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("summary", title)
        event.add("description", description)
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
