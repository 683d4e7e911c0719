"""`bonetrack height add|list|delete`: measured height and the loss from the tallest recorded."""

from __future__ import annotations

from typing import Annotated

import typer

from bonetrack.cli.options import AsJson, Note, Yes

app = typer.Typer(
    name="height",
    help="Record your measured height: a loss of 4 cm or more can be a sign of a spine fracture.",
    no_args_is_help=True,
)


@app.command("add")
def add(
    height: Annotated[
        str,
        typer.Argument(
            metavar="HEIGHT",
            help="Standing height: 162.5cm, 1.625m, 64in or 5'4\" (quote it in the shell).",
            show_default=False,
        ),
    ],
    date_text: Annotated[
        str | None,
        typer.Option("--date", metavar="DATE", help="When it was measured. Default: today."),
    ] = None,
    note: Note = None,
    as_json: AsJson = False,
) -> None:
    """Record a measured height, and see it against the tallest recorded."""
    from bonetrack import clock
    from bonetrack.cli import output, state
    from bonetrack.cli.aftercommit import after_commit
    from bonetrack.cli.dates import date_order
    from bonetrack.domain.height import Height, check_measured_on, height_summary, parse_height
    from bonetrack.domain.text import clean_text
    from bonetrack.domain.when import optional_day
    from bonetrack.render.heights import height_json, height_line, summary_json
    from bonetrack.store.heights import add_height, list_heights
    from bonetrack.store.profile import load_profile

    today = clock.today()
    day = check_measured_on(optional_day(date_text, today, "--date", date_order) or today, today)
    new = Height(None, day, parse_height(height), clean_text(note, "--note", 2000))
    db = state.database()
    load_profile(db).check_born_by(day)
    stored = add_height(db, new)
    # Stored: the loss from the tallest only reports, and cannot turn that into a failure.
    summary = after_commit(lambda: height_summary(list_heights(db)), "the height loss")
    if as_json:
        output.print_json({"height": height_json(stored), "summary": summary_json(summary)})
        return
    output.line(f"Recorded {height_line(stored)}.")
    if summary is not None:
        output.line(summary.message)
        if summary.flagged:
            output.line(f"Source: {summary.source}.")


@app.command("list")
def list_command(as_json: AsJson = False) -> None:
    """List measured heights, oldest first, with the loss from the tallest recorded."""
    from bonetrack.cli import output, state
    from bonetrack.domain.height import height_summary
    from bonetrack.store.heights import list_heights

    heights = list_heights(state.database())
    summary = height_summary(heights)
    if as_json:
        from bonetrack.render.heights import heights_json

        output.print_json(heights_json(heights, summary))
        return
    if summary is None:
        output.line("No heights recorded yet. Record one with: bonetrack height add 162.5cm")
        return
    from bonetrack.render.heights import heights_table

    output.stdout_console().print(heights_table(heights, summary))
    output.line(summary.message)
    if summary.flagged:
        output.line(f"Source: {summary.source}.")


@app.command("delete")
def delete(
    height_id: Annotated[
        int,
        typer.Argument(
            metavar="ID", help="The height's id (see `height list`).", show_default=False
        ),
    ],
    yes: Yes = False,
) -> None:
    """Delete one height by its id."""
    from bonetrack.cli import state
    from bonetrack.cli.confirm import delete_if_confirmed
    from bonetrack.errors import InputError
    from bonetrack.render.heights import height_line
    from bonetrack.store.heights import delete_height, get_height

    db = state.database()
    height = get_height(db, height_id)
    if height is None:
        raise InputError(f"no height with id {height_id}; see `bonetrack height list` for ids.")
    delete_if_confirmed(
        "Height", height_line(height), lambda: delete_height(db, height_id), yes=yes
    )
