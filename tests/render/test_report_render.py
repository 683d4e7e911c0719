"""The report's text (table, heatmap, legend, with and without styles) and its JSON contract."""

from __future__ import annotations

from datetime import date, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bonetrack.domain.adherence import DayTotal, ItemReport, Report, item_report
from bonetrack.domain.pauses import Pause
from bonetrack.domain.plans import PlanVersion
from bonetrack.render.columns import Terminal
from bonetrack.render.report import (
    MARGIN,
    NOTHING_PLANNED,
    heatmap_lines,
    item_json,
    legend,
    month_row,
    nothing_planned,
    report_json,
    report_table,
    report_text,
    weeks_per_block,
)
from bonetrack.render.styled_text import wrapped

D = date.fromisoformat
TODAY = D("2026-11-22")  # a Sunday


def text(printed: str) -> str:
    """As the report prints it: a line, with its newline."""
    return printed + "\n"


def k2_item(window_from: str = "2026-11-16", plan_from: str = "2026-11-10") -> ItemReport:
    plan = PlanVersion("k2", None, 180.0, "day", None, "mk7", D(plan_from))
    daily = {D(f"2026-11-{d}"): DayTotal(180.0, 1) for d in range(10, 22)}
    daily[D("2026-11-13")] = DayTotal(90.0, 1)  # partial
    del daily[D("2026-11-18")]  # missed
    times = [time(8, 0), time(8, 10), time(7, 50), time(8, 30)]
    found = item_report([plan], daily, D(window_from), TODAY, TODAY, times)
    assert found is not None
    return found


def strength_item() -> ItemReport:
    plan = PlanVersion("exercise", "strength", None, "week", 2, None, D("2026-11-02"))
    daily = {
        D("2026-11-03"): DayTotal(45.0, 1),
        D("2026-11-06"): DayTotal(45.0, 1),
        D("2026-11-10"): DayTotal(45.0, 1),
        D("2026-11-17"): DayTotal(30.0, 1),
        D("2026-11-18"): DayTotal(30.0, 1),
    }
    found = item_report([plan], daily, D("2026-11-02"), TODAY, TODAY)
    assert found is not None
    return found


def test_report_json_has_the_contract_shape() -> None:
    report = Report(D("2026-11-16"), TODAY, TODAY, (k2_item(),))
    data = report_json(report, reminders=[{"kind": "scan", "message": "Scan due"}])
    assert data == {
        "from": "2026-11-16",
        "to": "2026-11-22",
        "asked_from": None,
        "items": [
            {
                "kind": "k2",
                "type": None,
                "target": {"amount": 180.0, "unit": "mcg", "per": "day", "times": None},
                "current_streak": 3,
                "longest_streak": 4,
                "adherence_pct": 83.3,
                "met": 5,
                "due": 6,
                "average": 150.0,
                "score": 41.1,
                "form": "mk7",
                "streak_unit": "day",
                "average_of": "amount",
                "from": "2026-11-16",
                "stopped": False,
                "usual_times": [{"median": "08:05", "spread_min": 10, "entries": 4}],
                "caution": None,
                "paused_days": 0,
                "over_target": [],
            }
        ],
        "pauses": [],
        "reminders": [{"kind": "scan", "message": "Scan due"}],
        "warnings": [],
    }


def test_weekly_item_json() -> None:
    data = item_json(strength_item())
    assert {k: data[k] for k in ("type", "target", "current_streak", "met", "due", "average")} == {
        "type": "strength",
        "target": {"amount": None, "unit": "min", "per": "week", "times": 2},
        "current_streak": 1,
        "met": 2,
        "due": 3,
        "average": 1.7,
    }
    assert (data["streak_unit"], data["average_of"], data["usual_times"]) == ("week", "count", [])


def test_daily_heatmap_reads_without_colour() -> None:
    lines = [line.plain for line in heatmap_lines(k2_item().heatmap)]
    # Weeks as columns from Monday 2026-11-09, the week the plan began (Tuesday Nov 10):
    # not 26 weeks of blank columns before it.
    assert lines == [
        "    Nov 2026",
        "Mon   ●",
        "Tue ● ●",
        "Wed ● ○",  # Nov 18 missed
        "Thu ● ●",
        "Fri ◐ ●",  # Nov 13: 90 of 180 µg
        "Sat ● ●",
        "Sun ● ◌",  # today, not logged yet
    ]


def test_weekly_heatmap_has_a_week_row_and_its_legend() -> None:
    lines = [line.plain for line in heatmap_lines(strength_item().heatmap)]
    assert lines[1:] == [
        "Mon · · ·",
        "Tue ● ● ●",  # Nov 3, 10, 17
        "Wed · · ●",  # Nov 18
        "Thu · · ·",
        "Fri ● · ·",  # Nov 6
        "Sat · · ·",
        "Sun · · ·",
        "Wk  ● ◐ ●",  # weeks of Nov 2 met, Nov 9 partly, Nov 16 met
    ]
    assert legend(True).plain == (
        "days: ● session  · none; weeks (Wk): ● met  ◐ partly  ○ missed  ◌ this week"
    )
    assert legend(False).plain == (
        "● met  ◐ partly  ○ missed  ◌ today, not yet  (blank) not planned"
    )


COLOURED = Terminal(width=40, styles=True, colours=True)  # FORCE_COLOR at 40 columns


def test_the_legend_wraps_at_words_keeping_each_glyphs_colour() -> None:
    assert wrapped([legend(True, paused=True)], COLOURED) == [
        "days: \x1b[32m●\x1b[0m session  \x1b[2m·\x1b[0m none  \x1b[34m=\x1b[0m paused; weeks",
        "(Wk): \x1b[32m●\x1b[0m met  \x1b[33m◐\x1b[0m partly  \x1b[31m○\x1b[0m missed  "
        "\x1b[36m◌\x1b[0m this",
        "week  \x1b[34m=\x1b[0m paused",
    ]
    # NO_COLOR: the excused glyph keeps its dim, the others are plain
    assert wrapped([legend(False, excused=True)], Terminal(width=40, styles=True)) == [
        "● met  ◐ partly  ○ missed  ◌ today, not",
        "yet  \x1b[2m-\x1b[0m not judged (see above)  (blank)",
        "not planned",
    ]


def test_heatmap_rows_keep_their_label_style_under_each_glyphs_colour() -> None:
    """As rich showed them: weekday rows dim, glyphs dim in their colour; the week row bold."""
    assert heatmap_lines(k2_item().heatmap)[3].render(COLOURED) == (
        "\x1b[2mWed \x1b[0m\x1b[2;32m● \x1b[0m\x1b[2;31m○\x1b[0m"
    )
    assert heatmap_lines(strength_item().heatmap)[-1].render(COLOURED) == (
        "\x1b[1mWk  \x1b[0m\x1b[1;32m● \x1b[0m\x1b[1;33m◐ \x1b[0m\x1b[1;32m●\x1b[0m"
    )
    assert heatmap_lines(k2_item().heatmap)[0].render(COLOURED) == "\x1b[2m    Nov 2026\x1b[0m"


def test_heatmap_weeks_per_block_follow_the_width() -> None:
    assert [weeks_per_block(w) for w in (200, 58, 57, 40, 12, 5)] == [27, 27, 26, 18, 4, 4]


def test_the_table_wraps_its_target_column_then_stacks_as_rich_did() -> None:
    """Rich printed this table before (these lines are rich's, trailing spaces aside): the
    Target column wraps down to its longest word, below that one block per item."""
    report = Report(D("2026-11-16"), TODAY, TODAY, (k2_item(), strength_item()))
    assert report_table(report, Terminal(width=70)).splitlines() == [
        "Item     Target          Streak   Best Adherence Met/due Average Score",
        "K2       180 µg/day      3 days 4 days     83.3%     5/6  150 µg 41.1%",
        "Strength 2 sessions/week 1 week 1 week     66.7%     2/3     1.7 33.9%",
    ]
    assert report_table(report, Terminal(width=68)).splitlines() == [
        "Item     Target        Streak   Best Adherence Met/due Average Score",
        "K2       180 µg/day    3 days 4 days     83.3%     5/6  150 µg 41.1%",
        "Strength 2             1 week 1 week     66.7%     2/3     1.7 33.9%",
        "         sessions/week",
    ]
    assert report_table(report, Terminal(width=67)).splitlines() == [
        "K2",
        "  Target     180 µg/day",
        "  Streak     3 days",
        "  Best       4 days",
        "  Adherence  83.3%",
        "  Met/due    5/6",
        "  Average    150 µg",
        "  Score      41.1%",
        "Strength",
        "  Target     2 sessions/week",
        "  Streak     1 week",
        "  Best       1 week",
        "  Adherence  66.7%",
        "  Met/due    2/3",
        "  Average    1.7",
        "  Score      33.9%",
    ]
    # the header bold where the terminal takes styles; the titles of the blocks too
    styled_table = report_table(report, Terminal(width=70, styles=True)).splitlines()
    assert styled_table[0].startswith("\x1b[1mItem\x1b[0m     \x1b[1mTarget\x1b[0m")
    assert report_table(report, Terminal(width=67, styles=True)).splitlines()[0] == (
        "\x1b[1mK2\x1b[0m"
    )
    # Below about 25 columns a stacked value (wrapped at 12 columns at least) wraps again,
    # as rich wrapped it: no line is wider than the terminal, nothing is cut.
    narrow = report_table(report, Terminal(width=22)).splitlines()
    assert narrow[1:3] == ["  Target     180", "µg/day"]
    assert narrow[9:13] == ["Strength", "  Target     2", "sessions/w", "             eek"]
    assert max(len(line) for line in narrow) <= 22


def test_the_report_has_no_line_wider_than_the_terminal_nor_trailing_spaces() -> None:
    report = Report(D("2026-11-16"), TODAY, TODAY, (k2_item(), strength_item()))
    for width in (30, 40, 60, 80):
        lines = report_text(report, Terminal(width=width)).splitlines()
        assert max(len(line) for line in lines) <= width
        assert [line for line in lines if line != line.rstrip()] == []


def test_long_window_heatmap_is_split_into_blocks_of_27_weeks() -> None:
    # The heatmap covers the item's window, which starts no earlier than its first plan.
    item = k2_item(window_from="2025-11-01", plan_from="2025-11-01")
    lines = heatmap_lines(item.heatmap)
    # 2025-10-27 .. 2026-11-22 is 56 weeks: three blocks of a header and 7 rows.
    assert item.heatmap.start == D("2025-10-27")
    assert len(lines) == 24
    assert lines[0].plain.startswith("  Oct Nov'25  Dec       Jan'26  Feb")
    assert lines[8].plain.startswith("    May'26  Jun")


def test_report_table_and_sections() -> None:
    report = Report(D("2026-11-16"), TODAY, TODAY, (k2_item(), strength_item()))
    out = text(
        report_text(
            report,
            Terminal(width=100),
            reminders=[{"message": "Bone density scan due on 2026-12-01"}],
            warnings=[{"message": "1 day above the calcium upper limit", "source": "IOM 2011"}],
        )
    )
    lines = out.splitlines()
    assert lines[0] == "Adherence 2026-11-16 to 2026-11-22 (7 days)"
    assert lines[1].split() == [
        "Item", "Target", "Streak", "Best", "Adherence", "Met/due", "Average", "Score",
    ]  # fmt: skip
    assert lines[2].split() == ["K2", "180", "µg/day", "3", "days", "4", "days", "83.3%", "5/6",
                                "150", "µg", "41.1%"]  # fmt: skip
    assert lines[3].split() == ["Strength", "2", "sessions/week", "1", "week", "1", "week",
                                "66.7%", "2/3", "1.7", "33.9%"]  # fmt: skip
    # Under the table, what the Score column is and why it starts low.
    assert " ".join(line.strip() for line in lines[4:6]) == (
        "Score: how steady you have been lately, 0-100%, recent days weighing most (half-life "
        "13 days; 4 weeks for weekly items). It starts at 0: a perfect month reaches about 80%."
    )
    assert "Usual time of day (median ± typical spread):" in lines
    assert "  K2  08:05 ± 10 min" in lines
    assert "K2: 2026-11-09 to 2026-11-22" in lines
    assert "Exercise: strength: 2026-11-02 to 2026-11-22" in lines
    assert lines[-6:] == [
        "Reminders",
        "- Bone density scan due on 2026-12-01",
        "",
        "Warnings",
        "- 1 day above the calcium upper limit (IOM 2011)",
        "",
    ]


def test_free_text_with_an_escape_is_shown_not_obeyed() -> None:
    pause = Pause(3, "all", D("2026-11-17"), D("2026-11-18"), "flu\x1b[2J")
    report = Report(D("2026-11-16"), TODAY, TODAY, (k2_item(),), pauses=(pause,))
    lines = report_text(report, Terminal(width=100), [{"message": "due\x1b[31m"}]).splitlines()
    assert "  supplements and exercise 2026-11-17 to 2026-11-18: flu\\x1b[2J (#3)" in lines
    assert "- due\\x1b[31m" in lines


def test_report_without_items_in_the_window() -> None:
    out = text(report_text(Report(D("2026-11-16"), TODAY, TODAY, ()), Terminal(width=300)))
    assert out.splitlines()[1] == f"No plan was in force in this window. {NOTHING_PLANNED}"


def test_nothing_planned_says_how_to_start() -> None:
    out = text(nothing_planned(Terminal(width=300)))
    assert out == f"{NOTHING_PLANNED}\n"
    assert "bonetrack plan suggest" in NOTHING_PLANNED
    assert "bonetrack plan set k2 180mcg --form mk7" in NOTHING_PLANNED


def test_usual_times_since_when_the_window_is_long() -> None:
    report = Report(D("2026-01-01"), TODAY, TODAY, (k2_item("2026-01-01"),),
                    usual_times_from=TODAY - timedelta(days=89))  # fmt: skip
    out = text(report_text(report, Terminal(width=120)))
    assert "Usual time of day, since 2026-08-25 (median ± typical spread):" in (out.splitlines())


_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@given(
    start=st.dates(min_value=date(2000, 1, 3), max_value=date(2030, 12, 30)),
    weeks=st.integers(min_value=1, max_value=60),
    per_block=st.integers(min_value=4, max_value=27),
)
def test_every_month_in_a_heatmap_is_named(start: date, weeks: int, per_block: int) -> None:
    monday = start - timedelta(days=start.weekday())
    mondays = [monday + timedelta(weeks=w) for w in range(weeks)]
    for first in range(0, weeks, per_block):
        block = mondays[first : first + per_block]
        last_block = first + per_block >= weeks
        row = month_row(block, last_block)
        words = row.split()
        names = [w[:3] for w in words if w[:3] in _NAMES]
        wanted = {w.month for w in block}
        if last_block:
            wanted |= {(block[-1] + timedelta(days=d)).month for d in range(7)}
        assert {_NAMES.index(n) + 1 for n in names} == wanted, row
        # names never run together, and fit the cells' width plus the label after the last
        assert all(len(w) in (3, 4, 6, 8) for w in words), row
        assert len(row) <= MARGIN + 2 * len(block) + 10


def test_the_last_week_names_a_month_that_begins_in_it() -> None:
    block = [date(2026, 11, 2) + timedelta(weeks=w) for w in range(5)]  # to the week of Nov 30
    assert month_row(block, last_block=True) == "    Nov'26  Dec"
    assert month_row(block, last_block=False) == "    Nov 2026"
