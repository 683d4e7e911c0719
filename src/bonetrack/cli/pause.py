"""`bonetrack pause`: days a planned item is not due (holiday, illness, a clinician's stop);
`pause list`, `pause delete ID`, `pause resume`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from bonetrack.cli.options import AsJson, Yes, complete_exercise_type, complete_kind

if TYPE_CHECKING:
    from bonetrack.domain.pauses import Pause

app = typer.Typer(
    name="pause",
    help="Pause planned items or a medicine for some days (a holiday, an illness, a "
    "clinician's instruction): paused days are not due and streaks go through them. A dose "
    "logged on a paused day still counts, and the pause goes on. E.g. `bonetrack pause --from "
    "2026-12-20 --to 2027-01-03 --all --reason holiday` (supplements and exercise), `bonetrack "
    "pause --kind exercise --type impact --reason 'clinician: no impact for now'` (until "
    "`bonetrack pause resume`), or `bonetrack pause --med alendronate --to 2027-01-10 --reason "
    "'dentist: hold until the extraction heals'`.",
    invoke_without_command=True,
    no_args_is_help=True,
)

KindOption = Annotated[
    str | None,
    typer.Option(
        "--kind",
        metavar="KIND",
        help="What to pause: k2, calcium, vitamin-d or exercise.",
        autocompletion=complete_kind,
    ),
]
TypeOption = Annotated[
    str | None,
    typer.Option(
        "--type",
        metavar="TYPE",
        help="With --kind exercise: only this exercise type.",
        autocompletion=complete_exercise_type,
    ),
]
AllOption = Annotated[
    bool,
    typer.Option(
        "--all", help="Every supplement and exercise item (a medicine is paused by its --med)."
    ),
]
MedOption = Annotated[
    str | None,
    typer.Option(
        "--med",
        metavar="NAME",
        help="A medicine you added with `bonetrack med add` (its doses are not due while "
        "paused): give the reason your clinician gave.",
    ),
]


@app.callback()
def pause(
    ctx: typer.Context,
    date_from: Annotated[
        str | None,
        typer.Option("--from", metavar="DATE", help="First paused day (default today)."),
    ] = None,
    date_to: Annotated[
        str | None,
        typer.Option(
            "--to",
            metavar="DATE",
            help="Last paused day; leave out to pause until `bonetrack pause resume`.",
        ),
    ] = None,
    kind: KindOption = None,
    exercise_type: TypeOption = None,
    everything: AllOption = False,
    medicine: MedOption = None,
    reason: Annotated[
        str | None,
        typer.Option(
            "--reason", metavar="TEXT", help="Why, shown in the report: holiday, illness, ..."
        ),
    ] = None,
    as_json: AsJson = False,
    yes: Yes = False,
) -> None:
    """Pause planned items from --from to --to (the group's help says more)."""
    given = (date_from, date_to, kind, exercise_type, medicine, reason)
    if ctx.invoked_subcommand is not None:
        if any(value is not None for value in given) or everything or as_json or yes:
            from bonetrack.errors import InputError

            raise InputError(
                f"options go after `pause {ctx.invoked_subcommand}`, not before it; "
                "see `bonetrack pause --help`."
            )
        return
    _add(date_from, date_to, kind, exercise_type, everything, medicine, reason, as_json, yes)


def _target(
    kind: str | None, exercise_type: str | None, everything: bool, medicine: str | None
) -> str:
    """What `--kind/--type`, `--all` or `--med` pause. A medicine must have been added; that
    is checked without creating a database (a refused pause writes nothing)."""
    from bonetrack.domain.medicines import medicine_key
    from bonetrack.domain.pauses import pause_target

    key = medicine_key(medicine) if medicine is not None else None
    target = pause_target(kind, exercise_type, everything, key)
    if key is not None:
        from bonetrack.cli import state
        from bonetrack.errors import InputError
        from bonetrack.store.medicine_status import medicine_groups

        path = state.location().path
        if (path is not None and not path.exists()) or key not in medicine_groups(state.database()):
            raise InputError(
                f"no medicine '{medicine}' yet: add it first with `bonetrack med add {key}` "
                "(see `bonetrack med list`)."
            )
    return target


def _add(
    date_from: str | None,
    date_to: str | None,
    kind: str | None,
    exercise_type: str | None,
    everything: bool,
    medicine: str | None,
    reason: str | None,
    as_json: bool,
    yes: bool,
) -> None:
    from bonetrack import clock
    from bonetrack.cli import output, state
    from bonetrack.cli.dates import date_order
    from bonetrack.domain.pauses import ALL, REASON_LIMIT, Pause, check_pause
    from bonetrack.domain.text import clean_text
    from bonetrack.domain.when import optional_day
    from bonetrack.store.pauses import add_pause

    today = clock.today()
    first = optional_day(date_from, today, "--from", date_order) or today
    last = optional_day(date_to, today, "--to", date_order)
    check_pause(first, last, (), "")  # the order of the days, before opening the database
    cleaned = clean_text(reason, "--reason", REASON_LIMIT)
    target = _target(kind, exercise_type, everything, medicine)
    new = Pause(None, target, first, last, cleaned)
    if not _confirmed(new, yes):
        output.line("Not paused: nothing was stored.")
        return
    stored = add_pause(state.database(), new)
    if as_json:
        output.print_json(stored.to_json())
        return
    output.line(
        f"Paused {stored.label} {stored.span_text()} (pause #{stored.id})"
        + (f": {stored.reason}." if stored.reason else ".")
    )
    output.line(
        "Those days are not due and streaks go through them; a dose logged on one still counts."
    )
    if stored.target == ALL and _has_medicines():
        output.line(
            "Your medicines are not paused by --all: their doses stay due (pause one only "
            "as your clinician advised, with --med NAME)."
        )


def _has_medicines() -> bool:
    from bonetrack.cli import state
    from bonetrack.store.medicine_status import medicine_groups

    return bool(medicine_groups(state.database()))


def _confirmed(pause: Pause, yes: bool) -> bool:
    """Denosumab: the fact about stopping or delaying it first, then a confirmation, as
    `med stop` asks (a pause delays its doses)."""
    from bonetrack.cli import output
    from bonetrack.cli.confirm import confirm
    from bonetrack.domain.medicine_rules import DENOSUMAB_STOP_FACT
    from bonetrack.domain.medicines import medicine_info
    from bonetrack.domain.pauses import MEDICINE, SEPARATOR

    kind, _, name = pause.target.partition(SEPARATOR)
    info = medicine_info(name) if kind == MEDICINE else None
    if info is None or info.drug_class != "denosumab":
        return True
    output.warn(DENOSUMAB_STOP_FACT)
    return confirm(f"Pause {pause.label} {pause.span_text()}?", yes=yes)


def pause_line(pause: Pause) -> str:
    reason = f": {pause.reason}" if pause.reason else ""
    return f"#{pause.id} {pause.label} {pause.span_text()}{reason}"


@app.command("list")
def list_all(as_json: AsJson = False) -> None:
    """List every pause, earliest first."""
    from bonetrack.cli import output, state
    from bonetrack.store.pauses import list_pauses

    found = list_pauses(state.database())
    if as_json:
        output.print_json([p.to_json() for p in found])
        return
    if not found:
        output.line("No pauses. Pause with e.g. `bonetrack pause --from DATE --to DATE --all`.")
        return
    for item in found:
        output.line(pause_line(item))


@app.command("delete")
def delete(
    pause_id: Annotated[int, typer.Argument(metavar="ID", help="The pause's id (`pause list`).")],
    yes: Yes = False,
) -> None:
    """Delete a pause: its days are due again, as planned."""
    from bonetrack.cli import state
    from bonetrack.cli.confirm import delete_if_confirmed
    from bonetrack.errors import InputError
    from bonetrack.store.pauses import delete_pause, get_pause

    found = get_pause(state.database(), pause_id)
    if found is None:
        raise InputError(f"no pause with id {pause_id}; see `bonetrack pause list` for ids.")
    delete_if_confirmed(
        "Pause", pause_line(found), lambda: delete_pause(state.database(), pause_id), yes=yes
    )


@app.command("resume")
def resume(
    kind: KindOption = None,
    exercise_type: TypeOption = None,
    everything: AllOption = False,
    medicine: MedOption = None,
    on: Annotated[
        str | None,
        typer.Option("--on", metavar="DATE", help="The first day due again (default today)."),
    ] = None,
) -> None:
    """End the pauses in force: from today (or --on) the items are due again.

    Without --kind, --med or --all, every pause in force that day ends.
    """
    from bonetrack import clock
    from bonetrack.cli import output, state
    from bonetrack.cli.dates import date_order
    from bonetrack.domain.when import optional_day
    from bonetrack.errors import InputError
    from bonetrack.store.pauses import list_pauses, resume_pauses

    today = clock.today()
    target = None
    if kind is not None or exercise_type is not None or everything or medicine is not None:
        target = _target(kind, exercise_type, everything, medicine)
    day = optional_day(on, today, "--on", date_order) or today
    db = state.database()
    chosen = [p for p in list_pauses(db, day, day) if target is None or p.target == target]
    if not chosen:
        what = "" if target is None else " of that item"
        raise InputError(f"no pause{what} is in force on {day}; see `bonetrack pause list`.")
    for before, after in zip(chosen, resume_pauses(db, chosen, day), strict=True):
        if after is None:
            output.line(
                f"Removed pause #{before.id} ({before.label}): it starts on {before.first}, so "
                "no day of it stays paused."
            )
        else:
            output.line(
                f"Resumed {before.label} from {day}: pause #{before.id} is now {after.span_text()}."
            )
