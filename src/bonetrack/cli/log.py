"""`bonetrack log`: record a dose or an exercise session."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from bonetrack.cli.options import Force, KindArgument, Note, complete_exercise_type

if TYPE_CHECKING:
    from datetime import date, datetime

    from bonetrack.domain.entries import Entry
    from bonetrack.domain.kinds import Kind
    from bonetrack.store.engine import Database

app = typer.Typer()


@app.command("log")
def log(
    kind: KindArgument,
    amount: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[AMOUNT]",
            help="e.g. 180mcg, '180 mcg', 0.18mg, 500mg, 1000IU, 25mcg, 30min, 1h30m. "
            "Leave out to log your planned dose.",
            show_default=False,
        ),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            metavar="WHEN",
            help="When taken (default now): 2026-11-20, '2026-11-20 08:30', today, yesterday, "
            "'3 days ago', '2 hours ago', 8:30, 8am, 'yesterday 21:00', 'this morning' (08:00), "
            "noon, 'last night' (21:00 yesterday), monday or 'monday 8am' (the most recent "
            "Monday, never a future one), 'last monday' (before today), 'nov 20 7am', 20/11/2026 "
            "(slash dates in your date order: `bonetrack config set date-order dmy|mdy|ymd`).",
            show_default=False,
        ),
    ] = None,
    note: Note = None,
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
            autocompletion=complete_exercise_type,
        ),
    ] = None,
    force: Force = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the stored entry as JSON.")
    ] = False,
) -> None:
    """Log a dose of K2, calcium or vitamin D, or an exercise session."""
    from bonetrack import clock
    from bonetrack.cli import output, state
    from bonetrack.cli.aftercommit import add_entry_and_warn, after_commit
    from bonetrack.cli.dates import date_order
    from bonetrack.domain.amounts import format_amount
    from bonetrack.domain.entries import build_entry
    from bonetrack.domain.kinds import get_kind, implied_form, split_kind_words
    from bonetrack.store.entries import day_total

    now = clock.now()
    kind, amount_text = split_kind_words([kind, *(amount or [])])
    kind_info = get_kind(kind)
    if form is None:
        form = implied_form(kind)
    planned = amount_text is None
    if amount_text is None:
        amount_text, form, exercise_type = _planned_dose(kind_info, now, at, form, exercise_type)
    new = build_entry(
        kind,
        amount_text,
        now,
        at=at,
        form=form,
        exercise_type=exercise_type,
        note=note,
        order=date_order,
        force=force or planned,  # the plan's dose was chosen deliberately
    )
    db = state.database()
    # Safety notes (and a pause that goes on) go to stderr after the entry is stored: they
    # never block a log.
    entry = add_entry_and_warn(db, new)
    note_text = after_commit(lambda: _already_taken(db, entry, now.date()), "the day's plan")
    if note_text is not None:
        output.info(note_text)
    if as_json:
        output.print_json(entry.as_json())
        return
    when = entry.local_taken_at.strftime("%Y-%m-%d %H:%M")
    day = "Today" if entry.local_date == now.date() else f"Total on {entry.local_date}"
    total = after_commit(lambda: day_total(db, entry.kind, entry.local_date), "the day's total")
    shown = "" if total is None else f" {day}: {format_amount(kind_info, total)}."
    output.line(f"Logged {entry.describe()} at {when}.{shown}")


def _already_taken(db: Database, entry: Entry, today: date) -> str | None:
    """Whether the day's plan was already met before this dose, said as a note (not on a
    paused day: nothing is due then, and the pause is said instead)."""
    from bonetrack.cli.aftercommit import pause_of
    from bonetrack.domain.duplicates import already_taken_note
    from bonetrack.store.entries import list_entries
    from bonetrack.store.filters import RowFilter
    from bonetrack.store.plans import planned_dose

    if entry.kind_info.is_exercise:
        return None
    plan = planned_dose(db, entry.kind, entry.local_date)
    if plan is None or pause_of(db, entry) is not None:
        return None
    day = RowFilter(kind=entry.kind, date_from=entry.local_date, date_to=entry.local_date)
    earlier = [e for e in list_entries(db, day) if e.id != entry.id]
    return already_taken_note(plan, earlier, entry, today)


def _planned_dose(
    kind: Kind, now: datetime, at: str | None, form: str | None, exercise_type: str | None
) -> tuple[str, str | None, str | None]:
    """The amount (as text, canonical unit), form and exercise type of the plan in force."""
    from bonetrack.cli import state
    from bonetrack.cli.dates import date_order
    from bonetrack.domain.amounts import example_amount, format_number
    from bonetrack.domain.kinds import check_exercise_type
    from bonetrack.domain.plans import dose_amount
    from bonetrack.domain.when import parse_when
    from bonetrack.errors import InputError
    from bonetrack.store.plans import planned_dose

    day = parse_when(at, now, date_order).date() if at is not None else now.date()
    wanted_type = check_exercise_type(kind, exercise_type) if exercise_type else None
    plan = planned_dose(state.database(), kind.name, day, wanted_type)
    amount = dose_amount(plan) if plan is not None else None
    if plan is None or amount is None:
        example = example_amount(kind)
        if kind.is_exercise:
            raise InputError(
                f"give the minutes of exercise, e.g. bonetrack log exercise {example}."
            )
        raise InputError(
            f"no amount given and no daily plan for {kind.name}: give one "
            f"(bonetrack log {kind.name} {example}) or set a plan "
            f"(bonetrack plan set {kind.name} {example})."
        )
    return (
        f"{format_number(amount)}{kind.unit}",
        form if form is not None else plan.form,
        plan.exercise_type,
    )
