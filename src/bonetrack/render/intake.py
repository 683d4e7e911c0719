"""Calcium and vitamin D from supplements and food, side by side; dietary vitamin K steadiness.

Plain text for `today` (no rich on that path), a rich table for the report, and the
JSON forms both add to their documents (`"intake"`, `"vitamin_k"`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bonetrack.domain.amounts import format_number
from bonetrack.domain.food import NUTRIENT_UNITS, nutrient_label, source_name
from bonetrack.domain.intake import NO_FOOD_DATA, IntakeDay, IntakeSummary
from bonetrack.domain.kinds import UNIT_SYMBOLS
from bonetrack.domain.reference import References

if TYPE_CHECKING:
    from rich.console import RenderableType

    from bonetrack.domain.vitamin_k import VitaminKSteadiness

# The report's table lists at most this many days (the latest with any data).
DAYS_SHOWN = 14


def _amount(nutrient: str, value: float) -> str:
    return f"{format_number(value)} {UNIT_SYMBOLS[NUTRIENT_UNITS[nutrient]]}"


def _capital(text: str) -> str:
    return text[0].upper() + text[1:]


# --- JSON --------------------------------------------------------------------


def day_json(day: IntakeDay) -> dict[str, Any]:
    return {
        "date": day.day.isoformat(),
        "supplements": day.supplements,
        "food": day.food,
        "total": day.total,
        "food_source": day.food_source,
        "note": NO_FOOD_DATA if day.food is None else None,
    }


def intake_json(summaries: Mapping[str, IntakeSummary]) -> dict[str, Any]:
    """The report's `"intake"`: per nutrient, every day of the window and the checks."""
    return {
        "intake": {
            nutrient: {
                "unit": s.unit,
                "rda": s.rda,
                "ul": s.ul,
                "food_days": s.food_days,
                "average": {
                    "supplements": s.average_supplements,
                    "food": s.average_food,
                    "total": s.average_total,
                },
                "below_rda": [d.isoformat() for d in s.below_rda],
                "above_ul": [d.isoformat() for d in s.above_ul],
                "source": s.source,
                "days": [day_json(d) for d in s.days],
            }
            for nutrient, s in summaries.items()
        }
    }


def vitamin_k_json(steadiness: VitaminKSteadiness | None) -> dict[str, Any]:
    """The report's `"vitamin_k"`: null unless the profile was on a vitamin K antagonist."""
    if steadiness is None:
        return {"vitamin_k": None}
    s = steadiness
    return {
        "vitamin_k": {
            "unit": s.unit,
            "vka_days": s.vka_days,
            "food_days": s.food_days,
            "mean": s.mean,
            "spread": s.spread,
            "usual": s.usual,
            "lowest": s.lowest,
            "highest": s.highest,
            "unusual_days": [
                {"date": u.day.isoformat(), "amount": u.amount, "difference": u.difference}
                for u in s.unusual
            ],
            "food_sources": list(s.food_sources),
            "message": s.message,
            "source": s.source,
        }
    }


def today_intake_json(
    days: Mapping[str, IntakeDay], refs: References | None
) -> dict[str, dict[str, Any]]:
    """`today --json`'s `"intake"`: today's supplements, food and total per nutrient."""
    return {
        nutrient: {
            **{k: v for k, v in day_json(day).items() if k != "date"},
            "unit": NUTRIENT_UNITS[nutrient],
            "rda": None if refs is None else float(_rda(nutrient, refs)),
            "ul": None if refs is None else float(_ul(nutrient, refs)),
        }
        for nutrient, day in days.items()
    }


def _rda(nutrient: str, refs: References) -> int:
    return refs.calcium_rda_mg if nutrient == "calcium" else refs.vitamin_d_rda_iu


def _ul(nutrient: str, refs: References) -> int:
    return refs.calcium_ul_mg if nutrient == "calcium" else refs.vitamin_d_ul_iu


# --- plain text ----------------------------------------------------------------


def day_text(nutrient: str, day: IntakeDay, refs: References | None) -> str:
    """'Calcium today: 500 mg from supplements + 611.3 mg from food (Cronometer) = 1111.3 mg;
    RDA 1200 mg, upper limit 2000 mg (IOM 2011).'"""
    taken = f"{_amount(nutrient, day.supplements)} from supplements"
    total = day.total
    if day.food is None or total is None:
        text = f"{taken}, {NO_FOOD_DATA} (the total is not known)"
    else:
        source = f" ({source_name(day.food_source)})" if day.food_source else ""
        text = (
            f"{taken} + {_amount(nutrient, day.food)} from food{source} = "
            f"{_amount(nutrient, total)}"
        )
    if refs is not None:
        text += (
            f"; RDA {_amount(nutrient, _rda(nutrient, refs))}, upper limit "
            f"{_amount(nutrient, _ul(nutrient, refs))} ({refs.source})"
        )
    return f"{_capital(nutrient_label(nutrient))} today: {text}."


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_text(summary: IntakeSummary) -> str:
    """One nutrient over the window, in a sentence or three."""
    s = summary
    label = _capital(nutrient_label(s.nutrient))
    window = s.window_days
    if not s.food_days:
        return (
            f"{label}: {NO_FOOD_DATA} in this window, so the total of supplements and food is "
            "not known (import a food diary: bonetrack import --from cronometer PATH)."
        )
    assert s.average_total is not None
    assert s.average_supplements is not None
    assert s.average_food is not None
    text = (
        f"{label}: food data on {s.food_days} of {_plural(window, 'day')}; on those days "
        f"{_amount(s.nutrient, s.average_total)} a day on average (supplements "
        f"{_amount(s.nutrient, s.average_supplements)}, food {_amount(s.nutrient, s.average_food)})"
    )
    if s.rda is not None:
        below = _plural(len(s.below_rda), "day")
        text += f"; {below} below the RDA of {_amount(s.nutrient, s.rda)}"
    if s.nutrient == "calcium" and s.ul is not None:
        text += (
            f"; {_plural(len(s.above_ul), 'day')} above the upper limit of "
            f"{_amount(s.nutrient, s.ul)}, supplements and food together"
        )
    return f"{text} ({s.source})."


def vitamin_k_lines(steadiness: VitaminKSteadiness) -> list[str]:
    from bonetrack.domain.vitamin_k import VITAMIN_K_GUIDANCE

    s = steadiness
    guidance = f"{_capital(VITAMIN_K_GUIDANCE)} ({s.source})."
    if s.mean is None or s.lowest is None or s.highest is None:
        return [
            f"No food data for vitamin K on the {_plural(s.vka_days, 'day')} on a vitamin K "
            "antagonist (import a food diary: bonetrack import --from cronometer PATH).",
            guidance,
        ]
    k = "vitamin-k"
    sources = ", ".join(source_name(x) for x in s.food_sources)
    lines = [
        f"Vitamin K from food ({sources}) on {s.food_days} of the {_plural(s.vka_days, 'day')} "
        f"on a vitamin K antagonist: {_amount(k, s.mean)} a day on average, spread "
        f"{_amount(k, s.spread or 0.0)} (standard deviation), usual day "
        f"{_amount(k, s.usual or 0.0)}, lowest {_amount(k, s.lowest)}, highest "
        f"{_amount(k, s.highest)}."
    ]
    if s.unusual:
        days = ", ".join(
            f"{u.day} {_amount(k, u.amount)} ({'+' if u.difference > 0 else ''}"
            f"{format_number(u.difference)})"
            for u in s.unusual
        )
        lines.append(f"Days furthest from your usual: {days}.")
    lines.append(guidance)
    return lines


# --- the report (rich) -----------------------------------------------------------


def _cell(nutrient: str, value: float | None) -> str:
    return "-" if value is None else _amount(nutrient, value)


def intake_table(summaries: Mapping[str, IntakeSummary]) -> RenderableType | None:
    """The latest days with any data, calcium and vitamin D side by side; None without any."""
    from rich.table import Table

    nutrients = list(summaries)
    by_day = {n: {d.day: d for d in summaries[n].days} for n in nutrients}
    dates = sorted({day for days in by_day.values() for day in days})[-DAYS_SHOWN:]
    if not dates:
        return None
    table = Table(box=None, header_style="bold", pad_edge=False, collapse_padding=True)
    table.add_column("Day", no_wrap=True)
    for n in nutrients:
        table.add_column(f"{_capital(nutrient_label(n))}: supplements", justify="right")
        table.add_column("food", justify="right", no_wrap=True)
        table.add_column("total", justify="right", no_wrap=True)
    for day in dates:
        cells = [day.isoformat()]
        for n in nutrients:
            d = by_day[n].get(day) or IntakeDay(day, 0.0, None, None)
            food = NO_FOOD_DATA if d.food is None else _amount(n, d.food)
            cells += [_amount(n, d.supplements), food, _cell(n, d.total)]
        table.add_row(*cells)
    return table


def intake_renderables(
    summaries: Mapping[str, IntakeSummary], steadiness: VitaminKSteadiness | None
) -> list[RenderableType]:
    from rich.text import Text

    parts: list[RenderableType] = [
        Text(
            f"Calcium and vitamin D: supplements and food (the latest {DAYS_SHOWN} days with "
            "data; --json lists every day)",
            style="bold",
        )
    ]
    table = intake_table(summaries)
    if table is not None:
        parts.append(table)
    parts += [Text(summary_text(s)) for s in summaries.values()]
    if steadiness is not None:
        parts.append(Text(""))
        parts.append(Text("Vitamin K from food, on a vitamin K antagonist", style="bold"))
        parts += [Text(line) for line in vitamin_k_lines(steadiness)]
    parts.append(Text(""))
    return parts
