"""`bonetrack scan add|list|show|delete|compare|lsc`: DEXA results and what they mean."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from bonetrack.cli.options import AsJson, Yes

if TYPE_CHECKING:
    from datetime import date

    from bonetrack.domain.dexa import Interpretation, SiteScan, Visit
    from bonetrack.store.engine import Database

app = typer.Typer(
    name="scan",
    help="Record DEXA (bone density) scan results, see what they mean and how they change.",
    no_args_is_help=True,
)

SITES_HELP = "lumbar-spine (spine, l1-l4), total-hip (hip), femoral-neck (neck), forearm (radius)."


def _complete_site(incomplete: str) -> list[str]:
    from bonetrack.domain.dexa import SITE_NAMES

    return [name for name in SITE_NAMES if name.startswith(incomplete.lower())]


@app.command("add")
def add(
    date_text: Annotated[
        str | None,
        typer.Option("--date", metavar="DATE", help="Scan date (YYYY-MM-DD). Default: today."),
    ] = None,
    site: Annotated[
        str | None,
        typer.Option("--site", metavar="SITE", help=SITES_HELP, autocompletion=_complete_site),
    ] = None,
    bmd: Annotated[
        str | None, typer.Option("--bmd", metavar="G_CM2", help="BMD in g/cm², e.g. 0.812.")
    ] = None,
    t_score: Annotated[
        str | None, typer.Option("--t-score", metavar="T", help="T-score, e.g. -1.8.")
    ] = None,
    z_score: Annotated[
        str | None, typer.Option("--z-score", metavar="Z", help="Z-score, e.g. -0.9.")
    ] = None,
    machine: Annotated[
        str | None,
        typer.Option("--machine", help="Densitometer, e.g. 'Hologic Horizon A' (see the report)."),
    ] = None,
    facility: Annotated[str | None, typer.Option("--facility", help="Where it was done.")] = None,
    note: Annotated[str | None, typer.Option("--note", help="A short note.")] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the stored result as JSON.")
    ] = False,
) -> None:
    """Record one site of a scan; several sites on one date make one scan visit.

    At least one of --bmd and --t-score is needed. On a terminal, missing values are asked for.
    """
    from dataclasses import replace

    from bonetrack import clock
    from bonetrack.cli import output, state
    from bonetrack.cli.aftercommit import after_commit
    from bonetrack.cli.confirm import stdin_is_terminal
    from bonetrack.cli.dates import date_order
    from bonetrack.domain.dexa import (
        SiteScan,
        check_scan_date,
        get_site,
        parse_bmd,
        parse_score,
    )
    from bonetrack.domain.text import clean_text
    from bonetrack.domain.when import optional_day
    from bonetrack.errors import InputError
    from bonetrack.store.profile import load_profile
    from bonetrack.store.scans import add_scan, scans_on

    today = clock.today()
    given = optional_day(date_text, today, "--date", date_order)
    scan_date = check_scan_date(given or today, today)
    asking = stdin_is_terminal()
    if site is None:
        if not asking:
            raise InputError(f"missing --site: one of {SITES_HELP}")
        site = typer.prompt("Site (lumbar-spine, total-hip, femoral-neck, forearm)", err=True)
    site_name = get_site(site).name
    if bmd is None and t_score is None:
        if not asking:
            raise InputError("give --bmd G_CM2 or --t-score T (or both), as on the scan report.")
        bmd = typer.prompt("BMD in g/cm² (Enter to skip)", default="", show_default=False, err=True)
        t_score = typer.prompt("T-score (Enter to skip)", default="", show_default=False, err=True)
        bmd, t_score = (bmd or None), (t_score or None)
        if bmd is None and t_score is None:
            raise InputError("a scan result needs a BMD or a T-score; nothing was recorded.")
    scan = SiteScan(
        scan_date=scan_date,
        site=site_name,
        bmd=parse_bmd(bmd) if bmd is not None else None,
        t_score=parse_score(t_score, "T-score") if t_score is not None else None,
        z_score=parse_score(z_score, "Z-score") if z_score is not None else None,
        machine=clean_text(machine, "--machine", 128),
        facility=clean_text(facility, "--facility", 128),
        note=clean_text(note, "--note", 2000),
    )
    db = state.database()
    load_profile(db).check_born_by(scan_date)
    same_day = scans_on(db, scan_date)
    inherited = []
    if scan.machine is None and len({s.machine for s in same_day if s.machine}) == 1:
        scan = replace(scan, machine=next(s.machine for s in same_day if s.machine))
        inherited.append(f"machine {scan.machine}")
    if scan.facility is None and len({s.facility for s in same_day if s.facility}) == 1:
        scan = replace(scan, facility=next(s.facility for s in same_day if s.facility))
        inherited.append(f"facility {scan.facility}")
    add_scan(db, scan)
    # Stored: what follows explains it, and cannot turn that into a failure.
    if as_json:
        from bonetrack.render.scans import scan_json, visit_json

        def visit() -> dict[str, Any]:
            return visit_json(*_visit_on(db, scan_date))

        meaning = after_commit(visit, "what the scan means")
        output.print_json({"scan": scan_json(scan), "visit": meaning})
        return
    output.line(f"Recorded {_scan_line(scan)}.")
    if inherited:
        output.line(
            f"Same visit as the other sites of {scan_date.isoformat()}: {', '.join(inherited)}."
        )
    for line in after_commit(lambda: _meaning(db, scan), "what the scan means") or []:
        output.line(line)


def _meaning(db: Database, scan: SiteScan) -> list[str]:
    """The change since the site's previous scan, and what the visit's numbers mean."""
    _visit, interp = _visit_on(db, scan.scan_date)
    previous = _previous_change_line(db, scan)
    return ([previous] if previous else []) + list(interp.lines)


def _scan_line(scan: SiteScan) -> str:
    from bonetrack.domain.dexa import format_bmd, format_score, site_label

    values = []
    if scan.bmd is not None:
        values.append(f"BMD {format_bmd(scan.bmd)} g/cm²")
    if scan.t_score is not None:
        values.append(f"T-score {format_score(scan.t_score)}")
    if scan.z_score is not None:
        values.append(f"Z-score {format_score(scan.z_score)}")
    return f"{site_label(scan.site)} on {scan.scan_date.isoformat()}: {', '.join(values)}"


def _previous_change_line(db: Database, scan: SiteScan) -> str | None:
    """'Since 2024-03-01: -0.030 g/cm² (-3.57%): within the LSC ...' for this site."""
    from bonetrack.domain.dexa import (
        TrendPoint,
        change_summary,
        compare_points,
        format_change_delta,
        format_change_percent,
    )
    from bonetrack.store.scans import get_lscs, list_scans

    if scan.bmd is None:
        return None
    earlier = [
        s for s in list_scans(db, scan.site) if s.scan_date < scan.scan_date and s.bmd is not None
    ]
    if not earlier:
        return None
    last = earlier[-1]
    assert last.bmd is not None
    lsc = get_lscs(db)[scan.site]
    change = compare_points(
        scan.site,
        TrendPoint(last.scan_date, last.bmd, last.machine),
        TrendPoint(scan.scan_date, scan.bmd, scan.machine),
        lsc,
    )
    return (
        f"Since {last.scan_date.isoformat()}: {format_change_delta(change)} g/cm² "
        f"({format_change_percent(change)}), "
        f"{change_summary(change, lsc)}. See `bonetrack scan compare`."
    )


def _visit_on(db: Database, day: date) -> tuple[Visit, Interpretation]:
    """The visit of `day`, interpreted with the whole history (fractures up to that visit)."""
    from bonetrack.errors import InputError
    from bonetrack.store.scans import interpreted_visits

    visits = interpreted_visits(db)
    for visit, interp in visits:
        if visit.scan_date == day:
            return visit, interp
    dates = ", ".join(v.scan_date.isoformat() for v, _ in visits[-5:])
    hint = f" Scan dates: {dates}." if dates else " No scans recorded yet."
    raise InputError(f"no scan on {day.isoformat()}.{hint}")


@app.command("import")
def import_fhir(
    path: Annotated[
        str,
        typer.Argument(
            metavar="PATH",
            help="FHIR R4 JSON: an Observation, a Bundle, or a DiagnosticReport (- for stdin).",
            show_default=False,
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be added and skipped.")
    ] = False,
) -> None:
    """Import DEXA results, and lab results, from a FHIR JSON file, as a patient portal
    gives them.

    Results are read by their LOINC code: DEXA (spine, total hip, femoral neck, forearm,
    left or right), checked as `scan add` checks them; lab tests `bonetrack lab` records
    (25(OH)D, INR, calcium, turnover markers...), checked as `lab add` checks them.
    Other codes are listed and skipped. A result already recorded is left as it is.
    """
    from bonetrack.cli.scan_import import run

    run(path, dry_run)


@app.command("list")
def list_visits(
    as_json: AsJson = False,
) -> None:
    """List scan visits, oldest first, with the WHO reading of each."""
    from bonetrack.cli import output, state
    from bonetrack.store.scans import interpreted_visits

    visits = interpreted_visits(state.database())
    if as_json:
        from bonetrack.render.scans import visit_json

        output.print_json([visit_json(v, i) for v, i in visits])
        return
    if not visits:
        output.line(_NO_SCANS)
        return
    from bonetrack import clock
    from bonetrack.render.columns import paragraph
    from bonetrack.render.scans import visits_table
    from bonetrack.store.reminders import next_scan_reminder

    output.stdout_console().print(visits_table(visits))
    next_scan = next_scan_reminder(state.database(), clock.today())
    output.line(paragraph(f"Next: {next_scan.message}", output.stdout_terminal()))


_NO_SCANS = (
    "No scans recorded yet. Record your last one with: "
    "bonetrack scan add --date 2025-03-14 --site spine --bmd 0.812 --t-score -1.8"
)


@app.command("show")
def show(
    day: Annotated[str, typer.Argument(metavar="DATE", help="The scan date (YYYY-MM-DD).")],
    as_json: AsJson = False,
) -> None:
    """Show one scan visit: every site's values and what they mean."""
    from bonetrack import clock
    from bonetrack.cli import output, state
    from bonetrack.cli.dates import date_order
    from bonetrack.domain.when import parse_day

    visit, interp = _visit_on(state.database(), parse_day(day, clock.today(), order=date_order))
    if as_json:
        from bonetrack.render.scans import visit_json

        output.print_json(visit_json(visit, interp))
        return
    from bonetrack.render.scans import visit_renderable

    output.stdout_console().print(visit_renderable(visit, interp))


@app.command("delete")
def delete(
    day: Annotated[str, typer.Argument(metavar="DATE", help="The scan date (YYYY-MM-DD).")],
    site: Annotated[
        str | None,
        typer.Option(
            "--site", metavar="SITE", help="Only this site.", autocompletion=_complete_site
        ),
    ] = None,
    yes: Yes = False,
) -> None:
    """Delete a scan visit, or one site of it with --site."""
    from bonetrack import clock
    from bonetrack.cli import output, state
    from bonetrack.cli.confirm import confirm
    from bonetrack.cli.dates import date_order
    from bonetrack.domain.dexa import get_site
    from bonetrack.domain.when import parse_day
    from bonetrack.errors import InputError
    from bonetrack.store.scans import delete_scans, scans_on

    scan_date = parse_day(day, clock.today(), order=date_order)
    site_name = get_site(site).name if site is not None else None
    db = state.database()
    found = [s for s in scans_on(db, scan_date) if site_name is None or s.site == site_name]
    if not found:
        what = f"no {site_name} result" if site_name else "no scan"
        raise InputError(f"{what} on {scan_date.isoformat()}; see `bonetrack scan list`.")
    question = "Delete it?" if len(found) == 1 else f"Delete these {len(found)} results?"
    if not confirm(question, yes=yes, showing=[f"Scan: {_scan_line(scan)}" for scan in found]):
        output.line("Kept it: nothing was deleted.")
        return
    count = delete_scans(db, scan_date, site_name)
    output.line(
        f"Deleted {count} scan result{'s' if count != 1 else ''} of {scan_date.isoformat()}."
    )


@app.command("compare")
def compare(
    site: Annotated[
        str | None,
        typer.Option(
            "--site", metavar="SITE", help="Only this site.", autocompletion=_complete_site
        ),
    ] = None,
    as_json: AsJson = False,
) -> None:
    """BMD change per site between scans and since the first, against the LSC, with a chart."""
    from bonetrack.cli import output, state
    from bonetrack.domain.dexa import SITE_NAMES, get_site, site_trend
    from bonetrack.store.scans import get_lscs, list_scans

    db = state.database()
    wanted = get_site(site).name if site is not None else None
    scans = list_scans(db, wanted)
    lscs = get_lscs(db)
    measured = {s.site for s in scans}
    trends = [
        site_trend(name, scans, lscs[name])
        for name in SITE_NAMES
        if name in measured and (wanted is None or name == wanted)
    ]
    if as_json:
        from bonetrack.render.scans import trend_json

        output.print_json({"sites": [trend_json(t) for t in trends]})
        return
    if not trends:
        output.line(f"No {wanted} results yet." if wanted else _NO_SCANS)
        return
    from bonetrack.render.scans import compare_renderable

    output.stdout_console().print(compare_renderable(trends))


@app.command("lsc")
def lsc(
    site: Annotated[
        str | None,
        typer.Argument(metavar="[SITE]", help=SITES_HELP, autocompletion=_complete_site),
    ] = None,
    value: Annotated[
        str | None,
        typer.Argument(
            metavar="[VALUE]",
            help="Your facility's LSC: 4.2% or 0.033g/cm2; 'default' to use the default again.",
        ),
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Show the least significant change (LSC) per site, or set one site's."""
    from bonetrack.cli import output, state
    from bonetrack.domain.dexa import SITE_NAMES, default_lsc, get_site, parse_lsc
    from bonetrack.store.scans import get_lscs, set_lsc

    db = state.database()
    name = get_site(site).name if site is not None else None
    if name is not None and value is not None:
        new = None if value.strip().lower() == "default" else parse_lsc(value)
        set_lsc(db, name, new)
        # What is now stored, without reading after the commit.
        lscs = {name: new if new is not None else default_lsc(name)}
    else:
        lscs = get_lscs(db)
    shown = [name] if name is not None else list(SITE_NAMES)
    if as_json:
        from bonetrack.render.scans import lsc_json

        output.print_json({s: lsc_json(lscs[s]) for s in shown})
        return
    from bonetrack.domain.dexa import LSC_DEFAULT_SOURCE, site_label

    if name is not None and value is not None:
        current = lscs[name]
        what = "back to the default" if current is None or current.source == "default" else "set"
        output.line(f"LSC for the {site_label(name)} {what}.")
    for s in shown:
        current = lscs[s]
        if current is None:
            text = "none (ask your facility)"
        elif current.source == "user":
            text = f"{current.text} (your setting)"
        else:
            text = f"{current.text} (default, uncertain)"
        output.line(f"{s}: {text}")
    if any(lsc_ is not None and lsc_.uncertain for lsc_ in (lscs[s] for s in shown)):
        output.line(f"Defaults: {LSC_DEFAULT_SOURCE}.")
