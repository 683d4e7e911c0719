"""What an Apple Health import read, what it added and what it left out."""

from __future__ import annotations

from bonetrack.domain.apple_health import AppleHealthExport, AppleHealthTally
from bonetrack.domain.fhir_dexa import FhirRead
from bonetrack.domain.fhir_labs import FhirImport

# Records left out, listed one per line; the rest are counted.
SKIPPED_SHOWN = 20


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def read_line(path: str, xml_name: str, export: AppleHealthExport) -> str:
    version = f" version {export.version}" if export.version is not None else ""
    exported = f", exported {export.export_date}" if export.export_date else ""
    where = "" if xml_name in (path, path.rsplit("/", 1)[-1]) else f" ({xml_name})"
    return (
        f"{path}{where}: Apple Health export{version}{exported}: "
        f"{_plural(export.records, 'record')} and {_plural(export.workouts, 'workout')} read."
    )


def tally_lines(rows: list[tuple[str, int, int]]) -> list[str]:
    width = max(len(name) for name, _, _ in rows)
    lines = [f"{'':{width}}  {'added':>7}  {'already here':>12}"]
    lines += [f"{name:{width}}  {added:>7,}  {skipped:>12,}" for name, added, skipped in rows]
    return lines


def apple_health_lines(
    path: str,
    xml_name: str,
    export: AppleHealthExport,
    tally: AppleHealthTally,
    clinical: FhirRead,
    outcome: FhirImport,
    *,
    dry_run: bool,
) -> list[str]:
    lines = [read_line(path, xml_name, export)]
    rows = [
        ("food records (calcium, vitamin D, K)", tally.dietary.added, tally.dietary.skipped),
        ("workouts (exercise)", tally.workouts.added, tally.workouts.skipped),
        ("falls (Apple Watch)", tally.falls.added, tally.falls.skipped),
    ]
    if clinical.resources:
        scans, new_scans = len(outcome.scans.scans), len(outcome.added_scans)
        labs, new_labs = len(outcome.labs.found), len(outcome.added_labs)
        rows.append(("DEXA results (clinical records)", new_scans, scans - new_scans))
        rows.append(("lab results (clinical records)", new_labs, labs - new_labs))
    lines += tally_lines(rows)
    if not any(export.used[n] for n in ("calcium", "vitamin-d", "vitamin-k")):
        lines.append("No dietary calcium, vitamin D or vitamin K records in this export.")
    skipped = [s.text for s in export.skips] + [s.line for s in outcome.skipped]
    total = export.skipped + len(outcome.skipped)
    for text in skipped[:SKIPPED_SHOWN]:
        lines.append(f"Left out: {text}.")
    if total > SKIPPED_SHOWN:
        lines.append(f"... and {total - SKIPPED_SHOWN:,} more left out.")
    if outcome.scans.others:
        lines.append(outcome.scans.others)
    lines += [f"Note: {note}" for note in outcome.scans.notes]
    if dry_run:
        lines.append("Dry run: nothing was written.")
    return lines
