"""`bonetrack note add|list|done|delete`: your own notes, and questions for your next visit."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from bonetrack.cli.options import AsJson, Yes

if TYPE_CHECKING:
    from bonetrack.domain.notes import Note

app = typer.Typer(
    name="note",
    help="Your own notes; --for-visit marks a question for your clinician, listed by `summary`.",
    no_args_is_help=True,
)

IdArgument = Annotated[
    int, typer.Argument(metavar="ID", help="The note's id (see `note list`).", show_default=False)
]


@app.command("add")
def add(
    text: Annotated[str, typer.Argument(metavar="TEXT", help="The note.", show_default=False)],
    for_visit: Annotated[
        bool,
        typer.Option(
            "--for-visit",
            help="A question for your next clinician visit: `bonetrack summary` lists it "
            "until you mark it discussed with `note done ID`.",
        ),
    ] = False,
    as_json: AsJson = False,
) -> None:
    """Write a note (a question for your clinician with --for-visit)."""
    from bonetrack import clock
    from bonetrack.cli import output, state
    from bonetrack.domain.notes import NOTE_LIMIT, Note
    from bonetrack.domain.text import clean_text
    from bonetrack.errors import InputError
    from bonetrack.render.notes import note_json, note_line
    from bonetrack.store.notes import add_note

    cleaned = clean_text(text, "the note", NOTE_LIMIT)
    if cleaned is None:
        raise InputError("the note is empty: write what you want to remember.")
    note = add_note(state.database(), Note(None, cleaned, for_visit, clock.today()))
    if as_json:
        output.print_json(note_json(note))
        return
    output.line(f"Noted {note_line(note)}.")
    if for_visit:
        output.line(
            "It is listed under 'Questions for my clinician' in `bonetrack summary` until "
            f"you run `bonetrack note done {note.id}`."
        )


@app.command("list")
def list_notes(
    for_visit: Annotated[
        bool, typer.Option("--for-visit", help="Only questions for the visit still open.")
    ] = False,
    as_json: AsJson = False,
) -> None:
    """List notes, oldest first."""
    from bonetrack import clock
    from bonetrack.cli import output, state
    from bonetrack.render.notes import note_json, note_line
    from bonetrack.store.notes import list_notes as stored

    db = state.database()
    found = stored(db, open_on=clock.today()) if for_visit else stored(db)
    if as_json:
        output.print_json([note_json(n) for n in found])
        return
    if not found:
        output.line(
            "No open questions for your visit."
            if for_visit
            else "No notes yet. "
            'Add one with: bonetrack note add "Ask about my vitamin D level" --for-visit'
        )
        return
    for note in found:
        output.line(note_line(note))


@app.command("done")
def done(
    note_id: IdArgument,
    on: Annotated[
        str | None,
        typer.Option("--on", metavar="DATE", help="The day it was discussed (default today)."),
    ] = None,
) -> None:
    """Mark a question for the visit discussed: the summary no longer lists it."""
    from bonetrack import clock
    from bonetrack.cli import output, state
    from bonetrack.cli.dates import date_order
    from bonetrack.domain.notes import check_done
    from bonetrack.domain.when import optional_day
    from bonetrack.errors import InputError
    from bonetrack.render.notes import note_line
    from bonetrack.store.notes import mark_done

    today = clock.today()
    day = optional_day(on, today, "--on", date_order) or today
    if day > today:
        raise InputError(f"--on {day} is in the future.")
    note = _existing(note_id)
    check_done(note, day)
    mark_done(state.database(), note_id, day)
    output.line(f"Marked discussed on {day.isoformat()}: {note_line(note)}")


@app.command("delete")
def delete(note_id: IdArgument, yes: Yes = False) -> None:
    """Delete one note by its id."""
    from bonetrack.cli import state
    from bonetrack.cli.confirm import delete_if_confirmed
    from bonetrack.render.notes import note_line
    from bonetrack.store.notes import delete_note

    note = _existing(note_id)
    delete_if_confirmed(
        "Note", note_line(note), lambda: delete_note(state.database(), note_id), yes=yes
    )


def _existing(note_id: int) -> Note:
    from bonetrack.cli import state
    from bonetrack.errors import InputError
    from bonetrack.store.notes import get_note

    note = get_note(state.database(), note_id)
    if note is None:
        raise InputError(f"no note with id {note_id}; see `bonetrack note list`.")
    return note
