"""`bonetrack catch-up`: walk past days with planned doses not logged, and log those taken."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from datetime import datetime, time

    from bonetrack.domain.catch_up import Missed
    from bonetrack.domain.entries import Entry
    from bonetrack.domain.profile import Profile
    from bonetrack.store.engine import Database

app = typer.Typer()

ANSWERS = "y/n/s/q"
HELP_ANSWERS = "y: taken (log it), n: not taken, s: skip (not sure), q: stop"


@app.command("catch-up")
def catch_up(
    days: Annotated[
        int, typer.Option("--days", min=1, max=90, help="How many past days to walk (default 7).")
    ] = 7,
) -> None:
    """Walk the past days whose planned doses are not all logged and ask, item by item,
    whether you took them: each yes logs the planned dose at your usual time of day.
    On a terminal only."""
    from datetime import timedelta

    from bonetrack import clock
    from bonetrack.cli import output, state
    from bonetrack.cli.confirm import stdin_is_terminal
    from bonetrack.domain.catch_up import missed_doses
    from bonetrack.domain.plans import group_items
    from bonetrack.errors import InputError
    from bonetrack.store.plans import list_plan_versions
    from bonetrack.store.profile import load_profile
    from bonetrack.store.reports import daily_totals

    if not stdin_is_terminal():
        raise InputError(
            "catch-up asks about each missed dose, so it needs a terminal; without one, log a "
            "dose with `bonetrack log KIND --at DATE`."
        )
    now = clock.now()
    today = now.date()
    first, last = today - timedelta(days=days), today - timedelta(days=1)
    db = state.database()
    items = group_items(list_plan_versions(db))
    totals = daily_totals(db, sorted({kind for kind, _ in items}), first, last)
    profile = load_profile(db, today)
    missed = missed_doses(items, totals, first, last, {("k2", None): profile.vka_days()})
    if not missed:
        output.line(f"Nothing to catch up: every planned dose from {first} to {last} is logged.")
        return
    output.info(f"{len(missed)} planned item-days from {first} to {last} are not complete.")
    output.info(f"Answer {HELP_ANSWERS}.")
    counts = {"y": 0, "n": 0, "s": 0}
    for item in missed:
        answer = _ask(item)
        if answer == "q":
            break
        counts[answer] += 1
        if answer == "y":
            _log_doses(db, item, now)
    output.line(f"Caught up: {counts['y']} logged, {counts['n']} not taken, {counts['s']} skipped.")


def _question(item: Missed) -> str:
    from bonetrack.domain.amounts import format_amount
    from bonetrack.domain.kinds import get_kind
    from bonetrack.domain.plans import item_label

    kind = get_kind(item.plan.kind)
    dose = format_amount(kind, item.dose)
    what = f"{item.missing} doses of {dose}" if item.missing > 1 else dose
    done = f" ({item.logged} logged)" if item.logged else ""
    day = item.day.strftime("%a %Y-%m-%d")
    verb = "do" if kind.is_exercise else "take"
    return f"{day}: {item_label(*item.plan.key)}{done}. Did you {verb} {what}? [{ANSWERS}]"


def _ask(item: Missed) -> str:
    from bonetrack.cli import output

    while True:
        answer = str(typer.prompt(_question(item), default="", show_default=False, err=True))
        key = answer.strip().lower()[:1]
        if key in ("y", "n", "s", "q"):
            return key
        output.info(f"Please answer {HELP_ANSWERS}.")


def _log_doses(db: Database, item: Missed, now: datetime) -> None:
    from bonetrack.cli import output
    from bonetrack.domain.entries import NewEntry
    from bonetrack.render.entries import entry_line
    from bonetrack.store.entries import add_entry
    from bonetrack.store.profile import load_profile

    profile = load_profile(db, now.date())
    for moment in _moments(db, item, now):
        entry = add_entry(
            db,
            NewEntry(
                kind=item.plan.kind,
                amount=item.dose,
                input_amount=item.dose,
                input_unit=_unit(item),
                taken_at=moment,
                form=item.plan.form,
                exercise_type=item.plan.exercise_type,
                source="catch-up",
            ),
        )
        _warn(db, entry, profile)
        output.info(f"  Logged {entry_line(entry)}.")


def _warn(db: Database, entry: Entry, profile: Profile) -> None:
    """The safety warnings `log` gives, for a dose logged here (stored whatever they say)."""
    from bonetrack.cli import output
    from bonetrack.cli.aftercommit import after_commit
    from bonetrack.store.guidance import warnings_after_log

    warnings = after_commit(lambda: warnings_after_log(db, entry, profile), "the safety warnings")
    for warning in warnings or []:
        output.warn(warning.text())


def _unit(item: Missed) -> str:
    from bonetrack.domain.kinds import get_kind

    return get_kind(item.plan.kind).unit


def _moments(db: Database, item: Missed, now: datetime) -> list[datetime]:
    """When to log the doses: the usual times of day of the last 90 days, else now's time."""
    from datetime import datetime as datetime_type
    from datetime import timedelta

    from bonetrack.clock import localize
    from bonetrack.domain.adherence import USUAL_TIME_DAYS, usual_times
    from bonetrack.domain.catch_up import dose_times
    from bonetrack.store.reports import times_of_day

    since = now.date() - timedelta(days=USUAL_TIME_DAYS)
    times: list[time] = times_of_day(db, [item.plan.kind], since, now.date()).get(
        item.plan.kind, []
    )
    fallback = now.time().replace(second=0, microsecond=0, tzinfo=None)
    chosen = dose_times(usual_times(times), item.logged, item.missing, fallback)
    return [localize(datetime_type.combine(item.day, moment)) for moment in chosen]
