"""Plain aligned columns for the commands run several times a day (`today`, `entries`).

Importing and first printing with rich costs about 40 ms, a sixth of such a command's whole
run (bench/RESULTS.md); these tables need no more than aligned columns, a bold header, a
colour or two and a last column that wraps to the terminal's width.
"""

from __future__ import annotations

import textwrap
import unicodedata
from collections.abc import Sequence
from typing import Literal, NamedTuple

# Control characters shown as escapes (`\x1b`): they would misalign the columns or, raw,
# drive the terminal. Input refuses them; this covers data from elsewhere.
from bonetrack.domain.text import printable

GAP = "  "  # between columns, as rich's box-less tables have it
MIN_WRAP = 12  # the last column is never wrapped narrower than this

_CODES = {"bold": "1", "green": "32", "yellow": "33"}
_COLOURS = {"green", "yellow"}


class Terminal(NamedTuple):
    """Where the text goes: its width, and whether it takes styles and colours."""

    width: int = 80
    styles: bool = False  # bold
    colours: bool = False


class Column(NamedTuple):
    header: str
    justify: Literal["left", "right"] = "left"


# A cell: its text, or its text and a style ("bold", "green", "yellow").
Cell = str | tuple[str, str]


def cell_width(text: str) -> int:
    """Columns the text takes on a terminal: wide East Asian characters and emoji take two."""
    return sum(
        0 if unicodedata.combining(char) else 2 if unicodedata.east_asian_width(char) in "WF" else 1
        for char in text
    )


def styled(text: str, style: str | None, terminal: Terminal) -> str:
    if not text or style is None:
        return text
    wanted = terminal.colours if style in _COLOURS else terminal.styles
    return f"\x1b[{_CODES[style]}m{text}\x1b[0m" if wanted else text


def _cell(text: str, style: str | None, width: int, justify: str, terminal: Terminal) -> str:
    room = " " * (width - cell_width(text))
    text = styled(text, style, terminal)
    return room + text if justify == "right" else text + room


def _wrap(text: str, width: int) -> list[str]:
    if cell_width(text) <= width:
        return [text]
    return textwrap.wrap(text, width, break_on_hyphens=False) or [""]


def table(columns: Sequence[Column], rows: Sequence[Sequence[Cell]], terminal: Terminal) -> str:
    """The header and the rows, columns aligned; the last column wraps to the terminal width.

    Lines carry no trailing spaces.
    """
    cells: list[list[tuple[str, str | None]]] = [
        [(printable(cell), None) if isinstance(cell, str) else cell for cell in row] for row in rows
    ]
    widths = [
        max([cell_width(column.header)] + [cell_width(row[i][0]) for row in cells])
        for i, column in enumerate(columns)
    ]
    fixed = sum(widths[:-1]) + len(GAP) * (len(columns) - 1)
    widths[-1] = min(widths[-1], max(MIN_WRAP, terminal.width - fixed))

    def lines(texts: Sequence[tuple[str, str | None]]) -> list[str]:
        last = _wrap(texts[-1][0], widths[-1])
        out = []
        for n, piece in enumerate(last):
            parts = [
                _cell(text, style, widths[i], columns[i].justify, terminal)
                if n == 0
                else " " * widths[i]
                for i, (text, style) in enumerate(texts[:-1])
            ]
            parts.append(_cell(piece, texts[-1][1], widths[-1], columns[-1].justify, terminal))
            out.append(GAP.join(parts).rstrip())
        return out

    header: list[tuple[str, str | None]] = [(column.header, "bold") for column in columns]
    return "\n".join(line for texts in [header, *cells] for line in lines(texts))


def paragraph(text: str, terminal: Terminal, style: str | None = None) -> str:
    """A paragraph wrapped to the terminal's width."""
    return "\n".join(
        styled(piece, style, terminal)
        for piece in textwrap.wrap(text, max(MIN_WRAP, terminal.width), break_on_hyphens=False)
    )
