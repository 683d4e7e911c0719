"""The visit summary in the terminal: a preview of what the HTML and PDF show."""

from __future__ import annotations

from typing import Literal

from rich.console import Group, RenderableType
from rich.table import Table as RichTable
from rich.text import Text

from bonetrack.domain.summary import VisitSummary
from bonetrack.render.summary_doc import Block, Chart, Facts, Heading, Items, Para, Table, document

_STYLES = {"normal": "", "note": "dim", "strong": "bold", "missing": "italic"}


def summary_renderable(summary: VisitSummary) -> RenderableType:
    return Group(*(_block(block) for block in document(summary)))


def _block(block: Block) -> RenderableType:
    if isinstance(block, Heading):
        return Text(f"\n{block.text}", style="bold underline")
    if isinstance(block, Facts):
        grid = RichTable.grid(padding=(0, 2))
        grid.add_column(style="bold")
        grid.add_column()
        for label, value in block.rows:
            grid.add_row(label, value)
        return grid
    if isinstance(block, Para):
        return Text(block.text, style=_STYLES[block.style])
    if isinstance(block, Table):
        from bonetrack.render.columns import Column
        from bonetrack.render.fit import Fitted

        table = RichTable(title=block.title, title_justify="left", show_edge=False)
        columns = []
        for index, name in enumerate(block.columns):
            justify: Literal["left", "right"] = (
                "right" if block.align[index : index + 1] == "r" else "left"
            )
            table.add_column(name, justify=justify)
            columns.append(Column(name, justify))
        for row in block.rows:
            table.add_row(*row)
        # on a terminal too narrow for it, one block per row rather than cut cells
        return Fitted(table, columns, block.rows)
    if isinstance(block, Chart):
        return Text("\n".join(block.text))
    assert isinstance(block, Items)
    lines = [
        f"{index}. {item}" if block.numbered else f"- {item}"
        for index, item in enumerate(block.items, 1)
    ]
    return Text("\n".join(lines))
