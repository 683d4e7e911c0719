"""Reading Cronometer's exports: every trait of the real files, by header name."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from datetime import time as time_of
from pathlib import Path

import pytest

from bonetrack.domain.cronometer import (
    CronometerImport,
    dose_entry,
    exercise_type,
    read_cronometer,
    session_entry,
)
from bonetrack.domain.food import CALCIUM, CRONOMETER, VITAMIN_D, VITAMIN_K, day_record_key
from bonetrack.errors import InputError

FIXTURES = Path(__file__).parent.parent / "fixtures" / "cronometer"
TODAY = date(2026, 4, 2)


def lines(name: str) -> list[str]:
    with (FIXTURES / name).open(encoding="utf-8-sig", newline="") as f:
        return f.readlines()


def read(*names: str, doses: bool = False, today: date = TODAY) -> CronometerImport:
    return read_cronometer([(n, lines(n)) for n in names], today, supplements_as_doses=doses)


def inline(text: str, doses: bool = False, name: str = "x.csv") -> CronometerImport:
    return read_cronometer(
        [(name, text.splitlines(keepends=True))], TODAY, supplements_as_doses=doses
    )


def food(result: CronometerImport) -> dict[tuple[str, str], float]:
    return {(str(r.day), r.nutrient): r.amount for r in result.food}


@pytest.fixture(autouse=True)
def _amsterdam() -> Iterator[None]:
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Europe/Amsterdam"
    time.tzset()
    yield
    if before is None:
        os.environ.pop("TZ")
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_servings_sum_per_day_with_supplements_as_food_by_default() -> None:
    result = read("servings.csv")
    # The Vitamin D3 row's Amount says "4.00 x 1000.0 IU": its 4000 IU come from the
    # Vitamin D column. The empty cells of supplement rows are not recorded, not 0.
    assert food(result) == {
        ("2026-03-28", CALCIUM): 611.3,
        ("2026-03-28", VITAMIN_D): 4889.0,
        ("2026-03-28", VITAMIN_K): 261.25,
        ("2026-03-29", CALCIUM): 1206.4,
        ("2026-03-29", VITAMIN_D): 698.0,
        ("2026-03-29", VITAMIN_K): 222.99,
        # Oatmeal has no vitamin D or K recorded: only the other rows count.
        ("2026-03-30", CALCIUM): 446.8,
        ("2026-03-30", VITAMIN_D): 1006.0,
        ("2026-03-30", VITAMIN_K): 30.8,
        # Only a supplement with an empty calcium cell and vitamin D 0: zero is recorded,
        # calcium and vitamin K are not.
        ("2026-03-31", VITAMIN_D): 0.0,
    }
    assert result.food_days == {date(2026, 3, d) for d in (28, 29, 30, 31)}
    assert result.doses == []
    assert [(str(s.day), s.name, s.doses) for s in result.supplements] == [
        ("2026-03-28", "Vitamin D3, Now Foods", ()),
        ("2026-03-28", "Vitamin K2 MK-7 (Menaquinone-7), Jarrow", ()),
        ("2026-03-29", "Calcium Citrate + D3, Kirkland", ()),
        ("2026-03-30", "Multivitamin, Centrum Silver Women 50+", ()),
        ("2026-03-31", "Calcium Carbonate 600 mg, Caltrate", ()),
    ]
    (servings,) = result.files
    # The dinner planned for 2026-04-05 is after today: left out.
    assert (servings.rows, servings.first, servings.last, servings.later) == (
        15,
        date(2026, 3, 28),
        date(2026, 3, 31),
        1,
    )
    record = result.food[0]
    assert (record.source, record.source_app) == (CRONOMETER, "Cronometer")
    assert record.record_key == day_record_key(CRONOMETER, date(2026, 3, 28), CALCIUM)


def test_supplements_as_doses_take_the_amount_from_the_nutrient_column() -> None:
    result = read("servings.csv", doses=True)
    assert [(str(d.day), d.clock, d.kind, d.amount, d.form) for d in result.doses] == [
        ("2026-03-28", time_of(8, 10), "vitamin-d", 4000.0, "d3"),
        ("2026-03-28", time_of(21, 0), "k2", 180.0, "mk7"),
        ("2026-03-29", time_of(2, 30), "calcium", 500.0, "citrate"),
        ("2026-03-29", time_of(2, 30), "vitamin-d", 400.0, "d3"),
    ]
    # What became a dose is not food as well; the orange juice mentions calcium but is
    # no supplement, and the multivitamin's name mentions none of the three.
    assert food(result) == {
        ("2026-03-28", CALCIUM): 611.3,
        ("2026-03-28", VITAMIN_D): 889.0,
        ("2026-03-28", VITAMIN_K): 81.25,
        ("2026-03-29", CALCIUM): 706.4,
        ("2026-03-29", VITAMIN_D): 298.0,
        ("2026-03-29", VITAMIN_K): 222.99,
        ("2026-03-30", CALCIUM): 446.8,
        ("2026-03-30", VITAMIN_D): 1006.0,
        ("2026-03-30", VITAMIN_K): 30.8,
        ("2026-03-31", VITAMIN_D): 0.0,
    }
    by_name = {s.name: (s.doses, s.stayed_food) for s in result.supplements}
    assert by_name["Calcium Carbonate 600 mg, Caltrate"] == ((), ("no calcium amount in the row",))
    assert by_name["Multivitamin, Centrum Silver Women 50+"] == ((), ())
    assert by_name["Calcium Citrate + D3, Kirkland"] == (
        (("calcium", 500.0), ("vitamin-d", 400.0)),
        (),
    )


def test_dose_entries_keep_the_local_day_across_the_clock_change() -> None:
    result = read("servings.csv", doses=True)
    entries = [dose_entry(d) for d in result.doses]
    calcium = entries[2]
    # 02:30 did not exist on 2026-03-29 in Amsterdam: the clock read 03:30 CEST.
    assert calcium.taken_at.astimezone(UTC) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert (calcium.local_date, calcium.utc_offset_min) == (date(2026, 3, 29), 120)
    assert (calcium.kind, calcium.amount, calcium.input_unit, calcium.source) == (
        "calcium",
        500.0,
        "mg",
        "cronometer",
    )
    assert calcium.note == "Cronometer: Calcium Citrate + D3, Kirkland"
    k2 = entries[1]
    assert k2.taken_at.astimezone(UTC) == datetime(2026, 3, 28, 20, 0, tzinfo=UTC)


def test_an_older_export_without_time_with_short_dates_ug_and_no_vitamin_d_column() -> None:
    result = read("servings-2011.csv", doses=True)
    # No vitamin D column: not recorded on any day (never 0). Vitamin K in ug.
    assert food(result) == {
        ("2011-04-18", CALCIUM): 253.7,
        ("2011-04-18", VITAMIN_K): 145.3,
        ("2011-04-19", CALCIUM): 52.0,
    }
    # Category "Supplements" marks it when the Group does not; no Time: noon, said in the note.
    (dose,) = result.doses
    assert (str(dose.day), dose.clock, dose.kind, dose.amount) == (
        "2011-04-19",
        None,
        "calcium",
        630.0,
    )
    entry = dose_entry(dose)
    assert entry.taken_at.hour == 12
    assert entry.note == "Cronometer: Calcium Citrate (no time in the export: 12:00)"


def test_greek_mu_mcg_for_vitamin_d_a_byte_order_mark_and_24_hour_times() -> None:
    result = read("servings-mu.csv")
    assert food(result) == {
        ("2026-03-27", CALCIUM): 267.0,
        ("2026-03-27", VITAMIN_D): 88.0,  # 2.2 µg = 88 IU
        ("2026-03-27", VITAMIN_K): 23.4,
    }


@pytest.mark.parametrize(
    "header",
    ["Vitamin K (\u00b5g)", "Vitamin K (\u03bcg)", "Vitamin K (ug)", "Vitamin K (mcg)"],
)
def test_every_spelling_of_micrograms(header: str) -> None:
    result = inline(f"Day,Food Name,Amount,{header}\n2026-03-01,Kale,1 cup,80.3\n")
    assert food(result) == {("2026-03-01", VITAMIN_K): 80.3}


def test_a_vitamin_d_column_in_micrograms_is_converted_to_iu() -> None:
    result = inline("Day,Food Name,Vitamin D (D2 + D3) (µg)\n2026-03-01,Salmon,19.73\n")
    assert food(result) == {("2026-03-01", VITAMIN_D): 789.2}


def test_columns_are_found_by_name_in_any_order() -> None:
    result = inline(
        "Calcium (mg),Category,Food Name,Vitamin K (µg),Amount,Group,Time,Day\n"
        "120,Supplements,Calcium Citrate,,1.00 tablet,Supplements,9:30 PM,2026-03-01\n",
        doses=True,
    )
    (dose,) = result.doses
    assert (dose.kind, dose.amount, dose.clock) == (
        "calcium",
        120.0,
        datetime(1, 1, 1, 21, 30).time(),
    )


def test_the_daily_summary_counts_each_day_once() -> None:
    result = read("dailysummary.csv")
    assert food(result) == {
        ("2026-03-25", CALCIUM): 1104.5,
        ("2026-03-25", VITAMIN_D): 512.0,
        ("2026-03-25", VITAMIN_K): 187.3,
        ("2026-03-27", CALCIUM): 267.0,
        ("2026-03-27", VITAMIN_D): 88.0,
        ("2026-03-27", VITAMIN_K): 23.4,
        ("2026-03-28", CALCIUM): 611.3,
        ("2026-03-28", VITAMIN_D): 4889.0,
        ("2026-03-28", VITAMIN_K): 261.25,
    }
    # A day with nothing logged is covered (an earlier import's data for it goes) but
    # has no food data.
    assert date(2026, 3, 26) in result.food_days


def test_a_summary_with_a_row_per_meal_and_a_total() -> None:
    result = read("dailysummary-meals.csv")
    assert food(result) == {
        ("2026-03-25", CALCIUM): 1104.5,  # the Total row, not meals + total
        ("2026-03-25", VITAMIN_D): 512.0,
        ("2026-03-25", VITAMIN_K): 187.3,
        ("2026-03-26", CALCIUM): 550.0,  # meals without a total: their sum
        ("2026-03-26", VITAMIN_D): 100.0,
        ("2026-03-26", VITAMIN_K): 100.0,
    }


def test_a_summary_without_groups_finds_the_total_row_or_a_repeated_row() -> None:
    header = "Date,Calcium (mg),Vitamin K (µg)\n"
    meals_and_total = inline(
        header + "2026-03-01,300.11,10\n2026-03-01,500.12,20\n2026-03-01,200.02,5\n"
        "2026-03-01,1000.24,35\n2026-03-02,90,1\n2026-03-02,90,1\n"
    )
    assert food(meals_and_total) == {
        ("2026-03-01", CALCIUM): 1000.24,  # 300.11 + 500.12 + 200.02 = 1000.25, rounded apart
        ("2026-03-01", VITAMIN_K): 35.0,
        ("2026-03-02", CALCIUM): 90.0,
        ("2026-03-02", VITAMIN_K): 1.0,
    }
    with pytest.raises(InputError) as error:
        inline(header + "2026-03-01,300,10\n2026-03-01,500,20\n")
    assert error.value.message == (
        "x.csv: 2026-03-01 has 2 rows and none is the total of the others; "
        "export the daily summary again, or import the servings export."
    )


def test_servings_win_over_the_summary_for_the_days_both_hold() -> None:
    result = read("dailysummary.csv", "servings.csv", doses=True)
    amounts = food(result)
    assert amounts[("2026-03-28", VITAMIN_D)] == 889.0  # the servings, with doses apart
    assert amounts[("2026-03-25", CALCIUM)] == 1104.5  # only in the summary
    assert result.notes == [
        "1 day is in both the servings and the daily summary: its food is taken from the servings."
    ]
    assert result.food_days == {date(2026, 3, d) for d in range(25, 32)}


def test_exercises_become_sessions_of_bonetrack_types() -> None:
    result = read("exercises.csv")
    assert [(str(s.day), s.minutes, s.exercise_type, s.name) for s in result.sessions] == [
        ("2026-03-28", 35.0, "walking", "Walking, brisk pace (Apple Health)"),
        ("2026-03-28", 45.0, "strength", "Weight Training (Strength)"),
        ("2026-03-29", 30.0, "balance", "Yoga"),
        ("2026-03-30", 68.83, "aerobic", "Running (Garmin)"),
        ("2026-03-31", 10.0, "impact", "Jump Rope"),
    ]
    (read_file,) = result.files
    assert read_file.skipped == [
        "exercises.csv line 5: Daily Activity (Garmin): a device's daily activity, not a session",
        "exercises.csv line 8: Gardening: no minutes",
    ]
    assert result.exercise_days == {date(2026, 3, d) for d in (28, 29, 30, 31)}
    assert result.food_days == set()
    entry = session_entry(result.sessions[3])
    assert (entry.kind, entry.amount, entry.exercise_type, entry.note) == (
        "exercise",
        68.83,
        "aerobic",
        "Cronometer: Running (Garmin)",
    )


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Tai Chi", "balance"),
        ("Strength Training", "strength"),
        ("Hiking", "walking"),
        ("Cycling, Stationary", "aerobic"),
        ("Swimming Laps", "aerobic"),
        ("Gardening", "other"),
    ],
)
def test_exercise_types_from_names(name: str, kind: str) -> None:
    assert exercise_type(name) == kind


def test_other_exports_in_a_folder_are_named_and_left_alone() -> None:
    result = read("biometrics.csv", "exercises.csv")
    assert result.notes == ["biometrics.csv: Cronometer biometrics, not imported."]
    assert len(result.sessions) == 5


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "Day,Food Name,Calcium (%)\n2026-03-01,Milk,30\n",
            "x.csv: the column 'Calcium (%)' has a unit bonetrack cannot read as calcium "
            "('%'; expected mg, g, µg, mcg, ug or IU).",
        ),
        (
            "Day,Food Name,Vitamin D (mg)\n2026-03-01,Milk,0.1\n",
            None,  # mg of vitamin D is a unit: converted
        ),
        (
            "Day,Food Name,Vitamin K\n2026-03-01,Kale,80\n",
            "x.csv: the column 'Vitamin K' does not say its unit.",
        ),
        (
            "Day,Food Name,Calcium (mg)\n03/01/2026,Milk,300\n",
            "x.csv line 2: cannot read the day '03/01/2026' (expected YYYY-MM-DD).",
        ),
        (
            "Day,Food Name,Calcium (mg)\n2026-02-30,Milk,300\n",
            "x.csv line 2: '2026-02-30' is not a date.",
        ),
        (
            "Day,Food Name,Calcium (mg)\n2026-03-01,Milk,-3\n",
            "x.csv line 2: '-3' in column 'Calcium (mg)' is negative.",
        ),
        (
            "Day,Food Name,Calcium (mg)\n2026-03-01,Milk,about 300\n",
            "x.csv line 2: 'about 300' in column 'Calcium (mg)' is not a number.",
        ),
        (
            "Day,Food Name,Calcium (mg)\n2026-03-01,Milk,1e9\n",
            "x.csv line 2: '1e9' in column 'Calcium (mg)' is not a number.",
        ),
        (
            "Day,Time,Food Name,Calcium (mg)\n2026-03-01,25:00,Milk,300\n",
            "x.csv line 2: cannot read the time '25:00' (expected e.g. 8:05 AM).",
        ),
        (
            "Day,Food Name,Calcium (mg)\n2026-03-01,Milk, 2%,300\n",
            "x.csv line 2: 4 values for 3 columns (a comma inside an unquoted name?).",
        ),
        (
            "Weight,Height\n63,170\n",
            "x.csv is not one of Cronometer's exports (servings, "
            "daily nutrition, exercises): its columns are not theirs.",
        ),
        ("", "x.csv is empty: no header row."),
        (
            "Day,Exercise,Minutes\n2026-03-01,Hike,1500\n",
            "x.csv line 2: Hike: 1500 min of exercise in one entry is not plausible "
            "(more than 24 h); check the unit.",
        ),
        (
            "Day,Food Name,Calcium (mg)\n2026-03-01,Chalk,25000\n",
            "x.csv: 2026-03-01: 25000 mg of calcium in one record is not plausible "
            "(more than 20000 mg); check the unit.",
        ),
    ],
)
def test_bad_files_are_refused_naming_the_place(text: str, message: str | None) -> None:
    if message is None:
        assert food(inline(text)) == {("2026-03-01", VITAMIN_D): 4000.0}
        return
    with pytest.raises(InputError) as error:
        inline(text)
    assert error.value.message == message


def test_a_supplement_dose_out_of_range_is_refused() -> None:
    with pytest.raises(InputError) as error:
        inline(
            "Day,Group,Food Name,Calcium (mg)\n2026-03-01,Supplements,Calcium,6000\n", doses=True
        )
    assert error.value.message == (
        "x.csv line 2: Calcium: 6000 mg of calcium in one entry is not plausible "
        "(more than 5 g); check the unit."
    )


def test_two_exports_of_one_kind_holding_the_same_day_are_refused() -> None:
    text = "Day,Food Name,Calcium (mg)\n2026-03-01,Milk,300\n"
    with pytest.raises(InputError) as error:
        read_cronometer(
            [("a.csv", text.splitlines(True)), ("b.csv", text.splitlines(True))],
            TODAY,
            supplements_as_doses=False,
        )
    assert error.value.message == (
        "a.csv and b.csv both hold servings for 2026-03-01: "
        "import them one at a time, the later export last."
    )


def test_control_characters_in_names_never_reach_a_note() -> None:
    result = inline(
        'Day,Group,Food Name,Calcium (mg)\n2026-03-01,Supplements,"Calcium\x1b[31m",300\n',
        doses=True,
    )
    assert dose_entry(result.doses[0]).note == (
        "Cronometer: Calcium\\x1b[31m (no time in the export: 12:00)"
    )


def test_a_huge_cell_is_refused() -> None:
    with pytest.raises(InputError) as error:
        inline('Day,Food Name,Calcium (mg)\n2026-03-01,"' + "x" * 70_000 + '",1\n')
    assert error.value.message.startswith("x.csv line 2: not a readable CSV row (field larger")
