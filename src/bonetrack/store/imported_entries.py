"""Doses and sessions an import brought, restated for the days an export covers.

A later export of another app restates whole days: what that source imported on
those days is made equal to the export's entries. An entry restated unchanged
stays as it is (its id and identity too), one the export no longer holds goes,
a new one is added. Entries logged in bonetrack, or imported from another
source, are never touched.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from bonetrack.domain.entries import NewEntry
from bonetrack.domain.import_tally import EntriesTally
from bonetrack.store import journal
from bonetrack.store.entries import add_entries
from bonetrack.store.food import batches
from bonetrack.store.schema import intakes

if TYPE_CHECKING:
    from sqlalchemy import Connection

# What makes two entries the same: everything the user sees of them.
Content = tuple[str, float, str | None, str | None, str | None, datetime]


def _content(entry: NewEntry) -> Content:
    return (
        entry.kind,
        round(entry.amount, 6),
        entry.form,
        entry.exercise_type,
        entry.note,
        entry.taken_at.astimezone(UTC),
    )


def replace_entries_days(
    conn: Connection,
    source: str,
    kinds: Collection[str],
    days: Iterable[date],
    entries: Sequence[NewEntry],
    *,
    write: bool,
) -> EntriesTally:
    """Make `source`'s entries of `kinds` on `days` equal `entries`; `write=False`: count only."""
    from sqlalchemy import select

    covered = sorted(set(days))
    covered_set = set(covered)
    wanted: dict[Content, list[NewEntry]] = {}
    for entry in entries:
        if entry.source != source or entry.kind not in kinds:
            raise ValueError(f"{entry} is not a {source} entry of {sorted(kinds)}")
        if entry.local_date not in covered_set:
            raise ValueError(f"{entry} is not on a covered day")
        wanted.setdefault(_content(entry), []).append(entry)
    unchanged = 0
    stale: list[int] = []
    columns = (
        intakes.c.id,
        intakes.c.kind,
        intakes.c.amount,
        intakes.c.form,
        intakes.c.exercise_type,
        intakes.c.note,
        intakes.c.taken_at,
    )
    for batch in batches(covered):
        query = select(*columns).where(
            intakes.c.source == source,
            intakes.c.kind.in_(list(kinds)),
            intakes.c.local_date.in_(batch),
        )
        for row_id, kind, amount, form, exercise_type, note, taken_at in conn.execute(query):
            same = wanted.get((kind, round(amount, 6), form, exercise_type, note, taken_at))
            if same:
                same.pop()
                unchanged += 1
            else:
                stale.append(row_id)
    new = [entry for group in wanted.values() for entry in group]
    if write:
        for ids in batches(stale):
            journal.delete_where(conn, intakes, intakes.c.id.in_(ids))
        for part in batches(new):
            add_entries(conn, part)
    return EntriesTally(added=len(new), unchanged=unchanged, removed=len(stale))
