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
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise
from typing import Literal

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

# Changes are judged at the resolution they are shown with, so that a change
# printed as "-5.30%" against an LSC of "5.30%" is called significant, and binary
# float noise ((0.947 - 1.0) / 1.0 * 100 = -5.300000000000002) cannot decide it.
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
    text = format(_decimal(value), "f")
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
    return "-" if value is None else f"{value:.3f}"


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


@dataclass(frozen=True)
class Interpretation:
    """What one visit's numbers mean by the WHO and ISCD categories."""

    scan_date: date
    # None when no T-score was recorded or when Z-scores apply instead (under 50)
    category: Category | None
    lowest_t: float | None
    lowest_t_site: str | None
    age: int | None
    z_scores_apply: bool
    lowest_z: float | None
    lowest_z_site: str | None
    # None when Z-scores do not apply or none was recorded
    z_below_expected: bool | None
    fracture_recorded: bool
    lines: tuple[str, ...]

    @property
    def category_label(self) -> str | None:
        return None if self.category is None else CATEGORY_LABELS[self.category]


def _lowest(visit: Visit, attr: Literal["t_score", "z_score"]) -> tuple[float, str] | None:
    # Ties go to the first site in registry order (spine before hip): stable output.
    found = [(getattr(s, attr), s.site) for s in visit.sites if getattr(s, attr) is not None]
    if not found:
        return None
    return min(found, key=lambda pair: (pair[0], site_order(pair[1])))


def age_at(scan_date: date, birth_year: int | None) -> int | None:
    # Only the birth year is known: the age reached during the scan's year.
    return None if birth_year is None else scan_date.year - birth_year


def interpret_visit(
    visit: Visit,
    *,
    birth_year: int | None,
    fracture_recorded: bool,
    menopause_year: int | None = None,
) -> Interpretation:
    """The WHO category from the lowest T-score, or the ISCD Z-score reading under 50.

    Z-scores replace T-scores for premenopausal women and men under 50: a
    menopause year on or before the scan's year keeps the T-score reading.
    """
    age = age_at(visit.scan_date, birth_year)
    postmenopausal = menopause_year is not None and menopause_year <= visit.scan_date.year
    z_apply = age is not None and age < Z_SCORE_AGE and not postmenopausal
    lowest_t = _lowest(visit, "t_score")
    lowest_z = _lowest(visit, "z_score")
    lines: list[str] = []
    category: Category | None = None
    z_below: bool | None = None

    if z_apply:
        lines.append(
            f"Age {age} at the scan (from the profile's birth year), no menopause year in the "
            f"profile: under {Z_SCORE_AGE} and before menopause, Z-scores, not T-scores, apply "
            "(ISCD), so the WHO T-score categories are not used."
        )
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
        if category == "osteoporosis" and fracture_recorded:
            category = "severe-osteoporosis"
        where = f"Lowest T-score {format_score(t)} ({site_label(site)})"
        label, range_text = CATEGORY_LABELS[category], _CATEGORY_RANGES[category]
        if category == "severe-osteoporosis":
            lines.append(
                f"{where}, with a fracture recorded, is in the range the WHO calls {label} "
                f"({range_text}); whether that fracture was a fragility fracture (from a fall "
                "from standing height or less) is for your clinician to judge."
            )
        else:
            lines.append(f"{where} is in the WHO {label} range ({range_text}).")
        if age is None:
            lines.append(
                "Your birth year is not in the profile: if you were under 50 at this scan, "
                "Z-scores apply instead of T-scores (ISCD)."
            )
    lines.append(NOT_A_DIAGNOSIS)
    return Interpretation(
        scan_date=visit.scan_date,
        category=category,
        lowest_t=None if lowest_t is None else lowest_t[0],
        lowest_t_site=None if lowest_t is None else lowest_t[1],
        age=age,
        z_scores_apply=z_apply,
        lowest_z=None if lowest_z is None else lowest_z[0],
        lowest_z_site=None if lowest_z is None else lowest_z[1],
        z_below_expected=z_below,
        fracture_recorded=fracture_recorded,
        lines=tuple(lines),
    )


def interpret_visits(
    visits: Sequence[Visit],
    *,
    birth_year: int | None,
    fracture_dates: Iterable[date],
    menopause_year: int | None = None,
) -> list[Interpretation]:
    """Each visit's interpretation.

    A fracture counts for a visit when it happened on or before the visit's date;
    for the latest visit every recorded fracture counts, because that visit
    stands for the bones as they are now.
    """
    fractures = sorted(fracture_dates)
    result = []
    for index, visit in enumerate(visits):
        latest = index == len(visits) - 1
        fracture = bool(fractures) and (latest or fractures[0] <= visit.scan_date)
        result.append(
            interpret_visit(
                visit,
                birth_year=birth_year,
                fracture_recorded=fracture,
                menopause_year=menopause_year,
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
        if self.unit == "%":
            shown = _fmt(self.value)
            return f"{shown if '.' in shown else shown + '.0'}%"
        return f"{self.value:.3f} g/cm²"

    @property
    def setting_value(self) -> str:
        """The form stored in the settings table and read back by `parse_lsc`."""
        return f"{_exact(self.value)}%" if self.unit == "%" else f"{_exact(self.value)}g/cm2"

    @property
    def basis(self) -> str:
        if self.source == "user":
            return f"LSC {self.text} (your setting)"
        return f"LSC {self.text} (default: ISCD figure, uncertain; ask your facility for theirs)"


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

ChangeStatus = Literal["significant", "within-lsc", "not-reliable", "no-lsc"]


@dataclass(frozen=True)
class Change:
    """The change of one site's BMD between two scans."""

    site: str
    start: date
    end: date
    start_bmd: float
    end_bmd: float
    delta: float  # g/cm², rounded to 0.001
    percent: float  # % of the start BMD, rounded to 0.01
    years: float
    delta_per_year: float
    percent_per_year: float
    status: ChangeStatus
    note: str | None

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


def _decimal(value: float) -> Decimal:
    # repr is the shortest text that reads back as the same float: "0.947", not 0.94699999...
    return Decimal(repr(value))


def _quantize(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _same_machine(a: str | None, b: str | None) -> bool | None:
    if not a or not b:
        return None
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def compare_points(site: str, first: TrendPoint, second: TrendPoint, lsc: Lsc | None) -> Change:
    """The change from `first` to `second`, judged against the LSC.

    Significant when |change| >= LSC, both rounded to the shown resolution
    (0.01 % or 0.001 g/cm²): "exactly at the threshold" is significant.
    """
    start, end = _decimal(first.bmd), _decimal(second.bmd)
    delta = _quantize(end - start, BMD_PLACES)
    percent = _quantize((end - start) / start * 100, PERCENT_PLACES)
    days = (second.scan_date - first.scan_date).days
    years = days / DAYS_PER_YEAR
    same = _same_machine(first.machine, second.machine)
    note: str | None = None
    status: ChangeStatus
    if same is False:
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
        if lsc.unit == "%":
            size, limit = abs(percent), _quantize(_decimal(lsc.value), PERCENT_PLACES)
        else:
            size, limit = abs(delta), _quantize(_decimal(lsc.value), BMD_PLACES)
        status = "significant" if size >= limit else "within-lsc"
    if same is None and note is None:
        note = "machine not recorded for both scans: compare only scans from the same machine"
    per_year_delta = float(delta) / years if years > 0 else 0.0
    per_year_percent = float(percent) / years if years > 0 else 0.0
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


def change_summary(change: Change, lsc: Lsc | None) -> str:
    """A short phrase saying whether the change is real: 'real loss', 'within LSC'."""
    if change.status == "not-reliable":
        return "not reliable: other machine"
    if change.status == "no-lsc" or lsc is None:
        return "no LSC: cannot tell"
    if change.status == "significant":
        return f"real {change.direction} (>= LSC)"
    return "within LSC: may be noise"
