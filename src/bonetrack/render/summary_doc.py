"""The visit summary's wording, once: the data structure as a list of blocks (headings,
key-value rows, paragraphs, tables, charts) that the terminal, HTML and PDF renderers
each draw in their own medium. Text is plain; the renderers escape it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from bonetrack.domain.summary import (
    BetweenScans,
    BmdChange,
    EventLine,
    Gap,
    PlanSection,
    VisitSummary,
)
from bonetrack.render.summary_charts import Drawing, bmd_chart, monthly_chart, monthly_strip

TITLE = "Bone health: summary for my clinician"


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Facts:
    """Label: value rows (the header)."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Para:
    text: str
    style: str = "normal"  # normal | note (smaller, muted) | strong | missing (no data)


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    # relative column widths, for the PDF; "r" columns are right-aligned numbers
    widths: tuple[float, ...]
    align: str = ""  # one letter per column: l or r; default all l
    title: str | None = None


@dataclass(frozen=True)
class Chart:
    drawing: Drawing
    text: tuple[str, ...]  # the same for the terminal


@dataclass(frozen=True)
class Items:
    """A numbered (questions, sources) or plain list."""

    items: tuple[str, ...]
    numbered: bool = False


Block = Heading | Facts | Para | Table | Chart | Items


def document(summary: VisitSummary) -> list[Block]:
    blocks: list[Block] = []
    blocks += _header(summary)
    blocks += _plan(summary.plan, summary.header.period_to)
    blocks += _adherence(summary)
    blocks += _intake(summary)
    blocks += _dexa(summary)
    blocks += _between(summary)
    blocks += _events(summary)
    blocks += _alerts(summary)
    blocks.append(Heading("Questions for my clinician"))
    if summary.questions:
        blocks.append(
            Items(tuple(f"{q.text} (noted {q.written_on})" for q in summary.questions), True)
        )
    else:
        blocks.append(Para("No questions noted for this visit.", "missing"))
    blocks.append(Heading("Sources"))
    blocks.append(Items(tuple(s.text for s in summary.sources), True))
    return blocks


def days_between(start: date, end: date) -> int:
    return (end - start).days + 1


def period_text(summary: VisitSummary) -> str:
    h = summary.header
    return f"{h.period_from} to {h.period_to} ({days_between(h.period_from, h.period_to)} days)"


def _header(summary: VisitSummary) -> list[Block]:
    h = summary.header
    rows: list[tuple[str, str]] = []
    if h.name:
        rows.append(("Name", h.name))
    born = (
        "not recorded"
        if h.birth_year is None
        else f"{h.birth_year} (age {h.age} in {h.made_on.year})"
    )
    rows.append(("Born", born))
    rows.append(("Sex", h.sex or "not recorded"))
    if h.sex != "male" and h.menopause_year is not None:
        rows.append(("Menopause", str(h.menopause_year)))
    anticoagulant = h.anticoagulant.text
    if h.anticoagulant.since is not None:
        anticoagulant += f" since {h.anticoagulant.since}"
    for change in h.anticoagulant_changes:
        if change.since != h.anticoagulant.since:
            anticoagulant += f"; changed on {change.since} to {change.text}"
    rows.append(("Anticoagulant", anticoagulant))
    rows.append(("Period", period_text(summary)))
    rows.append(("Made on", str(h.made_on)))
    return [Heading(TITLE), Facts(tuple(rows)), Para(h.disclaimer, "strong")]


def _plan(plan: PlanSection, end: date) -> list[Block]:
    blocks: list[Block] = [Heading("Current plan and medicines")]
    if plan.items:
        blocks.append(
            Table(
                ("Plan item", "Target", "Since"),
                tuple((p.item, p.target, str(p.since)) for p in plan.items),
                (1.2, 2.4, 1.0),
                title=f"Supplements and exercise planned on {end}",
            )
        )
    else:
        blocks.append(Para(f"No supplement or exercise plan in force on {end}.", "missing"))
    if plan.changes:
        blocks.append(Items(tuple(f"{c.day}: {c.item}, {c.change}" for c in plan.changes)))
    else:
        blocks.append(Para("No plan changes in the period.", "note"))
    blocks += _recorded(
        plan.pauses,
        "Pauses: bonetrack does not record pauses yet.",
        "No pauses in the period.",
        lambda pauses: [
            Table(
                ("Paused from", "to", "Items", "Reason"),
                tuple(
                    (
                        str(p.start),
                        "still paused" if p.end is None else str(p.end),
                        ", ".join(p.items) or "all",
                        p.reason or "",
                    )
                    for p in pauses
                ),
                (1.0, 1.0, 1.6, 2.0),
            )
        ],
    )
    blocks += _recorded(
        plan.medicines,
        "Osteoporosis medicines: bonetrack does not record medicines yet.",
        "No osteoporosis medicines recorded.",
        lambda medicines: [
            Table(
                ("Medicine", "Schedule", "Since", "Taken / due", "Last dose", "Next dose"),
                tuple(
                    (
                        m.name,
                        m.schedule,
                        _day(m.since),
                        f"{m.doses_taken} / {m.doses_due}",
                        _day(m.last_dose),
                        _day(m.next_dose),
                    )
                    for m in medicines
                ),
                (1.4, 1.8, 0.9, 0.8, 0.9, 0.9),
                "llllll",
                "Osteoporosis medicines (doses in the period)",
            ),
            *(Para(note, "note") for m in medicines for note in m.notes),
        ],
    )
    blocks += _recorded(
        plan.labs,
        "Lab results: bonetrack does not record lab results yet.",
        "No lab results recorded.",
        lambda labs: [
            Table(
                ("Lab test", "Latest value", "Date", "Band or reference range"),
                tuple(
                    (
                        lab.test,
                        lab.value,
                        str(lab.measured_on),
                        lab.band or lab.reference_range or "",
                    )
                    for lab in labs
                ),
                (1.0, 1.0, 0.9, 3.0),
                title="Latest lab values",
            )
        ],
    )
    if (
        plan.inr_expected
        and plan.labs is not None
        and not any(lab.test == "INR" for lab in plan.labs)
    ):
        blocks.append(Para("No INR recorded (the profile records a vitamin K antagonist).", "note"))
    return blocks


T = TypeVar("T")


def _recorded(
    lines: tuple[T, ...] | None,
    not_recorded: str,
    none: str,
    shown: Callable[[tuple[T, ...]], list[Block]],
) -> list[Block]:
    """An optional section: not recorded by bonetrack (None), none in the period, or shown."""
    if lines is None:
        return [Para(not_recorded, "missing")]
    if not lines:
        return [Para(none, "note")]
    return shown(lines)


def _day(day: date | None) -> str:
    return "-" if day is None else str(day)


def _count(n: int, unit: str) -> str:
    return f"{n} {unit}{'' if n == 1 else 's'}"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}%"


def gap_text(gap: Gap | None, unit: str) -> str:
    if gap is None:
        return "none"
    if gap.length == 1 and unit == "day":
        return f"1 day ({gap.start})"
    return f"{_count(gap.length, unit)} ({gap.start} – {gap.end})"


def _adherence(summary: VisitSummary) -> list[Block]:
    blocks: list[Block] = [Heading("Adherence in the period")]
    lines = summary.adherence
    if not lines:
        blocks.append(
            Para("Nothing was planned in the period, so no adherence to show.", "missing")
        )
        return blocks
    blocks.append(
        Table(
            ("Plan item", "Met / due", "Adherence", "Longest gap", "Streak at end"),
            tuple(
                (
                    line.item,
                    f"{line.met} / {_count(line.due, line.unit)}",
                    _pct(line.pct),
                    gap_text(line.longest_gap, line.unit),
                    _count(line.streak, line.unit),
                )
                for line in lines
            ),
            (1.3, 1.1, 0.8, 2.1, 0.9),
            "llrll",
        )
    )
    chart = monthly_chart(lines)
    if chart is not None:
        width = max(len(line.item) for line in lines)
        text = [f"{line.item:<{width}}  {monthly_strip(line)}" for line in lines]
        months = lines[0].months
        if months:
            text.insert(0, f"{'':<{width}}  {months[0].month} … {months[-1].month}")
        blocks.append(Chart(chart, tuple(text)))
    blocks.append(
        Para(
            "Adherence = due days met ÷ due days × 100 (weeks for weekly items); a day is met "
            "when that day's entries reach the target in force that day. Longest gap: due days "
            f"(weeks) in a row not met. Streak: met in a row up to {summary.header.period_to}. "
            "Monthly bars: % met per calendar month (– nothing due).",
            "note",
        )
    )
    blocks += [
        Para(f"K2: {line.caution} ({line.caution_source}).", "note")
        for line in lines
        if line.caution
    ]
    return blocks


def _amount(value: float | None, unit: str) -> str:
    return "-" if value is None else f"{value:,.0f} {unit}"


def _intake(summary: VisitSummary) -> list[Block]:
    intake = summary.intake
    blocks: list[Block] = [Heading("Calcium and vitamin D intake")]
    if intake.counted_from is None:
        blocks.append(Para("Nothing was logged or planned in the period.", "missing"))
        return blocks
    food = intake.food is not None
    blocks.append(
        Table(
            ("Nutrient", "Supplements", "Food", "Total", "RDA", "Upper limit", "Days over UL"),
            tuple(
                (
                    n.label,
                    _amount(n.supplements_per_day, n.unit),
                    _amount(n.food_per_day, n.unit) if food else "no data",
                    _amount(n.total_per_day, n.unit) if food else "-",
                    _amount(n.rda, n.unit),
                    _amount(n.ul, n.unit),
                    str(n.days_over_ul),
                )
                for n in intake.nutrients
            ),
            (1.0, 1.0, 0.9, 0.9, 0.9, 1.0, 0.9),
            "lrrrrrr",
            f"Mean per day over the {intake.days} days from {intake.counted_from} to "
            f"{intake.counted_to}",
        )
    )
    if intake.food is None:
        blocks.append(
            Para(
                "Food: no dietary data in bonetrack, so only logged supplements are counted; "
                "calcium from food counts toward the upper limit too (IOM 2011).",
                "missing",
            )
        )
    else:
        blocks.append(
            Para(f"Food: from {intake.food.source}, {intake.food.days} days with records.", "note")
        )
    rules = "; ".join(f"{n.label}: {n.over_ul_rule}" for n in intake.nutrients)
    blocks.append(Para(f"Days over UL: {rules}.", "note"))
    blocks.append(
        Para(
            "Days with more than 500 mg of calcium at a time (one dose, or doses less than 60 "
            f"minutes apart): {intake.calcium_over_500_days} (NIH ODS: at most 500 mg at a time).",
            "note",
        )
    )
    if intake.basis:
        blocks.append(Para(f"Reference values: {intake.basis}.", "note"))
    return blocks


def change_row(change: BmdChange) -> tuple[str, ...]:
    lsc = "-" if change.lsc is None else change.lsc + (" *" if change.lsc_uncertain else "")
    return (
        change.site,
        f"{change.start} → {change.end}",
        f"{change.start_bmd:.3f} → {change.end_bmd:.3f}",
        change.change_text.replace(" g/cm²", ""),
        change.pct_text,
        lsc,
        change.verdict,
    )


CHANGE_COLUMNS = ("Site", "Scans", "BMD g/cm²", "Change", "%", "LSC", "Verdict")


def _dexa(summary: VisitSummary) -> list[Block]:
    dexa = summary.dexa
    blocks: list[Block] = [Heading("DEXA scans")]
    if not dexa.visits:
        blocks.append(
            Para(f"No DEXA scans recorded on or before {summary.header.period_to}.", "missing")
        )
        return blocks
    rows = []
    for visit in dexa.visits:
        for index, site in enumerate(visit.sites):
            rows.append(
                (
                    str(visit.scan_date) if index == 0 else "",
                    site.machine or "not recorded",
                    site.site,
                    site.bmd_text,
                    site.t_score,
                    site.z_score,
                    visit.reading if index == 0 else "",
                )
            )
    blocks.append(
        Table(
            ("Date", "Machine", "Site", "BMD g/cm²", "T", "Z", "Reading (WHO, by the lowest T)"),
            tuple(rows),
            (0.9, 1.2, 1.0, 0.8, 0.45, 0.45, 2.4),
            "lllrrrl",
            "Every scan on or before the period's end",
        )
    )
    if dexa.changes:
        blocks.append(
            Table(
                CHANGE_COLUMNS,
                tuple(change_row(c) for c in dexa.changes),
                (1.0, 1.7, 1.2, 0.7, 0.7, 0.6, 1.8),
                "lllrrrl",
                "BMD change between consecutive scans of each site",
            )
        )
        blocks.append(
            Para(
                "A change counts as real only when it is at least the least significant change "
                "(LSC), judged unrounded, and only between scans on the same machine (ISCD). "
                + (
                    "* the fact sheet's default LSC (uncertain): ask the facility for its own."
                    if any(c.lsc_uncertain for c in dexa.changes)
                    else ""
                ),
                "note",
            )
        )
    chart = bmd_chart(dexa.series)
    if chart is not None:
        from bonetrack.domain.dexa import SiteTrend
        from bonetrack.render.scans import trend_lines

        text: list[str] = []
        for series in dexa.series:
            trend = SiteTrend(series.site, series.lsc, series.points, (), None, 0)
            text += [f"{series.label} (g/cm²)", *trend_lines(trend, width=40, height=7), ""]
        blocks.append(Chart(chart, tuple(text)))
    blocks += [Para(note, "note") for note in dexa.notes]
    return blocks


def between_table(pair: BetweenScans) -> Table:
    left = [(a.item, f"{a.met} / {a.due}", _pct(a.pct)) for a in pair.adherence]
    right = [
        (c.site, c.change_text.replace(" g/cm²", ""), c.pct_text, c.verdict) for c in pair.changes
    ]
    if not left:
        left = [("no plan in force", "", "")]
    if not right:
        right = [("no site with a BMD at both scans", "", "", "")]
    size = max(len(left), len(right))
    left += [("", "", "")] * (size - len(left))
    right += [("", "", "", "")] * (size - len(right))
    days = (pair.end - pair.start).days
    return Table(
        ("Plan item", "Met / due", "Adherence", "Site", "BMD change g/cm²", "%", "Verdict"),
        tuple(a + b for a, b in zip(left, right, strict=True)),
        (1.3, 0.9, 0.8, 1.0, 0.9, 0.7, 1.6),
        "llrlrrl",
        f"Scan {pair.start} → scan {pair.end} ({days} days): adherence from the first scan "
        "to the day before the second, beside the BMD change",
    )


def _between(summary: VisitSummary) -> list[Block]:
    blocks: list[Block] = [Heading("Adherence between scans, beside the BMD change")]
    if not summary.between_scans:
        blocks.append(
            Para("Two scans are needed for this comparison; fewer are recorded.", "missing")
        )
        return blocks
    blocks += [between_table(pair) for pair in summary.between_scans]
    blocks.append(Para(summary.cause_note, "strong"))
    return blocks


def event_row(event: EventLine) -> tuple[str, ...]:
    kind = event.kind if event.kind != "checkin" else "clinician check-in"
    if event.fragility is not None:
        kind += f" (fragility: {event.fragility})"
    severity = "" if event.severity is None else f"{event.severity}/10"
    return (str(event.day), kind, event.site or "", severity, event.note or "")


def _events(summary: VisitSummary) -> list[Block]:
    events = summary.events
    blocks: list[Block] = [Heading("Events in the period")]
    if events.events:
        blocks.append(
            Table(
                ("Date", "Event", "Site", "Severity", "Note"),
                tuple(event_row(e) for e in events.events),
                (0.9, 1.2, 0.9, 0.6, 3.2),
                "lllrl",
                "Fractures, falls, pain, mobility and clinician check-ins, newest first",
            )
        )
    else:
        blocks.append(Para("No events recorded in the period.", "note"))
    blocks.append(Para(events.falls, "strong" if events.falls_recurrent else "normal"))
    if events.height is None:
        blocks.append(Para("No height recorded.", "note"))
    else:
        blocks.append(Para(events.height, "strong" if events.height_flagged else "normal"))
    return blocks


def dates_text(dates: Sequence[date], shown: int = 6) -> str:
    text = ", ".join(str(d) for d in dates[:shown])
    return text + (f" and {len(dates) - shown} more" if len(dates) > shown else "")


def _alerts(summary: VisitSummary) -> list[Block]:
    alerts = summary.alerts
    blocks: list[Block] = [Heading("Warnings and reminders")]
    if alerts.warnings:
        blocks.append(
            Table(
                ("Safety check that fired", "Dates", "Source"),
                tuple((w.message, dates_text(w.dates), w.source) for w in alerts.warnings),
                (2.2, 2.2, 1.6),
            )
        )
    else:
        blocks.append(Para("No safety warnings in the period.", "note"))
    blocks += [
        Para(f"{c.message[0].upper()}{c.message[1:]} ({c.source}).", "note")
        for c in alerts.cautions
    ]
    if alerts.reminders:
        blocks.append(Items(tuple(r.message for r in alerts.reminders)))
    else:
        blocks.append(Para(f"Nothing due or overdue on {summary.header.made_on}.", "note"))
    return blocks
