"""Key/value settings: profile fields, configuration, per-site LSC values."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from bonetrack.store import journal
from bonetrack.store.schema import settings

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from bonetrack.store.engine import Database


def get_setting(db: Database, key: str) -> str | None:
    from sqlalchemy import select

    with db.connect() as conn:
        value = conn.execute(select(settings.c.value).where(settings.c.key == key)).scalar()
    return None if value is None else str(value)


def settings_with_prefix(db: Database, prefix: str) -> dict[str, str]:
    from sqlalchemy import select

    query = select(settings.c.key, settings.c.value).where(settings.c.key.startswith(prefix))
    with db.connect() as conn:
        return {str(key): str(value) for key, value in conn.execute(query)}


def set_setting(db: Database, key: str, value: str) -> None:
    set_settings(db, {key: value})


def set_settings(db: Database, values: dict[str, str]) -> None:
    """Write several settings in one transaction (all or none)."""
    with db.begin() as conn:
        write_settings(conn, values)


def write_settings(conn: Connection, values: dict[str, str]) -> None:
    """Write settings inside the caller's transaction, as (part of) one change."""
    now = datetime.now(UTC)
    with journal.change(conn) as rec:
        for key, value in values.items():
            # update, else insert: portable across SQLite and PostgreSQL, unlike upsert syntax
            if not rec.update(settings, key, {"value": value, "updated_at": now}):
                rec.insert(settings, {"key": key, "value": value, "updated_at": now})


def write_unrecorded_settings(db: Database, values: dict[str, str]) -> None:
    """Settings bonetrack keeps for itself (the calendar's id and its events' versions): not
    the user's change, so not in the journal, and `undo` never takes them back."""
    from sqlalchemy import delete, insert

    if not values:
        return
    now = datetime.now(UTC)
    with db.begin() as conn:
        conn.execute(delete(settings).where(settings.c.key.in_(list(values))))
        conn.execute(
            insert(settings),
            [{"key": key, "value": value, "updated_at": now} for key, value in values.items()],
        )


def delete_setting(db: Database, key: str) -> bool:
    return journal.delete_rows(db, settings, settings.c.key == key) > 0
