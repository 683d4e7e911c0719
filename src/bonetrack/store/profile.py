"""The profile: fields in the settings table under `profile.*` keys, and the
anticoagulant status over time in its own table (past days are judged by the
status in force on them)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from bonetrack.domain.profile import PROFILE_KEYS, AnticoagulantChange, Profile, anticoagulant_on
from bonetrack.errors import StoreError
from bonetrack.store import journal
from bonetrack.store.schema import anticoagulant_history, settings
from bonetrack.store.settings import settings_with_prefix, write_settings

if TYPE_CHECKING:
    from bonetrack.store.engine import Database

PREFIX = "profile."
BIRTH_YEAR = PROFILE_KEYS["birth_year"]
SEX = PROFILE_KEYS["sex"]
MENOPAUSE_YEAR = PROFILE_KEYS["menopause_year"]
NAME = PROFILE_KEYS["name"]


def load_profile(db: Database, today: date | None = None) -> Profile:
    """The stored profile; fields never set are None. The anticoagulant is the
    status in force on `today` (default: the local today)."""
    if today is None:
        from bonetrack import clock

        today = clock.today()
    values = settings_with_prefix(db, PREFIX)
    history = load_anticoagulant_history(db)
    return Profile(
        birth_year=_year(values, BIRTH_YEAR),
        sex=values.get(SEX),
        anticoagulant=anticoagulant_on(history, today),
        menopause_year=_year(values, MENOPAUSE_YEAR),
        anticoagulant_history=history,
        name=values.get(NAME),
    )


def load_anticoagulant_history(db: Database) -> tuple[AnticoagulantChange, ...]:
    """Every recorded change, oldest first (two on one day: the later one last)."""
    from sqlalchemy import select

    h = anticoagulant_history.c
    query = select(h.status, h.drug, h.valid_from).order_by(h.valid_from, h.id)
    with db.connect() as conn:
        return tuple(AnticoagulantChange(r[0], r[1], r[2]) for r in conn.execute(query))


def save_profile(
    db: Database, profile: Profile, anticoagulant: AnticoagulantChange | None = None
) -> None:
    """Write the profile's set fields, and an anticoagulant change, in one transaction.

    Unset fields are left alone.
    """
    values = {
        BIRTH_YEAR: None if profile.birth_year is None else str(profile.birth_year),
        SEX: profile.sex,
        MENOPAUSE_YEAR: None if profile.menopause_year is None else str(profile.menopause_year),
        NAME: profile.name,
    }
    with db.begin() as conn, journal.change(conn) as rec:
        write_settings(conn, {key: value for key, value in values.items() if value is not None})
        if anticoagulant is not None:
            _record_change(rec, anticoagulant)


def _record_change(rec: journal.Change, change: AnticoagulantChange) -> None:
    rec.insert(
        anticoagulant_history,
        {
            "status": change.status,
            "drug": change.drug,
            "valid_from": change.valid_from,
            "created_at": datetime.now(UTC),
        },
    )


FIELD_KEYS: dict[str, str] = {
    "name": NAME,
    "birth-year": BIRTH_YEAR,
    "sex": SEX,
    "menopause-year": MENOPAUSE_YEAR,
}


def unset_profile(
    db: Database, fields: list[str], anticoagulant: AnticoagulantChange | None
) -> None:
    """Delete the settings of `fields` and record an anticoagulant change, in one transaction,
    as one change in the journal (`bonetrack undo` takes it back)."""
    keys = [FIELD_KEYS[field] for field in fields if field in FIELD_KEYS]
    with db.begin() as conn, journal.change(conn) as rec:
        if keys:
            rec.delete(settings, settings.c.key.in_(keys))
        if anticoagulant is not None:
            _record_change(rec, anticoagulant)


def _year(values: dict[str, str], key: str) -> int | None:
    text = values.get(key)
    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        raise StoreError(
            f"setting {key} holds '{text}', not a year; fix it with `bonetrack profile set`."
        ) from None
