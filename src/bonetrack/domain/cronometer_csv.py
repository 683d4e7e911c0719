"""Reading Cronometer's CSV exports by header name: which export a file is, its cells.

Pure: takes the lines of a file and yields rows. Columns are found by their
header, never by position, and nutrient columns carry their unit in parentheses
(`Calcium (mg)`, `Vitamin D (IU)`, `Vitamin K (µg)`, in older exports `ug`
or `mcg`, and a micro sign that may be U+00B5 or U+03BC). A missing nutrient
column and an empty cell mean "not recorded"; `0` means zero.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, time
from enum import StrEnum

from bonetrack.domain.food import (
    CALCIUM,
    NUTRIENTS,
    VITAMIN_D,
    VITAMIN_K,
    nutrient_label,
    unit_factor,
)
from bonetrack.domain.when import EARLIEST, parse_clock
from bonetrack.errors import InputError

# Larger cells are refused (csv.Error), so that a crafted file cannot make one
# row take the memory: no real Cronometer cell comes near (food names, notes).
FIELD_LIMIT = 64 * 1024


class ExportKind(StrEnum):
    SERVINGS = "servings"
    DAILY_SUMMARY = "daily nutrition summary"
    EXERCISES = "exercises"
    BIOMETRICS = "biometrics"
    NOTES = "notes"


@dataclass(frozen=True)
class NutrientColumn:
    index: int
    nutrient: str
    factor: float  # from the header's unit to the nutrient's canonical unit
    header: str


class Table:
    """A CSV file's header and its rows, read lazily: (line number, cells)."""

    def __init__(self, name: str, lines: Iterable[str]) -> None:
        self.name = name
        self._reader = csv.reader(lines)
        header: list[str] | None = None
        for cells in self._read():
            if any(c.strip() for c in cells):
                header = cells
                break
        if header is None:
            raise InputError(f"{name} is empty: no header row.")
        # A byte order mark survives some decoders; quotes and spaces around names vary.
        self.header = tuple(h.replace("\ufeff", "").strip() for h in header)
        self._by_name: dict[str, int] = {}
        for i, h in enumerate(self.header):
            self._by_name.setdefault(h.casefold(), i)

    def _read(self) -> Iterator[list[str]]:
        # The limit is the csv module's, for the whole process: set while reading only.
        previous = csv.field_size_limit(FIELD_LIMIT)
        try:
            yield from self._reader
        except csv.Error as exc:
            raise InputError(f"{self.where()}: not a readable CSV row ({exc}).") from None
        finally:
            csv.field_size_limit(previous)

    @property
    def line(self) -> int:
        return self._reader.line_num

    def where(self) -> str:
        return f"{self.name} line {self._reader.line_num}"

    def column(self, *names: str) -> int | None:
        """The index of the first of `names` present (case-insensitive), or None."""
        for name in names:
            index = self._by_name.get(name.casefold())
            if index is not None:
                return index
        return None

    def rows(self) -> Iterator[list[str]]:
        """Each data row, padded to the header's width; blank lines skipped."""
        width = len(self.header)
        for cells in self._read():
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > width and any(c.strip() for c in cells[width:]):
                raise InputError(
                    f"{self.where()}: {len(cells)} values for {width} columns "
                    "(a comma inside an unquoted name?)."
                )
            yield cells + [""] * (width - len(cells))


def export_kind(table: Table) -> ExportKind | None:
    """Which of Cronometer's exports `table` is, by its columns."""
    if table.column("Food Name") is not None:
        return ExportKind.SERVINGS
    if table.column("Exercise") is not None and table.column("Minutes") is not None:
        return ExportKind.EXERCISES
    if table.column("Metric") is not None:
        return ExportKind.BIOMETRICS
    if table.column("Note") is not None:
        return ExportKind.NOTES
    if table.column("Date", "Day") is not None and (
        table.column("Energy (kcal)", "Completed") is not None or nutrient_columns(table)
    ):
        return ExportKind.DAILY_SUMMARY
    return None


# Header names (their unit and any inner qualifier removed, compared without case)
# of the nutrients bonetrack keeps. `Vitamin D (D2 + D3) (µg)` is vitamin D.
_NUTRIENT_NAMES: dict[str, str] = {
    "calcium": CALCIUM,
    "calcium, ca": CALCIUM,
    "vitamin d": VITAMIN_D,
    "vitamin k": VITAMIN_K,
}
_UNIT = re.compile(r"^(?P<name>.*?)\s*\((?P<unit>[^()]*)\)\s*$")
_QUALIFIER = re.compile(r"\s*\([^()]*\)")


def _nutrient_of(header: str) -> tuple[str, str | None] | None:
    """(nutrient, unit or None) if the header names one of ours."""
    match = _UNIT.match(header)
    name, unit = (match.group("name"), match.group("unit")) if match else (header, None)
    key = " ".join(_QUALIFIER.sub("", name).casefold().split())
    nutrient = _NUTRIENT_NAMES.get(key)
    return None if nutrient is None else (nutrient, unit)


def nutrient_columns(table: Table) -> dict[str, list[NutrientColumn]]:
    """The columns of each nutrient present, in header order, with their unit's factor.

    A nutrient column whose unit cannot be read as that nutrient's refuses the file:
    guessing would store amounts off by a factor of 1,000 or 40.
    """
    found: dict[str, list[NutrientColumn]] = {}
    for index, header in enumerate(table.header):
        named = _nutrient_of(header)
        if named is None:
            continue
        nutrient, unit = named
        if unit is None or not unit.strip():
            raise InputError(f"{table.name}: the column '{header}' does not say its unit.")
        factor = unit_factor(nutrient, unit)
        if factor is None:
            raise InputError(
                f"{table.name}: the column '{header}' has a unit bonetrack cannot read as "
                f"{nutrient_label(nutrient)} ('{unit}'; expected mg, g, µg, mcg, ug or IU)."
            )
        found.setdefault(nutrient, []).append(NutrientColumn(index, nutrient, factor, header))
    return found


_PLAIN = re.compile(r"^(?:\d+(?:\.\d*)?|\.\d+)$")
_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")


def number(text: str, where: str, header: str) -> float | None:
    """A non-negative number from a cell; None for an empty one (not recorded)."""
    raw = text.strip()
    if not raw:
        return None
    if _GROUPED.match(raw):
        raw = raw.replace(",", "")
    if not _PLAIN.match(raw):
        problem = "is negative" if raw.startswith("-") else "is not a number"
        raise InputError(f"{where}: '{text}' in column '{header}' {problem}.")
    return float(raw)


def nutrient_amounts(
    cells: list[str], columns: dict[str, list[NutrientColumn]], where: str
) -> dict[str, float]:
    """Each nutrient recorded in the row, in its canonical unit (absent: not recorded).

    Of two columns for one nutrient (µg and IU, say), the first with a value counts.
    """
    amounts: dict[str, float] = {}
    for nutrient in NUTRIENTS:
        for column in columns.get(nutrient, ()):
            value = number(cells[column.index], where, column.header)
            if value is not None:
                amounts[nutrient] = round(value * column.factor, 6)
                break
    return amounts


_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def day_of(text: str, where: str) -> date:
    """`2026-03-29`, or `2011-4-18` as older exports write it."""
    match = _DAY.match(text.strip())
    if match is None:
        raise InputError(f"{where}: cannot read the day '{text}' (expected YYYY-MM-DD).")
    try:
        day = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        raise InputError(f"{where}: '{text}' is not a date.") from None
    if day < EARLIEST:
        raise InputError(f"{where}: '{text}' is before {EARLIEST}.")
    return day


def clock_of(text: str, where: str) -> time | None:
    """`8:05 AM`, `08:14 AM` or `13:05`; None for an empty cell (some exports have no times)."""
    if not text.strip():
        return None
    clock = parse_clock(text)
    if clock is None:
        raise InputError(f"{where}: cannot read the time '{text}' (expected e.g. 8:05 AM).")
    return clock


def cell(cells: list[str], index: int | None) -> str:
    return "" if index is None else cells[index].strip()
