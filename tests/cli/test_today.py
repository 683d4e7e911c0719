"""`bonetrack today`: the checklist, with fixed dates (a Sunday, a DST change)."""

from __future__ import annotations

import json

from tests.conftest import CliCall, Freeze


def ok(cli: CliCall, *args: str) -> str:
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def test_empty_database_says_how_to_start(cli: CliCall, frozen: Freeze) -> None:
    frozen("2026-11-22 08:31")
    out = ok(cli, "today")
    assert " ".join(out.split()) == (
        "Nothing planned yet. Start with `bonetrack plan suggest` for an evidence-based "
        "starting plan (add --apply to use it), or set one item, e.g. `bonetrack plan set k2 "
        "180mcg --form mk7`. Or see a sample first: `bonetrack demo`."
    )
    data = json.loads(ok(cli, "today", "--json"))
    # Calcium and vitamin D from supplements and food: tests/cli/test_import_cronometer.py.
    assert data.pop("intake")["calcium"] == {
        "supplements": 0.0,
        "food": None,
        "total": None,
        "food_source": None,
        "note": "no food data",
        "unit": "mg",
        "rda": 1200.0,
        "ul": 2000.0,
    }
    assert data == {
        "date": "2026-11-22",
        "items": [],
        # tests/cli/test_med.py pins these
        "medicines": [],
        "medicine_notes": [],
        "notices": [],
    }


def test_checklist_split_doses_and_weekly_sessions(cli: CliCall, frozen: Freeze) -> None:
    frozen("2026-11-22 20:00")  # Sunday: the ISO week is Mon Nov 16 .. Sun Nov 22
    ok(cli, "plan", "set", "k2", "180mcg", "--form", "mk7", "--from", "2026-11-01")
    ok(cli, "plan", "set", "calcium", "1200mg", "--from", "2026-11-01")
    ok(cli, "plan", "set", "exercise", "--type", "strength", "--times", "2", "--from", "2026-11-01")
    ok(cli, "log", "k2", "180mcg", "--at", "08:00")
    ok(cli, "log", "calcium", "500mg", "--at", "08:00")
    ok(cli, "log", "calcium", "500mg", "--at", "13:00")
    ok(
        cli, "log", "exercise", "45min", "--type", "strength", "--at", "2026-11-15 17:00"
    )  # last week
    ok(cli, "log", "exercise", "40min", "--type", "strength", "--at", "2026-11-17 17:00")
    ok(
        cli, "log", "exercise", "30min", "--type", "balance", "--at", "2026-11-18 17:00"
    )  # other type
    data = json.loads(ok(cli, "today", "--json"))
    assert [data.pop(key) for key in ("medicines", "medicine_notes", "notices")] == [[], [], []]
    assert data.pop("intake")["calcium"]["supplements"] == 1000.0
    assert data == {
        "date": "2026-11-22",
        "items": [
            {
                "kind": "k2",
                "type": None,
                "target": {"amount": 180.0, "unit": "mcg", "per": "day", "times": None},
                "form": "mk7",
                "done": True,
                "amount": 180.0,
                "count": 1,
                "remaining": {"amount": 0.0, "times": None},
                "period": {"from": "2026-11-22", "to": "2026-11-22"},
                "judged": True,
                "caution": None,
                "paused": None,
                "due_target": {"amount": 180.0, "unit": "mcg", "per": "day", "times": None},
            },
            {
                "kind": "calcium",
                "type": None,
                # split into 3 doses of at most 500 mg by default (issue 15, item 5)
                "target": {"amount": 1200.0, "unit": "mg", "per": "day", "times": 3},
                "form": None,
                "done": False,
                "amount": 1000.0,
                "count": 2,
                "remaining": {"amount": 200.0, "times": 1},
                "period": {"from": "2026-11-22", "to": "2026-11-22"},
                "judged": True,
                "caution": None,
                "paused": None,
                "due_target": {"amount": 1200.0, "unit": "mg", "per": "day", "times": 3},
            },
            {
                "kind": "exercise",
                "type": "strength",
                "target": {"amount": None, "unit": "min", "per": "week", "times": 2},
                "form": None,
                "done": False,
                "amount": 40.0,
                "count": 1,
                "remaining": {"amount": None, "times": 1},
                "period": {"from": "2026-11-16", "to": "2026-11-22"},
                "judged": True,
                "caution": None,
                "paused": None,
                "due_target": {"amount": None, "unit": "min", "per": "week", "times": 2},
            },
        ],
    }
    lines = ok(cli, "today").splitlines()
    assert lines[0] == "Today, Sun 2026-11-22: 1 of 3 done"
    assert [line.split() for line in lines[2:]] == [
        ["[x]", "K2", "180", "µg", "of", "180", "µg", "done"],
        ["[", "]", "Calcium", "1000", "mg", "of", "1200", "mg,", "2", "of", "3", "doses", "200",
         "mg", "and", "1", "dose", "to", "go"],
        ["[", "]", "Exercise:", "strength", "1", "of", "2", "sessions,", "40", "min", "this",
         "week", "1", "session", "to", "go", "this", "week"],
    ]  # fmt: skip
    ok(cli, "log", "calcium", "200mg", "--at", "19:00")
    data = json.loads(ok(cli, "today", "--json"))
    assert (data["items"][1]["done"], data["items"][1]["amount"]) == (True, 1200.0)


def test_stopped_and_future_plans_are_not_on_the_list(cli: CliCall, frozen: Freeze) -> None:
    frozen("2026-11-22 08:31")
    ok(cli, "plan", "set", "k2", "180mcg", "--from", "2026-11-01")
    ok(cli, "plan", "stop", "k2", "--from", "2026-11-20")
    ok(cli, "plan", "set", "vitamin-d", "800IU", "--from", "2026-12-01")
    ok(cli, "plan", "set", "calcium", "500mg")
    data = json.loads(ok(cli, "today", "--json"))
    assert [item["kind"] for item in data["items"]] == ["calcium"]


def test_dst_day_counts_by_local_calendar_day(cli: CliCall, frozen: Freeze) -> None:
    # Europe/Amsterdam leaves summer time at 03:00 on 2026-10-25: a 25-hour day.
    frozen("2026-10-25 23:50")
    ok(cli, "plan", "set", "k2", "180mcg", "--times", "2", "--from", "2026-10-01")
    ok(cli, "log", "k2", "90mcg", "--at", "2026-10-25 00:10")  # 22:10 UTC on Oct 24
    ok(cli, "log", "k2", "90mcg", "--at", "2026-10-25 23:40")  # 22:40 UTC on Oct 25
    ok(cli, "log", "k2", "90mcg", "--at", "2026-10-24 23:55")  # the day before
    data = json.loads(ok(cli, "today", "--json"))
    item = data["items"][0]
    assert (item["done"], item["amount"], item["count"]) == (True, 180.0, 2)
