"""The built-in medicine table, names, schedules and intervals (fact sheet section 9)."""

from __future__ import annotations

from datetime import date

import pytest

from bonetrack.domain.medicines import (
    DAILY,
    WEEKLY,
    Every,
    MedicineVersion,
    builtin,
    medicine_key,
    medicine_label,
    new_version,
    parse_every,
    parse_fasting,
    parse_weekday,
)
from bonetrack.errors import InputError

DAY = date(2026, 11, 18)  # a Wednesday


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("alendronate", "alendronate"),
        ("Fosamax", "alendronate"),
        ("ACTONEL", "risedronate"),
        ("Atelvia", "risedronate-dr"),
        ("boniva", "ibandronate"),
        ("Zoledronic Acid", "zoledronic-acid"),
        ("zoledronate", "zoledronic-acid"),
        ("Reclast", "zoledronic-acid"),
        ("Aclasta", "zoledronic-acid"),
        ("prolia", "denosumab"),
        ("Forteo", "teriparatide"),
        ("tymlos", "abaloparatide"),
        ("Evenity", "romosozumab"),
    ],
)
def test_generic_and_brand_names_find_the_medicine(typed: str, key: str) -> None:
    info = builtin(typed)
    assert info is not None
    assert info.key == key == medicine_key(typed)


def test_other_medicines_keep_their_own_name() -> None:
    assert builtin("Calcitriol") is None
    assert medicine_key("Calcitriol") == "calcitriol"
    assert medicine_key("Vitamin  B12") == "vitamin-b12"
    assert medicine_label("calcitriol") == "calcitriol"
    assert medicine_label("zoledronic-acid") == "Zoledronic acid"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "calcium",
            "'calcium' is not a medicine name bonetrack can use (`bonetrack log calcium`).",
        ),
        ("k2", "'k2' is not a medicine name bonetrack can use (`bonetrack log k2`)."),
        ("  ", "give the medicine's name, e.g. alendronate."),
        (
            "bad;name",
            "cannot use 'bad;name' as a medicine name: letters, digits and - . + ( ) / only, "
            "at most 40 characters.",
        ),
        ("x" * 41, None),
    ],
)
def test_names_that_cannot_be_medicines(name: str, message: str | None) -> None:
    with pytest.raises(InputError) as caught:
        medicine_key(name)
    if message is not None:
        assert caught.value.message == message


@pytest.mark.parametrize(
    ("text", "every"),
    [
        ("week", WEEKLY),
        ("weekly", WEEKLY),
        ("day", DAILY),
        ("month", Every(1, "month")),
        ("3months", Every(3, "month")),
        ("6 months", Every(6, "month")),
        ("6m", Every(6, "month")),
        ("year", Every(12, "month")),
        ("yearly", Every(12, "month")),
        ("2 years", Every(24, "month")),
        ("14 days", Every(14, "day")),
        ("every 2 weeks", Every(2, "week")),
    ],
)
def test_every(text: str, every: Every) -> None:
    assert parse_every(text) == every


@pytest.mark.parametrize("text", ["fortnight", "0 days", "3 years", "800 days", ""])
def test_bad_every(text: str) -> None:
    with pytest.raises(InputError):
        parse_every(text)


def test_every_texts_and_how_it_is_judged() -> None:
    assert [e.text for e in (DAILY, WEEKLY, Every(6, "month"), Every(12, "month"))] == [
        "day",
        "week",
        "6 months",
        "year",
    ]
    assert [e.adverb for e in (DAILY, WEEKLY, Every(1, "month"), Every(3, "month"))] == [
        "daily",
        "weekly",
        "monthly",
        "every 3 months",
    ]
    assert [e.per for e in (DAILY, WEEKLY, Every(2, "day"), Every(1, "month"))] == [
        "day",
        "week",
        "dose",
        "dose",
    ]
    # A quarter of the interval either side, at most 4 weeks.
    assert [
        Every(n, u).tolerance_days
        for n, u in ((2, "week"), (1, "month"), (3, "month"), (6, "month"), (12, "month"))
    ] == [3, 7, 22, 28, 28]
    # remind and the calendar: intervals of a month or more (28 days on)
    assert [Every(n, u).reminded for n, u in ((1, "week"), (27, "day"), (28, "day"))] == [
        False,
        False,
        True,
    ]
    assert Every(1, "month").reminded


def test_month_arithmetic_follows_the_calendar() -> None:
    assert Every(1, "month").after(date(2027, 1, 31)) == date(2027, 2, 28)
    assert Every(6, "month").after(date(2027, 8, 31)) == date(2028, 2, 29)  # a leap year
    assert Every(12, "month").after(date(2028, 2, 29)) == date(2029, 2, 28)
    assert Every(2, "week").after(date(2026, 12, 25)) == date(2027, 1, 8)


def test_weekdays_and_fasting() -> None:
    assert [parse_weekday(t) for t in ("monday", "Sun", "th", "tu")] == [0, 6, 3, 1]
    with pytest.raises(InputError):
        parse_weekday("t")  # tuesday or thursday
    assert [parse_fasting(t) for t in ("30", "60min", "none", "0")] == [30, 60, None, None]
    with pytest.raises(InputError):
        parse_fasting("300")


def test_the_table_fills_in_the_usual_schedule() -> None:
    assert new_version("fosamax", DAY) == MedicineVersion(
        "alendronate",
        70_000.0,
        WEEKLY,
        2,
        "oral",
        30,
        DAY,  # weekday: --from's (Wednesday)
    )
    assert new_version("ibandronate", DAY) == MedicineVersion(
        "ibandronate", 150_000.0, Every(1, "month"), None, "oral", 60, DAY
    )
    # ibandronate IV: 3 mg every 3 months, no fasting window
    assert new_version("boniva", DAY, route="iv") == MedicineVersion(
        "ibandronate", 3_000.0, Every(3, "month"), None, "iv", None, DAY
    )
    assert new_version("prolia", DAY) == MedicineVersion(
        "denosumab", 60_000.0, Every(6, "month"), None, "injection", None, DAY
    )
    assert new_version("reclast", DAY) == MedicineVersion(
        "zoledronic-acid", 5_000.0, Every(12, "month"), None, "iv", None, DAY
    )
    assert new_version("atelvia", DAY).fasting_min is None  # right after breakfast


def test_everything_can_be_overridden() -> None:
    daily = new_version("alendronate", DAY, dose="10mg", every="day")
    assert (daily.dose_mcg, daily.every, daily.weekday, daily.fasting_min) == (
        10_000.0,
        DAILY,
        None,
        30,
    )
    monday = new_version("alendronate", DAY, weekday="monday", fasting="45")
    assert (monday.weekday, monday.fasting_min) == (0, 45)
    other = new_version("calcitriol", DAY, dose="0.25mcg", every="day")
    assert other == MedicineVersion("calcitriol", 0.25, DAILY, None, "oral", None, DAY)
    assert other.describe() == "0.25 µg daily, by mouth"
    assert monday.describe() == "70 mg weekly on Monday, by mouth"


@pytest.mark.parametrize(
    ("name", "options", "message"),
    [
        (
            "teriparatide",
            {},
            "the fact sheet gives no usual dose for Teriparatide: give the dose on your "
            "prescription with --dose (e.g. --dose 20mcg).",
        ),
        (
            "calcitriol",
            {},
            "'calcitriol' is not in bonetrack's table of osteoporosis medicines: give its "
            "schedule, e.g. `bonetrack med add calcitriol --dose 10mg --every day`.",
        ),
        (
            "denosumab",
            {"weekday": "monday"},
            "--on is for weekly schedules; a dose every 6 months is due 6 months after the "
            "last one.",
        ),
        ("alendronate", {"route": "nasal"}, "unknown route 'nasal': use oral, iv, injection."),
        ("alendronate", {"dose": "70"}, None),
    ],
)
def test_schedules_that_cannot_be(name: str, options: dict[str, str], message: str | None) -> None:
    with pytest.raises(InputError) as caught:
        new_version(name, DAY, **options)  # type: ignore[arg-type]
    if message is not None:
        assert caught.value.message == message


def test_teriparatide_with_its_dose() -> None:
    version = new_version("forteo", DAY, dose="20mcg")
    assert (version.dose_mcg, version.every, version.route) == (20.0, DAILY, "injection")
    assert version.short() == "20 µg daily"
