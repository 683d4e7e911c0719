"""`bonetrack remind [--all | --within SPAN] [--json] [--ics FILE]`: what is due, and a
calendar file of it."""

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
    everything: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Every reminder with its next date, however far, and the rule that set it.",
        ),
    ] = False,
    within: Annotated[
        str | None,
        typer.Option(
            "--within",
            metavar="SPAN",
            help="What is due within this span instead of 30 days: 45d, 8w, 6m, 1y.",
        ),
    ] = None,
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
    """What is overdue, due today or due in the next 30 days: scan, check-in, symptoms.

    --json prints the same list as the table, with ISO dates and the rule of each.
    """
    from bonetrack import clock
    from bonetrack.cli import output, state
    from bonetrack.domain.reminders import WINDOW_DAYS, due_reminders, within_days
    from bonetrack.errors import InputError
    from bonetrack.render.reminders import reminders_json
    from bonetrack.store.reminders import all_reminders

    today = clock.today()
    if everything and within is not None:
        raise InputError("give --all or --within, not both.")
    window_days: int | None = WINDOW_DAYS
    span = f"{WINDOW_DAYS} days"
    if within is not None:
        window_days, span = within_days(within, today)
    elif everything:
        window_days = None
    if ics is not None and not ics.strip():
        # Read as a path, '' would be the current folder.
        raise InputError("--ics is empty: give a file name, or - for stdout.")
    if ics == "-" and as_json:
        raise InputError("--ics - and --json would both write to stdout; use one of them.")
    db = state.database()
    upcoming = all_reminders(db, today)
    due = due_reminders(upcoming, window_days)
    if ics is not None:
        from bonetrack.files import write_private
        from bonetrack.render.ics import next_versions, reminders_calendar
        from bonetrack.store.reminders import calendar_id, event_versions, save_calendar_state

        uid_base, is_new = calendar_id(db)
        stamp = clock.now()
        versions = next_versions(upcoming, event_versions(db), today, stamp)
        data = reminders_calendar(
            upcoming, today=today, stamp=stamp, calendar_id=uid_base, versions=versions
        )

        def keep_id() -> None:
            save_calendar_state(db, uid_base if is_new else None, versions)

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
    terminal = output.stdout_terminal()
    # A late denosumab dose, prominent above the rest (its reminder carries it too).
    from bonetrack.store.medicine_status import medicine_notices

    notices = medicine_notices(db, today)
    if notices:
        from bonetrack.render.medicines import notices_text

        output.line(notices_text(notices, terminal))
    if not due:
        output.line(f"Nothing due in the next {span}. Next:")
        for line in _next_lines(upcoming):
            output.line(f"  {line}")
        return
    from bonetrack.render.columns import paragraph
    from bonetrack.render.reminders import CONFIG_HINT, reminders_text

    title = "All reminders" if everything else f"Reminders: overdue or due in the next {span}"
    output.line(reminders_text(due, terminal, title, rules=everything))
    output.line(paragraph(CONFIG_HINT, terminal))


def _next_lines(reminders: list[Reminder]) -> list[str]:
    return [r.message for r in sorted(reminders, key=lambda r: r.due)]
