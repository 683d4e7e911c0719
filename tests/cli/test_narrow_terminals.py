"""Narrow and plain terminals: below the width a table needs, one block per item instead of
cut cells; every line within the width; nothing but text with NO_COLOR or TERM=dumb."""

from __future__ import annotations

import re

import pytest

from tests.conftest import CliCall, Freeze

WIDTHS = (40, 60, 80, 200)
COMMANDS = (
    ("report",),
    ("scan", "list"),
    ("entries",),
    ("remind", "--all"),
    ("today",),
    ("med", "list"),
    ("lab", "list"),
    ("summary",),
)
# What each command must show whole at every width (words may wrap, never be cut).
WHOLE = {
    "report": ["2 sessions/week", "180 µg/day", "Adherence", "Met/due", "Average", "Score",
               "Strength", "Oct Nov 2026", "= paused",
               "supplements and exercise 2026-11-10 to 2026-11-12: holiday (#1)", "Alendronate",
               "70 mg weekly", "Alendronate 2026-11-16 to 2026-11-26: dentist (#2)"],
    # (a table's cells wrap inside their borders: words, not phrases)
    "scan": ["2025-03-14", "lumbar", "spine,", "-2.6", "osteoporosis", "Hologic", "Horizon",
             "Reading", "ISCD)", "Severe osteoporosis needs a fragility",
             "Next: DEXA scan due in 112 days (2027-03-14)"],
    "entries": ["2026-11-21 08:00", "180 µg", "180 mcg", "after breakfast, with a glass of milk",
                "strength", "45 min"],
    "remind": ["All reminders", "Symptom record", "Clinician check-in", "DEXA scan", "2027-03-14",
               "last scan 2025-03-14 + 2 years"],
    "today": ["Today, Sun 2026-11-22: 1 of 2 done", "K2", "180 µg of 180 µg", "done",
              "Exercise: strength", "1 of 2 sessions, 45 min this week",
              "1 session to go this week", "Alendronate",
              "paused until 2026-11-26 (included): dentist"],
    "med": ["Alendronate", "2026-11-02", "70 mg weekly on Monday, by mouth", "(paused until",
            "2026-11-26 (included): dentist)", "on waking, fasting"],
    "lab": ["25(OH)D", "32 ng/mL", "2026-11-01", "IOM 2011"],
    # (words of table cells, which wrap inside their borders)
    "summary": ["Bone health: summary for my clinician", "2026-11-10", "2026-11-12", "holiday",
                "2026-11-16", "2026-11-26", "dentist", "supplements", "exercise", "Alendronate",
                "weekly", "Monday,", "1 / 2", "2026-11-02", "(MK-7)", "strength", "32 ng/mL"],
}  # fmt: skip


@pytest.fixture(autouse=True)
def _history(cli: CliCall, frozen: Freeze) -> None:
    frozen("2026-11-22 20:00")  # a Sunday
    for args in (
        ("plan", "set", "k2", "180mcg", "--form", "mk7", "--from", "2026-11-01"),
        ("plan", "set", "exercise", "--type", "strength", "--times", "2", "--from", "2026-11-01"),
        ("log", "k2", "180mcg", "--at", "2026-11-21 08:00", "--note",
         "after breakfast, with a glass of milk"),
        ("log", "k2", "180mcg", "--at", "08:00"),
        ("log", "exercise", "45min", "--type", "strength", "--at", "2026-11-17 17:00"),
        ("scan", "add", "--date", "2025-03-14", "--site", "spine", "--bmd", "0.812",
         "--t-score", "-1.8", "--machine", "Hologic Horizon A"),
        ("scan", "add", "--date", "2025-03-14", "--site", "hip", "--bmd", "0.700",
         "--t-score", "-2.6"),
        ("event", "add", "checkin", "--at", "2026-10-01 10:00"),
        ("event", "add", "pain", "--at", "2026-11-10 10:00", "--note", "lower back"),
        ("pause", "--from", "2026-11-10", "--to", "2026-11-12", "--all", "--reason", "holiday"),
        ("med", "add", "alendronate", "--on", "monday", "--from", "2026-11-02"),
        ("med", "take", "alendronate", "--at", "2026-11-02 06:40"),
        ("pause", "--med", "alendronate", "--from", "2026-11-16", "--to", "2026-11-26",
         "--reason", "dentist"),
        ("lab", "add", "25ohd", "32ng/mL", "--date", "2026-11-01"),
    ):  # fmt: skip
        result = cli(*args)
        assert result.exit_code == 0, (args, result.stderr)


def run(cli: CliCall, args: tuple[str, ...], width: int, **env: str) -> str:
    result = cli(*args, env={"COLUMNS": str(width), **env})
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("args", COMMANDS, ids=lambda args: args[0])
def test_nothing_is_cut_and_no_line_is_wider_than_the_terminal(
    cli: CliCall, args: tuple[str, ...], width: int
) -> None:
    out = run(cli, args, width)
    # (the summary's monthly bars name their range '2025-12 … 2026-11': no cut)
    assert "…" not in re.sub(r"\d{4}-\d{2} … \d{4}-\d{2}", "", out)
    assert max(len(line) for line in out.splitlines()) <= width
    flowing = " ".join(out.split())
    for whole in WHOLE[args[0]]:
        assert whole in flowing, whole


@pytest.mark.parametrize("args", COMMANDS, ids=lambda args: args[0])
def test_no_colour_and_dumb_terminals_get_plain_text(cli: CliCall, args: tuple[str, ...]) -> None:
    plain = run(cli, args, 80, NO_COLOR="1")
    assert "\x1b" not in plain
    assert run(cli, args, 80, TERM="dumb", NO_COLOR="") == plain
    assert run(cli, args, 80, TERM="dumb", NO_COLOR="1") == plain


def test_the_report_stacks_its_items_below_the_tables_width(cli: CliCall) -> None:
    narrow = run(cli, ("report",), 60).splitlines()
    start = narrow.index("K2")
    assert narrow[start : start + 25] == [
        "K2",
        "  Target     180 µg/day",
        "  Streak     2 days",
        "  Best       2 days",
        "  Adherence  10.5%",
        "  Met/due    2/19",  # Nov 1-22 planned, Nov 10-12 paused
        "  Average    18.9 µg",
        "  Score      10.1%",
        "Strength",
        "  Target     2 sessions/week",
        "  Streak     0 weeks",
        "  Best       0 weeks",
        "  Adherence  0.0%",
        "  Met/due    0/3",  # this week (1 of 2) is not over
        "  Average    0",
        "  Score      0.0%",
        "Alendronate",
        "  Target     70 mg weekly",
        "  Streak     0 weeks",
        "  Best       1 week",
        "  Adherence  50.0%",
        "  Met/due    1/2",  # taken on 2 Nov, missed on 9 Nov; 16 Nov paused
        "  Average    0.5",
        "  Score      13.4%",
        "Score: how steady you have been lately, 0-100%, recent days",  # no trailing space
    ]
    wide = run(cli, ("report",), 80).splitlines()
    assert wide[1].split() == [
        "Item", "Target", "Streak", "Best", "Adherence", "Met/due", "Average", "Score",
    ]  # fmt: skip


def test_today_at_40_columns(cli: CliCall) -> None:
    assert run(cli, ("today",), 40) == (
        "Today, Sun 2026-11-22: 1 of 2 done\n"
        "[x] K2\n"
        "  So far     180 µg of 180 µg\n"
        "  Remaining  done\n"
        "[ ] Exercise: strength\n"
        "  So far     1 of 2 sessions, 45 min\n"
        "             this week\n"
        "  Remaining  1 session to go this week\n"
        "\n"
        "Medicines\n"
        "[=] Alendronate\n"
        "  Dose    70 mg weekly on Monday, by\n"
        "          mouth\n"
        "  Status  paused until 2026-11-26\n"
        "          (included): dentist\n"
    )


def test_the_heatmap_fits_its_weeks_to_the_width(cli: CliCall) -> None:
    # A plan from six months back: its heatmap shows 26 weeks (the others start with theirs).
    run(cli, ("plan", "set", "calcium", "500mg", "--from", "2026-05-25"), 80)
    narrow = run(cli, ("report",), 40).splitlines()
    start = narrow.index("Calcium: 2026-05-25 to 2026-11-22")
    # 18 weeks a block at 40 columns: 26 weeks make two blocks, every month named
    assert narrow[start + 1] == "  May Jun 2026  Jul     Aug       Sep"
    assert narrow[start + 9] == "  Sep Oct'26  Nov"


def test_scan_list_stacks_its_visits_below_the_tables_width(cli: CliCall) -> None:
    assert run(cli, ("scan", "list"), 60).splitlines()[:6] == [
        "DEXA scans",
        "2025-03-14",
        "  Sites                 lumbar spine, total hip",
        "  Lowest T              -2.6 total hip",
        "  Reading (WHO / ISCD)  osteoporosis",
        "  Machine               Hologic Horizon A",
    ]
    assert "┃ Date       ┃ Sites" in run(cli, ("scan", "list"), 200)
