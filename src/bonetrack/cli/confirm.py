"""Asking before destructive changes, and refusing to guess without a terminal."""

from __future__ import annotations

import sys

import typer

from bonetrack.errors import InputError


def confirm(question: str, *, yes: bool) -> None:
    """Return if the user agreed (or passed --yes); raise otherwise."""
    if yes:
        return
    if not sys.stdin.isatty():
        raise InputError("no terminal to confirm on; add --yes to confirm.")
    if not typer.confirm(question, default=False, err=True):
        raise typer.Abort()
