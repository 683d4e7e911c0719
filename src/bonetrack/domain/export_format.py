"""bonetrack's own export format: its header, its limits, and reading one record's fields.

The tables it holds and their fields are in `export_tables.py`; the JSON and CSV
readers (`import_json.py`, `import_csv.py`) turn a file into `RawRecord`s, and
`export_tables.load_record` turns each into values ready to store, through the
same validators the commands use. docs/export-format.md describes it for people,
docs/export-schema.json for validators.

Versions: `version` counts additions. A reader reads every version up to its own
and refuses newer ones (it could not keep what it does not know); a document of
one version is a valid document of every later one, because tables and fields are
only ever added (each with the version that added it), never renamed, removed or
changed in meaning. A table or field missing from a document is empty.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any, Literal, NoReturn

from bonetrack.errors import InputError

FORMAT_NAME = "bonetrack-export"
# 1: plans, entries, scans, events, heights, anticoagulant_history, notes.
# 2: medicines, medicine doses (entries of kind medicine), lab_results, imports,
#    dietary_intakes.
FORMAT_VERSION = 2

# Untrusted input is read within these bounds. An export of 10 years of the demo's
# daily doses and sessions is about 5 MB as JSON: the limit leaves room for a
# lifetime of heavy use while bounding the memory a hostile file can take.
MAX_IMPORT_BYTES = 200 * 1024 * 1024
MAX_IMPORT_TEXT = "200 MB"
# No field bonetrack writes is longer than a 2,000-character note.
MAX_FIELD_CHARS = 64 * 1024
# Two devices' clocks differ a little: a time this far ahead of this computer's
# clock is still "already happened" on the device that recorded it.
CLOCK_SKEW = timedelta(minutes=10)

FieldType = Literal["string", "number", "integer", "boolean"]

# The `source` of a record: `cli`, `demo`, or the app it was imported from.
SOURCE_CHARS = 64


@dataclass(frozen=True)
class Field:
    name: str
    type: FieldType
    # Must be present and not null (fields that may be empty can be left out).
    required: bool = False
    # The format version that added it.
    since: int = 1


@dataclass(frozen=True)
class Selection:
    """What an export was narrowed to; all None for a whole export."""

    date_from: date | None = None
    date_to: date | None = None
    kinds: tuple[str, ...] | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "from": None if self.date_from is None else self.date_from.isoformat(),
            "to": None if self.date_to is None else self.date_to.isoformat(),
            "kinds": None if self.kinds is None else list(self.kinds),
        }


@dataclass(frozen=True)
class Header:
    version: int
    exported_at: datetime
    selection: Selection

    def as_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT_NAME,
            "version": self.version,
            "exported_at": self.exported_at.isoformat(),
            "selection": self.selection.as_json(),
        }


@dataclass(frozen=True)
class RawRecord:
    """One record as read from a file: JSON-typed values and where it was."""

    table: str
    fields: Mapping[str, object]
    # "/entries/17" in a JSON file, "entries.csv line 18" in a CSV file
    where: str

    def field_at(self, name: str) -> str:
        return field_place(self.where, name)


def field_place(where: str, name: str) -> str:
    """A field's place in a file, from its record's: a JSON pointer goes one level down
    ("/entries/17/amount"); a CSV place names the column ("entries.csv line 18, amount")."""
    if not where or where.startswith("/"):
        return f"{where}/{_pointer_token(name)}"
    return f"{where}, {name}"


def _pointer_token(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")


@dataclass(frozen=True)
class Record:
    """A record validated and ready to store: column name -> value."""

    table: str
    values: dict[str, Any]
    where: str


# --- reading one record's fields ---------------------------------------------


class Values:
    """One raw record's fields, read with the checks every import applies.

    Each error names the field's place in the file: "/entries/17/amount: ...".
    """

    def __init__(self, raw: RawRecord, now: datetime) -> None:
        self.raw = raw
        self.now = now

    def fail(self, name: str, message: str) -> NoReturn:
        raise InputError(f"{self.raw.field_at(name)}: {message}")

    def fail_record(self, message: str) -> NoReturn:
        raise InputError(f"{self.raw.where or '/'}: {message}")

    def check(self, name: str, validate: Any, *args: Any) -> Any:
        """`validate(*args)`, its InputError told at this field."""
        try:
            return validate(*args)
        except InputError as exc:
            self.fail(name, exc.message)

    def _get(self, name: str, required: bool) -> object:
        value = self.raw.fields.get(name)
        if value is None and required:
            self.fail(name, "is missing: it is required.")
        return value

    def text(self, name: str, limit: int, *, required: bool = False) -> str | None:
        from bonetrack.domain.text import clean_text

        value = self._get(name, required)
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(name, f"must be text, not {_shown(value)}.")
        cleaned = self.check(name, clean_text, value, name, limit)
        if cleaned is None and required:
            self.fail(name, "is empty: it is required.")
        return str(cleaned) if cleaned is not None else None

    def number(self, name: str, *, required: bool = False) -> float | None:
        value = self._get(name, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(name, f"must be a number, not {_shown(value)}.")
        number = float(value)
        if not math.isfinite(number):
            self.fail(name, "must be a finite number.")
        return number

    def integer(self, name: str, *, required: bool = False) -> int | None:
        value = self._get(name, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(name, f"must be a whole number, not {_shown(value)}.")
        return value

    def boolean(self, name: str, *, required: bool = False) -> bool | None:
        value = self._get(name, required)
        if value is None:
            return None
        if not isinstance(value, bool):
            self.fail(name, f"must be true or false, not {_shown(value)}.")
        return value

    def unit(self, name: str, expected: str, what: str) -> None:
        """A unit written beside an amount: it may be left out, but it cannot be another."""
        unit = self.text(name, 32)
        if unit is not None and unit != expected:
            self.fail(name, f"{what} are in {expected}, not '{unit}'.")

    def uuid(self, name: str, *, required: bool = False) -> str | None:
        """A record's identity (or one it refers to), in its canonical form."""
        import uuid

        text = self.text(name, 36, required=required)
        if text is None:
            return None
        try:
            return str(uuid.UUID(text))
        except ValueError:
            self.fail(name, f"'{text}' is not a UUID.")

    def past_day(self, name: str, *, required: bool = False) -> date | None:
        """A date that has come (give or take the clock skew between devices)."""
        day = self.day(name, required=required)
        if day is not None and day > (self.now + CLOCK_SKEW).date():
            self.fail(name, f"{day} is in the future.")
        return day

    def day(self, name: str, *, required: bool = False) -> date | None:
        from bonetrack.domain.when import EARLIEST

        text = self._get(name, required)
        if text is None:
            return None
        if not isinstance(text, str):
            self.fail(name, f"must be a date (YYYY-MM-DD), not {_shown(text)}.")
        try:
            day = date.fromisoformat(text)
        except ValueError:
            self.fail(name, f"'{_cut(text)}' is not a date (YYYY-MM-DD).")
        if day < EARLIEST:
            self.fail(name, f"{day} is before {EARLIEST}: check the date.")
        return day

    def instant(self, name: str, *, required: bool = False, past: bool = False) -> datetime | None:
        """An ISO 8601 time with its UTC offset; `past`: not later than now (give or take
        the clock skew between devices)."""
        from bonetrack.domain.when import EARLIEST

        text = self._get(name, required)
        if text is None:
            return None
        if not isinstance(text, str):
            self.fail(name, f"must be a time (ISO 8601 with offset), not {_shown(text)}.")
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            self.fail(name, f"'{_cut(text)}' is not a time such as 2026-11-22T08:30:00+01:00.")
        offset = moment.utcoffset()
        if offset is None:
            self.fail(name, f"'{_cut(text)}' has no UTC offset (such as +01:00 or Z).")
        if offset.total_seconds() % 60:
            self.fail(name, f"'{_cut(text)}' has a UTC offset with seconds.")
        if moment.date() < EARLIEST:
            self.fail(name, f"{moment.date()} is before {EARLIEST}: check the date.")
        if past and moment > self.now + CLOCK_SKEW:
            self.fail(name, f"{_cut(text)} is in the future; only what has happened is recorded.")
        return moment


def _shown(value: object) -> str:
    if isinstance(value, dict | list):
        return "a list" if isinstance(value, list) else "an object"
    return repr(value) if isinstance(value, str) else _cut(str(value).lower())


def _cut(text: str, limit: int = 40) -> str:
    """Bad values are quoted in one-line errors: never a screenful."""
    return text if len(text) <= limit else text[:limit] + "..."


# --- writing values ------------------------------------------------------------


def as_float(value: Any) -> float | None:
    """A stored number as JSON writes it (PostgreSQL may hand back other types)."""
    return None if value is None else float(value)


def utc_iso(moment: datetime) -> str:
    """'2026-11-22T07:30:00+00:00': when a row was stored."""
    return moment.astimezone(UTC).isoformat()


def local_iso(moment: datetime, offset_min: int) -> str:
    """'2026-11-22T08:30:00+01:00': the wall-clock time where and when it happened."""
    return moment.astimezone(timezone(timedelta(minutes=offset_min))).isoformat()


def offset_minutes(moment: datetime) -> int:
    offset = moment.utcoffset()
    assert offset is not None, "an aware time is needed"
    return int(offset.total_seconds() // 60)


# --- the header ------------------------------------------------------------------

HEADER_KEYS = ("format", "version", "exported_at", "selection")


def load_header(fields: Mapping[str, object], where: str, now: datetime) -> Header:
    """Check what a document says it is before reading anything else from it."""
    raw = RawRecord("header", fields, where)
    values = Values(raw, now)
    if fields.get("format") != FORMAT_NAME:
        raise InputError(
            f"{raw.field_at('format')}: this is not a bonetrack export "
            f"(its format should be '{FORMAT_NAME}')."
        )
    version = values.integer("version", required=True)
    assert version is not None
    if version > FORMAT_VERSION:
        values.fail(
            "version",
            f"this file is in format version {version}, written by a newer bonetrack; this one "
            f"reads versions up to {FORMAT_VERSION}: upgrade bonetrack to import it.",
        )
    if version < 1:
        values.fail("version", f"{version} is not a format version.")
    exported_at = values.instant("exported_at", required=True)
    assert exported_at is not None
    return Header(version, exported_at, load_selection(fields.get("selection"), raw))


def load_selection(value: object, raw: RawRecord) -> Selection:
    # What the export was narrowed to is information for people; it changes nothing
    # on import, but it must still be well-formed.
    if value is None:
        return Selection()
    if not isinstance(value, Mapping):
        raise InputError(f"{raw.field_at('selection')}: must be an object.")
    inner = Values(RawRecord("selection", value, raw.field_at("selection")), datetime.now(UTC))
    unknown = sorted(set(value) - {"from", "to", "kinds"})
    if unknown:
        inner.fail(unknown[0], "is not a field of the selection.")
    kinds = value.get("kinds")
    if kinds is not None and (
        not isinstance(kinds, list) or not all(isinstance(k, str) and len(k) < 32 for k in kinds)
    ):
        inner.fail("kinds", "must be a list of kind names.")
    return Selection(
        inner.day("from"), inner.day("to"), None if kinds is None else tuple(map(str, kinds))
    )


@dataclass(frozen=True)
class ExportData:
    """What an export holds, as JSON values, ready to be written in either form."""

    header: Header
    profile: dict[str, Any]
    settings: dict[str, str]
    # table name -> records (field -> value), in the order the format lists tables
    tables: dict[str, list[dict[str, Any]]]
