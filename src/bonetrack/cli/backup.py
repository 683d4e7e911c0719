"""`bonetrack backup` and `bonetrack restore`: a copy of the whole database, and putting it back."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from bonetrack.cli.options import Yes

if TYPE_CHECKING:
    from bonetrack.store.backup import Summary

app = typer.Typer()


@app.command("backup")
def backup(
    out: Annotated[
        str | None,
        typer.Option(
            "--out",
            metavar="PATH",
            help="Where to write it. Default: a dated file in backups/ beside the database.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace a file that exists.")] = False,
    as_export: Annotated[
        bool,
        typer.Option("--export", help="Write a JSON export instead of a database copy."),
    ] = False,
) -> None:
    """Copy the database while it may be in use, and check the copy's integrity.

    SQLite only: for a PostgreSQL database use pg_dump, or --export for a JSON export.
    """
    from pathlib import Path

    from bonetrack import clock
    from bonetrack.cli import output, state
    from bonetrack.errors import BonetrackError, InputError
    from bonetrack.files import check_target, private_dir
    from bonetrack.store.backup import backup_database, default_backup_path
    from bonetrack.store.location import default_path

    location = state.location()
    now = clock.now()
    if not as_export and location.path is None:
        raise BonetrackError(
            f"{location.describe()} is not a SQLite file: back up a PostgreSQL database with "
            "pg_dump (e.g. `pg_dump -Fc -f bonetrack.dump DBNAME`), or write a JSON export of "
            "it with `bonetrack backup --export`."
        )
    if location.path is not None and not location.path.exists():
        raise InputError(f"there is no database at {location.path} to back up.")
    beside = location.path if location.path is not None else default_path()
    suffix = ".json" if as_export else ".db"
    target = Path(out).expanduser() if out else default_backup_path(beside, now, suffix)
    check_target(target, force=force, create_dir=True)
    db = state.database()
    if as_export:
        from bonetrack.cli.export import write_file
        from bonetrack.domain.export_format import Selection
        from bonetrack.store.export_rows import export_data

        write_file(target, export_data(db, Selection(), now), "json", force)
        output.line(f"Exported {location.describe()} to {target}.")
        return
    private_dir(target.parent)
    backup_database(db, target, overwrite=force)
    size = target.stat().st_size
    output.line(f"Backed up {location.describe()} to {target} ({_size(size)}, integrity ok).")


def _size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


@app.command("restore")
def restore(
    path: Annotated[
        str,
        typer.Argument(
            metavar="PATH", help="A backup made by `bonetrack backup`.", show_default=False
        ),
    ],
    yes: Yes = False,
) -> None:
    """Replace the database with a backup, after showing what it holds and asking.

    The current database is backed up first; an older backup is upgraded.
    """
    from pathlib import Path

    from bonetrack import clock
    from bonetrack.cli import output, state
    from bonetrack.cli.confirm import confirm
    from bonetrack.errors import BonetrackError, InputError
    from bonetrack.store.backup import prepare_restore, replace_database
    from bonetrack.store.migrate import HEAD_REVISION

    location = state.location()
    if location.path is None:
        raise BonetrackError(
            f"{location.describe()} is not a SQLite file: restore a PostgreSQL database with "
            "pg_restore, or bring an export in with `bonetrack import`."
        )
    source = Path(path).expanduser()
    if not source.is_file():
        raise InputError(f"{path}: no such file.")
    candidate = prepare_restore(source, location.path)
    try:
        for line in _summary_lines(source, candidate.summary):
            output.info(line)
        if not confirm(f"Replace {location.path} with it?", yes=yes):
            output.line("Kept the current database: nothing was restored.")
            return
        previous = replace_database(candidate, location.path, clock.now())
    finally:
        candidate.discard()
    upgraded = candidate.summary.revision != HEAD_REVISION
    output.line(
        f"Restored {location.path} from {source}"
        + (f" (upgraded from schema {candidate.summary.revision})." if upgraded else ".")
    )
    if previous is not None:
        output.line(f"The database as it was before is at {previous}.")


def _summary_lines(source: object, summary: Summary) -> list[str]:
    counts = ", ".join(f"{count} {label}" for label, count in summary.counts.items())
    lines = [f"{source}: a bonetrack database (schema {summary.revision}), integrity ok.", counts]
    if summary.first_day is not None:
        lines.append(f"Entries from {summary.first_day} to {summary.last_day}.")
    return lines
