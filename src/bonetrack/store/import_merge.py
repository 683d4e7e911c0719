"""Merging validated records into the database, by uid, inside the caller's transaction.

A record whose uid is not here is added; one that is here with the same content
is skipped; one that is here with other content is a conflict, left as it is
unless the file's version is preferred. A scan result is also matched by its
date and site (one result per site and date). Settings and profile fields are
matched by key. A record that names another (a dose its medicine, food its
import) is refused unless that one is in the file or in the database; one named by
its uid is stored with that row's id. Rows are looked up and written in batches;
with `write=False` (a dry run) nothing is written at all. Any importer (bonetrack's
own format, and later other apps') hands its records to `merge`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from bonetrack.domain.export_format import Record, field_place
from bonetrack.domain.export_tables import TABLES, Reference, TableFormat
from bonetrack.errors import InputError
from bonetrack.store import journal
from bonetrack.store.export_rows import CORE_TABLES, JOURNAL, select_rows
from bonetrack.store.schema import settings

if TYPE_CHECKING:
    from sqlalchemy import Connection

BATCH = 400
# Not content: when a row was stored, and (for a match by date and site) its identity.
_NOT_COMPARED = ("uid", "created_at")


@dataclass(frozen=True)
class Conflict:
    table: str
    where: str  # the record's place in the file
    what: str  # the uid, or the setting's key
    fields: tuple[str, ...]  # those that differ
    replaced: bool  # the file's version was taken
    reason: str | None = None  # why it could not be taken


@dataclass
class Tally:
    added: int = 0
    skipped: int = 0
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def replaced(self) -> int:
        return sum(c.replaced for c in self.conflicts)


@dataclass
class MergeResult:
    tallies: dict[str, Tally]

    @property
    def conflicts(self) -> list[Conflict]:
        return [c for t in self.tallies.values() for c in t.conflicts]

    def total(self, attribute: str) -> int:
        return sum(getattr(t, attribute) for t in self.tallies.values())


Progress = Callable[[int], None]
# (table, column) -> the values the file's records of that table hold in it
InFile = dict[tuple[str, str], set[object]]


def merge(
    conn: Connection,
    records: Sequence[Record],
    *,
    prefer_theirs: bool,
    write: bool,
    progress: Progress | None = None,
) -> MergeResult:
    """Merge `records` (in file order); `progress(n)` after each n records handled."""
    from sqlalchemy.exc import IntegrityError

    groups: dict[str, list[Record]] = {"profile": [], "settings": [], **{t: [] for t in TABLES}}
    for record in records:
        groups[record.table].append(record)
    result = MergeResult({name: Tally() for name, group in groups.items()})
    step = progress or (lambda _n: None)
    in_file: InFile = {
        (ref.table, ref.by): {r.values[ref.by] for r in groups[ref.table]}
        for table in TABLES.values()
        for ref in table.references
    }
    try:
        # One change in the journal for the whole import: `bonetrack undo` takes it back.
        with journal.change(conn):
            _merge_groups(conn, groups, result, in_file, prefer_theirs, write, step)
    except IntegrityError as exc:
        # Rows that each pass their checks but clash once stored (two scan results
        # swapping dates, say): the caller's transaction is rolled back.
        raise InputError(f"the records clash with what is stored ({exc.orig}).") from None
    return result


def _merge_groups(
    conn: Connection,
    groups: dict[str, list[Record]],
    result: MergeResult,
    in_file: InFile,
    prefer_theirs: bool,
    write: bool,
    step: Progress,
) -> None:
    for name in ("profile", "settings"):
        _merge_settings(conn, groups[name], result.tallies[name], prefer_theirs, write)
        step(len(groups[name]))
    for name, table in TABLES.items():  # what a record names is merged before it
        group = groups[name]
        for start in range(0, len(group), BATCH):
            batch = group[start : start + BATCH]
            _merge_rows(conn, table, batch, result.tallies[name], in_file, prefer_theirs, write)
            step(len(batch))


def _merge_settings(
    conn: Connection, records: list[Record], tally: Tally, prefer_theirs: bool, write: bool
) -> None:
    from sqlalchemy import select

    if not records:
        return
    rec = journal.recorder(conn)
    assert rec is not None  # merge() opened the change
    stored = {str(k): str(v) for k, v in conn.execute(select(settings.c.key, settings.c.value))}
    now = datetime.now(UTC)
    for record in records:
        key, value = record.values["key"], record.values["value"]
        ours = stored.get(key)
        if ours is None:
            tally.added += 1
            if write:
                rec.insert(settings, {"key": key, "value": value, "updated_at": now})
        elif ours == value:
            tally.skipped += 1
        else:
            tally.conflicts.append(Conflict(record.table, record.where, key, (key,), prefer_theirs))
            if write and prefer_theirs:
                rec.update(settings, key, {"value": value, "updated_at": now})


def _merge_rows(
    conn: Connection,
    spec: TableFormat,
    batch: list[Record],
    tally: Tally,
    in_file: InFile,
    prefer_theirs: bool,
    write: bool,
) -> None:
    table = CORE_TABLES[spec.name]
    rec = journal.recorder(conn)
    assert rec is not None  # merge() opened the change
    ids = {ref.field: _referred(conn, ref, batch, in_file, write) for ref in spec.references}
    by_uid = _stored(conn, spec.name, "uid", [r.values["uid"] for r in batch])
    by_key: dict[object, Mapping[Any, Any]] = {}
    if spec.natural_key:
        by_key = _stored_by_key(conn, spec.name, spec.natural_key, batch)
    new: list[dict[str, Any]] = []
    for record in batch:
        ours = by_uid.get(record.values["uid"])
        same_place = by_key.get(_key(spec, record.values)) if spec.natural_key else None
        target = ours if ours is not None else same_place
        if target is None:
            new.append(_row(spec, record.values, ids))
            continue
        differ = _differences(spec, target, record.values)
        if not differ:
            tally.skipped += 1
            continue
        clash = ours is not None and same_place is not None and same_place["id"] != ours["id"]
        replaced = prefer_theirs and not clash
        reason = None
        if clash:
            reason = "another stored row holds the same " + " and ".join(spec.natural_key)
        tally.conflicts.append(
            Conflict(spec.name, record.where, record.values["uid"], differ, replaced, reason)
        )
        if write and replaced:
            row = _row(spec, record.values, ids)
            if spec.name in JOURNAL:
                rec.replace_history(table, target["uid"], row)
            else:
                rec.update(table, target[journal.key_column(table)], row)
    tally.added += len(new)
    if write and new:
        if spec.name in JOURNAL:
            rec.add_history(table, new)  # history from another device: not itself a change
        else:
            rec.insert_many(table, new)


def _referred(
    conn: Connection, ref: Reference, batch: list[Record], in_file: InFile, write: bool
) -> dict[object, int]:
    """The stored id of each row `batch` names through `ref`; an error for a record that
    names one neither stored nor (in a dry run, where nothing was stored) in the file."""
    from sqlalchemy import select

    target = CORE_TABLES[ref.table]
    named = {r.values[ref.field] for r in batch} - {None}
    query = select(target.c[ref.by], target.c.id).where(target.c[ref.by].in_(list(named)))
    stored = {value: int(row_id) for value, row_id in conn.execute(query)}
    for record in batch:
        value = record.values[ref.field]
        if value is None or value in stored:
            continue
        if not write and value in in_file[(ref.table, ref.by)]:
            continue  # added before it, were this not a dry run
        raise InputError(
            f"{field_place(record.where, ref.field)}: no {ref.table} record with {ref.by} "
            f"'{value}' in the file or in this database."
        )
    return stored


def _row(
    spec: TableFormat, values: dict[str, Any], ids: dict[str, dict[object, int]]
) -> dict[str, Any]:
    """A record's values as the table's columns: a uid it names becomes that row's id."""
    row = dict(values)
    for ref in spec.references:
        if ref.column is not None:
            row[ref.column] = ids[ref.field].get(row.pop(ref.field))
    return row


def _stored(
    conn: Connection, name: str, column: str, values: Iterable[object]
) -> dict[object, Mapping[Any, Any]]:
    table = CORE_TABLES[name]
    query = select_rows(name).where(table.c[column].in_(list(values)))
    return {row._mapping[column]: row._mapping for row in conn.execute(query)}


def _stored_by_key(
    conn: Connection, name: str, columns: tuple[str, ...], batch: list[Record]
) -> dict[object, Mapping[Any, Any]]:
    from sqlalchemy import tuple_

    table = CORE_TABLES[name]
    keys = [tuple(r.values[c] for c in columns) for r in batch]
    query = select_rows(name).where(tuple_(*(table.c[c] for c in columns)).in_(keys))
    return {tuple(row._mapping[c] for c in columns): row._mapping for row in conn.execute(query)}


def _key(spec: TableFormat, values: Mapping[str, Any]) -> object:
    return tuple(values[c] for c in spec.natural_key)


def _differences(
    spec: TableFormat, ours: Mapping[Any, Any], theirs: Mapping[Any, Any]
) -> tuple[str, ...]:
    """The fields (as the file names them) whose values differ."""
    mine, other = spec.dump(ours), spec.dump(theirs)
    skip = (*_NOT_COMPARED, *spec.not_compared)
    return tuple(f for f in mine if f not in skip and mine[f] != other[f])
