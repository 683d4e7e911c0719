"""Storing dietary records: by key (Apple Health), by covered days (Cronometer), dry runs."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from bonetrack.domain.food import (
    APPLE_HEALTH,
    CALCIUM,
    CRONOMETER,
    VITAMIN_D,
    VITAMIN_K,
    DietaryIntake,
    day_record_key,
    dietary_intake,
    record_key,
)
from bonetrack.domain.import_tally import DietaryTally
from bonetrack.errors import InputError
from bonetrack.store.engine import Database
from bonetrack.store.food import (
    add_dietary,
    food_days,
    replace_dietary_days,
    start_import,
)
from bonetrack.store.schema import dietary_intakes, imports

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
D1, D2, D3 = date(2026, 3, 28), date(2026, 3, 29), date(2026, 3, 30)


def health(day: date, nutrient: str, amount: float, start: str) -> DietaryIntake:
    key = record_key("HKQuantityTypeIdentifierDietaryCalcium", "Health", start, start, str(amount))
    return dietary_intake(day, nutrient, amount, APPLE_HEALTH, key, "Health")


def crono(day: date, nutrient: str, amount: float) -> DietaryIntake:
    return dietary_intake(
        day, nutrient, amount, CRONOMETER, day_record_key(CRONOMETER, day, nutrient), "Cronometer"
    )


def stored(db: Database) -> list[tuple[object, ...]]:
    query = select(
        dietary_intakes.c.local_date,
        dietary_intakes.c.nutrient,
        dietary_intakes.c.amount,
        dietary_intakes.c.source,
        dietary_intakes.c.import_id,
    ).order_by(dietary_intakes.c.id)
    with db.connect() as conn:
        return [tuple(row) for row in conn.execute(query)]


def test_records_by_key_are_added_once(db: Database) -> None:
    records = [
        health(D1, CALCIUM, 300.0, "08:00"),
        health(D1, CALCIUM, 300.0, "08:00"),  # a duplicate inside the same export
        health(D1, CALCIUM, 300.0, "12:00"),  # the same amount at another time: its own record
        health(D2, VITAMIN_K, 0.0, "08:00"),
    ]
    with db.begin() as conn:
        first = start_import(conn, APPLE_HEALTH, "export.zip", NOW)
        assert add_dietary(conn, records, import_id=first) == DietaryTally(added=3, skipped=1)
    with db.begin() as conn:
        # A later export holds the same records and one more: only that one is added.
        later = start_import(conn, APPLE_HEALTH, "export2.zip", NOW)
        more = [*records, health(D2, CALCIUM, 120.5, "19:00")]
        assert add_dietary(conn, more, import_id=later) == DietaryTally(added=1, skipped=4)
    assert stored(db) == [
        (D1, CALCIUM, 300.0, APPLE_HEALTH, first),
        (D1, CALCIUM, 300.0, APPLE_HEALTH, first),
        (D2, VITAMIN_K, 0.0, APPLE_HEALTH, first),
        (D2, CALCIUM, 120.5, APPLE_HEALTH, later),
    ]
    with db.connect() as conn:
        names = conn.execute(select(imports.c.id, imports.c.source, imports.c.name)).all()
    assert [tuple(n) for n in names] == [
        (first, APPLE_HEALTH, "export.zip"),
        (later, APPLE_HEALTH, "export2.zip"),
    ]


def test_batches_larger_than_one_lookup(db: Database) -> None:
    records = [health(D1, CALCIUM, float(i), f"{i}") for i in range(1, 1001)]
    with db.begin() as conn:
        import_id = start_import(conn, APPLE_HEALTH, "big.xml", NOW)
        assert add_dietary(conn, records + records[:5], import_id=import_id) == DietaryTally(
            added=1000, skipped=5
        )
    with db.connect() as conn:
        total = conn.execute(select(func.sum(dietary_intakes.c.amount))).scalar_one()
    assert total == 500_500.0


def test_a_dry_run_counts_the_same_and_writes_nothing(db: Database) -> None:
    records = [health(D1, CALCIUM, 300.0, "08:00"), health(D1, CALCIUM, 300.0, "08:00")]
    with db.begin() as conn:
        assert add_dietary(conn, records, import_id=None) == DietaryTally(added=1, skipped=1)
        assert replace_dietary_days(
            conn, CRONOMETER, [D1], [crono(D1, CALCIUM, 5.0)], import_id=None
        ) == DietaryTally(added=1)
    assert stored(db) == []


def test_replacing_days_keeps_the_other_days_and_sources(db: Database) -> None:
    with db.begin() as conn:
        first = start_import(conn, CRONOMETER, "servings.csv", NOW)
        replace_dietary_days(
            conn,
            CRONOMETER,
            [D1, D2],
            [crono(D1, CALCIUM, 900.0), crono(D2, CALCIUM, 800.0), crono(D2, VITAMIN_D, 0.0)],
            import_id=first,
        )
        health_id = start_import(conn, APPLE_HEALTH, "export.zip", NOW)
        add_dietary(conn, [health(D2, CALCIUM, 50.0, "x")], import_id=health_id)
    # A later export covers D2 and D3: D2 is re-stated (its vitamin D row is gone from it).
    with db.begin() as conn:
        later = start_import(conn, CRONOMETER, "servings-2.csv", NOW)
        new = [crono(D2, CALCIUM, 850.0), crono(D3, CALCIUM, 700.0)]
        dry = replace_dietary_days(conn, CRONOMETER, [D2, D3], new, import_id=None)
        tally = replace_dietary_days(conn, CRONOMETER, [D2, D3], new, import_id=later)
    assert dry == tally == DietaryTally(added=1, changed=1, removed=1)
    assert sorted(stored(db), key=str) == sorted(
        [
            (D1, CALCIUM, 900.0, CRONOMETER, first),
            (D2, CALCIUM, 50.0, APPLE_HEALTH, health_id),
            (D2, CALCIUM, 850.0, CRONOMETER, later),
            (D3, CALCIUM, 700.0, CRONOMETER, later),
        ],
        key=str,
    )


def test_restating_the_same_days_again_changes_nothing(db: Database) -> None:
    records = [crono(D1, CALCIUM, 900.0), crono(D1, VITAMIN_K, 0.0), crono(D2, CALCIUM, 10.5)]
    with db.begin() as conn:
        first = start_import(conn, CRONOMETER, "servings.csv", NOW)
        assert replace_dietary_days(
            conn, CRONOMETER, [D1, D2, D3], records, import_id=first
        ) == DietaryTally(added=3)
    before = stored(db)
    with db.begin() as conn:
        again = start_import(conn, CRONOMETER, "servings.csv", NOW)
        assert replace_dietary_days(
            conn, CRONOMETER, [D1, D2, D3], records, import_id=again
        ) == DietaryTally(skipped=3)
    # Kept as stored: the same rows, still from the first import.
    assert stored(db) == before


def test_replacing_refuses_a_record_twice_and_one_outside_the_days(db: Database) -> None:
    with db.begin() as conn:
        with pytest.raises(InputError, match=r"2026-03-28: the same calcium record twice\."):
            replace_dietary_days(
                conn, CRONOMETER, [D1], [crono(D1, CALCIUM, 1.0)] * 2, import_id=None
            )
        with pytest.raises(ValueError, match="not of cronometer on a covered day"):
            replace_dietary_days(conn, CRONOMETER, [D2], [crono(D1, CALCIUM, 1.0)], import_id=None)


def test_food_days_take_one_source_per_day_and_nutrient(db: Database) -> None:
    with db.begin() as conn:
        c = start_import(conn, CRONOMETER, "servings.csv", NOW)
        replace_dietary_days(conn, CRONOMETER, [D2], [crono(D2, CALCIUM, 800.0)], import_id=c)
        h = start_import(conn, APPLE_HEALTH, "export.zip", NOW)
        add_dietary(
            conn,
            [
                health(D1, CALCIUM, 300.0, "a"),
                health(D1, CALCIUM, 200.25, "b"),
                health(D2, CALCIUM, 800.0, "c"),  # the same food, written into Health by Cronometer
                health(D2, VITAMIN_K, 90.0, "d"),
                health(D3, VITAMIN_D, 0.0, "e"),
            ],
            import_id=h,
        )
    with db.connect() as conn:
        days = food_days(conn, D1, D3)
        only_calcium = food_days(conn, D2, D3, [CALCIUM])
    assert {k: (v.amount, v.source) for k, v in days.items()} == {
        (D1, CALCIUM): (500.25, APPLE_HEALTH),
        (D2, CALCIUM): (800.0, CRONOMETER),
        (D2, VITAMIN_K): (90.0, APPLE_HEALTH),
        (D3, VITAMIN_D): (0.0, APPLE_HEALTH),
    }
    assert list(only_calcium) == [(D2, CALCIUM)]


def test_the_log_time_totals_count_food(db: Database) -> None:
    from bonetrack.domain.guidance import VitaminDWindow
    from bonetrack.store.guidance import day_aggregates, food_total, vitamin_d_window_total

    with db.begin() as conn:
        c = start_import(conn, CRONOMETER, "servings.csv", NOW)
        replace_dietary_days(
            conn,
            CRONOMETER,
            [D1, D2, D3],
            [crono(D1, VITAMIN_D, 600.0), crono(D3, VITAMIN_D, 400.5), crono(D3, CALCIUM, 900.0)],
            import_id=c,
        )
    # Food is everyday intake: in the 7-day window's sum at or below the UL, never a high dose.
    assert vitamin_d_window_total(db, D3, 4000.0) == VitaminDWindow(
        at_or_below_ul_iu=1000.5, above_ul_iu=0.0, above_ul_count=0
    )
    assert (food_total(db, CALCIUM, D3), food_total(db, CALCIUM, D2)) == (900.0, None)
    # Days with food and no doses are in the report's aggregates too.
    days = day_aggregates(db, D1, D3, 4000.0)
    assert [(d.day, d.calcium_food_mg, d.vitamin_d_food_iu) for d in days] == [
        (D1, None, 600.0),
        (D3, 900.0, 400.5),
    ]
