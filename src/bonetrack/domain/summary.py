"""The visit summary: one data structure behind `bonetrack summary`'s terminal preview,
HTML and PDF, and its `--json` form (field names are the JSON keys).

Sections in the order the clinician reads them (issue 13): header, plan and medicines,
adherence, intake, DEXA, adherence between scans, events, warnings and reminders,
questions for the clinician, sources. `build_summary` (summary_build.py) computes it
from `SummaryInputs`, purely.

Sections other features fill in are optional fields, None while bonetrack does not
record them (the renderers then say so plainly): `medicines` and `labs` (osteoporosis
medicines, lab results), `pauses` (paused plans) and `food` (dietary intake imported
from other apps). Each is one field of `SummaryInputs`, filled by one store function in
`store/summary.py`; an empty tuple means "recorded, none in the period".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bonetrack.domain.dexa import Lsc, TrendPoint

DISCLAIMER = "Prepared by the patient with bonetrack. Information, not a diagnosis."

CAUSE_NOTE = (
    "These are one person's numbers side by side: they cannot show cause and effect. "
    "Bone density changes for many reasons, and in trials the benefits of K2 took 6 months "
    "to 3 years of consistent use (Knapen 2013)."
)

# --- optional sections: filled by the features that record them ---------------------


@dataclass(frozen=True)
class MedicineLine:
    """One osteoporosis medicine over the period (alendronate, denosumab, ...)."""

    name: str  # 'alendronate (Fosamax)'
    schedule: str  # '70 mg once a week, by mouth'
    since: date | None
    doses_taken: int  # in the period
    doses_due: int  # in the period
    last_dose: date | None
    next_dose: date | None
    # what the clinician should see (a late denosumab dose), each with its source
    notes: tuple[str, ...] = ()
    source: str | None = None


@dataclass(frozen=True)
class LabLine:
    """The latest value of one lab test on or before the period's end."""

    test: str  # '25(OH)D', 'INR', 'CTX'
    value: str  # as measured, with its unit: '62 nmol/L'
    measured_on: date
    # 25(OH)D: its band and the cut-points applied ('at least 50 nmol/L (20 ng/mL): ...')
    band: str | None = None
    reference_range: str | None = None  # the lab's own, when recorded
    source: str | None = None


@dataclass(frozen=True)
class Pause:
    """Plan items or a medicine paused for a while (illness, travel, a clinician's
    instruction): those days are not due."""

    start: date
    end: date | None  # None: still paused
    items: tuple[str, ...]  # what is paused: 'K2', 'Alendronate', 'supplements and exercise'
    reason: str | None


@dataclass(frozen=True)
class FoodIntake:
    """Calcium and vitamin D from food (imported from a food diary or health app)."""

    source: str  # 'Cronometer', 'Apple Health'
    days: int  # days of the period with food records
    calcium_mg_per_day: float | None  # mean over those days
    vitamin_d_iu_per_day: float | None


# --- header and plan -------------------------------------------------------------------


@dataclass(frozen=True)
class AnticoagulantLine:
    status: str | None  # 'none' | 'vka' | 'doac'; None: not recorded
    drug: str | None
    since: date | None  # None: the first status recorded (it covers earlier days too)
    text: str  # 'vitamin K antagonist (warfarin)'


@dataclass(frozen=True)
class Header:
    name: str | None
    birth_year: int | None
    age: int | None  # reached in the year the summary is made
    sex: str | None
    menopause_year: int | None
    anticoagulant: AnticoagulantLine
    # changes of the anticoagulant status that took effect in the period
    anticoagulant_changes: tuple[AnticoagulantLine, ...]
    period_from: date
    period_to: date
    made_on: date
    disclaimer: str = DISCLAIMER


@dataclass(frozen=True)
class PlanLine:
    """One plan item in force at the period's end."""

    item: str  # 'K2', 'Exercise: strength'
    target: str  # '180 µg a day (MK-7)', '2 sessions a week'
    since: date  # when this target took effect


@dataclass(frozen=True)
class PlanChange:
    day: date
    item: str
    change: str  # 'started: 180 µg a day (MK-7)', '1200 mg a day → 1000 mg a day', 'stopped'


@dataclass(frozen=True)
class PlanSection:
    items: tuple[PlanLine, ...]
    changes: tuple[PlanChange, ...]  # in the period, oldest first
    pauses: tuple[Pause, ...] | None = None
    medicines: tuple[MedicineLine, ...] | None = None
    labs: tuple[LabLine, ...] | None = None
    # the profile records a vitamin K antagonist: an INR is expected among the labs
    inr_expected: bool = False


# --- adherence -------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthAdherence:
    month: str  # 'YYYY-MM'
    met: int
    due: int
    pct: float | None  # None: nothing due that month


@dataclass(frozen=True)
class Gap:
    """The longest run of due periods in a row that were not met."""

    length: int  # in days or weeks (the item's `unit`)
    start: date
    end: date


@dataclass(frozen=True)
class AdherenceLine:
    item: str
    target: str
    unit: str  # 'day' | 'week': what met, due, the gap and the streak count
    met: int
    due: int
    pct: float | None  # met / due x 100, one decimal; None when nothing was due
    longest_gap: Gap | None  # None: no missed period
    streak: int  # met periods in a row up to the period's end
    months: tuple[MonthAdherence, ...]
    # why some days are not judged (K2 on a vitamin K antagonist), with its source
    caution: str | None = None
    caution_source: str | None = None


# --- intake ----------------------------------------------------------------------------


@dataclass(frozen=True)
class NutrientIntake:
    nutrient: str  # 'calcium' | 'vitamin-d'
    label: str
    unit: str  # 'mg' | 'IU'
    supplements_per_day: float | None  # mean over the counted days; None: none counted
    food_per_day: float | None  # None: no food data
    total_per_day: float | None  # supplements + food, when food data exists
    rda: int | None
    ul: int | None
    days_over_ul: int  # supplements only unless food data exists (see `over_ul_rule`)
    over_ul_rule: str


@dataclass(frozen=True)
class IntakeSection:
    counted_from: date | None  # the days the means are over; None: nothing recorded
    counted_to: date | None
    days: int
    nutrients: tuple[NutrientIntake, ...]
    calcium_over_500_days: int  # days with more than 500 mg at a time (NIH ODS)
    basis: str | None  # whose reference values these are (IOM 2011)
    food: FoodIntake | None = None


# --- DEXA ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScanRow:
    scan_date: date
    site: str  # label: 'lumbar spine'
    machine: str | None
    bmd: float | None
    bmd_text: str
    t_score: str
    z_score: str


@dataclass(frozen=True)
class ScanVisit:
    scan_date: date
    reading: str  # the WHO category (or the ISCD Z-score reading), by the fact sheet's rules
    sites: tuple[ScanRow, ...]
    in_period: bool


@dataclass(frozen=True)
class BmdChange:
    site: str  # label
    start: date
    end: date
    start_bmd: float
    end_bmd: float
    change_g_cm2: float
    change_pct: float
    change_text: str  # '-0.053 g/cm²': the places that keep it on its side of the LSC
    pct_text: str  # '-5.30%'
    lsc: str | None  # '5.3%'
    lsc_uncertain: bool  # the fact sheet's default, not the facility's own
    status: str  # significant | within-lsc | not-reliable | unknown-machine | no-lsc
    verdict: str  # 'significant loss', 'no significant change', 'significant gain', ...


@dataclass(frozen=True)
class BmdSeries:
    """One site's BMD over time, for the trend chart with its LSC band."""

    site: str  # name: 'lumbar-spine'
    label: str
    lsc: Lsc | None
    points: tuple[TrendPoint, ...]
    # first scan's BMD ± the LSC, over the scans on the first scan's machine; None: no band
    band_low: float | None
    band_high: float | None
    band_until: date | None
    legend: str


@dataclass(frozen=True)
class DexaSection:
    visits: tuple[ScanVisit, ...]  # every scan visit on or before the period's end
    changes: tuple[BmdChange, ...]  # consecutive scans of each site
    series: tuple[BmdSeries, ...]  # sites with at least two BMD values
    notes: tuple[str, ...]  # what 'severe' needs, the menopause caveat, a later fracture


@dataclass(frozen=True)
class ItemBetween:
    item: str
    unit: str
    met: int
    due: int
    pct: float | None


@dataclass(frozen=True)
class BetweenScans:
    """Adherence in the interval between two consecutive scans, beside the BMD change."""

    start: date  # the earlier scan
    end: date  # the later scan; adherence counts the days from `start` to the day before
    adherence: tuple[ItemBetween, ...]
    changes: tuple[BmdChange, ...]


# --- events, alerts, questions, sources ------------------------------------------------


@dataclass(frozen=True)
class EventLine:
    day: date
    kind: str
    site: str | None
    severity: int | None
    fragility: str | None  # fractures: yes | no | unknown
    note: str | None


@dataclass(frozen=True)
class EventsSection:
    events: tuple[EventLine, ...]  # in the period, newest first
    falls: str  # falls in the 12 months to the period's end
    falls_recurrent: bool
    height: str | None  # the latest height against the tallest; None: none recorded
    height_flagged: bool


@dataclass(frozen=True)
class WarningLine:
    code: str
    message: str  # '3 days above the calcium upper limit'
    dates: tuple[date, ...]
    source: str


@dataclass(frozen=True)
class ReminderLine:
    kind: str
    due: date
    overdue: bool
    message: str


@dataclass(frozen=True)
class AlertsSection:
    warnings: tuple[WarningLine, ...]  # safety checks that fired in the period
    reminders: tuple[ReminderLine, ...]  # overdue or due in the next 30 days, as of today
    cautions: tuple[WarningLine, ...]  # standing cautions (K2 on a vitamin K antagonist)


@dataclass(frozen=True)
class Question:
    note_id: int | None
    written_on: date
    text: str


@dataclass(frozen=True)
class Source:
    key: str
    text: str


@dataclass(frozen=True)
class VisitSummary:
    header: Header
    plan: PlanSection
    adherence: tuple[AdherenceLine, ...]
    intake: IntakeSection
    dexa: DexaSection
    between_scans: tuple[BetweenScans, ...]
    cause_note: str
    events: EventsSection
    alerts: AlertsSection
    questions: tuple[Question, ...]
    sources: tuple[Source, ...]
