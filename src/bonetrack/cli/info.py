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

DATED = "entries, events, scans, lab results and food"


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
        rows = facts["rows"]
        lines.append("Rows         " + ", ".join(f"{name} {n}" for name, n in rows.items()))
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
