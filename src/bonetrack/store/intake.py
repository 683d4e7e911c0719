"""Supplements and food per day, for the report's and `today`'s intake view: two GROUP BYs."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from bonetrack.domain.food import CALCIUM, VITAMIN_D, VITAMIN_K, source_name, source_rank
from bonetrack.domain.intake import (
    INTAKE_NUTRIENTS,
    FoodAmount,
    IntakeDay,
    IntakeSummary,
    intake_day,
    intake_days,
    summarize,
)
from bonetrack.store.food import food_days, has_food_data
from bonetrack.store.schema import intakes

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from bonetrack.domain.profile import Profile
    from bonetrack.domain.summary import FoodIntake as SummaryFood
    from bonetrack.domain.vitamin_k import VitaminKSteadiness
    from bonetrack.store.engine import Database


def supplement_days(
    conn: Connection, first: date, last: date, kinds: tuple[str, ...] = INTAKE_NUTRIENTS
) -> dict[str, dict[date, float]]:
    """Per kind, the doses' sum per local day (days without doses are absent)."""
    from sqlalchemy import func, select

    query = (
        select(intakes.c.kind, intakes.c.local_date, func.sum(intakes.c.amount))
        .where(intakes.c.kind.in_(kinds), intakes.c.local_date.between(first, last))
        .group_by(intakes.c.kind, intakes.c.local_date)
    )
    result: dict[str, dict[date, float]] = {kind: {} for kind in kinds}
    for kind, day, amount in conn.execute(query):
        result[str(kind)][day] = float(amount)
    return result


def food_amounts(
    conn: Connection, first: date, last: date, nutrients: tuple[str, ...]
) -> dict[str, dict[date, FoodAmount]]:
    """Per nutrient, the food total of each day with food data, and its source."""
    result: dict[str, dict[date, FoodAmount]] = {n: {} for n in nutrients}
    for (day, nutrient), found in food_days(conn, first, last, nutrients).items():
        result[nutrient][day] = FoodAmount(found.amount, found.source)
    return result


def intake_window(conn: Connection, first: date, last: date) -> dict[str, list[IntakeDay]]:
    """Calcium and vitamin D, supplements and food, on the days with either."""
    taken = supplement_days(conn, first, last)
    eaten = food_amounts(conn, first, last, INTAKE_NUTRIENTS)
    return {n: intake_days(taken[n], eaten[n]) for n in INTAKE_NUTRIENTS}


def intake_on(conn: Connection, day: date) -> dict[str, IntakeDay]:
    """Calcium and vitamin D on one day, with or without data."""
    taken = supplement_days(conn, day, day)
    eaten = food_amounts(conn, day, day, INTAKE_NUTRIENTS)
    return {n: intake_day(day, taken[n], eaten[n]) for n in INTAKE_NUTRIENTS}


def summary_food(db: Database, first: date, last: date) -> SummaryFood | None:
    """The visit summary's food: mean calcium and vitamin D a day over the days with food
    data from `first` to `last`, and the apps; None without any food data then."""
    from bonetrack.domain.summary import FoodIntake as SummaryFood

    with db.connect() as conn:
        eaten = food_amounts(conn, first, last, INTAKE_NUTRIENTS)
    days = set(eaten[CALCIUM]) | set(eaten[VITAMIN_D])
    if not days:
        return None
    apps = {f.source for found in eaten.values() for f in found.values()}
    sources = sorted(apps, key=source_rank)

    def mean(found: dict[date, FoodAmount]) -> float | None:
        return round(sum(f.amount for f in found.values()) / len(found), 1) if found else None

    return SummaryFood(
        source=", ".join(source_name(s) for s in sources),
        days=len(days),
        calcium_mg_per_day=mean(eaten[CALCIUM]),
        vitamin_d_iu_per_day=mean(eaten[VITAMIN_D]),
    )


def intake_report(
    db: Database, first: date, last: date, profile: Profile
) -> tuple[dict[str, IntakeSummary], VitaminKSteadiness | None, bool]:
    """The report's intake section: each nutrient's summary, dietary vitamin K's steadiness
    on a vitamin K antagonist (None otherwise), and whether any food data is stored."""
    from bonetrack.domain.vitamin_k import vitamin_k_steadiness

    with db.connect() as conn:
        window = intake_window(conn, first, last)
        vitamin_k = food_amounts(conn, first, last, (VITAMIN_K,))[VITAMIN_K]
        any_food = has_food_data(conn)
    summaries = {n: summarize(n, first, last, days, profile) for n, days in window.items()}
    return summaries, vitamin_k_steadiness(profile, first, last, vitamin_k), any_food
