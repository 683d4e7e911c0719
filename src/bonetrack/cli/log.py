"""`bonetrack log`: record a dose or an exercise session."""

from __future__ import annotations

from typing import Annotated

import typer

from bonetrack.domain.kinds import EXERCISE_TYPES, KIND_NAMES

app = typer.Typer()


def complete_kind(incomplete: str) -> list[str]:
    return [name for name in KIND_NAMES if name.startswith(incomplete)]


def _complete_type(incomplete: str) -> list[str]:
    return [name for name in EXERCISE_TYPES if name.startswith(incomplete)]


@app.command("log")
def log(
    kind: Annotated[
        str,
        typer.Argument(
            metavar="KIND",
            help="k2, calcium (ca), vitamin-d (d, d3, vitd) or exercise.",
            autocompletion=complete_kind,
            show_default=False,
        ),
    ],
    amount: Annotated[
        str | None,
        typer.Argument(
            metavar="[AMOUNT]",
            help="e.g. 180mcg, 0.18mg, 500mg, 1000IU, 25mcg, 30min, 1h30m. "
            "Leave out to log your planned dose.",
            show_default=False,
        ),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            metavar="WHEN",
            help="When taken: 2026-11-20, '2026-11-20 08:30', yesterday, '3 days ago', "
            "8:30, 8am, 'yesterday 21:00'. Default: now.",
            show_default=False,
        ),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="A short note.")] = None,
    form: Annotated[
        str | None,
        typer.Option(
            "--form", help="k2: mk7|mk4; calcium: carbonate|citrate|other; vitamin-d: d3|d2."
        ),
    ] = None,
    exercise_type: Annotated[
        str | None,
        typer.Option(
            "--type",
            help="Exercise type: strength, impact, balance, aerobic, walking, other "
            "(default other).",
            autocompletion=_complete_type,
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the stored entry as JSON.")
    ] = False,
) -> None:
    """Log a dose of K2, calcium or vitamin D, or an exercise session."""
    from bonetrack import clock
    from bonetrack.cli import output, state
    from bonetrack.domain.amounts import example_amount, format_amount
    from bonetrack.domain.entries import build_entry
    from bonetrack.domain.kinds import get_kind
    from bonetrack.errors import InputError
    from bonetrack.store.entries import add_entry, day_total

    now = clock.now()
    kind_info = get_kind(kind)
    if amount is None:
        raise InputError(f"missing amount for {kind_info.name}, e.g. {example_amount(kind_info)}.")
    new = build_entry(kind, amount, now, at=at, form=form, exercise_type=exercise_type, note=note)
    db = state.database()
    entry = add_entry(db, new)
    if as_json:
        output.print_json(entry.as_json())
        return
    total = format_amount(kind_info, day_total(db, entry.kind, entry.local_date))
    when = entry.local_taken_at.strftime("%Y-%m-%d %H:%M")
    day = "Today" if entry.local_date == now.date() else f"Total on {entry.local_date}"
    output.line(f"Logged {entry.describe()} at {when}. {day}: {total}.")
