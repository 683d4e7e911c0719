"""`bonetrack med`: schedules, doses as entries, the rules at their thresholds, and what
today, report, remind and the calendar say about medicines."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from tests.conftest import CliCall, Freeze

FACT = (
    "Denosumab must not be stopped or delayed without a plan: after stopping, bone loss is "
    "rapid and multiple vertebral fractures occur in some patients. ECTS 2021 advises "
    "follow-on treatment 6 months after the last injection. Agree any change with your "
    "clinician (Prolia (denosumab) label; ECTS 2021, Tsourdi, JCEM 106:264)."
)
FASTING_29 = (
    "Warning: calcium 29 minutes after Alendronate: calcium stops an oral bisphosphonate being "
    "absorbed; take nothing but plain water for at least 30 minutes after Alendronate, and take "
    "calcium at another time of day (alendronate (Fosamax) label)\n"
)


def ok(cli: CliCall, *args: str) -> str:
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def fails(cli: CliCall, *args: str, code: int = 2) -> str:
    result = cli(*args)
    assert result.exit_code == code, result.stdout
    assert result.stderr.startswith("Error: ")
    return str(result.stderr)


def medicines(cli: CliCall) -> list[dict[str, Any]]:
    return list(json.loads(ok(cli, "med", "list", "--json")))


@pytest.fixture(autouse=True)
def _monday(frozen: Freeze) -> None:
    frozen("2026-11-23 08:00")  # a Monday


def test_add_fills_in_the_usual_schedule_from_the_table(cli: CliCall) -> None:
    assert ok(cli, "med", "add", "Fosamax", "--on", "monday") == (
        "Added Alendronate: 70 mg weekly on Monday, by mouth, from 2026-11-23.\n"
        "How to take it: on waking, fasting, with a full glass of plain water; nothing else to "
        "eat, drink or take, and stay upright, for at least 30 minutes (alendronate (Fosamax) "
        "label).\n"
        "Other usual schedules: or 10 mg daily; change any value with `bonetrack med edit "
        "alendronate`.\n"
    )
    assert medicines(cli) == [
        {
            "medicine": "alendronate",
            "label": "Alendronate",
            "builtin": True,
            "active": True,
            "dose_mcg": 70000.0,
            "every": {"count": 1, "unit": "week", "text": "week"},
            "weekday": 0,
            "route": "oral",
            "fasting_min": 30,
            "from": "2026-11-23",
            "stopped_from": None,
            "versions": 1,
            "last_dose": None,
            "next_due": None,
            "taking": "on waking, fasting, with a full glass of plain water; nothing else to "
            "eat, drink or take, and stay upright, for at least 30 minutes",
            "source": "alendronate (Fosamax) label",
            "paused": None,
        }
    ]


def test_add_teriparatide_needs_its_dose_and_tells_the_course(cli: CliCall) -> None:
    assert fails(cli, "med", "add", "forteo") == (
        "Error: the fact sheet gives no usual dose for Teriparatide: give the dose on your "
        "prescription with --dose (e.g. --dose 20mcg).\n"
    )
    assert medicines(cli) == []
    out = ok(cli, "med", "add", "forteo", "--dose", "20mcg")
    assert out.splitlines()[0] == "Added Teriparatide: 20 µg daily, injection, from 2026-11-23."
    assert out.splitlines()[2] == (
        "Course: treatment courses are usually limited in length (historically 2 years) "
        "[uncertain: label limits changed in 2020] (teriparatide (Forteo) label)."
    )


def test_any_other_medicine_with_an_explicit_schedule(cli: CliCall) -> None:
    assert fails(cli, "med", "add", "calcitriol") == (
        "Error: 'calcitriol' is not in bonetrack's table of osteoporosis medicines: give its "
        "schedule, e.g. `bonetrack med add calcitriol --dose 10mg --every day`.\n"
    )
    assert ok(cli, "med", "add", "calcitriol", "--dose", "0.25mcg", "--every", "day") == (
        "Added calcitriol: 0.25 µg daily, by mouth, from 2026-11-23.\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("med", "add", "alendronate", "--every", "fortnight"), "cannot read --every"),
        (("med", "add", "prolia", "--on", "monday"), "--on is for weekly schedules"),
        (("med", "add", "calcium"), "'calcium' is not a medicine name"),
        (("med", "add", "alendronate", "--dose", "70"), "'70' needs a unit for medicine"),
        (("med", "add", "alendronate", "--from", "someday"), "cannot read the date"),
        (("med", "take", "alendronate"), "no medicine 'alendronate' yet: add it first"),
        (("med", "stop", "alendronate"), "no medicine 'alendronate' yet"),
        (("log", "alendronate"), "medicine doses are recorded with `bonetrack med take alendr"),
        (("log", "medicine", "70mg"), "medicine doses are recorded with `bonetrack med take NAME`"),
        (("plan", "set", "medicine", "70mg"), "medicine doses are recorded with"),
    ],
)
def test_bad_input_is_one_line_and_stores_nothing(
    cli: CliCall, args: tuple[str, ...], message: str
) -> None:
    assert message in fails(cli, *args)
    assert medicines(cli) == []
    assert json.loads(ok(cli, "entries", "--json")) == []


def test_add_twice_then_edit_and_stop(cli: CliCall) -> None:
    ok(cli, "med", "add", "alendronate", "--from", "2026-11-02")
    assert fails(cli, "med", "add", "fosamax") == (
        "Error: Alendronate is already scheduled: change it with `bonetrack med edit "
        "alendronate` or stop it with `bonetrack med stop alendronate`.\n"
    )
    assert fails(cli, "med", "edit", "alendronate") == (
        "Error: nothing to change: give --dose, --every, --on, --route or --fasting.\n"
    )
    assert ok(cli, "med", "edit", "alendronate", "--every", "day", "--dose", "10mg") == (
        "Changed Alendronate: 10 mg daily, by mouth, from 2026-11-23 (was 70 mg weekly on "
        "Monday, by mouth).\n"
        "How to take it: on waking, fasting, with a full glass of plain water; nothing else to "
        "eat, drink or take, and stay upright, for at least 30 minutes (alendronate (Fosamax) "
        "label).\n"
    )
    assert ok(cli, "med", "edit", "alendronate", "--dose", "10mg") == (
        "Unchanged: Alendronate 10 mg daily, by mouth since 2026-11-23.\n"
    )
    # not denosumab: stopped without a question
    assert ok(cli, "med", "stop", "alendronate", "--from", "2026-11-30") == (
        "Stopped Alendronate from 2026-11-30: later doses are not due.\n"
    )
    [row] = medicines(cli)
    assert (row["versions"], row["active"], row["dose_mcg"]) == (3, True, 10000.0)


def test_stopping_denosumab_shows_the_fact_and_asks(
    cli: CliCall, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(cli, "med", "add", "prolia", "--from", "2026-06-01")
    refused = cli("med", "stop", "denosumab")
    assert refused.exit_code == 2
    assert refused.stderr == (
        f"Warning: {FACT}\nError: no terminal to confirm on; add --yes to confirm.\n"
    )
    assert medicines(cli)[0]["active"] is True  # nothing stored
    monkeypatch.setattr("bonetrack.cli.confirm.stdin_is_terminal", lambda: True)
    declined = cli("med", "stop", "denosumab", input="n\n")
    assert declined.exit_code == 0
    # (the test runner echoes the typed answer to stdout)
    assert declined.stdout.endswith("Not stopped: nothing was stored.\n")
    assert declined.stderr == (
        f"Warning: {FACT}\nRecord that Denosumab was stopped from 2026-11-23? [y/N]:"
    )
    assert medicines(cli)[0]["active"] is True
    stopped = cli("med", "stop", "prolia", "--yes")
    assert stopped.exit_code == 0
    assert stopped.stderr == f"Warning: {FACT}\n"
    assert stopped.stdout == "Stopped Denosumab from 2026-11-23: later doses are not due.\n"
    assert medicines(cli)[0]["stopped_from"] == "2026-11-23"


def test_a_dose_is_an_entry_like_any_other(cli: CliCall) -> None:
    ok(cli, "med", "add", "alendronate", "--from", "2026-11-02")
    assert ok(cli, "med", "take", "fosamax", "--at", "07:00") == (
        "Recorded Alendronate 70 mg at 2026-11-23 07:00.\n"
    )
    [entry] = json.loads(ok(cli, "entries", "--kind", "medicine", "--json"))
    assert {k: entry[k] for k in ("id", "kind", "amount", "unit", "input", "medicine")} == {
        "id": 1,
        "kind": "medicine",
        "amount": 70000.0,
        "unit": "mcg",
        "input": "70 mg",
        "medicine": "alendronate",
    }
    table = ok(cli, "entries")
    assert "medicine   70 mg     70 mg  Alendronate" in table
    assert ok(cli, "edit", "1", "--at", "06:30") == (
        "Updated #1 2026-11-23 06:30 Alendronate 70 mg.\n"
    )
    assert json.loads(ok(cli, "entries", "--json"))[0]["medicine"] == "alendronate"
    # undo takes back the last change (the edit), then the dose, then the schedule
    assert ok(cli, "undo", "--yes") == (
        "Undone (bonetrack edit 1 --at 06:30): restored entry #1 2026-11-23 07:00 "
        "Alendronate 70 mg.\n"
    )
    assert ok(cli, "undo", "--yes") == (
        "Undone (bonetrack med take fosamax --at 07:00): removed entry #1 2026-11-23 07:00 "
        "Alendronate 70 mg.\n"
    )
    assert json.loads(ok(cli, "entries", "--json")) == []


def test_calcium_in_the_alendronate_window(cli: CliCall) -> None:
    ok(cli, "med", "add", "alendronate", "--from", "2026-11-02")
    ok(cli, "med", "take", "alendronate", "--at", "07:00")
    at_29 = cli("log", "calcium", "400mg", "--at", "07:29")
    assert at_29.stderr == FASTING_29
    at_31 = cli("log", "calcium", "400mg", "--at", "07:31")
    # the second calcium entry only adds up with the first (a sitting), no window warning
    assert "Alendronate" not in at_31.stderr


def test_med_take_warns_about_calcium_just_taken(cli: CliCall) -> None:
    ok(cli, "med", "add", "alendronate", "--from", "2026-11-02")
    ok(cli, "log", "calcium", "500mg", "--at", "06:31")
    taken = cli("med", "take", "alendronate", "--at", "07:00")
    assert taken.exit_code == 0
    assert taken.stderr == (
        "Warning: calcium 29 minutes before Alendronate: it is taken fasting, and calcium stops "
        "an oral bisphosphonate being absorbed; take nothing but plain water for at least 30 "
        "minutes after Alendronate, and take calcium at another time of day (alendronate "
        "(Fosamax) label)\n"
    )
    assert ok(cli, "med", "take", "alendronate", "--at", "2026-11-16 07:00")  # another week
    earlier = cli("med", "take", "alendronate", "--at", "2026-11-09 07:01")
    assert earlier.stderr == ""  # calcium 06:31 is on another day


@pytest.mark.parametrize(("minutes", "warns"), [(59, True), (61, False)])
def test_calcium_in_the_ibandronate_window(cli: CliCall, minutes: int, warns: bool) -> None:
    ok(cli, "med", "add", "boniva", "--from", "2026-11-01")
    ok(cli, "med", "take", "ibandronate", "--at", "06:00")
    logged = cli(
        "log",
        "calcium",
        "500mg",
        "--at",
        f"07:{minutes - 60:02d}" if minutes >= 60 else f"06:{minutes:02d}",
    )
    assert logged.exit_code == 0
    expected = (
        f"Warning: calcium {minutes} minutes after Ibandronate: calcium stops an oral "
        "bisphosphonate being absorbed; take nothing but plain water for at least 60 minutes "
        "after Ibandronate, and take calcium at another time of day (ibandronate (Boniva) "
        "label)\n"
    )
    assert logged.stderr == (expected if warns else "")


def test_a_second_dose_in_one_iso_week(cli: CliCall) -> None:
    ok(cli, "med", "add", "alendronate", "--from", "2026-11-02")
    ok(cli, "med", "take", "alendronate", "--at", "2026-11-22 23:59")  # Sunday
    monday = cli("med", "take", "alendronate", "--at", "2026-11-23 00:01")  # a new ISO week
    assert monday.stderr == ""
    again = cli("med", "take", "alendronate", "--at", "07:00")
    assert again.stderr == (
        "Warning: a second Alendronate dose on 2026-11-23, the same day: a weekly tablet is "
        "taken once a week: take a missed dose the next morning after you remember, and never "
        "two on the same day (alendronate (Fosamax) label)\n"
    )
    assert len(json.loads(ok(cli, "entries", "--json"))) == 3  # warned, never blocked


def test_today_lists_the_weekly_tablet_and_when_to_take_calcium(cli: CliCall) -> None:
    ok(cli, "med", "add", "alendronate", "--from", "2026-11-02")
    ok(cli, "plan", "set", "calcium", "500mg")
    out = ok(cli, "today")
    medicines_part = out[out.index("Medicines\n") :]
    assert medicines_part.splitlines()[:3] == [
        "Medicines",
        "     Medicine     Dose                              Status",
        "[ ]  Alendronate  70 mg weekly on Monday, by mouth  due today",
    ]
    assert " ".join(medicines_part.splitlines()[3:]) == (
        "Alendronate: on waking, fasting, with a full glass of plain water; nothing else to eat, "
        "drink or take, and stay upright, for at least 30 minutes; take calcium at another time "
        "of day, never within 30 minutes of it (alendronate (Fosamax) label)."
    )
    ok(cli, "med", "take", "alendronate", "--at", "07:00")
    data = json.loads(ok(cli, "today", "--json"))
    assert data["medicines"] == [
        {
            "medicine": "alendronate",
            "label": "Alendronate",
            "due": "2026-11-23",
            "done": True,
            "overdue_days": 0,
            "schedule": "70 mg weekly on Monday, by mouth",
            "note": "",
            "paused": None,
        }
    ]
    assert data["notices"] == []
    assert len(data["medicine_notes"]) == 1


def late_denosumab(cli: CliCall, frozen: Freeze, days_late: int) -> None:
    frozen("2026-01-15 10:00")
    ok(cli, "med", "add", "prolia", "--from", "2026-01-15")
    ok(cli, "med", "take", "denosumab")
    # due 15 July 2026, 6 months after the injection
    frozen(f"{date(2026, 7, 15) + timedelta(days=days_late)} 09:00")


@pytest.mark.parametrize(("days_late", "flagged"), [(27, False), (29, True)])
def test_denosumab_more_than_4_weeks_late_everywhere(
    cli: CliCall, frozen: Freeze, days_late: int, flagged: bool
) -> None:
    late_denosumab(cli, frozen, days_late)
    notice = (
        f"Denosumab is {days_late} days late (due 2026-07-15, 6 months after the last injection "
        "on 2026-01-15): more than 4 weeks late [uncertain: the 4-week window is common "
        "clinical practice, not a label figure]. Stopping or delaying denosumab without a plan "
        "can lead to rapid bone loss and multiple vertebral fractures: contact your clinician."
    )
    today = json.loads(ok(cli, "today", "--json"))
    report = json.loads(ok(cli, "report", "--json"))
    reminders = json.loads(ok(cli, "remind", "--json"))
    expected = (
        [
            {
                "code": "denosumab-late",
                "message": notice,
                "source": "Prolia (denosumab) label; ECTS 2021, Tsourdi, JCEM 106:264",
            }
        ]
        if flagged
        else []
    )
    assert today["notices"] == expected
    assert report["notices"] == expected
    [medicine] = [r for r in reminders if r["kind"] == "medicine"]
    assert (medicine["medicine"], medicine["due"], medicine["days"]) == (
        "denosumab",
        "2026-07-15",
        -days_late,
    )
    assert (notice in medicine["message"]) == flagged
    for command in ("today", "report", "remind"):
        text = " ".join(ok(cli, command).split())
        assert ("IMPORTANT: " + notice in text) == flagged, command
    # the checklist lists the overdue injection either way
    assert today["medicines"][0]["overdue_days"] == days_late


def test_the_calendar_has_one_stable_entry_per_medicine(
    cli: CliCall, frozen: Freeze, tmp_path: Path
) -> None:
    frozen("2026-11-23 08:00")
    ok(cli, "med", "add", "prolia", "--from", "2026-06-01")
    ok(cli, "med", "take", "prolia", "--at", "2026-06-01")
    ok(cli, "med", "add", "reclast", "--from", "2026-03-01")
    ok(cli, "med", "take", "reclast", "--at", "2026-03-02")
    ok(cli, "med", "add", "alendronate")  # weekly: in the checklist, not the calendar
    path = tmp_path / "b.ics"
    ok(cli, "remind", "--ics", str(path))
    first = Calendar.from_ical(path.read_bytes())
    events = {
        str(e["uid"]): (e.decoded("dtstart"), str(e["summary"])) for e in first.walk("VEVENT")
    }
    medicine_events = {uid: v for uid, v in events.items() if uid.startswith("medicine-")}
    assert sorted((uid.split("-reminder-")[0], v[1]) for uid, v in medicine_events.items()) == [
        ("medicine-denosumab", "Denosumab due"),
        ("medicine-zoledronic-acid", "Zoledronic acid due"),
    ]
    assert sorted(str(v[0]) for v in medicine_events.values()) == ["2026-12-01", "2027-03-02"]
    # a dose recorded moves the date, never the entry
    ok(cli, "med", "take", "prolia", "--at", "2026-11-20")
    ok(cli, "remind", "--ics", str(path))
    again = Calendar.from_ical(path.read_bytes())
    moved = {str(e["uid"]): e.decoded("dtstart") for e in again.walk("VEVENT")}
    assert set(moved) == set(events)
    [uid] = [u for u in moved if u.startswith("medicine-denosumab")]
    assert str(moved[uid]) == "2027-05-20"


def test_report_has_medicines_and_time_on_treatment(cli: CliCall, frozen: Freeze) -> None:
    frozen("2026-11-29 20:00")  # Sunday
    ok(cli, "med", "add", "alendronate", "--from", "2026-11-02")
    for day in ("2026-11-02", "2026-11-09", "2026-11-24"):
        ok(cli, "med", "take", "alendronate", "--at", f"{day} 07:00")
    data = json.loads(ok(cli, "report", "--json"))
    [item] = data["items"]
    assert {
        k: item[k]
        for k in ("kind", "medicine", "schedule", "streak_unit", "met", "due", "adherence_pct")
    } == {
        "kind": "medicine",
        "medicine": "alendronate",
        "schedule": "70 mg weekly",
        "streak_unit": "week",
        "met": 3,
        "due": 4,
        "adherence_pct": 75.0,
    }
    assert data["treatments"] == [
        {
            "medicine": "alendronate",
            "start": "2026-11-02",
            "days": 28,
            "years": 0.1,
            "stopped": False,
            "reassess_after_years": 5,
            "reassess_in_years": 4.9,
            "source": "ASBMR task force, Adler 2016, JBMR 31:16",
        }
    ]
    text = " ".join(ok(cli, "report").split())
    assert "Alendronate 70 mg weekly 1 week 2 weeks 75.0% 3/4" in text
    # its heatmap, from the week its schedule started (not six blank months before it)
    assert "Alendronate: 2026-11-02 to 2026-11-29" in text
    assert (
        "Time on treatment - Alendronate: since 2026-11-02, 0.1 years on treatment. "
        "Bisphosphonates are reassessed after about 5 years of oral treatment (in 4.9 years): "
        "information for the conversation with your clinician (ASBMR task force, Adler 2016, "
        "JBMR 31:16)."
    ) in text


def test_a_dose_before_the_birth_year_is_refused(cli: CliCall) -> None:
    ok(cli, "profile", "set", "--birth-year", "1958")
    ok(cli, "med", "add", "alendronate")
    result = cli("med", "take", "alendronate", "--at", "1950-01-02")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: 1950-01-02 is before your birth year (1958): check the date, or the birth year "
        "in your profile (bonetrack profile show).\n"
    )
    assert json.loads(ok(cli, "entries", "--json")) == []


def test_the_visit_summary_shows_medicines_and_labs(cli: CliCall, frozen: Freeze) -> None:
    frozen("2026-01-15 10:00")
    ok(cli, "med", "add", "prolia", "--from", "2026-01-15")
    ok(cli, "med", "take", "denosumab")
    frozen("2026-08-13 09:00")  # 29 days past the due date, 15 July
    ok(cli, "lab", "add", "25ohd", "18ng/mL", "--date", "2026-08-01")
    plan = json.loads(ok(cli, "summary", "--json"))["plan"]
    [medicine] = plan["medicines"]
    assert {k: v for k, v in medicine.items() if k != "notes"} == {
        "name": "Denosumab",
        "schedule": "60 mg every 6 months, injection",
        "since": "2026-01-15",
        "doses_taken": 1,
        "doses_due": 2,
        "last_dose": "2026-01-15",
        "next_dose": "2026-07-15",
        "source": "Prolia (denosumab) label; ECTS 2021, Tsourdi, JCEM 106:264",
    }
    assert [note.split(":")[0] for note in medicine["notes"]] == [
        "Denosumab is 29 days late (due 2026-07-15, 6 months after the last injection on "
        "2026-01-15)",
        "Denosumab",
    ]
    assert medicine["notes"][1] == "Denosumab: since 2026-01-15, 0.6 years on treatment."
    [lab] = plan["labs"]
    assert (lab["test"], lab["value"], lab["band"]) == (
        "25(OH)D",
        "18 ng/mL (44.93 nmol/L)",
        "some at risk (12 to < 20 ng/mL) (IOM 2011 cut-points 12, 20, 30, 50 ng/mL)",
    )
    text = " ".join(ok(cli, "summary").split())
    assert "Osteoporosis medicines (doses in the period)" in text
    assert "Latest lab values" in text


def test_the_report_lists_the_days_the_medicine_rules_were_broken(cli: CliCall) -> None:
    """What `log calcium` and `med take` warn about at the time, the report counts by day."""
    ok(cli, "med", "add", "alendronate", "--from", "2026-11-02")
    ok(cli, "med", "take", "alendronate", "--at", "2026-11-09 07:00")
    ok(cli, "log", "calcium", "500mg", "--at", "2026-11-09 07:29")  # 29 minutes: warned
    ok(cli, "med", "take", "alendronate", "--at", "2026-11-15 23:59")  # Sunday: a second dose
    ok(cli, "med", "take", "alendronate", "--at", "2026-11-16 00:01")  # Monday: a new week
    ok(cli, "log", "calcium", "500mg", "--at", "2026-11-15 23:28")  # 31 minutes before: fine
    ok(cli, "med", "take", "alendronate", "--at", "06:00")
    ok(cli, "log", "calcium", "500mg", "--at", "2026-11-23 05:31")  # 29 minutes before
    report = json.loads(ok(cli, "report", "--json", "--from", "2026-11-01", "--to", "2026-11-23"))
    source = "alendronate (Fosamax) label"
    assert report["warnings"] == [
        {
            "code": "bisphosphonate-calcium",
            "count": 2,
            "message": "2 days with calcium within 30 minutes of Alendronate: calcium stops an "
            "oral bisphosphonate being absorbed; take calcium at another time of day",
            "dates": ["2026-11-09", "2026-11-23"],
            "source": source,
        },
        {
            "code": "second-weekly-dose",
            "count": 1,
            "message": "1 day with a second Alendronate dose in the same week (Monday to "
            "Sunday): a weekly tablet is taken once a week: take a missed dose the next morning "
            "after you remember, and never two on the same day",
            "dates": ["2026-11-15"],
            "source": source,
        },
    ]
    text = " ".join(ok(cli, "report", "--from", "2026-11-01", "--to", "2026-11-23").split())
    assert "2 days with calcium within 30 minutes of Alendronate" in text
    later = json.loads(ok(cli, "report", "--json", "--from", "2026-11-16", "--to", "2026-11-22"))
    assert later["warnings"] == []


def test_editing_an_entry_into_a_rule_warns_as_logging_it_would(cli: CliCall) -> None:
    ok(cli, "med", "add", "alendronate", "--from", "2026-11-02")
    ok(cli, "med", "take", "alendronate", "--at", "07:00")  # #1
    assert cli("log", "calcium", "400mg", "--at", "07:50").stderr == ""  # #2
    moved = cli("edit", "2", "--at", "07:29")
    assert (moved.exit_code, moved.stderr) == (0, FASTING_29)
    ok(cli, "med", "take", "alendronate", "--at", "2026-11-16 07:00")  # #3
    ok(cli, "med", "take", "alendronate", "--at", "2026-11-09 07:00")  # #4, the week before
    again = cli("edit", "4", "--at", "2026-11-20 07:00")  # into #3's week: a second dose
    assert (again.exit_code, again.stderr) == (
        0,
        "Warning: a second Alendronate dose in the week of 2026-11-16 (also on 2026-11-16): a "
        "weekly tablet is taken once a week: take a missed dose the next morning after you "
        "remember, and never two on the same day (alendronate (Fosamax) label)\n",
    )
