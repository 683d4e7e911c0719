"""DEXA results in FHIR R4 JSON, as patient portals and Apple Health's clinical records send them.

An `Observation`, a `Bundle` of resources, or a `DiagnosticReport` with its
Observations `contained` are read into DEXA findings by their LOINC code, with the
table of the fact sheet's section 11 (`DEXA_CODES`). Observations with another
LOINC code are set aside for `fhir_labs` (lab results). Nothing is guessed: a code
that is neither, a region bonetrack does not record (calcaneus, humerus,
whole body), a value without a usable unit or date, and a result marked entered in
error are each listed as skipped with the reason. Values go through the checks of
`bonetrack scan add`, so an import stores nothing the command would refuse.

Pure: takes parsed JSON, returns findings; no I/O.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Literal

from bonetrack.domain.dexa import SiteScan, check_bmd, check_scan_date, check_score, site_label
from bonetrack.errors import InputError

LOINC_SYSTEMS = frozenset({"http://loinc.org", "urn:oid:2.16.840.1.113883.6.1"})  # URL, OID

Measure = Literal["bmd", "t_score", "z_score"]
Side = Literal["left", "right"]
MEASURES: tuple[Measure, ...] = ("bmd", "t_score", "z_score")
MEASURE_LABELS: dict[str, str] = {"bmd": "BMD", "t_score": "T-score", "z_score": "Z-score"}


@dataclass(frozen=True)
class DexaCode:
    region: str  # LOINC's wording: "Hip - left"
    measure: Measure
    site: str | None  # bonetrack's site; None: a region bonetrack does not record
    side: Side | None = None


def _rows() -> Iterator[tuple[str, str | None, Side | None, tuple[str | None, ...]]]:
    # Fact sheet section 11, from the LOINC table: region, site, side, (BMD, T, Z).
    yield "Bone", None, None, ("46383-6", None, None)
    yield "Lumbar spine", "lumbar-spine", None, ("24966-4", "38267-1", "85394-5")
    yield "Hip", "total-hip", None, ("38261-4", "38264-8", "80933-5")
    yield "Hip - left", "total-hip", "left", ("46278-8", "80946-7", "80938-4")
    yield "Hip - right", "total-hip", "right", ("46279-6", "80945-9", "80937-6")
    yield "Femur", "femoral-neck", None, ("24701-5", "38263-0", "80934-3")
    yield "Femur - left", "femoral-neck", "left", ("80954-1", "80948-3", "80940-0")
    yield "Femur - right", "femoral-neck", "right", ("80953-3", "80947-5", "80939-2")
    yield "Radius and Ulna", "forearm", None, ("24890-6", "38265-5", "80932-7")
    yield "Radius and Ulna - left", "forearm", "left", ("80952-5", "80944-2", "80936-8")
    yield "Radius and Ulna - right", "forearm", "right", ("80951-7", "80943-4", "80935-0")
    yield "Calcaneus", None, None, ("38262-2", "38266-3", None)
    yield "Humerus", None, None, ("85385-3", "85390-3", "85391-1")


DEXA_CODES: dict[str, DexaCode] = {
    code: DexaCode(region, measure, site, side)
    for region, site, side, codes in _rows()
    for measure, code in zip(MEASURES, codes, strict=True)
    if code is not None
}

# LOINC's 'Hip' is the total hip and 'Femur' the femoral neck in common use, which the
# fact sheet marks uncertain: the Observation's own words decide when they say.
_NECK = re.compile(r"\bneck\b", re.IGNORECASE)
_TOTAL_HIP = re.compile(r"\btotal\b", re.IGNORECASE)
_OTHER_HIP_REGION = re.compile(r"trochant|\bward'?s?\b|shaft", re.IGNORECASE)
_SIDE_WORD = re.compile(r"\b(left|right)\b", re.IGNORECASE)
_STANDARD_WORDING = re.compile(r"^(hip|femur)( - (left|right))?$", re.IGNORECASE)

NOT_KNOWN = "not a DEXA result or lab test bonetrack knows"
READING_NOTE = (
    "LOINC's 'Hip' codes were read as the total hip and its 'Femur' codes as the femoral "
    "neck, as in common use: the results did not say which (uncertain; check against the "
    "report)."
)

# A result a clinician has withdrawn or that never came.
UNUSABLE_STATUS = frozenset({"entered-in-error", "cancelled", "registered", "unknown"})
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T.*)?$")
_BMD_UNITS = {"g/cm2": 1.0, "mg/cm2": 0.001}
# Spellings of "no unit" for a T- or Z-score (a number of standard deviations).
_SCORE_UNITS = frozenset(
    {"", "1", "sd", "{sd}", "{t-score}", "{z-score}", "{tscore}", "{zscore}", "{score}", "t-score"}
    | {"z-score", "{std'dev}", "{stddev}", "{s.d.}", "s.d."}
)


@dataclass(frozen=True)
class Finding:
    """One DEXA value read from an Observation."""

    where: str
    scan_date: date
    site: str
    side: Side | None
    measure: Measure
    value: float
    machine: str | None
    unconfirmed_reading: bool  # a 'Hip'/'Femur' code read by common use alone


@dataclass(frozen=True)
class Skipped:
    where: str
    what: str  # "LOINC 2345-7 (Glucose)", "a Condition"
    reason: str

    @property
    def line(self) -> str:
        return f"{self.where}: {self.what}: {self.reason}"


@dataclass
class FhirRead:
    findings: list[Finding] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    # Observations (and components, as Observations) with a LOINC code that is not a DEXA
    # code: `fhir_labs` reads the lab results among them and lists the rest as skipped.
    other_observations: list[tuple[str, Mapping[str, Any]]] = field(default_factory=list)
    # Resources neither Observations nor their containers, counted by type (Patient: 1).
    other_resources: dict[str, int] = field(default_factory=dict)
    resources: int = 0
    # Each Observation (and component) read, by its place, in the order of the documents.
    places: dict[str, int] = field(default_factory=dict)

    def extend(self, other: FhirRead) -> None:
        self.findings.extend(other.findings)
        self.skipped.extend(other.skipped)
        self.other_observations.extend(other.other_observations)
        for place in other.places:
            self.places.setdefault(place, len(self.places))
        for name, count in other.other_resources.items():
            self.other_resources[name] = self.other_resources.get(name, 0) + count
        self.resources += other.resources

    def in_order(self, skipped: list[Skipped]) -> list[Skipped]:
        """`skipped` (of DEXA and lab results, say) in the order of the documents."""
        return sorted(skipped, key=lambda s: self.places.get(s.where, len(self.places)))

    @property
    def others_line(self) -> str | None:
        """'Not read: 1 Patient, 2 Practitioner.' or None."""
        if not self.other_resources:
            return None
        parts = [f"{n} {name}" for name, n in sorted(self.other_resources.items())]
        return f"Not read (not DEXA or lab results): {', '.join(parts)}."


# --- walking the resources ----------------------------------------------------

Resolver = Callable[[str], Mapping[str, Any] | None]


def read_fhir_json(data: bytes, source: str = "") -> FhirRead:
    """A FHIR JSON document's DEXA findings; InputError if it is not JSON or not FHIR."""
    import json

    try:
        # Numbers as floats: an integer of thousands of digits is refused by int(), and
        # one beyond a float's range would overflow later; as a float it is inf, refused
        # by the checks of the value. NaN and Infinity are not JSON.
        document = json.loads(data, parse_int=float, parse_constant=_not_json)
    except UnicodeDecodeError:
        raise InputError("not JSON: it is not UTF-8 text.") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"not JSON ({exc.msg} at line {exc.lineno}).") from None
    except RecursionError:
        raise InputError("not usable JSON: nested too deeply.") from None
    return read_fhir(document, source)


def _not_json(constant: str) -> float:
    raise InputError(f"not JSON: {constant} is not a JSON number.")


def read_fhir(document: object, source: str = "") -> FhirRead:
    """Every DEXA finding of a FHIR resource (an Observation, Bundle, DiagnosticReport).

    `source` (a file's name) starts every place named in findings and skips.
    """
    if not isinstance(document, Mapping) or not isinstance(document.get("resourceType"), str):
        raise InputError("not a FHIR resource: a JSON object with a resourceType is expected.")
    index: dict[str, Mapping[str, Any]] = {}
    _index(document, index)
    result = FhirRead()
    seen: set[str] = set()
    for pointer, resource, contained in _walk(document, "", ()):
        result.resources += 1
        kind = resource.get("resourceType")
        if kind != "Observation":
            # Devices are read as the machine of the results that name them.
            if kind not in ("Bundle", "DiagnosticReport", "Device"):
                name = _text(kind) or "untyped"
                result.other_resources[name] = result.other_resources.get(name, 0) + 1
            continue
        key = _identity(resource, pointer, contained)
        if key in seen:
            continue
        seen.add(key)

        def resolve(ref: str, contained: tuple[Mapping[str, Any], ...] = contained) -> Any:
            if ref.startswith("#"):
                return next((r for r in contained if r.get("id") == ref[1:]), None)
            return index.get(ref)

        _read_observation(resource, _name(resource, pointer, source), resolve, result)
    return result


def _index(resource: Mapping[str, Any], index: dict[str, Mapping[str, Any]]) -> None:
    """Bundle entries by fullUrl and by Type/id, for references between them."""
    for entry in _list(resource.get("entry")):
        if not isinstance(entry, Mapping):
            continue
        inner = entry.get("resource")
        if isinstance(inner, Mapping):
            if isinstance(entry.get("fullUrl"), str):
                index[entry["fullUrl"]] = inner
            if isinstance(inner.get("id"), str) and isinstance(inner.get("resourceType"), str):
                index[f"{inner['resourceType']}/{inner['id']}"] = inner
            _index(inner, index)


def _walk(
    resource: Mapping[str, Any], where: str, outer: tuple[Mapping[str, Any], ...]
) -> Iterator[tuple[str, Mapping[str, Any], tuple[Mapping[str, Any], ...]]]:
    contained = outer + tuple(r for r in _list(resource.get("contained")) if isinstance(r, Mapping))
    yield where or "/", resource, contained
    kind = resource.get("resourceType")
    if kind == "Bundle":
        for i, entry in enumerate(_list(resource.get("entry"))):
            inner = entry.get("resource") if isinstance(entry, Mapping) else None
            if isinstance(inner, Mapping):
                yield from _walk(inner, f"{where}/entry/{i}/resource", ())
    elif kind == "DiagnosticReport":
        for i, inner in enumerate(_list(resource.get("contained"))):
            if isinstance(inner, Mapping) and inner.get("resourceType") == "Observation":
                yield from _walk(inner, f"{where}/contained/{i}", contained)


def _identity(resource: Mapping[str, Any], place: str, contained: tuple[Any, ...]) -> str:
    # Contained ids are local to their container; others are global.
    rid = resource.get("id")
    if isinstance(rid, str) and not any(r is resource for r in contained):
        return f"Observation/{rid}"
    return place


def _name(resource: Mapping[str, Any], pointer: str, source: str) -> str:
    rid = _text(resource.get("id"))
    name = f"Observation at {pointer}" if rid is None else f"Observation {rid}"
    return f"{source}: {name}" if source else name


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: object) -> str | None:
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


# --- one Observation ------------------------------------------------------------


def loinc_codes(concept: object) -> list[tuple[str, str | None]]:
    """The LOINC (code, display) pairs of a CodeableConcept."""
    if not isinstance(concept, Mapping):
        return []
    found = []
    for coding in _list(concept.get("coding")):
        if isinstance(coding, Mapping) and coding.get("system") in LOINC_SYSTEMS:
            code = _text(coding.get("code"))
            if code is not None:
                found.append((code, _text(coding.get("display"))))
    return found


def _words(concept: object) -> list[str]:
    """The human words of a CodeableConcept: its text and its codings' displays."""
    if not isinstance(concept, Mapping):
        return []
    words = [_text(concept.get("text"))]
    words += [_text(c.get("display")) for c in _list(concept.get("coding")) if isinstance(c, dict)]
    return [w for w in words if w]


def _read_observation(
    obs: Mapping[str, Any], where: str, resolve: Resolver, result: FhirRead
) -> None:
    status = _text(obs.get("status"))
    parts: list[tuple[str, Mapping[str, Any]]] = [(where, obs)]
    parts += [
        (f"{where}, component {i + 1}", c)
        for i, c in enumerate(_list(obs.get("component")))
        if isinstance(c, Mapping)
    ]
    grouping = bool(_list(obs.get("component")) or _list(obs.get("hasMember")))
    for place, part in parts:
        result.places.setdefault(place, len(result.places))
        codes = loinc_codes(part.get("code"))
        dexa = [(c, DEXA_CODES[c]) for c, _ in codes if c in DEXA_CODES]
        has_value = any(key.startswith("value") for key in part)
        if not dexa:
            if part is obs and grouping and not has_value:
                continue  # a panel: its components and members are read on their own
            if codes:
                # Not DEXA: a lab result, perhaps; `fhir_labs` says, or lists it as skipped.
                result.other_observations.append((place, _as_observation(obs, part)))
                continue
            what = describe(codes, part.get("code"))
            result.skipped.append(Skipped(place, what, NOT_KNOWN))
            continue
        code, spec = dexa[0]
        what = f"LOINC {code} ({spec.region} {MEASURE_LABELS[spec.measure]})"
        if status in UNUSABLE_STATUS:
            result.skipped.append(Skipped(place, what, f"status {status}"))
            continue
        if spec.site is None:
            result.skipped.append(Skipped(place, what, "a region bonetrack does not record"))
            continue
        finding = _finding(obs, part, place, spec, resolve)
        if isinstance(finding, str):
            result.skipped.append(Skipped(place, what, finding))
        else:
            result.findings.append(finding)


def _as_observation(obs: Mapping[str, Any], part: Mapping[str, Any]) -> Mapping[str, Any]:
    """A component read as an Observation of its own: its code, value and reference range,
    with the date, status and performer of the Observation holding it."""
    if part is obs:
        return obs
    own = ("code", "referenceRange", "dataAbsentReason", "component", "hasMember")
    kept = {k: v for k, v in obs.items() if k not in own and not k.startswith("value")}
    return kept | dict(part)


def describe(codes: list[tuple[str, str | None]], concept: object) -> str:
    if codes:
        code, display = codes[0]
        return f"LOINC {code}" + (f" ({display})" if display else "")
    words = _words(concept)
    return f"'{words[0]}' (no LOINC code)" if words else "no LOINC code"


def _finding(
    obs: Mapping[str, Any],
    part: Mapping[str, Any],
    where: str,
    spec: DexaCode,
    resolve: Resolver,
) -> Finding | str:
    """The finding, or why it cannot be read."""
    assert spec.site is not None
    day = effective_day(obs)
    if isinstance(day, str):
        return day
    value = _value(part, spec.measure)
    if isinstance(value, str):
        return value
    words = _words(part.get("code")) + _words(obs.get("bodySite"))
    site, side, unconfirmed = spec.site, spec.side, False
    if site in ("total-hip", "femoral-neck"):
        described = [w for w in words if not _STANDARD_WORDING.match(_strip_loinc_tail(w))]
        if any(_NECK.search(w) for w in described):
            site = "femoral-neck"
        elif any(_TOTAL_HIP.search(w) for w in described):
            site = "total-hip"
        elif any(_OTHER_HIP_REGION.search(w) for w in described):
            return "a hip region bonetrack does not record (" + "; ".join(described) + ")"
        else:
            unconfirmed = True
    if side is None:
        # A plain code with the side in its words: 'BMD - Left Femur', bodySite 'Left hip'.
        sides = {m.group(1).lower() for w in words for m in _SIDE_WORD.finditer(w)}
        if len(sides) == 1:
            side = "left" if "left" in sides else "right"
    return Finding(
        where=where,
        scan_date=day,
        site=site,
        side=side,
        measure=spec.measure,
        value=value,
        machine=_device(obs, resolve),
        unconfirmed_reading=unconfirmed,
    )


def _strip_loinc_tail(words: str) -> str:
    """'Hip [Mass/Area] Bone density by DXA' -> 'Hip': LOINC's own name says nothing more."""
    head = re.split(r"\s*\[|\s+DXA\b|\s+bone density|\s+T-score|\s+Z-score", words, maxsplit=1)
    return head[0].strip()


def effective_day(obs: Mapping[str, Any]) -> date | str:
    """The day of `effectiveDateTime` as written, or why there is none."""
    raw = obs.get("effectiveDateTime")
    if raw is None and isinstance(obs.get("effectivePeriod"), Mapping):
        raw = obs["effectivePeriod"].get("start")
    if not isinstance(raw, str):
        return "no effectiveDateTime (the scan date)"
    match = _DATE.match(raw.strip())
    if match is None:
        return f"effectiveDateTime '{raw}' is not a FHIR date"
    if match.group(3) is None:
        return f"effectiveDateTime '{raw}' gives no day"
    try:
        # The day as written, in the offset it was written in: the day of the scan there.
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return f"effectiveDateTime '{raw}' is not a real date"


def _unit(quantity: Mapping[str, Any]) -> str:
    """The unit, UCUM code first, in one spelling: 'g/cm²', 'g/cm^2', 'g/cm-2' -> 'g/cm2'."""
    for key in ("code", "unit"):
        raw = quantity.get(key)
        if isinstance(raw, str) and raw.strip():
            unit = "".join(raw.split()).lower().replace("²", "2").replace("^2", "2")
            return unit.replace("cm-2", "cm2").replace("cm{2}", "cm2")
    return ""


def _value(part: Mapping[str, Any], measure: Measure) -> float | str:
    quantity = part.get("valueQuantity")
    if not isinstance(quantity, Mapping):
        if "dataAbsentReason" in part:
            return "no value (dataAbsentReason)"
        return "no valueQuantity"
    number = quantity_number(quantity)
    if isinstance(number, str):
        return number
    unit = _unit(quantity)
    if measure == "bmd":
        # No unit: g/cm², as `scan add` reads a bare number (its range check catches mg/cm²).
        factor = _BMD_UNITS.get(unit or "g/cm2")
        if factor is None:
            return f"BMD in '{quantity.get('unit') or quantity.get('code')}', not g/cm²"
        return number * factor
    if unit not in _SCORE_UNITS:
        return f"a {MEASURE_LABELS[measure]} in '{quantity.get('unit') or quantity.get('code')}'"
    return number


def quantity_number(quantity: Mapping[str, Any]) -> float | str:
    """The exact number of a valueQuantity, or why there is none (a huge integer is inf,
    which the checks of the value refuse)."""
    number = quantity.get("value")
    if isinstance(number, bool) or not isinstance(number, int | float):
        return "valueQuantity has no number"
    if quantity.get("comparator") is not None:
        return f"a value with comparator '{quantity['comparator']}' is not exact"
    try:
        return float(number)
    except OverflowError:
        return math.inf


def _device(obs: Mapping[str, Any], resolve: Resolver) -> str | None:
    ref = obs.get("device")
    if not isinstance(ref, Mapping):
        return None
    target = resolve(ref["reference"]) if isinstance(ref.get("reference"), str) else None
    if isinstance(target, Mapping):
        for name in _list(target.get("deviceName")):
            if isinstance(name, Mapping) and _text(name.get("name")):
                return _text(name.get("name"))
        made = " ".join(
            t for t in (_text(target.get("manufacturer")), _text(target.get("modelNumber"))) if t
        )
        if made:
            return made
        words = _words(target.get("type"))
        if words:
            return words[0]
    return _text(ref.get("display"))


# --- from findings to scan rows ---------------------------------------------------


@dataclass(frozen=True)
class ScanImport:
    scans: list[SiteScan]
    skipped: list[Skipped]
    notes: list[str]
    others: str | None  # the resources not read, counted by type


def site_scans(read: FhirRead, today: date, note: str) -> ScanImport:
    """One row per site and date, checked as `scan add` checks them.

    Where both sides of a site were measured on one date, the side with the lower
    T-score (WHO: the lowest T-score counts; else the lower BMD) is kept and the
    other listed as skipped: bonetrack keeps one result per site and date. Refuses
    (InputError) two different values for one measure, and values `scan add` refuses.
    """
    groups: dict[tuple[date, str], dict[Side | None, dict[str, Finding]]] = {}
    unconfirmed = False
    for finding in read.findings:
        _checked(finding, today)
        sides = groups.setdefault((finding.scan_date, finding.site), {})
        measures = sides.setdefault(finding.side, {})
        prior = measures.get(finding.measure)
        if prior is not None and prior.value != finding.value:
            raise InputError(
                f"{prior.where} and {finding.where} give two {MEASURE_LABELS[finding.measure]}s "
                f"for the {_side_label(finding.side)}{site_label(finding.site)} on "
                f"{finding.scan_date.isoformat()} ({_num(prior.value)} and "
                f"{_num(finding.value)}): which is right cannot be told."
            )
        measures[finding.measure] = finding
        unconfirmed = unconfirmed or finding.unconfirmed_reading
    scans: list[SiteScan] = []
    skipped = list(read.skipped)
    for (day, site), sides in sorted(groups.items()):
        _fold_unsided(sides)
        ranked = sorted(sides.items(), key=lambda item: _rank(item[1]))
        side, kept = ranked[0]
        for other_side, measures in ranked[1:]:
            first = next(iter(measures.values()))
            skipped.append(
                Skipped(
                    first.where,
                    f"{_side_label(other_side)}{site_label(site)} on {day.isoformat()}",
                    f"bonetrack keeps one {site_label(site)} result per date: the "
                    f"{_side_label(side)}side, with the lower T-score (or BMD), was kept",
                )
            )
        machines = [f.machine for f in kept.values() if f.machine]
        scans.append(
            SiteScan(
                scan_date=day,
                site=site,
                bmd=_get(kept, "bmd"),
                t_score=_get(kept, "t_score"),
                z_score=_get(kept, "z_score"),
                machine=machines[0][:128] if machines else None,
                note=f"{note} ({side} side)" if side else note,
            )
        )
    scans = _share_machine(scans)
    return ScanImport(scans, skipped, [READING_NOTE] if unconfirmed else [], read.others_line)


def _checked(finding: Finding, today: date) -> None:
    try:
        check_scan_date(finding.scan_date, today)
        if finding.measure == "bmd":
            check_bmd(finding.value)
        else:
            check_score(finding.value, "T-score" if finding.measure == "t_score" else "Z-score")
    except InputError as exc:
        raise InputError(f"{finding.where}: {exc.message}") from None


def _fold_unsided(sides: dict[Side | None, dict[str, Finding]]) -> None:
    """A value reported both under the site's plain code and under one side's code is one."""
    plain = sides.get(None)
    sided = [s for s in sides if s is not None]
    if plain is None or len(sided) != 1:
        return
    target = sides[sided[0]]
    if all(target.get(m) is None or target[m].value == f.value for m, f in plain.items()):
        for measure, finding in plain.items():
            target.setdefault(measure, finding)
        del sides[None]


def _rank(measures: dict[str, Finding]) -> tuple[float, float]:
    t = measures.get("t_score")
    bmd = measures.get("bmd")
    return (t.value if t else float("inf"), bmd.value if bmd else float("inf"))


def _share_machine(scans: list[SiteScan]) -> list[SiteScan]:
    """As `scan add`: a site without a machine takes the one machine of its visit."""
    by_day: dict[date, set[str]] = {}
    for scan in scans:
        if scan.machine:
            by_day.setdefault(scan.scan_date, set()).add(scan.machine)
    result = []
    for scan in scans:
        machines = by_day.get(scan.scan_date, set())
        if scan.machine is None and len(machines) == 1:
            scan = replace(scan, machine=next(iter(machines)))
        result.append(scan)
    return result


def _get(measures: dict[str, Finding], measure: str) -> float | None:
    found = measures.get(measure)
    return None if found is None else found.value


def _side_label(side: Side | None) -> str:
    return f"{side} " if side else ""


def _num(value: float) -> str:
    return f"{value:g}"
