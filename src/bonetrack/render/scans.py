"""DEXA scans for people (rich tables, a BMD trend chart) and for scripts (JSON forms).

The chart draws with characters, not colour alone, so it reads the same under
NO_COLOR: `●` is a scan, `░` the band of the first scan's BMD ± the LSC.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from bonetrack.domain.dexa import (
    LSC_DEFAULT_SOURCE,
    MENOPAUSE_CAVEAT,
    WHO_SOURCE,
    Change,
    Interpretation,
    Lsc,
    SiteScan,
    SiteTrend,
    Visit,
    change_summary,
    compare_points,
    format_bmd,
    format_change_delta,
    format_change_percent,
    format_score,
    lsc_band,
    site_label,
)
from bonetrack.domain.events import FRAGILITY_MEANING
from bonetrack.render.columns import Cell, Column

if TYPE_CHECKING:  # rich is imported where it renders: the report's bone section needs none
    from rich.console import RenderableType
    from rich.table import Table
    from rich.text import Text

POINT = "●"
BAND = "░"
CHART_WIDTH = 44
CHART_HEIGHT = 9

# --- JSON -------------------------------------------------------------------


def scan_json(scan: SiteScan) -> dict[str, object]:
    return {
        "date": scan.scan_date.isoformat(),
        "site": scan.site,
        "bmd": scan.bmd,
        "t_score": scan.t_score,
        "z_score": scan.z_score,
        "machine": scan.machine,
        "facility": scan.facility,
        "note": scan.note,
    }


def interpretation_json(interp: Interpretation) -> dict[str, object]:
    return {
        "category": interp.category,
        "category_label": interp.category_label,
        "lowest_t_score": interp.lowest_t,
        "lowest_t_site": interp.lowest_t_site,
        "age": interp.age,
        "z_scores_apply": interp.z_scores_apply,
        "lowest_z_score": interp.lowest_z,
        "lowest_z_site": interp.lowest_z_site,
        "z_below_expected_range": interp.z_below_expected,
        "fracture_recorded": interp.fracture_recorded,
        "text": list(interp.lines),
        # additions (issue 15): fractures on or before the scan, and the menopause caveat
        "fragility": interp.fragility,
        "fracture_note": interp.fracture_note,
        "menopause_year_needed": interp.menopause_year_needed,
    }


def visit_json(visit: Visit, interp: Interpretation) -> dict[str, object]:
    return {
        "date": visit.scan_date.isoformat(),
        "sites": [scan_json(s) for s in visit.sites],
        "interpretation": interpretation_json(interp),
    }


def lsc_json(lsc: Lsc | None) -> dict[str, object] | None:
    if lsc is None:
        return None
    return {
        "value": lsc.value,
        "unit": lsc.unit,
        "source": lsc.source,
        "uncertain": lsc.uncertain,
    }


def change_json(change: Change) -> dict[str, object]:
    return {
        "from": change.start.isoformat(),
        "to": change.end.isoformat(),
        "from_bmd": change.start_bmd,
        "to_bmd": change.end_bmd,
        "change_g_cm2": change.delta,
        "change_pct": change.percent,
        "years": change.years,
        "per_year_g_cm2": change.delta_per_year,
        "per_year_pct": change.percent_per_year,
        "status": change.status,
        "significant": change.significant,
        "note": change.note,
    }


def trend_json(trend: SiteTrend) -> dict[str, object]:
    return {
        "site": trend.site,
        "lsc": lsc_json(trend.lsc),
        "points": [
            {"date": p.scan_date.isoformat(), "bmd": p.bmd, "machine": p.machine}
            for p in trend.points
        ],
        "changes": [change_json(c) for c in trend.steps],
        "from_first": None if trend.overall is None else change_json(trend.overall),
        "scans_without_bmd": trend.without_bmd,
    }


# --- tables -----------------------------------------------------------------


def reading_text(interp: Interpretation) -> str:
    if interp.z_scores_apply:
        if interp.z_below_expected is None:
            return "Z-scores apply (none recorded)"
        return "Z below expected range" if interp.z_below_expected else "Z within expected range"
    return interp.category_label or "no T-score"


SEVERE_NEEDS = (
    "Severe osteoporosis needs a fragility fracture "
    f"({FRAGILITY_MEANING}) as well as a T-score of -2.5 or lower."
)


VISIT_COLUMNS = (
    Column("Date"),
    Column("Sites"),
    Column("Lowest T", "right"),
    Column("Reading (WHO / ISCD)"),
    Column("Machine"),
)


def visits_table(visits: Sequence[tuple[Visit, Interpretation]]) -> RenderableType:
    """One row per visit: what was measured and what its numbers mean (one block per visit
    where the table does not fit)."""
    from rich.table import Table

    from bonetrack.render.fit import Fitted

    table = Table(title="DEXA scans", title_justify="left")
    for column in VISIT_COLUMNS:
        table.add_column(column.header, justify=column.justify)
    rows: list[list[Cell]] = []
    for visit, interp in visits:
        lowest = (
            f"{format_score(interp.lowest_t)} {site_label(interp.lowest_t_site)}"
            if interp.lowest_t is not None and interp.lowest_t_site is not None
            else "-"
        )
        rows.append(
            [
                visit.scan_date.isoformat(),
                ", ".join(site_label(s.site) for s in visit.sites),
                lowest,
                reading_text(interp),
                ", ".join(visit.machines) or "-",
            ]
        )
    for row in rows:
        table.add_row(*(cell if isinstance(cell, str) else cell[0] for cell in row))
    caption = [f"{WHO_SOURCE}. Not a diagnosis."]
    if any(i.category in ("osteoporosis", "severe-osteoporosis") for _, i in visits):
        caption.append(SEVERE_NEEDS)
    if any(i.menopause_year_needed for _, i in visits):
        caption.append(MENOPAUSE_CAVEAT)
    table.caption = "\n".join(caption)
    table.caption_justify = "left"
    return Fitted(table, VISIT_COLUMNS, rows)


def visit_renderable(visit: Visit, interp: Interpretation) -> RenderableType:
    """One visit in full: every site's values, then what they mean."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"DEXA scan {visit.scan_date.isoformat()}", title_justify="left")
    table.add_column("Site")
    table.add_column("BMD g/cm²", justify="right")
    table.add_column("T-score", justify="right")
    table.add_column("Z-score", justify="right")
    table.add_column("Machine")
    table.add_column("Facility")
    table.add_column("Note")
    for scan in visit.sites:
        table.add_row(
            site_label(scan.site),
            format_bmd(scan.bmd),
            format_score(scan.t_score),
            format_score(scan.z_score),
            scan.machine or "-",
            scan.facility or "-",
            scan.note or "",
        )
    lines = [Text(line) for line in interp.lines]
    lines.append(Text(f"Source: {WHO_SOURCE}; ISCD for Z-scores.", style="dim"))
    return Group(table, *lines)


# --- the trend chart ------------------------------------------------------


def trend_lines(
    trend: SiteTrend, width: int = CHART_WIDTH, height: int = CHART_HEIGHT
) -> list[str]:
    """The chart as plain lines: BMD (rows) over time (columns, to scale).

    The band covers only the scans on the first scan's machine: it is never
    drawn across a machine change or a scan whose machine is not recorded.
    """
    points = trend.points
    if not points:
        return []
    band = lsc_band(trend)
    values = [p.bmd for p in points] + (list(band) if band else [])
    low, high = min(values), max(values)
    # room above and below the band, so that leaving it shows
    pad = (high - low) * 0.3 or 0.01
    low, high = low - pad, high + pad
    step = (high - low) / (height - 1)

    def row_of(value: float) -> int:
        return min(height - 1, max(0, round((high - value) / step)))

    first_day, last_day = points[0].scan_date, points[-1].scan_date
    span = (last_day - first_day).days

    def col_of(day: date) -> int:
        return 0 if span == 0 else round((day - first_day).days / span * (width - 1))

    grid = [[" "] * width for _ in range(height)]
    band_rows: set[int] = set()
    if band is not None:
        judged = points[: trend.same_machine_run]
        band_end = width if len(judged) == len(points) else col_of(judged[-1].scan_date) + 1
        band_rows = {r for r in range(height) if band[0] <= high - r * step <= band[1]}
        for row in band_rows:
            grid[row][:band_end] = [BAND] * band_end
    for point in points:
        row = row_of(point.bmd)
        if band_rows and trend.lsc is not None:
            # At this resolution a point near the edge could land on the wrong side:
            # place it by the same rule `compare` uses, so chart and table agree.
            change = compare_points(trend.site, points[0], point, trend.lsc)
            if change.status in ("significant", "within-lsc"):
                wanted = change.status == "within-lsc"
                rows = [r for r in range(height) if (r in band_rows) == wanted]
                if rows:
                    row = min(rows, key=lambda r: abs((high - r * step) - point.bmd))
        grid[row][col_of(point.scan_date)] = POINT

    label_rows = {0: high, height // 2: high - (height // 2) * step, height - 1: low}
    lines = []
    for row in range(height):
        label = f"{label_rows[row]:.3f}" if row in label_rows else ""
        lines.append(f"{label:>6} ┤{''.join(grid[row])}".rstrip())
    lines.append(f"{'':>6} └{'─' * width}")
    labels = [(col_of(p.scan_date), p.scan_date.strftime("%Y-%m")) for p in points]
    lines.append(f"{'':>8}{_date_axis(labels, width)}")
    return lines


def _date_axis(labels: Sequence[tuple[int, str]], width: int) -> str:
    """Date labels under their columns, left to right, skipping those with no room."""
    axis = [" "] * (width + 8)
    free_from = 0
    for col, label in labels:
        start = max(free_from, min(col, len(axis) - len(label)))
        if start > col + 3:  # too far from its point to be read as its label
            continue
        axis[start : start + len(label)] = list(label)
        free_from = start + len(label) + 1
    return "".join(axis).rstrip()


def trend_chart(trend: SiteTrend) -> Text:
    """The chart with styles on top of its characters (colour is a help, never the key)."""
    from rich.text import Text

    text = Text()
    for line in trend_lines(trend):
        for char in line:
            style = "bold" if char == POINT else "cyan" if char == BAND else ""
            text.append(char, style=style)
        text.append("\n")
    return text


def legend(trend: SiteTrend) -> str:
    """What the band means, in the words the table uses for the same scans."""
    points, lsc = trend.points, trend.lsc
    if lsc is None:
        return f"{POINT} BMD at each scan; no LSC set, so no band."
    if len(points) < 2:
        return f"{POINT} BMD at each scan."
    run = trend.same_machine_run
    start = f"{POINT} BMD at each scan   {BAND} first scan ± {lsc.text}: "
    if run == len(points):
        return start + "a point outside the band is a real change from the first scan"
    after = points[max(run, 1)]
    # the table's own verdict on the change from the first scan to that one
    verdict = change_summary(compare_points(trend.site, points[0], after, lsc), lsc)
    if run < 2:
        return (
            f"{POINT} BMD at each scan; no band: the first two scans are not on one recorded "
            f"machine ({verdict}), so no change is judged against the LSC."
        )
    return (
        f"{start}a scan on {points[0].machine} outside the band is a real change from the first "
        f"scan; the band ends at the last scan on that machine, and from "
        f"{after.scan_date.isoformat()} on: {verdict}"
    )


# --- the comparison -------------------------------------------------------


def changes_table(trend: SiteTrend) -> Table:
    from rich.table import Table

    rows: list[tuple[str, Change]] = [("", c) for c in trend.steps]
    if trend.overall is not None and len(trend.steps) > 1:
        rows.append(("since first", trend.overall))
    # No label column: with it the table needs more than 80 columns and rich cuts the
    # dates ("2023-0…"); the label gets a row of its own instead, and only the
    # meaning wraps.
    table = Table(show_edge=False, pad_edge=False)
    for name in ("From", "To"):
        table.add_column(name, no_wrap=True)
    for name in ("BMD", "g/cm²", "%", "% / year"):
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column("Meaning")
    for label, change in rows:
        if label:
            table.add_section()
            table.add_row(label, style="bold")
        table.add_row(
            change.start.isoformat(),
            change.end.isoformat(),
            f"{format_bmd(change.start_bmd)}→{format_bmd(change.end_bmd)}",
            format_change_delta(change),
            format_change_percent(change),
            f"{change.percent_per_year:+.2f}%",
            change_summary(change, trend.lsc),
        )
    return table


def _lsc_line(lsc: Lsc | None, site: str) -> str:
    if lsc is None:
        return (
            f"No LSC for the {site_label(site)} (none in the fact sheet): ask your facility and "
            f"set it with `bonetrack scan lsc {site} VALUE`."
        )
    if lsc.source == "user":
        return f"LSC {lsc.text}: your setting."
    return f"LSC {lsc.text}: default [uncertain], see below."


def trend_renderable(trend: SiteTrend) -> RenderableType:
    """One site: chart, changes with their meaning, and the basis of the LSC."""
    from rich.console import Group
    from rich.text import Text

    parts: list[RenderableType] = [Text(f"{site_label(trend.site)} BMD (g/cm²)", style="bold")]
    if len(trend.points) < 2:
        count = len(trend.points)
        parts.append(
            Text(f"{count} scan with a BMD: a comparison needs two." if count else "No BMD.")
        )
    else:
        parts.append(trend_chart(trend))
        parts.append(Text(legend(trend), style="dim"))
        parts.append(changes_table(trend))
        notes = dict.fromkeys(
            c.note for c in (*trend.steps, trend.overall) if c is not None and c.note
        )
        parts.extend(Text(f"Note: {note}.") for note in notes)
    if trend.without_bmd:
        parts.append(
            Text(
                f"{trend.without_bmd} scan(s) of this site have no BMD: T-scores are not "
                "compared (compare BMD, not T-scores).",
                style="dim",
            )
        )
    parts.append(Text(_lsc_line(trend.lsc, trend.site), style="dim"))
    return Group(*parts, Text(""))


def compare_renderable(trends: Sequence[SiteTrend]) -> RenderableType:
    from rich.console import Group
    from rich.text import Text

    footer = [
        Text(
            "A change smaller than the least significant change (LSC) may be measurement "
            "noise; compare BMD, not T-scores, and only scans from the same machine (ISCD).",
            style="dim",
        )
    ]
    if any(t.lsc is not None and t.lsc.uncertain for t in trends):
        footer.append(
            Text(
                f"Default LSCs: {LSC_DEFAULT_SOURCE}. Ask your facility for its LSC and set it "
                "with `bonetrack scan lsc SITE VALUE` (e.g. 4.2% or 0.033g/cm2).",
                style="dim",
            )
        )
    return Group(*(trend_renderable(t) for t in trends), *footer)
