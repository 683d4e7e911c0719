"""Lab results for people (a table, the report's latest values and trends) and scripts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bonetrack.domain.labs import (
    IOM_CUT_POINTS,
    SOURCE_IOM_BANDS,
    SOURCE_TURNOVER,
    K2Beside,
    LabResult,
    Trend,
    change_text,
    format_value,
)
from bonetrack.render.columns import Cell, Column, Terminal, paragraph, table

NO_RESULTS = (
    "No lab results yet. Record one with e.g. `bonetrack lab add 25ohd 32ng/mL --date "
    "2026-11-01` or `bonetrack lab add inr 2.4 --ref-low 2 --ref-high 3`."
)
BANDS_NOTE = (
    "25(OH)D bands: IOM 2011 cut-points "
    + ", ".join(format_value(x) for x in IOM_CUT_POINTS["ng/mL"])
    + " ng/mL ("
    + ", ".join(format_value(x) for x in IOM_CUT_POINTS["nmol/L"])
    + f" nmol/L), judged in the unit you typed ({SOURCE_IOM_BANDS}). Other bodies "
    "(Endocrine Society 2011) use higher cut-points."
)
INR_NOTE = (
    "INR is never judged by bonetrack: only against the range you gave (--ref-low/--ref-high, "
    "your prescriber's). On a vitamin K antagonist, the K2 you logged is shown beside it."
)
TURNOVER_NOTE = (
    f"Turnover markers are compared only with results from the same lab: {SOURCE_TURNOVER}."
)


def meaning(result: LabResult, k2: K2Beside | None = None) -> str:
    """What a result means, as far as a source or the user's own range says."""
    parts: list[str] = []
    band = result.band()
    if band is not None:
        parts.append(band.text)
    status = result.status()
    if status is not None:
        whose = "your" if result.test == "inr" else "the given"
        parts.append(f"{status} {whose} range")
    if k2 is not None:
        parts.append(k2.text())
    return "; ".join(parts)


def imported_line(result: LabResult) -> str:
    """An imported result: '25(OH)D on 2022-10-20: 32 ng/mL (79.87 nmol/L)', and the range
    it came with."""
    limits = result.range_text()
    label = f"{result.test_info.label} on {result.taken_on.isoformat()}: {result.shown()}"
    return f"{label}, range {limits}" if limits else label


def imported_meaning(result: LabResult) -> str:
    """': ' and what an imported result means, as far as a source or the range it came with
    says: the 25(OH)D band with its cut-points and source, as `lab add` gives it."""
    band = result.band()
    parts = [] if band is None else [f"{band.text} ({band.cut_points}; {band.source})"]
    status = result.status()
    if status is not None:
        parts.append(f"{status} the range given")
    return f": {'; '.join(parts)}" if parts else ""


def result_json(
    result: LabResult, previous: LabResult | None, k2: K2Beside | None
) -> dict[str, Any]:
    return {
        **result.to_json(),
        "previous_id": None if previous is None else previous.id,
        "change": change_text(result, previous) or None,
        "k2_beside": None if k2 is None else k2.to_json(),
    }


# Columns `lab list` leaves out when every row's cell is empty.
_OPTIONAL = frozenset({"Range", "Lab", "Change"})


def results_text(
    results: Sequence[LabResult],
    previous: Mapping[int, LabResult | None],
    k2: Mapping[int, K2Beside],
    terminal: Terminal,
) -> str:
    columns = [
        Column("ID", "right"),
        Column("Date"),
        Column("Test"),
        Column("Result"),
        Column("Range"),
        Column("Lab"),
        Column("Change"),
        Column("Meaning"),
    ]
    rows: list[list[str]] = []
    for result in results:
        said = meaning(result, k2.get(result.id))
        if result.note:
            said = f"{said}; note: {result.note}" if said else f"note: {result.note}"
        rows.append(
            [
                str(result.id),
                result.taken_on.isoformat(),
                result.test_info.label,
                result.shown(),
                result.range_text(),
                result.lab or "",
                change_text(result, previous.get(result.id)),
                said,
            ]
        )
    keep = [
        i
        for i, column in enumerate(columns)
        if column.header not in _OPTIONAL or any(row[i] for row in rows)
    ]
    cells: list[list[Cell]] = [[row[i] for i in keep] for row in rows]
    shown = table([columns[i] for i in keep], cells, terminal)
    notes = [paragraph(note, terminal) for note in notes_for(results)]
    return "\n".join([shown, "", *notes]).rstrip()


def notes_for(results: Sequence[LabResult]) -> list[str]:
    tests = {r.test for r in results}
    notes = []
    if "25ohd" in tests:
        notes.append(BANDS_NOTE)
    if "inr" in tests:
        notes.append(INR_NOTE)
    if any(r.test_info.turnover for r in results):
        notes.append(TURNOVER_NOTE)
    return notes


def trends_json(found: Sequence[Trend]) -> list[dict[str, Any]]:
    return [
        {
            "test": t.latest.test,
            "label": t.latest.test_info.label,
            "latest": t.latest.to_json(),
            "previous": None if t.previous is None else t.previous.to_json(),
            "change": t.change,
            "unit": t.latest.input_unit,
            "results": t.count,
            "trend": t.text(),
        }
        for t in found
    ]


def trends_text(found: Sequence[Trend], terminal: Terminal) -> str:
    """The report's lab section: each test's latest value and its change."""
    if not found:
        return ""
    columns = [
        Column("Test"),
        Column("Date"),
        Column("Latest"),
        Column("Trend"),
        Column("Meaning"),
    ]
    rows: list[list[Cell]] = [
        [
            trend.latest.test_info.label,
            trend.latest.taken_on.isoformat(),
            trend.latest.shown(),
            trend.text(),
            meaning(trend.latest),
        ]
        for trend in found
    ]
    notes = [paragraph(n, terminal) for n in notes_for([t.latest for t in found])]
    return "\n".join(
        [paragraph("Lab results", terminal, "bold"), table(columns, rows, terminal), *notes]
    )
