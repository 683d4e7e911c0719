"""`bonetrack med add|edit|stop|list|take`: osteoporosis medicines, their schedules and doses.

bonetrack records and reminds; it never suggests starting, stopping or changing a medicine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from bonetrack.cli.options import AsJson, Note, Yes

if TYPE_CHECKING:
    from datetime import date

    from bonetrack.domain.medicines import MedicineVersion
    from bonetrack.store.engine import Database

app = typer.Typer(
    name="med",
    help="Osteoporosis medicines: schedules, doses taken, what is due.",
    no_args_is_help=True,
)

NameArgument = Annotated[
    str,
    typer.Argument(
        metavar="NAME",
        help="alendronate, risedronate, ibandronate, zoledronic-acid, denosumab, teriparatide, "
        "abaloparatide, romosozumab, a brand name (Fosamax, Prolia...) or any other medicine.",
        show_default=False,
    ),
]
DoseOption = Annotated[
    str | None,
    typer.Option("--dose", help="One dose: 70mg, 60mg, 20mcg.", show_default=False),
]
EveryOption = Annotated[
    str | None,
    typer.Option(
        "--every",
        help="day, week, month, 3months, 6months, year, or 'N days' (weeks, months).",
        show_default=False,
    ),
]
OnOption = Annotated[
    str | None,
    typer.Option(
        "--on", metavar="WEEKDAY", help="Weekly schedules: the usual day.", show_default=False
    ),
]
RouteOption = Annotated[
    str | None, typer.Option("--route", help="oral, iv or injection.", show_default=False)
]
FastingOption = Annotated[
    str | None,
    typer.Option(
        "--fasting",
        metavar="MINUTES",
        help="Oral bisphosphonates: minutes with nothing but water after a dose (or none).",
        show_default=False,
    ),
]
FromOption = Annotated[
    str | None,
    typer.Option(
        "--from",
        metavar="DATE",
        help="Takes effect on this day (YYYY-MM-DD, today, 'N days ago'). Default: today.",
        show_default=False,
    ),
]


def _day(text: str | None, today: date) -> date:
    from bonetrack.cli.dates import date_order
    from bonetrack.domain.when import parse_day

    return today if text is None else parse_day(text, today, order=date_order)


def _versions(db: Database, key: str) -> list[MedicineVersion]:
    from bonetrack.domain.medicines import group_medicines
    from bonetrack.store.medicines import list_medicine_versions

    return group_medicines(list_medicine_versions(db, key)).get(key, [])


def _known(db: Database, name: str) -> tuple[str, list[MedicineVersion]]:
    """The medicine's key and its schedule versions; an error when it was never added."""
    from bonetrack.domain.medicines import medicine_key
    from bonetrack.errors import InputError

    key = medicine_key(name)
    versions = _versions(db, key)
    if not versions:
        raise InputError(
            f"no medicine '{name}' yet: add it first with `bonetrack med add {key}` "
            "(see `bonetrack med list`)."
        )
    return key, versions


def _print_added(version: MedicineVersion, what: str, was: MedicineVersion | None = None) -> None:
    from bonetrack.cli import output

    before = f" (was {was.describe()})" if was is not None else ""
    output.line(f"{what} {version.label}: {version.describe()}, from {version.valid_from}{before}.")
    info = version.info
    if info is None:
        return
    taking = info.regimen(version.route).taking
    if taking:
        output.line(f"How to take it: {taking} ({info.source}).")
    if info.course:
        output.line(f"Course: {info.course} ({info.source}).")
    if info.other_schedules and was is None:
        output.line(
            f"Other usual schedules: {info.other_schedules}; change any value with "
            f"`bonetrack med edit {version.name}`."
        )


@app.command("add")
def add(
    name: NameArgument,
    dose: DoseOption = None,
    every: EveryOption = None,
    on: OnOption = None,
    route: RouteOption = None,
    fasting: FastingOption = None,
    valid_from: FromOption = None,
) -> None:
    """Add a medicine and its schedule; known medicines get their usual schedule filled in."""
    from bonetrack import clock
    from bonetrack.cli import state
    from bonetrack.domain.medicines import in_force, medicine_key, new_version
    from bonetrack.errors import InputError
    from bonetrack.store.medicines import add_medicine_versions

    today = clock.today()
    day = _day(valid_from, today)
    db = state.database()
    key = medicine_key(name)
    versions = _versions(db, key)
    running = in_force(versions, day)
    if running is not None or any(v.active and v.valid_from > day for v in versions):
        raise InputError(
            f"{running.label if running else key} is already scheduled: change it with "
            f"`bonetrack med edit {key}` or stop it with `bonetrack med stop {key}`."
        )
    version = new_version(
        name, day, dose=dose, every=every, weekday=on, route=route, fasting=fasting
    )
    add_medicine_versions(db, [version])
    _print_added(version, "Added")


@app.command("edit")
def edit(
    name: NameArgument,
    dose: DoseOption = None,
    every: EveryOption = None,
    on: OnOption = None,
    route: RouteOption = None,
    fasting: FastingOption = None,
    valid_from: FromOption = None,
) -> None:
    """Change a medicine's schedule from --from on (default today); history keeps the old one."""
    from bonetrack import clock
    from bonetrack.cli import output, state
    from bonetrack.domain.medicines import in_force, new_version, same_schedule
    from bonetrack.errors import InputError
    from bonetrack.store.medicines import add_medicine_versions

    if all(v is None for v in (dose, every, on, route, fasting)):
        raise InputError("nothing to change: give --dose, --every, --on, --route or --fasting.")
    today = clock.today()
    day = _day(valid_from, today)
    db = state.database()
    key, versions = _known(db, name)
    base = in_force(versions, day)
    if base is None:
        raise InputError(
            f"{versions[-1].label} is not scheduled on {day}: add it again with "
            f"`bonetrack med add {key} --from DATE`."
        )
    version = new_version(
        key, day, dose=dose, every=every, weekday=on, route=route, fasting=fasting, base=base
    )
    if same_schedule(base, version):
        output.line(f"Unchanged: {base.label} {base.describe()} since {base.valid_from}.")
        return
    add_medicine_versions(db, [version])
    _print_added(version, "Changed", was=base)


@app.command("stop")
def stop(name: NameArgument, valid_from: FromOption = None, yes: Yes = False) -> None:
    """Record that a medicine was stopped from --from (default today): later doses are not due.

    For denosumab the fact about stopping it is shown first, and you are asked to confirm.
    """
    from dataclasses import replace

    from bonetrack import clock
    from bonetrack.cli import output, state
    from bonetrack.cli.confirm import confirm
    from bonetrack.domain.medicine_rules import DENOSUMAB_STOP_FACT
    from bonetrack.domain.medicines import in_force
    from bonetrack.errors import InputError
    from bonetrack.store.medicines import add_medicine_versions

    today = clock.today()
    day = _day(valid_from, today)
    db = state.database()
    _, versions = _known(db, name)
    current = in_force(versions, day)
    if current is None:
        raise InputError(f"{versions[-1].label} is not scheduled on {day}: nothing to stop.")
    info = current.info
    if info is not None and info.drug_class == "denosumab":
        output.warn(DENOSUMAB_STOP_FACT)
        if not confirm(f"Record that {current.label} was stopped from {day}?", yes=yes):
            output.line("Not stopped: nothing was stored.")
            return
    add_medicine_versions(db, [replace(current, valid_from=day, active=False)])
    output.line(f"Stopped {current.label} from {day}: later doses are not due.")


@app.command("list")
def list_medicines(as_json: AsJson = False) -> None:
    """Your medicines: schedule, since when, last dose and the next due date."""
    from bonetrack import clock
    from bonetrack.cli import output, state
    from bonetrack.domain.medicine_schedule import summarise
    from bonetrack.store.medicine_status import medicine_groups, medicine_pauses
    from bonetrack.store.medicines import last_dose_days

    today = clock.today()
    db = state.database()
    last = last_dose_days(db, today)
    groups = medicine_groups(db)
    pauses = medicine_pauses(db) if groups else []
    rows = [
        summarise(versions, last[key][1] if key in last else None, today, pauses)
        for key, versions in groups.items()
    ]
    if as_json:
        output.print_json([row.to_json() for row in rows])
        return
    from bonetrack.render.medicines import NO_MEDICINES, medicines_text

    if not rows:
        output.line(NO_MEDICINES)
        return
    output.line(medicines_text(rows, output.stdout_terminal()))


@app.command("take")
def take(
    name: NameArgument,
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            metavar="WHEN",
            help="When taken: 2026-11-20, '2026-11-20 07:00', yesterday, 7am. Default: now.",
            show_default=False,
        ),
    ] = None,
    dose: Annotated[
        str | None,
        typer.Option("--dose", help="The dose, if not the scheduled one.", show_default=False),
    ] = None,
    note: Note = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the stored entry as JSON.")
    ] = False,
) -> None:
    """Record a dose (an entry: `entries`, `undo` and `edit` work on it)."""
    from dataclasses import replace

    from bonetrack import clock
    from bonetrack.cli import output, state
    from bonetrack.cli.aftercommit import add_entry_and_warn
    from bonetrack.cli.dates import date_order
    from bonetrack.domain.amounts import format_amount
    from bonetrack.domain.entries import build_entry
    from bonetrack.domain.kinds import MEDICINE_KIND
    from bonetrack.domain.medicines import in_force
    from bonetrack.domain.when import parse_when
    from bonetrack.errors import InputError

    now = clock.now()
    db = state.database()
    key, versions = _known(db, name)
    day = parse_when(at, now, date_order).date() if at is not None else now.date()
    scheduled = in_force(versions, day) or next((v for v in reversed(versions) if v.active), None)
    if dose is None:
        if scheduled is None or scheduled.dose_mcg is None:
            raise InputError(f"give the dose, e.g. `bonetrack med take {key} --dose 70mg`.")
        dose = format_amount(MEDICINE_KIND, scheduled.dose_mcg).replace(" ", "")
    new = replace(
        build_entry("medicine", dose, now, at=at, note=note, order=date_order), medicine=key
    )
    # The rules' warnings (fasting window, second weekly dose) never block a dose.
    entry = add_entry_and_warn(db, new)
    if as_json:
        output.print_json(entry.as_json())
        return
    when = entry.local_taken_at.strftime("%Y-%m-%d %H:%M")
    output.line(f"Recorded {entry.describe()} at {when}.")
    if entry.local_date < versions[0].valid_from:
        output.info(
            f"Note: before {versions[0].label}'s schedule starts ({versions[0].valid_from}); "
            "the next dose is counted from it."
        )
    elif in_force(versions, entry.local_date) is None:
        output.info(f"Note: {versions[-1].label} has no schedule in force on {entry.local_date}.")
