"""Options and arguments that several commands share, so they read and behave alike."""

from __future__ import annotations

from typing import Annotated

import typer

# The kinds registry is imported when completing, not at import: every command's --help
# imports this module, and the registry's dataclasses cost more than the help itself.


def complete_kind(incomplete: str) -> list[str]:
    from bonetrack.domain.kinds import KIND_NAMES

    return [name for name in KIND_NAMES if name.startswith(incomplete)]


def complete_exercise_type(incomplete: str) -> list[str]:
    from bonetrack.domain.kinds import EXERCISE_TYPES

    return [name for name in EXERCISE_TYPES if name.startswith(incomplete)]


KindArgument = Annotated[
    str,
    typer.Argument(
        metavar="KIND",
        help="k2 (mk7, mk4, vitamin-k2), calcium (ca), vitamin-d (d, d3, 'vit d') or exercise.",
        autocompletion=complete_kind,
        show_default=False,
    ),
]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]
Yes = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
Note = Annotated[str | None, typer.Option("--note", help="A short note.")]
FromDay = Annotated[
    str | None, typer.Option("--from", metavar="DATE", help="From this day (inclusive).")
]
ToDay = Annotated[
    str | None, typer.Option("--to", metavar="DATE", help="Up to this day (inclusive).")
]
Force = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Store an amount outside its kind's plausible range (otherwise refused as a likely "
        "unit slip, e.g. calcium 180mcg).",
    ),
]
Limit = Annotated[
    int | None, typer.Option("--limit", min=1, help="At most this many (newest first).")
]
