"""`bonetrack import --from cronometer`: dry runs, re-imports, refusals, and what the report
and `today` then show of food, end to end on the hand-written fixtures."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CliCall, Freeze, user_rows

FIXTURES = Path(__file__).parent.parent / "fixtures" / "cronometer"
NOW = "2026-04-02 10:00"  # Thursday; the servings hold a dinner planned for 2026-04-05


def ok(cli: CliCall, *args: str) -> str:
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def fixture(tmp_path: Path, *names: str) -> Path:
    """A folder holding copies of the named fixtures."""
    folder = tmp_path / "export"
    folder.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(FIXTURES / name, folder / name)
    return folder


def rows(db_path: Path, query: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(query).fetchall()


FOOD = (
    "SELECT local_date, nutrient, amount, source, source_app FROM dietary_intakes "
    "ORDER BY local_date, nutrient"
)
ENTRIES = (
    "SELECT kind, amount, form, exercise_type, taken_at, local_date, note, source FROM intakes "
    "ORDER BY taken_at, kind"
)


def counts(db_path: Path) -> tuple[int, int, int]:
    [(food, entries, imports)] = rows(
        db_path,
        "SELECT (SELECT count(*) FROM dietary_intakes), (SELECT count(*) FROM intakes), "
        "(SELECT count(*) FROM imports)",
    )
    return food, entries, imports


def test_a_dry_run_says_what_it_would_do_and_writes_nothing(
    cli: CliCall, frozen: Freeze, tmp_path: Path, db_path: Path
) -> None:
    frozen(NOW)
    folder = fixture(tmp_path, "servings.csv", "exercises.csv", "biometrics.csv")
    out = ok(cli, "import", "--from", "cronometer", str(folder), "--dry-run")
    assert out.splitlines() == [
        "exercises.csv: Cronometer exercises, 7 rows, 2026-03-28 to 2026-03-31.",
        "servings.csv: Cronometer servings, 15 rows, 2026-03-28 to 2026-03-31; "
        "1 row dated after today (planned) left out.",
        "biometrics.csv: Cronometer biometrics, not imported.",
        "                   added  unchanged  changed  removed",
        "food (day totals)     10          0        0        0",
        "supplement doses       0          0        -        0",
        "exercise sessions      5          0        -        0",
        'Supplements in the servings (Group or Category "Supplements"):',
        "  Vitamin D3, Now Foods (1 row, 2026-03-28): food",
        "  Vitamin K2 MK-7 (Menaquinone-7), Jarrow (1 row, 2026-03-28): food",
        "  Calcium Citrate + D3, Kirkland (1 row, 2026-03-29): food",
        "  Multivitamin, Centrum Silver Women 50+ (1 row, 2026-03-30): food",
        "  Calcium Carbonate 600 mg, Caltrate (1 row, 2026-03-31): food",
        "Supplements are counted as food; --supplements-as-doses makes doses of those whose "
        "name mentions K2 (MK-7, MK-4), calcium or vitamin D.",
        "Left out: exercises.csv line 5: Daily Activity (Garmin): a device's daily activity, "
        "not a session.",
        "Left out: exercises.csv line 8: Gardening: no minutes.",
        "Dry run: nothing was written.",
    ]
    assert counts(db_path) == (0, 0, 0)


def test_the_dry_run_of_supplements_as_doses_says_which_rows_went_where(
    cli: CliCall, frozen: Freeze, tmp_path: Path, db_path: Path
) -> None:
    frozen(NOW)
    servings = str(FIXTURES / "servings.csv")
    out = ok(cli, "import", "--from", "cronometer", servings, "--dry-run", "--supplements-as-doses")
    assert out.splitlines()[1:] == [
        "                   added  unchanged  changed  removed",
        "food (day totals)     10          0        0        0",
        "supplement doses       4          0        -        0",
        "exercise sessions      0          0        -        0",
        'Supplements in the servings (Group or Category "Supplements"):',
        "  Vitamin D3, Now Foods (1 row, 2026-03-28): doses of vitamin D 4000 IU",
        "  Vitamin K2 MK-7 (Menaquinone-7), Jarrow (1 row, 2026-03-28): doses of K2 180 µg",
        "  Calcium Citrate + D3, Kirkland (1 row, 2026-03-29): doses of calcium 500 mg, "
        "vitamin D 400 IU",
        "  Multivitamin, Centrum Silver Women 50+ (1 row, 2026-03-30): food",
        "  Calcium Carbonate 600 mg, Caltrate (1 row, 2026-03-31): food "
        "(no calcium amount in the row)",
        "Dry run: nothing was written.",
    ]
    assert counts(db_path) == (0, 0, 0)


def test_import_stores_day_totals_doses_and_sessions(
    cli: CliCall, frozen: Freeze, tmp_path: Path, db_path: Path
) -> None:
    frozen(NOW)
    folder = fixture(tmp_path, "servings.csv", "exercises.csv")
    ok(cli, "import", "--from", "cronometer", str(folder), "--supplements-as-doses")
    assert rows(db_path, FOOD) == [
        ("2026-03-28", "calcium", 611.3, "cronometer", "Cronometer"),
        ("2026-03-28", "vitamin-d", 889.0, "cronometer", "Cronometer"),
        ("2026-03-28", "vitamin-k", 81.25, "cronometer", "Cronometer"),
        ("2026-03-29", "calcium", 706.4, "cronometer", "Cronometer"),
        ("2026-03-29", "vitamin-d", 298.0, "cronometer", "Cronometer"),
        ("2026-03-29", "vitamin-k", 222.99, "cronometer", "Cronometer"),
        ("2026-03-30", "calcium", 446.8, "cronometer", "Cronometer"),
        ("2026-03-30", "vitamin-d", 1006.0, "cronometer", "Cronometer"),
        ("2026-03-30", "vitamin-k", 30.8, "cronometer", "Cronometer"),
        ("2026-03-31", "vitamin-d", 0.0, "cronometer", "Cronometer"),
    ]
    assert rows(db_path, ENTRIES) == [
        ("exercise", 35.0, None, "walking", "2026-03-28 06:30:00.000000", "2026-03-28",
         "Cronometer: Walking, brisk pace (Apple Health)", "cronometer"),
        ("vitamin-d", 4000.0, "d3", None, "2026-03-28 07:10:00.000000", "2026-03-28",
         "Cronometer: Vitamin D3, Now Foods", "cronometer"),
        ("exercise", 45.0, None, "strength", "2026-03-28 17:00:00.000000", "2026-03-28",
         "Cronometer: Weight Training (Strength)", "cronometer"),
        ("k2", 180.0, "mk7", None, "2026-03-28 20:00:00.000000", "2026-03-28",
         "Cronometer: Vitamin K2 MK-7 (Menaquinone-7), Jarrow", "cronometer"),
        # 02:30 did not exist on 2026-03-29 (clocks went forward): 03:30 CEST, 01:30 UTC
        ("calcium", 500.0, "citrate", None, "2026-03-29 01:30:00.000000", "2026-03-29",
         "Cronometer: Calcium Citrate + D3, Kirkland", "cronometer"),
        ("vitamin-d", 400.0, "d3", None, "2026-03-29 01:30:00.000000", "2026-03-29",
         "Cronometer: Calcium Citrate + D3, Kirkland", "cronometer"),
        ("exercise", 30.0, None, "balance", "2026-03-29 07:00:00.000000", "2026-03-29",
         "Cronometer: Yoga", "cronometer"),
        ("exercise", 68.83, None, "aerobic", "2026-03-30 04:45:00.000000", "2026-03-30",
         "Cronometer: Running (Garmin)", "cronometer"),
        ("exercise", 10.0, None, "impact", "2026-03-31 10:00:00.000000", "2026-03-31",
         "Cronometer: Jump Rope", "cronometer"),
    ]  # fmt: skip
    [(source, name)] = rows(db_path, "SELECT source, name FROM imports")
    assert (source, name) == ("cronometer", str(folder))


def test_importing_the_same_export_again_adds_nothing(
    cli: CliCall, frozen: Freeze, tmp_path: Path, db_path: Path
) -> None:
    frozen(NOW)
    folder = str(fixture(tmp_path, "servings.csv", "exercises.csv", "dailysummary.csv"))
    ok(cli, "import", "--from", "cronometer", folder, "--supplements-as-doses")
    food = rows(db_path, "SELECT * FROM dietary_intakes ORDER BY id")
    entries = rows(db_path, "SELECT * FROM intakes ORDER BY id")
    again = ok(cli, "import", "--from", "cronometer", folder, "--supplements-as-doses")
    assert again.splitlines()[4:8] == [
        "                   added  unchanged  changed  removed",
        "food (day totals)      0         16        0        0",
        "supplement doses       0          4        -        0",
        "exercise sessions      0          5        -        0",
    ]
    # the very same rows: unchanged records keep their ids and the import they came from
    assert rows(db_path, "SELECT * FROM dietary_intakes ORDER BY id") == food
    assert rows(db_path, "SELECT * FROM intakes ORDER BY id") == entries


def test_a_later_overlapping_export_restates_the_days_it_covers(
    cli: CliCall, frozen: Freeze, tmp_path: Path, db_path: Path
) -> None:
    frozen(NOW)
    ok(cli, "log", "calcium", "500mg", "--at", "2026-03-28 08:00")  # logged here: never touched
    first = tmp_path / "first.csv"
    first.write_text(
        "Day,Time,Group,Food Name,Amount,Calcium (mg),Vitamin K (µg)\n"
        "2026-03-27,8:00 AM,Breakfast,Milk,1 cup,300,0.5\n"
        "2026-03-28,8:00 AM,Breakfast,Milk,1 cup,300,0.5\n"
        "2026-03-29,8:00 AM,Breakfast,Milk,1 cup,300,0.5\n",
        encoding="utf-8",
    )
    ok(cli, "import", "--from", "cronometer", str(first))
    # The later export covers 03-28 to 03-30: 03-28 edited in Cronometer, 03-29 now without
    # vitamin K (the kale was deleted), 03-30 new; 03-27 is not in it and stays.
    later = tmp_path / "later.csv"
    later.write_text(
        "Day,Time,Group,Food Name,Amount,Calcium (mg),Vitamin K (µg)\n"
        "2026-03-28,8:00 AM,Breakfast,Milk,2 cups,600,1.0\n"
        "2026-03-29,8:00 AM,Breakfast,Milk,1 cup,300,\n"
        "2026-03-30,8:00 AM,Breakfast,Milk,1 cup,300,0.5\n",
        encoding="utf-8",
    )
    out = ok(cli, "import", "--from", "cronometer", str(later))
    assert out.splitlines()[1:3] == [
        "                   added  unchanged  changed  removed",
        "food (day totals)      2          1        2        1",
    ]
    assert [r[:3] for r in rows(db_path, FOOD)] == [
        ("2026-03-27", "calcium", 300.0),
        ("2026-03-27", "vitamin-k", 0.5),
        ("2026-03-28", "calcium", 600.0),
        ("2026-03-28", "vitamin-k", 1.0),
        ("2026-03-29", "calcium", 300.0),
        ("2026-03-30", "calcium", 300.0),
        ("2026-03-30", "vitamin-k", 0.5),
    ]
    assert rows(db_path, "SELECT kind, amount, source FROM intakes") == [("calcium", 500.0, "cli")]


def test_an_import_is_one_change_that_undo_takes_back(
    cli: CliCall, frozen: Freeze, tmp_path: Path, db_path: Path
) -> None:
    frozen(NOW)
    ok(cli, "log", "calcium", "500mg", "--at", "2026-03-28 08:00")  # logged here: never touched
    states = [user_rows(db_path)]
    first = tmp_path / "first.csv"
    first.write_text(
        "Day,Time,Group,Food Name,Amount,Calcium (mg),Vitamin K (µg)\n"
        "2026-03-27,8:00 AM,Breakfast,Milk,1 cup,300,0.5\n"
        "2026-03-28,8:00 AM,Breakfast,Milk,1 cup,300,0.5\n",
        encoding="utf-8",
    )
    ok(cli, "import", "--from", "cronometer", str(first))
    states.append(user_rows(db_path))
    # A dry run changes nothing, so it is not a change to undo.
    ok(cli, "import", "--from", "cronometer", str(FIXTURES / "servings.csv"), "--dry-run")
    # The later export restates 03-28 and adds days with supplement doses and exercise
    # sessions: one change, whatever it touched.
    later = fixture(tmp_path, "servings.csv", "exercises.csv")
    out = ok(cli, "import", "--from", "cronometer", str(later), "--supplements-as-doses")
    assert out.splitlines()[3:6] == [
        "food (day totals)      8          0        2        0",
        "supplement doses       4          0        -        0",
        "exercise sessions      5          0        -        0",
    ]
    assert counts(db_path) == (4 - 2 + 10, 1 + 4 + 5, 2)
    listed = ok(cli, "undo", "--list").splitlines()
    assert listed[0] == (
        f"2026-04-02 10:00 bonetrack import --from cronometer {later} --supplements-as-doses "
        "(22 rows)"
    )
    assert listed[1] == f"  added import from Cronometer: {later}"
    assert listed[2].startswith("  deleted food calcium 300 mg on 2026-03-28 (from Cronometer)")
    assert listed[4] == (
        "  ... and 19 more (in all: added 1 import, 10 food records and 9 entries; "
        "deleted 2 food records)"
    )
    assert ok(cli, "undo", "--yes") == (
        f"Undone (bonetrack import --from cronometer {later} --supplements-as-doses): "
        "removed 9 entries, 10 food records and 1 import; restored 2 food records.\n"
    )
    assert user_rows(db_path) == states[1]
    assert ok(cli, "undo", "--yes") == (
        f"Undone (bonetrack import --from cronometer {first}): removed 4 food records and "
        "1 import.\n"
    )
    assert user_rows(db_path) == states[0]
    assert counts(db_path) == (0, 1, 0)


def test_supplement_doses_are_restated_when_imported_again_as_food(
    cli: CliCall, frozen: Freeze, db_path: Path
) -> None:
    frozen(NOW)
    servings = str(FIXTURES / "servings.csv")
    ok(cli, "import", "--from", "cronometer", servings, "--supplements-as-doses")
    out = ok(cli, "import", "--from", "cronometer", servings)
    # Without the flag the same days are restated: the doses go, their amounts are food again.
    assert out.splitlines()[1:4] == [
        "                   added  unchanged  changed  removed",
        "food (day totals)      0          6        4        0",
        "supplement doses       0          0        -        4",
    ]
    assert rows(db_path, "SELECT count(*) FROM intakes") == [(0,)]
    assert ("2026-03-28", "vitamin-d", 4889.0) in [r[:3] for r in rows(db_path, FOOD)]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "servings.csv",
            "Day,Food Name,Calcium (mg)\n2026-03-01,Milk,300\n2026-03-02,Cheese,-5\n",
            "servings.csv line 3: '-5' in column 'Calcium (mg)' is negative.",
        ),
        (
            "servings.csv",
            "Day,Food Name,Calcium (IU)\n2026-03-01,Milk,300\n",
            "servings.csv: the column 'Calcium (IU)' has a unit bonetrack cannot read as "
            "calcium ('IU'; expected mg, g, µg, mcg, ug or IU).",
        ),
        (
            "weights.csv",
            "Date,Weight (kg)\n2026-03-01,63.5\n",
            "weights.csv is not one of Cronometer's exports (servings, daily nutrition, "
            "exercises): its columns are not theirs.",
        ),
    ],
)
def test_a_bad_file_is_refused_whole_and_nothing_is_written(
    cli: CliCall, frozen: Freeze, tmp_path: Path, db_path: Path, name: str, content: str,
    message: str,
) -> None:  # fmt: skip
    frozen(NOW)
    ok(cli, "log", "k2", "180mcg")  # the database exists: compare its bytes
    before = db_path.read_bytes()
    folder = fixture(tmp_path, "exercises.csv")  # a good file beside the bad one
    (folder / name).write_text(content, encoding="utf-8")
    result = cli("import", "--from", "cronometer", str(folder))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"Error: {message} Nothing was imported.\n"
    assert db_path.read_bytes() == before
    assert counts(db_path) == (0, 1, 0)


def test_windows_1252_text_is_read(
    cli: CliCall, frozen: Freeze, tmp_path: Path, db_path: Path
) -> None:
    frozen(NOW)
    path = tmp_path / "servings.csv"
    # An older export saved by a spreadsheet on Windows: µ is the single byte 0xB5.
    path.write_bytes(
        "Day,Food Name,Vitamin K (µg),Calcium (mg)\r\n2026-03-01,Crème fraîche,1.5,60\r\n".encode(
            "cp1252"
        )
    )
    ok(cli, "import", "--from", "cronometer", str(path))
    assert [r[:3] for r in rows(db_path, FOOD)] == [
        ("2026-03-01", "calcium", 60.0),
        ("2026-03-01", "vitamin-k", 1.5),
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "myfitnesspal", "x.csv"], "--from must be one of: cronometer"),
        (["--supplements-as-doses", "x.json"], "--supplements-as-doses is for --from cronometer."),
        (
            ["--from", "cronometer", "missing.csv"],
            "missing.csv: no such file. Nothing was imported.",
        ),
    ],
)
def test_refused_arguments(cli: CliCall, args: list[str], message: str, tmp_path: Path) -> None:
    result = cli("import", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {message}")


# --- what the report and `today` show ----------------------------------------------


def test_end_to_end_food_and_logged_supplements_in_the_report(
    cli: CliCall, frozen: Freeze, tmp_path: Path
) -> None:
    """Cronometer food plus supplements logged in bonetrack: supplements, food and total
    calcium per day, and the upper-limit check on the total."""
    frozen(NOW)
    ok(cli, "profile", "set", "--birth-year", "1960", "--sex", "female")  # UL 2000, RDA 1200
    for at, amount in (
        ("2026-03-28 08:00", "500mg"),
        ("2026-03-28 20:00", "500mg"),
        ("2026-03-29 08:00", "400mg"),
        ("2026-03-29 20:00", "500mg"),
        ("2026-03-30 08:00", "500mg"),
        ("2026-03-31 08:00", "500mg"),
    ):
        ok(cli, "log", "calcium", amount, "--at", at)
    ok(cli, "import", "--from", "cronometer", str(FIXTURES / "servings.csv"))
    report = json.loads(ok(cli, "report", "--from", "2026-03-28", "--to", "2026-04-01", "--json"))
    calcium = report["intake"]["calcium"]
    assert calcium["days"] == [
        {"date": "2026-03-28", "supplements": 1000.0, "food": 611.3, "total": 1611.3,
         "food_source": "cronometer", "note": None},
        {"date": "2026-03-29", "supplements": 900.0, "food": 1206.4, "total": 2106.4,
         "food_source": "cronometer", "note": None},
        {"date": "2026-03-30", "supplements": 500.0, "food": 446.8, "total": 946.8,
         "food_source": "cronometer", "note": None},
        # Only vitamin D was recorded that day: calcium has no food data, never 0.
        {"date": "2026-03-31", "supplements": 500.0, "food": None, "total": None,
         "food_source": None, "note": "no food data"},
    ]  # fmt: skip
    assert {k: v for k, v in calcium.items() if k != "days"} == {
        "unit": "mg",
        "rda": 1200.0,
        "ul": 2000.0,
        "food_days": 3,
        "average": {"supplements": 800.0, "food": 754.8, "total": 1554.8},
        "below_rda": ["2026-03-30"],
        "above_ul": ["2026-03-29"],
        "source": "IOM 2011",
    }
    # The UL check uses the total: 900 mg of supplements alone would be below it.
    [ul] = [w for w in report["warnings"] if w["code"] == "calcium-ul"]
    assert (ul["dates"], ul["message"]) == (["2026-03-29"], "1 day above the calcium upper limit")
    vitamin_d = report["intake"]["vitamin-d"]
    assert [(d["date"], d["supplements"], d["food"], d["total"]) for d in vitamin_d["days"]] == [
        ("2026-03-28", 0.0, 4889.0, 4889.0),
        ("2026-03-29", 0.0, 698.0, 698.0),
        ("2026-03-30", 0.0, 1006.0, 1006.0),
        ("2026-03-31", 0.0, 0.0, 0.0),
    ]
    assert report["vitamin_k"] is None  # no vitamin K antagonist

    text = ok(cli, "report", "--from", "2026-03-28", "--to", "2026-04-01")
    assert (
        "Calcium: food data on 3 of 5 days; on those days 1554.8 mg a day on average "
        "(supplements 800 mg, food 754.8 mg); 1 day below the RDA of 1200 mg; 1 day above the "
        "upper limit of 2000 mg, supplements and food together (IOM 2011)."
    ) in " ".join(text.split())
    assert "2026-03-31 500 mg no food data - 0 IU 0 IU 0 IU" in " ".join(text.split())


def test_logging_warns_with_food_in_the_days_total(cli: CliCall, frozen: Freeze) -> None:
    frozen(NOW)
    ok(cli, "profile", "set", "--birth-year", "1960", "--sex", "female")
    ok(cli, "import", "--from", "cronometer", str(FIXTURES / "servings.csv"))
    ok(cli, "log", "calcium", "400mg", "--at", "2026-03-29 08:00")
    result = cli("log", "calcium", "500mg", "--at", "2026-03-29 20:00")
    assert result.exit_code == 0
    assert result.stderr == (
        "Warning: calcium on 2026-03-29 adds up to 2106.4 mg (900 mg supplements and 1206.4 mg "
        "food), above the upper limit of 2000 mg a day for women aged 51–70; food and "
        "supplements count together (IOM 2011)\n"
    )


def test_today_shows_supplements_food_and_total(cli: CliCall, frozen: Freeze) -> None:
    frozen("2026-03-30 21:00")
    ok(cli, "profile", "set", "--birth-year", "1960", "--sex", "female")
    assert "Calcium today" not in ok(cli, "today")  # no food imported: nothing to say yet
    ok(cli, "import", "--from", "cronometer", str(FIXTURES / "servings.csv"))
    ok(cli, "log", "calcium", "500mg", "--at", "8:00")
    lines = ok(cli, "today").splitlines()
    assert lines[-2:] == [
        "Calcium today: 500 mg from supplements + 446.8 mg from food (Cronometer) = 946.8 mg; "
        "RDA 1200 mg, upper limit 2000 mg (IOM 2011).",
        "Vitamin D today: 0 IU from supplements + 1006 IU from food (Cronometer) = 1006 IU; "
        "RDA 600 IU, upper limit 4000 IU (IOM 2011).",
    ]
    intake = json.loads(ok(cli, "today", "--json"))["intake"]
    assert intake["calcium"] == {
        "supplements": 500.0,
        "food": 446.8,
        "total": 946.8,
        "food_source": "cronometer",
        "note": None,
        "unit": "mg",
        "rda": 1200.0,
        "ul": 2000.0,
    }
    frozen("2026-04-01 09:00")  # a day the export does not hold
    assert ok(cli, "today").splitlines()[-2] == (
        "Calcium today: 0 mg from supplements, no food data (the total is not known); "
        "RDA 1200 mg, upper limit 2000 mg (IOM 2011)."
    )


def test_dietary_vitamin_k_never_counts_toward_k2(cli: CliCall, frozen: Freeze) -> None:
    frozen(NOW)
    ok(cli, "plan", "set", "k2", "180mcg", "--form", "mk7", "--from", "2026-03-28")
    ok(cli, "import", "--from", "cronometer", str(FIXTURES / "servings.csv"))  # K as food
    report = json.loads(ok(cli, "report", "--from", "2026-03-28", "--to", "2026-04-01", "--json"))
    [k2] = report["items"]
    assert (k2["met"], k2["due"], k2["average"]) == (0, 5, 0.0)


def test_a_vitamin_k_antagonist_shows_how_steady_dietary_vitamin_k_was(
    cli: CliCall, frozen: Freeze
) -> None:
    frozen(NOW)
    ok(cli, "profile", "set", "--birth-year", "1960", "--sex", "female",
       "--anticoagulant", "warfarin")  # fmt: skip
    ok(cli, "import", "--from", "cronometer", str(FIXTURES / "servings.csv"))
    report = json.loads(ok(cli, "report", "--from", "2026-03-28", "--to", "2026-04-01", "--json"))
    assert report["vitamin_k"] == {
        "unit": "mcg",
        "vka_days": 5,
        "food_days": 3,
        "mean": 171.7,
        "spread": 100.8,
        "usual": 222.99,
        "lowest": 30.8,
        "highest": 261.25,
        "unusual_days": [
            {"date": "2026-03-30", "amount": 30.8, "difference": -192.2},
            {"date": "2026-03-28", "amount": 261.25, "difference": 38.3},
        ],
        "food_sources": ["cronometer"],
        "message": (
            "Vitamin K from food on 3 of 5 days on a vitamin K antagonist: 171.7 µg a day on "
            "average, spread 100.8 µg (usual day 222.99 µg); on a vitamin K antagonist the "
            "guidance is to keep vitamin K intake consistent, not to avoid it, and to change "
            "it only with your prescriber; this is information, not advice"
        ),
        "source": "Schurgers 2007, Blood 109:3279; Theuwissen 2013, J Thromb Haemost 11:1085",
    }
    text = " ".join(ok(cli, "report", "--from", "2026-03-28", "--to", "2026-04-01").split())
    assert (
        "Vitamin K from food (Cronometer) on 3 of the 5 days on a vitamin K antagonist: "
        "171.7 µg a day on average, spread 100.8 µg (standard deviation), usual day 222.99 µg, "
        "lowest 30.8 µg, highest 261.25 µg. Days furthest from your usual: 2026-03-30 30.8 µg "
        "(-192.2), 2026-03-28 261.25 µg (+38.3). On a vitamin K antagonist the guidance is"
    ) in text


def test_reading_reports_every_byte_for_the_progress_bar() -> None:
    from bonetrack.cli.import_cronometer import _lines

    path = FIXTURES / "servings-mu.csv"
    seen: list[int] = []
    lines = list(_lines(path, seen.append))
    assert sum(seen) == path.stat().st_size
    assert lines[0].startswith("Day,Time,Group")  # the byte order mark is gone
    assert lines[0].endswith("\r\n")  # line ends are left to the CSV reader


def test_the_visit_summary_counts_the_imported_food(cli: CliCall, frozen: Freeze) -> None:
    frozen(NOW)
    ok(cli, "profile", "set", "--birth-year", "1960", "--sex", "female")
    ok(cli, "log", "calcium", "500mg", "--at", "2026-03-28 08:00")
    ok(cli, "import", "--from", "cronometer", str(FIXTURES / "servings.csv"))
    intake = json.loads(ok(cli, "summary", "--from", "2026-03-28", "--to", "2026-03-31", "--json"))[
        "intake"
    ]
    # food means over the days with food data: calcium on 3 days, vitamin D on 4
    assert intake["food"] == {
        "source": "Cronometer",
        "days": 4,
        "calcium_mg_per_day": 754.8,
        "vitamin_d_iu_per_day": 1648.2,
    }
    calcium = intake["nutrients"][0]
    assert (calcium["food_per_day"], calcium["over_ul_rule"]) == (
        754.8,
        "days whose calcium, supplements and food together, was above the UL",
    )
