"""The `bonetrack` command: root options, the lazily loaded commands, the single exit point."""

from __future__ import annotations

import gc
import sys
from typing import Annotated, Any

import typer
from typer import _click
from typer._click.shell_completion import CompletionItem
from typer.core import TyperGroup

from bonetrack import __version__
from bonetrack.cli import state
from bonetrack.cli.commands import COMMANDS, LazyCommands, load_command, write_commands
from bonetrack.errors import BonetrackError


def _fail(message: str, code: int) -> int:
    from bonetrack.domain.text import printable

    # One line, whatever the message: a user must never see a wall of text, nor
    # a control character that the message quotes from the input.
    first = " ".join(printable(message).split())
    print(f"Error: {first}", file=sys.stderr)
    return code


def _exit_code_for(exc: BaseException) -> int:
    """Turn any failure into its message on stderr and the exit code to use."""
    if isinstance(exc, BonetrackError):
        return _fail(exc.message, exc.exit_code)
    if isinstance(exc, typer.TyperException):  # click's usage errors
        code = int(getattr(exc, "exit_code", 2))
        if type(exc).__name__ == "NoArgsIsHelpError":
            # `bonetrack` or `bonetrack scan` alone: the help is the answer, not an error.
            print(exc.format_message(), file=sys.stdout)
            return code
        return _fail(exc.format_message(), code)
    if isinstance(exc, typer.Abort | KeyboardInterrupt | EOFError):
        return _fail("aborted; nothing more was done.", 1)
    if isinstance(exc, BrokenPipeError):
        return 1
    hint = "" if state.debug() else " (run with --debug for details)"
    return _fail(f"unexpected failure: {type(exc).__name__}: {exc}{hint}", 1)


class BonetrackGroup(TyperGroup):
    """The root group; its `main` is the one place errors become messages and exit codes.

    Typer's CliRunner calls `main` too, so tests see exactly what users see. Its commands are
    those of the table in cli/commands.py, each module imported only when it is needed, so
    that start-up does not pay for building 40-odd commands' parameters.
    """

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = LazyCommands(self._build)

    def _build(self, name: str) -> _click.Command | None:
        if name in BULK_COMMANDS:
            gc.enable()  # (paused by `main` for the quick ones)
        # Sub-commands format their help like the root, as add_typer would have made them.
        return load_command(name, markup_mode=self.rich_markup_mode)

    def parse_args(self, ctx: _click.Context, args: list[str]) -> list[str]:
        rest = super().parse_args(ctx, args)
        # What the command is (its name and arguments), for the journal of changes.
        state.set_command_words([*ctx._protected_args, *ctx.args])
        return rest

    def format_commands(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        # From the table: listing the commands imports none of them.
        write_commands(formatter, ((name, entry.help) for name, entry in COMMANDS.items()))

    def shell_complete(self, ctx: _click.Context, incomplete: str) -> list[CompletionItem]:
        names = [
            CompletionItem(name, help=entry.help)
            for name, entry in COMMANDS.items()
            if name.startswith(incomplete)
        ]
        # The options' completions, skipping TyperGroup's (it would import every command).
        return names + _click.Command.shell_complete(self, ctx, incomplete)

    def main(  # type: ignore[override]
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            result = super().main(
                args=args,
                prog_name=prog_name,
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
            code = result if isinstance(result, int) else 0
        except Exception as exc:  # the single exit point: every error ends here
            if state.debug():
                import traceback

                traceback.print_exc()
            code = _exit_code_for(exc)
        finally:
            state.close()
        sys.stdout.flush()
        sys.exit(code)


app = typer.Typer(
    cls=BonetrackGroup,
    name="bonetrack",
    help="Track K2, calcium, vitamin D, exercise and DEXA scans for your bones.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain click help: rich's would import about 100 ms of rich and markdown on every --help.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"bonetrack {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="PATH_OR_URL",
            help="Database file or SQLAlchemy URL (or set BONETRACK_DB; "
            "default: bonetrack.db in your user data directory).",
            show_default=False,
        ),
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks for errors (or set BONETRACK_DEBUG=1).")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    state.configure(db, debug)


# Commands that may read or write a lot (a whole export, an import, a long undo, a PDF, a
# migration's copy): they run with Python's cyclic collector on, as usual.
BULK_COMMANDS = frozenset(
    {"summary", "export", "import", "backup", "restore", "demo", "scan", "undo", "catch-up"}
)


def main() -> None:
    """The `bonetrack` console script (tests call `app` and so exit as usual).

    The cyclic collector is paused for the run: most of a command like `log` or `today` is
    importing typer, SQLAlchemy and bonetrack, and during it the collector walks those
    modules' objects again and again, which find no garbage: pausing it takes about 4% of
    `python -c "import typer, sqlalchemy"` off `log` and `today` (instruction counts,
    bench/RESULTS.md). Their own work is a few queries; `BULK_COMMANDS` turn it back on.
    """
    gc.disable()
    try:
        app()
    finally:
        # At exit Python's collector walks every object the imports made, SQLAlchemy's above
        # all: about a quarter of `python -c "import typer, sqlalchemy"` (bench/RESULTS.md).
        # Frozen, they are left to the end of the process; atexit handlers, flushing and
        # closing files still run as usual.
        gc.freeze()
