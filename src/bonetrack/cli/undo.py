"""`bonetrack undo`: take back the last change of any kind, from the journal of changes."""

from __future__ import annotations

from typing import Annotated

import typer

from bonetrack.cli.options import Yes

app = typer.Typer()


@app.command("undo")
def undo(
    show_list: Annotated[
        bool, typer.Option("--list", help="Show the last 20 changes, newest first; undo nothing.")
    ] = False,
    yes: Yes = False,
    as_json: Annotated[bool, typer.Option("--json", help="With --list: print JSON.")] = False,
) -> None:
    """Take back the last change of any kind: an entry, scan, event, plan, profile field,
    setting or import (after showing it). Run it again to go further back."""
    from bonetrack.cli import output, state
    from bonetrack.cli.confirm import undo_if_confirmed
    from bonetrack.errors import InputError
    from bonetrack.render.journal import change_json, change_lines
    from bonetrack.store.journal import LIST_LIMIT, last_changes

    db = state.database()
    if show_list:
        found = last_changes(db, LIST_LIMIT)
        if as_json:
            output.print_json([change_json(record) for record in found])
        elif not found:
            output.line("No changes to undo.")
        else:
            for record in found:
                output.line("\n".join(change_lines(record, shown=3)))
        return
    newest = last_changes(db, 1)
    if not newest:
        raise InputError(
            "there is nothing to undo: no change has been recorded (changes made before this "
            "version of bonetrack are not in its journal; `bonetrack delete ID` removes an entry)."
        )
    undo_if_confirmed(db, newest[0], "Last change", yes=yes)
