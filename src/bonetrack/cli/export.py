"""`bonetrack export`: all your data (or part of it) as JSON or as CSV files."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from bonetrack.cli.options import FromDay, ToDay

if TYPE_CHECKING:
    from pathlib import Path

    from bonetrack.domain.export_format import ExportData

app = typer.Typer()

FORMATS = ("json", "csv")


def _complete_format(incomplete: str) -> list[str]:
    return [name for name in FORMATS if name.startswith(incomplete.lower())]


@app.command("export")
def export(
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            metavar="json|csv",
            help="json: one document; csv: a zip of one CSV file per table "
            "(or a folder of them with --out DIR/).",
            autocompletion=_complete_format,
        ),
    ] = "json",
    out: Annotated[
        str | None,
        typer.Option(
            "--out",
            metavar="PATH",
            help="Write here (created 0600) instead of to stdout; DIR/ for a folder of CSV files.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace a file that exists.")] = False,
    date_from: FromDay = None,
    date_to: ToDay = None,
    kinds: Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            metavar="KIND",
            help="Only this (repeatable): an entry kind (k2, calcium, vitamin-d, exercise: "
            "their entries and plans), an event kind (fracture, fall, pain, mobility, checkin), "
            "scans, heights, anticoagulant, notes, profile (with the settings), medicines "
            "(schedules and doses), labs or food (imported food).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Export your data: every field you entered, to keep, move or open in a spreadsheet.

    JSON to stdout by default. --from/--to narrow dated records to those days (plans and
    medicine schedules to the versions in force then); --kind narrows to the kinds named.
    """
    import sys
    from pathlib import Path

    from bonetrack import clock
    from bonetrack.cli import output, state
    from bonetrack.cli.dates import date_order
    from bonetrack.domain.export_format import Selection
    from bonetrack.domain.export_tables import parse_export_kind
    from bonetrack.domain.when import parse_day
    from bonetrack.errors import InputError
    from bonetrack.files import check_target
    from bonetrack.store.export_rows import export_data

    form = fmt.strip().lower()
    if form not in FORMATS:
        raise InputError(f"unknown --format '{fmt}': use json or csv.")
    now = clock.now()
    selection = Selection(
        date_from=parse_day(date_from, now.date(), "--from", date_order) if date_from else None,
        date_to=parse_day(date_to, now.date(), "--to", date_order) if date_to else None,
        kinds=None if not kinds else tuple(dict.fromkeys(parse_export_kind(k) for k in kinds)),
    )
    if selection.date_from and selection.date_to and selection.date_from > selection.date_to:
        raise InputError(f"--from {selection.date_from} is after --to {selection.date_to}.")
    to_stdout = out is None or out == "-"
    folder = not to_stdout and (str(out).endswith(("/", "\\")) or Path(str(out)).is_dir())
    target = None if to_stdout else Path(str(out)).expanduser()
    if folder and form != "csv":
        raise InputError(f"{out} is a folder: a JSON export is one file; give a file name.")
    if to_stdout and form == "csv" and sys.stdout.isatty():
        raise InputError("a CSV export is a zip file: give --out FILE.zip (or --out DIR/).")
    # Refuse before reading or writing anything.
    if target is not None and folder:
        from bonetrack.domain.import_csv import MEMBER_NAMES

        for name in MEMBER_NAMES:
            check_target(target / name, force=force, create_dir=True)
    elif target is not None:
        check_target(target, force=force, create_dir=True)

    data = export_data(state.database(), selection, now)
    if target is None:
        _write_stdout(data, form)
        return
    if folder:
        _write_folder(target, data, force)
    else:
        write_file(target, data, form, force)
    counts = ", ".join(
        f"{len(rows)} {name.replace('_', ' ')}" for name, rows in data.tables.items()
    )
    what = "CSV files in" if folder else ("JSON" if form == "json" else "a zip of CSV files")
    output.info(f"Exported {counts} as {what} {target}.")


def _write_stdout(data: ExportData, form: str) -> None:
    import sys

    if form == "json":
        from bonetrack.render.export_json import write_json

        write_json(sys.stdout, data)
        return
    import io

    from bonetrack.render.export_csv import write_zip

    buffer = io.BytesIO()  # zipfile needs to seek; a pipe cannot
    write_zip(buffer, data)
    sys.stdout.flush()
    sys.stdout.buffer.write(buffer.getvalue())


def write_file(target: Path, data: ExportData, form: str, force: bool) -> None:
    """The export as one private file (0600), renamed into place when complete."""
    import io

    from bonetrack.files import private_file

    with private_file(target, force=force, create_dir=True) as handle:
        if form == "json":
            from bonetrack.render.export_json import write_json

            text = io.TextIOWrapper(handle, encoding="utf-8", newline="\n")
            write_json(text, data)
            text.flush()
            text.detach()  # the file is closed by private_file, once renamed
        else:
            from bonetrack.render.export_csv import write_zip

            write_zip(handle, data)


def _write_folder(target: Path, data: ExportData, force: bool) -> None:
    from bonetrack.files import private_dir, write_private
    from bonetrack.render.export_csv import csv_members

    private_dir(target)
    for name, content in csv_members(data):
        write_private(target / name, content, force=force, create_dir=True)
