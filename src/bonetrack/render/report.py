"""The adherence report: a rich table, calendar heatmaps, and the JSON contract.

The JSON shape is a contract scripts rely on (documented in the README):
{"from", "to", "items": [{"kind", "type", "target": {"amount", "unit", "per", "times"},
"current_streak", "longest_streak", "adherence_pct", "met", "due", "average", "score", ...}],
"reminders": [...], "warnings": [...]}. Fields may be added, never renamed or removed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from bonetrack.domain.adherence import (
    EXCUSED,
    FUTURE,
    MET,
    MISSED,
    NOT_DUE,
    PARTIAL,
    PAUSED,
    PENDING,
    REST,
    SESSION,
    Heatmap,
    ItemReport,
    Report,
)
from bonetrack.domain.amounts import format_amount, format_number
from bonetrack.domain.kinds import entry_kind, get_kind
from bonetrack.domain.plans import PlanVersion, describe_target, item_label
from bonetrack.render.columns import Cell, Column

if TYPE_CHECKING:
    from collections.abc import Iterator

    from rich.console import Console, ConsoleOptions, RenderableType
    from rich.text import Text

# Distinct shapes, so the heatmap reads without colour (NO_COLOR) too.
GLYPHS: dict[str, tuple[str, str]] = {
    MET: ("●", "green"),
    PARTIAL: ("◐", "yellow"),
    MISSED: ("○", "red"),
    PENDING: ("◌", "cyan"),
    NOT_DUE: (" ", ""),
    EXCUSED: ("-", "dim"),
    PAUSED: ("=", "blue"),
    FUTURE: (" ", ""),
    SESSION: ("●", "green"),
    REST: ("·", "dim"),
}
WEEKS_PER_BLOCK = 27  # six months fit one block of 2-character cells in 80 columns
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

NOTHING_PLANNED = (
    "Nothing planned yet. Start with `bonetrack plan suggest` for an evidence-based starting "
    "plan (add --apply to use it), or set one item, e.g. `bonetrack plan set k2 180mcg "
    "--form mk7`. Or see a sample first: `bonetrack demo`."
)


# --- JSON --------------------------------------------------------------------


def target_json(plan: PlanVersion) -> dict[str, Any]:
    return {
        "amount": plan.amount,
        "unit": entry_kind(plan.kind).unit,
        "per": plan.per,
        "times": plan.times,
    }


def item_json(item: ItemReport) -> dict[str, Any]:
    return {
        "kind": item.kind,
        "type": item.exercise_type,
        "target": target_json(item.plan),
        "current_streak": item.current_streak,
        "longest_streak": item.longest_streak,
        "adherence_pct": item.adherence_pct,
        "met": item.met,
        "due": item.due,
        "average": item.average,
        "score": item.score,
        # additions to the contract's example shape
        "form": item.plan.form,
        "streak_unit": item.per,
        "average_of": item.average_of,
        "from": item.window_from.isoformat(),
        "stopped": item.stopped,
        "usual_times": [
            {"median": u.median.strftime("%H:%M"), "spread_min": u.spread_min, "entries": u.count}
            for u in item.usual_times
        ],
        "caution": None if item.caution is None else item.caution.to_json(),
        "paused_days": item.paused_days,
        # days above the daily amount planned: a second dose by mistake shows here
        "over_target": [
            {"date": o.day.isoformat(), "amount": o.amount, "target": o.target}
            for o in item.over_target
        ],
        # medicines only: which one, and its schedule
        **({"medicine": item.medicine, "schedule": item.target} if item.medicine else {}),
    }


def report_json(
    report: Report,
    reminders: Sequence[Mapping[str, Any]] = (),
    warnings: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    return {
        "from": report.window_from.isoformat(),
        "to": report.window_to.isoformat(),
        # the window asked for began before the first plan: `from` is the first plan day
        "asked_from": None if report.asked_from is None else report.asked_from.isoformat(),
        "items": [item_json(item) for item in report.items],
        "pauses": [pause.to_json() for pause in report.pauses],
        "reminders": [dict(r) for r in reminders],
        "warnings": [dict(w) for w in warnings],
    }


# --- text pieces -------------------------------------------------------------


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def streak_text(n: int, per: str) -> str:
    return _plural(n, per)


def short_target(plan: PlanVersion) -> str:
    """'180 µg/day', '2 sessions/week', '1200 mg in 3 doses/day'."""
    return describe_target(replace(plan, form=None)).replace(f" a {plan.per}", f"/{plan.per}")


def item_name(item: ItemReport) -> str:
    """'K2', 'Exercise: strength', 'Alendronate'."""
    return item.label or item_label(item.kind, item.exercise_type)


def short_label(item: ItemReport) -> str:
    """'K2', 'Vitamin D', 'Strength' (exercise by its type), for the narrow report table."""
    if item.label:
        return item.label
    if item.exercise_type is None or item.exercise_type == "other":
        return item_label(item.kind, None)
    return item.exercise_type.capitalize()


def average_text(item: ItemReport) -> str:
    """Per day or per week, like the target; a count average has the target's noun."""
    if item.average is None:
        return "-"
    if item.average_of == "count":
        return format_number(item.average)
    return format_amount(get_kind(item.kind), item.average)


def usual_times_text(item: ItemReport) -> str:
    return ", ".join(f"{u.median.strftime('%H:%M')} ± {u.spread_min} min" for u in item.usual_times)


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}%"


# --- rich --------------------------------------------------------------------


REPORT_COLUMNS = (
    Column("Item"),
    Column("Target"),
    Column("Streak", "right"),
    Column("Best", "right"),
    Column("Adherence", "right"),
    Column("Met/due", "right"),
    Column("Average", "right"),
    Column("Score", "right"),
)


def report_rows(report: Report) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for item in report.items:
        target = item.target or short_target(item.plan)
        if item.stopped:
            target += " (stopped)"
        label = short_label(item)
        if item.caution is not None:
            label += " (!)"
        rows.append(
            [
                label,
                target,
                streak_text(item.current_streak, item.per),
                streak_text(item.longest_streak, item.per),
                _percent(item.adherence_pct),
                f"{item.met}/{item.due}",
                average_text(item),
                _percent(item.score),
            ]
        )
    return rows


def report_table(report: Report) -> RenderableType:
    """The items' numbers: a table, or one block per item where a table does not fit."""
    from rich.table import Table

    from bonetrack.render.fit import Fitted

    table = Table(box=None, header_style="bold", pad_edge=False, collapse_padding=True)
    for column in REPORT_COLUMNS:
        table.add_column(
            column.header,
            justify=column.justify,
            no_wrap=column.header != "Target",
            min_width=8 if column.header == "Target" else None,
        )
    rows = report_rows(report)
    for row in rows:
        table.add_row(*(cell if isinstance(cell, str) else cell[0] for cell in row))
    return Fitted(table, REPORT_COLUMNS, rows)


def caution_lines(report: Report) -> list[RenderableType]:
    """Beside the table: why an item's days are not judged, with the source."""
    from rich.text import Text

    lines: list[RenderableType] = []
    for item in report.items:
        if item.caution is not None:
            label = item_label(item.kind, item.exercise_type)
            lines.append(Text(f"(!) {label}: {item.caution.text()}", style="bold"))
    return lines


def pause_lines(report: Report) -> list[RenderableType]:
    """The pauses behind the heatmaps' paused days, with their reasons."""
    from rich.text import Text

    if not report.pauses:
        return []
    lines: list[RenderableType] = [
        Text("Pauses (paused days are not due; streaks go through them):", style="bold")
    ]
    for pause in report.pauses:
        reason = f": {pause.reason}" if pause.reason else ""
        lines.append(Text(f"  {pause.label} {pause.span_text()}{reason} (#{pause.id})"))
    lines.append(Text(""))
    return lines


def usual_times_lines(report: Report) -> list[RenderableType]:
    from rich.text import Text

    rows = [(item, usual_times_text(item)) for item in report.items if item.usual_times]
    if not rows:
        return []
    since = report.usual_times_from
    span = "" if since is None or since <= report.window_from else f", since {since}"
    lines: list[RenderableType] = [
        Text(f"Usual time of day{span} (median ± typical spread):", style="bold")
    ]
    width = max(len(item_label(item.kind, item.exercise_type)) for item, _ in rows)
    for item, text in rows:
        lines.append(Text(f"  {item_label(item.kind, item.exercise_type):<{width}}  {text}"))
    lines.append(Text(""))
    return lines


def _cells(label: str, style: str, statuses: Sequence[str]) -> Text:
    """A heatmap row: `label` in `style`, then a glyph and a space per status in its colour.

    Built as one string and its spans (not a Text per cell appended one by one): a long
    window's heatmaps have thousands of cells.
    """
    from rich.text import Span, Text

    spans = []
    offset = len(label)
    for status in statuses:
        cell_style = GLYPHS[status][1]
        if cell_style:
            spans.append(Span(offset, offset + 2, cell_style))
        offset += 2
    plain = label + "".join(GLYPHS[status][0] + " " for status in statuses)
    row = Text(plain, style=style, spans=spans)
    row.rstrip()
    return row


MARGIN = 4  # "Mon " before the cells


def month_row(block: Sequence[date], last_block: bool) -> str:
    """The month names above a block of week columns: every month gets its name.

    A month is named over the first column whose Monday is in it; in the last block, a
    month that begins during the last week is named over that week. Names are 8 or more
    characters apart (months have at least 4 Mondays), except where the block begins
    with a month's last week: then that name moves left into the margin. The year goes
    with the first name and with January, where there is room ("May 2026"), else
    "Jan'27", else on the next name.
    """
    starts: list[tuple[int, date]] = [
        (column, week)
        for column, week in enumerate(block)
        if column == 0 or block[column - 1].month != week.month
    ]
    if last_block and block:
        last = block[-1]
        first_of_next = (last.replace(day=28) + timedelta(days=4)).replace(day=1)
        if last < first_of_next <= last + timedelta(days=6):
            starts.append((len(block) - 1, first_of_next))
    line = [" "] * (MARGIN + 2 * len(block) + 10)
    year_due = True
    end = 0  # where the previous name ended
    for index, (column, month) in enumerate(starts):
        position = MARGIN + 2 * column
        following = starts[index + 1][0] if index + 1 < len(starts) else None
        room = len(line) - position if following is None else 2 * (following - column) - 1
        name = _MONTHS[month.month - 1]
        with_year = year_due or month.month == 1
        choices = [f"{name} {month.year}", f"{name}'{month.year % 100:02d}"] if with_year else []
        text = next((choice for choice in choices if len(choice) <= room), name)
        year_due = with_year and text == name
        if len(text) > room:  # the block's first column is its month's last week
            position = max(end + 1 if end else 0, position + room - len(text))
        line[position : position + len(text)] = list(text)
        end = position + len(text)
    return "".join(line).rstrip()


def heatmap_lines(heat: Heatmap, weeks_per_block: int = WEEKS_PER_BLOCK) -> list[Text]:
    """Weeks as columns, weekdays as rows, month names above; blocks of `weeks_per_block`."""
    from rich.text import Text

    mondays: list[date] = []
    monday = heat.start
    while monday <= heat.end:
        mondays.append(monday)
        monday += timedelta(days=7)
    weekly = bool(heat.weeks)
    lines: list[Text] = []
    for first in range(0, len(mondays), weeks_per_block):
        block = mondays[first : first + weeks_per_block]
        last_block = first + weeks_per_block >= len(mondays)
        lines.append(Text(month_row(block, last_block), style="dim"))
        for weekday, name in enumerate(_WEEKDAYS):
            days = [heat.days.get(week + timedelta(days=weekday), FUTURE) for week in block]
            lines.append(_cells(f"{name} ", "dim", days))
        if weekly:
            lines.append(_cells("Wk  ", "bold", [heat.weeks.get(week, NOT_DUE) for week in block]))
    return lines


class HeatmapView:
    """A heatmap in as many weeks per block as the width holds (27 at most: six months)."""

    def __init__(self, heat: Heatmap) -> None:
        self.heat = heat

    def __rich_console__(
        self, console: Console, options: ConsoleOptions
    ) -> Iterator[RenderableType]:
        weeks = max(4, min(WEEKS_PER_BLOCK, (options.max_width - MARGIN) // 2))
        yield from heatmap_lines(self.heat, weeks)


def _key(pieces: Sequence[tuple[str, str]]) -> Text:
    from rich.text import Text

    text = Text()
    for index, (status, label) in enumerate(pieces):
        glyph, style = GLYPHS[status]
        if index:
            text.append("  ")
        text.append(glyph, style=style)
        text.append(f" {label}")
    return text


def legend(weekly: bool, excused: bool = False, paused: bool = False) -> Text:
    from rich.text import Text

    judged = [(MET, "met"), (PARTIAL, "partly"), (MISSED, "missed")]
    extra = [(PAUSED, "paused")] if paused else []
    if weekly:
        text = Text("days: ")
        text.append_text(_key([(SESSION, "session"), (REST, "none"), *extra]))
        text.append("; weeks (Wk): ")
        text.append_text(_key([*judged, (PENDING, "this week"), *extra]))
        return text
    text = _key([*judged, (PENDING, "today, not yet"), *extra])
    if excused:
        text.append("  ")
        text.append_text(_key([(EXCUSED, "not judged (see above)")]))
    text.append("  (blank) not planned")
    return text


def item_heatmap(item: ItemReport) -> RenderableType:
    from rich.console import Group
    from rich.text import Text

    heat = item.heatmap
    title = Text(f"{item_name(item)}: {heat.start} to {heat.end}", style="bold")
    shown = set(heat.days.values())
    key = legend(bool(heat.weeks), EXCUSED in shown, PAUSED in shown)
    return Group(title, HeatmapView(heat), key, Text(""))


def message_lines(title: str, entries: Sequence[Mapping[str, Any]]) -> list[RenderableType]:
    from rich.text import Text

    if not entries:
        return []
    lines: list[RenderableType] = [Text(title, style="bold")]
    for entry in entries:
        message = str(entry.get("message", entry))
        source = entry.get("source")
        lines.append(Text(f"- {message}" + (f" ({source})" if source else "")))
    lines.append(Text(""))
    return lines


# What the Score column is, and why it starts low (the numbers: README, "Strength score").
SCORE_LINE = (
    "Score: how steady you have been lately, 0-100%, recent days weighing most (half-life 13 "
    "days; 4 weeks for weekly items). It starts at 0: a perfect month reaches about 80%."
)
# Over-target days listed one by one, at most; more are counted.
OVER_TARGET_SHOWN = 10


def over_target_lines(report: Report) -> list[RenderableType]:
    """Days above the daily amount planned, per item: a second dose by mistake shows here."""
    from rich.text import Text

    lines: list[RenderableType] = []
    for item in report.items:
        if not item.over_target:
            continue
        kind = get_kind(item.kind)
        days = ", ".join(
            f"{o.day} ({format_amount(kind, o.amount)})"
            for o in item.over_target[:OVER_TARGET_SHOWN]
        )
        more = len(item.over_target) - OVER_TARGET_SHOWN
        if more > 0:
            days += f" and {more} more"
        count = _plural(len(item.over_target), "day")
        lines.append(Text(f"- {short_label(item)}: {count} above the daily target: {days}"))
    if lines:
        lines = [Text("Above target", style="bold"), *lines, Text("")]
    return lines


def report_renderable(
    report: Report,
    reminders: Sequence[Mapping[str, Any]] = (),
    warnings: Sequence[Mapping[str, Any]] = (),
) -> RenderableType:
    from rich.console import Group
    from rich.text import Text

    days = (report.window_to - report.window_from).days + 1
    since = (
        # (the start asked for is in the JSON: `asked_from`; the heading fits 80 columns)
        "; from your first plan" if report.asked_from is not None else ""
    )
    title = Text(
        f"Adherence {report.window_from} to {report.window_to} ({_plural(days, 'day')}{since})",
        style="bold",
    )
    parts: list[RenderableType] = [title]
    if not report.items:
        parts.append(Text(f"No plan was in force in this window. {NOTHING_PLANNED}"))
    else:
        parts += [
            report_table(report),
            Text(SCORE_LINE, style="dim"),
            *caution_lines(report),
            Text(
                "Streaks and score run to today over all history; adherence, met/due and "
                "average (per day, or per week for weekly items) cover the window. "
                "Today counts once met.",
                style="dim",
            ),
            Text(""),
            *over_target_lines(report),
            *usual_times_lines(report),
            *pause_lines(report),
        ]
        parts += [item_heatmap(item) for item in report.items]
    parts += message_lines("Reminders", reminders)
    parts += message_lines("Warnings", warnings)
    return Group(*parts)


def nothing_planned(
    reminders: Sequence[Mapping[str, Any]] = (), warnings: Sequence[Mapping[str, Any]] = ()
) -> RenderableType:
    """The report of a database with no plan at all: how to start, then any messages."""
    from rich.console import Group
    from rich.text import Text

    parts: list[RenderableType] = [Text(NOTHING_PLANNED)]
    if reminders or warnings:
        parts.append(Text(""))
    parts += message_lines("Reminders", reminders)
    parts += message_lines("Warnings", warnings)
    return Group(*parts)
