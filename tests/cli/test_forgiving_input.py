"""A second dose on a day already met is said; the names and spacings people type are
understood; the report lists days above target, explains its Score, starts at the first
plan."""

from __future__ import annotations

import json

import pytest

from bonetrack.domain.kinds import get_kind, implied_form, split_kind_words
from bonetrack.errors import InputError
from tests.conftest import CliCall, Freeze


@pytest.fixture(autouse=True)
def _clock(frozen: Freeze) -> None:
    frozen("2026-11-18 09:10")


def ok(cli: CliCall, *args: str) -> tuple[str, str]:
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout), str(result.stderr)


def test_a_second_dose_on_a_met_day_is_said(cli: CliCall) -> None:
    ok(cli, "plan", "set", "k2", "180mcg", "--form", "mk7", "--from", "2026-11-01")
    assert ok(cli, "log", "k2", "--at", "8:05") == (
        "Logged K2 (MK-7) 180 µg at 2026-11-18 08:05. Today: 180 µg.\n",
        "",
    )
    assert ok(cli, "log", "k2") == (
        "Logged K2 (MK-7) 180 µg at 2026-11-18 09:10. Today: 360 µg.\n",
        "K2 already taken today at 08:05 (180 µg); this makes 360 µg: `bonetrack undo` if it "
        "was a mistake.\n",
    )
    # On another day: that day, its times.
    ok(cli, "log", "k2", "--at", "2026-11-16 07:30")
    assert ok(cli, "log", "k2", "100mcg", "--at", "2026-11-16 21:00")[1] == (
        "K2 already taken on 2026-11-16 at 07:30 (180 µg); this makes 280 µg: `bonetrack undo` "
        "if it was a mistake.\n"
    )


def test_split_doses_are_not_a_second_dose_until_all_are_taken(cli: CliCall) -> None:
    ok(cli, "plan", "set", "calcium", "1000mg", "--from", "2026-11-01")  # 2 doses of 500 mg
    assert ok(cli, "log", "calcium", "--at", "7:00")[1] == ""
    assert ok(cli, "log", "calcium", "--at", "8:00")[1] == ""
    assert ok(cli, "log", "calcium", "--at", "9:05")[1] == (
        "Calcium already taken today at 07:00 (500 mg) and 08:00 (500 mg); this makes 1500 mg: "
        "`bonetrack undo` if it was a mistake.\n"
    )


def test_without_a_plan_nothing_is_said(cli: CliCall) -> None:
    ok(cli, "log", "k2", "180mcg")
    assert ok(cli, "log", "k2", "180mcg")[1] == ""


@pytest.mark.parametrize(
    ("typed", "kind", "form"),
    [
        ("vitamin-k2", "k2", None),
        ("mk7", "k2", "mk7"),
        ("MK-7", "k2", "mk7"),
        ("mk4", "k2", "mk4"),
        ("vitamin d", "vitamin-d", None),
        ("Vit D", "vitamin-d", None),
        ("ca", "calcium", None),
    ],
)
def test_aliases_people_type(typed: str, kind: str, form: str | None) -> None:
    assert (get_kind(typed).name, implied_form(typed)) == (kind, form)


@pytest.mark.parametrize(
    ("typed", "suggestion"),
    [
        ("vitamin-k", "k2"),  # spelled like vitamin-d, but the same nutrient is K
        ("vitamin k1", "k2"),
        ("vitamine-d", "vitamin-d"),
        ("mk-9", "k2"),
        ("calcum", "calcium"),
        ("excercise", "exercise"),
    ],
)
def test_did_you_mean_prefers_the_same_nutrient(typed: str, suggestion: str) -> None:
    with pytest.raises(InputError) as refused:
        get_kind(typed)
    assert refused.value.message == (
        f"unknown kind '{typed}'. Did you mean '{suggestion}'? "
        "Kinds: k2, calcium, vitamin-d, exercise."
    )


def test_words_split_into_kind_and_amount() -> None:
    assert split_kind_words(["k2", "180", "mcg"]) == ("k2", "180 mcg")
    assert split_kind_words(["vitamin", "d", "1000", "IU"]) == ("vitamin d", "1000 IU")
    assert split_kind_words(["vit", "d"]) == ("vit d", None)
    assert split_kind_words(["k2"]) == ("k2", None)


def test_log_takes_the_amount_as_two_words_and_the_kind_as_an_alias(cli: CliCall) -> None:
    assert ok(cli, "log", "k2", "180", "mcg")[0] == (
        "Logged K2 180 µg at 2026-11-18 09:10. Today: 180 µg.\n"
    )
    assert ok(cli, "log", "mk4", "45", "mg")[0] == (
        "Logged K2 (MK-4) 45 mg at 2026-11-18 09:10. Today: 45.18 mg.\n"
    )
    assert ok(cli, "log", "vitamin", "d", "25", "mcg")[0] == (
        "Logged Vitamin D 1000 IU at 2026-11-18 09:10. Today: 1000 IU.\n"
    )
    refused = cli("log", "vitamin-k", "180mcg")
    assert (refused.exit_code, refused.stderr) == (
        2,
        "Error: unknown kind 'vitamin-k'. Did you mean 'k2'? Kinds: k2, calcium, vitamin-d, "
        "exercise.\n",
    )


def test_report_lists_days_above_target(cli: CliCall) -> None:
    ok(cli, "plan", "set", "k2", "180mcg", "--from", "2026-11-15")
    for day in ("15", "16", "17"):
        ok(cli, "log", "k2", "--at", f"2026-11-{day} 08:00")
    ok(cli, "log", "k2", "--at", "2026-11-16 20:00")
    # More exercise than planned is never "above target".
    ok(cli, "plan", "set", "exercise", "15min", "--type", "balance", "--from", "2026-11-15")
    ok(cli, "log", "exercise", "20min", "--type", "balance", "--at", "2026-11-16 10:00")
    out = ok(cli, "report")[0].splitlines()
    assert out[0] == "Adherence 2026-11-15 to 2026-11-18 (4 days; from your first plan)"
    at = out.index("Above target")
    assert out[at + 1 : at + 3] == ["- K2: 1 day above the daily target: 2026-11-16 (360 µg)", ""]
    data = json.loads(ok(cli, "report", "--json")[0])
    assert [i["over_target"] for i in data["items"]] == [
        [{"date": "2026-11-16", "amount": 360.0, "target": 180.0}],
        [],
    ]
    assert (data["from"], data["asked_from"]) == ("2026-11-15", "2026-10-20")


def test_report_help_explains_the_score(cli: CliCall) -> None:
    shown = " ".join(ok(cli, "report", "--help")[0].split())
    assert (
        "Score: how steady you have been lately, 0-100%, recent days weighing most (half-life "
        "13 days; 4 weeks for weekly items). It starts at 0: a perfect month reaches about 80%, "
        "so a new plan's score is low whatever the adherence."
    ) in shown
