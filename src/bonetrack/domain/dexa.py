"""DEXA (DXA) scan results: sites, value checks, WHO categories and change over time.

Every number here comes from ../shared/bone-health-facts.md, section 5. The
wording says what the numbers mean by the published categories; it never
diagnoses. Comparisons use BMD in g/cm², never T-scores.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import Literal

from bonetrack.domain.decimals import at_least_places, display_rounded, exact
from bonetrack.domain.events import FRAGILITY_MEANING, Fragility
from bonetrack.errors import InputError

BMD_MIN = 0.2
BMD_MAX = 2.0
SCORE_MIN = -7.0
SCORE_MAX = 7.0

# WHO thresholds on the lowest T-score; exactly -1.0 is normal, exactly -2.5 osteoporosis.
T_NORMAL_FROM = -1.0
T_OSTEOPOROSIS_AT = -2.5
# ISCD: for people under 50, Z-scores replace T-scores; Z <= -2.0 is below the expected range.
Z_BELOW_EXPECTED_AT = -2.0
Z_SCORE_AGE = 50

# Changes are compared with the LSC unrounded, in decimal arithmetic on the values
# as entered (Decimal of the float's repr), so binary float noise cannot decide
# ((1.053 - 1.0) / 1.0 * 100 is 5.299999999999994 in floats, exactly 5.3 here) and
# rounding cannot either (1.000 -> 0.94705 is 5.295%, not the LSC of 5.3%). They
# are rounded only for display: to these places, or more where rounding would put
# the shown value on the other side of the LSC.
PERCENT_PLACES = 2
BMD_PLACES = 3
DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class Site:
    name: str
    label: str
    aliases: tuple[str, ...]
    # Default least significant change in %, when the user's facility gave none.
    default_lsc_percent: float | None


SITES: tuple[Site, ...] = (
    Site("lumbar-spine", "lumbar spine", ("spine", "l1-l4"), 5.3),
    Site("total-hip", "total hip", ("hip",), 5.0),
    Site("femoral-neck", "femoral neck", ("neck",), 6.9),
    Site("forearm", "forearm", ("radius", "33-radius"), None),
)
SITE_NAMES: tuple[str, ...] = tuple(s.name for s in SITES)

_SITE_BY_NAME: dict[str, Site] = {}
for _site in SITES:
    for _name in (_site.name, *_site.aliases):
        _SITE_BY_NAME[_name] = _site

LSC_DEFAULT_SOURCE = (
    "ISCD minimum acceptable precision per technologist (LSC = 2.77 x precision error); "
    "these per-site figures are uncertain: not confirmed in a primary source"
)
WHO_SOURCE = (
    "WHO categories by the lowest T-score of lumbar spine, total hip, femoral neck, forearm"
)
ISCD_Z_SOURCE = "ISCD: Z-scores replace T-scores under 50"
NOT_A_DIAGNOSIS = "This describes the numbers, not a diagnosis: discuss them with your clinician."


def get_site(name: str) -> Site:
    """The site called `name` or one of its aliases (case-insensitive)."""
    key = "-".join(name.strip().lower().replace("_", "-").split())
    site = _SITE_BY_NAME.get(key)
    if site is not None:
        return site
    close = difflib.get_close_matches(key, list(_SITE_BY_NAME), n=1, cutoff=0.5)
    hint = f" Did you mean '{_SITE_BY_NAME[close[0]].name}'?" if close else ""
    raise InputError(
        f"unknown site '{name}'.{hint} Sites: {', '.join(SITE_NAMES)} "
        "(aliases: spine, l1-l4, hip, neck, radius, 33-radius)."
    )


def site_label(name: str) -> str:
    return _SITE_BY_NAME[name].label if name in _SITE_BY_NAME else name


def site_order(name: str) -> int:
    return SITE_NAMES.index(name) if name in SITE_NAMES else len(SITE_NAMES)


# --- values ---------------------------------------------------------------

_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")
_BMD_UNIT = re.compile(r"\s*g\s*/\s*cm(?:2|²|\^2)$", re.IGNORECASE)


def _read_number(text: str) -> float | None:
    # Reports pasted from a PDF often carry a typographic minus (U+2212).
    raw = text.strip().replace("\u2212", "-").replace("\u2013", "-")
    if not _NUMBER.match(raw):
        return None
    return float(raw)


def parse_bmd(text: str) -> float:
    """A BMD in g/cm² ('0.812', '0.812 g/cm2'); InputError outside 0.2-2.0."""
    raw = _BMD_UNIT.sub("", text.strip())
    value = _read_number(raw)
    if value is None:
        raise InputError(f"BMD '{text}' is not a number: enter it in g/cm², e.g. 0.812.")
    return check_bmd(value)


def check_bmd(value: float) -> float:
    if not math.isfinite(value):
        raise InputError("BMD must be a finite number in g/cm², e.g. 0.812.")
    if not BMD_MIN <= value <= BMD_MAX:
        hint = ""
        if BMD_MIN * 1000 <= value <= BMD_MAX * 1000:
            hint = f" ({_fmt(value)} looks like mg/cm²: that is {_fmt(value / 1000)} g/cm²)"
        raise InputError(
            f"BMD {_exact(value)} g/cm² is outside the plausible range "
            f"{_fmt(BMD_MIN)}-{_fmt(BMD_MAX)} g/cm²{hint}."
        )
    return value


def parse_score(text: str, which: Literal["T-score", "Z-score"]) -> float:
    """A T- or Z-score ('-1.8', '−2.6'); InputError outside -7..+7."""
    value = _read_number(text)
    if value is None:
        raise InputError(f"{which} '{text}' is not a number, e.g. -1.8.")
    return check_score(value, which)


def check_score(value: float, which: Literal["T-score", "Z-score"]) -> float:
    if not math.isfinite(value):
        raise InputError(f"{which} must be a finite number, e.g. -1.8.")
    if not SCORE_MIN <= value <= SCORE_MAX:
        raise InputError(
            f"{which} {_exact(value)} is outside the plausible range "
            f"{_fmt(SCORE_MIN)} to +{_fmt(SCORE_MAX)}."
        )
    return value


def check_scan_date(scan_date: date, today: date) -> date:
    if scan_date > today:
        raise InputError(
            f"the scan date {scan_date.isoformat()} is in the future; record scans already done."
        )
    return scan_date


def _fmt(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _exact(value: float) -> str:
    """The value as entered, without rounding or an exponent: 0.19999, 0.00001, 5."""
    text = format(exact(value), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _score_band(value: float) -> tuple[bool, bool, bool]:
    return (
        value >= T_NORMAL_FROM,
        value > T_OSTEOPOROSIS_AT,
        value <= Z_BELOW_EXPECTED_AT,
    )


def format_score(value: float | None) -> str:
    """A T- or Z-score as reports print it: one decimal, explicit sign ('+0.4', '-2.5').

    More decimals (up to 3) when one would round across a WHO or ISCD threshold,
    so that -2.49 is not printed as "-2.5" beside "low bone mass".
    """
    if value is None:
        return "-"
    for places in (1, 2, 3):
        text = f"{value:+.{places}f}"
        if _score_band(float(text)) == _score_band(value):
            break
    zero = "0." + "0" * places
    return zero if text in (f"+{zero}", f"-{zero}") else text


def format_bmd(value: float | None) -> str:
    """Three decimals as on scan reports, more only when more were entered (0.94705)."""
    return "-" if value is None else at_least_places(value, BMD_PLACES)


# --- records ----------------------------------------------------------------


@dataclass(frozen=True)
class SiteScan:
    """One site measured on one day (one row of the scans table)."""

    scan_date: date
    site: str
    bmd: float | None
    t_score: float | None = None
    z_score: float | None = None
    machine: str | None = None
    facility: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Visit:
    """All sites measured on one date: one scan visit."""

    scan_date: date
    sites: tuple[SiteScan, ...]

    @property
    def machines(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.machine for s in self.sites if s.machine))

    @property
    def facilities(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.facility for s in self.sites if s.facility))


def group_visits(scans: Iterable[SiteScan]) -> list[Visit]:
    """Scans grouped by date, oldest first, sites in registry order."""
    by_date: dict[date, list[SiteScan]] = {}
    for scan in scans:
        by_date.setdefault(scan.scan_date, []).append(scan)
    return [
        Visit(day, tuple(sorted(by_date[day], key=lambda s: site_order(s.site))))
        for day in sorted(by_date)
    ]


# --- WHO classification ---------------------------------------------------

Category = Literal["normal", "low-bone-mass", "osteoporosis", "severe-osteoporosis"]

CATEGORY_LABELS: dict[str, str] = {
    "normal": "normal",
    "low-bone-mass": "low bone mass (osteopenia)",
    "osteoporosis": "osteoporosis",
    "severe-osteoporosis": "severe osteoporosis",
}

_CATEGORY_RANGES: dict[str, str] = {
    "normal": "T-score -1.0 or higher",
    "low-bone-mass": "T-score between -2.5 and -1.0",
    "osteoporosis": "T-score -2.5 or lower",
    "severe-osteoporosis": "T-score -2.5 or lower with a fragility fracture",
}


def who_category(t_score: float) -> Category:
    """The WHO category of one T-score, without regard to fractures."""
    if t_score >= T_NORMAL_FROM:
        return "normal"
    if t_score > T_OSTEOPOROSIS_AT:
        return "low-bone-mass"
    return "osteoporosis"


_FRAGILITY_RANK: dict[str, int] = {"no": 0, "unknown": 1, "yes": 2}

SEVERE_LABEL = "severe osteoporosis (T-score -2.5 or lower with a recorded fragility fracture)"
FRACTURE_UNKNOWN_NOTE = (
    "a fracture is recorded: whether it was a fragility fracture is for your clinician"
)
_FRACTURE_NOTES: dict[str, str] = {
    "yes": "severe osteoporosis needs a fragility fracture: one is recorded on or before this scan",
    "unknown": FRACTURE_UNKNOWN_NOTE,
    "no": "a fracture is recorded, not as a fragility fracture: severe osteoporosis needs one",
}
MENOPAUSE_CAVEAT = (
    "T-score categories assume you are past menopause, and the profile has no menopause year: "
    "add it with `bonetrack profile set --menopause-year YEAR`. Before menopause, ISCD prefers "
    "Z-scores at any age."
)


@dataclass(frozen=True)
class Fracture:
    """A recorded fracture: its day and whether it was a fragility fracture."""

    day: date
    fragility: Fragility


def strongest_fragility(fractures: Iterable[Fracture]) -> Fragility | None:
    """'yes' if any was a fragility fracture, else 'unknown' if any may have been, else 'no'."""
    found: list[Fragility] = [f.fragility for f in fractures]
    if not found:
        return None
    return max(found, key=lambda value: _FRAGILITY_RANK[value])


@dataclass(frozen=True)
class Interpretation:
    """What one visit's numbers mean by the WHO and ISCD categories."""

    scan_date: date
    # None when no T-score was recorded or when Z-scores apply instead
    category: Category | None
    lowest_t: float | None
    lowest_t_site: str | None
    age: int | None
    z_scores_apply: bool
    lowest_z: float | None
    lowest_z_site: str | None
    # None when Z-scores do not apply or none was recorded
    z_below_expected: bool | None
    # the strongest fragility of the fractures on or before the scan; None: no fracture
    fragility: Fragility | None
    lines: tuple[str, ...]
    # a woman of 50 or over read by T-scores without a menopause year in the profile
    menopause_year_needed: bool = False
    # the first fracture recorded after the scan (latest visit only): named, not counted
    later_fracture: date | None = None

    @property
    def fracture_recorded(self) -> bool:
        return self.fragility is not None

    @property
    def fracture_note(self) -> str | None:
        """What the recorded fracture means for the label; only where T <= -2.5."""
        if self.fragility is None or self.category not in ("osteoporosis", "severe-osteoporosis"):
            return None
        return _FRACTURE_NOTES[self.fragility]

    @property
    def category_label(self) -> str | None:
        """The category as every command prints it: 'severe' always says what it needs."""
        if self.category is None:
            return None
        if self.category == "severe-osteoporosis":
            return SEVERE_LABEL
        if self.category == "osteoporosis" and self.fragility == "unknown":
            return f"osteoporosis; {FRACTURE_UNKNOWN_NOTE}"
        return CATEGORY_LABELS[self.category]


def _lowest(visit: Visit, attr: Literal["t_score", "z_score"]) -> tuple[float, str] | None:
    # Ties go to the first site in registry order (spine before hip): stable output.
    found = [(getattr(s, attr), s.site) for s in visit.sites if getattr(s, attr) is not None]
    if not found:
        return None
    return min(found, key=lambda pair: (pair[0], site_order(pair[1])))


def age_at(scan_date: date, birth_year: int | None) -> int | None:
    # Only the birth year is known: the age reached during the scan's year.
    return None if birth_year is None else scan_date.year - birth_year


def later_fracture_text(day: date) -> str:
    return (
        f"A fracture was recorded after this scan ({day.isoformat()}): it is not part of this "
        "reading; tell your clinician about it."
    )


def _z_reason(
    age: int | None, sex: str | None, menopause_year: int | None, scan_year: int
) -> str | None:
    """Why Z-scores replace T-scores at this scan (ISCD), or None when T-scores apply.

    Z-scores are for premenopausal women at any age and for men under 50. Menopause
    is mentioned only where the person may be a woman.
    """
    if sex != "male" and menopause_year is not None:
        if menopause_year <= scan_year:
            return None
        return (
            f"Menopause in {menopause_year} (from the profile), after this scan: before "
            "menopause, Z-scores, not T-scores, apply at any age (ISCD), so the WHO T-score "
            "categories are not used."
        )
    if age is None or age >= Z_SCORE_AGE:
        return None
    start = f"Age {age} at the scan (from the profile's birth year)"
    if sex == "male":
        return (
            f"{start}: for men under {Z_SCORE_AGE}, Z-scores, not T-scores, apply (ISCD), so the "
            "WHO T-score categories are not used."
        )
    if sex == "female":
        return (
            f"{start}, no menopause year in the profile: under {Z_SCORE_AGE} and before "
            "menopause, Z-scores, not T-scores, apply (ISCD), so the WHO T-score categories are "
            "not used."
        )
    return (
        f"{start}: Z-scores, not T-scores, apply (ISCD) to men under {Z_SCORE_AGE} and to women "
        "before menopause, so the WHO T-score categories are not used. Add your sex to the "
        "profile: `bonetrack profile set --sex female|male`."
    )


def _t_line(t: float, site: str, category: Category, fragility: Fragility | None) -> str:
    where = f"Lowest T-score {format_score(t)} ({site_label(site)})"
    if category == "severe-osteoporosis":
        return (
            f"{where}, with a fracture you recorded as a fragility fracture ({FRAGILITY_MEANING}) "
            "on or before this scan, is in the range the WHO calls severe osteoporosis "
            f"({_CATEGORY_RANGES[category]})."
        )
    line = f"{where} is in the WHO {CATEGORY_LABELS[category]} range ({_CATEGORY_RANGES[category]})"
    if category != "osteoporosis" or fragility is None:
        return line + "."
    if fragility == "unknown":
        return (
            f"{line}; {FRACTURE_UNKNOWN_NOTE}. Severe osteoporosis needs a fragility fracture "
            f"({FRAGILITY_MEANING}); once you know, record it with `bonetrack event edit ID "
            "--fragility yes` (or no)."
        )
    return (
        f"{line}. The fracture recorded was not a fragility fracture, so it does not make this "
        f"severe osteoporosis, which needs one ({FRAGILITY_MEANING})."
    )


def interpret_visit(
    visit: Visit,
    *,
    birth_year: int | None,
    fracture: Fragility | None = None,
    sex: str | None = None,
    menopause_year: int | None = None,
    later_fracture: date | None = None,
) -> Interpretation:
    """The WHO category from the lowest T-score, or the ISCD Z-score reading.

    `fracture`: the strongest fragility of the fractures on or before the scan;
    only "yes" makes T <= -2.5 severe osteoporosis. `later_fracture`: the first
    fracture recorded after the scan, named but never counted.
    """
    age = age_at(visit.scan_date, birth_year)
    z_reason = _z_reason(age, sex, menopause_year, visit.scan_date.year)
    lowest_t = _lowest(visit, "t_score")
    lowest_z = _lowest(visit, "z_score")
    lines: list[str] = []
    category: Category | None = None
    z_below: bool | None = None
    menopause_needed = False

    if z_reason is not None:
        lines.append(z_reason)
        if lowest_z is None:
            lines.append("No Z-score recorded: ask the facility for the Z-scores of this scan.")
        else:
            z, site = lowest_z
            z_below = z <= Z_BELOW_EXPECTED_AT
            if z_below:
                lines.append(
                    f"Lowest Z-score {format_score(z)} ({site_label(site)}) is below the expected "
                    "range for age (Z-score -2.0 or lower, ISCD)."
                )
            else:
                lines.append(
                    f"Lowest Z-score {format_score(z)} ({site_label(site)}) is within the expected "
                    "range for age (above -2.0, ISCD)."
                )
    elif lowest_t is None:
        lines.append("No T-score recorded: the WHO categories need one (add it from the report).")
    else:
        t, site = lowest_t
        category = who_category(t)
        if category == "osteoporosis" and fracture == "yes":
            category = "severe-osteoporosis"
        lines.append(_t_line(t, site, category, fracture))
        if age is None:
            lines.append(
                "Your birth year is not in the profile: if you were under 50 at this scan, "
                "Z-scores apply instead of T-scores (ISCD)."
            )
        elif sex == "female" and menopause_year is None:
            menopause_needed = True
            lines.append(MENOPAUSE_CAVEAT)
    if later_fracture is not None:
        lines.append(later_fracture_text(later_fracture))
    lines.append(NOT_A_DIAGNOSIS)
    return Interpretation(
        scan_date=visit.scan_date,
        category=category,
        lowest_t=None if lowest_t is None else lowest_t[0],
        lowest_t_site=None if lowest_t is None else lowest_t[1],
        age=age,
        z_scores_apply=z_reason is not None,
        lowest_z=None if lowest_z is None else lowest_z[0],
        lowest_z_site=None if lowest_z is None else lowest_z[1],
        z_below_expected=z_below,
        fragility=fracture,
        lines=tuple(lines),
        menopause_year_needed=menopause_needed,
        later_fracture=later_fracture,
    )


def interpret_visits(
    visits: Sequence[Visit],
    *,
    birth_year: int | None,
    fractures: Iterable[Fracture],
    sex: str | None = None,
    menopause_year: int | None = None,
) -> list[Interpretation]:
    """Each visit's interpretation, with the fractures on or before its date.

    A fracture after a scan is not counted for it, not even for the latest visit:
    the scan describes the bones as they were then. The latest visit names the
    first later fracture so that it is not lost from view.
    """
    known = sorted(fractures, key=lambda f: f.day)
    result = []
    for index, visit in enumerate(visits):
        before = [f for f in known if f.day <= visit.scan_date]
        later = next((f.day for f in known if f.day > visit.scan_date), None)
        result.append(
            interpret_visit(
                visit,
                birth_year=birth_year,
                fracture=strongest_fragility(before),
                sex=sex,
                menopause_year=menopause_year,
                later_fracture=later if index == len(visits) - 1 else None,
            )
        )
    return result


# --- least significant change ----------------------------------------------

LscUnit = Literal["%", "g/cm2"]


@dataclass(frozen=True)
class Lsc:
    """A least significant change: a change smaller than this may be measurement noise."""

    value: float
    unit: LscUnit
    source: Literal["default", "user"]

    @property
    def uncertain(self) -> bool:
        return self.source == "default"

    @property
    def text(self) -> str:
        """As entered, never rounded: it is compared exactly, so it is shown exactly."""
        if self.unit == "%":
            return f"{at_least_places(self.value, 1)}%"
        return f"{at_least_places(self.value, BMD_PLACES)} g/cm²"

    @property
    def setting_value(self) -> str:
        """The form stored in the settings table and read back by `parse_lsc`."""
        return f"{_exact(self.value)}%" if self.unit == "%" else f"{_exact(self.value)}g/cm2"

    @property
    def basis(self) -> str:
        if self.source == "user":
            return f"LSC {self.text} (your setting)"
        return f"LSC {self.text} (default: ISCD figure, uncertain; ask your facility for theirs)"


# The settings key of a site's LSC is this prefix and the site's name.
LSC_PREFIX = "lsc."
LSC_PERCENT_MAX = 20.0
LSC_BMD_MAX = 0.2
_LSC = re.compile(r"^(?P<num>[^\s%g]+)\s*(?P<unit>%|g\s*/\s*cm(?:2|²|\^2))?$", re.IGNORECASE)


def default_lsc(site: str) -> Lsc | None:
    percent = _SITE_BY_NAME[site].default_lsc_percent
    return None if percent is None else Lsc(percent, "%", "default")


def parse_lsc(text: str) -> Lsc:
    """A user's LSC: '4.2%' or '0.033g/cm2' (the unit is required: the two differ 25-fold)."""
    raw = text.strip()
    match = _LSC.match(raw)
    value = None if match is None else _read_number(match.group("num"))
    if match is None or value is None:
        raise InputError(f"LSC '{text}' is not a number with a unit, e.g. 4.2% or 0.033g/cm2.")
    if match.group("unit") is None:
        raise InputError(
            f"LSC '{text}' needs a unit: add % or g/cm2, e.g. {_fmt(value)}% or {_fmt(value)}g/cm2."
        )
    unit: LscUnit = "%" if match.group("unit") == "%" else "g/cm2"
    limit, shown = (LSC_PERCENT_MAX, "%") if unit == "%" else (LSC_BMD_MAX, " g/cm²")
    if not math.isfinite(value) or value <= 0 or value > limit:
        raise InputError(
            f"LSC {_exact(value)}{shown} is not plausible: it must be more than 0 and at most "
            f"{_fmt(limit)}{shown}."
        )
    return Lsc(value, unit, "user")


# --- comparing scans --------------------------------------------------------

ChangeStatus = Literal["significant", "within-lsc", "not-reliable", "unknown-machine", "no-lsc"]


@dataclass(frozen=True)
class Change:
    """The change of one site's BMD between two scans."""

    site: str
    start: date
    end: date
    start_bmd: float
    end_bmd: float
    delta: float  # g/cm², rounded for display to `delta_places`
    percent: float  # % of the start BMD, rounded for display to `percent_places`
    years: float
    delta_per_year: float
    percent_per_year: float
    status: ChangeStatus
    note: str | None
    delta_places: int = BMD_PLACES
    percent_places: int = PERCENT_PLACES

    @property
    def significant(self) -> bool:
        return self.status == "significant"

    @property
    def direction(self) -> Literal["gain", "loss", "none"]:
        return "gain" if self.delta > 0 else "loss" if self.delta < 0 else "none"


@dataclass(frozen=True)
class TrendPoint:
    scan_date: date
    bmd: float
    machine: str | None


@dataclass(frozen=True)
class SiteTrend:
    """One site's BMD over time with its consecutive changes and the change from the first."""

    site: str
    lsc: Lsc | None
    points: tuple[TrendPoint, ...]
    steps: tuple[Change, ...]
    overall: Change | None
    # scans of this site with a T-score but no BMD: not compared (compare BMD, not T-scores)
    without_bmd: int

    @property
    def same_machine_run(self) -> int:
        """How many points from the first on were measured on the first's (recorded) machine.

        Only these can be judged against a band around the first scan: a band is
        never drawn across a machine change or a scan whose machine is unknown.
        """
        if not self.points:
            return 0
        first = self.points[0].machine
        count = 1
        for point in self.points[1:]:
            if not same_machine(first, point.machine):
                break
            count += 1
        return count if first else 0


def lsc_band(trend: SiteTrend) -> tuple[float, float] | None:
    """First scan ± LSC, only when a later scan on the same recorded machine can be judged."""
    if trend.lsc is None or trend.same_machine_run < 2:
        return None
    first = trend.points[0].bmd
    lsc = trend.lsc
    width = first * lsc.value / 100 if lsc.unit == "%" else lsc.value
    return first - width, first + width


def same_machine(a: str | None, b: str | None) -> bool:
    """Both recorded and the same name, ignoring case and spacing."""
    if not a or not b:
        return False
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def compare_points(site: str, first: TrendPoint, second: TrendPoint, lsc: Lsc | None) -> Change:
    """The change from `first` to `second`, judged against the LSC.

    Significant when |change| >= LSC, both exact (unrounded): a change exactly at
    the LSC counts, one that only rounds up to it does not. Judged only for two
    scans on the same recorded machine.
    """
    start, end = exact(first.bmd), exact(second.bmd)
    exact_delta = end - start
    exact_percent = exact_delta / start * 100
    days = (second.scan_date - first.scan_date).days
    years = days / DAYS_PER_YEAR
    note: str | None = None
    status: ChangeStatus
    percent_limit = bmd_limit = None
    if not first.machine or not second.machine:
        status = "unknown-machine"
        note = (
            "the machine is not recorded for both scans: without the same machine a change "
            "cannot be judged against the LSC, so it is shown as information only; the machine "
            "is on the scan report (record it with `bonetrack scan add ... --machine NAME`)"
        )
    elif not same_machine(first.machine, second.machine):
        status = "not-reliable"
        note = (
            f"different machines ({first.machine} / {second.machine}): BMD from different "
            "machines is not directly comparable (cross-manufacturer conversions carry 4-7% "
            "error), so this change is not reliable"
        )
    elif lsc is None:
        status = "no-lsc"
        note = (
            f"no LSC for the {site_label(site)}: ask your facility and set it with "
            f"`bonetrack scan lsc {site} VALUE`"
        )
    else:
        limit = exact(lsc.value)
        if lsc.unit == "%":
            size, percent_limit = abs(exact_percent), limit
        else:
            size, bmd_limit = abs(exact_delta), limit
        status = "significant" if size >= limit else "within-lsc"
    delta, delta_places = display_rounded(exact_delta, BMD_PLACES, bmd_limit)
    percent, percent_places = display_rounded(exact_percent, PERCENT_PLACES, percent_limit)
    per_year_delta = float(exact_delta) / years if years > 0 else 0.0
    per_year_percent = float(exact_percent) / years if years > 0 else 0.0
    return Change(
        site=site,
        start=first.scan_date,
        end=second.scan_date,
        start_bmd=first.bmd,
        end_bmd=second.bmd,
        delta=float(delta),
        percent=float(percent),
        years=round(years, 2),
        delta_per_year=round(per_year_delta, BMD_PLACES),
        percent_per_year=round(per_year_percent, PERCENT_PLACES),
        status=status,
        note=note,
        delta_places=delta_places,
        percent_places=percent_places,
    )


def site_trend(site: str, scans: Iterable[SiteScan], lsc: Lsc | None) -> SiteTrend:
    """Consecutive changes and the change from the first scan for one site."""
    own = sorted((s for s in scans if s.site == site), key=lambda s: s.scan_date)
    points = tuple(TrendPoint(s.scan_date, s.bmd, s.machine) for s in own if s.bmd is not None)
    steps = tuple(compare_points(site, a, b, lsc) for a, b in pairwise(points))
    overall = compare_points(site, points[0], points[-1], lsc) if len(points) >= 2 else None
    return SiteTrend(
        site=site,
        lsc=lsc,
        points=points,
        steps=steps,
        overall=overall,
        without_bmd=sum(1 for s in own if s.bmd is None),
    )


def format_change_delta(change: Change) -> str:
    """'-0.053', '+0.0299', '0.000': signed, with the places that keep it on its side of the LSC."""
    text = f"{change.delta:+.{change.delta_places}f}"
    return text[1:] if float(text) == 0 else text


def format_change_percent(change: Change) -> str:
    """'-5.30%', '-5.295%' (5.295 is not 5.3): signed, like `format_change_delta`."""
    text = f"{change.percent:+.{change.percent_places}f}"
    return f"{text[1:] if float(text) == 0 else text}%"


def change_summary(change: Change, lsc: Lsc | None) -> str:
    """A short phrase saying whether the change is real: 'real loss', 'within LSC'."""
    if change.status == "not-reliable":
        return "not reliable: other machine"
    if change.status == "unknown-machine":
        return "cannot tell: record the machine"
    if change.status == "no-lsc" or lsc is None:
        return "no LSC: cannot tell"
    if change.status == "significant":
        return f"real {change.direction} (>= LSC)"
    return "within LSC: may be noise"
