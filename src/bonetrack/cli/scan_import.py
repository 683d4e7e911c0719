"""`bonetrack scan import PATH`: DEXA and lab results from a FHIR JSON file, run by
cli/scan.py; the Apple Health import reads its clinical records with the same code."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import date

    from sqlalchemy import Connection

    from bonetrack.domain.dexa import Interpretation
    from bonetrack.domain.fhir_dexa import FhirRead
    from bonetrack.domain.fhir_labs import FhirImport
    from bonetrack.domain.profile import Profile
    from bonetrack.store.engine import Database

# A patient portal's whole record as one Bundle stays well below this.
MAX_FHIR_BYTES = 64 * 1024 * 1024
FHIR_NOTE = "from FHIR"
FHIR_SOURCE = "fhir"  # the `source` of the lab results it stores
# Skipped results listed one per line; the rest are counted.
SKIPPED_SHOWN = 20


def read_fhir_file(path: str) -> tuple[str, FhirRead]:
    """The file's name as shown, and what it holds; InputError for unreadable or non-FHIR."""
    import sys
    from pathlib import Path

    from bonetrack.domain.fhir_dexa import read_fhir_json
    from bonetrack.errors import InputError

    name = "stdin" if path == "-" else path
    try:
        if path == "-":
            data = sys.stdin.buffer.read(MAX_FHIR_BYTES + 1)
        else:
            with Path(path).expanduser().open("rb") as stream:
                data = stream.read(MAX_FHIR_BYTES + 1)
    except FileNotFoundError:
        raise InputError(f"{name}: no such file.") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror or exc}).") from None
    if len(data) > MAX_FHIR_BYTES:
        raise InputError(f"{name}: larger than {MAX_FHIR_BYTES // 2**20} MB, not a FHIR file.")
    try:
        return name, read_fhir_json(data)
    except InputError as exc:
        raise InputError(f"{name}: {exc.message} Nothing was imported.") from None


def run(path: str, dry_run: bool) -> None:
    from bonetrack import clock
    from bonetrack.cli import output, state
    from bonetrack.errors import InputError
    from bonetrack.store import journal
    from bonetrack.store.profile import load_profile

    name, found = read_fhir_file(path)
    db = state.database()
    today = clock.today()
    profile = load_profile(db, today)
    try:
        # One change in the journal: `bonetrack undo` takes the whole import back.
        with db.connect() if dry_run else db.begin() as conn, journal.change(conn):
            outcome = store_results(conn, profile, found, today, FHIR_SOURCE, FHIR_NOTE, dry_run)
    except InputError as exc:
        raise InputError(f"{name}: {exc.message} Nothing was imported.") from None
    output.line(
        f"{name}: {_count(len(found.findings), 'DEXA value')} and "
        f"{_count(len(outcome.labs.found), 'lab result')} read from "
        f"{_count(found.resources, 'resource')}."
    )
    print_outcome(outcome, dry_run)
    if not dry_run:
        print_meanings(db, sorted({s.scan_date for s in outcome.added_scans}))


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def store_results(
    conn: Connection,
    profile: Profile,
    found: FhirRead,
    today: date,
    source: str,
    note: str,
    dry_run: bool,
) -> FhirImport:
    """The DEXA and lab results of `found`, checked as `scan add` and `lab add` check them
    (dates against the profile too), and those not stored yet added inside the caller's
    transaction (`dry_run`: only counted). InputError for a result refused."""
    from bonetrack.domain.fhir_dexa import site_scans
    from bonetrack.domain.fhir_labs import FhirImport, lab_results
    from bonetrack.store.labs import merge_lab_results
    from bonetrack.store.scans import merge_scans

    planned = site_scans(found, today, note)
    labs = lab_results(found, today, source=source, note=note)
    for day in [s.scan_date for s in planned.scans] + [f.result.taken_on for f in labs.found]:
        profile.check_born_by(day)
    added = merge_scans(conn, planned.scans, write=not dry_run)
    added_labs = merge_lab_results(conn, [f.result for f in labs.found], write=not dry_run)
    skipped = found.in_order(planned.skipped + labs.skipped)
    return FhirImport(planned, labs, added, added_labs, skipped)


def print_outcome(outcome: FhirImport, dry_run: bool) -> None:
    from bonetrack.cli import output
    from bonetrack.cli.scan import _scan_line as scan_line  # the line `scan add` prints
    from bonetrack.render.labs import imported_line, imported_meaning

    verb = "Would add" if dry_run else "Added"
    for scan in outcome.added_scans:
        machine = f" ({scan.machine})" if scan.machine else ""
        output.line(f"{verb} {scan_line(scan)}{machine}.")
    new = {(s.scan_date, s.site) for s in outcome.added_scans}
    for scan in outcome.scans.scans:
        if (scan.scan_date, scan.site) not in new:
            output.line(f"Already recorded: {scan_line(scan)}.")
    for result in outcome.added_labs:
        output.line(f"{verb} {imported_line(result)}{imported_meaning(result)}.")
    for finding in outcome.labs.found:
        if finding.result not in outcome.added_labs:
            output.line(f"Already recorded: {imported_line(finding.result)}.")
    skipped = outcome.skipped
    if skipped:
        output.line(f"Skipped {len(skipped)}:")
        for one in skipped[:SKIPPED_SHOWN]:
            output.line(f"  {one.line}.")
        if len(skipped) > SKIPPED_SHOWN:
            output.line(f"  ... and {len(skipped) - SKIPPED_SHOWN} more.")
    if outcome.scans.others:
        output.line(outcome.scans.others)
    for note in outcome.scans.notes:
        output.line(f"Note: {note}")
    if dry_run:
        output.line("Dry run: nothing was written.")


def print_meanings(db: Database, days: list[date]) -> None:
    """What each imported visit means, as `scan add` says it (after the commit: cannot fail)."""
    from functools import partial

    from bonetrack.cli import output
    from bonetrack.cli.aftercommit import after_commit
    from bonetrack.cli.scan import _visit_on as visit_on

    def meaning_of(day: date) -> Interpretation:
        return visit_on(db, day)[1]

    for day in days:
        meaning = after_commit(partial(meaning_of, day), "what the scan means")
        if meaning is not None:
            output.line(f"Scan of {day.isoformat()}:")
            for line in meaning.lines:
                output.line(f"  {line}")
