"""Plan versions: which one is in force, grouping into items, targets, and the suggested plan."""

from __future__ import annotations

from datetime import date

import pytest

from bonetrack.domain.plans import (
    PlanVersion,
    check_version,
    describe_target,
    dose_amount,
    first_planned_day,
    group_items,
    item_label,
    plan_in_force,
    suggest_plan,
)
from bonetrack.domain.reference import daily_references
from bonetrack.errors import InputError

D = date.fromisoformat


def v(kind: str, amount: float | None, valid_from: str, **kw: object) -> PlanVersion:
    fields: dict[str, object] = {
        "exercise_type": None, "per": "day", "times": None, "form": None, "active": True,
    }  # fmt: skip
    fields.update(kw)
    return PlanVersion(kind=kind, amount=amount, valid_from=D(valid_from), **fields)  # type: ignore[arg-type]


def test_plan_in_force_follows_valid_from_and_stops() -> None:
    versions = [
        v("k2", 360.0, "2026-06-01"),
        v("k2", 180.0, "2026-01-01"),
        v("k2", None, "2026-09-01", active=False),
    ]
    assert plan_in_force(versions, D("2025-12-31")) is None
    assert plan_in_force(versions, D("2026-01-01")) == versions[1]
    assert plan_in_force(versions, D("2026-05-31")) == versions[1]
    assert plan_in_force(versions, D("2026-06-01")) == versions[0]
    assert plan_in_force(versions, D("2026-09-01")) is None
    assert first_planned_day(versions) == D("2026-01-01")


def test_same_day_versions_the_later_one_wins() -> None:
    versions = [v("k2", 180.0, "2026-01-01"), v("k2", 200.0, "2026-01-01")]
    in_force = plan_in_force(versions, D("2026-01-01"))
    assert in_force is not None
    assert in_force.amount == 200.0


def test_group_items_one_per_kind_and_exercise_type_in_registry_order() -> None:
    versions = [
        v("exercise", None, "2026-01-01", exercise_type="strength", per="week", times=2),
        v("vitamin-d", 800.0, "2026-01-01"),
        v("k2", 180.0, "2026-02-01"),
        v("exercise", 15.0, "2026-01-01", exercise_type="balance"),
        v("k2", 90.0, "2026-01-01"),
        v("calcium", 1200.0, "2026-01-01"),
    ]
    grouped = group_items(versions)
    assert list(grouped) == [
        ("k2", None), ("calcium", None), ("vitamin-d", None),
        ("exercise", "balance"), ("exercise", "strength"),
    ]  # fmt: skip
    assert [x.amount for x in grouped[("k2", None)]] == [90.0, 180.0]


def test_describe_target_and_label() -> None:
    assert describe_target(v("k2", 180.0, "2026-01-01", form="mk7")) == "180 µg a day (MK-7)"
    assert (
        describe_target(
            v("exercise", None, "2026-01-01", exercise_type="strength", per="week", times=2)
        )
        == "2 sessions a week"
    )
    assert describe_target(v("exercise", 150.0, "2026-01-01", per="week")) == "150 min a week"
    assert (
        describe_target(v("calcium", 1200.0, "2026-01-01", times=3)) == "1200 mg in 3 doses a day"
    )
    assert item_label("exercise", "balance") == "Exercise: balance"
    assert item_label("vitamin-d", None) == "Vitamin D"


@pytest.mark.parametrize(
    ("version", "message"),
    [
        (v("k2", None, "2026-01-01"),
         "a plan needs an amount or --times, e.g. `bonetrack plan set k2 180mcg`."),
        (v("exercise", None, "2026-01-01", exercise_type="strength", per="week"),
         "a plan needs an amount or --times, e.g. "
         "`bonetrack plan set exercise --type strength --times 2 --per week`."),
        (v("k2", 180.0, "2026-01-01", per="month"), "--per must be day or week, not 'month'."),
        (v("exercise", None, "2026-01-01", times=0), "--times must be between 1 and 50, not 0."),
        (v("k2", -1.0, "2026-01-01"), "the planned amount must be more than zero."),
    ],
)  # fmt: skip
def test_check_version_rejects(version: PlanVersion, message: str) -> None:
    with pytest.raises(InputError) as caught:
        check_version(version)
    assert caught.value.message == message


def test_check_version_accepts_a_stop_without_amount() -> None:
    check_version(v("k2", None, "2026-01-01", active=False))


def test_suggest_plan_without_profile_uses_women_over_50() -> None:
    today = D("2026-11-22")
    suggestion = suggest_plan(daily_references(None, None, today), "none", today)
    assert [
        (i.version.kind, i.version.exercise_type, i.version.amount, i.version.per,
         i.version.times, i.version.form, i.version.valid_from)
        for i in suggestion.items
    ] == [
        ("k2", None, 180.0, "day", None, "mk7", today),
        ("calcium", None, 1200.0, "day", 3, None, today),
        ("vitamin-d", None, 600.0, "day", None, "d3", today),
        ("exercise", "strength", None, "week", 2, None, today),
        ("exercise", "balance", 15.0, "day", None, None, today),
    ]  # fmt: skip
    assert [i.source for i in suggestion.items] == [
        "Knapen 2013, Osteoporos Int 24:2499",
        "IOM 2011; NIH ODS",
        "IOM 2011",
        "Too Fit To Fracture, Giangregorio 2014, Osteoporos Int 25:821",
        "Too Fit To Fracture, Giangregorio 2014, Osteoporos Int 25:821",
    ]
    assert len(suggestion.notes) == 1
    assert suggestion.notes[0].startswith("Calcium and vitamin D: values for women aged 51–70")


def test_suggest_plan_by_age_and_sex() -> None:
    today = D("2026-11-22")
    man_60 = suggest_plan(daily_references(1966, "male", today), "none", today)
    woman_72 = suggest_plan(daily_references(1954, "female", today), "doac", today)
    amounts = {i.version.kind: i.version.amount for i in man_60.items}
    assert (amounts["calcium"], amounts["vitamin-d"]) == (1000.0, 600.0)
    amounts = {i.version.kind: i.version.amount for i in woman_72.items}
    assert (amounts["k2"], amounts["calcium"], amounts["vitamin-d"]) == (180.0, 1200.0, 800.0)
    assert man_60.notes == ()
    # issue 15, item 16: with a DOAC, K2 comes with the fact sheet's uncertainty mark
    assert woman_72.notes == (
        "K2 with a direct oral anticoagulant (apixaban, rivaroxaban, edoxaban, dabigatran): "
        "these do not act through vitamin K, so no interaction is expected [uncertain: label "
        "wording seen only second-hand]. Agree it with your prescriber.",
    )


def test_suggest_plan_leaves_k2_out_when_blood_thinners_are_not_known() -> None:
    """Issue 15, item 2: K2 was suggested without asking about blood thinners."""
    today = D("2026-11-22")
    suggestion = suggest_plan(daily_references(1956, "female", today), None, today)
    assert "k2" not in [i.version.kind for i in suggestion.items]
    assert suggestion.notes[0] == (
        "K2 is left out: your profile does not say whether you take a blood thinner, and "
        "vitamin K2 changes how vitamin K antagonists such as warfarin work (Schurgers 2007, "
        "Blood 109:3279). If you take none, run `bonetrack profile set --anticoagulant none` "
        "(or `doac` for apixaban, rivaroxaban, edoxaban or dabigatran) and ask again."
    )


def test_suggest_plan_leaves_k2_out_on_a_vitamin_k_antagonist() -> None:
    today = D("2026-11-22")
    suggestion = suggest_plan(daily_references(1956, "female", today), "vka", today)
    assert [i.version.kind for i in suggestion.items] == [
        "calcium", "vitamin-d", "exercise", "exercise",
    ]  # fmt: skip
    assert suggestion.notes[0].startswith(
        "K2 is left out: you take a vitamin K antagonist (e.g. warfarin)"
    )
    assert "Schurgers 2007, Blood 109:3279" in suggestion.notes[0]


def test_dose_amount_for_logging_without_an_amount() -> None:
    assert dose_amount(v("k2", 180.0, "2026-01-01")) == 180.0
    assert dose_amount(v("calcium", 1200.0, "2026-01-01", times=3)) == 400.0
    assert dose_amount(v("exercise", 150.0, "2026-01-01", per="week")) is None
    assert dose_amount(v("exercise", 90.0, "2026-01-01", per="week", times=2)) == 45.0
    assert dose_amount(v("exercise", None, "2026-01-01", per="week", times=2)) is None
