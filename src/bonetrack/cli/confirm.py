"""Asking before destructive changes, and refusing to guess without a terminal."""

from __future__ import annotations

import sys

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
