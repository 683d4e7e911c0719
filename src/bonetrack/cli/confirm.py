"""Asking before destructive changes, and refusing to guess without a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable

import typer

from bonetrack.errors import InputError


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def confirm(question: str, *, yes: bool) -> bool:
    """Whether the user agreed (or passed --yes); without a terminal, refuse to guess."""
    if yes:
        return True
    if not stdin_is_terminal():
        raise InputError("no terminal to confirm on; add --yes to confirm.")
    return typer.confirm(question, default=False, err=True)


def delete_if_confirmed(what: str, line: str, delete: Callable[[], object], *, yes: bool) -> None:
    """Show the record ('Event: #3 fall on ...'), ask (unless --yes), then delete it."""
    from bonetrack.cli import output

    output.info(f"{what}: {line}")
    if not confirm("Delete it?", yes=yes):
        output.line("Kept it: nothing was deleted.")
        return
    delete()
    output.line(f"Deleted {line}.")
