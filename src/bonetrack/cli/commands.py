"""The table of top-level commands: the module under `bonetrack.cli` that defines each, and its
one-line help, so that `bonetrack --help` and completion import no command module.

A command module is imported only when one of its commands runs, shows its own help or
completes its own arguments (`LazyCommands`). A new command or group is one entry here, in the
order `bonetrack --help` lists them; tests/test_imports.py fails if this table and the modules
disagree. The help is the first sentence of the command's help, as click shortens it.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from typing import NamedTuple

import typer
from typer import _click  # typer 0.28 vendors click here (pinned below 0.29 in pyproject.toml)
from typer.core import MarkupMode, TyperGroup
from typer.main import (
    get_command_from_info,
    get_command_name,
    get_group_from_info,
    solve_typer_info_defaults,
)
from typer.models import CommandInfo, TyperInfo


class Entry(NamedTuple):
    module: str  # in bonetrack.cli
    help: str


COMMANDS: dict[str, Entry] = {
    "log": Entry("log", "Log a dose of K2, calcium or vitamin D, or an exercise session."),
    "today": Entry("today", "Today's checklist: each planned item, done or not, and what remains."),
    "report": Entry(
        "report",
        "Streaks, adherence %, averages and strength score per plan item, with calendar heatmaps.",
    ),
    "summary": Entry(
        "summary",
        "A visit summary for your clinician: plan, adherence, intake, scans, events, questions.",
    ),
    "plan": Entry(
        "plan", "Set, show, stop or get a suggested plan (what you intend to take and do)."
    ),
    "med": Entry("med", "Osteoporosis medicines: schedules, doses taken, what is due."),
    "lab": Entry(
        "lab", "Lab results: 25(OH)D, INR, calcium, bone turnover markers (CTX, P1NP...)."
    ),
    "pause": Entry(
        "pause",
        "Pause planned items or a medicine for some days (a holiday, an illness, a clinician's "
        "instruction): paused days are not due and streaks go through them.",
    ),
    "catch-up": Entry(
        "catch_up",
        "Walk the past days whose planned doses are not all logged and ask, item by item,"
        " whether you took them: each yes logs the planned dose at your usual time of day.",
    ),
    "entries": Entry("entries", "List logged entries, newest first."),
    "undo": Entry(
        "undo",
        "Take back the last change of any kind: an entry, scan, event, plan, profile field,"
        " setting or import (after showing it).",
    ),
    "delete": Entry("entries", "Delete one entry by its id."),
    "edit": Entry("entries", "Correct an entry: amount, time, note, form or exercise type."),
    "scan": Entry(
        "scan", "Record DEXA (bone density) scan results, see what they mean and how they change."
    ),
    "event": Entry(
        "event", "Record bone events: fracture, fall, pain, mobility, checkin (a clinician visit)."
    ),
    "note": Entry(
        "note",
        "Your own notes; --for-visit marks a question for your clinician, listed by `summary`.",
    ),
    "height": Entry(
        "height",
        "Record your measured height: a loss of 4 cm or more can be a sign of a spine fracture.",
    ),
    "remind": Entry(
        "remind", "What is overdue, due today or due in the next 30 days: scan, check-in, symptoms."
    ),
    "profile": Entry(
        "profile",
        "Your birth year, sex, anticoagulant and menopause year, and your daily reference values.",
    ),
    "guide": Entry(
        "guide",
        "What the evidence says on K2, calcium, vitamin D, exercise, DEXA and blood thinners.",
    ),
    "config": Entry(
        "config",
        "Settings: scan-interval (default 2y), checkin-interval (default 3m) and date-order "
        "(dmy, mdy or ymd, for slash dates; default from your locale).",
    ),
    "export": Entry(
        "export",
        "Export your data: every field you entered, to keep, move or open in a spreadsheet.",
    ),
    "import": Entry(
        "import_data", "Import an export, merging by each record's identity: nothing is duplicated."
    ),
    "backup": Entry(
        "backup", "Copy the database while it may be in use, and check the copy's integrity."
    ),
    "restore": Entry(
        "backup", "Replace the database with a backup, after showing what it holds and asking."
    ),
    "demo": Entry("demo", "Create a sample database with a realistic history and show its report."),
    "info": Entry(
        "info",
        "Which database is in use (and where that choice came from), its schema revision, row"
        " counts and date range, the data folder, and the version.",
    ),
}


def write_commands(formatter: _click.HelpFormatter, rows: Iterable[tuple[str, str]]) -> None:
    """The Commands section of a group's help, each command's help whole and wrapped.

    (click would cut each one to fit on one line, often mid-sentence.)
    """
    with formatter.section("Commands"):
        formatter.write_dl(list(rows))


class CommandGroup(TyperGroup):
    """A command group (`scan`, `plan`, ...) whose help lists its commands' whole help."""

    def format_commands(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        commands = (self.commands[name] for name in self.list_commands(ctx))
        write_commands(
            formatter,
            (
                (command.name or "", command.get_short_help_str(limit=sys.maxsize))
                for command in commands
                if not command.hidden
            ),
        )


def group_name(app: typer.Typer) -> str:
    """The name `add_typer` would give the app's group; "" if its commands join the root's."""
    return solve_typer_info_defaults(TyperInfo(app)).name or ""


def _command_name(info: CommandInfo) -> str:
    assert info.callback is not None
    return info.name or get_command_name(info.callback.__name__)


def command_names(app: typer.Typer) -> list[str]:
    """The top-level commands a module's app adds: its group (`scan`) or its commands (`undo`)."""
    name = group_name(app)
    return [name] if name else [_command_name(info) for info in app.registered_commands]


def load_command(name: str, *, markup_mode: MarkupMode = None) -> _click.Command | None:
    """Import the module of top-level command `name` and build that command, as `add_typer`
    would have; of a module with several top-level commands (entries), only this one."""
    entry = COMMANDS.get(name)
    if entry is None:
        return None
    app = importlib.import_module(f"bonetrack.cli.{entry.module}").app
    if group_name(app):
        group = get_group_from_info(
            TyperInfo(app, cls=CommandGroup),
            pretty_exceptions_short=True,  # typer's default, as for the root
            suggest_commands=True,
            rich_markup_mode=markup_mode,
        )
        return group if group.name == name else None
    for info in app.registered_commands:
        if _command_name(info) == name:
            return get_command_from_info(
                info, pretty_exceptions_short=True, rich_markup_mode=markup_mode
            )
    return None


class LazyCommands(MutableMapping[str, _click.Command]):
    """The root group's commands: every name in COMMANDS, each module imported on first use."""

    def __init__(self, build: Callable[[str], _click.Command | None]) -> None:
        self._build = build
        self._loaded: dict[str, _click.Command] = {}

    def __getitem__(self, name: str) -> _click.Command:
        if name not in self._loaded and name in COMMANDS:
            command = self._build(name)
            if command is not None:
                self._loaded[name] = command
        return self._loaded[name]

    def __contains__(self, name: object) -> bool:
        return name in COMMANDS or name in self._loaded  # without importing anything

    def __setitem__(self, name: str, command: _click.Command) -> None:
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        del self._loaded[name]

    def __iter__(self) -> Iterator[str]:
        yield from COMMANDS
        yield from (name for name in self._loaded if name not in COMMANDS)

    def __len__(self) -> int:
        return sum(1 for _ in self)
