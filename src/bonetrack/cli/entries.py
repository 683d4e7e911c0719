"""`bonetrack entries`, `delete`, `edit`: looking at and correcting the log."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Annotated

import typer

from bonetrack.cli.options import AsJson, Force, FromDay, Limit, ToDay, Yes, complete_kind

if TYPE_CHECKING:
    from bonetrack.domain.entries import Entry

app = typer.Typer()


@app.command("entries")
def entries(
    kind: Annotated[
        str | None, typer.Option("--kind", help="Only this kind.", autocompletion=complete_kind)
    ] = None,
    date_from: FromDay = None,
    date_to: ToDay = None,
    limit: Limit = None,
    as_json: AsJson = False,
) -> None:
    """List logged entries, newest first."""
    from bonetrack import clock
    from bonetrack.cli import output, state
    from bonetrack.cli.dates import date_order
    from bonetrack.domain.kinds import entry_kind
    from bonetrack.domain.when import optional_day
    from bonetrack.errors import InputError
    from bonetrack.store.entries import list_entries
    from bonetrack.store.filters import RowFilter

    today = clock.today()
    where = RowFilter(
        kind=entry_kind(kind).name if kind is not None else None,
        date_from=optional_day(date_from, today, "--from", date_order),
        date_to=optional_day(date_to, today, "--to", date_order),
        limit=limit,
    )
    if where.date_from and where.date_to and where.date_from > where.date_to:
        raise InputError(f"--from {where.date_from} is after --to {where.date_to}.")
    found = list_entries(state.database(), where)
    if as_json:
        output.print_json([entry.as_json() for entry in found])
        return
    if not found:
        output.line(
            "No entries"
            + (" match." if kind or date_from or date_to else " yet.")
            + " Log one with: bonetrack log k2 180mcg"
        )
        return
    from bonetrack.render.entries import entries_text

    output.line(entries_text(found, output.stdout_terminal()))


@app.command("delete")
def delete(
    entry_id: Annotated[int, typer.Argument(metavar="ID", help="The entry's id (see `entries`).")],
    yes: Yes = False,
) -> None:
    """Delete one entry by its id."""

    _delete_if_confirmed(_existing(entry_id), "Entry", yes=yes)


@app.command("edit")
def edit(
    entry_id: Annotated[int, typer.Argument(metavar="ID", help="The entry's id (see `entries`).")],
    amount: Annotated[
        str | None, typer.Option("--amount", help="New amount, with its unit.")
    ] = None,
    at: Annotated[str | None, typer.Option("--at", metavar="WHEN", help="New time taken.")] = None,
    note: Annotated[str | None, typer.Option("--note", help="New note ('' removes it).")] = None,
    form: Annotated[str | None, typer.Option("--form", help="New form.")] = None,
    exercise_type: Annotated[str | None, typer.Option("--type", help="New exercise type.")] = None,
    force: Force = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the entry as JSON.")] = False,
) -> None:
    """Correct an entry: amount, time, note, form or exercise type."""
    from bonetrack import clock
    from bonetrack.cli import output, state
    from bonetrack.cli.aftercommit import after_commit
    from bonetrack.cli.dates import date_order
    from bonetrack.domain.amounts import format_number
    from bonetrack.domain.entries import build_entry
    from bonetrack.errors import InputError
    from bonetrack.render.entries import entry_line
    from bonetrack.store.entries import replace_entry
    from bonetrack.store.guidance import warnings_after_log
    from bonetrack.store.profile import load_profile

    if all(value is None for value in (amount, at, note, form, exercise_type)):
        raise InputError("nothing to change: give --amount, --at, --note, --form or --type.")
    old = _existing(entry_id)
    new = build_entry(
        old.kind,
        amount if amount is not None else f"{format_number(old.input_amount)}{old.input_unit}",
        clock.now(),
        at=at,
        form=form if form is not None else old.form,
        exercise_type=exercise_type if exercise_type is not None else old.exercise_type,
        note=note if note is not None else old.note,
        order=date_order,
        force=force or amount is None,  # the stored amount was accepted once
    )
    new = replace(new, medicine=old.medicine)
    if at is None:
        new = replace(new, taken_at=old.taken_at)
    if amount is None:
        # Keep the stored amount exactly, not a re-parse of its rounded display form.
        new = replace(
            new, amount=old.amount, input_amount=old.input_amount, input_unit=old.input_unit
        )
    db = state.database()
    profile = load_profile(db)
    profile.check_born_by(new.local_date)
    updated = replace_entry(db, entry_id, new)
    if updated is None:
        raise InputError(f"no entry with id {entry_id}.")
    # Stored. The corrected entry is judged as if logged so: a new amount may now warn.
    warnings = (
        after_commit(lambda: warnings_after_log(db, updated, profile), "the safety warnings") or []
    )
    for warning in warnings:
        output.warn(warning.text())
    if as_json:
        output.print_json(updated.as_json())
    else:
        output.line(f"Updated {entry_line(updated)}.")


def _delete_if_confirmed(entry: Entry, shown_as: str, *, yes: bool) -> None:
    """Show the entry, ask (unless --yes), then delete it."""
    from bonetrack.cli import state
    from bonetrack.cli.confirm import delete_if_confirmed
    from bonetrack.render.entries import entry_line
    from bonetrack.store.entries import delete_entry

    delete_if_confirmed(
        shown_as, entry_line(entry), lambda: delete_entry(state.database(), entry.id), yes=yes
    )


def _existing(entry_id: int) -> Entry:
    from bonetrack.cli import state
    from bonetrack.errors import InputError
    from bonetrack.store.entries import get_entry

    entry = get_entry(state.database(), entry_id)
    if entry is None:
        raise InputError(f"no entry with id {entry_id}; see `bonetrack entries` for ids.")
    return entry
