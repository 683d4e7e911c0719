"""Lab results for people (a table, the report's latest values and trends) and scripts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from rich.console import RenderableType

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


def result_json(
    result: LabResult, previous: LabResult | None, k2: K2Beside | None
) -> dict[str, Any]:
    return {
        **result.to_json(),
        "previous_id": None if previous is None else previous.id,
        "change": change_text(result, previous) or None,
        "k2_beside": None if k2 is None else k2.to_json(),
    }


def results_table(
    results: Sequence[LabResult],
    previous: Mapping[int, LabResult | None],
    k2: Mapping[int, K2Beside],
) -> RenderableType:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, header_style="bold", pad_edge=False)
    for name in ("ID", "Date", "Test", "Result", "Range", "Lab", "Change", "Meaning", "Note"):
        table.add_column(name, justify="right" if name == "ID" else "left")
    for result in results:
        table.add_row(
            str(result.id),
            result.taken_on.isoformat(),
            result.test_info.label,
            result.shown(),
            result.range_text(),
            result.lab or "",
            change_text(result, previous.get(result.id)),
            meaning(result, k2.get(result.id)),
            result.note or "",
        )
    return Group(table, *(Text(n, style="dim") for n in notes_for(results)))


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


def trend_lines(found: Sequence[Trend]) -> list[RenderableType]:
    """The report's lab section: each test's latest value and its change."""
    from rich.table import Table
    from rich.text import Text

    if not found:
        return []
    table = Table(box=None, header_style="bold", pad_edge=False)
    for name in ("Test", "Latest", "Date", "Trend", "Meaning"):
        table.add_column(name)
    for trend in found:
        table.add_row(
            trend.latest.test_info.label,
            trend.latest.shown(),
            trend.latest.taken_on.isoformat(),
            trend.text(),
            meaning(trend.latest),
        )
    results = [t.latest for t in found]
    return [
        Text("Lab results", style="bold"),
        table,
        *(Text(n, style="dim") for n in notes_for(results)),
        Text(""),
    ]
