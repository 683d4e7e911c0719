"""Styled text: spans kept through joins and wrapping, lines broken where rich breaks them."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Span, Text

from bonetrack.render.columns import Terminal
from bonetrack.render.styled_text import StyledText, wrapped

STYLES = Terminal(width=80, styles=True, colours=True)


def test_joins_shift_the_spans_of_what_is_added() -> None:
    text = StyledText.of("●", "green") + " met  " + StyledText.of("○", "red") + " missed"
    assert text == StyledText("● met  ○ missed", ((0, 1, "green"), (7, 8, "red")))
    assert StyledText.of("", "bold") == StyledText()
    assert StyledText.of("plain") == StyledText("plain")


def test_render_merges_a_run_of_one_style_and_follows_the_terminal() -> None:
    row = StyledText("Mon ● ● ○", ((0, 4, "dim"), (4, 6, "dim green"), (6, 8, "dim green"),
                                   (8, 9, "dim red")))  # fmt: skip
    assert row.render(STYLES) == "\x1b[2mMon \x1b[0m\x1b[2;32m● ● \x1b[0m\x1b[2;31m○\x1b[0m"
    no_colour = Terminal(styles=True)
    assert row.render(no_colour) == "\x1b[2mMon \x1b[0m\x1b[2m● ● \x1b[0m\x1b[2m○\x1b[0m"
    assert row.render(Terminal()) == "Mon ● ● ○"


def test_wrapping_keeps_the_spans_and_leaves_no_trailing_space() -> None:
    text = StyledText("Adherence 2026-11-16 to 2026-11-22", ((10, 20, "bold"), (24, 34, "red")))
    lines = text.wrap(21)
    assert [line.plain for line in lines] == ["Adherence 2026-11-16", "to 2026-11-22"]
    assert [line.spans for line in lines] == [((10, 20, "bold"),), ((3, 13, "red"),)]
    assert wrapped([text, StyledText()], Terminal(width=21, styles=True, colours=True)) == [
        "Adherence \x1b[1m2026-11-16\x1b[0m",
        "to \x1b[31m2026-11-22\x1b[0m",
        "",
    ]


def test_a_word_longer_than_the_line_is_folded_and_wide_characters_take_two() -> None:
    assert [line.plain for line in StyledText("a verylongword b").wrap(5)] == [
        "a",
        "veryl",
        "ongwo",
        "rd b",
    ]
    assert [line.plain for line in StyledText("日本語 日本").wrap(7)] == ["日本語", "日本"]
    assert [line.plain for line in StyledText("    Nov 2026").wrap(10)] == ["    Nov", "2026"]
    assert [line.plain for line in StyledText("one\ntwo three").wrap(20)] == ["one", "two three"]


WORDS = st.text(alphabet="ab µ●◐漢 ", min_size=0, max_size=60)


@st.composite
def styled_texts(draw: st.DrawFn) -> StyledText:
    plain = draw(WORDS)
    cuts = sorted(draw(st.sets(st.integers(0, len(plain)), max_size=6)))
    names = ("bold", "dim", "green", "dim red")
    spans = tuple(
        (start, end, draw(st.sampled_from(names)))
        for start, end in zip(cuts[::2], cuts[1::2], strict=False)
        if end > start
    )
    return StyledText(plain, spans)


def styles_by_character(plain: str, spans: list[tuple[int, int, str]]) -> list[tuple[str, str]]:
    return [
        (char, " ".join(style for start, end, style in spans if start <= i < end))
        for i, char in enumerate(plain)
    ]


# (from 2 columns: at 1, rich drops a wide character that cannot fit; we keep it)
@given(text=styled_texts(), width=st.integers(min_value=2, max_value=30))
def test_lines_break_where_rich_breaks_them(text: StyledText, width: int) -> None:
    """Rich printed the report before: the same words on the same lines, with their styles
    (rich's lines without their trailing spaces)."""
    console = Console(width=width)
    rich_text = Text(text.plain, spans=[Span(*span) for span in text.spans])
    expected = []
    for line in rich_text.wrap(console, width):
        end = len(line.plain.rstrip())
        spans = [(span.start, min(span.end, end), str(span.style)) for span in line.spans]
        expected.append(styles_by_character(line.plain[:end], spans))
    found = [styles_by_character(line.plain, list(line.spans)) for line in text.wrap(width)]
    assert found == expected
