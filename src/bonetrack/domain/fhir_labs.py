"""Lab results among FHIR Observations: those whose LOINC code `domain/labs.py` knows.

The Observations `fhir_dexa` set aside as not DEXA results are read here. One with a
known LOINC code (25(OH)D, INR, serum calcium, bone turnover markers, creatinine,
PTH, eGFR) and a value in a unit of that test becomes a lab result, checked as
`bonetrack lab add` checks one: a value it would refuse (zero, implausible, dated in
the future) refuses the import. Every other Observation is listed as skipped with
the reason, never guessed: an unknown code, no value or an inexact one ('<0.03'), a
unit that is not one of the test's, a turnover marker without its lab (they are
compared only within one lab), a result entered in error.

Kept with each result: the lab's reference range (the first `referenceRange`, in
the value's unit or converted to it) and the performer's name as the lab.

Pure: takes what `fhir_dexa.read_fhir` found.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from bonetrack.domain.dexa import SiteScan
from bonetrack.domain.fhir_dexa import (
    NOT_KNOWN,
    UNUSABLE_STATUS,
    FhirRead,
    ScanImport,
    Skipped,
    describe,
    effective_day,
    loinc_codes,
    quantity_number,
)
from bonetrack.domain.labs import (
    LAB_NAME_LIMIT,
    LabResult,
    LabTest,
    LabUnit,
    LabValue,
    check_lab_value,
    convert,
    format_value,
    lab_test_for_loinc,
    new_result,
    normalise_unit,
)
from bonetrack.errors import InputError

# How FHIR writes "no unit" for a plain number such as the INR: UCUM's unity, its
# annotations, and the words portals use.
_NO_UNIT = frozenset({"", "1", "{inr}", "inr", "{ratio}", "ratio", "{index}"})


@dataclass(frozen=True)
class LabFinding:
    where: str
    result: LabResult


@dataclass(frozen=True)
class LabImport:
    found: list[LabFinding]
    skipped: list[Skipped]


@dataclass(frozen=True)
class FhirImport:
    """What one import of FHIR results read, and which of them were new (stored, or in a
    dry run would have been)."""

    scans: ScanImport
    labs: LabImport
    added_scans: list[SiteScan]
    added_labs: list[LabResult]
    skipped: list[Skipped]  # by DEXA and lab readers, in the order of the documents


def lab_results(read: FhirRead, today: date, *, source: str, note: str) -> LabImport:
    """The lab results among `read`'s other Observations, each once; InputError for one
    `lab add` refuses (a value that cannot be a result, a date in the future, a bad
    reference range), naming the Observation."""
    found: list[LabFinding] = []
    skipped: list[Skipped] = []
    seen: set[tuple[str, date, float]] = set()
    for where, obs in read.other_observations:
        codes = loinc_codes(obs.get("code"))
        tests = [(code, test) for code, _ in codes if (test := lab_test_for_loinc(code))]
        if not tests:
            skipped.append(Skipped(where, describe(codes, obs.get("code")), NOT_KNOWN))
            continue
        code, test = tests[0]
        try:
            outcome = _result(obs, test, today, source, note)
        except InputError as exc:
            raise InputError(f"{where}: {exc.message}") from None
        if isinstance(outcome, str):
            skipped.append(Skipped(where, f"LOINC {code} ({test.label})", outcome))
            continue
        key = (outcome.test, outcome.taken_on, outcome.value)
        if key not in seen:  # the same result again: in a second file of the records, say
            seen.add(key)
            found.append(LabFinding(where, outcome))
    return LabImport(found, skipped)


def _result(
    obs: Mapping[str, Any], test: LabTest, today: date, source: str, note: str
) -> LabResult | str:
    """The result to store, or why it is skipped; InputError where `lab add` refuses."""
    status = obs.get("status")
    if isinstance(status, str) and status in UNUSABLE_STATUS:
        return f"status {status}"
    day = effective_day(obs)
    if isinstance(day, str):
        return day
    quantity = obs.get("valueQuantity")
    if not isinstance(quantity, Mapping):
        return "no value (dataAbsentReason)" if "dataAbsentReason" in obs else "no valueQuantity"
    number = quantity_number(quantity)
    if isinstance(number, str):
        return number
    unit = _unit(test, quantity)
    if unit is None:
        return f"a value in '{_spelling(quantity)}', not in {test.accepted_units()}"
    lab = _performer(obs)
    if test.turnover and lab is None:
        return f"no lab named (performer): {test.label} is compared only within one lab"
    shown = f"{format_value(number) if math.isfinite(number) else number} {unit.shown}".strip()
    value = LabValue(test.key, check_lab_value(test, number, unit, shown), unit, number)
    if day > today:
        raise InputError(f"the date {day.isoformat()} is in the future; today is {today}.")
    bounds = _range(obs, unit, test)
    if isinstance(bounds, str):
        return bounds
    low, high = bounds
    return new_result(
        test, value, day, ref_low=low, ref_high=high, lab=lab, note=note, source=source
    )


def _unit(test: LabTest, quantity: Mapping[str, Any]) -> LabUnit | None:
    """The test's unit a quantity is in: its `unit`, else its UCUM `code` (annotations in
    braces read as words: 'mL/min/{1.73_m2}'); None if it is in none of them."""
    spellings = [str(quantity[k]) for k in ("unit", "code") if isinstance(quantity.get(k), str)]
    plain = [u for u in test.units if not u.shown]  # the INR's
    for spelling in spellings or [""]:
        if plain and normalise_unit(spelling) in _NO_UNIT:
            return plain[0]
        for text in (spelling, spelling.replace("{", "").replace("}", "").replace("_", "")):
            try:
                return test.unit(text)
            except InputError:
                continue
    return None


def _spelling(quantity: Mapping[str, Any]) -> str:
    for key in ("unit", "code"):
        if isinstance(quantity.get(key), str):
            return str(quantity[key])
    return ""


def _range(
    obs: Mapping[str, Any], unit: LabUnit, test: LabTest
) -> tuple[float | None, float | None] | str:
    """The lab's reference range (the first given) in the value's unit: a bound without a
    unit is in the value's. Why the result is skipped if a bound's unit is another test's;
    InputError for a range `lab add --ref-low/--ref-high` refuses."""
    ranges = obs.get("referenceRange")
    first = ranges[0] if isinstance(ranges, list) and ranges else None
    if not isinstance(first, Mapping):
        return None, None
    bounds: list[float | None] = []
    for key in ("low", "high"):
        bound = first.get(key)
        number = quantity_number(bound) if isinstance(bound, Mapping) else None
        if not isinstance(number, float):
            bounds.append(None)
            continue
        if not math.isfinite(number) or number < 0:
            raise InputError(f"the reference range's {key} must be a number of zero or more.")
        assert isinstance(bound, Mapping)
        given = _unit(test, bound) if _spelling(bound) else unit
        if given is None or given.canonical != unit.canonical:
            return f"a reference range in '{_spelling(bound)}', not in {unit.shown or 'no unit'}"
        bounds.append(round(convert(number, given, unit), 6))
    low, high = bounds
    if low is not None and high is not None and low > high:
        raise InputError(
            f"the reference range's low {format_value(low)} is above its high {format_value(high)}."
        )
    return low, high


def _performer(obs: Mapping[str, Any]) -> str | None:
    """The first performer's name, in one line (control characters as spaces) and cut to
    the length `lab add --lab` takes."""
    performers = obs.get("performer")
    for performer in performers if isinstance(performers, list) else []:
        display = performer.get("display") if isinstance(performer, Mapping) else None
        if isinstance(display, str):
            name = " ".join("".join(c if c.isprintable() else " " for c in display).split())
            if name:
                return name[:LAB_NAME_LIMIT].strip()
    return None
