"""`bonetrack event add|list|delete|edit`: fractures, falls, pain, mobility, check-ins."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from bonetrack.cli.options import AsJson, FromDay, Limit, Note, ToDay, Yes
from bonetrack.domain.events import EVENT_KIND_NAMES

if TYPE_CHECKING:
    from bonetrack.domain.events import BoneEvent, Fragility

app = typer.Typer(
    name="event",
    help="Record bone events: fracture, fall, pain, mobility, checkin (a clinician visit).",
    no_args_is_help=True,
)

KINDS_HELP = (
    "fracture, fall, pain, mobility (a change in how you move) or checkin (a clinician visit)."
)
AT_HELP = "When: 2026-11-20, '2026-11-20 08:30', yesterday, '3 days ago', 8:30. Default: now."


def _complete_kind(incomplete: str) -> list[str]:
    return [name for name in EVENT_KIND_NAMES if name.startswith(incomplete.lower())]


Severity = Annotated[
    str | None,
    typer.Option("--severity", metavar="0-10", help="0 (none) to 10 (worst)."),
]
Site = Annotated[str | None, typer.Option("--site", help="Where, e.g. 'left wrist'.")]
FragilityOption = Annotated[
    str | None,
    typer.Option(
        "--fragility",
        metavar="yes|no|unknown",
        help="Fractures only: was it a fragility fracture (a fall from standing height or less, "
        "or no trauma)? Only 'yes' can make a T-score of -2.5 or lower 'severe osteoporosis'. "
        "Asked on a terminal; default unknown.",
        show_default=False,
    ),
]


@app.command("add")
def add(
    kind: Annotated[
        str,
        typer.Argument(
            metavar="KIND", help=KINDS_HELP, autocompletion=_complete_kind, show_default=False
        ),
    ],
    at: Annotated[str | None, typer.Option("--at", metavar="WHEN", help=AT_HELP)] = None,
    site: Site = None,
    severity: Severity = None,
    fragility: FragilityOption = None,
    note: Note = None,
    as_json: AsJson = False,
) -> None:
    """Record a bone event."""
    from dataclasses import replace

    from bonetrack import clock
    from bonetrack.cli import output, state
    from bonetrack.cli.dates import date_order
    from bonetrack.domain.events import (
        BoneEvent,
        check_event_time,
        fragility_for,
        get_event_kind,
        parse_fragility,
        parse_severity,
    )
    from bonetrack.domain.text import clean_text
    from bonetrack.domain.when import parse_when
    from bonetrack.render.events import event_json, event_line
    from bonetrack.store.events import add_event
    from bonetrack.store.profile import load_profile

    now = clock.now()
    name = get_event_kind(kind)
    when = check_event_time(parse_when(at, now, date_order) if at is not None else now, now)
    when = clock.to_local(when)
    event = BoneEvent(
        id=None,
        kind=name,
        occurred_at=when,
        local_date=when.date(),
        site=clean_text(site, "--site", 64),
        severity=parse_severity(severity),
        note=clean_text(note, "--note", 2000),
        fragility=fragility_for(
            name, parse_fragility(fragility) if fragility is not None else None
        ),
    )
    db = state.database()
    load_profile(db).check_born_by(event.local_date)
    if name == "fracture" and fragility is None:
        event = replace(event, fragility=_ask_fragility())
    stored = add_event(db, event)
    if as_json:
        output.print_json(event_json(stored))
    else:
        output.line(f"Recorded {event_line(stored)}.")


@app.command("list")
def list_events_command(
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind", metavar="KIND", help="Only this kind.", autocompletion=_complete_kind
        ),
    ] = None,
    date_from: FromDay = None,
    date_to: ToDay = None,
    limit: Limit = None,
    as_json: AsJson = False,
) -> None:
    """List bone events, newest first."""
    from bonetrack import clock
    from bonetrack.cli import output, state
    from bonetrack.cli.dates import date_order
    from bonetrack.domain.events import get_event_kind
    from bonetrack.domain.when import optional_day
    from bonetrack.errors import InputError
    from bonetrack.render.events import event_json
    from bonetrack.store.events import list_events
    from bonetrack.store.filters import RowFilter

    today = clock.today()
    where = RowFilter(
        kind=get_event_kind(kind) if kind is not None else None,
        date_from=optional_day(date_from, today, "--from", date_order),
        date_to=optional_day(date_to, today, "--to", date_order),
        limit=limit,
    )
    if where.date_from and where.date_to and where.date_from > where.date_to:
        raise InputError(f"--from {where.date_from} is after --to {where.date_to}.")
    found = list_events(state.database(), where)
    if as_json:
        output.print_json([event_json(e) for e in found])
        return
    if not found:
        filtered = kind or date_from or date_to
        output.line(
            ("No events match." if filtered else "No events yet.")
            + " Record one with: bonetrack event add pain --severity 3 --note 'lower back'"
        )
        return
    from bonetrack.render.events import events_table

    output.stdout_console().print(events_table(found))


def _ask_fragility() -> Fragility:
    """On a terminal, ask whether a new fracture was a fragility fracture; else unknown."""
    from bonetrack.cli.confirm import stdin_is_terminal
    from bonetrack.domain.events import FRAGILITY_QUESTION, parse_fragility

    if not stdin_is_terminal():
        return "unknown"
    answer = typer.prompt(FRAGILITY_QUESTION, default="unknown", err=True)
    return parse_fragility(answer)


def _existing(event_id: int) -> BoneEvent:
    from bonetrack.cli import state
    from bonetrack.errors import InputError
    from bonetrack.store.events import get_event

    event = get_event(state.database(), event_id)
    if event is None:
        raise InputError(f"no event with id {event_id}; see `bonetrack event list` for ids.")
    return event


IdArgument = Annotated[
    int, typer.Argument(metavar="ID", help="The event's id (see `event list`).", show_default=False)
]


@app.command("delete")
def delete(
    event_id: IdArgument,
    yes: Yes = False,
) -> None:
    """Delete one event by its id."""
    from bonetrack.cli import state
    from bonetrack.cli.confirm import delete_if_confirmed
    from bonetrack.render.events import event_line
    from bonetrack.store.events import delete_event

    event = _existing(event_id)
    delete_if_confirmed(
        "Event", event_line(event), lambda: delete_event(state.database(), event_id), yes=yes
    )


@app.command("edit")
def edit(
    event_id: IdArgument,
    kind: Annotated[
        str | None,
        typer.Option("--kind", metavar="KIND", help="New kind.", autocompletion=_complete_kind),
    ] = None,
    at: Annotated[str | None, typer.Option("--at", metavar="WHEN", help="New time.")] = None,
    site: Annotated[str | None, typer.Option("--site", help="New site ('' removes it).")] = None,
    severity: Annotated[
        str | None,
        typer.Option("--severity", metavar="0-10", help="New severity ('' removes it)."),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="New note ('' removes it).")] = None,
    fragility: FragilityOption = None,
    as_json: AsJson = False,
) -> None:
    """Correct an event: kind, time, site, severity, note, or a fracture's fragility."""
    from dataclasses import replace

    from bonetrack import clock
    from bonetrack.cli import output, state
    from bonetrack.cli.dates import date_order
    from bonetrack.domain.events import (
        check_event_time,
        fragility_for,
        get_event_kind,
        parse_fragility,
        parse_severity,
    )
    from bonetrack.domain.text import clean_text
    from bonetrack.domain.when import parse_when
    from bonetrack.errors import InputError
    from bonetrack.render.events import event_json, event_line
    from bonetrack.store.events import replace_event
    from bonetrack.store.profile import load_profile

    if all(v is None for v in (kind, at, site, severity, note, fragility)):
        raise InputError(
            "nothing to change: give --kind, --at, --site, --severity, --note or --fragility."
        )
    old = _existing(event_id)
    new = old
    if kind is not None:
        new = replace(new, kind=get_event_kind(kind))
    if at is not None:
        now = clock.now()
        when = clock.to_local(check_event_time(parse_when(at, now, date_order), now))
        new = replace(new, occurred_at=when, local_date=when.date())
    if site is not None:
        new = replace(new, site=clean_text(site, "--site", 64))
    if severity is not None:
        new = replace(new, severity=parse_severity(severity) if severity.strip() else None)
    if note is not None:
        new = replace(new, note=clean_text(note, "--note", 2000))
    # A fracture keeps its answer unless a new one is given; it becomes "unknown" for
    # an event changed into a fracture, and goes for one that is no longer a fracture.
    kept = old.fragility if new.kind == "fracture" else None
    new = replace(
        new,
        fragility=fragility_for(
            new.kind, parse_fragility(fragility) if fragility is not None else kept
        ),
    )
    db = state.database()
    load_profile(db).check_born_by(new.local_date)
    updated = replace_event(db, event_id, new)
    if updated is None:
        raise InputError(f"no event with id {event_id}.")
    if as_json:
        output.print_json(event_json(updated))
    else:
        output.line(f"Updated {event_line(updated)}.")
