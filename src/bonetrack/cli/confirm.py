"""Asking before destructive changes, and refusing to guess without a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import typer

from bonetrack.cli import output
from bonetrack.errors import InputError

if TYPE_CHECKING:
    from bonetrack.store.engine import Database
    from bonetrack.store.journal import ChangeRecord


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def confirm(question: str, *, yes: bool, showing: Sequence[str] = ()) -> bool:
    """Show what would change (`showing`, on stderr) and ask, unless --yes.

    Without a terminal it refuses to guess, before showing anything: a refusal is
    one line.
    """
    if not yes and not stdin_is_terminal():
        raise InputError("no terminal to confirm on; add --yes to confirm.")
    for line in showing:
        output.info(line)
    if yes:
        return True
    return typer.confirm(question, default=False, err=True)


def delete_if_confirmed(what: str, line: str, delete: Callable[[], object], *, yes: bool) -> None:
    """Show the record ('Event: #3 fall on ...'), ask (unless --yes), then delete it."""
    from bonetrack.cli import output

    if not confirm("Delete it?", yes=yes, showing=[f"{what}: {line}"]):
        output.line("Kept it: nothing was deleted.")
        return
    delete()
    output.line(f"Deleted {line}.")


def undo_if_confirmed(db: Database, record: ChangeRecord, shown_as: str, *, yes: bool) -> None:
    """Show a change from the journal ('Last change:' and its rows), ask (unless --yes),
    then take it back."""
    from bonetrack.render.journal import change_lines, undone_text
    from bonetrack.store.journal import undo_change

    if not confirm("Undo it?", yes=yes, showing=[f"{shown_as}:", *change_lines(record)]):
        output.line("Kept it: nothing was undone.")
        return
    output.line(undone_text(undo_change(db, record.id)))
