"""Plain aligned columns for the commands run several times a day (`today`, `entries`,
`report`).

Importing and first printing with rich costs about 40 ms, a sixth of such a command's whole
run (bench/RESULTS.md); these tables need no more than aligned columns, a bold header, a
colour or two and a last column that wraps to the terminal's width.
"""

from __future__ import annotations

import textwrap
import unicodedata
from collections.abc import Sequence
from functools import cache
from typing import Literal, NamedTuple

# Control characters shown as escapes (`\x1b`): they would misalign the columns or, raw,
# drive the terminal. Input refuses them; this covers data from elsewhere.
from bonetrack.domain.text import printable

GAP = "  "  # between columns, as rich's box-less tables have it
MIN_WRAP = 12  # the last column is never wrapped narrower than this

_CODES = {
    "bold": "1",
    "dim": "2",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "blue": "34",
    "cyan": "36",
}
_COLOURS = {"red", "green", "yellow", "blue", "cyan"}


class Terminal(NamedTuple):
    """Where the text goes: its width, and whether it takes styles and colours."""

    width: int = 80
    styles: bool = False  # bold
    colours: bool = False


class Column(NamedTuple):
    header: str
    justify: Literal["left", "right"] = "left"


# A cell: its text, or its text and a style ("bold", "green", "dim green"...).
Cell = str | tuple[str, str]


def cell_width(text: str) -> int:
    """Columns the text takes on a terminal: wide East Asian characters and emoji take two."""
    if text.isascii():  # one column each: most text, measured at every word a line wraps
        return len(text)
    return sum(map(_char_width, text))


@cache
def _char_width(char: str) -> int:
    """A character's columns, looked up once: a report measures thousands of heatmap glyphs."""
    return (
        0 if unicodedata.combining(char) else 2 if unicodedata.east_asian_width(char) in "WF" else 1
    )


def styled(text: str, style: str | None, terminal: Terminal) -> str:
    """The text in `style`, one or more of _CODES's names ("dim green"): its attributes
    where the terminal takes styles, its colour where it takes colours (as rich does)."""
    if not text or not style:
        return text
    codes = [
        _CODES[word]
        for word in style.split()
        if (terminal.colours if word in _COLOURS else terminal.styles)
    ]
    return f"\x1b[{';'.join(codes)}m{text}\x1b[0m" if codes else text


def _cell(text: str, style: str | None, width: int, justify: str, terminal: Terminal) -> str:
    room = " " * (width - cell_width(text))
    text = styled(text, style, terminal)
    return room + text if justify == "right" else text + room


def _wrap(text: str, width: int) -> list[str]:
    if cell_width(text) <= width:
        return [text]
    return textwrap.wrap(text, width, break_on_hyphens=False) or [""]


def _cells(rows: Sequence[Sequence[Cell]]) -> list[list[tuple[str, str | None]]]:
    return [
        [(printable(cell), None) if isinstance(cell, str) else cell for cell in row] for row in rows
    ]


def table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[Cell]],
    terminal: Terminal,
    heading: int = 1,
    gap: str = GAP,
    wrap: int = -1,
    min_wrap: int = MIN_WRAP,
) -> str:
    """The header and the rows, columns aligned and `gap` apart; one column (`wrap`, the
    last unless told) wraps to the terminal width, its words under it.

    Where that does not fit (the other columns leave it fewer than `min_wrap` columns, or
    fewer than it needs where it is narrower), one block per row instead (`stacked`, its
    first `heading` cells as the block's title): nothing is cut. Lines carry no trailing
    spaces.
    """
    cells = _cells(rows)
    widths = [
        max([cell_width(column.header)] + [cell_width(row[i][0]) for row in cells])
        for i, column in enumerate(columns)
    ]
    wrap %= len(columns)
    fixed = sum(widths) - widths[wrap] + len(gap) * (len(columns) - 1)
    if fixed + min(widths[wrap], min_wrap) > terminal.width:
        return stacked(columns, rows, terminal, heading)
    widths[wrap] = min(widths[wrap], max(min_wrap, terminal.width - fixed))

    def lines(texts: Sequence[tuple[str, str | None]]) -> list[str]:
        out = []
        for n, piece in enumerate(_wrap(texts[wrap][0], widths[wrap])):
            parts = [
                _cell(piece if i == wrap else text, style, widths[i], columns[i].justify, terminal)
                if n == 0 or i == wrap
                else " " * widths[i]
                for i, (text, style) in enumerate(texts)
            ]
            out.append(gap.join(parts).rstrip())
        return out

    header: list[tuple[str, str | None]] = [(column.header, "bold") for column in columns]
    return "\n".join(line for texts in [header, *cells] for line in lines(texts))


INDENT = "  "


def stacked(
    columns: Sequence[Column],
    rows: Sequence[Sequence[Cell]],
    terminal: Terminal,
    heading: int = 1,
) -> str:
    """One block per row, for a terminal too narrow for the table: the first `heading` cells
    as its title (bold), then each other non-empty cell under its column's name, wrapped.

    [x] K2
      So far     180 µg of 180 µg
      Remaining  done
    """
    labels = [column.header for column in columns[heading:]]
    label_width = max((cell_width(label) for label in labels), default=0)
    room = max(MIN_WRAP, terminal.width - len(INDENT) - label_width - len(GAP))
    blocks: list[str] = []
    for row in _cells(rows):
        title = " ".join(text for text, _ in row[:heading] if text)
        lines = [styled(title, "bold", terminal)]
        for label, (text, style) in zip(labels, row[heading:], strict=True):
            if not text:
                continue
            for n, piece in enumerate(_wrap(text, room)):
                name = label if n == 0 else ""
                pad = " " * (label_width - cell_width(name))
                lines.append(f"{INDENT}{name}{pad}{GAP}{styled(piece, style, terminal)}".rstrip())
        blocks.append("\n".join(lines))
    return "\n".join(blocks)


def paragraph(text: str, terminal: Terminal, style: str | None = None) -> str:
    """A paragraph wrapped to the terminal's width."""
    return "\n".join(
        styled(piece, style, terminal)
        for piece in textwrap.wrap(text, max(MIN_WRAP, terminal.width), break_on_hyphens=False)
    )
