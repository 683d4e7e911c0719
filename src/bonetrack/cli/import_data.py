"""`bonetrack import PATH`: merge an export (from this or another device) into the database;
`bonetrack import --from APP PATH`: another app's export, by that app's importer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from contextlib import AbstractContextManager
    from datetime import datetime
    from pathlib import Path

    from bonetrack.domain.import_csv import Opener
    from bonetrack.domain.import_document import Document
    from bonetrack.store.import_merge import MergeResult, Progress

app = typer.Typer()

# Fewer records than this import in a blink: no progress bar.
PROGRESS_FROM = 2000
# Conflicts listed one per line; the rest are counted.
CONFLICTS_SHOWN = 20
# `--from APP`: the module in bonetrack.cli whose `run(path, dry_run=...)` imports it.
SOURCES: dict[str, str] = {
    "cronometer": "import_cronometer",
    "apple-health": "import_apple_health",
}


@app.command("import")
def import_command(
    path: Annotated[
        str,
        typer.Argument(
            metavar="PATH",
            help="A bonetrack export: JSON, a zip of CSV files, a folder of them, or - for "
            "stdin; with --from, that app's export (a file or a folder).",
            show_default=False,
        ),
    ],
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Show what would be added, skipped and in conflict."),
    ] = False,
    prefer: Annotated[
        str,
        typer.Option(
            "--prefer",
            metavar="ours|theirs",
            help="For a record stored here with other content: keep ours (default) or take "
            "the file's (theirs).",
        ),
    ] = "ours",
    source: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="APP",
            help=f"Another app's export: {', '.join(SOURCES)}. Without it: a bonetrack export.",
            show_default=False,
        ),
    ] = None,
    supplements_as_doses: Annotated[
        bool,
        typer.Option(
            "--supplements-as-doses",
            help="Cronometer: supplements whose name mentions K2 (MK-7, MK-4), calcium or "
            "vitamin D become doses, the amount from their nutrient column (default: food).",
        ),
    ] = False,
) -> None:
    """Import an export, merging by each record's identity: nothing is duplicated.

    A record already here is skipped; one here with other content is a conflict, reported
    and left as it is unless --prefer theirs. All or nothing: one bad record anywhere
    refuses the whole file, naming the record and why.

    --from cronometer: Cronometer's CSV exports (servings, daily nutrition, exercises; a
    file or a folder). Food becomes day totals of calcium, vitamin D and vitamin K; a
    later export restates the days it covers.

    --from apple-health: the Health app's export.zip, its export.xml or the unzipped
    folder. Dietary calcium, vitamin D and vitamin K, workouts, falls, and the DEXA
    and lab results among its clinical records; importing it again adds nothing twice.
    """
    from bonetrack import clock
    from bonetrack.cli import output, state
    from bonetrack.errors import InputError
    from bonetrack.store.import_merge import merge

    if source is not None or supplements_as_doses:
        _import_from(source, path, dry_run, prefer, supplements_as_doses)
        return
    choice = prefer.strip().lower()
    if choice not in ("ours", "theirs"):
        raise InputError(f"--prefer must be ours or theirs, not '{prefer}'.")
    name, document = _read(path, clock.now())
    db = state.database()
    total = len(document.records)
    # A dry run only reads (and is rolled back): it need not take the write lock.
    try:
        with _progress(total) as step, db.connect() if dry_run else db.begin() as conn:
            result = merge(
                conn,
                document.records,
                prefer_theirs=choice == "theirs",
                write=not dry_run,
                progress=step,
            )
    except InputError as exc:  # a record naming one not here, or clashing with one here
        raise InputError(f"{name}: {exc.message} Nothing was imported.") from None
    exported = document.header.exported_at.isoformat(timespec="seconds")
    output.line(
        f"{name}: bonetrack export version {document.header.version} ({document.form}), "
        f"exported {exported}."
    )
    _print_result(result, document.header.version, dry_run, choice == "theirs")


def _import_from(
    source: str | None, path: str, dry_run: bool, prefer: str, supplements_as_doses: bool
) -> None:
    """Another app's export, by the module of its importer (imported only for it)."""
    import importlib

    from bonetrack.errors import InputError

    key = (source or "").strip().lower()
    if key != "cronometer" and supplements_as_doses:
        raise InputError("--supplements-as-doses is for --from cronometer.")
    if key not in SOURCES:
        raise InputError(
            f"--from must be one of: {', '.join(SOURCES)} (or leave it out for a bonetrack "
            f"export), not '{source}'."
        )
    if prefer != "ours":
        raise InputError("--prefer is for bonetrack's own exports, not for --from.")
    importer = importlib.import_module(f"bonetrack.cli.{SOURCES[key]}")
    options = {"supplements_as_doses": True} if supplements_as_doses else {}
    importer.run(path, dry_run=dry_run, **options)


def _read(path: str, now: datetime) -> tuple[str, Document]:
    """The validated document, or an InputError naming the file."""
    import sys
    from pathlib import Path

    from bonetrack.domain.import_document import (
        read_bounded,
        read_csv_document,
        read_document,
    )
    from bonetrack.errors import InputError

    name = "stdin" if path == "-" else path
    try:
        if path == "-":
            return name, read_document(read_bounded(sys.stdin.buffer), now)
        source = Path(path).expanduser()
        if source.is_dir():
            return name, read_csv_document(_folder_opener(source), now, "CSV folder")
        try:
            with source.open("rb") as stream:
                data = read_bounded(stream)
        except FileNotFoundError:
            raise InputError("no such file.") from None
        except OSError as exc:
            raise InputError(f"cannot be read ({exc.strerror or exc}).") from None
        return name, read_document(data, now)
    except InputError as exc:
        raise InputError(f"{name}: {exc.message} Nothing was imported.") from None


def _folder_opener(folder: Path) -> Opener:
    """Files of an export folder by their fixed names; links are not followed."""
    import os

    from bonetrack.domain.export_format import MAX_IMPORT_BYTES
    from bonetrack.domain.import_document import read_bounded
    from bonetrack.errors import InputError

    budget = [MAX_IMPORT_BYTES]

    def open_member(name: str) -> bytes | None:
        target = folder / name
        try:
            fd = os.open(target, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise InputError(f"{name} cannot be read ({exc.strerror or exc}).") from None
        with os.fdopen(fd, "rb") as stream:
            data = read_bounded(stream, budget[0])
        budget[0] -= len(data)
        return data

    return open_member


def _progress(total: int) -> AbstractContextManager[Progress | None]:
    """A rich progress bar on a terminal for a large import; nothing when piped."""
    import sys
    from contextlib import contextmanager, nullcontext

    if total < PROGRESS_FROM or not sys.stderr.isatty():
        return nullcontext(None)

    @contextmanager
    def bar():  # type: ignore[no-untyped-def]
        from rich.progress import Progress as Bar

        from bonetrack.cli.output import stderr_console

        with Bar(console=stderr_console(), transient=True) as progress:
            task = progress.add_task("Importing", total=total)
            yield lambda n: progress.advance(task, n)

    return bar()


def _print_result(result: MergeResult, version: int, dry_run: bool, prefer_theirs: bool) -> None:
    from bonetrack.cli import output
    from bonetrack.domain.export_tables import TABLES
    from bonetrack.store.export_rows import JOURNAL

    # The tables of the file's format version (a version 1 file holds no medicines); the
    # journal of changes is history, said after the data.
    shown = {
        n: t
        for n, t in result.tallies.items()
        if (n not in TABLES or TABLES[n].since <= version) and n not in JOURNAL
    }
    width = max(len(name) for name in shown)
    verb = "would be" if dry_run else "were"
    output.line(f"{'':{width}}  {'added':>7}  {'skipped':>7}  {'conflicts':>9}")
    for name, tally in shown.items():
        output.line(
            f"{name:{width}}  {tally.added:>7}  {tally.skipped:>7}  {len(tally.conflicts):>9}"
        )
    conflicts = result.conflicts
    for conflict in conflicts[:CONFLICTS_SHOWN]:
        if conflict.reason is not None:
            outcome = f"kept ours: {conflict.reason}"
        else:
            outcome = "the file's taken" if conflict.replaced else "kept ours"
        output.line(
            f"Conflict: {conflict.table} {conflict.what} ({conflict.where}): "
            f"{', '.join(conflict.fields)} differ; {outcome}."
        )
    if len(conflicts) > CONFLICTS_SHOWN:
        output.line(f"... and {len(conflicts) - CONFLICTS_SHOWN} more conflicts.")
    added = sum(t.added for t in shown.values())
    skipped = sum(t.skipped for t in shown.values())
    replaced = sum(c.replaced for c in conflicts)
    summary = f"{added} {verb} added, {skipped} already here"
    if conflicts:
        summary += f", {len(conflicts)} in conflict"
        if replaced:
            summary += f" ({replaced} {verb} replaced by the file's)"
        elif not prefer_theirs:
            summary += " (kept ours; --prefer theirs takes the file's)"
    output.line(summary + ".")
    changes = result.tallies["changes"]
    if changes.added or changes.skipped:
        output.line(
            f"Journal of changes (history): {changes.added} {verb} added, "
            f"{changes.skipped} already here."
        )
    if dry_run:
        output.line("Dry run: nothing was written.")
