"""`bonetrack undo`: take back the last change of any kind, from the journal of changes."""

from __future__ import annotations

from typing import Annotated

import typer

from bonetrack.cli.options import AsJson, Yes

app = typer.Typer()


@app.command("undo")
def undo(
    show_list: Annotated[
        bool, typer.Option("--list", help="Show the last 20 changes, newest first; undo nothing.")
    ] = False,
    yes: Yes = False,
    as_json: AsJson = False,
) -> None:
    """Take back the last change of any kind: an entry, scan, event, plan, profile field,
    setting or import (after showing it). Run it again to go further back."""
    from bonetrack.cli import output, state
    from bonetrack.cli.confirm import confirm
    from bonetrack.errors import InputError
    from bonetrack.render.journal import change_json, change_lines, undone_text
    from bonetrack.store.journal import LIST_LIMIT, last_changes, undo_change

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
    record = newest[0]
    if not confirm("Undo it?", yes=yes, showing=["Last change:", *change_lines(record)]):
        output.line("Kept it: nothing was undone.")
        return
    undone = undo_change(db, record.id)
    if as_json:
        output.print_json(change_json(undone))
    else:
        output.line(undone_text(undone))
