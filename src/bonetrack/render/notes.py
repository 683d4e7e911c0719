"""Notes and questions for the visit, as lines and JSON."""

from __future__ import annotations

from bonetrack.domain.notes import Note
from bonetrack.domain.text import printable


def note_line(note: Note) -> str:
    """'#3 2026-11-20 (for the visit) Ask about ...'; '(discussed 2026-12-01)' once done."""
    if note.done_on is not None:
        tag = f" (discussed {note.done_on.isoformat()})"
    elif note.for_visit:
        tag = " (for the visit)"
    else:
        tag = ""
    return f"#{note.id} {note.written_on.isoformat()}{tag} {printable(note.text)}"


def note_json(note: Note) -> dict[str, object]:
    return {
        "id": note.id,
        "text": note.text,
        "for_visit": note.for_visit,
        "written_on": note.written_on.isoformat(),
        "done_on": None if note.done_on is None else note.done_on.isoformat(),
        "source": note.source,
    }
