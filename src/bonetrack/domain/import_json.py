"""Reading bonetrack's JSON export: one object, checked before any record is read.

Pure: bytes in (already bounded by the caller's size limit), records out. Deep
nesting, duplicate keys, NaN and endless numbers are refused with one clean
message, never a traceback or a hang.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from bonetrack.domain.export_format import HEADER_KEYS, Header, RawRecord, load_header
from bonetrack.domain.export_tables import TABLES
from bonetrack.errors import InputError


def read_json(data: bytes, now: datetime) -> tuple[Header, Iterator[RawRecord]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start} cannot be read).") from None
    try:
        document = json.loads(text, object_pairs_hook=_object, parse_constant=_constant)
    except RecursionError:
        raise InputError("nested too deeply to be a bonetrack export.") from None
    except json.JSONDecodeError as exc:
        raise InputError(
            f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
        ) from None
    except ValueError as exc:  # a duplicate key, NaN, a number of thousands of digits
        raise InputError(f"not a bonetrack export: {exc}") from None
    if not isinstance(document, dict):
        raise InputError("not a bonetrack export: the file holds no JSON object.")
    header = load_header({key: document.get(key) for key in HEADER_KEYS}, "", now)
    tables = [t for t in TABLES.values() if t.since <= header.version]
    known = {*HEADER_KEYS, "profile", "settings", *(t.name for t in tables)}
    for key in document:
        if key not in known:
            raise InputError(f"/{key}: is not part of a version {header.version} export.")
    return header, _records(document, [t.name for t in tables])


def _records(document: dict[str, Any], tables: list[str]) -> Iterator[RawRecord]:
    profile = document.get("profile")
    if profile is not None:
        yield RawRecord("profile", _object_at(profile, "/profile"), "/profile")
    settings = document.get("settings")
    if settings is not None:
        for key, value in _object_at(settings, "/settings").items():
            yield RawRecord("settings", {"key": key, "value": value}, "/settings")
    for name in tables:
        rows = document.get(name)
        if rows is None:
            continue  # a table added after the version that wrote the file
        if not isinstance(rows, list):
            raise InputError(f"/{name}: must be a list of records.")
        for index, row in enumerate(rows):
            where = f"/{name}/{index}"
            yield RawRecord(name, _object_at(row, where), where)


def _object_at(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InputError(f"{where}: must be an object.")
    return value


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"the key '{key[:40]}' appears twice in one object.")
        result[key] = value
    return result


def _constant(name: str) -> None:
    raise ValueError(f"{name} is not a number bonetrack stores.")
