"""`bonetrack summary`: one document for a clinic visit, as HTML, PDF, JSON or a preview."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from datetime import date
    from pathlib import Path

    from bonetrack.store.engine import Database

app = typer.Typer()

PAPERS = ("a4", "letter")


def period(
    db: Database,
    date_from: str | None,
    date_to: str | None,
    since_last_scan: bool,
    today: date,
) -> tuple[date, date]:
    """(from, to): --from..--to, or from the latest scan before --to; default the 12 months
    ending --to (default today)."""
    from bonetrack.cli.dates import date_order
    from bonetrack.domain.falls import twelve_months_to
    from bonetrack.domain.when import optional_day
    from bonetrack.errors import InputError

    end = optional_day(date_to, today, "--to", date_order) or today
    if end > today:
        raise InputError(f"--to {end} is in the future; today is {today}.")
    if since_last_scan and date_from is not None:
        raise InputError("give --from or --since-last-scan, not both.")
    if since_last_scan:
        from bonetrack.store.scans import scan_dates

        earlier = [day for day in scan_dates(db) if day < end]
        if not earlier:
            raise InputError(
                f"--since-last-scan: no scan recorded before {end}; record one with "
                "`bonetrack scan add`, or give --from."
            )
        return earlier[-1], end
    start = optional_day(date_from, today, "--from", date_order) or twelve_months_to(end)
    if start > end:
        raise InputError(f"--from {start} is after --to {end}.")
    return start, end


def _targets(html: str | None, pdf: str | None, force: bool) -> dict[str, Path]:
    """The files to write, all checked before anything is computed or written."""
    from pathlib import Path

    from bonetrack.errors import InputError
    from bonetrack.files import check_target

    targets: dict[str, Path] = {}
    for fmt, option, value in (("html", "--html", html), ("pdf", "--pdf", pdf)):
        if value is None:
            continue
        if not value.strip():
            raise InputError(f"{option} is empty: give a file name.")
        targets[fmt] = check_target(Path(value), force=force)
    if len(targets) == 2 and targets["html"].resolve() == targets["pdf"].resolve():
        raise InputError("--html and --pdf name the same file; give two names.")
    return targets


@app.command("summary")
def summary(
    date_from: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="DATE",
            help="First day (default: 12 months before --to).",
            show_default=False,
        ),
    ] = None,
    date_to: Annotated[
        str | None,
        typer.Option("--to", metavar="DATE", help="Last day (default today).", show_default=False),
    ] = None,
    since_last_scan: Annotated[
        bool,
        typer.Option("--since-last-scan", help="Start at the latest scan before --to."),
    ] = False,
    html: Annotated[
        str | None,
        typer.Option(
            "--html",
            metavar="PATH",
            help="Write one self-contained HTML page (0600).",
            show_default=False,
        ),
    ] = None,
    pdf: Annotated[
        str | None,
        typer.Option("--pdf", metavar="PATH", help="Write a PDF (0600).", show_default=False),
    ] = None,
    paper: Annotated[
        str | None,
        typer.Option(
            "--paper",
            metavar="a4|letter",
            help="Page size of the PDF and of the HTML when printed (default a4).",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace files that already exist.")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the data behind the summary as JSON.")
    ] = False,
) -> None:
    """A visit summary for your clinician: plan, adherence, intake, scans, events, questions.

    Without --html or --pdf it shows the same content here, as a preview.
    """
    from bonetrack import clock
    from bonetrack.cli import output, state
    from bonetrack.domain.summary_build import build_summary
    from bonetrack.errors import InputError
    from bonetrack.store.summary import summary_inputs

    if paper is not None and paper.strip().lower() not in PAPERS:
        raise InputError(f"--paper must be a4 or letter, not '{paper}'.")
    chosen = "a4" if paper is None else paper.strip().lower()
    targets = _targets(html, pdf, force)
    if not targets and paper is not None:
        raise InputError("--paper goes with --pdf or --html.")
    if not targets and force:
        raise InputError("--force goes with --pdf or --html.")
    today = clock.today()
    db = state.database()
    start, end = period(db, date_from, date_to, since_last_scan, today)
    made = build_summary(summary_inputs(db, start, end, today))
    files: dict[str, bytes] = {}
    if "html" in targets:
        from bonetrack.render.summary_html import summary_html

        files["html"] = summary_html(made, chosen).encode("utf-8")
    if "pdf" in targets:
        from bonetrack.render.summary_pdf import summary_pdf

        files["pdf"] = summary_pdf(made, chosen)
    if files:
        from bonetrack.files import write_private

        for fmt, data in files.items():
            write_private(targets[fmt], data)
            # beside JSON on stdout, the paths go to stderr
            (output.info if as_json else output.line)(f"Wrote {targets[fmt]}")
    if as_json:
        from bonetrack.render.summary_json import summary_json

        output.print_json(summary_json(made))
    elif not files:
        from bonetrack.render.summary_rich import summary_renderable

        output.stdout_console().print(summary_renderable(made))
