"""Generated files never break the Apple Health and FHIR readers (issue 11).

Every input either reads or raises InputError (one `Error:` line, exit 2): a mutated
export.xml (bytes cut, dropped, repeated or swapped at random places, including inside
the DTD), and any JSON at all given to the FHIR readers (DEXA and lab results).
"""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bonetrack.domain.apple_health import AppleHealthExport
from bonetrack.domain.fhir_dexa import read_fhir, read_fhir_json, site_scans
from bonetrack.domain.fhir_labs import lab_results
from bonetrack.errors import InputError

pytestmark = pytest.mark.reliability

FUZZ = settings(
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
NOW = datetime(2026, 11, 22, 8, 31, tzinfo=ZoneInfo("Europe/Amsterdam"))
FIXTURES = Path(__file__).parent.parent / "fixtures"
EXPORT = (FIXTURES / "apple_health" / "export.xml").read_bytes()
REPORT = json.loads((FIXTURES / "fhir" / "dxa-report.json").read_text())
_SNIPPETS = [
    b"<!ENTITY a 'x'>", b"&a;", b"]>", b"<!--", b"-->", b"'", b'"', b"%p;", b"<", b">",
    b"\x00", b"\x0b", b"\xff", b"<HealthData>", b"</Record>", b"<Record type='x'>",
]  # fmt: skip


@st.composite
def mutated_export(draw: st.DrawFn) -> bytes:
    data = bytearray(EXPORT)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(("cut", "drop", "insert", "repeat")))
        if action == "cut":
            del data[at:]
        elif action == "drop":
            del data[at : at + draw(st.integers(1, 200))]
        elif action == "insert":
            data[at:at] = draw(st.sampled_from(_SNIPPETS))
        else:
            data[at:at] = data[at : at + draw(st.integers(1, 300))]
    return bytes(data)


@FUZZ
@given(mutated_export())
def test_a_mutated_export_reads_or_is_refused(data: bytes) -> None:
    export = AppleHealthExport(io.BytesIO(data), NOW)
    try:
        for item in export:
            assert item is not None
    except InputError:
        return  # refused: the one-line error


FHIR_KEYS = [
    "resourceType", "entry", "resource", "contained", "code", "coding", "system",
    "valueQuantity", "value", "unit", "effectiveDateTime", "component", "device",
    "reference", "bodySite", "status", "id", "text", "referenceRange", "low", "high",
    "performer", "display", "comparator",
]  # fmt: skip
# FHIR-shaped JSON: objects with FHIR's field names, and a LOINC system now and then.
JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.floats(allow_nan=False)
    | st.integers()
    | st.just(10**400)  # beyond a float
    | st.text(max_size=12)
    | st.sampled_from(["Observation", "Bundle", "DiagnosticReport", "http://loinc.org",
                       "24966-4", "38267-1", "80946-7", "g/cm2", "2024-03-14", "#d",
                       "62292-8", "6301-6", "41171-0", "2000-8", "ng/mL", "mmol/L", "{INR}"]),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(FHIR_KEYS), children, max_size=6),
    max_leaves=30,
)  # fmt: skip


@FUZZ
@given(JSON)
def test_any_json_reads_or_is_refused(document: object) -> None:
    try:
        found = read_fhir(document)
        site_scans(found, date(2026, 11, 22), "n")
        lab_results(found, date(2026, 11, 22), source="fhir", note="n")
    except InputError:
        return  # refused: the one-line error


@FUZZ
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["valueQuantity", "effectiveDateTime", "code", "status", "device"]),
            JSON,
        ),
        max_size=3,
    )
)
def test_a_report_with_fields_replaced_reads_or_is_refused(
    changes: list[tuple[str, object]],
) -> None:
    report = json.loads(json.dumps(REPORT))
    for index, (key, value) in enumerate(changes):
        report["contained"][1 + index % 7][key] = value
    try:
        found = read_fhir_json(json.dumps(report).encode())
        site_scans(found, date(2026, 11, 22), "n")
        lab_results(found, date(2026, 11, 22), source="fhir", note="n")
    except InputError:
        return  # refused: the one-line error


BUNDLE = json.loads((FIXTURES / "fhir" / "portal-bundle.json").read_text())
LAB_FIELDS = ["valueQuantity", "referenceRange", "performer", "code", "component", "status"]


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(LAB_FIELDS), JSON), max_size=3))
def test_lab_results_with_fields_replaced_read_or_are_refused(
    changes: list[tuple[str, object]],
) -> None:
    bundle = json.loads(json.dumps(BUNDLE))
    labs = [e["resource"] for e in bundle["entry"] if e["resource"]["id"].startswith("l")]
    for index, (key, value) in enumerate(changes):
        labs[index % len(labs)][key] = value
    try:
        found = read_fhir_json(json.dumps(bundle).encode())
        lab_results(found, date(2026, 11, 22), source="fhir", note="n")
    except InputError:
        return  # refused: the one-line error
