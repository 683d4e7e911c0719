"""Imported food in the export format (version 2): the imports, and the dietary intake
records each brought, checked as the importers check what they store."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bonetrack.domain.export_format import Values, as_float, utc_iso

# The file as the user named it to the importer: a path, at most as long as one.
IMPORT_NAME_CHARS = 4096
# `record_key`: a SHA-256 in hexadecimal (domain/food.record_key).
_RECORD_KEY = re.compile(r"^[0-9a-f]{64}$")
SOURCE_APP_CHARS = 128


def _source(v: Values) -> str:
    from bonetrack.domain.food import SOURCE_NAMES

    source = str(v.text("source", 32, required=True))
    if source not in SOURCE_NAMES:
        v.fail("source", f"'{source}' is not an importer of bonetrack ({', '.join(SOURCE_NAMES)}).")
    return source


# --- imports -------------------------------------------------------------------------


def dump_import(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "uid": row["uid"],
        "source": row["source"],
        "name": row["name"],
        "imported_at": utc_iso(row["imported_at"]),
    }


def load_import(v: Values) -> dict[str, Any]:
    return {
        "source": _source(v),
        "name": v.text("name", IMPORT_NAME_CHARS, required=True),
        "imported_at": v.instant("imported_at", required=True, past=True),
    }


# --- dietary intake ------------------------------------------------------------------


def dump_dietary(row: Mapping[str, Any]) -> dict[str, Any]:
    from bonetrack.domain.food import NUTRIENT_UNITS

    return {
        "uid": row["uid"],
        "date": row["local_date"].isoformat(),
        "nutrient": row["nutrient"],
        "amount": as_float(row["amount"]),
        "unit": NUTRIENT_UNITS.get(row["nutrient"]),
        "source": row["source"],
        "source_app": row["source_app"],
        "record_key": row["record_key"],
        # the uid of the import it came from (store/export_rows reads it with the row)
        "import": row["import"],
    }


def load_dietary(v: Values) -> dict[str, Any]:
    from bonetrack.domain.food import (
        CRONOMETER,
        NUTRIENT_UNITS,
        NUTRIENTS,
        day_record_key,
        dietary_intake,
    )

    day = v.past_day("date", required=True)
    assert day is not None
    nutrient = str(v.text("nutrient", 16, required=True))
    if nutrient not in NUTRIENTS:
        v.fail("nutrient", f"'{nutrient}' must be one of {', '.join(NUTRIENTS)}.")
    amount = v.number("amount", required=True)
    v.unit("unit", NUTRIENT_UNITS[nutrient], f"{nutrient} amounts")
    source = _source(v)
    key = str(v.text("record_key", 64, required=True))
    if not _RECORD_KEY.match(key):
        v.fail("record_key", f"'{key}' is not a record key (64 hexadecimal digits).")
    # Cronometer states whole days: its key is the day's and the nutrient's, by which a
    # later export restates them (store/food.replace_dietary_days).
    if source == CRONOMETER and key != day_record_key(source, day, nutrient):
        v.fail("record_key", f"is not the key of {source}'s {nutrient} on {day}.")
    record = v.check(
        "amount",
        dietary_intake,
        day,
        nutrient,
        amount,
        source,
        key,
        v.text("source_app", SOURCE_APP_CHARS),
    )
    return {**record.columns(), "import": v.uuid("import", required=True)}
