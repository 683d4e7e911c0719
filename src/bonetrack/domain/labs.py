"""Lab results: the tests bonetrack knows, their units and conversions, the 25(OH)D
bands, and the LOINC codes an importer recognises them by.

From ../shared/bone-health-facts.md, sections 8 and 10. bonetrack records lab
values and shows what the sources say about them; it judges a value against a
range only where a source gives one (the IOM 2011 25(OH)D cut-points) or the
user gave one (--ref-low/--ref-high: the lab's or the prescriber's range).
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass
from datetime import date

from bonetrack.errors import InputError

# 1 ng/mL 25(OH)D = 2.496 nmol/L; 1 mmol/L serum calcium = 4.008 mg/dL (fact sheet §10).
VITAMIN_D_NMOL_PER_NG = 2.496
CALCIUM_MG_DL_PER_MMOL = 4.008

# The longest lab name stored (the `lab` column), and the longest note.
LAB_NAME_LIMIT = 128
NOTE_LIMIT = 2000

SOURCE_IOM_BANDS = "IOM 2011 (report, pp. 13-14)"
SOURCE_TURNOVER = "results differ by assay: compare only like with like (bone-health facts, §8)"


@dataclass(frozen=True, slots=True)
class LabUnit:
    """A unit a result can be typed in: stored as `factor` x value in `canonical`."""

    shown: str  # how it is printed: 'ng/mL'
    canonical: str  # the unit of its group the value is stored in: 'nmol/L'
    factor: float


@dataclass(frozen=True)
class LabTest:
    key: str
    label: str
    units: tuple[LabUnit, ...]  # the first is the default display unit of each group
    # the largest plausible value per canonical unit: beyond it is a typo, not a result
    max_value: dict[str, float]
    aliases: tuple[str, ...] = ()
    turnover: bool = False  # a bone turnover marker: compared only within one lab
    description: str = ""

    def unit(self, text: str) -> LabUnit:
        """The unit called `text` (any case, µ or u, spaces ignored); an error listing the
        accepted ones."""
        key = normalise_unit(text)
        for unit in self.units:
            if normalise_unit(unit.shown) == key or key in _SPELLINGS.get(unit.shown, ()):
                return unit
        accepted = self.accepted_units()
        if not text.strip():
            raise InputError(f"{self.label} needs a unit: {accepted}.")
        raise InputError(f"unknown unit '{text}' for {self.label}: use {accepted}.")

    def accepted_units(self) -> str:
        names = [u.shown for u in self.units if u.shown]
        if not names:
            return "a plain number (no unit)"
        return ", ".join(names)

    def other_units(self, unit: LabUnit) -> list[LabUnit]:
        """The units `unit` converts to: those of its group it is not."""
        return [u for u in self.units if u.canonical == unit.canonical and u.shown != unit.shown]


# Spellings beyond the shown form, after `normalise_unit`.
_SPELLINGS: dict[str, tuple[str, ...]] = {
    "ng/mL": ("ug/l", "mcg/l"),
    "pg/mL": ("ng/l",),
    # the last as FHIR's UCUM code writes it, nmol{BCE}/mmol{creat}, without the braces
    "nmol BCE/mmol creatinine": (
        "nmolbce/mmolcr",
        "nmolbce/mmol",
        "nmol/mmol",
        "nmol/mmolcr",
        "nmolbce/mmolcreat",
    ),
    "mL/min/1.73m²": ("ml/min/1.73m2", "ml/min", "ml/min/1.73"),
}


def normalise_unit(text: str) -> str:
    """'nmol / L' -> 'nmol/l'; 'µg/L' and 'μg/L' -> 'ug/l'; '²' -> '2'."""
    folded = text.strip().lower().replace("µ", "u").replace("μ", "u").replace("²", "2")
    return "".join(folded.split())


def _same(shown: str) -> LabUnit:
    return LabUnit(shown, shown, 1.0)


_NG_ML = _same("ng/mL")

TESTS: tuple[LabTest, ...] = (
    LabTest(
        key="25ohd",
        label="25(OH)D",
        units=(
            LabUnit("ng/mL", "nmol/L", VITAMIN_D_NMOL_PER_NG),
            LabUnit("nmol/L", "nmol/L", 1.0),
        ),
        max_value={"nmol/L": 1_000.0},
        aliases=("25(oh)d", "25-oh-d", "25-ohd", "vitamin-d-level", "calcidiol"),
        description="25-hydroxyvitamin D, the vitamin D level",
    ),
    LabTest(
        key="inr",
        label="INR",
        units=(_same(""),),
        max_value={"": 20.0},
        description="for vitamin K antagonist users: the range is your prescriber's",
    ),
    LabTest(
        key="calcium",
        label="Serum calcium",
        units=(
            LabUnit("mg/dL", "mg/dL", 1.0),
            LabUnit("mmol/L", "mg/dL", CALCIUM_MG_DL_PER_MMOL),
        ),
        max_value={"mg/dL": 30.0},
        aliases=("ca", "serum-calcium"),
    ),
    LabTest(
        key="ctx",
        label="CTX",
        units=(_NG_ML, LabUnit("pg/mL", "ng/mL", 0.001)),
        max_value={"ng/mL": 20.0},
        aliases=("s-ctx", "beta-ctx", "crosslaps"),
        turnover=True,
        description="serum CTX, a bone resorption marker (IOF/IFCC reference marker)",
    ),
    LabTest(
        key="p1np",
        label="P1NP",
        units=(_NG_ML,),
        max_value={"ng/mL": 2_000.0},
        aliases=("pinp",),
        turnover=True,
        description="P1NP, a bone formation marker (IOF/IFCC reference marker)",
    ),
    LabTest(
        key="bap",
        label="BAP",
        units=(_NG_ML, _same("U/L")),
        max_value={"ng/mL": 1_000.0, "U/L": 5_000.0},
        aliases=("balp", "bone-alp", "bsap"),
        turnover=True,
        description="bone-specific alkaline phosphatase; ng/mL and U/L do not convert",
    ),
    LabTest(
        key="osteocalcin",
        label="Osteocalcin",
        units=(_NG_ML,),
        max_value={"ng/mL": 1_000.0},
        aliases=("oc", "bgp"),
        turnover=True,
    ),
    LabTest(
        key="ntx",
        label="Urine NTX",
        units=(_same("nmol BCE/mmol creatinine"),),
        max_value={"nmol BCE/mmol creatinine": 5_000.0},
        aliases=("u-ntx", "urine-ntx"),
        turnover=True,
    ),
    LabTest(
        key="creatinine",
        label="Creatinine",
        # No conversion factor in the fact sheet: each unit keeps its own results.
        units=(_same("mg/dL"), _same("µmol/L")),
        max_value={"mg/dL": 50.0, "µmol/L": 5_000.0},
        aliases=("crea", "creat"),
    ),
    LabTest(
        key="egfr",
        label="eGFR",
        units=(_same("mL/min/1.73m²"),),
        max_value={"mL/min/1.73m²": 300.0},
    ),
    LabTest(
        key="pth",
        label="PTH",
        units=(_same("pg/mL"), _same("pmol/L")),
        max_value={"pg/mL": 5_000.0, "pmol/L": 500.0},
        aliases=("parathyroid-hormone",),
    ),
)

_BY_NAME: dict[str, LabTest] = {}
for _test in TESTS:
    for _name in (_test.key, _test.label.lower().replace(" ", "-"), *_test.aliases):
        _BY_NAME[_name] = _test

TEST_NAMES: tuple[str, ...] = tuple(t.key for t in TESTS)


def get_test(name: str) -> LabTest:
    key = "-".join(name.strip().lower().split())
    found = _BY_NAME.get(key)
    if found is not None:
        return found
    close = difflib.get_close_matches(key, list(_BY_NAME), n=1, cutoff=0.6)
    hint = f" Did you mean '{_BY_NAME[close[0]].key}'?" if close else ""
    raise InputError(f"unknown lab test '{name}'.{hint} Tests: {', '.join(TEST_NAMES)}.")


# --- LOINC: how a FHIR importer recognises a lab Observation -------------------
@dataclass(frozen=True, slots=True)
class LoincCode:
    test: str  # a key of TESTS
    display: str  # the LOINC long common name


# Codes confirmed in the LOINC table (62292-8 and 6301-6 are the fact sheet's examples).
# 25(OH)D3-only codes are left out on purpose: D3 alone is not the total 25(OH)D the
# IOM cut-points apply to.
LOINC: dict[str, LoincCode] = {
    "62292-8": LoincCode("25ohd", "25-hydroxyvitamin D2+D3 [Mass/volume] in Serum or Plasma"),
    "6301-6": LoincCode("inr", "INR in Platelet poor plasma by Coagulation assay"),
    "17861-6": LoincCode("calcium", "Calcium [Mass/volume] in Serum or Plasma"),
    "2000-8": LoincCode("calcium", "Calcium [Moles/volume] in Serum or Plasma"),
    "41171-0": LoincCode(
        "ctx", "Collagen crosslinked C-telopeptide [Mass/volume] in Serum or Plasma"
    ),
    "77370-5": LoincCode("p1np", "Procollagen type I.N-terminal propeptide [Mass/volume] in Serum"),
    "2697-1": LoincCode("osteocalcin", "Osteocalcin [Mass/volume] in Serum or Plasma"),
    "17838-4": LoincCode("bap", "Alkaline phosphatase.bone [Mass/volume] in Serum or Plasma"),
    "2160-0": LoincCode("creatinine", "Creatinine [Mass/volume] in Serum or Plasma"),
    "2731-8": LoincCode("pth", "Parathyrin.intact [Mass/volume] in Serum or Plasma"),
    "98979-8": LoincCode("egfr", "Glomerular filtration rate/1.73 sq M.predicted (CKD-EPI 2021)"),
}


def lab_test_for_loinc(code: str) -> LabTest | None:
    """The test a LOINC code stands for, or None (an importer lists it as skipped)."""
    found = LOINC.get(code.strip())
    return None if found is None else get_test(found.test)


# --- values --------------------------------------------------------------------
_NUMBER = re.compile(r"^\s*((?:\d+(?:\.\d+)?|\.\d+))\s*(.*?)\s*$")


@dataclass(frozen=True)
class LabValue:
    test: str
    value: float  # in `unit.canonical`
    unit: LabUnit  # as typed
    input_value: float


def parse_lab_value(test: LabTest, text: str) -> LabValue:
    """'32ng/mL', '80 nmol/L', '2.4' -> the value in its canonical unit, and as typed."""
    match = _NUMBER.match(text)
    if match is None or re.search(r"[eE][+-]?\d|nan|inf", text, re.IGNORECASE):
        example = {"": "2.4"}.get(test.units[0].shown, f"32{test.units[0].shown}")
        raise InputError(
            f"'{text}' is not a {test.label} result: give a number and a unit, e.g. {example}. "
            f"Units: {test.accepted_units()}."
        )
    number = float(match.group(1))
    unit = test.unit(match.group(2))
    return LabValue(test.key, check_lab_value(test, number, unit, text), unit, number)


def check_lab_value(test: LabTest, number: float, unit: LabUnit, shown: str) -> float:
    """The value in its canonical unit; zero, negative and implausible values are errors."""
    value = round(number * unit.factor, 6)
    if not math.isfinite(value) or value <= 0:
        raise InputError(f"a {test.label} result must be more than zero, not '{shown}'.")
    limit = test.max_value[unit.canonical]
    if value > limit:
        raise InputError(
            f"{shown} is not a plausible {test.label} result (more than "
            f"{format_value(limit / unit.factor)} {unit.shown}); check the unit."
        )
    return value


def check_ref_range(low: float | None, high: float | None, names: tuple[str, str]) -> None:
    """The user's (the lab's, the prescriber's) range: finite, not negative, low <= high."""
    for name, bound in zip(names, (low, high), strict=True):
        if bound is not None and (not math.isfinite(bound) or bound < 0):
            raise InputError(f"{name} must be a number of zero or more, not {bound}.")
    if low is not None and high is not None and low > high:
        raise InputError(f"{names[0]} {low:g} is above {names[1]} {high:g}.")


def check_lab_needed(test: LabTest, lab: str | None) -> None:
    """Turnover markers are compared only result to result from the same lab: name it."""
    if test.turnover and lab is None:
        raise InputError(
            f"give the lab with --lab NAME: {test.label} is compared only with results from "
            f"the same lab ({SOURCE_TURNOVER})."
        )


def convert(value: float, from_unit: LabUnit, to_unit: LabUnit) -> float:
    """A value from one unit of a group to another (25(OH)D ng/mL <-> nmol/L, ...)."""
    if from_unit.canonical != to_unit.canonical:
        raise ValueError(f"{from_unit.shown} does not convert to {to_unit.shown}")
    return value * from_unit.factor / to_unit.factor


def format_value(value: float) -> str:
    """Up to 3 significant decimals: 32 -> '32', 79.872 -> '79.87', 0.35 -> '0.35'."""
    text = f"{value:.2f}" if abs(value) >= 1 else f"{value:.3f}"
    return text.rstrip("0").rstrip(".") or "0"


def with_unit(value: float, unit: LabUnit) -> str:
    return f"{format_value(value)} {unit.shown}".strip()


# --- 25(OH)D bands -----------------------------------------------------------------
# IOM 2011 cut-points, in the units the report gives them (fact sheet §10). A result is
# judged in the unit it was typed in, against the cut-points the IOM gives in that
# unit: 20 ng/mL is "at least 20 ng/mL", never 49.92 nmol/L "below 50".
IOM_CUT_POINTS: dict[str, tuple[float, float, float, float]] = {
    "nmol/L": (30.0, 50.0, 75.0, 125.0),
    "ng/mL": (12.0, 20.0, 30.0, 50.0),
}


@dataclass(frozen=True)
class Band:
    code: str
    text: str
    cut_points: str  # the cut-points applied, named
    source: str = SOURCE_IOM_BANDS


def vitamin_d_band(value: float, unit: str) -> Band:
    """The IOM 2011 band of a 25(OH)D result `value` in `unit` (ng/mL or nmol/L)."""
    low, enough, plenty, high = IOM_CUT_POINTS[unit]

    def fmt(x: float) -> str:
        return f"{format_value(x)} {unit}"

    numbers = ", ".join(format_value(x) for x in (low, enough, plenty, high))
    cut_points = f"IOM 2011 cut-points {numbers} {unit}"
    if value < low:
        return Band("deficiency-risk", f"at risk of deficiency (< {fmt(low)})", cut_points)
    if value < enough:
        return Band(
            "some-at-risk", f"some at risk ({format_value(low)} to < {fmt(enough)})", cut_points
        )
    if value <= plenty:
        return Band("sufficient", f"sufficient for bone (≥ {fmt(enough)})", cut_points)
    if value <= high:
        return Band(
            "no-extra-benefit",
            f"sufficient; no consistent extra benefit (> {fmt(plenty)})",
            cut_points,
        )
    return Band("concern", f"may be cause for concern (> {fmt(high)})", cut_points)


# --- ranges and comparisons ---------------------------------------------------------


def range_status(value: float, low: float | None, high: float | None) -> str | None:
    """'below', 'within' or 'above' the user's own range; None without one."""
    if low is None and high is None:
        return None
    if low is not None and value < low:
        return "below"
    if high is not None and value > high:
        return "above"
    return "within"


def same_lab(a: str | None, b: str | None) -> bool:
    """Lab names compared without case and extra spaces; an unnamed lab matches none."""
    if a is None or b is None:
        return False
    return " ".join(a.lower().split()) == " ".join(b.lower().split())


@dataclass(frozen=True)
class LabResult:
    """A stored result."""

    id: int
    test: str
    value: float  # canonical unit of its group
    unit: str  # that canonical unit
    input_value: float
    input_unit: str  # as shown ('ng/mL')
    taken_on: date
    ref_low: float | None  # in the unit typed
    ref_high: float | None
    lab: str | None
    note: str | None
    source: str = "cli"

    @property
    def test_info(self) -> LabTest:
        return get_test(self.test)

    @property
    def typed_unit(self) -> LabUnit:
        return self.test_info.unit(self.input_unit)

    def shown(self) -> str:
        """'32 ng/mL (79.87 nmol/L)': as typed, then in the group's other units."""
        unit = self.typed_unit
        text = with_unit(self.input_value, unit)
        others = [
            with_unit(convert(self.input_value, unit, other), other)
            for other in self.test_info.other_units(unit)
        ]
        return f"{text} ({', '.join(others)})" if others else text

    def range_text(self) -> str:
        if self.ref_low is None and self.ref_high is None:
            return ""
        unit = self.typed_unit
        if self.ref_low is not None and self.ref_high is not None:
            return f"{format_value(self.ref_low)}-{with_unit(self.ref_high, unit)}"
        # One bound only (a lab's '< 0.57 ng/mL'): '-0.57' would read as a negative number.
        if self.ref_low is not None:
            return f"≥ {with_unit(self.ref_low, unit)}"
        assert self.ref_high is not None
        return f"≤ {with_unit(self.ref_high, unit)}"

    def band(self) -> Band | None:
        if self.test != "25ohd":
            return None
        return vitamin_d_band(self.input_value, self.typed_unit.shown)

    def status(self) -> str | None:
        return range_status(self.input_value, self.ref_low, self.ref_high)

    def comparable(self, other: LabResult) -> bool:
        """Whether two results of one test can be compared: the same unit group, and for
        turnover markers the same lab (results differ by assay)."""
        if other.test != self.test or other.unit != self.unit:
            return False
        return not self.test_info.turnover or same_lab(self.lab, other.lab)

    def to_json(self) -> dict[str, object]:
        band = self.band()
        return {
            "id": self.id,
            "test": self.test,
            "label": self.test_info.label,
            "date": self.taken_on.isoformat(),
            "value": self.input_value,
            "unit": self.input_unit,
            "canonical_value": self.value,
            "canonical_unit": self.unit,
            "ref_low": self.ref_low,
            "ref_high": self.ref_high,
            "range_status": self.status(),
            "lab": self.lab,
            "note": self.note,
            "band": None
            if band is None
            else {
                "code": band.code,
                "text": band.text,
                "cut_points": band.cut_points,
                "source": band.source,
            },
            "source": self.source,
        }


def new_result(
    test: LabTest,
    value: LabValue,
    taken_on: date,
    *,
    ref_low: float | None = None,
    ref_high: float | None = None,
    lab: str | None = None,
    note: str | None = None,
    source: str = "cli",
) -> LabResult:
    """A result to store (its id is given by the database)."""
    return LabResult(
        id=0,
        test=test.key,
        value=value.value,
        unit=value.unit.canonical,
        input_value=value.input_value,
        input_unit=value.unit.shown,
        taken_on=taken_on,
        ref_low=ref_low,
        ref_high=ref_high,
        lab=lab,
        note=note,
        source=source,
    )


@dataclass(frozen=True)
class Trend:
    """A test's latest result and the one before it that it can be compared with."""

    latest: LabResult
    previous: LabResult | None
    count: int  # results of the test
    note: str  # why there is no comparison, when there is none

    @property
    def change(self) -> float | None:
        """The change in the latest result's unit."""
        if self.previous is None:
            return None
        unit = self.latest.typed_unit
        before = convert(self.previous.value, LabUnit(unit.canonical, unit.canonical, 1.0), unit)
        return round(self.latest.input_value - before, 6)

    def text(self) -> str:
        change = self.change
        if change is None or self.previous is None:
            return self.note
        unit = self.latest.typed_unit.shown
        sign = "+" if change > 0 else ""
        return (
            f"{sign}{format_value(change)} {unit}".strip()
            + f" since {self.previous.taken_on.isoformat()}"
        )


def trends(results: list[LabResult]) -> list[Trend]:
    """Per test (in the order of TESTS), the latest result and the comparable one before it.

    `results` may come in any order; a result's date orders them, then its id.
    """
    by_test: dict[str, list[LabResult]] = {}
    for result in sorted(results, key=lambda r: (r.taken_on, r.id)):
        by_test.setdefault(result.test, []).append(result)
    found: list[Trend] = []
    for key in TEST_NAMES:
        rows = by_test.get(key)
        if not rows:
            continue
        latest = rows[-1]
        previous = next((r for r in reversed(rows[:-1]) if latest.comparable(r)), None)
        note = ""
        if previous is None and len(rows) > 1:
            note = (
                "no earlier result from the same lab to compare with"
                if latest.test_info.turnover
                else "no earlier result in a unit that converts"
            )
        elif previous is None:
            note = "first result"
        found.append(Trend(latest, previous, len(rows), note))
    return found


def change_text(result: LabResult, previous: LabResult | None) -> str:
    """'+4 ng/mL since 2026-03-01', or why there is nothing to compare with."""
    return Trend(result, previous, 0, "").text() if previous is not None else ""


def previous_results(results: list[LabResult]) -> dict[int, LabResult | None]:
    """For each result, the latest earlier result it can be compared with (or None)."""
    ordered = sorted(results, key=lambda r: (r.taken_on, r.id))
    found: dict[int, LabResult | None] = {}
    for index, result in enumerate(ordered):
        found[result.id] = next(
            (r for r in reversed(ordered[:index]) if result.comparable(r)), None
        )
    return found


@dataclass(frozen=True)
class K2Beside:
    """K2 taken in the days up to an INR test, shown beside it for a vitamin K
    antagonist user: information for the prescriber, never a judgement."""

    days: int  # the window: the test day and the days before it
    total_mcg: float
    days_with_k2: int

    def text(self) -> str:
        from bonetrack.domain.amounts import format_amount
        from bonetrack.domain.kinds import get_kind

        if not self.days_with_k2:
            return f"no K2 in the {self.days} days to the test"
        return (
            f"K2 {format_amount(get_kind('k2'), self.total_mcg)} on {self.days_with_k2} of the "
            f"{self.days} days to the test"
        )

    def to_json(self) -> dict[str, object]:
        return {"days": self.days, "k2_mcg": self.total_mcg, "days_with_k2": self.days_with_k2}


# INR reflects the days before the test: K2 is shown for the test day and the 6 before.
INR_K2_DAYS = 7
