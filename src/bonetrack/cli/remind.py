"""`bonetrack remind [--json] [--ics FILE]`: what is due, and a calendar file of it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bonetrack.cli.options import AsJson

if TYPE_CHECKING:
    from collections.abc import Callable

    from bonetrack.domain.reminders import Reminder

app = typer.Typer()


@app.command("remind")
def remind(
    as_json: AsJson = False,
    ics: Annotated[
        str | None,
        typer.Option(
            "--ics",
            metavar="FILE",
            help="Also write the next scan, check-in and symptom reminders to an iCalendar "
            "file ('-' for stdout); importing it again updates the same calendar entries.",
        ),
    ] = None,
) -> None:
    """What is overdue, due today or due in the next 30 days: scan, check-in, symptoms."""
    from bonetrack import clock
    from bonetrack.cli import output, state
    from bonetrack.domain.reminders import WINDOW_DAYS, due_reminders
    from bonetrack.errors import InputError
    from bonetrack.render.reminders import reminders_json
    from bonetrack.store.reminders import all_reminders

    if ics is not None and not ics.strip():
        # Read as a path, '' would be the current folder.
        raise InputError("--ics is empty: give a file name, or - for stdout.")
    if ics == "-" and as_json:
        raise InputError("--ics - and --json would both write to stdout; use one of them.")
    db = state.database()
    today = clock.today()
    upcoming = all_reminders(db, today)
    due = due_reminders(upcoming)
    if ics is not None:
        from bonetrack.render.ics import reminders_calendar
        from bonetrack.store.reminders import calendar_id, save_calendar_id

        uid_base, is_new = calendar_id(db)
        data = reminders_calendar(upcoming, today=today, stamp=clock.now(), calendar_id=uid_base)

        def keep_id() -> None:
            if is_new:
                save_calendar_id(db, uid_base)

        if ics == "-":
            import sys

            keep_id()
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
            return
        _write_private(Path(ics), data, before_replacing=keep_id)
        output.info(
            f"Wrote {len(upcoming)} reminders to {ics}: import it into your calendar app; "
            "importing a newer file updates the same entries."
        )
    if as_json:
        output.print_json(reminders_json(due))
        return
    if not due:
        output.line(f"Nothing due in the next {WINDOW_DAYS} days. Next:")
        for line in _next_lines(upcoming):
            output.line(f"  {line}")
        return
    from bonetrack.render.reminders import CONFIG_HINT, reminders_table

    console = output.stdout_console()
    console.print(reminders_table(due))
    console.print(CONFIG_HINT, style="dim")


def _next_lines(reminders: list[Reminder]) -> list[str]:
    return [r.message for r in sorted(reminders, key=lambda r: r.due)]


def _write_private(path: Path, data: bytes, before_replacing: Callable[[], None]) -> None:
    """Write `data` to `path` with mode 0600, replacing it atomically (health data).

    `before_replacing` runs once the data is written beside the target, just before
    it replaces it: what it stores is stored only when the file could be written.
    """
    import os
    import tempfile

    from bonetrack.errors import BonetrackError, InputError

    target = path.expanduser()
    directory = target.parent
    if not directory.is_dir():
        raise InputError(f"cannot write {path}: the folder {directory} does not exist.")
    if target.is_dir():
        raise InputError(f"cannot write {path}: it is a folder.")
    try:
        # mkstemp creates the file 0600; os.replace keeps that mode on the target.
        fd, temp = tempfile.mkstemp(prefix=".bonetrack-", suffix=".ics", dir=directory)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(temp, 0o600)
            before_replacing()
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise BonetrackError(f"cannot write {path}: {exc.strerror or exc}.") from exc
