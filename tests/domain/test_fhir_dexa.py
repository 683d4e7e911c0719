"""DEXA results from FHIR JSON: LOINC codes, units, dates, sides, and what is skipped."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bonetrack.domain.dexa import SiteScan
from bonetrack.domain.fhir_dexa import (
    DEXA_CODES,
    READING_NOTE,
    read_fhir,
    read_fhir_json,
    site_scans,
)
from bonetrack.errors import InputError

FIXTURES = Path(__file__).parent.parent / "fixtures" / "fhir"
TODAY = date(2026, 11, 22)
LOINC = "http://loinc.org"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def observation(code: str, value: object = None, **extra: Any) -> dict[str, Any]:
    obs: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": LOINC, "code": code}]},
        "effectiveDateTime": "2024-03-14",
    }
    if value is not None:
        obs["valueQuantity"] = value
    obs.update(extra)
    return obs


def one_scan(obs: dict[str, Any]) -> SiteScan:
    planned = site_scans(read_fhir(obs), TODAY, "from FHIR")
    assert planned.skipped == []
    (scan,) = planned.scans
    return scan


def reasons(document: object) -> list[str]:
    return [s.line for s in site_scans(read_fhir(document), TODAY, "n").skipped]


def test_the_code_table_is_the_fact_sheets() -> None:
    """Section 11: 13 regions, 36 codes; left/right variants; unrecorded regions map to None."""
    assert len(DEXA_CODES) == 36
    assert DEXA_CODES["24966-4"].site == "lumbar-spine"
    assert (DEXA_CODES["80946-7"].site, DEXA_CODES["80946-7"].side) == ("total-hip", "left")
    assert (DEXA_CODES["80947-5"].site, DEXA_CODES["80947-5"].measure) == (
        "femoral-neck",
        "t_score",
    )
    assert (DEXA_CODES["80935-0"].site, DEXA_CODES["80935-0"].measure) == ("forearm", "z_score")
    assert {c.region for c in DEXA_CODES.values() if c.site is None} == {
        "Bone",
        "Calcaneus",
        "Humerus",
    }


def test_a_diagnostic_report_with_contained_observations_and_device() -> None:
    planned = site_scans(read_fhir_json(fixture("dxa-report.json")), TODAY, "from FHIR")
    machine = "Hologic Horizon A"
    assert planned.scans == [
        SiteScan(date(2024, 3, 14), "femoral-neck", 0.612, -2.6, None, machine, None,
                 "from FHIR (left side)"),
        SiteScan(date(2024, 3, 14), "lumbar-spine", 0.812, -1.8, None, machine, None,
                 "from FHIR"),
        SiteScan(date(2024, 3, 14), "total-hip", 0.701, -2.1, None, machine, None,
                 "from FHIR (left side)"),
    ]  # fmt: skip
    assert planned.skipped == []  # body fat is left to the lab reader, which lists it
    assert planned.notes == []  # every hip result said which part of the hip it was


def test_a_portal_bundle_lists_what_it_skips_and_why() -> None:
    read = read_fhir_json(fixture("portal-bundle.json"), "portal.json")
    planned = site_scans(read, TODAY, "from FHIR")
    lunar = "GE Healthcare Lunar iDXA"
    assert planned.scans == [
        # 'Femur' with 'BMD - Left Femur': the femoral neck by common use, left by its words
        SiteScan(date(2022, 11, 2), "femoral-neck", 0.887, None, None, lunar, None,
                 "from FHIR (left side)"),
        # mg/cm2 converted; the machine of its visit, as `scan add` shares it
        SiteScan(date(2022, 11, 2), "forearm", 0.612, None, None, lunar, None,
                 "from FHIR (left side)"),
        # the LOINC OID as the system, the Device by its full URL
        SiteScan(date(2022, 11, 2), "total-hip", 0.905, None, None, lunar, None, "from FHIR"),
    ]  # fmt: skip
    assert [s.line for s in planned.skipped] == [
        "portal.json: Observation o5: LOINC 24966-4 (Lumbar spine BMD): status entered-in-error",
        "portal.json: Observation o6: LOINC 38262-2 (Calcaneus BMD): a region bonetrack does "
        "not record",
        "portal.json: Observation o7: LOINC 38267-1 (Lumbar spine T-score): no value "
        "(dataAbsentReason)",
        "portal.json: Observation o8: 'Hip T-score (local code)' (no LOINC code): not a DEXA "
        "result or lab test bonetrack knows",
    ]
    assert planned.notes == [READING_NOTE]
    assert planned.others == "Not read (not DEXA or lab results): 1 Patient."
    # set aside for the lab reader, in the order of the bundle
    assert [place for place, _ in read.other_observations] == [
        f"portal.json: Observation {i}" for i in ("o4", "l1", "l2", "l3", "l4", "l5")
    ]
    assert list(read.places) == [
        f"portal.json: Observation {i}"
        for i in ("o1", "o2", "o3", "o4", "o5", "o6", "o7", "o8", "l1", "l2", "l3", "l4", "l5")
    ]


def test_an_observation_with_components_is_one_site() -> None:
    scan = one_scan(json.loads(fixture("observation-panel-components.json")))
    assert scan == SiteScan(
        date(2021, 9, 20), "lumbar-spine", 0.934, -0.9, 0.3, "Hologic Discovery W", None,
        "from FHIR",
    )  # fmt: skip


def test_both_hips_keep_the_side_with_the_lower_t_score() -> None:
    planned = site_scans(read_fhir_json(fixture("observation-both-hips.json")), TODAY, "n")
    assert [(s.site, s.bmd, s.t_score, s.note) for s in planned.scans] == [
        ("total-hip", 0.744, -1.9, "n (right side)")
    ]
    assert [s.line for s in planned.skipped] == [
        "Observation at /entry/0/resource: left total hip on 2023-06-01: bonetrack keeps one "
        "total hip result per date: the right side, with the lower T-score (or BMD), was kept"
    ]


@pytest.mark.parametrize(
    "quantity",
    [
        {"value": 0.812, "unit": "g/cm2"},
        {"value": 0.812, "unit": "g/cm²"},
        {"value": 0.812, "unit": "g/cm^2"},
        {"value": 0.812, "unit": "g/cm²", "code": "g/cm-2"},  # the HL7 example's UCUM spelling
        {"value": 0.812, "unit": "G / CM2"},
        {"value": 0.812},  # a bare number is g/cm², as `scan add` reads it
        {"value": 812, "unit": "mg/cm2"},
    ],
)
def test_bmd_units(quantity: dict[str, object]) -> None:
    assert one_scan(observation("24966-4", quantity)).bmd == 0.812


def test_a_bmd_in_another_unit_or_a_score_with_a_unit_is_skipped() -> None:
    document = {
        "resourceType": "Bundle",
        "entry": [
            {"resource": observation("24966-4", {"value": 0.8, "unit": "g/cm3"}, id="a")},
            {"resource": observation("38267-1", {"value": -1.2, "unit": "g/cm2"}, id="b")},
            {"resource": observation("38267-1", {"value": -1.2, "comparator": "<"}, id="c")},
            {"resource": observation("38267-1", {"unit": "{T-score}"}, id="d")},
            {"resource": observation("38267-1", {"value": True}, id="e")},
            {"resource": observation("38267-1", None, id="f", valueString="-1.2")},
        ],
    }
    assert reasons(document) == [
        "Observation a: LOINC 24966-4 (Lumbar spine BMD): BMD in 'g/cm3', not g/cm²",
        "Observation b: LOINC 38267-1 (Lumbar spine T-score): a T-score in 'g/cm2'",
        "Observation c: LOINC 38267-1 (Lumbar spine T-score): a value with comparator '<' is "
        "not exact",
        "Observation d: LOINC 38267-1 (Lumbar spine T-score): valueQuantity has no number",
        "Observation e: LOINC 38267-1 (Lumbar spine T-score): valueQuantity has no number",
        "Observation f: LOINC 38267-1 (Lumbar spine T-score): no valueQuantity",
    ]


@pytest.mark.parametrize(
    ("effective", "day"),
    [
        ({"effectiveDateTime": "2024-03-14"}, date(2024, 3, 14)),
        # the day as written in its own offset: late evening in New York is still the 14th
        ({"effectiveDateTime": "2024-03-14T23:30:00-05:00"}, date(2024, 3, 14)),
        ({"effectiveDateTime": "2024-02-29T08:00:00Z"}, date(2024, 2, 29)),
        ({"effectivePeriod": {"start": "2024-03-14T09:00:00+01:00"}}, date(2024, 3, 14)),
    ],
)
def test_the_scan_date(effective: dict[str, Any], day: date) -> None:
    obs = observation("38267-1", {"value": -1.0})
    del obs["effectiveDateTime"]
    assert one_scan({**obs, **effective}).scan_date == day


@pytest.mark.parametrize(
    ("effective", "reason"),
    [
        ({}, "no effectiveDateTime (the scan date)"),
        ({"effectiveDateTime": "2024-03"}, "effectiveDateTime '2024-03' gives no day"),
        ({"effectiveDateTime": "2023-02-29"}, "effectiveDateTime '2023-02-29' is not a real date"),
        ({"effectiveDateTime": "14/03/2024"}, "effectiveDateTime '14/03/2024' is not a FHIR date"),
    ],
)
def test_a_result_without_a_usable_day_is_skipped(effective: dict[str, Any], reason: str) -> None:
    obs = observation("38267-1", {"value": -1.0}, id="x")
    del obs["effectiveDateTime"]
    assert reasons({**obs, **effective}) == [
        f"Observation x: LOINC 38267-1 (Lumbar spine T-score): {reason}"
    ]


@pytest.mark.parametrize(
    ("code", "words", "site"),
    [
        ("38261-4", {"text": "Femoral neck BMD"}, "femoral-neck"),  # 'Hip' code, neck words
        ("24701-5", {"text": "Total hip BMD"}, "total-hip"),  # 'Femur' code, total hip words
        ("38261-4", {"text": "Hip [Mass/Area] Bone density by DXA"}, "total-hip"),
    ],
)
def test_hip_and_femur_codes_follow_the_observations_words(
    code: str, words: dict[str, str], site: str
) -> None:
    obs = observation(code, {"value": 0.8, "unit": "g/cm2"})
    obs["code"].update(words)
    planned = site_scans(read_fhir(obs), TODAY, "n")
    assert [s.site for s in planned.scans] == [site]
    # only LOINC's own wording leaves the reading unconfirmed
    assert planned.notes == ([READING_NOTE] if "[" in words["text"] else [])


def test_a_hip_region_bonetrack_does_not_record_is_skipped() -> None:
    obs = observation("38261-4", {"value": 0.7}, id="t", bodySite={"text": "Greater trochanter"})
    assert reasons(obs) == [
        "Observation t: LOINC 38261-4 (Hip BMD): a hip region bonetrack does not record "
        "(Greater trochanter)"
    ]


def test_the_side_from_the_body_site_and_a_plain_code_reported_twice_is_one() -> None:
    document = {
        "resourceType": "Bundle",
        "entry": [
            {"resource": observation("38264-8", {"value": -2.0}, bodySite={"text": "Left hip"})},
            {"resource": observation("80946-7", {"value": -2.0})},
            {"resource": observation("46278-8", {"value": 0.71, "unit": "g/cm2"})},
        ],
    }
    planned = site_scans(read_fhir(document), TODAY, "n")
    assert [(s.site, s.bmd, s.t_score, s.note) for s in planned.scans] == [
        ("total-hip", 0.71, -2.0, "n (left side)")
    ]
    assert planned.skipped == []


def test_the_same_observation_twice_counts_once_and_two_values_are_refused() -> None:
    same = observation("38267-1", {"value": -1.5}, id="s")
    twice = {"resourceType": "Bundle", "entry": [{"resource": same}, {"resource": same}]}
    assert one_scan(twice).t_score == -1.5
    other = observation("38267-1", {"value": -1.7}, id="t")
    clash = {"resourceType": "Bundle", "entry": [{"resource": same}, {"resource": other}]}
    with pytest.raises(InputError) as refused:
        site_scans(read_fhir(clash), TODAY, "n")
    assert refused.value.message == (
        "Observation s and Observation t give two T-scores for the lumbar spine on 2024-03-14 "
        "(-1.5 and -1.7): which is right cannot be told."
    )


@pytest.mark.parametrize(
    ("obs", "message"),
    [
        (
            observation("24966-4", {"value": 2.5, "unit": "g/cm2"}, id="a"),
            "Observation a: BMD 2.5 g/cm² is outside the plausible range 0.2-2 g/cm².",
        ),
        (
            observation("38267-1", {"value": -8}, id="b"),
            "Observation b: T-score -8 is outside the plausible range -7 to +7.",
        ),
        (
            observation("38267-1", {"value": -1}, id="c", effectiveDateTime="2026-11-23"),
            "Observation c: the scan date 2026-11-23 is in the future; record scans already done.",
        ),
    ],
)
def test_values_scan_add_refuses_are_refused(obs: dict[str, Any], message: str) -> None:
    with pytest.raises(InputError) as refused:
        site_scans(read_fhir(obs), TODAY, "n")
    assert refused.value.message == message


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"{", "not JSON (Expecting property name enclosed in double quotes at line 1)."),
        (b'{"a": "\xc3\x28"}', "not JSON: it is not UTF-8 text."),
        (b"[1, 2]", "not a FHIR resource: a JSON object with a resourceType is expected."),
        (b'{"id": "x"}', "not a FHIR resource: a JSON object with a resourceType is expected."),
        (b"[" * 100_000, "not usable JSON: nested too deeply."),
    ],
)
def test_what_is_not_fhir_json_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(InputError) as refused:
        read_fhir_json(data)
    assert refused.value.message == message
