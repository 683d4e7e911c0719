"""The adherence report: a table, calendar heatmaps (plain text and ANSI styles), and the
JSON contract.

The JSON shape is a contract scripts rely on (documented in the README):
{"from", "to", "items": [{"kind", "type", "target": {"amount", "unit", "per", "times"},
"current_streak", "longest_streak", "adherence_pct", "met", "due", "average", "score", ...}],
"reminders": [...], "warnings": [...]}. Fields may be added, never renamed or removed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

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
from bonetrack.domain.text import printable
from bonetrack.render.columns import Cell, Column, Terminal, cell_width, table
from bonetrack.render.styled_text import StyledText, wrapped

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


# --- text --------------------------------------------------------------------
# Plain text with ANSI styles (render/columns.py, render/styled_text.py), not rich: the
# report is run often and rich's import and Console cost it about 40 ms (bench/RESULTS.md).


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


# Rich, which printed the report before, let the Target column wrap down to its longest word
# and 8 columns; the others never wrap.
TARGET_MIN_WIDTH = 8


def report_table(report: Report, terminal: Terminal) -> str:
    """The items' numbers: columns one space apart, the Target column wrapped where the table
    is wider than the terminal, or one block per item where even that does not fit (nothing
    is cut)."""
    rows = report_rows(report)
    words = [word for row in rows for word in str(row[1]).split()]
    narrowest = max([TARGET_MIN_WIDTH, *(cell_width(word) for word in words)])
    text = table(REPORT_COLUMNS, rows, terminal, gap=" ", wrap=1, min_wrap=narrowest)
    # Below about 25 columns a stacked value line (at least columns.MIN_WRAP wide) can
    # still be too long: it wraps again, as rich wrapped it. (Only values, never styled.)
    return "\n".join(
        piece.plain
        for line in text.split("\n")
        for piece in (
            StyledText(line).wrap(terminal.width)
            if cell_width(line) > terminal.width and "\x1b" not in line
            else [StyledText(line)]
        )
    )


def caution_lines(report: Report) -> list[StyledText]:
    """Beside the table: why an item's days are not judged, with the source."""
    lines: list[StyledText] = []
    for item in report.items:
        if item.caution is not None:
            label = item_label(item.kind, item.exercise_type)
            lines.append(StyledText.of(f"(!) {label}: {item.caution.text()}", "bold"))
    return lines


def pause_lines(report: Report) -> list[StyledText]:
    """The pauses behind the heatmaps' paused days, with their reasons."""
    if not report.pauses:
        return []
    lines = [StyledText.of("Pauses (paused days are not due; streaks go through them):", "bold")]
    for pause in report.pauses:
        # (free text: an escape stored by other means than typing is shown, not obeyed)
        reason = f": {printable(pause.reason)}" if pause.reason else ""
        lines.append(StyledText(f"  {pause.label} {pause.span_text()}{reason} (#{pause.id})"))
    lines.append(StyledText())
    return lines


def usual_times_lines(report: Report) -> list[StyledText]:
    rows = [(item, usual_times_text(item)) for item in report.items if item.usual_times]
    if not rows:
        return []
    since = report.usual_times_from
    span = "" if since is None or since <= report.window_from else f", since {since}"
    lines = [StyledText.of(f"Usual time of day{span} (median ± typical spread):", "bold")]
    width = max(len(item_label(item.kind, item.exercise_type)) for item, _ in rows)
    for item, text in rows:
        lines.append(StyledText(f"  {item_label(item.kind, item.exercise_type):<{width}}  {text}"))
    lines.append(StyledText())
    return lines


def _with(style: str, colour: str) -> str:
    """`style` and a glyph's colour together ("dim green"), each once."""
    return " ".join(dict.fromkeys(f"{style} {colour}".split()))


def _cells(label: str, style: str, statuses: Sequence[str]) -> StyledText:
    """A heatmap row: `label` in `style`, then a glyph and a space per status in its colour
    (and in `style`: the weekdays' glyphs dim, the week row's bold, as rich showed them).

    Built as one string and its spans: a long window's heatmaps have thousands of cells.
    """
    spans = [(0, len(label), style)]
    offset = len(label)
    for status in statuses:
        spans.append((offset, offset + 2, _with(style, GLYPHS[status][1])))
        offset += 2
    plain = label + "".join(GLYPHS[status][0] + " " for status in statuses)
    return StyledText(plain, tuple(spans)).rstrip()


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


def weeks_per_block(width: int) -> int:
    """As many weeks as a line of `width` columns holds (2 columns each after the weekday),
    27 at most (six months), 4 at least."""
    return max(4, min(WEEKS_PER_BLOCK, (width - MARGIN) // 2))


def heatmap_lines(heat: Heatmap, weeks_per_block: int = WEEKS_PER_BLOCK) -> list[StyledText]:
    """Weeks as columns, weekdays as rows, month names above; blocks of `weeks_per_block`."""
    mondays: list[date] = []
    monday = heat.start
    while monday <= heat.end:
        mondays.append(monday)
        monday += timedelta(days=7)
    weekly = bool(heat.weeks)
    lines: list[StyledText] = []
    for first in range(0, len(mondays), weeks_per_block):
        block = mondays[first : first + weeks_per_block]
        last_block = first + weeks_per_block >= len(mondays)
        lines.append(StyledText.of(month_row(block, last_block), "dim"))
        for weekday, name in enumerate(_WEEKDAYS):
            days = [heat.days.get(week + timedelta(days=weekday), FUTURE) for week in block]
            lines.append(_cells(f"{name} ", "dim", days))
        if weekly:
            lines.append(_cells("Wk  ", "bold", [heat.weeks.get(week, NOT_DUE) for week in block]))
    return lines


def _key(pieces: Sequence[tuple[str, str]]) -> StyledText:
    text = StyledText()
    for index, (status, label) in enumerate(pieces):
        glyph, style = GLYPHS[status]
        if index:
            text += "  "
        text += StyledText.of(glyph, style) + f" {label}"
    return text


def legend(weekly: bool, excused: bool = False, paused: bool = False) -> StyledText:
    judged = [(MET, "met"), (PARTIAL, "partly"), (MISSED, "missed")]
    extra = [(PAUSED, "paused")] if paused else []
    if weekly:
        return (
            StyledText("days: ")
            + _key([(SESSION, "session"), (REST, "none"), *extra])
            + "; weeks (Wk): "
            + _key([*judged, (PENDING, "this week"), *extra])
        )
    text = _key([*judged, (PENDING, "today, not yet"), *extra])
    if excused:
        text = text + "  " + _key([(EXCUSED, "not judged (see above)")])
    return text + "  (blank) not planned"


def item_heatmap(item: ItemReport, weeks: int = WEEKS_PER_BLOCK) -> list[StyledText]:
    """The item's title, its heatmap in blocks of `weeks`, its legend and a blank line."""
    heat = item.heatmap
    title = StyledText.of(f"{item_name(item)}: {heat.start} to {heat.end}", "bold")
    shown = set(heat.days.values())
    key = legend(bool(heat.weeks), EXCUSED in shown, PAUSED in shown)
    return [title, *heatmap_lines(heat, weeks), key, StyledText()]


def message_lines(title: str, entries: Sequence[Mapping[str, Any]]) -> list[StyledText]:
    if not entries:
        return []
    lines = [StyledText.of(title, "bold")]
    for entry in entries:
        message = printable(str(entry.get("message", entry)))
        source = entry.get("source")
        lines.append(StyledText(f"- {message}" + (f" ({source})" if source else "")))
    lines.append(StyledText())
    return lines


# What the Score column is, and why it starts low (the numbers: README, "Strength score").
SCORE_LINE = (
    "Score: how steady you have been lately, 0-100%, recent days weighing most (half-life 13 "
    "days; 4 weeks for weekly items). It starts at 0: a perfect month reaches about 80%."
)
STREAKS_LINE = (
    "Streaks and score run to today over all history; adherence, met/due and average (per "
    "day, or per week for weekly items) cover the window. Today counts once met."
)
# Over-target days listed one by one, at most; more are counted.
OVER_TARGET_SHOWN = 10


def over_target_lines(report: Report) -> list[StyledText]:
    """Days above the daily amount planned, per item: a second dose by mistake shows here."""
    lines: list[StyledText] = []
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
        lines.append(StyledText(f"- {short_label(item)}: {count} above the daily target: {days}"))
    if lines:
        lines = [StyledText.of("Above target", "bold"), *lines, StyledText()]
    return lines


def report_text(
    report: Report,
    terminal: Terminal,
    reminders: Sequence[Mapping[str, Any]] = (),
    warnings: Sequence[Mapping[str, Any]] = (),
) -> str:
    """The report for a terminal: its title, the items' table, what the numbers mean, the
    heatmaps, then reminders and warnings; every line within the terminal's width."""
    days = (report.window_to - report.window_from).days + 1
    since = (
        # (the start asked for is in the JSON: `asked_from`; the heading fits 80 columns)
        "; from your first plan" if report.asked_from is not None else ""
    )
    title = f"Adherence {report.window_from} to {report.window_to} ({_plural(days, 'day')}{since})"
    lines = wrapped([StyledText.of(title, "bold")], terminal)
    if not report.items:
        text = f"No plan was in force in this window. {NOTHING_PLANNED}"
        lines += wrapped([StyledText(text)], terminal)
    else:
        lines.append(report_table(report, terminal))
        notes = [
            StyledText.of(SCORE_LINE, "dim"),
            *caution_lines(report),
            StyledText.of(STREAKS_LINE, "dim"),
            StyledText(),
            *over_target_lines(report),
            *usual_times_lines(report),
            *pause_lines(report),
        ]
        weeks = weeks_per_block(terminal.width)
        notes += [line for item in report.items for line in item_heatmap(item, weeks)]
        lines += wrapped(notes, terminal)
    messages = [*message_lines("Reminders", reminders), *message_lines("Warnings", warnings)]
    return "\n".join(lines + wrapped(messages, terminal))


def nothing_planned(
    terminal: Terminal,
    reminders: Sequence[Mapping[str, Any]] = (),
    warnings: Sequence[Mapping[str, Any]] = (),
) -> str:
    """The report of a database with no plan at all: how to start, then any messages."""
    lines = [StyledText(NOTHING_PLANNED)]
    if reminders or warnings:
        lines.append(StyledText())
    lines += message_lines("Reminders", reminders)
    lines += message_lines("Warnings", warnings)
    return "\n".join(wrapped(lines, terminal))
