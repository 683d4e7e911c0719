"""Reading bonetrack's CSV export: a zip (or a folder) of one CSV file per table.

Pure: the caller hands over a function that returns a member's bytes (bounded),
so a zip and a folder are read alike and no path named inside the input is
ever opened. Fields are limited in length (a 10 MB field is refused, not read
into a table), rows are checked against the header, and every value is typed
by the format's field list before the same checks as JSON records.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

from bonetrack.domain.export_format import (
    MAX_FIELD_CHARS,
    MAX_IMPORT_BYTES,
    MAX_IMPORT_TEXT,
    Field,
    Header,
    RawRecord,
    load_header,
)
from bonetrack.domain.export_tables import PROFILE_FIELDS, SETTING_FIELDS, TABLES
from bonetrack.errors import InputError

MANIFEST = "bonetrack-export.csv"
MANIFEST_FIELDS: tuple[Field, ...] = (
    Field("format", "string", True),
    Field("version", "integer", True),
    Field("exported_at", "string", True),
    Field("from", "string"),
    Field("to", "string"),
    Field("kinds", "string"),
)
PROFILE_FILE = "profile.csv"
SETTINGS_FILE = "settings.csv"
MEMBER_NAMES: tuple[str, ...] = (
    MANIFEST,
    PROFILE_FILE,
    SETTINGS_FILE,
    *(f"{name}.csv" for name in TABLES),
)

# Member name -> its bytes, or None when the export has no such file.
Opener = Callable[[str], bytes | None]

_INTEGER = re.compile(r"^[+-]?\d{1,18}$")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,3})?$")


def read_csv(open_member: Opener, now: datetime) -> tuple[Header, Iterator[RawRecord]]:
    manifest = open_member(MANIFEST)
    if manifest is None:
        raise InputError(f"not a bonetrack export: {MANIFEST} is missing.")
    rows = list(_records(manifest, MANIFEST, MANIFEST_FIELDS))
    if len(rows) != 1:
        raise InputError(f"{MANIFEST}: must hold one row below its header, not {len(rows)}.")
    fields = dict(rows[0].fields)
    kinds = fields.pop("kinds", None)
    selection = {
        "from": fields.pop("from", None),
        "to": fields.pop("to", None),
        "kinds": None if kinds is None else str(kinds).split(),
    }
    header = load_header({**fields, "selection": selection}, rows[0].where, now)
    return header, _all_records(open_member, header.version)


def _all_records(open_member: Opener, version: int) -> Iterator[RawRecord]:
    profile = open_member(PROFILE_FILE)
    if profile is not None:
        records = list(_records(profile, PROFILE_FILE, PROFILE_FIELDS, "profile"))
        if len(records) > 1:
            raise InputError(f"{PROFILE_FILE}: must hold at most one row below its header.")
        yield from records
    settings = open_member(SETTINGS_FILE)
    if settings is not None:
        yield from _records(settings, SETTINGS_FILE, SETTING_FIELDS, "settings")
    for table in TABLES.values():
        member = f"{table.name}.csv"
        data = open_member(member)
        if data is None:
            continue
        if table.since > version:
            raise InputError(f"{member}: is not part of a version {version} export.")
        yield from _records(data, member, table.fields_in(version), table.name)


def _records(
    data: bytes, member: str, fields: tuple[Field, ...], table: str = "header"
) -> Iterator[RawRecord]:
    by_name = {f.name: f for f in fields}
    rows = _rows(data, member)
    try:
        _, header = next(rows)
    except StopIteration:
        raise InputError(f"{member}: empty; it needs at least its header row.") from None
    columns = [name.strip() for name in header]
    for name in columns:
        if name not in by_name:
            raise InputError(f"{member} line 1: '{name[:40]}' is not a column of {member}.")
    if len(set(columns)) != len(columns):
        raise InputError(f"{member} line 1: a column appears twice.")
    for line, row in rows:
        where = f"{member} line {line}"
        if len(row) != len(columns):
            raise InputError(f"{where}: {len(row)} values for {len(columns)} columns.")
        yield RawRecord(
            table,
            {
                name: _typed(by_name[name], text, where)
                for name, text in zip(columns, row, strict=True)
            },
            where,
        )


def _rows(data: bytes, member: str) -> Iterator[tuple[int, list[str]]]:
    """(first line number, fields) of each non-blank row."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{member}: not UTF-8 text (byte {exc.start} cannot be read).") from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    with _field_limit(MAX_FIELD_CHARS):
        end = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise InputError(f"{member} line {reader.line_num}: {exc}.") from None
            start, end = end + 1, reader.line_num
            if row:
                yield start, row


@contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    # csv's limit is process-wide: set it for this read only.
    previous = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _typed(field: Field, text: str, where: str) -> object:
    """A CSV cell as the JSON value it stands for; an empty cell is null."""
    raw = text.strip()
    if not raw:
        return None
    if field.type == "string":
        return text
    if field.type == "boolean":
        # Spreadsheets save true as TRUE.
        if raw.lower() in ("true", "false"):
            return raw.lower() == "true"
        raise InputError(f"{where}, {field.name}: '{raw[:40]}' is not true or false.")
    if field.type == "integer":
        if _INTEGER.match(raw):
            return int(raw)
        raise InputError(f"{where}, {field.name}: '{raw[:40]}' is not a whole number.")
    if _NUMBER.match(raw):
        return float(raw)
    raise InputError(f"{where}, {field.name}: '{raw[:40]}' is not a number.")


# --- zip files ---------------------------------------------------------------------


def zip_opener(data: bytes) -> Opener:
    """Members of a zip by name, each read at most to the size limit (zip bombs).

    Files may sit at the top or in one folder (a zipped export folder); nothing
    else may be in the zip, and no name in it is ever used as a path.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise InputError(f"a damaged zip file ({exc}).") from None
    members: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        name = info.filename
        if info.is_dir() or name.startswith("__MACOSX/"):
            continue
        base = name.rsplit("/", 1)[-1]
        if name.count("/") > 1 or base not in MEMBER_NAMES:
            raise InputError(f"the zip holds '{name[:80]}': not a file of a bonetrack export.")
        if base in members:
            raise InputError(f"the zip holds {base} twice.")
        if info.flag_bits & 0x1:
            raise InputError(f"{name} in the zip is encrypted.")
        members[base] = info
    budget = [MAX_IMPORT_BYTES]

    def open_member(name: str) -> bytes | None:
        info = members.get(name)
        if info is None:
            return None
        if info.file_size > budget[0]:
            raise _too_large(name)
        try:
            with archive.open(info) as stream:
                content = stream.read(budget[0] + 1)
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, OSError) as exc:
            raise InputError(f"{name} in the zip cannot be read ({exc}).") from None
        if len(content) > budget[0]:
            raise _too_large(name)
        budget[0] -= len(content)
        return content

    return open_member


def _too_large(name: str) -> InputError:
    return InputError(
        f"{name} unpacks to more than {MAX_IMPORT_TEXT} (all files together), "
        "the most bonetrack imports."
    )
