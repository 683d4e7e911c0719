"""Rich tables that become one block per row where they do not fit, instead of being cut.

Rich fits a table to a narrow terminal by cropping cells it may not wrap ("Avera",
"session…"): information lost. `Fitted` measures the table at print time, against
the width it is given: when even its narrowest layout (each column at its longest
word, no_wrap columns whole) is wider, it prints `columns.stacked` instead, with
the table's title and caption.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from rich.console import Console, ConsoleOptions, RenderableType
from rich.table import Table
from rich.text import Text

from bonetrack.render.columns import Cell, Column, Terminal, cell_width, stacked


class Fitted:
    """`table` where it fits, else the same `rows` stacked (first `heading` cells as titles)."""

    def __init__(
        self,
        table: Table,
        columns: Sequence[Column],
        rows: Sequence[Sequence[Cell]],
        heading: int = 1,
    ) -> None:
        self.table = table
        self.columns = columns
        self.rows = rows
        self.heading = heading

    def fits(self, console: Console, options: ConsoleOptions) -> bool:
        """Whether rich lays the table out at this width without cutting a cell: each column
        at least as wide as its header and its cells whole (no_wrap columns) or its longest
        word (the others). Rich's own measure is not enough: it takes words even of no_wrap
        columns, and its layout shrinks columns past their longest word."""
        # as Table.__rich_console__ calls it: the width left by the borders
        inner = options.update_width(options.max_width - self.table._extra_width)
        widths = self.table._calculate_column_widths(console, inner)
        for index, column in enumerate(self.table.columns):
            texts = [str(column.header)] + [
                cell if isinstance(cell, str) else cell[0] for cell in (r[index] for r in self.rows)
            ]
            if column.no_wrap:
                needed = max(cell_width(text) for text in texts)
            else:
                words = [word for text in texts for word in text.split()] or [""]
                needed = max(cell_width(word) for word in words)
            if widths[index] - self.table._get_padding_width(index) < needed:
                return False
        return True

    def __rich_console__(
        self, console: Console, options: ConsoleOptions
    ) -> Iterator[RenderableType]:
        width = options.max_width
        if self.fits(console, options):
            yield self.table
            return
        if self.table.title:
            yield Text(str(self.table.title), style="bold")
        terminal = Terminal(width=width, styles=True, colours=not console.no_color)
        yield Text.from_ansi(stacked(self.columns, self.rows, terminal, self.heading))
        if self.table.caption:
            yield Text(str(self.table.caption))
