"""`bonetrack remind [--json] [--ics FILE]`: what is due, and a calendar file of it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bonetrack.cli.options import AsJson

if TYPE_CHECKING:
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
        from bonetrack.files import write_private
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
        write_private(Path(ics), data, before_replacing=keep_id)
        output.info(
            f"Wrote {len(upcoming)} reminders to {ics}: import it into your calendar app; "
            "importing a newer file updates the same entries."
        )
    if as_json:
        output.print_json(reminders_json(due))
        return
    # A late denosumab dose, prominent above the rest (its reminder carries it too).
    from bonetrack.store.medicine_status import medicine_notices

    notices = medicine_notices(db, today)
    if notices:
        from bonetrack.render.medicines import notices_text

        output.line(notices_text(notices, output.stdout_terminal()))
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
