"""Plain aligned columns (today, entries, report): widths, justification, wrapping, styles."""

from __future__ import annotations

import pytest

from bonetrack.cli.output import stdout_terminal
from bonetrack.render.columns import Column, Terminal, cell_width, paragraph, styled, table

COLUMNS = (Column("ID", "right"), Column("Kind"), Column("Note"))


def test_columns_align_and_lines_carry_no_trailing_spaces() -> None:
    rows = [["7", "k2", ""], ["12", "vitamin-d", "after lunch"]]
    assert table(COLUMNS, rows, Terminal(width=80)).splitlines() == [
        "ID  Kind       Note",
        " 7  k2",
        "12  vitamin-d  after lunch",
    ]


def test_wide_characters_take_two_columns() -> None:
    assert (cell_width("µg"), cell_width("☕"), cell_width("日本"), cell_width("é")) == (2, 2, 4, 1)
    assert cell_width("e\u0301") == 1  # a combining accent takes no column
    rows = [["1", "☕☕", "x"], ["2", "k2", "y"]]
    assert table(COLUMNS, rows, Terminal()).splitlines() == [
        "ID  Kind  Note",
        " 1  ☕☕  x",
        " 2  k2    y",
    ]


def test_control_characters_are_shown_escaped() -> None:
    rows = [["5", "k2", "red \x1b[31m\x07bell"]]
    assert table(COLUMNS, rows, Terminal()).splitlines()[1] == " 5  k2    red \\x1b[31m\\x07bell"


def test_the_last_column_wraps_to_the_terminal_width_under_its_own_column() -> None:
    rows = [["3", "k2", "taken with breakfast and a glass of milk"], ["4", "k2", "ok"]]
    assert table(COLUMNS, rows, Terminal(width=26)).splitlines() == [
        "ID  Kind  Note",
        " 3  k2    taken with",
        "          breakfast and a",
        "          glass of milk",
        " 4  k2    ok",
    ]
    # Where the last column would get fewer than MIN_WRAP (12): one block per row, nothing
    # cut, and never wrapped narrower than MIN_WRAP however narrow the terminal.
    assert table(COLUMNS, rows[:1], Terminal(width=21)).splitlines() == [
        "3",
        "  Kind  k2",
        "  Note  taken with",
        "        breakfast and",
        "        a glass of",
        "        milk",
    ]
    assert table(COLUMNS, rows[:1], Terminal(width=5)).splitlines()[2:] == [
        "  Note  taken with",
        "        breakfast",
        "        and a glass",
        "        of milk",
    ]


def test_styles_and_colours_only_where_the_terminal_takes_them() -> None:
    rows = [["1", ("k2", "green"), ""]]
    assert table(COLUMNS, rows, Terminal()).splitlines() == ["ID  Kind  Note", " 1  k2"]
    assert table(COLUMNS, rows, Terminal(styles=True)).splitlines() == [
        "\x1b[1mID\x1b[0m  \x1b[1mKind\x1b[0m  \x1b[1mNote\x1b[0m",
        " 1  k2",
    ]
    assert table(COLUMNS, rows, Terminal(styles=True, colours=True)).splitlines()[1] == (
        " 1  \x1b[32mk2\x1b[0m"
    )
    assert paragraph("Today: all done", Terminal(width=12, styles=True), "bold") == (
        "\x1b[1mToday: all\x1b[0m\n\x1b[1mdone\x1b[0m"
    )


def test_a_style_of_several_words_takes_what_the_terminal_takes() -> None:
    assert styled("●", "dim green", Terminal(styles=True, colours=True)) == "\x1b[2;32m●\x1b[0m"
    assert styled("●", "dim green", Terminal(styles=True)) == "\x1b[2m●\x1b[0m"  # NO_COLOR
    assert styled("●", "blue", Terminal(styles=True)) == "●"
    assert styled("●", "dim green", Terminal()) == "●"
    assert styled("x", "bold red", Terminal(styles=True, colours=True)) == "\x1b[1;31mx\x1b[0m"


def test_a_table_with_a_one_space_gap_stacks_one_column_below_its_width() -> None:
    """The report's columns are one space apart (as rich's box-less tables with collapsed
    padding had them); a last column narrower than MIN_WRAP is never wrapped: the rows are
    stacked as soon as the table does not fit whole."""
    columns = (Column("Item"), Column("Score", "right"))
    rows = [["K2", "41.1%"], ["Strength", "100.0%"]]
    assert table(columns, rows, Terminal(width=15), gap=" ").splitlines() == [
        "Item      Score",
        "K2        41.1%",
        "Strength 100.0%",
    ]
    assert table(columns, rows, Terminal(width=14), gap=" ").splitlines() == [
        "K2",
        "  Score  41.1%",
        "Strength",
        "  Score  100.0%",
    ]


def test_a_column_other_than_the_last_can_wrap() -> None:
    columns = (Column("Item"), Column("Target"), Column("Score", "right"))
    rows = [["Calcium", "1200 mg in 3 doses/day", "84.5%"]]
    assert table(columns, rows, Terminal(width=25), gap=" ", wrap=1, min_wrap=9).splitlines() == [
        "Item    Target      Score",
        "Calcium 1200 mg in  84.5%",
        "        3 doses/day",
    ]
    assert table(columns, rows, Terminal(width=23), gap=" ", wrap=1, min_wrap=9).splitlines() == [
        "Item    Target    Score",
        "Calcium 1200 mg   84.5%",
        "        in 3",
        "        doses/day",
    ]
    # narrower than `min_wrap` (here its longest word) allows: one block per row
    assert table(columns, rows, Terminal(width=22), gap=" ", wrap=1, min_wrap=9).splitlines() == [
        "Calcium",
        "  Target  1200 mg in 3",
        "          doses/day",
        "  Score   84.5%",
    ]


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, Terminal(width=57, styles=False, colours=False)),  # not a terminal: plain
        ({"FORCE_COLOR": "1"}, Terminal(width=57, styles=True, colours=True)),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, Terminal(width=57, styles=True, colours=False)),
    ],
)
def test_stdout_terminal_follows_force_color_no_color_and_columns(
    env: dict[str, str], expected: Terminal, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "57")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert stdout_terminal() == expected
