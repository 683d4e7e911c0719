"""The visit summary as one self-contained HTML page.

No scripts, no fonts or images to fetch, no links: the charts are inline SVG and the
styles are in the page. It reads on a phone (one column, tables scroll sideways) and
prints on A4 or Letter with a print stylesheet that keeps tables, rows and charts whole.
"""

from __future__ import annotations

from html import escape

from bonetrack.domain.summary import VisitSummary
from bonetrack.render.summary_charts import Dot, Drawing, Line, Rect
from bonetrack.render.summary_doc import (
    TITLE,
    Block,
    Chart,
    Facts,
    Heading,
    Items,
    Para,
    Table,
    document,
)

PAPER_SIZES = {"a4": "A4", "letter": "letter"}

_CSS = """
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
  color: #1a1a1a; margin: 0 auto; padding: 12px; max-width: 820px; font-size: 15px;
  line-height: 1.4; }
h1 { font-size: 1.35em; margin: 0.2em 0 0.4em; }
h2 { font-size: 1.1em; margin: 1.2em 0 0.4em; border-bottom: 1px solid #bbb;
  padding-bottom: 2px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
p { margin: 0.35em 0; }
p.note { color: #555; font-size: 0.88em; }
p.strong { font-weight: bold; }
p.missing { font-style: italic; color: #444; }
.scroll { overflow-x: auto; margin: 0.4em 0; }
table { border-collapse: collapse; font-size: 0.9em; min-width: 60%; }
caption { text-align: left; font-weight: bold; padding: 2px 0; }
th, td { border: 1px solid #ccc; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #f1f1f1; }
td.r { text-align: right; white-space: nowrap; }
figure { margin: 0.5em 0; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: #555; font-size: 0.85em; }
ol, ul { margin: 0.3em 0; padding-left: 1.6em; }
@media print {
  @page { size: PAPER; margin: 14mm 12mm; }
  body { max-width: none; padding: 0; font-size: 9.5pt; }
  .scroll { overflow: visible; }
  table, figure, dl.facts, tr { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  h2 { break-after: avoid; page-break-after: avoid; }
  th { background: #eee; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def summary_html(summary: VisitSummary, paper: str = "a4") -> str:
    title = f"{TITLE}, {summary.header.period_from} to {summary.header.period_to}"
    if summary.header.name:
        title = f"{summary.header.name}: {title}"
    body = "\n".join(
        _block(block, first=index == 0) for index, block in enumerate(document(summary))
    )
    css = _CSS.replace("PAPER", PAPER_SIZES[paper])
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n"
        f"{body}\n</body>\n</html>\n"
    )


def _block(block: Block, first: bool) -> str:
    if isinstance(block, Heading):
        tag = "h1" if first else "h2"
        return f"<{tag}>{escape(block.text)}</{tag}>"
    if isinstance(block, Facts):
        rows = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in block.rows)
        return f'<dl class="facts">{rows}</dl>'
    if isinstance(block, Para):
        return f'<p class="{block.style}">{escape(block.text)}</p>'
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Chart):
        return _figure(block.drawing)
    assert isinstance(block, Items)
    tag = "ol" if block.numbered else "ul"
    return f"<{tag}>" + "".join(f"<li>{escape(i)}</li>" for i in block.items) + f"</{tag}>"


def _table(table: Table) -> str:
    right = [table.align[i : i + 1] == "r" for i in range(len(table.columns))]
    head = "".join(f'<th scope="col">{escape(c)}</th>' for c in table.columns)
    rows = "".join(
        "<tr>"
        + "".join(
            f'<td class="r">{escape(cell)}</td>' if right[i] else f"<td>{escape(cell)}</td>"
            for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in table.rows
    )
    caption = f"<caption>{escape(table.title)}</caption>" if table.title else ""
    return (
        f'<div class="scroll"><table>{caption}<thead><tr>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table></div>"
    )


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def svg(drawing: Drawing) -> str:
    """The drawing as inline SVG (HTML5 needs no namespace, so the page names no URL)."""
    parts = [
        f'<svg viewBox="0 0 {_num(drawing.width)} {_num(drawing.height)}" '
        f'width="{_num(drawing.width)}" height="{_num(drawing.height)}" role="img" '
        f'aria-label="{escape(drawing.title)}" font-family="DejaVu Sans, Arial, sans-serif">'
    ]
    for shape in drawing.shapes:
        if isinstance(shape, Rect):
            stroke = f' stroke="{shape.stroke}"' if shape.stroke else ""
            parts.append(
                f'<rect x="{_num(shape.x)}" y="{_num(shape.y)}" width="{_num(shape.w)}" '
                f'height="{_num(shape.h)}" fill="{shape.fill}"{stroke}/>'
            )
        elif isinstance(shape, Line):
            dash = ' stroke-dasharray="2 2"' if shape.dashed else ""
            parts.append(
                f'<line x1="{_num(shape.x1)}" y1="{_num(shape.y1)}" x2="{_num(shape.x2)}" '
                f'y2="{_num(shape.y2)}" stroke="{shape.color}" '
                f'stroke-width="{_num(shape.width)}"{dash}/>'
            )
        elif isinstance(shape, Dot):
            parts.append(
                f'<circle cx="{_num(shape.cx)}" cy="{_num(shape.cy)}" r="{_num(shape.r)}" '
                f'fill="{shape.fill}"/>'
            )
        else:
            weight = ' font-weight="bold"' if shape.bold else ""
            parts.append(
                f'<text x="{_num(shape.x)}" y="{_num(shape.y)}" font-size="{_num(shape.size)}" '
                f'text-anchor="{shape.anchor}" fill="{shape.color}"{weight}>'
                f"{escape(shape.text)}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def _figure(drawing: Drawing) -> str:
    return f"<figure>{svg(drawing)}<figcaption>{escape(drawing.title)}</figcaption></figure>"
