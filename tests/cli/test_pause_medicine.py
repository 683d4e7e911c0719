"""`bonetrack pause --med NAME`: a medicine paused on a clinician's instruction, the same
mechanism as any pause, in today, med list, remind, the calendar, the report and the summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.cli.test_med import FACT  # the fact `med stop denosumab` shows too
from tests.conftest import CliCall, Freeze, dump

DENTIST = "dentist: hold until the extraction heals"


def ok(cli: CliCall, *args: str) -> str:
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def alendronate(cli: CliCall, frozen: Freeze) -> None:
    """Weekly alendronate on Mondays from 2 Nov 2026, taken on 2 Nov; paused (by its brand
    name) 9-22 Nov on the dentist's advice."""
    frozen("2026-11-02 06:40")
    ok(cli, "med", "add", "alendronate", "--on", "monday")
    ok(cli, "med", "take", "alendronate")
    frozen("2026-11-05 12:00")
    out = ok(
        cli, "pause", "--med", "fosamax", "--from", "2026-11-09", "--to", "2026-11-22",
        "--reason", DENTIST,
    )  # fmt: skip
    assert out == (
        f"Paused Alendronate 2026-11-09 to 2026-11-22 (pause #1): {DENTIST}.\n"
        "Those days are not due and streaks go through them; a dose logged on one still counts.\n"
    )


@pytest.mark.usefixtures("alendronate")
def test_today_and_med_list_say_it_is_paused_until_when_and_why(
    cli: CliCall, frozen: Freeze
) -> None:
    assert ok(cli, "pause", "list") == f"#1 Alendronate 2026-11-09 to 2026-11-22: {DENTIST}\n"
    frozen("2026-11-09 08:00")  # the Monday dose's day, paused
    text = ok(cli, "today")
    assert (
        f"[=] Alendronate 70 mg weekly on Monday, by mouth paused until 2026-11-22 (included): "
        f"{DENTIST}"
    ) in words(text)
    # no calcium timing advice for a tablet that is not taken today
    assert "calcium" not in text.lower()
    [row] = json.loads(ok(cli, "today", "--json"))["medicines"]
    assert (row["due"], row["done"], row["paused"]) == (
        None,
        False,
        {"id": 1, "target": "medicine:alendronate", "label": "Alendronate",
         "from": "2026-11-09", "to": "2026-11-22", "reason": DENTIST},
    )  # fmt: skip
    [listed] = json.loads(ok(cli, "med", "list", "--json"))
    assert listed["paused"]["reason"] == DENTIST
    assert f"(paused until 2026-11-22 (included): {DENTIST})" in words(ok(cli, "med", "list"))
    # a dose taken anyway is recorded, and the pause goes on
    taken = cli("med", "take", "alendronate")
    assert taken.exit_code == 0
    assert taken.stderr == (
        f"Alendronate is paused until 2026-11-22 (included): {DENTIST}. What you log on a "
        "paused day still counts; the pause goes on.\n"
    )
    [row] = json.loads(ok(cli, "today", "--json"))["medicines"]
    assert (row["done"], row["paused"]["id"]) == (True, 1)
    # once the pause is over, Monday 23 Nov is due again
    frozen("2026-11-23 06:00")
    [row] = json.loads(ok(cli, "today", "--json"))["medicines"]
    assert (row["due"], row["done"], row["paused"]) == ("2026-11-23", False, None)


@pytest.mark.usefixtures("alendronate")
def test_the_report_and_summary_leave_the_paused_weeks_out_and_show_the_reason(
    cli: CliCall, frozen: Freeze
) -> None:
    frozen("2026-11-30 20:00")
    ok(cli, "med", "take", "alendronate", "--at", "2026-11-23 06:40")
    ok(cli, "med", "take", "alendronate", "--at", "2026-11-30 06:40")
    report = json.loads(ok(cli, "report", "--json", "--from", "2026-11-02"))
    [item] = report["items"]
    # weeks of 2, 23 and 30 Nov due and met; 9 and 16 Nov paused on their Monday
    assert (item["medicine"], item["met"], item["due"], item["adherence_pct"]) == (
        "alendronate", 3, 3, 100.0,
    )  # fmt: skip
    assert (item["current_streak"], item["paused_days"]) == (3, 14)
    assert report["pauses"] == [
        {"id": 1, "target": "medicine:alendronate", "label": "Alendronate",
         "from": "2026-11-09", "to": "2026-11-22", "reason": DENTIST},
    ]  # fmt: skip
    text = ok(cli, "report", "--from", "2026-11-02")
    assert f"  Alendronate 2026-11-09 to 2026-11-22: {DENTIST} (#1)\n" in text
    summary = json.loads(ok(cli, "summary", "--from", "2026-11-01", "--json"))
    assert summary["plan"]["pauses"] == [
        {"start": "2026-11-09", "end": "2026-11-22", "items": ["Alendronate"], "reason": DENTIST}
    ]
    [medicine] = summary["plan"]["medicines"]
    assert (medicine["doses_taken"], medicine["doses_due"]) == (3, 3)
    # without the pause: 5 weeks due, 2 of them missed
    ok(cli, "pause", "delete", "1", "--yes")
    [item] = json.loads(ok(cli, "report", "--json", "--from", "2026-11-02"))["items"]
    assert (item["met"], item["due"], item["current_streak"], item["paused_days"]) == (3, 5, 2, 0)


@pytest.mark.usefixtures("alendronate")
def test_a_pause_of_everything_leaves_medicines_due(cli: CliCall, frozen: Freeze) -> None:
    out = ok(cli, "pause", "--all", "--from", "2026-11-23", "--to", "2026-11-29")
    assert out.endswith(
        "Your medicines are not paused by --all: their doses stay due (pause one only as your "
        "clinician advised, with --med NAME).\n"
    )
    frozen("2026-11-23 06:00")
    [row] = json.loads(ok(cli, "today", "--json"))["medicines"]
    assert (row["due"], row["paused"]) == ("2026-11-23", None)


@pytest.mark.usefixtures("alendronate")
def test_resume_a_medicine(cli: CliCall, frozen: Freeze) -> None:
    frozen("2026-11-16 09:00")
    assert ok(cli, "pause", "resume", "--med", "alendronate") == (
        "Resumed Alendronate from 2026-11-16: pause #1 is now 2026-11-09 to 2026-11-15.\n"
    )
    [row] = json.loads(ok(cli, "today", "--json"))["medicines"]
    assert (row["due"], row["paused"]) == ("2026-11-16", None)


def test_pausing_denosumab_shows_the_fact_asks_and_moves_the_due_date(
    cli: CliCall, frozen: Freeze, db_path: Path, tmp_path: Path
) -> None:
    frozen("2026-01-15 10:00")
    ok(cli, "med", "add", "prolia", "--from", "2026-01-15")
    ok(cli, "med", "take", "denosumab")
    frozen("2026-07-01 10:00")
    args = ("pause", "--med", "denosumab", "--from", "2026-07-10", "--to", "2026-07-20")
    before = dump(db_path)
    refused = cli(*args, "--reason", "clinic closed")
    assert refused.exit_code == 2
    assert refused.stderr == (
        f"Warning: {FACT}\nError: no terminal to confirm on; add --yes to confirm.\n"
    )
    assert dump(db_path) == before
    paused = cli(*args, "--reason", "clinic closed", "--yes")
    assert paused.exit_code == 0
    assert paused.stderr == f"Warning: {FACT}\n"
    # due 15 Jul, a paused day: due the day after the pause
    rule = (
        "6 months after the last dose on 2026-01-15, moved past the pause 2026-07-10 to "
        "2026-07-20 (clinic closed)"
    )
    [reminder] = [r for r in json.loads(ok(cli, "remind", "--json")) if r["kind"] == "medicine"]
    assert (reminder["due"], reminder["rule"]) == ("2026-07-21", rule)
    assert json.loads(ok(cli, "med", "list", "--json"))[0]["next_due"] == "2026-07-21"
    path = tmp_path / "r.ics"
    ok(cli, "remind", "--ics", str(path))
    [event] = [
        e
        for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")
        if str(e["uid"]).startswith("medicine-denosumab")
    ]
    assert (str(event.decoded("dtstart")), str(event["summary"])) == ("2026-07-21", "Denosumab due")
    assert str(event["description"]).startswith(f"Due 2026-07-21: {rule}.\n\n")
    # late counts from 21 Jul: 28 days on 18 Aug is not flagged, 29 on 19 Aug is
    frozen("2026-08-18 09:00")
    assert json.loads(ok(cli, "today", "--json"))["notices"] == []
    frozen("2026-08-19 09:00")
    [notice] = json.loads(ok(cli, "today", "--json"))["notices"]
    assert notice["message"].startswith(
        "Denosumab is 29 days late (due 2026-07-21, 6 months after the last injection on "
        "2026-01-15, moved past the pause 2026-07-10 to 2026-07-20 (clinic closed)): more than "
        "4 weeks late"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("pause", "--med", "alendronate"),
         "no medicine 'alendronate' yet: add it first with `bonetrack med add alendronate` "
         "(see `bonetrack med list`)."),
        (("pause", "--kind", "alendronate"),
         "a medicine is paused by its name: --med alendronate."),
        (("pause", "--all", "--med", "alendronate"),
         "give one of --all, --kind and --med, not --all and --med."),
        (("pause", "resume", "--med", "fosamax"),
         "no medicine 'fosamax' yet: add it first with `bonetrack med add alendronate` "
         "(see `bonetrack med list`)."),
    ],
)  # fmt: skip
def test_refusals_create_no_database(
    cli: CliCall, db_path: Path, args: tuple[str, ...], message: str
) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {message}\n"
    assert not db_path.exists()
