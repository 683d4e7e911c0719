"""Safety warnings: pure rules over an entry, the day's totals and the profile.

Warnings inform; they never block a log and never change what is stored. The
CLI prints each as one line on stderr: `Warning: <message> (<source>)`.
Every threshold here comes from ../shared/bone-health-facts.md.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from bonetrack.domain.amounts import format_amount, format_number
from bonetrack.domain.kinds import get_kind
from bonetrack.domain.profile import Profile
from bonetrack.domain.reference import References, no_references_reason

# NIH ODS: take at most 500 mg of elemental calcium at a time.
CALCIUM_MAX_DOSE_MG = 500.0
# "At a time" is a sitting, not an entry: calcium entries taken less than this many
# minutes apart (before or after) add up; an hour or more apart they are separate
# doses. bonetrack's own definition of a sitting (the NIH ODS gives none): three
# 500 mg tablets at 08:00, 08:01 and 08:02 are 1500 mg at once.
CALCIUM_SITTING_MINUTES = 60
# Days of the rolling window the vitamin D upper limit is averaged over.
VITAMIN_D_WINDOW_DAYS = 7
# MK-7 trials used micrograms (180 µg/day), the MK-4 dose is milligrams (45 mg/day):
# 1 mg separates the two orders of magnitude.
K2_FORM_BOUNDARY_MCG = 1_000.0

# Totals are compared at the resolution they are printed with (format_number: 3 decimals),
# so that float noise in a sum (134.2 + ... + 412.0 = 2000.0000000000002) cannot call a
# total printed as "2000 mg" above a limit of 2000 mg.
TOTAL_PLACES = 3


def _above(total: float, limit: float) -> bool:
    return round(total, TOTAL_PLACES) > limit


SOURCE_VKA = "Schurgers 2007, Blood 109:3279; Theuwissen 2013, J Thromb Haemost 11:1085"
SOURCE_MK4_LABEL = "MK-4 (menatetrenone) product label, Eisai Glakay"
SOURCE_CALCIUM_DOSE = "NIH ODS"
SOURCE_UL = "IOM 2011"
# The IOM sets a daily UL; judging vitamin D by a 7-day average is bonetrack's own
# rule on top of it (so one weekly prescribed dose is not an everyday overdose).
SOURCE_VITAMIN_D_AVERAGE = "IOM 2011 daily upper limit; the 7-day average is bonetrack's own rule"
SOURCE_K2_FORMS = "MK-7: Knapen 2013, Osteoporos Int 24:2499; MK-4: Eisai Glakay, 45 mg/day"


@dataclass(frozen=True)
class SafetyWarning:
    """A caution to print with its source: never raised, never blocking, never stored."""

    code: str
    message: str
    source: str

    def text(self) -> str:
        """The message with its source: what `cli.output.warn` gets."""
        return f"{self.message} ({self.source})"

    def line(self) -> str:
        """The one line printed on stderr."""
        return f"Warning: {self.text()}"

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message, "source": self.source}


# --- single rules ---------------------------------------------------------------


def k2_vka_warning(
    profile: Profile, day: date | None = None, form: str | None = None
) -> SafetyWarning | None:
    """Every K2 entry or plan of someone on a vitamin K antagonist (warfarin etc.)
    on `day` (default: the status in force today).

    MK-4 gets its product label's prohibition; MK-7 (or no form given) the INR
    finding and the study authors' advice to avoid MK-7 supplements.
    """
    on_vka = profile.on_vka if day is None else profile.on_vka_on(day)
    if not on_vka:
        return None
    keep = (
        "Keep your vitamin K intake consistent and start, stop or change K2 only as agreed "
        "with your prescriber"
    )
    if form == "mk4":
        return SafetyWarning(
            code="k2-vka",
            message=(
                "your profile says you take a vitamin K antagonist (such as warfarin): the "
                "MK-4 (menatetrenone) product label forbids taking it together with warfarin. "
                + keep
            ),
            source=SOURCE_MK4_LABEL,
        )
    return SafetyWarning(
        code="k2-vka",
        message=(
            "your profile says you take a vitamin K antagonist (such as warfarin): vitamin K2 "
            "changes how these medicines work; MK-7 at 10–20 µg a day changed INR in 40–60% "
            "of people studied, and the study's authors advise avoiding MK-7 supplements on "
            "these drugs. " + keep
        ),
        source=SOURCE_VKA,
    )


K2_VKA_FRAME = "keep it consistent, as agreed with your prescriber"


def k2_vka_caution(profile: Profile, start: date, end: date) -> SafetyWarning | None:
    """Shown beside the K2 item instead of a target to reach, when a vitamin K
    antagonist was in force on any day from `start` to `end`."""
    ranges = [
        (first, last)
        for first, last in profile.vka_days()
        if first <= end and (last is None or last >= start)
    ]
    if not ranges:
        return None
    spans = [_span(first, last) for first, last in ranges]
    when = f" {'; '.join(s for s in spans if s)}" if any(spans) else ""
    return SafetyWarning(
        code="k2-vka",
        message=(
            f"your profile records a vitamin K antagonist (such as warfarin){when}: K2 is not "
            f"a target to reach on those days, and they are not scored; {K2_VKA_FRAME}, since "
            "vitamin K2 changes how these medicines work"
        ),
        source=SOURCE_VKA,
    )


def _span(first: date, last: date | None) -> str:
    if first == date.min:
        return "" if last is None else f"until {last.isoformat()}"
    if last is None:
        return f"since {first.isoformat()}"
    return f"from {first.isoformat()} to {last.isoformat()}"


def calcium_dose_warning(amount_mg: float) -> SafetyWarning | None:
    """A single calcium entry above 500 mg elemental (500 itself is fine)."""
    if amount_mg <= CALCIUM_MAX_DOSE_MG:
        return None
    doses = math.ceil(amount_mg / CALCIUM_MAX_DOSE_MG)
    each = math.floor(amount_mg / doses * 10) / 10  # rounded down, so never above 500
    return SafetyWarning(
        code="calcium-dose",
        message=(
            f"{format_number(amount_mg)} mg of calcium in one dose: take at most 500 mg at a "
            "time, as more is not all absorbed at once. Split it into doses of 500 mg or less, "
            f"e.g. {doses} doses of {format_number(each)} mg"
        ),
        source=SOURCE_CALCIUM_DOSE,
    )


def calcium_sitting_warning(
    amount_mg: float, sitting_total_mg: float, sitting_entries: int
) -> SafetyWarning | None:
    """One calcium entry above 500 mg, or entries within an hour that add up to more.

    `sitting_total_mg` and `sitting_entries` count the entry itself and every
    calcium entry less than CALCIUM_SITTING_MINUTES before or after it.
    """
    single = calcium_dose_warning(amount_mg)
    if (
        single is not None
        or sitting_entries < 2
        or not _above(sitting_total_mg, CALCIUM_MAX_DOSE_MG)
    ):
        return single
    return SafetyWarning(
        code="calcium-dose",
        message=(
            f"{format_number(sitting_total_mg)} mg of calcium within {CALCIUM_SITTING_MINUTES} "
            f"minutes ({sitting_entries} entries): take at most 500 mg at a time, as more is "
            "not all absorbed at once. Spread the doses over the day"
        ),
        source=SOURCE_CALCIUM_DOSE,
    )


def calcium_ul_warning(
    day_total_mg: float, day: date, refs: References, food_mg: float | None = None
) -> SafetyWarning | None:
    """The day's calcium, supplements and food together, above the personal upper limit
    (at the limit is fine). `food_mg` None: no food data for the day."""
    total = day_total_mg if food_mg is None else day_total_mg + food_mg
    if not _above(total, refs.calcium_ul_mg):
        return None
    if food_mg is None:
        adds_up = f"adds up to {format_number(total)} mg"
        food = "calcium from food counts too"
    else:
        adds_up = (
            f"adds up to {format_number(total)} mg ({format_number(day_total_mg)} mg "
            f"supplements and {format_number(food_mg)} mg food)"
        )
        food = "food and supplements count together"
    return SafetyWarning(
        code="calcium-ul",
        message=(
            f"calcium on {day.isoformat()} {adds_up}, above the upper limit of "
            f"{refs.calcium_ul_mg} mg a day{_for_whom(refs)}; {food}"
        ),
        source=SOURCE_UL,
    )


@dataclass(frozen=True)
class VitaminDWindow:
    """Vitamin D entries over a 7-day window, split at the UL (in IU).

    An entry equal to the UL counts as at or below it.
    """

    at_or_below_ul_iu: float = 0.0  # sum of entries at or below the UL
    above_ul_iu: float = 0.0  # sum of entries above the UL
    above_ul_count: int = 0  # how many entries are above the UL

    def __add__(self, other: VitaminDWindow) -> VitaminDWindow:
        return VitaminDWindow(
            at_or_below_ul_iu=self.at_or_below_ul_iu + other.at_or_below_ul_iu,
            above_ul_iu=self.above_ul_iu + other.above_ul_iu,
            above_ul_count=self.above_ul_count + other.above_ul_count,
        )

    def averaged_total_iu(self) -> float:
        """The total that counts toward the 7-day average.

        Exactly one entry above the UL in the window is a single large dose (a
        prescribed 50,000 IU a week, say): it is left out, and gets its own
        high-dose note instead of being called an everyday overdose. Two or more
        entries above the UL in the window are a pattern, not a single dose: then
        every entry counts, so 5,000 IU every day does average above the UL.
        """
        if self.above_ul_count == 1:
            return self.at_or_below_ul_iu
        return self.at_or_below_ul_iu + self.above_ul_iu


def vitamin_d_average_warning(
    window: VitaminDWindow, last_day: date, refs: References
) -> SafetyWarning | None:
    """Vitamin D over the 7 days ending `last_day`, averaged, above the UL.

    The average is `window.averaged_total_iu()` / 7: a single entry above the UL
    in the window is left out (a prescribed high dose, noted on its own by
    `vitamin_d_high_dose_note`); with two or more such entries in the window all
    entries count. A total of exactly 7 × UL is at the limit, not above it.
    """
    total = window.averaged_total_iu()
    if not _above(total, refs.vitamin_d_ul_iu * VITAMIN_D_WINDOW_DAYS):
        return None
    average = total / VITAMIN_D_WINDOW_DAYS
    first_day = last_day - timedelta(days=VITAMIN_D_WINDOW_DAYS - 1)
    return SafetyWarning(
        code="vitamin-d-ul",
        message=(
            f"vitamin D from {first_day.isoformat()} to {last_day.isoformat()} averages "
            f"{format_number(round(average, 1))} IU a day, above the upper limit of "
            f"{refs.vitamin_d_ul_iu} IU a day{_for_whom(refs)}"
        ),
        source=SOURCE_VITAMIN_D_AVERAGE,
    )


def vitamin_d_high_dose_note(amount_iu: float, refs: References) -> SafetyWarning | None:
    """A single vitamin D entry above the daily UL: fine on prescription, not every day.

    Every such entry gets this note, whether or not the 7-day average warns too.
    """
    if amount_iu <= refs.vitamin_d_ul_iu:
        return None
    return SafetyWarning(
        code="vitamin-d-high-dose",
        message=(
            f"{format_number(amount_iu)} IU of vitamin D in one dose is a high dose, above the "
            f"daily upper limit of {refs.vitamin_d_ul_iu} IU: take doses like this only as "
            "prescribed"
        ),
        source=SOURCE_UL,
    )


def k2_form_warning(
    amount_mcg: float, form: str | None, *, planned: bool = False
) -> SafetyWarning | None:
    """An MK-7 amount of 1 mg or more, or an MK-4 amount under 1 mg: is the form right?"""
    amount = format_amount(get_kind("k2"), amount_mcg)
    what = "planned a day" if planned else "logged"
    verb = "Plan" if planned else "Log"
    if form == "mk7" and amount_mcg >= K2_FORM_BOUNDARY_MCG:
        return SafetyWarning(
            code="k2-form",
            message=(
                f"{amount} of K2 {what} as MK-7: MK-7 trials used 180 µg a day, while "
                "milligram doses (45 mg a day, in three doses) are the MK-4 dose. Is the form "
                f"right? {verb} MK-4 with --form mk4"
            ),
            source=SOURCE_K2_FORMS,
        )
    if form == "mk4" and amount_mcg < K2_FORM_BOUNDARY_MCG:
        return SafetyWarning(
            code="k2-form",
            message=(
                f"{amount} of K2 {what} as MK-4: the MK-4 dose studied is 45 mg a day (three "
                "doses of 15 mg), while microgram doses (180 µg a day) are the MK-7 dose. Is "
                f"the form right? {verb} MK-7 with --form mk7"
            ),
            source=SOURCE_K2_FORMS,
        )
    return None


def _for_whom(refs: References) -> str:
    people = "women" if refs.sex == "female" else "men"
    text = f" for {people} aged {refs.age_group}"
    if refs.assumed:
        text += " (assumed: set your profile with `bonetrack profile set`)"
    return text


# --- one entry, as it is logged -------------------------------------------------


@dataclass(frozen=True)
class LoggedEntry:
    """What the rules need of a stored entry."""

    kind: str  # canonical kind name
    amount: float  # in the kind's canonical unit
    form: str | None
    local_date: date


@dataclass(frozen=True)
class DayContext:
    """Totals from the store, including the entry just logged."""

    calcium_day_total_mg: float = 0.0
    # calcium from food that day; None: no food data
    calcium_food_mg: float | None = None
    # calcium within CALCIUM_SITTING_MINUTES of the entry (itself included), and how many
    calcium_sitting_mg: float = 0.0
    calcium_sitting_entries: int = 1
    # vitamin D over the 7 days ending on the entry's day, split at the UL
    vitamin_d_window: VitaminDWindow = field(default_factory=VitaminDWindow)


def entry_warnings(
    entry: LoggedEntry, profile: Profile, context: DayContext, today: date
) -> list[SafetyWarning]:
    """The warnings to print after logging `entry`, most important first."""
    refs = profile.references(today)
    found: list[SafetyWarning | None] = []
    if entry.kind == "k2":
        found += [
            k2_vka_warning(profile, entry.local_date, entry.form),
            k2_form_warning(entry.amount, entry.form),
        ]
    elif entry.kind == "calcium":
        found.append(
            calcium_sitting_warning(
                entry.amount,
                max(context.calcium_sitting_mg, entry.amount),
                context.calcium_sitting_entries,
            )
        )
        if refs is not None:
            found.append(
                calcium_ul_warning(
                    context.calcium_day_total_mg, entry.local_date, refs, context.calcium_food_mg
                )
            )
    elif entry.kind == "vitamin-d" and refs is not None:
        found += [
            vitamin_d_high_dose_note(entry.amount, refs),
            vitamin_d_average_warning(context.vitamin_d_window, entry.local_date, refs),
        ]
    if refs is None and entry.kind in ("calcium", "vitamin-d"):
        found.append(no_references_note(profile, entry))
    return [w for w in found if w is not None]


def no_references_note(profile: Profile, entry: LoggedEntry) -> SafetyWarning:
    """Said instead of the upper-limit checks for a day before the person was 9."""
    assert profile.birth_year is not None  # without one, the adult values are assumed
    return SafetyWarning(
        code="no-references",
        message=(
            f"{no_references_reason(profile.birth_year, entry.local_date)}: this entry was "
            "not checked against an upper limit"
        ),
        source=SOURCE_UL,
    )


# Plan warnings that also ask the user to confirm before the plan is stored: a
# target `today` would press on someone it may harm.
CONFIRM_PLAN_CODES: frozenset[str] = frozenset({"k2-vka", "plan-above-ul"})


def plan_warnings(
    profile: Profile,
    kind_name: str,
    *,
    day: date,
    daily_amount: float | None = None,
    dose_amount: float | None = None,
    form: str | None = None,
) -> list[SafetyWarning]:
    """Warnings for planning `kind_name` (a kind name or alias) from `day`.

    `daily_amount` is the target per day (a weekly target divided by 7) and
    `dose_amount` one planned dose, both in the kind's canonical unit. K2 on a
    vitamin K antagonist, a daily target above the personal upper limit, a
    calcium dose above 500 mg and a K2 amount that does not fit its form.
    """
    kind = get_kind(kind_name).name
    refs = profile.references(day)
    found: list[SafetyWarning | None] = []
    if kind == "k2":
        found.append(k2_vka_warning(profile, day, form))
        if daily_amount is not None:
            found.append(k2_form_warning(daily_amount, form, planned=True))
    elif kind == "calcium" and daily_amount is not None:
        if refs is not None:
            found.append(_plan_above_ul("calcium", daily_amount, refs.calcium_ul_mg, "mg", refs))
        if dose_amount is not None:
            found.append(calcium_dose_warning(dose_amount))
    elif kind == "vitamin-d" and daily_amount is not None and refs is not None:
        found.append(_plan_above_ul("vitamin D", daily_amount, refs.vitamin_d_ul_iu, "IU", refs))
    return [w for w in found if w is not None]


def _plan_above_ul(
    nutrient: str, daily: float, limit: float, unit: str, refs: References
) -> SafetyWarning | None:
    if not _above(daily, limit):
        return None
    return SafetyWarning(
        code="plan-above-ul",
        message=(
            f"a daily {nutrient} target of {format_number(daily)} {unit} is above the upper "
            f"limit of {format_number(limit)} {unit} a day{_for_whom(refs)}, and `bonetrack "
            "today` would ask you to reach it every day"
            + ("; calcium from food counts too" if nutrient == "calcium" else "")
            + ". Use a target above the limit only if your clinician prescribed it"
        ),
        source=SOURCE_UL,
    )


# --- a report window -------------------------------------------------------------


@dataclass(frozen=True)
class DayAggregate:
    """One local day's totals, as the store's GROUP BY local_date gives them."""

    day: date
    calcium_total_mg: float = 0.0
    calcium_max_dose_mg: float = 0.0
    # the most calcium taken in one sitting (see CALCIUM_SITTING_MINUTES) that day
    calcium_max_sitting_mg: float = 0.0
    # vitamin D: sum of entries at or below the UL, sum and count of entries above
    # it, and the largest single entry
    vitamin_d_everyday_iu: float = 0.0
    vitamin_d_above_ul_iu: float = 0.0
    vitamin_d_above_ul_count: int = 0
    vitamin_d_max_dose_iu: float = 0.0
    k2_entries: int = 0
    # largest MK-7 entry and smallest MK-4 entry, in µg; None without such entries
    k2_mk7_max_mcg: float | None = None
    k2_mk4_min_mcg: float | None = None
    # from food (dietary intake records); None: no food data that day
    calcium_food_mg: float | None = None
    vitamin_d_food_iu: float | None = None

    @property
    def calcium_with_food_mg(self) -> float:
        """Supplements and food together: what the upper limit is judged by."""
        return self.calcium_total_mg + (self.calcium_food_mg or 0.0)


@dataclass(frozen=True)
class WindowWarning:
    """Warnings of one kind that occurred on some days of a report window."""

    code: str
    count: int  # days
    message: str
    dates: tuple[date, ...]
    source: str

    def to_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "count": self.count,
            "message": self.message,
            "dates": [d.isoformat() for d in self.dates],
            "source": self.source,
        }


def window_warnings(
    days: Sequence[DayAggregate], profile: Profile, start: date, end: date
) -> list[WindowWarning]:
    """Which warnings occurred on which days from `start` to `end` (inclusive).

    `days` may start up to 6 days before `start`: those days count toward the
    7-day vitamin D averages of the first days of the window, nothing else.
    Each day's 7-day average follows `vitamin_d_average_warning`: one entry
    above the UL in those 7 days is left out, two or more all count. The average
    is judged on every day of the window whose 7 days hold an entry, also on days
    without one (as calcium is judged on every day): 5,000 IU a day for a week
    still averages above the UL the day after the last dose.
    Reference values are those of each day (a birthday year can cross a group).
    """
    by_day = {d.day: d for d in days}
    inside = sorted(d for d in by_day if start <= d <= end)
    # every day whose 7-day window holds an entry
    averaged = sorted(
        {
            day + timedelta(days=k)
            for day in by_day
            for k in range(VITAMIN_D_WINDOW_DAYS)
            if start <= day + timedelta(days=k) <= end
        }
    )

    def refs(day: date) -> References | None:
        return profile.references(day)  # None before age 9: no upper limits to judge by

    def above_calcium_ul(day: date) -> bool:
        r = refs(day)
        return r is not None and _above(by_day[day].calcium_with_food_mg, r.calcium_ul_mg)

    def vitamin_d_average_high(day: date) -> bool:
        r = refs(day)
        if r is None:
            return False
        window = sum(
            (_vitamin_d_of(by_day[d]) for d in _window(day) if d in by_day), VitaminDWindow()
        )
        return vitamin_d_average_warning(window, day, r) is not None

    def vitamin_d_dose_high(day: date) -> bool:
        r = refs(day)
        return r is not None and by_day[day].vitamin_d_max_dose_iu > r.vitamin_d_ul_iu

    rules: list[tuple[str, str, str, Iterable[date]]] = [
        (
            "k2-vka",
            "{n} with K2 logged while your profile says you take a vitamin K antagonist",
            SOURCE_VKA,
            (d for d in inside if profile.on_vka_on(d) and by_day[d].k2_entries > 0),
        ),
        (
            "calcium-dose",
            "{n} with more than 500 mg of calcium in one dose or within "
            f"{CALCIUM_SITTING_MINUTES} minutes",
            SOURCE_CALCIUM_DOSE,
            (
                d
                for d in inside
                if _above(
                    max(by_day[d].calcium_max_dose_mg, by_day[d].calcium_max_sitting_mg),
                    CALCIUM_MAX_DOSE_MG,
                )
            ),
        ),
        (
            "calcium-ul",
            "{n} above the calcium upper limit",
            SOURCE_UL,
            (d for d in inside if above_calcium_ul(d)),
        ),
        (
            "vitamin-d-ul",
            "{n} with the 7-day vitamin D average above the upper limit",
            SOURCE_VITAMIN_D_AVERAGE,
            (d for d in averaged if vitamin_d_average_high(d)),
        ),
        (
            "vitamin-d-high-dose",
            "{n} with a single vitamin D dose above the daily upper limit (only as prescribed)",
            SOURCE_UL,
            (d for d in inside if vitamin_d_dose_high(d)),
        ),
        (
            "k2-form",
            "{n} with a K2 amount that does not match its form (MK-7 in mg or MK-4 in µg)",
            SOURCE_K2_FORMS,
            (d for d in inside if _form_mismatch(by_day[d])),
        ),
    ]
    result: list[WindowWarning] = []
    for code, template, source, matching in rules:
        dates = tuple(matching)
        if dates:
            n = f"{len(dates)} day" if len(dates) == 1 else f"{len(dates)} days"
            result.append(
                WindowWarning(
                    code=code,
                    count=len(dates),
                    message=template.format(n=n),
                    dates=dates,
                    source=source,
                )
            )
    return result


def _window(last_day: date) -> list[date]:
    return [last_day - timedelta(days=i) for i in range(VITAMIN_D_WINDOW_DAYS)]


def _vitamin_d_of(day: DayAggregate) -> VitaminDWindow:
    # Food is everyday intake: it counts toward the average, never as a single high dose.
    return VitaminDWindow(
        at_or_below_ul_iu=day.vitamin_d_everyday_iu + (day.vitamin_d_food_iu or 0.0),
        above_ul_iu=day.vitamin_d_above_ul_iu,
        above_ul_count=day.vitamin_d_above_ul_count,
    )


def _form_mismatch(day: DayAggregate) -> bool:
    mk7 = day.k2_mk7_max_mcg is not None and day.k2_mk7_max_mcg >= K2_FORM_BOUNDARY_MCG
    mk4 = day.k2_mk4_min_mcg is not None and day.k2_mk4_min_mcg < K2_FORM_BOUNDARY_MCG
    return mk7 or mk4
