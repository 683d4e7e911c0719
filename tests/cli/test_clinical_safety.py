"""Issue 15: what bonetrack prompts a person to do, and how it labels it.

Each test is one scenario from the clinical review, with exact expectations.
"""

from __future__ import annotations

import json

import pytest

from bonetrack.store.engine import Database
from bonetrack.store.plans import list_plan_versions
from tests.conftest import CliCall, Freeze

VKA_CAUTION = (
    "your profile records a vitamin K antagonist (such as warfarin){span}: K2 is not a target "
    "to reach on those days, and they are not scored; keep it consistent, as agreed with your "
    "prescriber, since vitamin K2 changes how these medicines work"
)
VKA_SOURCE = "Schurgers 2007, Blood 109:3279; Theuwissen 2013, J Thromb Haemost 11:1085"


@pytest.fixture(autouse=True)
def _clock(frozen: Freeze) -> None:
    frozen("2026-11-22 20:00")


def ok(cli: CliCall, *args: str) -> str:
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def test_warfarin_user_is_not_asked_to_reach_k2_today(cli: CliCall) -> None:
    """Item 3: `today` showed "K2: 180 µg to go" to a warfarin user every morning."""
    ok(cli, "plan", "set", "k2", "180mcg", "--form", "mk7", "--from", "2026-11-01")
    ok(cli, "plan", "set", "vitamin-d", "800IU", "--from", "2026-11-01")
    ok(cli, "profile", "set", "--anticoagulant", "warfarin")
    data = json.loads(ok(cli, "today", "--json"))
    k2, vitamin_d = data["items"]
    assert (k2["judged"], k2["done"]) == (False, False)
    assert k2["caution"] == {"code": "k2-vka", "message": VKA_CAUTION.format(span=""),
                             "source": VKA_SOURCE}  # fmt: skip
    assert (vitamin_d["judged"], vitamin_d["caution"]) == (True, None)
    lines = ok(cli, "today").splitlines()
    assert lines[0] == "Today, Sun 2026-11-22: 0 of 1 done"
    assert lines[2].split() == [
        "[!]", "K2", "nothing", "logged", "keep", "it", "consistent,", "as", "agreed", "with",
        "your", "prescriber", "(see", "below)",
    ]  # fmt: skip
    assert "to go" not in lines[2]
    assert " ".join(lines[4:]).startswith("(!) K2: your profile records a vitamin K antagonist")


def test_each_past_day_is_judged_by_the_status_then(cli: CliCall) -> None:
    """Item 3: days on a VKA are not scored; days before it are, as they were."""
    ok(cli, "plan", "set", "k2", "180mcg", "--form", "mk7", "--from", "2026-11-01")
    for day in range(1, 23):
        ok(cli, "log", "k2", "--at", f"2026-11-{day:02d} 08:00")
    ok(cli, "profile", "set", "--anticoagulant", "none", "--since", "2026-11-01")
    ok(cli, "profile", "set", "--anticoagulant", "warfarin", "--since", "2026-11-15")
    [k2] = json.loads(ok(cli, "report", "--json"))["items"]
    # Nov 1-14 judged and met; from Nov 15 on a vitamin K antagonist: not due
    assert (k2["met"], k2["due"], k2["current_streak"], k2["adherence_pct"]) == (14, 14, 14, 100.0)
    assert k2["caution"]["message"] == VKA_CAUTION.format(span=" since 2026-11-15")
    text = ok(cli, "report")
    assert "K2 (!)" in text
    assert "- not judged (see above)" in text
    # and back to no anticoagulant: judged again from that day
    ok(cli, "profile", "set", "--anticoagulant", "none", "--since", "2026-11-20")
    [k2] = json.loads(ok(cli, "report", "--json"))["items"]
    assert (k2["met"], k2["due"]) == (17, 17)
    assert k2["caution"]["message"] == VKA_CAUTION.format(span=" from 2026-11-15 to 2026-11-19")


def test_k2_log_on_a_warfarin_day_in_the_past_warns_by_that_day(cli: CliCall) -> None:
    ok(cli, "profile", "set", "--anticoagulant", "warfarin", "--since", "2026-11-01")
    ok(cli, "profile", "set", "--anticoagulant", "apixaban", "--since", "2026-11-10")
    assert cli("log", "k2", "180mcg").stderr == ""
    past = cli("log", "k2", "180mcg", "--at", "2026-11-05 08:00")
    assert past.stderr.startswith("Warning: your profile says you take a vitamin K antagonist")


def test_calcium_plan_above_500_mg_is_split(cli: CliCall, db: Database) -> None:
    """Item 5: `plan set calcium 1200mg` was one dose of 1200 mg."""
    result = cli("plan", "set", "calcium", "1200mg")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "Plan set: Calcium 1200 mg in 3 doses a day from 2026-11-22.\n"
        "Split into 3 doses of 400 mg: take at most 500 mg of calcium at a time (NIH ODS). "
        "Use --times to choose another split.\n"
    )
    assert [(v.amount, v.times) for v in list_plan_versions(db)] == [(1200.0, 3)]
    assert ok(cli, "log", "calcium").startswith("Logged Calcium 400 mg at 2026-11-22 20:00.")
    # an explicit --times 1 is kept, with the per-dose warning
    one = cli("plan", "set", "calcium", "600mg", "--times", "1")
    assert one.exit_code == 0
    assert one.stderr.startswith("Warning: 600 mg of calcium in one dose: take at most 500 mg")


@pytest.mark.parametrize(
    ("args", "limit_text"),
    [
        (("calcium", "2500mg", "--times", "5"), "a daily calcium target of 2500 mg is above the "
         "upper limit of 2000 mg a day for women aged 71+"),
        (("vitamin-d", "10000IU"), "a daily vitamin D target of 10000 IU is above the upper "
         "limit of 4000 IU a day for women aged 71+"),
    ],
)  # fmt: skip
def test_plan_above_the_upper_limit_asks_first(
    cli: CliCall, db: Database, args: tuple[str, ...], limit_text: str
) -> None:
    """Item 4: a 71-year-old woman's plans above her upper limits were accepted silently."""
    ok(cli, "profile", "set", "--birth-year", "1955", "--sex", "female")
    refused = cli("plan", "set", *args)
    assert refused.exit_code == 2
    assert refused.stderr.startswith(f"Warning: {limit_text}")
    assert refused.stderr.endswith("Error: no terminal to confirm on; add --yes to confirm.\n")
    assert list_plan_versions(db) == []
    assert cli("plan", "set", *args, "--yes").exit_code == 0
    assert len(list_plan_versions(db)) == 1


def test_k2_plan_in_mg_as_mk7_gets_the_form_warning(cli: CliCall) -> None:
    """Item 17: `plan set k2 45mg --form mk7` is checked like `log`, and shown in mg."""
    result = cli("plan", "set", "k2", "45mg", "--form", "mk7")
    assert result.exit_code == 0
    assert result.stdout == "Plan set: K2 45 mg a day (MK-7) from 2026-11-22.\n"
    assert result.stderr.startswith(
        "Warning: 45 mg of K2 planned a day as MK-7: MK-7 trials used 180 µg a day"
    )


def _reminders(cli: CliCall) -> list[dict[str, object]]:
    return list(json.loads(ok(cli, "remind", "--json")))


def test_a_fall_counts_as_this_months_symptom_record(cli: CliCall) -> None:
    """Item 7: the monthly reminder asks for falls, but a recorded fall did not satisfy it."""
    assert "symptoms" in [r["kind"] for r in _reminders(cli)]
    ok(cli, "event", "add", "fall", "--at", "2026-11-20")
    [symptoms] = [r for r in _reminders(cli) if r["kind"] == "symptoms"]
    assert (symptoms["due"], symptoms["overdue"]) == ("2026-12-20", False)


def test_a_new_fracture_prompts_telling_the_clinician_until_a_check_in(cli: CliCall) -> None:
    """Item 7: a new fracture prompted nothing."""
    ok(cli, "event", "add", "checkin", "--at", "2026-11-01")
    ok(cli, "event", "add", "fracture", "--at", "2026-11-20 10:00", "--site", "wrist")
    reminders = _reminders(cli)
    assert reminders[0] == {
        "kind": "fracture",
        "due": "2026-11-20",
        "overdue": True,
        "days": -2,
        "message": "A fracture was recorded on 2026-11-20: tell your clinician, since a broken "
        "bone can change how osteoporosis is judged and treated. Once you have, record the visit "
        "with `bonetrack event add checkin`.",
        "rule": "a fracture on 2026-11-20 and no clinician check-in recorded after it",
    }
    # the fracture is this month's symptom record: the next one is due a month later
    assert [r["due"] for r in reminders if r["kind"] == "symptoms"] == ["2026-12-20"]
    assert "A fracture was recorded on 2026-11-20: tell your clinician" in ok(cli, "remind")
    ok(cli, "event", "add", "checkin", "--at", "2026-11-21")
    assert "fracture" not in [r["kind"] for r in _reminders(cli)]


def test_strength_twice_a_week_needs_two_days(cli: CliCall) -> None:
    """Item 14: "2 per week" was met by two strength sessions on one day."""
    ok(cli, "plan", "set", "exercise", "--type", "strength", "--times", "2", "--from", "2026-11-09")
    ok(cli, "plan", "set", "exercise", "--type", "walking", "--times", "2", "--from", "2026-11-09")
    for at in ("2026-11-10 08:00", "2026-11-10 18:00"):  # week of Nov 9: both on one day
        ok(cli, "log", "exercise", "30min", "--type", "strength", "--at", at)
        ok(cli, "log", "exercise", "30min", "--type", "walking", "--at", at)
    for at in ("2026-11-17 08:00", "2026-11-19 08:00"):  # week of Nov 16: two days
        ok(cli, "log", "exercise", "30min", "--type", "strength", "--at", at)
    items = {i["type"]: i for i in json.loads(ok(cli, "report", "--json"))["items"]}
    assert (items["strength"]["met"], items["strength"]["due"]) == (1, 2)
    # walking counts sessions: two walks on one day meet the week of Nov 9 (this week,
    # not met yet, is not judged until it ends)
    assert (items["walking"]["met"], items["walking"]["due"]) == (1, 1)
    today = {i["type"]: i for i in json.loads(ok(cli, "today", "--json"))["items"]}
    assert (today["strength"]["count"], today["strength"]["done"]) == (2, True)
