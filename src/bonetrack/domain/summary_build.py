"""Computing the visit summary (domain/summary.py) from what the store read: pure.

Periods are the user's local calendar days, both ends inclusive. Adherence uses the
report's rules (domain/adherence.py) on the same plan versions and day totals, so the
summary and `bonetrack report` agree for the same window.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import pairwise

from bonetrack.domain.adherence import (
    DayTotal,
    ItemReport,
    Period,
    current_streak,
    plan_item_reports,
    round1,
)
from bonetrack.domain.bone import BoneSummary
from bonetrack.domain.dexa import (
    LSC_DEFAULT_SOURCE,
    MENOPAUSE_CAVEAT,
    WHO_SOURCE,
    Change,
    Interpretation,
    Lsc,
    SiteScan,
    SiteTrend,
    TrendPoint,
    Visit,
    compare_points,
    format_bmd,
    format_change_delta,
    format_change_percent,
    format_score,
    later_fracture_text,
    lsc_band,
    site_label,
    site_order,
    site_trend,
)
from bonetrack.domain.events import FRAGILITY_MEANING, BoneEvent
from bonetrack.domain.falls import FALLS_SOURCE
from bonetrack.domain.guidance import (
    SOURCE_CALCIUM_DOSE,
    SOURCE_K2_FORMS,
    SOURCE_UL,
    SOURCE_VITAMIN_D_AVERAGE,
    SOURCE_VKA,
    WindowWarning,
)
from bonetrack.domain.height import HEIGHT_LOSS_SOURCE
from bonetrack.domain.notes import Note
from bonetrack.domain.pauses import Pause as RecordedPause
from bonetrack.domain.plans import (
    ItemKey,
    PlanVersion,
    describe_target,
    first_planned_day,
    group_items,
    item_label,
    version_in_force,
)
from bonetrack.domain.profile import ANTICOAGULANT_LABELS, AnticoagulantChange, Profile
from bonetrack.domain.reference import age_on
from bonetrack.domain.reminders import CHECKIN_DEFAULT_BASIS, SCAN_DEFAULT_BASIS, Reminder
from bonetrack.domain.summary import (
    CAUSE_NOTE,
    AdherenceLine,
    AlertsSection,
    AnticoagulantLine,
    BetweenScans,
    BmdChange,
    BmdSeries,
    DexaSection,
    EventLine,
    EventsSection,
    FoodIntake,
    Gap,
    Header,
    IntakeSection,
    ItemBetween,
    LabLine,
    MedicineLine,
    MonthAdherence,
    NutrientIntake,
    Pause,
    PlanChange,
    PlanLine,
    PlanSection,
    Question,
    ReminderLine,
    ScanRow,
    ScanVisit,
    Source,
    VisitSummary,
    WarningLine,
)

CALCIUM = ("calcium", None)
VITAMIN_D = ("vitamin-d", None)

# The references behind the numbers shown, from ../shared/bone-health-facts.md.
SOURCES: dict[str, str] = {
    "iom": (
        "IOM 2011, dietary reference intakes for calcium and vitamin D (the basis of the NIH "
        "Office of Dietary Supplements tables): RDA and upper limit (UL) by age and sex; food "
        "and supplements count together toward the calcium UL."
    ),
    "nih-ods": "NIH ODS: take at most 500 mg of elemental calcium at a time.",
    "vitamin-d-average": (
        f"{SOURCE_VITAMIN_D_AVERAGE}: a single prescribed high dose is not averaged as an "
        "everyday one."
    ),
    "who": (
        f"{WHO_SOURCE}: normal T ≥ -1.0; low bone mass (osteopenia) -2.5 < T < -1.0; "
        "osteoporosis T ≤ -2.5; severe osteoporosis T ≤ -2.5 with a fragility fracture "
        f"({FRAGILITY_MEANING})."
    ),
    "iscd-z": (
        "ISCD: Z-scores replace T-scores for women before menopause and men under 50; "
        "Z ≤ -2.0 is below the expected range for age."
    ),
    "iscd-lsc": (
        "ISCD: least significant change (LSC) = 2.77 × precision error (95% confidence); "
        "compare BMD (g/cm²), not T-scores, and only on the same machine (cross-manufacturer "
        "conversions carry 4–7% error)."
    ),
    "lsc-default": (
        f"Default LSCs (spine 5.3%, total hip 5.0%, femoral neck 6.9%): {LSC_DEFAULT_SOURCE}."
    ),
    "knapen": (
        "Knapen 2013, Osteoporos Int 24:2499: MK-7 180 µg a day for 3 years in 244 healthy "
        "postmenopausal women: less decline of BMD at lumbar spine and femoral neck, none at "
        "total hip. Benefits, where seen, took 6 months to 3 years of consistent use."
    ),
    "too-fit": (
        "Too Fit To Fracture, Giangregorio 2014, Osteoporos Int 25:821: strength training at "
        "least 2 days a week; balance training 15–20 min a day."
    ),
    "vka": (
        f"{SOURCE_VKA}: MK-7 at 10–20 µg a day changed INR in 40–60% of people studied; keep "
        "vitamin K intake consistent and change it only with the prescriber."
    ),
    "k2-forms": f"{SOURCE_K2_FORMS}.",
    "falls": f"{FALLS_SOURCE}.",
    "height": f"{HEIGHT_LOSS_SOURCE}.",
    "scan-interval": f"Next scan: {SCAN_DEFAULT_BASIS} (seed sources; Choosing Wisely, ACR).",
    "checkin": f"Check-in every 3 months: {CHECKIN_DEFAULT_BASIS}.",
}

_WARNING_SOURCES: dict[str, str] = {
    SOURCE_CALCIUM_DOSE: "nih-ods",
    SOURCE_UL: "iom",
    SOURCE_VITAMIN_D_AVERAGE: "vitamin-d-average",
    SOURCE_VKA: "vka",
    SOURCE_K2_FORMS: "k2-forms",
}


@dataclass(frozen=True)
class SummaryInputs:
    """Everything the summary is computed from, as the store read it."""

    period_from: date
    period_to: date
    today: date
    profile: Profile
    plan_versions: tuple[PlanVersion, ...]
    # per item, day totals over all history needed (planned kinds, calcium and vitamin D)
    totals: Mapping[ItemKey, Mapping[date, DayTotal]]
    first_entry: date | None  # the first day anything was logged
    visits: tuple[tuple[Visit, Interpretation], ...]  # on or before period_to, oldest first
    scans: tuple[SiteScan, ...]  # on or before period_to
    lscs: Mapping[str, Lsc | None]
    events: tuple[BoneEvent, ...]  # in the period
    bone: BoneSummary  # as of period_to
    warnings: tuple[WindowWarning, ...]  # in the period
    reminders: tuple[Reminder, ...]  # as of today
    questions: tuple[Note, ...]  # open on period_to
    # filled by the features that record them; None: not recorded by bonetrack (yet)
    medicines: tuple[MedicineLine, ...] | None = None
    labs: tuple[LabLine, ...] | None = None
    pauses: tuple[Pause, ...] | None = None
    food: FoodIntake | None = None
    # every recorded pause: paused days are not due in the adherence figures
    paused: tuple[RecordedPause, ...] = ()


def summary_pauses(recorded: Sequence[RecordedPause], start: date, end: date) -> tuple[Pause, ...]:
    """The pauses covering a day of the period, for the plan section, earliest first."""
    return tuple(
        Pause(p.first, p.last, (p.label,), p.reason)
        for p in sorted(recorded, key=lambda p: p.first)
        if p.overlaps(start, end)
    )


def build_summary(inputs: SummaryInputs) -> VisitSummary:
    items = group_items(inputs.plan_versions)
    reports = plan_item_reports(
        items,
        inputs.totals,
        inputs.period_from,
        inputs.period_to,
        inputs.today,
        inputs.profile,
        pauses=inputs.paused,
    )
    dexa = dexa_section(inputs)
    between = between_scans(inputs, items)
    sources = Sources()
    summary = VisitSummary(
        header=header(inputs),
        plan=plan_section(inputs, items),
        adherence=tuple(adherence_line(r, inputs.period_to) for r in reports),
        intake=intake_section(inputs),
        dexa=dexa,
        between_scans=between,
        cause_note=CAUSE_NOTE,
        events=events_section(inputs),
        alerts=alerts_section(inputs, reports),
        questions=tuple(Question(n.id, n.written_on, n.text) for n in inputs.questions),
        sources=(),
    )
    return replace(summary, sources=sources.collect(summary, inputs))


# --- header ----------------------------------------------------------------------------


def _anticoagulant_line(change: AnticoagulantChange | None, first: bool) -> AnticoagulantLine:
    if change is None or change.status is None:
        return AnticoagulantLine(None, None, None, "not recorded")
    label = ANTICOAGULANT_LABELS[change.status]
    text = f"{label} ({change.drug})" if change.drug else label
    return AnticoagulantLine(change.status, change.drug, None if first else change.valid_from, text)


def header(inputs: SummaryInputs) -> Header:
    profile = inputs.profile
    history = profile.anticoagulant_history
    in_force = [c for c in history if c.valid_from <= inputs.period_to]
    # the first status recorded also covers the days before it
    current = in_force[-1] if in_force else (history[0] if history else None)
    changes = tuple(
        _anticoagulant_line(c, False)
        for c in history[1:]
        if inputs.period_from <= c.valid_from <= inputs.period_to
    )
    return Header(
        name=profile.name,
        birth_year=profile.birth_year,
        age=None if profile.birth_year is None else age_on(profile.birth_year, inputs.today),
        sex=profile.sex,
        menopause_year=profile.menopause_year,
        anticoagulant=_anticoagulant_line(current, len(in_force) <= 1),
        anticoagulant_changes=changes,
        period_from=inputs.period_from,
        period_to=inputs.period_to,
        made_on=inputs.today,
    )


# --- plan ------------------------------------------------------------------------------


def plan_section(inputs: SummaryInputs, items: Mapping[ItemKey, list[PlanVersion]]) -> PlanSection:
    lines: list[PlanLine] = []
    changes: list[PlanChange] = []
    for key, versions in items.items():
        label = item_label(*key)
        shown = version_in_force(versions, inputs.period_to)
        if shown is not None and shown.active:
            lines.append(PlanLine(label, describe_target(shown), shown.valid_from))
        previous: PlanVersion | None = None
        for version in versions:
            if inputs.period_from <= version.valid_from <= inputs.period_to:
                changes.append(PlanChange(version.valid_from, label, _change(previous, version)))
            previous = version
    changes.sort(key=lambda c: c.day)
    return PlanSection(
        items=tuple(lines),
        changes=tuple(changes),
        pauses=inputs.pauses,
        medicines=inputs.medicines,
        labs=inputs.labs,
        inr_expected=inputs.profile.on_vka_on(inputs.period_to),
    )


def _change(previous: PlanVersion | None, version: PlanVersion) -> str:
    if not version.active:
        return "stopped" if previous is None else f"stopped (was {describe_target(previous)})"
    if previous is None or not previous.active:
        return f"started: {describe_target(version)}"
    return f"{describe_target(previous)} → {describe_target(version)}"


# --- adherence -------------------------------------------------------------------------


def _judged_in(report: ItemReport, start: date, end: date) -> list[Period]:
    return [p for p in report.periods if p.judged and p.end >= start and p.start <= end]


def longest_gap(periods: Sequence[Period]) -> Gap | None:
    """The longest run of judged periods in a row that were not met (the first, on a tie)."""
    best: Gap | None = None
    run: list[Period] = []
    for period in [*periods, None]:
        if period is not None and not period.met:
            run.append(period)
            continue
        if run and (best is None or len(run) > best.length):
            best = Gap(len(run), run[0].start, run[-1].end)
        run = []
    return best


def _month_of(period: Period) -> str:
    # A week belongs to the month of its Thursday, as ISO weeks belong to years.
    day = period.start + timedelta(days=3) if period.per == "week" else period.start
    return f"{day.year:04d}-{day.month:02d}"


def _months(start: date, end: date) -> list[str]:
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def monthly(periods: Sequence[Period], start: date, end: date) -> tuple[MonthAdherence, ...]:
    """Met and due periods per calendar month from `start` to `end`."""
    names = _months(start, end)
    counts = {name: [0, 0] for name in names}
    for period in periods:
        # weeks at the window's edges count in its first or last month
        name = min(max(_month_of(period), names[0]), names[-1])
        counts[name][1] += 1
        counts[name][0] += 1 if period.met else 0
    return tuple(
        MonthAdherence(name, met, due, round1(met / due * 100) if due else None)
        for name, (met, due) in counts.items()
    )


def adherence_line(report: ItemReport, end: date) -> AdherenceLine:
    periods = _judged_in(report, report.window_from, report.window_to)
    caution = report.caution
    return AdherenceLine(
        item=item_label(report.kind, report.exercise_type),
        target=describe_target(report.plan),
        unit=report.per,
        met=report.met,
        due=report.due,
        pct=report.adherence_pct,
        longest_gap=longest_gap(periods),
        # as of the period's end, even when the summary is made later
        streak=current_streak([p for p in report.periods if p.start <= end]),
        months=monthly(periods, report.window_from, report.window_to),
        caution=None if caution is None else caution.message,
        caution_source=None if caution is None else caution.source,
    )


# --- intake ----------------------------------------------------------------------------


def intake_section(inputs: SummaryInputs) -> IntakeSection:
    """Mean calcium and vitamin D a day from supplements, over the days since tracking
    began (the first entry or plan) in the period, against the reference values."""
    starts = [d for d in (inputs.first_entry, first_planned_day(inputs.plan_versions)) if d]
    start = max(inputs.period_from, min(starts)) if starts else None
    end = inputs.period_to
    counted = start is not None and start <= end
    days = (end - start).days + 1 if counted and start is not None else 0
    refs = inputs.profile.references(end)
    counts = {w.code: w.count for w in inputs.warnings}
    food = inputs.food
    nutrients = []
    for key, label, unit, food_mean, code, rule in (
        (
            CALCIUM,
            "Calcium",
            "mg",
            None if food is None else food.calcium_mg_per_day,
            "calcium-ul",
            "days whose logged calcium was above the UL (food not included)"
            if food is None
            else "days whose calcium, supplements and food together, was above the UL",
        ),
        (
            VITAMIN_D,
            "Vitamin D",
            "IU",
            None if food is None else food.vitamin_d_iu_per_day,
            "vitamin-d-ul",
            "days whose 7-day vitamin D average was above the UL",
        ),
    ):
        per_day = None
        if counted and start is not None:
            total = sum(
                t.amount for d, t in inputs.totals.get(key, {}).items() if start <= d <= end
            )
            per_day = round1(total / days)
        nutrients.append(
            NutrientIntake(
                nutrient=key[0],
                label=label,
                unit=unit,
                supplements_per_day=per_day,
                food_per_day=food_mean,
                total_per_day=(
                    None if food_mean is None or per_day is None else round1(per_day + food_mean)
                ),
                rda=None
                if refs is None
                else (refs.calcium_rda_mg if key == CALCIUM else refs.vitamin_d_rda_iu),
                ul=None
                if refs is None
                else (refs.calcium_ul_mg if key == CALCIUM else refs.vitamin_d_ul_iu),
                days_over_ul=counts.get(code, 0),
                over_ul_rule=rule,
            )
        )
    return IntakeSection(
        counted_from=start if counted else None,
        counted_to=end if counted else None,
        days=days,
        nutrients=tuple(nutrients),
        calcium_over_500_days=counts.get("calcium-dose", 0),
        basis=None if refs is None else refs.basis,
        food=food,
    )


# --- DEXA ------------------------------------------------------------------------------

VERDICTS: dict[str, str] = {
    "within-lsc": "no significant change",
    "not-reliable": "not comparable: different machines",
    "unknown-machine": "cannot tell: machine not recorded",
    "no-lsc": "cannot tell: no LSC for this site",
}


def verdict(change: Change) -> str:
    """'significant loss', 'no significant change', 'significant gain', or why not judged."""
    if change.status == "significant":
        return f"significant {change.direction}"
    return VERDICTS[change.status]


def bmd_change(change: Change, lsc: Lsc | None) -> BmdChange:
    return BmdChange(
        site=site_label(change.site),
        start=change.start,
        end=change.end,
        start_bmd=change.start_bmd,
        end_bmd=change.end_bmd,
        change_g_cm2=change.delta,
        change_pct=change.percent,
        change_text=f"{format_change_delta(change)} g/cm²",
        pct_text=format_change_percent(change),
        lsc=None if lsc is None else lsc.text,
        lsc_uncertain=lsc is not None and lsc.uncertain,
        status=change.status,
        verdict=verdict(change),
    )


def reading(interp: Interpretation) -> str:
    if interp.z_scores_apply:
        if interp.z_below_expected is None:
            return "Z-scores apply; none recorded"
        low = format_score(interp.lowest_z)
        where = site_label(interp.lowest_z_site or "")
        if interp.z_below_expected:
            return f"below the expected range for age (lowest Z {low}, {where})"
        return f"within the expected range for age (lowest Z {low}, {where})"
    if interp.category_label is None:
        return "no T-score recorded"
    low = format_score(interp.lowest_t)
    return f"{interp.category_label} (lowest T {low}, {site_label(interp.lowest_t_site or '')})"


def dexa_section(inputs: SummaryInputs) -> DexaSection:
    visits = tuple(
        ScanVisit(
            scan_date=visit.scan_date,
            reading=reading(interp),
            sites=tuple(
                ScanRow(
                    scan_date=s.scan_date,
                    site=site_label(s.site),
                    machine=s.machine,
                    bmd=s.bmd,
                    bmd_text=format_bmd(s.bmd),
                    t_score=format_score(s.t_score),
                    z_score=format_score(s.z_score),
                )
                for s in visit.sites
            ),
            in_period=inputs.period_from <= visit.scan_date <= inputs.period_to,
        )
        for visit, interp in inputs.visits
    )
    changes: list[BmdChange] = []
    series: list[BmdSeries] = []
    for site in sorted({s.site for s in inputs.scans}, key=site_order):
        lsc = inputs.lscs.get(site)
        trend = site_trend(site, inputs.scans, lsc)
        changes.extend(bmd_change(c, lsc) for c in trend.steps)
        if len(trend.points) >= 2:
            series.append(_series(trend))
    return DexaSection(visits, tuple(changes), tuple(series), _dexa_notes(inputs.visits))


def _series(trend: SiteTrend) -> BmdSeries:
    """The band (first scan ± LSC) only over the scans on the first scan's machine."""
    points, lsc, run = trend.points, trend.lsc, trend.same_machine_run
    band = lsc_band(trend)
    if band is not None and lsc is not None:
        legend = f"band: first scan ± LSC {lsc.text}"
        if run < len(points):
            legend += f", over the scans on {points[0].machine} only"
    elif lsc is None:
        legend = "no LSC for this site: no band"
    else:
        legend = "no band: the first two scans are not on one recorded machine"
    return BmdSeries(
        site=trend.site,
        label=site_label(trend.site),
        lsc=lsc,
        points=points,
        band_low=None if band is None else band[0],
        band_high=None if band is None else band[1],
        band_until=None if band is None else points[run - 1].scan_date,
        legend=legend,
    )


def _dexa_notes(visits: Sequence[tuple[Visit, Interpretation]]) -> tuple[str, ...]:
    notes: list[str] = []
    interps = [i for _, i in visits]
    if any(i.category in ("osteoporosis", "severe-osteoporosis") for i in interps):
        notes.append(
            f"Severe osteoporosis needs a fragility fracture ({FRAGILITY_MEANING}) as well as "
            "a T-score of -2.5 or lower."
        )
    if any(i.menopause_year_needed for i in interps):
        notes.append(MENOPAUSE_CAVEAT)
    if interps and interps[-1].later_fracture is not None:
        notes.append(later_fracture_text(interps[-1].later_fracture))
    return tuple(notes)


def between_scans(
    inputs: SummaryInputs, items: Mapping[ItemKey, list[PlanVersion]]
) -> tuple[BetweenScans, ...]:
    """Each pair of consecutive scan visits whose interval touches the period (and always
    the latest pair): adherence from the first scan to the day before the second, beside
    the BMD change of each site measured at both."""
    visits = [v for v, _ in inputs.visits]
    pairs = list(pairwise(visits))
    chosen = [
        (a, b)
        for index, (a, b) in enumerate(pairs)
        if index == len(pairs) - 1
        or (a.scan_date <= inputs.period_to and b.scan_date >= inputs.period_from)
    ]
    result = []
    for first, second in chosen:
        end = second.scan_date - timedelta(days=1)
        reports = plan_item_reports(
            items,
            inputs.totals,
            first.scan_date,
            end,
            inputs.today,
            inputs.profile,
            pauses=inputs.paused,
        )
        adherence = tuple(
            ItemBetween(item_label(r.kind, r.exercise_type), r.per, r.met, r.due, r.adherence_pct)
            for r in reports
        )
        result.append(
            BetweenScans(
                first.scan_date, second.scan_date, adherence, _pair_changes(inputs, first, second)
            )
        )
    return tuple(result)


def _pair_changes(inputs: SummaryInputs, first: Visit, second: Visit) -> tuple[BmdChange, ...]:
    later = {s.site: s for s in second.sites if s.bmd is not None}
    changes = []
    for scan in first.sites:
        other = later.get(scan.site)
        if scan.bmd is None or other is None or other.bmd is None:
            continue
        lsc = inputs.lscs.get(scan.site)
        change = compare_points(
            scan.site,
            TrendPoint(scan.scan_date, scan.bmd, scan.machine),
            TrendPoint(other.scan_date, other.bmd, other.machine),
            lsc,
        )
        changes.append(bmd_change(change, lsc))
    return tuple(changes)


# --- events and alerts -----------------------------------------------------------------


def events_section(inputs: SummaryInputs) -> EventsSection:
    events = sorted(inputs.events, key=lambda e: (e.occurred_at, e.id or 0), reverse=True)
    height = inputs.bone.height
    return EventsSection(
        events=tuple(
            EventLine(e.local_date, e.kind, e.site, e.severity, e.fragility, e.note) for e in events
        ),
        falls=inputs.bone.falls.message,
        falls_recurrent=inputs.bone.falls.recurrent,
        height=None if height is None else height.message,
        height_flagged=height is not None and height.flagged,
    )


def alerts_section(inputs: SummaryInputs, reports: Iterable[ItemReport]) -> AlertsSection:
    return AlertsSection(
        warnings=tuple(WarningLine(w.code, w.message, w.dates, w.source) for w in inputs.warnings),
        reminders=tuple(
            ReminderLine(r.kind, r.due, r.overdue, r.message) for r in inputs.reminders
        ),
        cautions=tuple(
            WarningLine(r.caution.code, r.caution.message, (), r.caution.source)
            for r in reports
            if r.caution is not None
        ),
    )


# --- sources ---------------------------------------------------------------------------


class Sources:
    """The references behind what the summary shows, in the order they are first needed."""

    def __init__(self) -> None:
        self._keys: dict[str, str] = {}

    def add(self, key: str, text: str | None = None) -> None:
        self._keys.setdefault(key, SOURCES[key] if text is None else text)

    def collect(self, summary: VisitSummary, inputs: SummaryInputs) -> tuple[Source, ...]:
        plan = summary.plan
        given = [m.source for m in plan.medicines or ()] + [lab.source for lab in plan.labs or ()]
        for source in given:
            if source:
                self.add(source, source)
        if any(a.item.startswith("Exercise") for a in summary.adherence):
            self.add("too-fit")
        if summary.alerts.cautions or inputs.profile.on_vka_on(inputs.period_to):
            self.add("vka")
        self.add("iom")
        if summary.intake.calcium_over_500_days:
            self.add("nih-ods")
        if summary.dexa.visits:
            self.add("who")
        if any(i.z_scores_apply for _, i in inputs.visits):
            self.add("iscd-z")
        if summary.dexa.changes:
            self.add("iscd-lsc")
        if any(c.lsc_uncertain for c in summary.dexa.changes):
            self.add("lsc-default")
        if summary.between_scans:
            self.add("knapen")
        if summary.events.height_flagged:
            self.add("height")
        self.add("falls")
        for warning in summary.alerts.warnings:
            key = _WARNING_SOURCES.get(warning.source)
            self.add(warning.source, warning.source) if key is None else self.add(key)
        kinds = {r.kind for r in summary.alerts.reminders}
        if "scan" in kinds:
            self.add("scan-interval")
        if "checkin" in kinds:
            self.add("checkin")
        return tuple(Source(key, text) for key, text in self._keys.items())
