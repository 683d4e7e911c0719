"""`bonetrack plan set|show|stop|suggest` as a user types them."""

from __future__ import annotations

import json
from datetime import date

import pytest

from bonetrack.domain.plans import PlanVersion
from bonetrack.store.engine import Database
from bonetrack.store.plans import list_plan_versions, planned_dose
from tests.conftest import CliCall, Freeze

D = date.fromisoformat


@pytest.fixture(autouse=True)
def _clock(frozen: Freeze) -> None:
    frozen("2026-11-22 08:31")


def ok(cli: CliCall, *args: str) -> str:
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def test_set_daily_supplement_and_show(cli: CliCall) -> None:
    assert ok(cli, "plan", "set", "k2", "180mcg", "--form", "mk7") == (
        "Plan set: K2 180 µg a day (MK-7) from 2026-11-22.\n"
    )
    data = json.loads(ok(cli, "plan", "show", "--json"))
    assert data == {
        "date": "2026-11-22",
        "items": [
            {
                "kind": "k2",
                "type": None,
                "status": "active",
                "target": {"amount": 180.0, "unit": "mcg", "per": "day", "times": None},
                "form": "mk7",
                "since": "2026-11-22",
                "versions": [
                    {
                        "target": {"amount": 180.0, "unit": "mcg", "per": "day", "times": None},
                        "form": "mk7",
                        "from": "2026-11-22",
                        "active": True,
                    }
                ],
            }
        ],
    }


def test_exercise_plans_per_type_coexist(cli: CliCall, db: Database) -> None:
    assert ok(
        cli, "plan", "set", "exercise", "--type", "strength", "--times", "2", "--per", "week"
    ) == ("Plan set: Exercise: strength 2 sessions a week from 2026-11-22.\n")
    assert ok(cli, "plan", "set", "exercise", "150min", "--per", "week", "--type", "aerobic") == (
        "Plan set: Exercise: aerobic 150 min a week from 2026-11-22.\n"
    )
    # exercise defaults to a weekly target
    assert ok(cli, "plan", "set", "exercise", "1h", "--type", "walking") == (
        "Plan set: Exercise: walking 60 min a week from 2026-11-22.\n"
    )
    assert [(v.exercise_type, v.amount, v.per, v.times) for v in list_plan_versions(db)] == [
        ("strength", None, "week", 2),
        ("aerobic", 150.0, "week", None),
        ("walking", 60.0, "week", None),
    ]
    out = ok(cli, "plan", "show")
    assert out.splitlines()[0] == "Plans on 2026-11-22"
    assert "Exercise: aerobic   150 min a week     2026-11-22" in out


def test_change_from_a_date_keeps_history(cli: CliCall, db: Database) -> None:
    ok(cli, "plan", "set", "calcium", "500mg", "--from", "2026-11-01")
    assert ok(cli, "plan", "set", "calcium", "1200mg", "--times", "3", "--from", "2026-12-01") == (
        "Plan set: Calcium 1200 mg in 3 doses a day from 2026-12-01 (was 500 mg a day).\n"
    )
    assert [(v.amount, v.times, v.valid_from) for v in list_plan_versions(db)] == [
        (500.0, None, D("2026-11-01")),
        (1200.0, 3, D("2026-12-01")),
    ]
    lines = ok(cli, "plan", "show").splitlines()
    assert lines[2].split() == [
        "Calcium", "500", "mg", "a", "day", "2026-11-01", "2026-12-01:", "1200", "mg", "in",
        "3", "doses", "a", "day",
    ]  # fmt: skip


def test_setting_the_same_plan_again_changes_nothing(cli: CliCall, db: Database) -> None:
    ok(cli, "plan", "set", "vitamin-d", "800IU", "--from", "2026-11-01")
    assert ok(cli, "plan", "set", "d", "20mcg") == (
        "Plan unchanged: Vitamin D 800 IU a day since 2026-11-01.\n"
    )
    assert len(list_plan_versions(db)) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("k2",), "Error: give a dose or --times for the plan, e.g. "
                  "`bonetrack plan set k2 180mcg --form mk7`."),
        (("exercise", "--type", "strength"), "Error: give a dose or --times for the plan, e.g. "
         "`bonetrack plan set exercise --type strength --times 2 --per week`."),
        (("k2", "180"), "Error: '180' needs a unit for k2: add one of g, mcg, mg, ug, µg, μg, "
                        "e.g. 180mcg."),
        (("k2", "180mcg", "--per", "month"), "Error: --per must be day or week, not 'month'."),
        (("exercise", "--times", "0"), "Error: --times must be between 1 and 50, not 0."),
        (("k2", "180mcg", "--form", "mk9"), "Error: unknown form 'mk9' for k2. Forms: mk7, mk4."),
        (("k2", "180mcg", "--type", "strength"), "Error: --type is for exercise, not k2."),
        (("k2", "180mcg", "--from", "someday"), "Error: cannot read the date 'someday': use "
         "YYYY-MM-DD, today, yesterday, '3 days ago', monday, 'last monday' or 'nov 20'."),
        (("vitamine", "1mg"), "Error: unknown kind 'vitamine'. Did you mean 'vitamin-d'? "
                              "Kinds: k2, calcium, vitamin-d, exercise."),
    ],
)  # fmt: skip
def test_bad_plans_are_refused_and_nothing_is_written(
    cli: CliCall, db: Database, args: tuple[str, ...], message: str
) -> None:
    result = cli("plan", "set", *args)
    assert result.exit_code == 2
    assert result.stderr == message + "\n"
    assert result.stdout == ""
    assert list_plan_versions(db) == []


def test_stop_and_restart(cli: CliCall, db: Database) -> None:
    ok(cli, "plan", "set", "k2", "180mcg", "--from", "2026-11-01")
    assert ok(cli, "plan", "stop", "k2", "--from", "2026-11-10") == (
        "Plan stopped: K2 from 2026-11-10. Days from then on are not counted.\n"
    )
    data = json.loads(ok(cli, "plan", "show", "--json"))
    assert (data["items"][0]["status"], data["items"][0]["target"]) == ("stopped", None)
    assert data["items"][0]["since"] == "2026-11-10"
    result = cli("plan", "stop", "k2")
    assert result.exit_code == 2
    assert result.stderr == "Error: there is no K2 plan in force on 2026-11-22 to stop.\n"
    ok(cli, "plan", "set", "k2", "180mcg", "--from", "2026-11-20")
    assert [(v.valid_from, v.active) for v in list_plan_versions(db)] == [
        (D("2026-11-01"), True),
        (D("2026-11-10"), False),
        (D("2026-11-20"), True),
    ]


def test_stop_exercise_needs_the_type_when_several(cli: CliCall) -> None:
    ok(cli, "plan", "set", "exercise", "--type", "strength", "--times", "2")
    ok(cli, "plan", "set", "exercise", "15min", "--per", "day", "--type", "balance")
    result = cli("plan", "stop", "exercise")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: say which exercise plan to stop with --type (planned: balance, strength).\n"
    )
    assert ok(cli, "plan", "stop", "exercise", "--type", "balance") == (
        "Plan stopped: Exercise: balance from 2026-11-22. Days from then on are not counted.\n"
    )
    assert ok(cli, "plan", "stop", "exercise") == (
        "Plan stopped: Exercise: strength from 2026-11-22. Days from then on are not counted.\n"
    )


def test_show_with_nothing_planned_says_how_to_start(cli: CliCall) -> None:
    out = ok(cli, "plan", "show")
    assert out.startswith("Nothing planned yet. Start with `bonetrack plan suggest`")
    assert json.loads(ok(cli, "plan", "show", "--json")) == {"date": "2026-11-22", "items": []}


def test_suggest_prints_sources_and_writes_nothing(cli: CliCall, db: Database) -> None:
    ok(cli, "profile", "set", "--anticoagulant", "none")
    out = ok(cli, "plan", "suggest")
    assert out.splitlines()[0] == "A starting plan from the evidence (each line names its source):"
    flat = " ".join(out.split())
    assert "- K2: 180 µg a day (MK-7). " in flat
    assert "[Knapen 2013, Osteoporos Int 24:2499]" in flat
    assert "- Calcium: 1200 mg in 3 doses a day. " in flat
    assert "in 3 doses of 400 mg: at most 500 mg at a time. Log calcium from food too" in flat
    assert "- Vitamin D: 600 IU a day (D3). " in flat
    assert "- Exercise: strength: 2 sessions a week. " in flat
    assert "- Exercise: balance: 15 min a day. Balance training 15-20 minutes a day" in flat
    assert "[Too Fit To Fracture, Giangregorio 2014, Osteoporos Int 25:821]" in flat
    assert "so the values for women over 50 are used" in flat
    assert list_plan_versions(db) == []


def test_suggest_apply_sets_the_plan(cli: CliCall, db: Database) -> None:
    ok(cli, "profile", "set", "--anticoagulant", "none")
    data = json.loads(ok(cli, "plan", "suggest", "--apply", "--json"))
    assert data["applied"] is True
    assert [(i["kind"], i["type"], i["source"]) for i in data["items"]] == [
        ("k2", None, "Knapen 2013, Osteoporos Int 24:2499"),
        ("calcium", None, "IOM 2011; NIH ODS"),
        ("vitamin-d", None, "IOM 2011"),
        ("exercise", "strength", "Too Fit To Fracture, Giangregorio 2014, Osteoporos Int 25:821"),
        ("exercise", "balance", "Too Fit To Fracture, Giangregorio 2014, Osteoporos Int 25:821"),
    ]
    assert list_plan_versions(db) == [
        PlanVersion("k2", None, 180.0, "day", None, "mk7", D("2026-11-22")),
        PlanVersion("calcium", None, 1200.0, "day", 3, None, D("2026-11-22")),
        PlanVersion("vitamin-d", None, 600.0, "day", None, "d3", D("2026-11-22")),
        PlanVersion("exercise", "strength", None, "week", 2, None, D("2026-11-22")),
        PlanVersion("exercise", "balance", 15.0, "day", None, None, D("2026-11-22")),
    ]


def test_suggest_by_profile_age(cli: CliCall) -> None:
    ok(cli, "profile", "set", "--birth-year", "1950", "--sex", "female", "--anticoagulant", "no")
    data = json.loads(ok(cli, "plan", "suggest", "--json"))
    targets = {i["kind"]: i["target"]["amount"] for i in data["items"]}
    assert (targets["calcium"], targets["vitamin-d"]) == (1200.0, 800.0)
    assert data["notes"] == []


def test_suggest_leaves_k2_out_on_a_vitamin_k_antagonist(cli: CliCall, db: Database) -> None:
    ok(cli, "profile", "set", "--anticoagulant", "warfarin")
    out = ok(cli, "plan", "suggest", "--apply")
    flat = " ".join(out.split())
    assert "- K2:" not in flat
    assert "Note: K2 is left out: you take a vitamin K antagonist (e.g. warfarin)" in flat
    assert [v.kind for v in list_plan_versions(db)] == [
        "calcium", "vitamin-d", "exercise", "exercise",
    ]  # fmt: skip


def test_suggest_without_a_terminal_leaves_k2_out_when_blood_thinners_are_unknown(
    cli: CliCall, db: Database
) -> None:
    """Issue 15, item 2: `plan suggest --apply` set K2 without asking about blood thinners."""
    out = ok(cli, "plan", "suggest", "--apply")
    flat = " ".join(out.split())
    assert "- K2:" not in flat
    assert (
        "Note: K2 is left out: your profile does not say whether you take a blood thinner" in flat
    )
    assert "k2" not in [v.kind for v in list_plan_versions(db)]


def test_suggest_on_a_terminal_asks_about_blood_thinners(
    cli: CliCall, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bonetrack.cli.confirm.stdin_is_terminal", lambda: True)
    result = cli("plan", "suggest", "--apply", input="y\nasprin\nwarfarin\n")
    assert result.exit_code == 0, result.stderr
    assert "Do you take a blood thinner such as warfarin? [y/n]:" in result.stderr
    assert "unknown anticoagulant 'asprin'" in result.stderr
    assert "Saved in your profile: anticoagulant vka." in result.stderr
    assert "k2" not in [v.kind for v in list_plan_versions(db)]
    profile = json.loads(ok(cli, "profile", "show", "--json"))
    assert profile["anticoagulant_history"] == [
        {"status": "vka", "drug": "warfarin", "from": "2026-11-22"}
    ]


def test_suggest_on_a_terminal_with_no_blood_thinner_includes_k2(
    cli: CliCall, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bonetrack.cli.confirm.stdin_is_terminal", lambda: True)
    result = cli("plan", "suggest", "--apply", input="n\n")
    assert result.exit_code == 0, result.stderr
    assert "Saved in your profile: anticoagulant none." in result.stderr
    assert next(v.kind for v in list_plan_versions(db)) == "k2"


VKA_PLAN_WARNING = (
    "Warning: your profile says you take a vitamin K antagonist (such as warfarin): vitamin K2 "
    "changes how these medicines work; MK-7 at 10–20 µg a day changed INR in 40–60% of people "
    "studied, and the study's authors advise avoiding MK-7 supplements on these drugs. Keep "
    "your vitamin K intake consistent and start, stop or change K2 only as agreed with your "
    "prescriber (Schurgers 2007, Blood 109:3279; Theuwissen 2013, J Thromb Haemost 11:1085)\n"
)


def test_planning_k2_on_a_vitamin_k_antagonist_asks_first(
    cli: CliCall, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 15, item 3: `plan set k2` on a VKA warns and asks (--yes to skip)."""
    ok(cli, "profile", "set", "--anticoagulant", "warfarin")
    refused = cli("plan", "set", "k2", "180mcg")
    assert (refused.exit_code, refused.stdout) == (2, "")
    assert refused.stderr == (
        VKA_PLAN_WARNING + "Error: no terminal to confirm on; add --yes to confirm.\n"
    )
    assert list_plan_versions(db) == []
    monkeypatch.setattr("bonetrack.cli.confirm.stdin_is_terminal", lambda: True)
    declined = cli("plan", "set", "k2", "180mcg", input="n\n")
    # (the test runner echoes the typed answer to stdout)
    assert (declined.exit_code, declined.stdout) == (0, " n\nPlan not set: nothing was stored.\n")
    assert declined.stderr == VKA_PLAN_WARNING + "Set this plan anyway? [y/N]:"
    assert list_plan_versions(db) == []
    agreed = cli("plan", "set", "k2", "180mcg", "--yes")
    assert agreed.exit_code == 0
    assert agreed.stdout == "Plan set: K2 180 µg a day from 2026-11-22.\n"
    assert agreed.stderr == VKA_PLAN_WARNING
    assert len(list_plan_versions(db)) == 1


def test_planned_dose(cli: CliCall, db: Database) -> None:
    ok(cli, "plan", "set", "k2", "180mcg", "--from", "2026-11-01")
    ok(cli, "plan", "set", "exercise", "--type", "strength", "--times", "2")
    k2 = planned_dose(db, "k2", D("2026-11-22"))
    assert k2 is not None
    assert k2.amount == 180.0
    assert planned_dose(db, "k2", D("2026-10-31")) is None
    assert planned_dose(db, "calcium", D("2026-11-22")) is None
    strength = planned_dose(db, "exercise", D("2026-11-22"))
    assert strength is not None
    assert strength.exercise_type == "strength"
    ok(cli, "plan", "set", "exercise", "15min", "--per", "day", "--type", "balance")
    assert planned_dose(db, "exercise", D("2026-11-22")) is None  # which one?
    balance = planned_dose(db, "exercise", D("2026-11-22"), exercise_type="balance")
    assert balance is not None
    assert balance.amount == 15.0
