"""The profile, kept in the settings table under `profile.*` keys."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bonetrack.domain.profile import Profile
from bonetrack.errors import StoreError
from bonetrack.store.settings import set_settings, settings_with_prefix

if TYPE_CHECKING:
    from bonetrack.store.engine import Database

PREFIX = "profile."
BIRTH_YEAR = "profile.birth_year"
SEX = "profile.sex"
ANTICOAGULANT = "profile.anticoagulant"
MENOPAUSE_YEAR = "profile.menopause_year"


def load_profile(db: Database) -> Profile:
    """The stored profile; fields never set are None."""
    values = settings_with_prefix(db, PREFIX)
    return Profile(
        birth_year=_year(values, BIRTH_YEAR),
        sex=values.get(SEX),
        anticoagulant=values.get(ANTICOAGULANT),
        menopause_year=_year(values, MENOPAUSE_YEAR),
    )


def save_profile(db: Database, profile: Profile) -> None:
    """Write the profile's set fields in one transaction; unset fields are left alone."""
    values = {
        BIRTH_YEAR: None if profile.birth_year is None else str(profile.birth_year),
        SEX: profile.sex,
        ANTICOAGULANT: profile.anticoagulant,
        MENOPAUSE_YEAR: None if profile.menopause_year is None else str(profile.menopause_year),
    }
    set_settings(db, {key: value for key, value in values.items() if value is not None})


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
