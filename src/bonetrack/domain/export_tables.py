"""The tables of the export format: their fields, a stored row as a record, a record as a row.

One `TableFormat` per table, in the order documents hold them (and imports merge
them: a table another refers to comes before it). `dump` turns a stored row
(column -> value) into a record (field -> JSON value); `load` turns a record read
from a file back into a row, through the validators of the command that would have
created it, so an import stores nothing a command would refuse.

Adding a table to the format is one more entry in `TABLES`, with `since` the format
version that adds it (bump `FORMAT_VERSION` in export_format.py); its dump and load
may live in a module of their own (export_medicines.py, export_food.py). Then: its
Core table in `store/export_rows.CORE_TABLES` (and its day column there, if dated),
its fields in docs/export-schema.json (a test compares them), a word for `--kind`
in `TABLE_KINDS`, and its section in docs/export-format.md. A field added to an
existing table is one more `_f(..., since=N)`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from bonetrack.domain import export_food, export_journal, export_medicines, export_pauses
from bonetrack.domain.export_format import (
    CLOCK_SKEW,
    SOURCE_CHARS,
    Field,
    RawRecord,
    Record,
    Values,
    as_float,
    local_iso,
    offset_minutes,
    utc_iso,
)
from bonetrack.errors import InputError

# Free-text limits, as the commands that take them.
NOTE_CHARS = 2000
SITE_CHARS = 64
NAME_CHARS = 128
CODE_CHARS = 32


@dataclass(frozen=True)
class Reference:
    """A field that names a record of an earlier table of the format.

    An import checks that the record it names is in the file or in the database
    (a dose of a medicine never scheduled, food from an import never made, is
    refused), and a narrowed export holds the records its records name.
    """

    field: str  # in the record, and under this name in the values loaded from it
    table: str  # the table of the format it refers to
    by: str  # the column of that table it matches: "uid", or a name
    # Stored as the id of the row referred to, in this column (None: stored as it is,
    # in the column `field`).
    column: str | None = None


@dataclass(frozen=True)
class TableFormat:
    name: str
    fields: tuple[Field, ...]
    dump: Callable[[Mapping[Any, Any]], dict[str, Any]]
    load: Callable[[Values], dict[str, Any]]
    since: int = 1
    # Columns that identify a row besides its uid: one scan result per site and date.
    natural_key: tuple[str, ...] = ()
    references: tuple[Reference, ...] = ()
    # Fields that say where a record came from, not what it holds: a record that
    # differs only in them is the same record (two devices that imported one file).
    not_compared: tuple[str, ...] = ()

    def fields_in(self, version: int) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.since <= version)

    @property
    def has_created_at(self) -> bool:
        return any(f.name == "created_at" for f in self.fields)


def _f(name: str, type_: Any = "string", required: bool = False, since: int = 1) -> Field:
    return Field(name, type_, required, since)


UID = _f("uid", required=True)
CREATED_AT = _f("created_at", required=True)
SOURCE = _f("source", required=True)


# --- plans ---------------------------------------------------------------------


def _dump_plan(row: Mapping[str, Any]) -> dict[str, Any]:
    from bonetrack.domain.kinds import get_kind

    return {
        "uid": row["uid"],
        "kind": row["kind"],
        "type": row["exercise_type"],
        "amount": as_float(row["amount"]),
        "unit": get_kind(row["kind"]).unit,
        "per": row["per"],
        "times": row["times"],
        "form": row["form"],
        "valid_from": row["valid_from"].isoformat(),
        "active": bool(row["active"]),
        "created_at": utc_iso(row["created_at"]),
    }


def _load_plan(v: Values) -> dict[str, Any]:
    from bonetrack.domain.amounts import check_amount
    from bonetrack.domain.kinds import check_exercise_type, check_form
    from bonetrack.domain.plans import PlanVersion, check_version

    kind = _kind(v)
    amount = v.number("amount")
    if amount is not None:
        v.check("amount", check_amount, kind, amount)
    _unit(v, kind)
    per = v.text("per", 8, required=True)
    version = PlanVersion(
        kind=kind.name,
        exercise_type=v.check("type", check_exercise_type, kind, v.text("type", CODE_CHARS)),
        amount=amount,
        per=str(per).lower(),
        times=v.integer("times"),
        form=v.check("form", check_form, kind, v.text("form", CODE_CHARS)),
        valid_from=v.day("valid_from", required=True),  # type: ignore[arg-type]
        active=bool(v.boolean("active", required=True)),
    )
    try:
        check_version(version)
    except InputError as exc:
        v.fail_record(exc.message)
    return version.columns()


# --- entries -------------------------------------------------------------------


def _dump_entry(row: Mapping[str, Any]) -> dict[str, Any]:
    from bonetrack.domain.kinds import entry_kind

    return {
        "uid": row["uid"],
        "kind": row["kind"],
        "amount": as_float(row["amount"]),
        "unit": entry_kind(row["kind"]).unit,
        "input_amount": as_float(row["input_amount"]),
        "input_unit": row["input_unit"],
        "form": row["form"],
        "type": row["exercise_type"],
        "taken_at": local_iso(row["taken_at"], row["utc_offset_min"]),
        "note": row["note"],
        "source": row["source"],
        "created_at": utc_iso(row["created_at"]),
        "medicine": row["medicine"],
    }


def _load_entry(v: Values) -> dict[str, Any]:
    from bonetrack.domain.amounts import check_amount, check_input_amount
    from bonetrack.domain.kinds import check_exercise_type, check_form, entry_kind

    # A medicine dose (version 2) is an entry of kind medicine naming its medicine.
    kind = v.check("kind", entry_kind, v.text("kind", CODE_CHARS, required=True))
    medicine = export_medicines.dose_medicine(v, kind)
    amount = v.number("amount", required=True)
    v.check("amount", check_amount, kind, amount)
    _unit(v, kind)
    input_amount = v.number("input_amount", required=True)
    input_unit = v.text("input_unit", 16, required=True)
    v.check("input_amount", check_input_amount, kind, amount, input_amount, input_unit)
    taken_at = v.instant("taken_at", required=True, past=True)
    assert taken_at is not None
    return {
        "kind": kind.name,
        "amount": amount,
        "input_amount": input_amount,
        "input_unit": input_unit,
        "form": v.check("form", check_form, kind, v.text("form", CODE_CHARS)),
        "exercise_type": v.check("type", check_exercise_type, kind, v.text("type", CODE_CHARS)),
        "note": v.text("note", NOTE_CHARS),
        "taken_at": taken_at,
        "utc_offset_min": offset_minutes(taken_at),
        "local_date": taken_at.date(),
        "source": v.text("source", SOURCE_CHARS, required=True),
        "medicine": medicine,
    }


# --- scans ---------------------------------------------------------------------


def _dump_scan(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "uid": row["uid"],
        "date": row["scan_date"].isoformat(),
        "site": row["site"],
        "bmd": as_float(row["bmd"]),
        "t_score": as_float(row["t_score"]),
        "z_score": as_float(row["z_score"]),
        "machine": row["machine"],
        "facility": row["facility"],
        "note": row["note"],
        "created_at": utc_iso(row["created_at"]),
    }


def _load_scan(v: Values) -> dict[str, Any]:
    from bonetrack.domain.dexa import check_bmd, check_scan_date, check_score, get_site

    scan_date = v.day("date", required=True)
    v.check("date", check_scan_date, scan_date, (v.now + CLOCK_SKEW).date())
    site = v.check("site", get_site, v.text("site", CODE_CHARS, required=True))
    bmd = v.number("bmd")
    t_score = v.number("t_score")
    z_score = v.number("z_score")
    if bmd is None and t_score is None:
        v.fail_record("a scan result needs a BMD or a T-score.")
    return {
        "scan_date": scan_date,
        "site": site.name,
        "bmd": None if bmd is None else v.check("bmd", check_bmd, bmd),
        "t_score": None if t_score is None else v.check("t_score", check_score, t_score, "T-score"),
        "z_score": None if z_score is None else v.check("z_score", check_score, z_score, "Z-score"),
        "machine": v.text("machine", NAME_CHARS),
        "facility": v.text("facility", NAME_CHARS),
        "note": v.text("note", NOTE_CHARS),
    }


# --- events --------------------------------------------------------------------


def _dump_event(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "uid": row["uid"],
        "kind": row["kind"],
        "occurred_at": local_iso(row["occurred_at"], row["utc_offset_min"]),
        "site": row["site"],
        "severity": row["severity"],
        "fragility": row["fragility"],
        "note": row["note"],
        "source": row["source"],
        "created_at": utc_iso(row["created_at"]),
    }


def _load_event(v: Values) -> dict[str, Any]:
    from bonetrack.domain.events import (
        check_severity,
        fragility_for,
        get_event_kind,
        parse_fragility,
    )

    kind = v.check("kind", get_event_kind, v.text("kind", CODE_CHARS, required=True))
    occurred_at = v.instant("occurred_at", required=True, past=True)
    assert occurred_at is not None
    severity = v.integer("severity")
    fragility = v.text("fragility", 8)
    if fragility is not None:
        fragility = v.check("fragility", parse_fragility, fragility)
        v.check("fragility", fragility_for, kind, fragility)
    return {
        "kind": kind,
        "occurred_at": occurred_at,
        "utc_offset_min": offset_minutes(occurred_at),
        "local_date": occurred_at.date(),
        "site": v.text("site", SITE_CHARS),
        "severity": None if severity is None else v.check("severity", check_severity, severity),
        "fragility": fragility,
        "note": v.text("note", NOTE_CHARS),
        "source": v.text("source", SOURCE_CHARS, required=True),
    }


# --- heights -------------------------------------------------------------------


def _dump_height(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "uid": row["uid"],
        "measured_on": row["measured_on"].isoformat(),
        "height_cm": as_float(row["height_cm"]),
        "note": row["note"],
        "source": row["source"],
        "created_at": utc_iso(row["created_at"]),
    }


def _load_height(v: Values) -> dict[str, Any]:
    from bonetrack.domain.height import check_height_cm, check_measured_on

    measured_on = v.day("measured_on", required=True)
    return {
        "measured_on": v.check(
            "measured_on", check_measured_on, measured_on, (v.now + CLOCK_SKEW).date()
        ),
        "height_cm": v.check("height_cm", check_height_cm, v.number("height_cm", required=True)),
        "note": v.text("note", NOTE_CHARS),
        "source": v.text("source", SOURCE_CHARS, required=True),
    }


# --- anticoagulant history -----------------------------------------------------


def _dump_anticoagulant(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "uid": row["uid"],
        "status": row["status"],
        "drug": row["drug"],
        "valid_from": row["valid_from"].isoformat(),
        "created_at": utc_iso(row["created_at"]),
    }


def _load_anticoagulant(v: Values) -> dict[str, Any]:
    from bonetrack.domain.profile import ANTICOAGULANTS, parse_anticoagulant

    status = v.text("status", 8)
    if status is not None and status not in ANTICOAGULANTS:
        v.fail("status", f"'{status}' must be one of {', '.join(ANTICOAGULANTS)} or empty.")
    drug = v.text("drug", CODE_CHARS)
    if drug is not None:
        named = v.check("drug", parse_anticoagulant, drug)
        if named.drug != drug or named.category != status:
            v.fail("drug", f"'{drug}' is not a generic drug name of status {status}.")
    return {"status": status, "drug": drug, "valid_from": v.day("valid_from", required=True)}


# --- notes --------------------------------------------------------------------


def _dump_note(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "uid": row["uid"],
        "text": row["text"],
        "for_visit": bool(row["for_visit"]),
        "written_on": row["written_on"].isoformat(),
        "done_on": None if row["done_on"] is None else row["done_on"].isoformat(),
        "source": row["source"],
        "created_at": utc_iso(row["created_at"]),
    }


def _load_note(v: Values) -> dict[str, Any]:
    from bonetrack.domain.notes import NOTE_LIMIT

    written_on = v.past_day("written_on", required=True)
    assert written_on is not None
    for_visit = bool(v.boolean("for_visit", required=True))
    done_on = v.day("done_on")
    # As `note done` checks: only a question for the visit is discussed, not before it was asked.
    if done_on is not None and not for_visit:
        v.fail("done_on", "only a question for the visit (for_visit true) is marked discussed.")
    if done_on is not None and done_on < written_on:
        v.fail("done_on", f"{done_on} is before the note was written ({written_on}).")
    return {
        "text": v.text("text", NOTE_LIMIT, required=True),
        "for_visit": for_visit,
        "written_on": written_on,
        "done_on": done_on,
        "source": v.text("source", SOURCE_CHARS, required=True),
    }


# --- the registry ----------------------------------------------------------------

TABLES: dict[str, TableFormat] = {
    table.name: table
    for table in (
        TableFormat(
            "plans",
            (
                UID,
                _f("kind", required=True),
                _f("type"),
                _f("amount", "number"),
                _f("unit"),
                _f("per", required=True),
                _f("times", "integer"),
                _f("form"),
                _f("valid_from", required=True),
                _f("active", "boolean", required=True),
                CREATED_AT,
            ),
            _dump_plan,
            _load_plan,
        ),
        TableFormat(
            "medicines",
            (
                UID,
                _f("name", required=True, since=2),
                _f("dose", "number", since=2),
                _f("unit", since=2),
                _f("every_count", "integer", required=True, since=2),
                _f("every_unit", required=True, since=2),
                _f("weekday", since=2),
                _f("route", required=True, since=2),
                _f("fasting_min", "integer", since=2),
                _f("valid_from", required=True, since=2),
                _f("active", "boolean", required=True, since=2),
                CREATED_AT,
            ),
            export_medicines.dump_medicine,
            export_medicines.load_medicine,
            since=2,
        ),
        TableFormat(
            "entries",
            (
                UID,
                _f("kind", required=True),
                _f("amount", "number", required=True),
                _f("unit", required=True),
                _f("input_amount", "number", required=True),
                _f("input_unit", required=True),
                _f("form"),
                _f("type"),
                _f("taken_at", required=True),
                _f("note"),
                SOURCE,
                CREATED_AT,
                _f("medicine", since=2),
            ),
            _dump_entry,
            _load_entry,
            references=(Reference("medicine", "medicines", "name"),),
        ),
        TableFormat(
            "scans",
            (
                UID,
                _f("date", required=True),
                _f("site", required=True),
                _f("bmd", "number"),
                _f("t_score", "number"),
                _f("z_score", "number"),
                _f("machine"),
                _f("facility"),
                _f("note"),
                CREATED_AT,
            ),
            _dump_scan,
            _load_scan,
            natural_key=("scan_date", "site"),
        ),
        TableFormat(
            "events",
            (
                UID,
                _f("kind", required=True),
                _f("occurred_at", required=True),
                _f("site"),
                _f("severity", "integer"),
                _f("fragility"),
                _f("note"),
                SOURCE,
                CREATED_AT,
            ),
            _dump_event,
            _load_event,
        ),
        TableFormat(
            "heights",
            (
                UID,
                _f("measured_on", required=True),
                _f("height_cm", "number", required=True),
                _f("note"),
                SOURCE,
                CREATED_AT,
            ),
            _dump_height,
            _load_height,
        ),
        TableFormat(
            "anticoagulant_history",
            (
                UID,
                _f("status"),
                _f("drug"),
                _f("valid_from", required=True),
                CREATED_AT,
            ),
            _dump_anticoagulant,
            _load_anticoagulant,
        ),
        TableFormat(
            "notes",
            (
                UID,
                _f("text", required=True),
                _f("for_visit", "boolean", required=True),
                _f("written_on", required=True),
                _f("done_on"),
                SOURCE,
                CREATED_AT,
            ),
            _dump_note,
            _load_note,
        ),
        TableFormat(
            "lab_results",
            (
                UID,
                _f("test", required=True, since=2),
                _f("value", "number", required=True, since=2),
                _f("unit", since=2),
                _f("input_value", "number", required=True, since=2),
                _f("input_unit", since=2),
                _f("taken_on", required=True, since=2),
                _f("ref_low", "number", since=2),
                _f("ref_high", "number", since=2),
                _f("lab", since=2),
                _f("note", since=2),
                SOURCE,
                CREATED_AT,
            ),
            export_medicines.dump_lab_result,
            export_medicines.load_lab_result,
            since=2,
        ),
        TableFormat(
            "imports",
            (
                UID,
                _f("source", required=True, since=2),
                _f("name", required=True, since=2),
                _f("imported_at", required=True, since=2),
            ),
            export_food.dump_import,
            export_food.load_import,
            since=2,
        ),
        TableFormat(
            "dietary_intakes",
            (
                UID,
                _f("date", required=True, since=2),
                _f("nutrient", required=True, since=2),
                _f("amount", "number", required=True, since=2),
                _f("unit", since=2),
                _f("source", required=True, since=2),
                _f("source_app", since=2),
                _f("record_key", required=True, since=2),
                _f("import", required=True, since=2),
            ),
            export_food.dump_dietary,
            export_food.load_dietary,
            since=2,
            # One record per source and key: the same food imported on two devices.
            natural_key=("source", "record_key"),
            references=(Reference("import", "imports", "uid", column="import_id"),),
            not_compared=("import",),
        ),
        TableFormat(
            "pauses",
            (
                UID,
                _f("target", required=True, since=2),
                _f("from", required=True, since=2),
                _f("to", since=2),
                _f("reason", since=2),
                SOURCE,
                CREATED_AT,
            ),
            export_pauses.dump_pause,
            export_pauses.load_pause,
            since=2,
            # The same pause made on two devices (one item, from one day) is one pause.
            natural_key=("target", "first_day"),
        ),
        # The journal of changes: in whole exports only (a row's values hold any table's).
        TableFormat(
            "changes",
            (
                UID,
                _f("made_at", required=True, since=2),
                _f("command", since=2),
                _f("undone_at", since=2),
            ),
            export_journal.dump_change,
            export_journal.load_change,
            since=2,
        ),
        TableFormat(
            "change_rows",
            (
                UID,
                _f("change", required=True, since=2),
                _f("table", required=True, since=2),
                _f("key", required=True, since=2),
                _f("action", required=True, since=2),
                _f("before", since=2),
                _f("after", since=2),
            ),
            export_journal.dump_change_row,
            export_journal.load_change_row,
            since=2,
            references=(Reference("change", "changes", "uid", column="change_id"),),
        ),
    )
}


def _check_references() -> None:
    # An import merges tables in this order: what a record names is merged before it.
    names = list(TABLES)
    for position, table in enumerate(TABLES.values()):
        for reference in table.references:
            assert reference.table in names[:position], f"{table.name} -> {reference.table}"


_check_references()

# The profile: one record of typed fields, kept as settings (the anticoagulant
# status over time is the anticoagulant_history table).
PROFILE_FIELDS: tuple[Field, ...] = (
    _f("birth_year", "integer"),
    _f("sex"),
    _f("menopause_year", "integer"),
    _f("name"),
)
SETTING_FIELDS: tuple[Field, ...] = (_f("key", required=True), _f("value", required=True))


def load_record(raw: RawRecord, version: int, now: datetime) -> Record:
    """A row table's record, checked field by field; InputError names the field and why."""
    table = TABLES[raw.table]
    values = Values(raw, now)
    _no_unknown_fields(values, table.fields_in(version))
    loaded = table.load(values)
    loaded["uid"] = values.uuid("uid", required=True)
    if table.has_created_at:
        loaded["created_at"] = values.instant("created_at", required=True)
    return Record(table.name, loaded, raw.where)


def _no_unknown_fields(values: Values, fields: tuple[Field, ...]) -> None:
    known = {f.name for f in fields}
    for name in values.raw.fields:
        if name not in known:
            values.fail(name, f"is not a field of {values.raw.table}.")


def _kind(v: Values) -> Any:
    from bonetrack.domain.kinds import get_kind

    return v.check("kind", get_kind, v.text("kind", CODE_CHARS, required=True))


def _unit(v: Values, kind: Any) -> None:
    v.unit("unit", kind.unit, f"{kind.name} amounts")


# --- profile and settings ----------------------------------------------------------


def dump_profile(settings: Mapping[str, str]) -> dict[str, Any]:
    """The profile fields from the stored settings; fields never set are null."""
    from bonetrack.domain.profile import PROFILE_KEYS

    integers = {f.name for f in PROFILE_FIELDS if f.type == "integer"}
    result: dict[str, Any] = {}
    for name, key in PROFILE_KEYS.items():
        value = settings.get(key)
        result[name] = int(value) if value is not None and name in integers else value
    return result


def dump_settings(settings: Mapping[str, str]) -> dict[str, str]:
    """Every stored setting that is not a profile field, by its key."""
    from bonetrack.domain.profile import PROFILE_KEYS

    profile_keys = set(PROFILE_KEYS.values())
    return {key: value for key, value in sorted(settings.items()) if key not in profile_keys}


def load_profile(raw: RawRecord, now: datetime) -> Iterator[Record]:
    """The profile as the settings to store, checked as `profile set` checks it."""
    from bonetrack.domain.profile import (
        NAME_LIMIT,
        PROFILE_KEYS,
        Profile,
        parse_sex,
        validate_profile,
    )

    v = Values(raw, now)
    _no_unknown_fields(v, PROFILE_FIELDS)
    sex = v.text("sex", 8)
    profile = Profile(
        birth_year=v.integer("birth_year"),
        sex=None if sex is None else v.check("sex", parse_sex, sex),
        menopause_year=v.integer("menopause_year"),
        name=v.text("name", NAME_LIMIT),
    )
    try:
        validate_profile(profile, now.date())
    except InputError as exc:
        v.fail_record(exc.message)
    for name, key in PROFILE_KEYS.items():
        value = getattr(profile, name)
        if value is not None:
            yield Record("profile", {"key": key, "value": str(value)}, raw.field_at(name))


_CALENDAR_ID = re.compile(r"^[0-9a-f]{8,64}$")


def load_setting(raw: RawRecord, now: datetime) -> Record:
    """One setting, checked (and written in its stored form) by its command's parser."""
    v = Values(raw, now)
    key = str(v.text("key", 64, required=True))
    text = str(v.text("value", 200, required=True))
    rule = _setting_rule(key)
    if rule is None:
        v.fail("key", f"'{key}' is not a bonetrack setting.")
    return Record("settings", {"key": key, "value": v.check("value", rule, text)}, raw.where)


def _setting_rule(key: str) -> Callable[[str], str] | None:
    from bonetrack.domain.dexa import LSC_PREFIX, SITE_NAMES, parse_lsc
    from bonetrack.domain.reminders import (
        CALENDAR_ID_KEY,
        CONFIG_KEYS,
        EventVersion,
        parse_interval,
    )
    from bonetrack.domain.when import DATE_ORDER_KEY, parse_date_order

    names = {stored: name for name, stored in CONFIG_KEYS.items()}
    if key in names:
        return lambda text: parse_interval(text, names[key]).setting_value
    if key.startswith(LSC_PREFIX) and key[len(LSC_PREFIX) :] in SITE_NAMES:
        return lambda text: parse_lsc(text).setting_value
    if key == CALENDAR_ID_KEY:
        return _calendar_id
    if key == DATE_ORDER_KEY:  # `config set date-order`
        return parse_date_order
    if EventVersion.is_setting_key(key):  # each calendar event's SEQUENCE
        return EventVersion.check_setting
    return None


def _calendar_id(text: str) -> str:
    if not _CALENDAR_ID.match(text):
        raise InputError(f"'{text}' is not a calendar id (hexadecimal digits).")
    return text


Row = TypeVar("Row", bound=Mapping[Any, Any])

# --- narrowing an export -------------------------------------------------------

# Besides the kinds of entries (k2, calcium, ...: their entries and plans) and of
# events (fracture, fall, ...), --kind takes these words for whole tables.
TABLE_KINDS: dict[str, tuple[str, ...]] = {
    "scans": ("scans",),
    "heights": ("heights",),
    "anticoagulant": ("anticoagulant_history",),
    "notes": ("notes",),
    "profile": ("profile", "settings"),
    # the schedules, and the doses (entries of kind medicine)
    "medicines": ("medicines",),
    "labs": ("lab_results",),
    # imported food, and the imports it came from
    "food": ("dietary_intakes", "imports"),
    "pauses": ("pauses",),
}
# The entries a table word also keeps, by their kind.
ENTRY_KINDS_OF: dict[str, str] = {"medicines": "medicine"}
_TABLE_KIND_ALIASES: dict[str, str] = {
    "medicine": "medicines",
    "meds": "medicines",
    "med": "medicines",
    "lab": "labs",
    "lab-results": "labs",
    "dietary": "food",
    "pause": "pauses",
}


def parse_export_kind(text: str) -> str:
    """An entry kind, an event kind or a table word, as its canonical name."""
    from bonetrack.domain.events import EVENT_KIND_NAMES, get_event_kind
    from bonetrack.domain.kinds import KIND_NAMES, get_kind

    key = text.strip().lower()
    key = _TABLE_KIND_ALIASES.get(key, key)
    if key in TABLE_KINDS:
        return key
    for parse in (get_kind, get_event_kind):
        try:
            found = parse(key)
        except InputError:
            continue
        return found if isinstance(found, str) else found.name
    raise InputError(
        f"unknown --kind '{text}': use an entry kind ({', '.join(KIND_NAMES)}), an event kind "
        f"({', '.join(EVENT_KIND_NAMES)}) or {', '.join(TABLE_KINDS)}."
    )


def in_window(
    rows: Sequence[Row], item: Callable[[Row], object], start: Any, end: Any
) -> list[Row]:
    """Versioned rows (sorted by valid_from) in force at some time from `start` to `end`.

    Those that take effect in the window, and per item the one in force on its first
    day, so that a narrowed export still says what was planned then.
    """
    keep: list[int] = []
    before: dict[object, int] = {}
    for index, row in enumerate(rows):
        day = row["valid_from"]
        if start is not None and day < start:
            before[item(row)] = index
        elif end is None or day <= end:
            keep.append(index)
    return [rows[i] for i in sorted([*before.values(), *keep])]
