"""Apple Health's export.xml, streamed: the records bonetrack uses, every quirk of real exports,
and XML that must be refused (entities, external DTDs, too deep, too large)."""

from __future__ import annotations

import io
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from bonetrack.domain.apple_health import (
    AppleHealthExport,
    HealthFall,
    HealthItem,
    HealthWorkout,
)
from bonetrack.domain.food import DietaryIntake, record_key
from bonetrack.errors import InputError

FIXTURES = Path(__file__).parent.parent / "fixtures" / "apple_health"
NOW = datetime(2026, 4, 6, 12, 0, tzinfo=UTC)
CET = timezone(timedelta(hours=1))
CEST = timezone(timedelta(hours=2))
EDT = timezone(timedelta(hours=-4))


def read(
    data: bytes, now: datetime = NOW, **kw: object
) -> tuple[AppleHealthExport, list[HealthItem]]:
    export = AppleHealthExport(io.BytesIO(data), now, **kw)  # type: ignore[arg-type]
    return export, list(export)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def day_totals(items: list[HealthItem]) -> dict[tuple[date, str], float]:
    """Per day and nutrient, each record key once (as the store adds them)."""
    totals: dict[tuple[date, str], float] = defaultdict(float)
    seen = set()
    for item in items:
        if isinstance(item, DietaryIntake) and item.record_key not in seen:
            seen.add(item.record_key)
            totals[(item.day, item.nutrient)] += item.amount
    return dict(totals)


def test_the_dietary_records_summed_per_local_day() -> None:
    export, items = read(fixture("export.xml"))
    assert day_totals(items) == {
        # 300 mg (and the same record again), 0.25 g, and 400 mg that the food
        # Correlation repeats: only top-level records count
        (date(2026, 3, 28), "calcium"): 950.0,
        (date(2026, 3, 28), "vitamin-d"): 320.0,  # 5 mcg = 200 IU, and 120 IU
        (date(2026, 3, 28), "vitamin-k"): 125.0,  # 80 mcg and 0.045 mg
        # the spring clock change: 01:30 +0100 and 03:30 +0200, the same local day
        (date(2026, 3, 29), "calcium"): 300.0,
        # in New York at 23:30 -0400 (already 3 April in UTC): the day where she was
        (date(2026, 4, 2), "calcium"): 500.0,
        (date(2026, 4, 3), "vitamin-d"): 0.0,  # a recorded zero stays a zero
    }
    calcium = [i for i in items if isinstance(i, DietaryIntake) and i.nutrient == "calcium"]
    assert [(i.amount, i.source_app) for i in calcium[:3]] == [
        (300.0, "MyFitnessPal"),
        (300.0, "MyFitnessPal"),  # the exact duplicate: the same key, added once by the store
        (250.0, "Lifesum"),
    ]
    assert (
        calcium[0].record_key
        == calcium[1].record_key
        == record_key(
            "HKQuantityTypeIdentifierDietaryCalcium",
            "MyFitnessPal",
            "2026-03-28 08:10:00 +0100",
            "2026-03-28 08:10:00 +0100",
            "300",
        )
    )
    assert all(i.source == "apple-health" for i in calcium)
    assert export.records == 22  # every Record element, nested ones too
    assert export.export_date == "2026-04-06 09:12:44 +0100"
    assert export.version == 14


def test_workouts_mapped_to_exercise_types_with_their_minutes() -> None:
    _, items = read(fixture("export.xml"))
    workouts = [i for i in items if isinstance(i, HealthWorkout)]
    watch = "Jane’s Apple Watch"  # &#8217; in the file
    assert [(w.start, w.minutes, w.activity, w.exercise_type, w.source_app) for w in workouts] == [
        (datetime(2026, 3, 28, 18, 0, 10, tzinfo=CET), 45.5, "TraditionalStrengthTraining",
         "strength", watch),
        # the duration attribute (moving time), not end - start (which includes the pause)
        (datetime(2026, 3, 29, 10, 2, tzinfo=CEST), 32.016667, "Walking", "walking", watch),
        (datetime(2026, 3, 30, 18, 0, tzinfo=CEST), 60.0, "Yoga", "balance", "Down Dog"),
        (datetime(2026, 3, 31, 8, 0, 30, tzinfo=CEST), 20.0, "TaiChi", "balance", watch),
        # an old export's totalDistance/totalEnergyBurned attributes change nothing
        (datetime(2026, 4, 1, 7, 4, tzinfo=CEST), 25.25, "Running", "aerobic", watch),
        (datetime(2026, 4, 2, 9, 0, tzinfo=EDT), 50.0, "Pilates", "other", watch),
        # Strava writes no duration: start to end
        (datetime(2026, 4, 4, 7, 0, tzinfo=CEST), 75.0, "Cycling", "aerobic", "Strava"),
    ]  # fmt: skip
    assert workouts[0].activity_label == "Traditional Strength Training"
    assert workouts[0].key == record_key(
        "HKWorkoutActivityTypeTraditionalStrengthTraining",
        "Jane’s Apple Watch",
        "2026-03-28 18:00:10 +0100",
        "2026-03-28 18:45:40 +0100",
        "45.5",
    )


def test_what_cannot_be_stored_is_skipped_and_listed() -> None:
    export, items = read(fixture("export.xml"), now=datetime(2026, 4, 4, 20, tzinfo=UTC))
    # the fall of 5 April is after this `now`; a workout of no duration records nothing
    assert [s.text for s in export.skips] == [
        "line 223: NumberOfTimesFallen record: dated 2026-04-05, after today",
        "line 247: workout (Other): no duration",
    ]
    assert export.skipped == 2
    assert not any(isinstance(i, HealthFall) for i in items)


def test_a_fall_from_apple_watch_fall_detection() -> None:
    export, items = read(fixture("export.xml"))
    falls = [i for i in items if isinstance(i, HealthFall)]
    assert [(f.at, f.count, f.source_app) for f in falls] == [
        (datetime(2026, 4, 5, 7, 12, 2, tzinfo=CEST), 1, "Jane’s Apple Watch")
    ]
    assert export.used == {"calcium": 7, "vitamin-d": 3, "vitamin-k": 2, "workout": 7, "fall": 1}


def test_ios16s_malformed_dtd_and_vertical_tabs_are_accepted() -> None:
    """Export version 12 left an ATTLIST open (expat refuses it) and wrote U+000B."""
    export, items = read(fixture("export-ios16.xml"))
    assert export.version == 12
    assert day_totals(items) == {(date(2022, 10, 30), "calcium"): 500.0}  # the autumn change
    sources = [i.source_app for i in items if isinstance(i, DietaryIntake)]
    assert sources == ["Janes iPhone", "Janes iPhone"]
    (workout,) = [i for i in items if isinstance(i, HealthWorkout)]
    assert (workout.exercise_type, workout.minutes, workout.source_app) == (
        "strength",
        30.0,
        "Janes AppleWatch",
    )


def test_an_export_without_dietary_records() -> None:
    export, items = read(fixture("export-no-dietary.xml"), now=datetime(2026, 5, 2, tzinfo=UTC))
    assert day_totals(items) == {}
    assert [(type(i).__name__, getattr(i, "exercise_type", None)) for i in items] == [
        ("HealthWorkout", "walking")
    ]
    assert export.records == 3


def test_the_first_exports_compact_dates() -> None:
    _, items = read(fixture("export-ios8.xml"))
    assert day_totals(items) == {(date(2015, 6, 16), "calcium"): 350.0}


def test_records_before_the_birth_year_are_skipped() -> None:
    export, items = read(fixture("export-ios8.xml"), birth_year=2016)
    assert items == []
    assert [s.text for s in export.skips] == [
        "line 4: DietaryCalcium record: dated 2015-06-16, before your birth year (2016)"
    ]


def export_with(record: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<HealthData locale="en_US">\n'
        f" {record}\n</HealthData>\n"
    ).encode()


def calcium(**attrs: str) -> str:
    values = {
        "type": "HKQuantityTypeIdentifierDietaryCalcium",
        "sourceName": "MyFitnessPal",
        "unit": "mg",
        "startDate": "2026-03-28 08:10:00 +0100",
        "endDate": "2026-03-28 08:10:00 +0100",
        "value": "300",
        **attrs,
    }
    return "<Record " + " ".join(f'{k}="{v}"' for k, v in values.items() if v != "-") + "/>"


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (calcium(unit="IU"), "line 3: DietaryCalcium: unknown unit 'IU' for calcium (known: g, "
         "mcg, mg, ug, µg, μg)."),
        (calcium(unit="kcal"), "line 3: DietaryCalcium: unknown unit 'kcal' for calcium (known: "
         "g, mcg, mg, ug, µg, μg)."),
        (calcium(unit="-"), "line 3: a DietaryCalcium record without unit."),
        (calcium(value="three"), "line 3: DietaryCalcium: 'three' is not a number."),
        (calcium(value="-5"), "line 3: DietaryCalcium: -5 is not a possible amount."),
        (calcium(value="nan"), "line 3: DietaryCalcium: nan is not a possible amount."),
        (calcium(value="30", unit="g"), "line 3: DietaryCalcium: 30000 mg of calcium in one "
         "record is not plausible (more than 20000 mg); check the unit."),
        (calcium(startDate="2026-03-28T08:10:00Z"), "line 3: startDate '2026-03-28T08:10:00Z' "
         "is not a date like 2016-04-02 10:40:38 +0100."),
        (calcium(startDate="2026-02-30 08:10:00 +0100"), "line 3: startDate '2026-02-30 "
         "08:10:00 +0100' is not a real time (day is out of range for month)."),
        (calcium(sourceName="-"), "line 3: a DietaryCalcium record without sourceName."),
        ('<Record type="HKQuantityTypeIdentifierNumberOfTimesFallen" sourceName="W" '
         'unit="count" startDate="2026-03-28 08:10:00 +0100" endDate="2026-03-28 08:10:00 '
         '+0100" value="1.5"/>', "line 3: NumberOfTimesFallen: 1.5 falls is not a whole number."),
        ('<Workout workoutActivityType="HKWorkoutActivityTypeYoga" duration="3" durationUnit='
         '"fortnight" sourceName="W" startDate="2026-03-28 08:10:00 +0100" endDate="2026-03-28 '
         '08:40:00 +0100"/>', "line 3: Workout: unknown durationUnit 'fortnight'."),
    ],
)  # fmt: skip
def test_a_record_that_cannot_be_read_refuses_the_import(record: str, message: str) -> None:
    with pytest.raises(InputError) as refused:
        read(export_with(record))
    assert refused.value.message == message


def test_vitamin_units() -> None:
    _, items = read(
        export_with(
            calcium(type="HKQuantityTypeIdentifierDietaryVitaminD", unit="µg", value="10")
            + calcium(type="HKQuantityTypeIdentifierDietaryVitaminK", unit="ug", value="90",
                      startDate="2026-03-28 09:00:00 +0100")
            + calcium(unit="mcg", value="1500", startDate="2026-03-28 10:00:00 +0100")
        )
    )  # fmt: skip
    assert day_totals(items) == {
        (date(2026, 3, 28), "vitamin-d"): 400.0,
        (date(2026, 3, 28), "vitamin-k"): 90.0,
        (date(2026, 3, 28), "calcium"): 1.5,
    }


def test_long_workouts_and_seconds() -> None:
    workout = (
        '<Workout workoutActivityType="HKWorkoutActivityType{kind}" duration="{d}" '
        'durationUnit="{u}" sourceName="W" startDate="2026-03-2{day} 08:00:00 +0100" '
        'endDate="2026-03-2{day} 09:00:00 +0100"/>'
    )
    export, items = read(
        export_with(
            workout.format(kind="Hiking", d="1500", u="s", day=1)
            + workout.format(kind="Walking", d="25", u="hr", day=2)
        )
    )
    assert [(i.minutes, i.exercise_type) for i in items if isinstance(i, HealthWorkout)] == [
        (25.0, "walking")
    ]
    assert [s.text for s in export.skips] == [
        "line 3: workout (Walking): 25 h 0 min: longer than a day"
    ]


# --- XML that is refused ------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("billion-laughs.xml", "the XML declares entities in its DTD: refused (entities can "
         "expand a small file into gigabytes, or read other files; Apple Health exports declare "
         "none)."),
        ("external-entity.xml", "the XML declares entities in its DTD: refused (entities can "
         "expand a small file into gigabytes, or read other files; Apple Health exports declare "
         "none)."),
    ],
)  # fmt: skip
def test_entities_are_refused_before_any_is_read(name: str, message: str) -> None:
    with pytest.raises(InputError) as refused:
        read(fixture(name))
    assert refused.value.message == message


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'<?xml version="1.0"?><!DOCTYPE HealthData SYSTEM "http://example.org/h.dtd">'
         b"<HealthData/>", "the XML names an external DTD (SYSTEM or PUBLIC): refused, "
         "bonetrack reads no file or address an import names."),
        (b'<!DOCTYPE HealthData PUBLIC "-//x//EN" "h.dtd"><HealthData/>', "the XML names an "
         "external DTD (SYSTEM or PUBLIC): refused, bonetrack reads no file or address an "
         "import names."),
        (b'<!DOCTYPE HealthData [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]><HealthData/>',
         "the XML declares entities in its DTD: refused (entities can expand a small file into "
         "gigabytes, or read other files; Apple Health exports declare none)."),
        (b"<!DOCTYPE HealthData [ %p; ]><HealthData/>",
         "the XML's DTD uses parameter entities: refused."),
        # an entity used without a DTD: expat does not expand it, and bonetrack refuses
        (b'<HealthData>\n<Record type="&lol;"/></HealthData>',
         "line 2: an entity reference bonetrack does not expand: refused."),
        (b"<HealthData><ExportDate value='x'/>", "line 1: the XML ends before its elements do "
         "(a truncated file?)."),
        (b"<ClinicalDocument/>", "not an Apple Health export: its root element is "
         "<ClinicalDocument>, not <HealthData>."),
        (b"", "no XML elements in it."),
        (b"PK\x03\x04 not xml", "line 1: not well-formed XML (syntax error)."),
        (b"\xff\xfe<\x00H\x00", "the XML is UTF-16, not UTF-8 as Apple Health writes it."),
        (b"<HealthData>" + b"<a>" * 40, "line 1: elements nested more than 32 deep."),
    ],
)  # fmt: skip
def test_xml_that_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(InputError) as refused:
        read(data)
    assert refused.value.message == message


def test_a_dtd_that_never_ends_and_a_tag_too_large_are_refused() -> None:
    with pytest.raises(InputError) as refused:
        read(b"<!DOCTYPE HealthData [ <!-- " + b"x" * (2 << 20))
    assert refused.value.message == (
        "the XML declaration and DTD do not end within the first 1 MB: refused."
    )
    with pytest.raises(InputError) as refused:
        read(b'<HealthData><Record type="' + b"x" * (18 << 20) + b'"/></HealthData>')
    assert refused.value.message == (
        "line 1: no new element in 16 MB (one tag that large is not an export's)."
    )


def test_a_dtd_split_across_chunks_and_line_numbers_kept() -> None:
    """The DOCTYPE is blanked line for line: errors name the file's own lines."""
    head = fixture("export.xml")
    dtd_end = head.index(b"<HealthData")
    bad = head[:dtd_end] + b'<HealthData>\n <Record type="x" value="1"/>\n <Oops>\n</HealthData>'
    with pytest.raises(InputError) as refused:
        read(bad)
    line = bad[: bad.index(b"</HealthData>")].count(b"\n") + 1
    assert line == 185  # 181 lines of DTD and XML declaration, then the root, a record, <Oops>
    assert refused.value.message == f"line {line}: not well-formed XML (mismatched tag)."


def test_progress_counts_the_bytes_read() -> None:
    data = fixture("export.xml")
    seen: list[int] = []
    export = AppleHealthExport(io.BytesIO(data), NOW, progress=seen.append)
    list(export)
    assert sum(seen) == len(data)
