"""Text with styled spans, word-wrapped to a width with its styles kept.

What the report prints instead of rich's `Text`: importing rich and printing with its
Console cost the report about 40 ms (bench/RESULTS.md). Lines break as rich breaks them
(greedy, at word boundaries, words longer than the width folded), so the text reads the
same; unlike rich, wrapped lines keep no trailing space.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from bonetrack.render.columns import Terminal, cell_width, styled

# A styled stretch: its start and end (character offsets) and its style, one or more words
# of columns.styled's ("bold", "dim green").
Span = tuple[int, int, str]

# A word and the spaces after it, as rich splits text for wrapping (its leading spaces too,
# at the start of the text).
_WORD = re.compile(r"\s*\S+\s*")


@dataclass(frozen=True, slots=True)
class StyledText:
    """One paragraph: its text and its spans (in order, not overlapping)."""

    plain: str = ""
    spans: tuple[Span, ...] = ()

    @classmethod
    def of(cls, text: str, style: str | None = None) -> StyledText:
        """The whole text in one style (or none)."""
        return cls(text, ((0, len(text), style),) if text and style else ())

    def __add__(self, other: StyledText | str) -> StyledText:
        if isinstance(other, str):
            return StyledText(self.plain + other, self.spans)
        shift = len(self.plain)
        moved = tuple((start + shift, end + shift, style) for start, end, style in other.spans)
        return StyledText(self.plain + other.plain, self.spans + moved)

    def rstrip(self) -> StyledText:
        """Without its trailing spaces (and the spans' parts over them)."""
        return self._slice(0, len(self.plain.rstrip()))

    def _slice(self, start: int, end: int) -> StyledText:
        spans = tuple(
            (max(a, start) - start, min(b, end) - start, style)
            for a, b, style in self.spans
            if min(b, end) > max(a, start)
        )
        return StyledText(self.plain[start:end], spans)

    def wrap(self, width: int) -> list[StyledText]:
        """Lines of at most `width` cells, broken where rich breaks them, without trailing
        spaces; a newline in the text starts a new line."""
        if "\n" not in self.plain and cell_width(self.plain) <= width:
            return [self.rstrip()]  # (most lines: nothing to break)
        lines: list[StyledText] = []
        start = 0
        for part in self.plain.split("\n"):
            piece = self._slice(start, start + len(part))
            starts = [0, *_breaks(part, width), len(part)]
            lines += [piece._slice(a, b).rstrip() for a, b in pairwise(starts)]
            start += len(part) + 1
        return lines

    def render(self, terminal: Terminal) -> str:
        """The text with its styles as ANSI codes where the terminal takes them."""
        out: list[str] = []
        position = 0
        for start, end, style in _merged(self.spans):
            out.append(self.plain[position:start])
            out.append(styled(self.plain[start:end], style, terminal))
            position = end
        out.append(self.plain[position:])
        return "".join(out)


def _merged(spans: Sequence[Span]) -> list[Span]:
    """Adjacent spans of one style as one: fewer codes for a heatmap row of one colour."""
    merged: list[Span] = []
    for start, end, style in spans:
        if merged and merged[-1][1] == start and merged[-1][2] == style:
            merged[-1] = (merged[-1][0], end, style)
        else:
            merged.append((start, end, style))
    return merged


def _chop(word: str, width: int) -> list[str]:
    """A word longer than the width in pieces of at most `width` cells."""
    pieces = [""]
    for char in word:
        if pieces[-1] and cell_width(pieces[-1] + char) > width:
            pieces.append("")
        pieces[-1] += char
    return pieces


def _breaks(text: str, width: int) -> list[int]:
    """Where a line of text breaks to fit `width` cells: rich's rule (rich/_wrap.py), in
    cells. A word goes on the line if it fits without its trailing spaces, else starts the
    next; a word wider than a line is folded."""
    breaks: list[int] = []
    used = 0  # cells on the current line
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group()
        length = cell_width(word.rstrip())
        if width - used >= length:
            used += cell_width(word)
        elif length > width:
            pieces = _chop(word, width)
            for piece in pieces[:-1]:
                if start:
                    breaks.append(start)
                start += len(piece)
            if start:
                breaks.append(start)
            used = cell_width(pieces[-1])
        elif used and start:
            breaks.append(start)
            used = cell_width(word)
    return breaks


def wrapped(lines: Iterable[StyledText], terminal: Terminal) -> list[str]:
    """Each paragraph wrapped to the terminal's width, its lines rendered for it."""
    return [piece.render(terminal) for line in lines for piece in line.wrap(terminal.width)]
