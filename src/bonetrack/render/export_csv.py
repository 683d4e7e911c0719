"""The CSV form of an export: one file per table, as a spreadsheet opens it.

RFC 4180 (CRLF line ends, fields quoted when they hold a comma, a quote or a line
break), UTF-8 with a byte-order mark so that spreadsheet programs read accented
letters right. Empty cells are nulls; booleans are true/false.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

from bonetrack.domain.export_format import ExportData, Field
from bonetrack.domain.export_tables import PROFILE_FIELDS, SETTING_FIELDS, TABLES
from bonetrack.domain.import_csv import MANIFEST, MANIFEST_FIELDS, PROFILE_FILE, SETTINGS_FILE


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)  # the shortest text that reads back as the same number
    return str(value)


def _csv(fields: tuple[Field, ...], rows: Iterable[dict[str, Any]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([f.name for f in fields])
    for row in rows:
        writer.writerow([_cell(row.get(f.name)) for f in fields])
    return buffer.getvalue().encode("utf-8-sig")


def csv_members(data: ExportData) -> Iterator[tuple[str, bytes]]:
    """(file name, content) of every file of the export, manifest first."""
    header = data.header.as_json()
    selection = header.pop("selection")
    kinds = selection["kinds"]
    manifest = {**header, **selection, "kinds": None if kinds is None else " ".join(kinds)}
    yield MANIFEST, _csv(MANIFEST_FIELDS, [manifest])
    profile_rows = [data.profile] if any(v is not None for v in data.profile.values()) else []
    yield PROFILE_FILE, _csv(PROFILE_FIELDS, profile_rows)
    settings = [{"key": key, "value": value} for key, value in data.settings.items()]
    yield SETTINGS_FILE, _csv(SETTING_FIELDS, settings)
    for name, records in data.tables.items():
        yield f"{name}.csv", _csv(TABLES[name].fields, records)


def write_zip(out: BinaryIO, data: ExportData) -> None:
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in csv_members(data):
            info = zipfile.ZipInfo(name, date_time=data.header.exported_at.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16  # unpacked files stay private too
            archive.writestr(info, content)
