"""Printing: plain lines for the fast paths, rich consoles made only when needed."""

from __future__ import annotations

import json
import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from bonetrack.render.columns import Terminal


def stdout_console() -> Console:
    from rich.console import Console

    return Console(file=sys.stdout, highlight=False)


def stderr_console() -> Console:
    from rich.console import Console

    return Console(file=sys.stderr, highlight=False)


def stdout_terminal() -> Terminal:
    """Width and styling for plain text on stdout, decided as rich decides them.

    Styles on a terminal (not TERM=dumb) or with FORCE_COLOR; colours too unless NO_COLOR.
    """
    import shutil

    from bonetrack.render.columns import Terminal

    tty = sys.stdout.isatty() and os.environ.get("TERM") != "dumb"
    styles = tty or bool(os.environ.get("FORCE_COLOR"))
    return Terminal(
        width=shutil.get_terminal_size().columns,
        styles=styles,
        colours=styles and not os.environ.get("NO_COLOR"),
    )


def line(text: str) -> None:
    print(text, file=sys.stdout)


def print_json(obj: Any) -> None:
    print(json.dumps(obj, indent=2, ensure_ascii=False), file=sys.stdout)


def warn(message: str) -> None:
    from bonetrack.domain.text import printable

    print(f"Warning: {printable(message)}", file=sys.stderr)


def info(message: str) -> None:
    """Progress and side notes on stderr, so stdout stays clean for pipes and JSON."""
    print(message, file=sys.stderr)
