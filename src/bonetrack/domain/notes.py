"""The user's own notes, and questions marked for the next clinician visit.

A question for the visit (`for_visit`) is open from the day it was written until
the day it is marked discussed (`done_on`); the visit summary lists the questions
open on its last day, so that the visit does not forget them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bonetrack.errors import InputError

NOTE_LIMIT = 2000


@dataclass(frozen=True)
class Note:
    id: int | None
    text: str
    for_visit: bool
    written_on: date
    done_on: date | None = None
    source: str = "cli"

    def open_on(self, day: date) -> bool:
        """A question for the visit, written by `day` and not yet discussed on it."""
        return (
            self.for_visit
            and self.written_on <= day
            and (self.done_on is None or self.done_on > day)
        )


def check_done(note: Note, day: date) -> None:
    """Refuse to mark `note` discussed on `day` when that cannot be."""
    if not note.for_visit:
        raise InputError(
            f"note {note.id} is not a question for your visit (add those with --for-visit)."
        )
    if note.done_on is not None:
        raise InputError(f"note {note.id} was already marked discussed on {note.done_on}.")
    if day < note.written_on:
        raise InputError(
            f"note {note.id} was written on {note.written_on}: it cannot be discussed before."
        )
