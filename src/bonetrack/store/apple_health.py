"""Writing one Apple Health import inside the caller's transaction, as the export streams in.

Records arrive one by one from the parser and are written in batches, so memory
stays flat whatever the export's size:
- dietary records by their key (`store.food.add_dietary`), one row per record;
  reports sum them per local day;
- workouts as exercise entries (source `apple-health`), on the local day and with
  the offset the export wrote;
- Apple Watch falls as fall events.
Each is added unless it is stored already (or came earlier in the same file): a
re-import, or a later export that overlaps, adds nothing twice. With `write=False`
(a dry run) nothing is written and the tallies are the same.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Generic, TypeVar

from bonetrack.domain.apple_health import (
    AppleHealthTally,
    HealthFall,
    HealthItem,
    HealthWorkout,
    RecordTally,
)
from bonetrack.domain.entries import NewEntry
from bonetrack.domain.events import BoneEvent
from bonetrack.domain.food import APPLE_HEALTH, DietaryIntake
from bonetrack.store import journal
from bonetrack.store.entries import _values as entry_values  # the intakes row of an entry
from bonetrack.store.events import insert_events
from bonetrack.store.food import BATCH, add_dietary, start_import
from bonetrack.store.schema import events, intakes

if TYPE_CHECKING:
    from sqlalchemy import Connection

T = TypeVar("T")


def workout_note(workout: HealthWorkout) -> str:
    return f"Apple Health: {workout.activity_label} ({workout.source_app})"


def fall_note(fall: HealthFall) -> str:
    return f"Apple Health: fall detected by {fall.source_app}"


def write_apple_health(
    conn: Connection, items: Iterable[HealthItem], name: str, now: datetime, *, write: bool
) -> AppleHealthTally:
    """Store the records of one export (read from `name`); `write=False`: count only."""
    import_id = start_import(conn, APPLE_HEALTH, name, now) if write else None
    tally = AppleHealthTally()
    workouts = _Workouts(conn, tally.workouts, write)
    falls = _Falls(conn, tally.falls, write)

    def dietary() -> Iterator[DietaryIntake]:
        # The other records are set aside as the stream passes and written in batches.
        for item in items:
            if isinstance(item, DietaryIntake):
                yield item
            elif isinstance(item, HealthWorkout):
                workouts.add(item)
            else:
                falls.add(item)
        workouts.flush()
        falls.flush()

    tally.dietary = add_dietary(conn, dietary(), import_id=import_id)
    return tally


class _Batched(Generic[T]):
    """Items set aside as the stream passes, stored `BATCH` at a time."""

    def __init__(self, conn: Connection, tally: RecordTally, write: bool) -> None:
        self.conn, self.tally, self.write = conn, tally, write
        self.pending: list[T] = []

    def add(self, item: T) -> None:
        self.pending.append(item)
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            self.store(self.pending)
            self.pending = []

    def store(self, batch: list[T]) -> None:
        raise NotImplementedError


# What makes two imported workouts the same: all the user sees of them.
Content = tuple[datetime, float, str, str]


class _Workouts(_Batched[HealthWorkout]):
    def __init__(self, conn: Connection, tally: RecordTally, write: bool) -> None:
        super().__init__(conn, tally, write)
        self.seen: set[Content] = set()

    def store(self, batch: list[HealthWorkout]) -> None:
        from sqlalchemy import select

        days = sorted({w.start.date() for w in batch})
        query = select(
            intakes.c.taken_at, intakes.c.amount, intakes.c.exercise_type, intakes.c.note
        ).where(
            intakes.c.source == APPLE_HEALTH,
            intakes.c.kind == "exercise",
            intakes.c.local_date.in_(days),
        )
        stored = {(t, round(a, 6), str(e), str(n)) for t, a, e, n in self.conn.execute(query)}
        rows = []
        created = datetime.now(UTC)
        for workout in batch:
            note = workout_note(workout)
            key = (workout.start.astimezone(UTC), workout.minutes, workout.exercise_type, note)
            if key in stored or key in self.seen:
                self.tally.skipped += 1
                continue
            self.seen.add(key)
            entry = NewEntry(
                kind="exercise",
                amount=workout.minutes,
                input_amount=workout.input_amount,
                input_unit=workout.input_unit,
                taken_at=workout.start,
                exercise_type=workout.exercise_type,
                note=note,
                source=APPLE_HEALTH,
            )
            # The day and offset where she was, as the export wrote them.
            rows.append(
                entry_values(entry, created)
                | {"local_date": workout.start.date(), "utc_offset_min": _offset(workout.start)}
            )
        self.tally.added += len(rows)
        if self.write and rows:
            journal.insert_rows(self.conn, intakes, rows)


class _Falls(_Batched[HealthFall]):
    def __init__(self, conn: Connection, tally: RecordTally, write: bool) -> None:
        super().__init__(conn, tally, write)
        self.seen: set[str] = set()
        self.added: Counter[datetime] = Counter()  # falls added so far, by instant

    def store(self, batch: list[HealthFall]) -> None:
        from sqlalchemy import select

        days = sorted({f.at.date() for f in batch})
        query = select(events.c.occurred_at).where(
            events.c.source == APPLE_HEALTH, events.c.kind == "fall", events.c.local_date.in_(days)
        )
        stored = Counter(row[0] for row in self.conn.execute(query))
        new = []
        for fall in batch:
            at = fall.at.astimezone(UTC)
            if fall.key in self.seen:
                self.tally.skipped += fall.count
                continue
            self.seen.add(fall.key)
            # Falls at this instant stored already; in a dry run, those this import
            # would have added are not stored: count them too.
            held = stored[at] + (0 if self.write else self.added[at])
            count = max(0, fall.count - held)
            self.tally.skipped += fall.count - count
            self.added[at] += count
            stored[at] += count if self.write else 0
            new += [
                BoneEvent(None, "fall", fall.at, fall.at.date(), note=fall_note(fall),
                          source=APPLE_HEALTH)
                for _ in range(count)
            ]  # fmt: skip
        self.tally.added += len(new)
        if self.write and new:
            insert_events(self.conn, new)


def _offset(moment: datetime) -> int:
    offset = moment.utcoffset()
    assert offset is not None
    return int(offset.total_seconds() // 60)
