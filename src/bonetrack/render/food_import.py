"""What a Cronometer import read, where each supplement row went, and what it changed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bonetrack.domain.cronometer import (
    CronometerImport,
    CronometerTally,
    FileRead,
    SupplementRow,
    dose_label,
    dose_text,
)

# Rows left out, listed one per line; the rest are counted.
SKIPPED_SHOWN = 20


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _span(first: date | None, last: date | None) -> str:
    if first is None or last is None:
        return "no rows"
    return str(first) if first == last else f"{first} to {last}"


def file_line(read: FileRead) -> str:
    text = f"{read.name}: Cronometer {read.kind}, {_plural(read.rows, 'row')}"
    if read.rows:
        text += f", {_span(read.first, read.last)}"
    if read.later:
        text += f"; {_plural(read.later, 'row')} dated after today (planned) left out"
    return text + "."


@dataclass(frozen=True)
class _Group:
    name: str
    doses: tuple[str, ...]  # kinds made doses of
    stayed: tuple[str, ...]
    rows: int
    first: date
    last: date
    amounts: frozenset[tuple[tuple[str, float], ...]]


def supplement_groups(rows: Sequence[SupplementRow]) -> list[_Group]:
    """Rows of the same supplement with the same outcome, in order of first appearance."""
    groups: dict[tuple[str, tuple[str, ...], tuple[str, ...]], _Group] = {}
    for row in rows:
        key = (row.name, tuple(kind for kind, _ in row.doses), row.stayed_food)
        held = groups.get(key)
        if held is None:
            groups[key] = _Group(*key, 1, row.day, row.day, frozenset({row.doses}))
        else:
            groups[key] = _Group(
                *key,
                held.rows + 1,
                min(held.first, row.day),
                max(held.last, row.day),
                held.amounts | {row.doses},
            )
    return list(groups.values())


def _outcome(group: _Group) -> str:
    if not group.doses:
        text = "food"
    elif len(group.amounts) == 1:
        (doses,) = group.amounts
        text = "doses of " + ", ".join(dose_text(kind, amount) for kind, amount in doses)
    else:
        text = "doses of " + ", ".join(dose_label(kind) for kind in group.doses)
    if group.stayed:
        text += f" ({'; '.join(group.stayed)})"
    return text


def supplement_lines(plan: CronometerImport, supplements_as_doses: bool) -> list[str]:
    if not plan.supplements:
        return []
    lines = ['Supplements in the servings (Group or Category "Supplements"):']
    for group in supplement_groups(plan.supplements):
        where = f"{_plural(group.rows, 'row')}, {_span(group.first, group.last)}"
        lines.append(f"  {group.name} ({where}): {_outcome(group)}")
    if not supplements_as_doses:
        lines.append(
            "Supplements are counted as food; --supplements-as-doses makes doses of those "
            "whose name mentions K2 (MK-7, MK-4), calcium or vitamin D."
        )
    return lines


def tally_lines(tally: CronometerTally) -> list[str]:
    rows = [
        (
            "food (day totals)",
            tally.food.added,
            tally.food.skipped,
            str(tally.food.changed),
            tally.food.removed,
        ),
        ("supplement doses", tally.doses.added, tally.doses.unchanged, "-", tally.doses.removed),
        (
            "exercise sessions",
            tally.sessions.added,
            tally.sessions.unchanged,
            "-",
            tally.sessions.removed,
        ),
    ]
    width = max(len(name) for name, *_ in rows)
    lines = [f"{'':{width}}  {'added':>5}  {'unchanged':>9}  {'changed':>7}  {'removed':>7}"]
    for name, added, unchanged, changed, removed in rows:
        lines.append(f"{name:{width}}  {added:>5}  {unchanged:>9}  {changed:>7}  {removed:>7}")
    return lines


def cronometer_lines(
    plan: CronometerImport, tally: CronometerTally, *, dry_run: bool, supplements_as_doses: bool
) -> list[str]:
    lines = [file_line(read) for read in plan.files]
    lines.extend(plan.notes)
    lines.extend(tally_lines(tally))
    lines.extend(supplement_lines(plan, supplements_as_doses))
    skipped = [reason for read in plan.files for reason in read.skipped]
    for reason in skipped[:SKIPPED_SHOWN]:
        lines.append(f"Left out: {reason}.")
    if len(skipped) > SKIPPED_SHOWN:
        lines.append(f"... and {len(skipped) - SKIPPED_SHOWN} more rows left out.")
    if dry_run:
        lines.append("Dry run: nothing was written.")
    return lines
