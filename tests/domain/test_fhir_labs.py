"""Lab results among FHIR Observations: LOINC codes, units as portals write them, the
lab's range and name, and what is skipped or refused."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from bonetrack.domain.fhir_dexa import read_fhir
from bonetrack.domain.fhir_labs import lab_results
from bonetrack.domain.labs import LAB_NAME_LIMIT
from bonetrack.errors import InputError

TODAY = date(2026, 11, 22)
LOINC = "http://loinc.org"


def lab(code: str, quantity: object = None, **extra: Any) -> dict[str, Any]:
    obs: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": LOINC, "code": code}]},
        "effectiveDateTime": "2025-06-03",
        "performer": [{"display": "Synlab"}],
    }
    if quantity is not None:
        obs["valueQuantity"] = quantity
    obs.update(extra)
    return obs


def read(*observations: dict[str, Any]) -> tuple[list[tuple[object, ...]], list[str]]:
    """(test, input value, input unit, canonical value, range, lab) of each result; the
    skipped lines. Observations without an id are given r0, r1..."""
    bundle = {
        "resourceType": "Bundle",
        "entry": [{"resource": {"id": f"r{i}", **o}} for i, o in enumerate(observations)],
    }
    found = lab_results(read_fhir(bundle), TODAY, source="fhir", note="n")
    results = [
        (r.test, r.input_value, r.input_unit, r.value, r.ref_low, r.ref_high, r.lab)
        for r in (f.result for f in found.found)
    ]
    return results, [s.line for s in found.skipped]


@pytest.mark.parametrize(
    "quantity",
    [
        {"value": 2.4},
        {"value": 2.4, "unit": "1"},
        {"value": 2.4, "system": "http://unitsofmeasure.org", "code": "{INR}"},
        {"value": 2.4, "unit": "INR"},
        {"value": 2.4, "unit": "ratio", "code": "{ratio}"},
        {"value": 2.4, "unit": " "},
    ],
)
def test_an_inr_is_a_plain_number_however_it_is_written(quantity: dict[str, Any]) -> None:
    assert read(lab("6301-6", quantity)) == ([("inr", 2.4, "", 2.4, None, None, "Synlab")], [])


@pytest.mark.parametrize(
    ("code", "quantity", "expected"),
    [
        # the unit, else the UCUM code; its annotations in braces read as words
        ("62292-8", {"value": 80, "code": "nmol/L"}, ("25ohd", 80.0, "nmol/L", 80.0)),
        ("62292-8", {"value": 32, "unit": "ng/ml"}, ("25ohd", 32.0, "ng/mL", 79.872)),
        ("98979-8", {"value": 71, "code": "mL/min/{1.73_m2}"},
         ("egfr", 71.0, "mL/min/1.73m²", 71.0)),
        ("98979-8", {"value": 71, "unit": "mL/min/1.73 m2"},
         ("egfr", 71.0, "mL/min/1.73m²", 71.0)),
        ("2160-0", {"value": 0.8, "unit": "mg/dL"}, ("creatinine", 0.8, "mg/dL", 0.8)),
        ("2731-8", {"value": 4.1, "unit": "pmol/L"}, ("pth", 4.1, "pmol/L", 4.1)),
        ("17838-4", {"value": 14, "unit": "U/L"}, ("bap", 14.0, "U/L", 14.0)),
        ("77370-5", {"value": 48, "unit": "ug/L"}, ("p1np", 48.0, "ng/mL", 48.0)),
        ("41171-0", {"value": 350, "unit": "pg/mL"}, ("ctx", 350.0, "pg/mL", 0.35)),
        ("17861-6", {"value": 2.4, "unit": "mmol/L"}, ("calcium", 2.4, "mmol/L", 9.6192)),
    ],
)  # fmt: skip
def test_units_as_portals_write_them(
    code: str, quantity: dict[str, Any], expected: tuple[object, ...]
) -> None:
    (result,), skipped = read(lab(code, quantity))
    assert (result[:4], skipped) == (expected, [])


def test_the_labs_range_in_the_values_unit() -> None:
    results, _ = read(
        # bare bounds are in the value's unit
        lab("6301-6", {"value": 2.4}, referenceRange=[{"low": {"value": 2}, "high": {"value": 3}}]),
        # a bound in the group's other unit is converted (1 mmol/L = 4.008 mg/dL)
        lab("17861-6", {"value": 9.6, "unit": "mg/dL"},
            referenceRange=[{"low": {"value": 2.15, "unit": "mmol/L"},
                             "high": {"value": 10.2, "unit": "mg/dL"}}]),
        # one bound only; a bound with a comparator is no bound
        lab("41171-0", {"value": 0.3, "unit": "ng/mL"},
            referenceRange=[{"low": {"value": 0.1, "comparator": ">"}, "high": {"value": 0.57}}]),
        # the first range is the lab's (the next, for another group, is not read)
        lab("62292-8", {"value": 32, "unit": "ng/mL"},
            referenceRange=[{"low": {"value": 30, "unit": "ng/mL"}},
                            {"low": {"value": 20, "unit": "ng/mL"}, "appliesTo": [{"text": "x"}]}]),
    )  # fmt: skip
    assert [r[4:6] for r in results] == [(2.0, 3.0), (8.6172, 10.2), (None, 0.57), (30.0, None)]


def test_what_is_skipped_and_why() -> None:
    results, skipped = read(
        lab("2345-7", {"value": 94, "unit": "mg/dL"}),
        lab("62292-8", {"value": 32, "unit": "mg/dL"}),
        lab("62292-8", {"value": 32, "unit": "ng/mL"},
            referenceRange=[{"low": {"value": 0.5, "unit": "mg/dL"}}]),
        lab("62292-8", {"value": 12, "comparator": "<", "unit": "ng/mL"}),
        lab("62292-8", {"value": "32", "unit": "ng/mL"}),
        lab("62292-8", dataAbsentReason={"text": "hemolysed"}),
        lab("62292-8", valueString="see note"),
        lab("62292-8", {"value": 32, "unit": "ng/mL"}, status="cancelled"),
        lab("62292-8", {"value": 32, "unit": "ng/mL"}, effectiveDateTime="2025-06"),
        lab("62292-8", {"value": 32, "unit": "ng/mL"}, effectiveDateTime=None),
        lab("41171-0", {"value": 0.3, "unit": "ng/mL"}, performer=[{"reference": "Org/1"}]),
        lab("6301-6", {"value": 2.4, "unit": "%"}),
    )  # fmt: skip
    assert results == []
    assert [re.sub(r"^Observation r\d+: ", "", line) for line in skipped] == [
        "LOINC 2345-7: not a DEXA result or lab test bonetrack knows",
        "LOINC 62292-8 (25(OH)D): a value in 'mg/dL', not in ng/mL, nmol/L",
        "LOINC 62292-8 (25(OH)D): a reference range in 'mg/dL', not in ng/mL",
        "LOINC 62292-8 (25(OH)D): a value with comparator '<' is not exact",
        "LOINC 62292-8 (25(OH)D): valueQuantity has no number",
        "LOINC 62292-8 (25(OH)D): no value (dataAbsentReason)",
        "LOINC 62292-8 (25(OH)D): no valueQuantity",
        "LOINC 62292-8 (25(OH)D): status cancelled",
        "LOINC 62292-8 (25(OH)D): effectiveDateTime '2025-06' gives no day",
        "LOINC 62292-8 (25(OH)D): no effectiveDateTime (the scan date)",
        "LOINC 41171-0 (CTX): no lab named (performer): CTX is compared only within one lab",
        "LOINC 6301-6 (INR): a value in '%', not in a plain number (no unit)",
    ]


@pytest.mark.parametrize(
    ("observation", "message"),
    [
        (lab("62292-8", {"value": 0, "unit": "ng/mL"}),
         "a 25(OH)D result must be more than zero, not '0 ng/mL'."),
        (lab("62292-8", {"value": 2000, "unit": "nmol/L"}),
         "2000 nmol/L is not a plausible 25(OH)D result (more than 1000 nmol/L); check the unit."),
        (lab("62292-8", {"value": 32, "unit": "ng/mL"}, effectiveDateTime="2026-11-23T00:10:00Z"),
         "the date 2026-11-23 is in the future; today is 2026-11-22."),
        (lab("6301-6", {"value": 2.4},
             referenceRange=[{"low": {"value": 3}, "high": {"value": 2}}]),
         "the reference range's low 3 is above its high 2."),
        (lab("6301-6", {"value": 2.4}, referenceRange=[{"high": {"value": -2}}]),
         "the reference range's high must be a number of zero or more."),
    ],
)  # fmt: skip
def test_what_lab_add_refuses_refuses_the_import(observation: dict[str, Any], message: str) -> None:
    with pytest.raises(InputError) as refused:
        read(observation)
    assert refused.value.message == f"Observation r0: {message}"


def test_the_labs_name_in_one_line_as_lab_add_takes_it() -> None:
    long = "Laboratoire " + "de biologie médicale " * 10
    results, _ = read(
        lab("2731-8", {"value": 40, "unit": "pg/mL"}, performer=[{"display": "City\nLab\u202e"}]),
        lab("2731-8", {"value": 41, "unit": "pg/mL"}, performer=[{"display": long}]),
        lab("2731-8", {"value": 42, "unit": "pg/mL"}, performer=[{"display": " "}, "Org/2"]),
    )
    assert results[0][6] == "City Lab"
    assert results[1][6] == long[:LAB_NAME_LIMIT].strip()
    assert len(results[1][6] or "") <= LAB_NAME_LIMIT
    assert results[2][6] is None


def test_each_result_once() -> None:
    """The same test, day and value twice is one result (an Observation given again inside
    its report); another value the same day is another result."""
    results, _ = read(
        lab("62292-8", {"value": 32, "unit": "ng/mL"}),
        {**lab("62292-8", {"value": 79.872, "unit": "nmol/L"}), "id": "y"},
        {**lab("62292-8", {"value": 30, "unit": "ng/mL"}), "id": "z"},
    )
    assert [(r[1], r[2]) for r in results] == [(32.0, "ng/mL"), (30.0, "ng/mL")]


def test_components_are_results_of_their_own() -> None:
    """With the date, status and lab of the Observation holding them, and their own code,
    value and range, never the panel's."""
    panel = lab(
        "24362-6",
        {"value": 1, "unit": "ng/mL"},
        id="x",
        effectivePeriod={"start": "2025-06-02T07:30:00-07:00"},
        referenceRange=[{"low": {"value": 99}}],
        component=[
            {"code": {"coding": [{"system": LOINC, "code": "41171-0"}]},
             "valueQuantity": {"value": 0.41, "unit": "ng/mL"}},
            {"code": {"coding": [{"system": "urn:oid:2.16.840.1.113883.6.1", "code": "2697-1"}]},
             "valueQuantity": {"value": 22, "unit": "ng/mL"},
             "referenceRange": [{"low": {"value": 11}, "high": {"value": 48}}]},
            {"code": {"text": "comment"}, "valueString": "fasting"},
        ],
    )  # fmt: skip
    del panel["effectiveDateTime"]
    found = lab_results(read_fhir(panel), TODAY, source="fhir", note="n")
    assert [(f.where, f.result.test, f.result.taken_on, f.result.input_value, f.result.ref_low,
             f.result.lab) for f in found.found] == [
        ("Observation x, component 1", "ctx", date(2025, 6, 2), 0.41, None, "Synlab"),
        ("Observation x, component 2", "osteocalcin", date(2025, 6, 2), 22.0, 11.0, "Synlab"),
    ]  # fmt: skip
    # the panel's own code is listed, not guessed
    assert [s.line for s in found.skipped] == [
        "Observation x: LOINC 24362-6: not a DEXA result or lab test bonetrack knows"
    ]
