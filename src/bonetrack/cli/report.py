"""`bonetrack report`: streaks, adherence, averages, strength scores and heatmaps per plan item."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from datetime import date

    from bonetrack.domain.adherence import Report
    from bonetrack.domain.profile import Profile
    from bonetrack.store.engine import Database

app = typer.Typer()

DEFAULT_DAYS = 30


def build_report(
    db: Database,
    window_from: date,
    window_to: date,
    today: date,
    profile: Profile | None = None,
) -> Report | None:
    """The report of every planned item for the window, or None when nothing was ever planned.

    Day totals only of the days shown (the window and its heatmaps) and of the periods the
    score still feels; streaks and scores over all history from one summary row per run of
    periods (store/run_summaries.py); times of day only for supplements, in the window's
    last 90 days.
    """
    from datetime import timedelta

    from bonetrack.domain.adherence import USUAL_TIME_DAYS, Report
    from bonetrack.domain.kinds import get_kind
    from bonetrack.domain.plans import first_planned_day, group_items
    from bonetrack.store.medicine_status import medicine_groups, medicine_reports
    from bonetrack.store.pauses import list_pauses
    from bonetrack.store.plans import list_plan_versions
    from bonetrack.store.profile import load_profile
    from bonetrack.store.reports import plan_reports, times_of_day

    versions = list_plan_versions(db)
    schedules = [v for group in medicine_groups(db).values() for v in group]
    first = first_planned_day([*versions, *schedules])
    asked_from = None
    if first is not None and first > window_from:
        # Days before any plan say nothing: the report starts at the first plan (or medicine
        # schedule), and says so.
        asked_from, window_from = window_from, min(first, window_to)
    medicines = medicine_reports(db, window_from, window_to, today)
    if not versions and not medicines:
        return None
    items = group_items(versions)
    kinds = sorted({kind for kind, _ in items})
    supplements = [kind for kind in kinds if not get_kind(kind).is_exercise]
    times_from = max(window_from, window_to - timedelta(days=USUAL_TIME_DAYS - 1))
    times = times_of_day(db, supplements, times_from, window_to) if supplements else {}
    if profile is None:
        profile = load_profile(db, today)
    pauses = list_pauses(db)
    reports = plan_reports(db, items, window_from, window_to, today, profile, times, pauses)
    everything = (*reports, *medicines)
    # The pauses behind the heatmaps' paused days, with their reasons.
    shown_from = min((item.heatmap.start for item in everything), default=window_from)
    shown = tuple(p for p in pauses if p.overlaps(shown_from, window_to))
    return Report(window_from, window_to, today, everything, times_from, shown, asked_from)


def window(
    date_from: str | None, date_to: str | None, days: int | None, today: date
) -> tuple[date, date]:
    """(from, to) of the report: --days N ending --to (default today), or --from..--to."""
    from datetime import timedelta

    from bonetrack.cli.dates import date_order
    from bonetrack.domain.when import optional_day, parse_day
    from bonetrack.errors import InputError

    end = optional_day(date_to, today, "--to", date_order) or today
    if end > today:
        raise InputError(f"--to {end} is in the future; today is {today}.")
    if date_from is not None and days is not None:
        raise InputError("give --from or --days, not both.")
    if date_from is not None:
        start = parse_day(date_from, today, "--from", date_order)
    else:
        start = end - timedelta(days=(days if days is not None else DEFAULT_DAYS) - 1)
    if start > end:
        raise InputError(f"--from {start} is after --to {end}.")
    return start, end


def print_report(
    db: Database, window_from: date, window_to: date, today: date, as_json: bool
) -> None:
    """The adherence report with what is due (reminders) and the safety warnings of the window.

    All its reads share one connection and snapshot, with Python's cyclic collector paused
    (`collector_paused`).
    """
    with db.reading(), collector_paused():
        _print_report(db, window_from, window_to, today, as_json)


def _print_report(
    db: Database, window_from: date, window_to: date, today: date, as_json: bool
) -> None:
    from bonetrack.cli import output
    from bonetrack.domain.reminders import due_reminders
    from bonetrack.store.bone import bone_summary
    from bonetrack.store.guidance import report_warnings
    from bonetrack.store.profile import load_profile
    from bonetrack.store.reminders import all_reminders
    from bonetrack.store.report_extras import report_extras

    profile = load_profile(db, today)
    report = build_report(db, window_from, window_to, today, profile)
    upcoming = all_reminders(db, today)
    reminders = [r.to_json() for r in due_reminders(upcoming)]
    next_scan = next(r for r in upcoming if r.kind == "scan")
    warnings = [w.to_json() for w in report_warnings(db, window_from, window_to, profile)]
    # The bones themselves, as of the window's last day: latest scan, height, falls.
    bone = bone_summary(db, window_to)
    # Medicines (a late denosumab dose, time on treatment) and lab results, as of today.
    extra = report_extras(db, today)
    if as_json:
        from bonetrack.domain.adherence import Report
        from bonetrack.render.bone import bone_json
        from bonetrack.render.intake import intake_json, vitamin_k_json
        from bonetrack.render.report import report_json
        from bonetrack.store.intake import intake_report

        # Calcium and vitamin D from supplements and food; dietary vitamin K on an antagonist.
        intake, vitamin_k, _ = intake_report(db, window_from, window_to, profile)
        shown = report or Report(window_from, window_to, today, ())
        output.print_json(
            {
                **report_json(shown, reminders, warnings),
                **bone_json(bone),
                **extra.to_json(),
                **intake_json(intake),
                **vitamin_k_json(vitamin_k),
                "next_scan": next_scan.to_json(),
            }
        )
        return
    from bonetrack.render.bone import bone_lines
    from bonetrack.render.report import nothing_planned, report_text
    from bonetrack.render.styled_text import wrapped
    from bonetrack.store.food import has_food_data

    # Plain text and ANSI styles (render/columns.py): rich only for the intake section.
    terminal = output.stdout_terminal()
    if extra.notices:
        output.line(extra.notices_text(terminal))
    if report is None:
        output.line(nothing_planned(terminal, reminders, warnings))
    else:
        output.line(report_text(report, terminal, reminders, warnings))
    with db.connect() as conn:
        any_food = has_food_data(conn)
    if any_food:  # the intake section is shown only with food data
        from rich.console import Group

        from bonetrack.render.intake import intake_renderables
        from bonetrack.store.intake import intake_report

        intake, vitamin_k, _ = intake_report(db, window_from, window_to, profile)
        output.stdout_console().print(Group(*intake_renderables(intake, vitamin_k)))
    # However far away, once a scan is recorded (without one it is among the reminders).
    shown_next = next_scan.message if bone.latest_scan is not None else None
    output.line("\n".join(wrapped(bone_lines(bone, shown_next), terminal)))
    output.line(extra.text(terminal))


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic collector paused while the report runs.

    Each full pass of the collector walks every object the imports made (SQLAlchemy's,
    rich's, the domain's tables): about 40 ms on our machines, and the report's imports
    trigger one. The report's own work is bounded by the days it shows, not by the history,
    so pausing it costs little memory (peak RSS in bench/RESULTS.md).
    """
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@app.command("report")
def report(
    date_from: Annotated[
        str | None,
        typer.Option("--from", metavar="DATE", help="First day of the window.", show_default=False),
    ] = None,
    date_to: Annotated[
        str | None,
        typer.Option(
            "--to",
            metavar="DATE",
            help="Last day of the window (default today).",
            show_default=False,
        ),
    ] = None,
    days: Annotated[
        int | None,
        typer.Option(
            "--days",
            min=1,
            max=36_600,
            help=f"Window of N days ending --to (default {DEFAULT_DAYS}).",
            show_default=False,
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON (a stable contract).")
    ] = False,
) -> None:
    """Streaks, adherence %, averages and strength score per plan item, with calendar heatmaps.

    Score: how steady you have been lately, 0-100%, recent days weighing most
    (half-life 13 days; 4 weeks for weekly items). It starts at 0: a perfect
    month reaches about 80%, so a new plan's score is low whatever the adherence.

    The window starts no earlier than your first plan. Days above the daily
    amount planned are listed under "Above target".
    """
    from bonetrack import clock
    from bonetrack.cli import state

    today = clock.today()
    start, end = window(date_from, date_to, days, today)
    with collector_paused():  # from opening the database on (see `collector_paused`)
        print_report(state.database(), start, end, today, as_json)
