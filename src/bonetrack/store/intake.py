"""Supplements and food per day, for the report's and `today`'s intake view: two GROUP BYs."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from bonetrack.domain.intake import INTAKE_NUTRIENTS, FoodAmount, IntakeDay, intake_days
from bonetrack.store.food import food_days
from bonetrack.store.schema import intakes

if TYPE_CHECKING:
    from sqlalchemy import Connection


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
    """Calcium and vitamin D, supplements and food, on every day from `first` to `last`."""
    taken = supplement_days(conn, first, last)
    eaten = food_amounts(conn, first, last, INTAKE_NUTRIENTS)
    return {n: intake_days(first, last, taken[n], eaten[n]) for n in INTAKE_NUTRIENTS}


def has_food_data(conn: Connection) -> bool:
    from sqlalchemy import select

    from bonetrack.store.schema import dietary_intakes

    return conn.execute(select(dietary_intakes.c.id).limit(1)).first() is not None
