"""`bonetrack scan import PATH`: DEXA results from a FHIR JSON file, run by cli/scan.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import date

    from bonetrack.domain.dexa import Interpretation, SiteScan
    from bonetrack.domain.fhir_dexa import FhirRead, ScanImport
    from bonetrack.store.engine import Database

# A patient portal's whole record as one Bundle stays well below this.
MAX_FHIR_BYTES = 64 * 1024 * 1024
FHIR_NOTE = "from FHIR"
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
    from bonetrack.domain.fhir_dexa import site_scans
    from bonetrack.errors import InputError

    name, found = read_fhir_file(path)
    db = state.database()
    try:
        planned = site_scans(found, clock.today(), FHIR_NOTE)
        added = store_scans(db, planned.scans, dry_run)
    except InputError as exc:
        raise InputError(f"{name}: {exc.message} Nothing was imported.") from None
    output.line(f"{name}: {len(found.findings)} DEXA values read from {found.resources} resources.")
    print_outcome(planned, added, dry_run)
    if not dry_run:
        print_meanings(db, sorted({s.scan_date for s in added}))


def store_scans(db: Database, scans: list[SiteScan], dry_run: bool) -> list[SiteScan]:
    """Check the dates against the profile, then add the new results in one transaction."""
    from bonetrack.store.profile import load_profile
    from bonetrack.store.scans import merge_scans

    profile = load_profile(db)
    for scan in scans:
        profile.check_born_by(scan.scan_date)
    if dry_run:
        with db.connect() as conn:
            return merge_scans(conn, scans, write=False)
    with db.begin() as conn:
        return merge_scans(conn, scans, write=True)


def print_outcome(planned: ScanImport, added: list[SiteScan], dry_run: bool) -> None:
    from bonetrack.cli import output
    from bonetrack.cli.scan import _scan_line as scan_line  # the line `scan add` prints

    verb = "Would add" if dry_run else "Added"
    for scan in added:
        machine = f" ({scan.machine})" if scan.machine else ""
        output.line(f"{verb} {scan_line(scan)}{machine}.")
    new = {(s.scan_date, s.site) for s in added}
    for scan in planned.scans:
        if (scan.scan_date, scan.site) not in new:
            output.line(f"Already recorded: {scan_line(scan)}.")
    if planned.skipped:
        output.line(f"Skipped {len(planned.skipped)}:")
        for skipped in planned.skipped[:SKIPPED_SHOWN]:
            output.line(f"  {skipped.line}.")
        if len(planned.skipped) > SKIPPED_SHOWN:
            output.line(f"  ... and {len(planned.skipped) - SKIPPED_SHOWN} more.")
    if planned.others:
        output.line(planned.others)
    for note in planned.notes:
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
