"""Reminders from the database: what `remind`, the report and the calendar file show."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from bonetrack.domain.reminders import (
    CALENDAR_ID_KEY,
    CONFIG_KEYS,
    DEFAULT_CHECKIN_MONTHS,
    DEFAULT_SCAN_MONTHS,
    EVENT_KEY_PREFIX,
    EventVersion,
    Interval,
    Reminder,
    due_reminders,
    next_reminders,
    parse_interval,
)
from bonetrack.errors import BonetrackError, InputError

if TYPE_CHECKING:
    from bonetrack.store.engine import Database

DEFAULT_MONTHS: dict[str, int] = {
    "scan-interval": DEFAULT_SCAN_MONTHS,
    "checkin-interval": DEFAULT_CHECKIN_MONTHS,
}


def get_interval(db: Database, name: str) -> Interval:
    """The user's interval setting `name`, else its default."""
    from bonetrack.store.settings import get_setting

    text = get_setting(db, CONFIG_KEYS[name])
    if text is None:
        return Interval(DEFAULT_MONTHS[name], "default")
    try:
        return parse_interval(text, name)
    except InputError:
        raise BonetrackError(
            f"setting {CONFIG_KEYS[name]} holds '{text}', not an interval; set it again with "
            f"`bonetrack config set {name} VALUE`."
        ) from None


def set_interval(db: Database, name: str, interval: Interval | None) -> None:
    """Store `interval` for `name`; None goes back to the default."""
    from bonetrack.store.settings import delete_setting, set_setting

    if interval is None:
        delete_setting(db, CONFIG_KEYS[name])
    else:
        set_setting(db, CONFIG_KEYS[name], interval.setting_value)


def all_reminders(db: Database, today: date) -> list[Reminder]:
    """The next scan, check-in and symptom reminder, and the next dose of each medicine
    given monthly or less often, however far away."""
    from bonetrack.store.events import (
        fracture_not_yet_reported,
        last_event_date,
        last_symptom_record,
    )
    from bonetrack.store.medicine_status import medicine_reminders
    from bonetrack.store.scans import last_scan_date

    bone = next_reminders(
        today,
        last_scan=last_scan_date(db),
        scan_interval=get_interval(db, "scan-interval"),
        last_checkin=last_event_date(db, "checkin"),
        checkin_interval=get_interval(db, "checkin-interval"),
        last_symptom_record=last_symptom_record(db),
        fracture_to_report=fracture_not_yet_reported(db),
    )
    return [*bone, *medicine_reminders(db, today)]


def next_scan_reminder(db: Database, today: date) -> Reminder:
    """When the next DEXA scan is due, however far away, and why."""
    from bonetrack.domain.reminders import scan_reminder
    from bonetrack.store.scans import last_scan_date

    return scan_reminder(today, last_scan_date(db), get_interval(db, "scan-interval"))


def current_reminders(db: Database, today: date) -> list[Reminder]:
    """Overdue, due today or due in the next 30 days, soonest first (the report embeds these)."""
    return due_reminders(all_reminders(db, today))


def calendar_id(db: Database) -> tuple[str, bool]:
    """The random id calendar UIDs are made of, made once per database; and whether it is new.

    A new id is not stored here: `save_calendar_state` stores it once the calendar file
    is written, so that a refused export leaves the database as it was.
    """
    import secrets

    from bonetrack.store.settings import get_setting

    existing = get_setting(db, CALENDAR_ID_KEY)
    if existing:
        return existing, False
    return secrets.token_hex(8), True


def event_versions(db: Database) -> dict[str, EventVersion]:
    """What the last calendar file written said of each reminder's event."""
    from bonetrack.store.settings import settings_with_prefix

    found = {
        key.removeprefix(EVENT_KEY_PREFIX): EventVersion.from_setting(value)
        for key, value in settings_with_prefix(db, EVENT_KEY_PREFIX).items()
    }
    return {kind: version for kind, version in found.items() if version is not None}


def save_calendar_state(
    db: Database, new_id: str | None, versions: dict[str, EventVersion]
) -> None:
    """Store a new calendar id (when one was made) and the events' versions, in one
    transaction, once the file is written."""
    from bonetrack.store.settings import write_unrecorded_settings

    values = {EVENT_KEY_PREFIX + kind: v.setting_value() for kind, v in versions.items()}
    if new_id is not None:
        values[CALENDAR_ID_KEY] = new_id
    # The calendar's own bookkeeping, not a choice of the user's: not a change to undo.
    write_unrecorded_settings(db, values)
