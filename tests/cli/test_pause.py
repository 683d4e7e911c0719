"""`bonetrack pause`: days that are not due, in the report, today's checklist and the log."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import CliCall, Freeze, dump


@pytest.fixture(autouse=True)
def _clock(frozen: Freeze) -> None:
    frozen("2026-11-22 20:00")  # a Sunday


def ok(cli: CliCall, *args: str) -> str:
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.fixture
def k2_kept(cli: CliCall) -> None:
    """K2 planned from Nov 1 and taken every day but a holiday, Nov 10-16."""
    ok(cli, "plan", "set", "k2", "180mcg", "--form", "mk7", "--from", "2026-11-01")
    for day in range(1, 23):
        if not 10 <= day <= 16:
            ok(cli, "log", "k2", "180mcg", "--at", f"2026-11-{day:02d} 08:00")


def k2_numbers(cli: CliCall) -> tuple[object, ...]:
    item = json.loads(ok(cli, "report", "--json"))["items"][0]
    keys = ("current_streak", "longest_streak", "met", "due", "adherence_pct", "paused_days")
    return tuple(item[k] for k in keys)


@pytest.mark.usefixtures("k2_kept")
def test_a_holiday_pause_keeps_the_streak(cli: CliCall) -> None:
    assert k2_numbers(cli) == (6, 9, 15, 22, 68.2, 0)
    out = ok(cli, "pause", "--from", "2026-11-10", "--to", "2026-11-16", "--all",
             "--reason", "holiday")  # fmt: skip
    assert out == (
        "Paused supplements and exercise 2026-11-10 to 2026-11-16 (pause #1): holiday.\n"
        "Those days are not due and streaks go through them; a dose logged on one still counts.\n"
    )
    # the window is Oct 24 - Nov 22, planned from Nov 1, today met: 15 of 15 due, 7 paused
    assert k2_numbers(cli) == (15, 15, 15, 15, 100.0, 7)
    data = json.loads(ok(cli, "report", "--json"))
    assert data["pauses"] == [
        {"id": 1, "target": "all", "label": "supplements and exercise", "from": "2026-11-10",
         "to": "2026-11-16", "reason": "holiday"}
    ]  # fmt: skip
    text = ok(cli, "report")
    assert "Pauses (paused days are not due; streaks go through them):\n" in text
    assert "  supplements and exercise 2026-11-10 to 2026-11-16: holiday (#1)\n" in text
    assert "● met  ◐ partly  ○ missed  ◌ today, not yet  = paused  (blank) not planned" in text
    # the weeks of Nov 2, 9 and 16 (planned from Sunday Nov 1): Nov 10-16 paused
    heatmap = text[text.index("K2: 2026-10-26 to 2026-11-22") :].splitlines()
    assert [line[-5:] for line in heatmap[2:9]] == ["● ● =", *["● = ●"] * 6]


@pytest.mark.usefixtures("k2_kept")
def test_today_says_paused_and_until_when_and_a_dose_still_counts(cli: CliCall) -> None:
    ok(cli, "pause", "--kind", "k2", "--reason", "GP: stop for a month")
    # today (Sunday) was already logged at 08:00: done, and still paused
    lines = ok(cli, "today").splitlines()
    assert lines[0] == "Today, Sun 2026-11-22: 1 of 1 done"
    assert lines[2] == (
        "[x]  K2    180 µg of 180 µg  done; paused until you resume it (`bonetrack pause "
        "resume`): GP: stop for a month"
    )
    item = json.loads(ok(cli, "today", "--json"))["items"][0]
    assert item["paused"] == {
        "id": 1, "target": "k2", "label": "K2", "from": "2026-11-22", "to": None,
        "reason": "GP: stop for a month",
    }  # fmt: skip
    result = cli("log", "k2", "180mcg", "--at", "20:00")
    assert result.exit_code == 0
    assert result.stderr == (
        "K2 is paused until you resume it (`bonetrack pause resume`): GP: stop for a month. "
        "What you log on a paused day still counts; the pause goes on.\n"
    )
    assert json.loads(ok(cli, "pause", "list", "--json"))[0]["to"] is None  # goes on


def test_today_lists_a_paused_item_not_yet_taken(cli: CliCall) -> None:
    ok(cli, "plan", "set", "k2", "180mcg", "--from", "2026-11-01")
    ok(cli, "plan", "set", "calcium", "500mg", "--from", "2026-11-01")
    ok(cli, "pause", "--from", "2026-11-20", "--to", "2026-11-29", "--kind", "calcium",
       "--reason", "holiday")  # fmt: skip
    lines = ok(cli, "today").splitlines()
    assert lines == [
        "Today, Sun 2026-11-22: 0 of 1 done",
        "     Item     So far          Remaining",
        "[ ]  K2       0 µg of 180 µg  180 µg to go",
        "[=]  Calcium  nothing logged  paused until 2026-11-29 (included): holiday",
    ]


def test_list_delete_and_resume(cli: CliCall) -> None:
    ok(cli, "pause", "--from", "2026-11-01", "--kind", "exercise", "--type", "impact",
       "--reason", "vertebral fracture: low impact only")  # fmt: skip
    ok(cli, "pause", "--from", "2026-12-20", "--to", "2027-01-03", "--all", "--reason", "holiday")
    assert ok(cli, "pause", "list") == (
        "#1 Exercise: impact from 2026-11-01 until resumed: vertebral fracture: low impact only\n"
        "#2 supplements and exercise 2026-12-20 to 2027-01-03: holiday\n"
    )
    assert ok(cli, "pause", "resume") == (
        "Resumed Exercise: impact from 2026-11-22: pause #1 is now 2026-11-01 to 2026-11-21.\n"
    )
    result = cli("pause", "resume")
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: no pause is in force on 2026-11-22; see `bonetrack pause list`.\n",
    )
    assert ok(cli, "pause", "resume", "--all", "--on", "2026-12-20") == (
        "Removed pause #2 (supplements and exercise): it starts on 2026-12-20, so no day of it "
        "stays paused.\n"
    )
    result = cli("pause", "delete", "1", "--yes")
    assert result.stdout == (
        "Deleted #1 Exercise: impact 2026-11-01 to 2026-11-21: vertebral fracture: low impact "
        "only.\n"
    )
    assert result.stderr == (
        "Pause: #1 Exercise: impact 2026-11-01 to 2026-11-21: vertebral fracture: low impact only\n"
    )
    assert ok(cli, "pause", "list") == (
        "No pauses. Pause with e.g. `bonetrack pause --from DATE --to DATE --all`.\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("pause", "--from", "2026-11-10"), "say what to pause: --kind KIND (e.g. --kind k2), "
                                            "--med NAME (a medicine) or --all."),
        (("pause", "--from", "2026-11-10", "--to", "2026-11-09", "--all"),
         "--to 2026-11-09 is before --from 2026-11-10."),
        (("pause", "--kind", "k3"), "unknown kind 'k3'. Did you mean 'k2'? Kinds: k2, calcium, "
                                    "vitamin-d, exercise."),
        (("pause", "--all", "--from", "2026-12-24"),
         "Supplements and exercise are already paused 2026-12-20 to 2027-01-03 (pause #1): "
         "change that one (`bonetrack pause delete 1`, then pause again) or choose days "
         "outside it."),
        (("pause", "--all", "--reason", "a\x1b[2Jb"),
         "--reason cannot contain control characters such as a newline or escape."),
        (("pause", "--all", "list"), "options go after `pause list`, not before it; see "
                                     "`bonetrack pause --help`."),
        (("pause", "--all", "--from", "monday 8am"),
         "--from takes a day without a time of day, not 'monday 8am'."),
        (("pause", "delete", "99", "--yes"), "no pause with id 99; see `bonetrack pause list` "
                                             "for ids."),
    ],
)  # fmt: skip
def test_refusals_write_nothing(
    cli: CliCall, db_path: Path, args: tuple[str, ...], message: str
) -> None:
    ok(cli, "pause", "--from", "2026-12-20", "--to", "2027-01-03", "--all", "--reason", "holiday")
    before = dump(db_path)
    result = cli(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: " + message), result.stderr
    assert dump(db_path) == before


def test_a_weekly_item_asks_for_less_in_a_partly_paused_week(cli: CliCall) -> None:
    ok(cli, "plan", "set", "exercise", "--type", "strength", "--times", "2", "--from", "2026-11-02")
    ok(cli, "log", "exercise", "45min", "--type", "strength", "--at", "2026-11-17 17:00")
    ok(cli, "pause", "--from", "2026-11-19", "--to", "2026-11-25", "--kind", "exercise")
    # 3 of this week's 7 days (Mon-Wed) are not paused: 2 x 3/7 -> 1 session, done
    item = json.loads(ok(cli, "today", "--json"))["items"][0]
    assert (item["done"], item["due_target"]["times"], item["target"]["times"]) == (True, 1, 2)
    assert ok(cli, "today").splitlines()[2] == (
        "[x]  Exercise: strength  1 of 1 session, 45 min this week (4 days paused)  done; paused "
        "until "
        "2026-11-25 (included)"
    )


@pytest.mark.usefixtures("k2_kept")
def test_the_visit_summary_lists_pauses_and_leaves_their_days_out(cli: CliCall) -> None:
    def k2_adherence() -> tuple[object, ...]:
        data = json.loads(ok(cli, "summary", "--from", "2026-11-01", "--json"))
        k2 = data["adherence"][0]
        return data["plan"]["pauses"], k2["met"], k2["due"], k2["pct"]

    assert k2_adherence() == ([], 15, 22, 68.2)
    ok(cli, "pause", "--from", "2026-11-10", "--to", "2026-11-16", "--all", "--reason", "holiday")
    assert k2_adherence() == (
        [
            {
                "start": "2026-11-10",
                "end": "2026-11-16",
                "items": ["supplements and exercise"],
                "reason": "holiday",
            }
        ],
        15,
        15,
        100.0,
    )
