"""The tables, as SQLAlchemy Core `Table`s.

Core tables are the single definition of the schema: the ORM models in
`models.py` map onto them, Alembic compares its head against `metadata`, and the
hot paths (`bonetrack log`, reports) use them without importing
`sqlalchemy.orm`, which costs about 170 ms more at start-up on our machines.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.types import TypeDecorator

# Stable constraint names, so that batch migrations on SQLite can address them.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware instant, stored as UTC.

    SQLite has no time zone type: it gets naive UTC text, which sorts and
    compares correctly. PostgreSQL gets a real `timestamptz`. Either way Python
    code only ever sees aware datetimes in UTC.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def new_uid() -> str:
    """A random UUID: a row's identity on every device (export, import and merge match by it)."""
    import uuid

    return str(uuid.uuid4())


def uid_column() -> Column[str]:
    # A Python-side default, so that every insert (commands, demo, imports) gets one.
    return Column("uid", String(36), nullable=False, unique=True, default=new_uid)


# One row per dose or exercise session.
intakes = Table(
    "intakes",
    metadata,
    Column("id", Integer, primary_key=True),
    uid_column(),
    Column("kind", String(32), nullable=False),
    # in the kind's canonical unit (µg K2, mg calcium, IU vitamin D, minutes)
    Column("amount", Float, nullable=False),
    Column("input_amount", Float, nullable=False),
    Column("input_unit", String(16), nullable=False),
    Column("form", String(16)),
    Column("exercise_type", String(16)),
    Column("note", Text),
    Column("taken_at", UTCDateTime, nullable=False),
    # the user's UTC offset then, so the local time of day can be rebuilt
    Column("utc_offset_min", Integer, nullable=False),
    # the user's calendar day when it was taken: reports count days by this
    Column("local_date", Date, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("source", String(64), nullable=False, server_default="cli"),
    # medicine doses (kind 'medicine'): the medicine's key, as in `medicines.name`
    Column("medicine", String(40)),
    CheckConstraint("amount > 0", name="amount_positive"),
    # reports sum an item's entries per day: this index holds all they read (migration 0008)
    Index(None, "kind", "local_date", "exercise_type", "amount"),
    Index(None, "medicine", "local_date"),
    Index(None, "local_date"),
    Index(None, "created_at"),
    # `entries` lists newest first: read from this index, not by sorting the whole table
    Index(None, "taken_at", "id"),
)

# Versioned plans: a row takes effect on `valid_from` and lasts until the next
# row for the same (kind, exercise_type). `active = false` marks a stop.
plans = Table(
    "plans",
    metadata,
    Column("id", Integer, primary_key=True),
    uid_column(),
    Column("kind", String(32), nullable=False),
    Column("exercise_type", String(16)),
    Column("amount", Float),
    Column("per", String(8), nullable=False),
    Column("times", Integer),
    Column("form", String(16)),
    Column("valid_from", Date, nullable=False),
    Column("active", Boolean, nullable=False, server_default="1"),
    Column("created_at", UTCDateTime, nullable=False),
    CheckConstraint("per IN ('day', 'week')", name="per_day_or_week"),
    Index(None, "kind", "exercise_type", "valid_from"),
)

# Versioned medicine schedules, like plans: a row takes effect on `valid_from` and
# lasts until the next row for the same medicine; `active = false` marks a stop.
# A schedule is a dose every `every_count` days, weeks or months.
medicines = Table(
    "medicines",
    metadata,
    Column("id", Integer, primary_key=True),
    uid_column(),
    Column("name", String(40), nullable=False),
    Column("dose", Float),  # one dose, in µg
    Column("every_count", Integer, nullable=False),
    Column("every_unit", String(8), nullable=False),
    Column("weekday", Integer),  # weekly schedules: the usual day, 0 = Monday
    Column("route", String(16), nullable=False),
    Column("fasting_min", Integer),  # oral bisphosphonates: nothing else for this long
    Column("valid_from", Date, nullable=False),
    Column("active", Boolean, nullable=False, server_default="1"),
    Column("created_at", UTCDateTime, nullable=False),
    CheckConstraint("every_unit IN ('day', 'week', 'month')", name="every_unit_values"),
    CheckConstraint("every_count > 0", name="every_count_positive"),
    CheckConstraint("dose IS NULL OR dose > 0", name="dose_positive"),
    CheckConstraint("weekday IS NULL OR (weekday >= 0 AND weekday <= 6)", name="weekday_0_6"),
    Index(None, "name", "valid_from"),
)

# Lab results: `value` in the canonical unit of its unit group (25(OH)D in nmol/L
# or ng/mL as typed, see domain/labs.py), with what was typed; the reference range
# is the lab's (or the prescriber's), never one bonetrack invents.
lab_results = Table(
    "lab_results",
    metadata,
    Column("id", Integer, primary_key=True),
    uid_column(),
    Column("test", String(32), nullable=False),
    Column("value", Float, nullable=False),
    Column("unit", String(24), nullable=False),
    Column("input_value", Float, nullable=False),
    Column("input_unit", String(24), nullable=False),
    Column("taken_on", Date, nullable=False),
    Column("ref_low", Float),
    Column("ref_high", Float),
    Column("lab", String(128)),
    Column("note", Text),
    Column("created_at", UTCDateTime, nullable=False),
    Column("source", String(64), nullable=False, server_default="cli"),
    Index(None, "test", "taken_on"),
)

# One row per site measured; the rows of one date make a scan visit.
scans = Table(
    "scans",
    metadata,
    Column("id", Integer, primary_key=True),
    uid_column(),
    Column("scan_date", Date, nullable=False),
    Column("site", String(32), nullable=False),
    Column("bmd", Float),
    Column("t_score", Float),
    Column("z_score", Float),
    Column("machine", String(128)),
    Column("facility", String(128)),
    Column("note", Text),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("scan_date", "site"),
)

# Fractures, falls, pain, mobility notes and clinician check-ins.
events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    uid_column(),
    Column("kind", String(16), nullable=False),
    Column("occurred_at", UTCDateTime, nullable=False),
    Column("utc_offset_min", Integer, nullable=False),
    Column("local_date", Date, nullable=False),
    Column("site", String(64)),
    Column("severity", Integer),
    Column("note", Text),
    Column("created_at", UTCDateTime, nullable=False),
    Column("source", String(64), nullable=False, server_default="cli"),
    # Fractures only: was it a fragility fracture (a fall from standing height or
    # less, or no trauma)? Only "yes" makes T <= -2.5 "severe osteoporosis".
    Column("fragility", String(8)),
    CheckConstraint("severity IS NULL OR (severity >= 0 AND severity <= 10)", name="severity_0_10"),
    CheckConstraint(
        "fragility IS NULL OR fragility IN ('yes', 'no', 'unknown')", name="fragility_values"
    ),
    Index(None, "kind", "local_date"),
)

# Measured standing height: a loss from the tallest recorded can be a sign of a
# vertebral fracture.
heights = Table(
    "heights",
    metadata,
    Column("id", Integer, primary_key=True),
    uid_column(),
    Column("measured_on", Date, nullable=False),
    Column("height_cm", Float, nullable=False),
    Column("note", Text),
    Column("created_at", UTCDateTime, nullable=False),
    Column("source", String(64), nullable=False, server_default="cli"),
    CheckConstraint("height_cm > 0", name="height_positive"),
    Index(None, "measured_on"),
)

# The anticoagulant status over time: each row is in force from `valid_from`
# until the next row. Past days are judged by the status in force on that day
# (a K2 target is never pressed on a day the person took a vitamin K antagonist).
# `status` NULL: not recorded from that day on.
anticoagulant_history = Table(
    "anticoagulant_history",
    metadata,
    Column("id", Integer, primary_key=True),
    uid_column(),
    Column("status", String(8)),
    Column("drug", String(32)),
    Column("valid_from", Date, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    CheckConstraint("status IS NULL OR status IN ('none', 'vka', 'doac')", name="status_values"),
    Index(None, "valid_from"),
)

# The user's own notes; `for_visit` marks a question for the next clinician visit,
# listed by `bonetrack summary` until `done_on` (the day it was discussed).
notes = Table(
    "notes",
    metadata,
    Column("id", Integer, primary_key=True),
    uid_column(),
    Column("text", Text, nullable=False),
    Column("for_visit", Boolean, nullable=False, server_default="0"),
    # the user's local calendar day when it was written
    Column("written_on", Date, nullable=False),
    Column("done_on", Date),
    Column("created_at", UTCDateTime, nullable=False),
    Column("source", String(64), nullable=False, server_default="cli"),
    Index(None, "written_on"),
)

# One row per import from another app (Cronometer, Apple Health): where each
# imported record came from. `name` is the file as the user gave it.
imports = Table(
    "imports",
    metadata,
    Column("id", Integer, primary_key=True),
    uid_column(),
    Column("source", String(32), nullable=False),
    Column("name", Text, nullable=False),
    Column("imported_at", UTCDateTime, nullable=False),
)

# What food brought, per local day and nutrient (food is never a dose: it counts
# toward the day's total, never toward a plan). `amount` is in the nutrient's
# canonical unit (mg calcium, IU vitamin D, µg vitamin K); 0 is a recorded zero,
# a day without rows has no food data. `record_key` is stable across exports of
# the same data, so a re-import adds nothing twice.
dietary_intakes = Table(
    "dietary_intakes",
    metadata,
    Column("id", Integer, primary_key=True),
    uid_column(),
    Column("local_date", Date, nullable=False),
    Column("nutrient", String(16), nullable=False),
    Column("amount", Float, nullable=False),
    # the importer ("cronometer", "apple-health") and the app that recorded it
    Column("source", String(32), nullable=False),
    Column("source_app", String(128)),
    Column("record_key", String(64), nullable=False),
    Column("import_id", Integer, ForeignKey("imports.id"), nullable=False),
    CheckConstraint("amount >= 0", name="amount_not_negative"),
    CheckConstraint("nutrient IN ('calcium', 'vitamin-d', 'vitamin-k')", name="nutrient_values"),
    UniqueConstraint("source", "record_key"),
    Index(None, "local_date", "nutrient"),
    # a re-import replaces the days it covers for its source
    Index(None, "source", "local_date"),
    Index(None, "import_id"),
)

# Days a planned item is not due: a holiday, an illness, a clinician's instruction.
# `target` names what is paused (domain/pauses.py): "all", a kind ("k2"), or a
# kind and an exercise type ("exercise:impact"); a free key, so that a later kind
# of item (a medicine) can be paused the same way. `last_day` NULL: until resumed.
pauses = Table(
    "pauses",
    metadata,
    Column("id", Integer, primary_key=True),
    uid_column(),
    Column("target", String(64), nullable=False),
    Column("first_day", Date, nullable=False),
    Column("last_day", Date),
    Column("reason", Text),
    Column("created_at", UTCDateTime, nullable=False),
    Column("source", String(64), nullable=False, server_default="cli"),
    CheckConstraint("last_day IS NULL OR last_day >= first_day", name="last_not_before_first"),
    Index(None, "first_day"),
)

# Profile, configuration and per-site LSC values: small, keyed, schema-free.
settings = Table(
    "settings",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)


# The journal of changes, so that `undo` can take back the last change of any kind
# (an entry, a scan, an event, a plan version, a medicine schedule, a lab result, a note,
# a pause, a profile field, a setting, an import):
# one `changes` row per change a command made, one `change_rows` row per table row it
# added, edited or deleted, with the row's values before and after (JSON), so that
# an undo restores exactly what was there and can tell when the row changed since.
changes = Table(
    "changes",
    metadata,
    Column("id", Integer, primary_key=True),
    # The change's identity on every device, for export and merging.
    uid_column(),
    Column("made_at", UTCDateTime, nullable=False),
    # The command line that made it (without --db), as `undo --list` shows it.
    Column("command", Text, nullable=False),
    # Set when `undo` took the change back: it is kept, but never undone twice.
    Column("undone_at", UTCDateTime),
    # A change made on another device and brought by an import (of an export holding the
    # journal): the uid of that import's change here. History only: `undo` takes back the
    # changes made here (NULL), and undoing the import removes what it brought.
    Column("imported_in", String(36)),
    Index(None, "undone_at", "id"),
    Index(None, "imported_in"),
)

change_rows = Table(
    "change_rows",
    metadata,
    Column("id", Integer, primary_key=True),
    # Like every row table's (0005): the journal is exported and merged with the data.
    uid_column(),
    Column("change_id", Integer, ForeignKey("changes.id", ondelete="CASCADE"), nullable=False),
    Column("table_name", String(32), nullable=False),
    # The row's key in its table: its uid (the same on every device); a setting's key.
    Column("row_key", String(64), nullable=False),
    Column("action", String(8), nullable=False),
    # JSON objects of the row's columns: NULL before an insert and after a delete.
    Column("before", Text),
    Column("after", Text),
    CheckConstraint("action IN ('insert', 'update', 'delete')", name="action_values"),
    Index(None, "change_id"),
)


# What a row of each table is, for people (singular, plural): `info` counts them and
# `undo` names what a change added or deleted.
ROW_NOUNS: dict[str, tuple[str, str]] = {
    "intakes": ("entry", "entries"),
    "plans": ("plan version", "plan versions"),
    "medicines": ("medicine schedule", "medicine schedules"),
    "lab_results": ("lab result", "lab results"),
    "dietary_intakes": ("food record", "food records"),
    "imports": ("import", "imports"),
    "pauses": ("pause", "pauses"),
    "scans": ("scan result", "scan results"),
    "events": ("event", "events"),
    "heights": ("height", "heights"),
    "anticoagulant_history": ("anticoagulant change", "anticoagulant changes"),
    "notes": ("note", "notes"),
    "settings": ("setting", "settings"),
    "changes": ("journal change", "journal changes"),
}
