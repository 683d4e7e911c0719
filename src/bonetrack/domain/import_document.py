"""From a file's bytes to validated records: which format it is, and the checks across records.

Pure. The format is told by the content (a zip of CSV files, or a JSON object),
never by the file's name. The whole file is checked before anything is stored:
one bad record refuses the import.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO

from bonetrack.domain.export_format import (
    MAX_IMPORT_BYTES,
    MAX_IMPORT_TEXT,
    Header,
    RawRecord,
    Record,
)
from bonetrack.domain.export_tables import TABLES, load_profile, load_record, load_setting
from bonetrack.domain.import_csv import Opener, read_csv, zip_opener
from bonetrack.domain.import_json import read_json
from bonetrack.errors import InputError

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


@dataclass(frozen=True)
class Document:
    header: Header
    records: list[Record]  # in file order: profile, settings, then table by table
    form: str  # "JSON", "CSV zip", "CSV folder"


def read_bounded(stream: BinaryIO, limit: int = MAX_IMPORT_BYTES) -> bytes:
    """The whole stream, refused past `limit` bytes without reading further."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"larger than {MAX_IMPORT_TEXT}, the most bonetrack imports.")
    return data


def read_document(data: bytes, now: datetime) -> Document:
    """bonetrack's own JSON export or CSV zip, told apart by their first bytes."""
    if data.startswith(_ZIP_MAGIC):
        return read_csv_document(zip_opener(data), now, "CSV zip")
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        header, raws = read_json(data, now)
        return Document(header, validate(header, raws, now), "JSON")
    raise InputError(
        "not a bonetrack export: neither a JSON export nor a zip of CSV files "
        "(see `bonetrack export --help`)."
    )


def read_csv_document(open_member: Opener, now: datetime, form: str) -> Document:
    header, raws = read_csv(open_member, now)
    return Document(header, validate(header, raws, now), form)


def validate(header: Header, raws: Iterable[RawRecord], now: datetime) -> list[Record]:
    """Every record checked; a uid (or a scan's date and site) only once in the file."""
    records: list[Record] = []
    seen: dict[object, str] = {}
    for raw in raws:
        if raw.table == "profile":
            records.extend(load_profile(raw, now))
            continue
        if raw.table == "settings":
            record = load_setting(raw, now)
            keys: list[tuple[object, str]] = [(("setting", record.values["key"]), "setting")]
        else:
            record = load_record(raw, header.version, now)
            table = TABLES[raw.table]
            keys = [(record.values["uid"], "uid")]
            if table.natural_key:
                natural = (table.name, *(record.values[c] for c in table.natural_key))
                keys.append((natural, " and ".join(table.natural_key).replace("scan_", "")))
        for key, what in keys:
            if key in seen:
                raise InputError(f"{raw.where}: the same {what} as {seen[key]}.")
            seen[key] = raw.where
        records.append(record)
    return records
