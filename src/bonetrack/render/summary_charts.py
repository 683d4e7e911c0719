"""The visit summary's charts as plain shapes, drawn alike as inline SVG and in the PDF.

Coordinates are in points (1/72 in), y downwards. Shapes carry the meaning without
colour: bar heights, a shaded band, dots and labels; colour only helps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from bonetrack.domain.summary import AdherenceLine, BmdSeries

INK = "#1a1a1a"
MUTED = "#6b6b6b"
GRID = "#d0d0d0"
BAR = "#3b6ea5"
BAND = "#dce8f5"
EMPTY = "#efefef"


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str
    stroke: str | None = None


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    color: str = INK
    width: float = 0.6
    dashed: bool = False


@dataclass(frozen=True)
class Dot:
    cx: float
    cy: float
    r: float
    fill: str = INK


@dataclass(frozen=True)
class Label:
    x: float
    y: float  # the text's baseline
    text: str
    size: float = 6.5
    anchor: str = "start"  # start | middle | end
    color: str = INK
    bold: bool = False


Shape = Rect | Line | Dot | Label


@dataclass(frozen=True)
class Drawing:
    width: float
    height: float
    shapes: tuple[Shape, ...]
    title: str  # what the chart shows, for screen readers and the PDF's text


_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

# monthly adherence chart
LABEL_W = 96.0
ROW_H = 18.0
BAR_MAX_H = 13.0
TOP = 16.0


def monthly_chart(lines: Sequence[AdherenceLine], width: float = 500.0) -> Drawing | None:
    """One row per plan item, one bar per calendar month: its height is the % met."""
    months = sorted({m.month for line in lines for m in line.months})
    if not months:
        return None
    column = (width - LABEL_W) / len(months)
    every = max(1, round(24 / column))  # a label needs about 24 pt
    shapes: list[Shape] = []
    for index, month in enumerate(months):
        year, number = int(month[:4]), int(month[5:])
        x = LABEL_W + index * column + column / 2
        if index % every == 0 or number == 1:
            shapes.append(Label(x, 7, _MONTHS[number - 1], 6, "middle", MUTED))
        if number == 1 or index == 0:
            shapes.append(Label(x, 14, str(year), 5.5, "middle", MUTED))
    for row, line in enumerate(lines):
        base = TOP + (row + 1) * ROW_H
        shapes.append(Label(0, base - 4, line.item, 7))
        shapes.append(Line(LABEL_W, base, width, base, GRID, 0.4))
        shapes.append(Line(LABEL_W, base - BAR_MAX_H, width, base - BAR_MAX_H, GRID, 0.3, True))
        by_month = {m.month: m for m in line.months}
        for index, month in enumerate(months):
            x = LABEL_W + index * column + column * 0.15
            found = by_month.get(month)
            if found is None or found.pct is None:
                shapes.append(Label(x + column * 0.35, base - 2, "–", 6, "middle", MUTED))
                continue
            height = BAR_MAX_H * found.pct / 100
            shapes.append(Rect(x, base - BAR_MAX_H, column * 0.7, BAR_MAX_H, EMPTY))
            shapes.append(Rect(x, base - height, column * 0.7, height, BAR))
    height = TOP + len(lines) * ROW_H + 6
    return Drawing(
        width,
        height,
        tuple(shapes),
        "Monthly adherence: bar height is the % of due days (weeks) met; dashed line 100%, "
        "– nothing due",
    )


def monthly_strip(line: AdherenceLine) -> str:
    """The same as characters, for the terminal: ▁ to █ by %, · nothing due."""
    blocks = "▁▂▃▄▅▆▇█"
    cells = []
    for month in line.months:
        if month.pct is None:
            cells.append("·")
        else:
            cells.append(blocks[min(7, int(month.pct / 100 * 8))])
    return "".join(cells)


# BMD trend panels
PANEL_W = 245.0
PANEL_H = 118.0
PLOT_LEFT = 34.0
PLOT_TOP = 14.0
PLOT_BOTTOM = 18.0
GUTTER = 10.0


def bmd_chart(series: Sequence[BmdSeries], width: float = 500.0) -> Drawing | None:
    """One panel per site: BMD at each scan, and the band of the first scan ± the LSC."""
    if not series:
        return None
    per_row = max(1, int((width + GUTTER) // (PANEL_W + GUTTER)))
    shapes: list[Shape] = []
    for index, one in enumerate(series):
        x0 = (index % per_row) * (PANEL_W + GUTTER)
        y0 = (index // per_row) * (PANEL_H + GUTTER)
        shapes.extend(_panel(one, x0, y0))
    rows = (len(series) + per_row - 1) // per_row
    return Drawing(
        min(width, per_row * (PANEL_W + GUTTER) - GUTTER),
        rows * (PANEL_H + GUTTER) - GUTTER,
        tuple(shapes),
        "BMD (g/cm²) at each scan per site; shaded: first scan ± the least significant change",
    )


def _panel(series: BmdSeries, x0: float, y0: float) -> list[Shape]:
    points = series.points
    values = [p.bmd for p in points]
    if series.band_low is not None and series.band_high is not None:
        values += [series.band_low, series.band_high]
    low, high = min(values), max(values)
    pad = (high - low) * 0.15 or 0.01
    low, high = low - pad, high + pad
    left, right = x0 + PLOT_LEFT, x0 + PANEL_W - 8
    top, bottom = y0 + PLOT_TOP, y0 + PANEL_H - PLOT_BOTTOM
    first, last = points[0].scan_date, points[-1].scan_date
    span = max((last - first).days, 1)

    def x_of(day: date) -> float:
        return left + (day - first).days / span * (right - left)

    def y_of(value: float) -> float:
        return bottom - (value - low) / (high - low) * (bottom - top)

    shapes: list[Shape] = [Label(x0, y0 + 8, f"{series.label} (g/cm²)", 7, bold=True)]
    if series.band_low is not None and series.band_high is not None and series.band_until:
        band_right = right if series.band_until == last else x_of(series.band_until)
        shapes.append(
            Rect(
                left,
                y_of(series.band_high),
                max(band_right - left, 2.0),
                y_of(series.band_low) - y_of(series.band_high),
                BAND,
            )
        )
    for value in (high - pad, (high + low) / 2, low + pad):
        y = y_of(value)
        shapes.append(Line(left, y, right, y, GRID, 0.3, True))
        shapes.append(Label(left - 3, y + 2, f"{value:.3f}", 5.5, "end", MUTED))
    shapes.append(Line(left, bottom, right, bottom, MUTED, 0.5))
    shapes.append(Line(left, top, left, bottom, MUTED, 0.5))
    for a, b in pairwise(points):
        shapes.append(
            Line(x_of(a.scan_date), y_of(a.bmd), x_of(b.scan_date), y_of(b.bmd), BAR, 0.8)
        )
    taken = -100.0
    for index, point in enumerate(points):
        x = x_of(point.scan_date)
        shapes.append(Dot(x, y_of(point.bmd), 2.2, INK))
        anchor = "start" if index == 0 else "end" if index == len(points) - 1 else "middle"
        if x - taken >= 34 or index == len(points) - 1:
            shapes.append(Label(x, bottom + 9, point.scan_date.strftime("%Y-%m"), 5.5, anchor))
            taken = x
    shapes.append(Label(left, y0 + PANEL_H - 1, series.legend, 5.5, "start", MUTED))
    return shapes
