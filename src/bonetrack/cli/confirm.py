"""Asking before destructive changes, and refusing to guess without a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

import typer

from bonetrack.cli import output
from bonetrack.errors import InputError


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
