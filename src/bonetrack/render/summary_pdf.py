"""The visit summary as a PDF, drawn with fpdf2: real, selectable text in DejaVu Sans
Condensed (embedded, so µ, ≤, – and accented names print), A4 or Letter.

Only `bonetrack summary --pdf` imports this module (fpdf2 takes about a second to import);
tests/test_imports.py checks that no other command does.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from typing import TYPE_CHECKING, Any

from bonetrack.domain.summary import VisitSummary
from bonetrack.render.summary_charts import Dot, Drawing, Label, Line, Rect
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

if TYPE_CHECKING:
    from fpdf import FPDF

FONT = "DejaVuCondensed"
FONT_FILES = {"": "DejaVuSansCondensed.ttf", "B": "DejaVuSansCondensed-Bold.ttf"}
PAPERS = {"a4": "A4", "letter": "Letter"}
MARGIN = 36.0  # points: half an inch
BODY = 8.5
LINE = 10.5
_COLOURS = {
    "normal": (26, 26, 26),
    "note": (85, 85, 85),
    "strong": (0, 0, 0),
    "missing": (60, 60, 60),
}


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def summary_pdf(summary: VisitSummary, paper: str = "a4") -> bytes:
    """The PDF's bytes."""
    from fpdf import FPDF

    footer_text = (
        f"bonetrack visit summary, {summary.header.period_from} to {summary.header.period_to}"
    )
    if summary.header.name:
        footer_text = f"{summary.header.name}: {footer_text}"

    class SummaryPDF(FPDF):
        def footer(self) -> None:
            self.set_y(-MARGIN + 8)
            self.set_font(FONT, "", 7)
            self.set_text_color(110, 110, 110)
            self.cell(0, 10, f"{footer_text}. Information, not a diagnosis.", align="L")
            self.set_x(self.l_margin)
            self.cell(0, 10, f"page {self.page_no()} of {{nb}}", align="R")

    pdf = SummaryPDF(orientation="P", unit="pt", format=PAPERS[paper])
    fonts = resources.files("bonetrack.data") / "fonts"
    for style, name in FONT_FILES.items():
        with resources.as_file(fonts / name) as path:
            pdf.add_font(FONT, style, str(path))
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=MARGIN + 6)
    pdf.set_title(TITLE)
    pdf.set_creator("bonetrack")
    pdf.set_lang("en")
    pdf.add_page()
    blocks = document(summary)
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if isinstance(block, Heading) and index > 0 and isinstance(following, Table):
            # a heading stays with its table: both move to the next page if need be
            _kept_together(pdf, _heading_with(block.text, following))
        _block(pdf, block, first=index == 0)
    return bytes(pdf.output())


def _block(pdf: FPDF, block: Block, first: bool) -> None:
    if isinstance(block, Heading):
        _heading(pdf, block.text, first)
    elif isinstance(block, Facts):
        _facts(pdf, block)
    elif isinstance(block, Para):
        _para(pdf, block)
    elif isinstance(block, Table):
        _kept_together(pdf, lambda target: _table(target, block))
        _table(pdf, block)
    elif isinstance(block, Chart):
        _chart(pdf, block.drawing)
    else:
        assert isinstance(block, Items)
        _items(pdf, block)


def _heading(pdf: FPDF, text: str, first: bool) -> None:
    if first:
        pdf.set_font(FONT, "B", 14)
        pdf.set_text_color(0, 0, 0)
        pdf.multi_cell(0, 18, text, new_x="LMARGIN", new_y="NEXT")
        return
    # a heading never ends a page: keep room for what follows it
    if pdf.get_y() + 70 > pdf.page_break_trigger:
        pdf.add_page()
    pdf.ln(6)
    pdf.set_font(FONT, "B", 11)
    pdf.set_text_color(0, 0, 0)
    pdf.cell(0, 14, text, new_x="LMARGIN", new_y="NEXT")
    y = pdf.get_y()
    pdf.set_draw_color(170, 170, 170)
    pdf.set_line_width(0.5)
    pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
    pdf.ln(3)


def _facts(pdf: FPDF, facts: Facts) -> None:
    pdf.set_text_color(26, 26, 26)
    for label, value in facts.rows:
        pdf.set_font(FONT, "B", BODY + 0.5)
        pdf.cell(80, LINE + 1, label)
        pdf.set_font(FONT, "", BODY + 0.5)
        pdf.multi_cell(0, LINE + 1, value, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def _para(pdf: FPDF, para: Para) -> None:
    size = BODY - 1 if para.style == "note" else BODY
    pdf.set_font(FONT, "B" if para.style == "strong" else "", size)
    pdf.set_text_color(*_COLOURS[para.style])
    pdf.multi_cell(0, size * 1.25, para.text, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.ln(2)


def _items(pdf: FPDF, items: Items) -> None:
    pdf.set_font(FONT, "", BODY)
    pdf.set_text_color(26, 26, 26)
    for index, item in enumerate(items.items, 1):
        mark = f"{index}." if items.numbered else "•"
        pdf.cell(16, LINE, mark, align="R")
        pdf.set_x(pdf.l_margin + 20)
        pdf.multi_cell(0, LINE, item, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.ln(2)


def _heading_with(text: str, table: Table) -> Callable[[Any], None]:
    def draw(target: Any) -> None:
        _heading(target, text, False)
        _table(target, table)

    return draw


def _kept_together(pdf: FPDF, draw: Callable[[Any], None]) -> None:
    """Start a new page first when a block would not fit on this one (and would on one).

    `draw` gets the PDF or fpdf2's recorder of a trial rendering (`offset_rendering`).
    """
    with pdf.offset_rendering() as trial:
        draw(trial)
    if trial.page_break_triggered and pdf.get_y() > pdf.t_margin + 40:
        pdf.add_page()


def _table(pdf: FPDF, table: Table) -> None:
    from fpdf.fonts import FontFace

    if table.title:
        pdf.set_font(FONT, "B", BODY - 0.5)
        pdf.set_text_color(26, 26, 26)
        pdf.multi_cell(0, LINE, table.title, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_font(FONT, "", BODY - 0.5)
    pdf.set_text_color(26, 26, 26)
    pdf.set_fill_color(255, 255, 255)  # a chart's colour must not fill the cells
    pdf.set_draw_color(190, 190, 190)
    pdf.set_line_width(0.4)
    align = tuple(
        "RIGHT" if table.align[i : i + 1] == "r" else "LEFT" for i in range(len(table.columns))
    )
    with pdf.table(
        col_widths=table.widths,
        text_align=align,
        line_height=LINE - 0.5,
        headings_style=FontFace(emphasis="BOLD", fill_color=(238, 238, 238)),
        padding=(1.5, 3, 1.5, 3),
        width=pdf.epw,
        repeat_headings=1,
    ) as rows:
        rows.row(table.columns)
        for values in table.rows:
            rows.row(values)
    pdf.ln(4)


def _chart(pdf: FPDF, drawing: Drawing) -> None:
    scale = min(1.0, pdf.epw / drawing.width)
    height = drawing.height * scale + 14
    if pdf.get_y() + height > pdf.page_break_trigger:
        pdf.add_page()
    x0, y0 = pdf.l_margin, pdf.get_y()
    for shape in drawing.shapes:
        if isinstance(shape, Rect):
            pdf.set_fill_color(*_rgb(shape.fill))
            pdf.rect(
                x0 + shape.x * scale,
                y0 + shape.y * scale,
                shape.w * scale,
                shape.h * scale,
                style="F",
            )
        elif isinstance(shape, Line):
            pdf.set_draw_color(*_rgb(shape.color))
            pdf.set_line_width(shape.width * scale)
            pdf.set_dash_pattern(dash=2, gap=2) if shape.dashed else pdf.set_dash_pattern()
            pdf.line(
                x0 + shape.x1 * scale,
                y0 + shape.y1 * scale,
                x0 + shape.x2 * scale,
                y0 + shape.y2 * scale,
            )
            pdf.set_dash_pattern()
        elif isinstance(shape, Dot):
            pdf.set_fill_color(*_rgb(shape.fill))
            pdf.circle(x0 + shape.cx * scale, y0 + shape.cy * scale, shape.r * scale, style="F")
        else:
            _label(pdf, shape, x0, y0, scale)
    pdf.set_y(y0 + drawing.height * scale + 2)
    pdf.set_font(FONT, "", BODY - 1.5)
    pdf.set_text_color(85, 85, 85)
    pdf.multi_cell(0, LINE - 1, drawing.title, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.ln(3)


def _label(pdf: FPDF, label: Label, x0: float, y0: float, scale: float) -> None:
    pdf.set_font(FONT, "B" if label.bold else "", label.size * scale)
    pdf.set_text_color(*_rgb(label.color))
    width = pdf.get_string_width(label.text)
    shift = {"start": 0.0, "middle": width / 2, "end": width}[label.anchor]
    pdf.text(x0 + label.x * scale - shift, y0 + label.y * scale, label.text)
