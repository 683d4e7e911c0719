"""`bonetrack info`: which database is in use and why, and what it holds."""

from __future__ import annotations

from typing import Any

import typer

from bonetrack.cli.options import AsJson

app = typer.Typer()

SOURCES = {
    "--db": "the --db option",
    "BONETRACK_DB": "the BONETRACK_DB environment variable",
    "default": "the default location (no --db, no BONETRACK_DB)",
}

DATED = "entries, events, scans, labs and food"


@app.command("info")
def info(as_json: AsJson = False) -> None:
    """Which database is in use (and where that choice came from), its schema revision, row
    counts and date range, the data folder, and the version."""
    from bonetrack import __version__
    from bonetrack.cli import output, state
    from bonetrack.store.location import default_path, resolve

    location = resolve(state.db_option())
    facts: dict[str, Any] = {
        "database": location.describe(),
        "source": location.source,
        "exists": location.path is None or location.path.exists(),
        "schema": None,
        "rows": None,
        "first_day": None,
        "last_day": None,
        "data_folder": str(default_path().parent),
        "version": __version__,
    }
    if facts["exists"]:
        # Opening a file that does not exist would create it: info only looks.
        from bonetrack.store.info import contents

        found = contents(state.database())
        facts |= {
            "schema": found.revision,
            "rows": found.rows,
            "first_day": None if found.first_day is None else found.first_day.isoformat(),
            "last_day": None if found.last_day is None else found.last_day.isoformat(),
        }
    if as_json:
        output.print_json(facts)
        return
    output.line("\n".join(_lines(facts)))


def _lines(facts: dict[str, Any]) -> list[str]:
    lines = [
        f"Database     {facts['database']}",
        f"Chosen by    {SOURCES[facts['source']]}",
    ]
    if not facts["exists"]:
        lines.append(
            "             (does not exist yet: the first command that stores data makes it)"
        )
    else:
        lines.append(f"Schema       revision {facts['schema']}")
        counts = [f"{name} {n}" for name, n in facts["rows"].items()]
        lines += _filled("Rows         ", counts, _width())
        dates = (
            f"{facts['first_day']} to {facts['last_day']}"
            if facts["first_day"] is not None
            else "none recorded yet"
        )
        lines.append(f"Dates        {dates} ({DATED})")
    lines += [
        f"Data folder  {facts['data_folder']}",
        f"Version      bonetrack {facts['version']}",
    ]
    return lines


def _width() -> int:
    from bonetrack.cli import output

    return max(40, output.stdout_terminal().width)


def _filled(label: str, items: list[str], width: int) -> list[str]:
    """'Rows         entries 2, plan versions 1, ...' filled to `width`, never breaking an
    item ('plan versions 1'), later lines indented under the first item."""
    lines: list[str] = []
    current = label
    for index, item in enumerate(items):
        piece = item if index == len(items) - 1 else f"{item},"
        if current.strip() and len(current) + 1 + len(piece) > width:
            lines.append(current)
            current = " " * len(label) + piece
        else:
            current += piece if current == label else f" {piece}"
    return [*lines, current]
