"""Medicine schedules, medicine doses and lab results in the export format (version 2).

Each record is checked as `med add`/`med edit`/`med stop`, `med take` and `lab add`
check what they store; the registry in export_tables.py lists the fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bonetrack.domain.export_format import SOURCE_CHARS, Values, as_float, utc_iso

if TYPE_CHECKING:
    from bonetrack.domain.kinds import Kind

# --- medicine schedules ----------------------------------------------------------


def dump_medicine(row: Mapping[str, Any]) -> dict[str, Any]:
    from bonetrack.domain.kinds import MEDICINE_KIND
    from bonetrack.domain.medicines import WEEKDAYS

    weekday = row["weekday"]
    return {
        "uid": row["uid"],
        "name": row["name"],
        "dose": as_float(row["dose"]),
        "unit": MEDICINE_KIND.unit,
        "every_count": row["every_count"],
        "every_unit": row["every_unit"],
        "weekday": None if weekday is None else WEEKDAYS[weekday],
        "route": row["route"],
        "fasting_min": row["fasting_min"],
        "valid_from": row["valid_from"].isoformat(),
        "active": bool(row["active"]),
        "created_at": utc_iso(row["created_at"]),
    }


def load_medicine(v: Values) -> dict[str, Any]:
    from bonetrack.domain.amounts import check_amount
    from bonetrack.domain.kinds import MEDICINE_KIND
    from bonetrack.domain.medicines import (
        NAME_LIMIT,
        UNITS,
        MedicineVersion,
        check_every,
        check_schedule,
        medicine_key,
        parse_route,
        parse_weekday,
    )
    from bonetrack.errors import InputError

    name = v.check("name", medicine_key, v.text("name", NAME_LIMIT, required=True))
    dose = v.number("dose")
    if dose is not None:
        v.check("dose", check_amount, MEDICINE_KIND, dose)
    v.unit("unit", MEDICINE_KIND.unit, "medicine doses")
    every_unit = str(v.text("every_unit", 8, required=True))
    if every_unit not in UNITS:
        v.fail("every_unit", f"'{every_unit}' must be one of {', '.join(UNITS)}.")
    count = v.integer("every_count", required=True)
    every = v.check("every_count", check_every, count, every_unit)
    weekday = v.text("weekday", 16)
    route = v.text("route", 16, required=True)
    fasting = v.integer("fasting_min")
    version = MedicineVersion(
        name=name,
        dose_mcg=dose,
        every=every,
        weekday=None if weekday is None else v.check("weekday", parse_weekday, weekday),
        route=v.check("route", parse_route, route),
        fasting_min=fasting,
        valid_from=v.day("valid_from", required=True),  # type: ignore[arg-type]
        active=bool(v.boolean("active", required=True)),
    )
    try:
        check_schedule(version)
    except InputError as exc:
        v.fail_record(exc.message)
    return version.columns()


# --- medicine doses: entries of kind medicine ------------------------------------


def dose_medicine(v: Values, kind: Kind) -> str | None:
    """An entry's `medicine`: the medicine a dose is of (its key, as `med take` stores
    it), required for a dose and refused for any other entry."""
    from bonetrack.domain.kinds import MEDICINE_KIND
    from bonetrack.domain.medicines import NAME_LIMIT, medicine_key

    name = v.text("medicine", NAME_LIMIT)
    if kind is not MEDICINE_KIND:
        if name is not None:
            v.fail("medicine", f"is for medicine doses (kind medicine), not {kind.name} entries.")
        return None
    if name is None:
        v.fail("medicine", "is missing: a medicine dose names its medicine.")
    return str(v.check("medicine", medicine_key, name))


# --- lab results ---------------------------------------------------------------------


def dump_lab_result(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "uid": row["uid"],
        "test": row["test"],
        "value": as_float(row["value"]),
        # INR has no unit: stored as '', written as null (an empty CSV cell)
        "unit": row["unit"] or None,
        "input_value": as_float(row["input_value"]),
        "input_unit": row["input_unit"] or None,
        "taken_on": row["taken_on"].isoformat(),
        "ref_low": as_float(row["ref_low"]),
        "ref_high": as_float(row["ref_high"]),
        "lab": row["lab"],
        "note": row["note"],
        "source": row["source"],
        "created_at": utc_iso(row["created_at"]),
    }


def load_lab_result(v: Values) -> dict[str, Any]:
    from bonetrack.domain.labs import (
        LAB_NAME_LIMIT,
        NOTE_LIMIT,
        check_lab_needed,
        check_lab_value,
        check_ref_range,
        format_value,
        get_test,
        with_unit,
    )
    from bonetrack.errors import InputError

    test = v.check("test", get_test, v.text("test", 32, required=True))
    typed = v.check("input_unit", test.unit, v.text("input_unit", 32) or "")
    input_value = v.number("input_value", required=True)
    assert input_value is not None
    shown = with_unit(input_value, typed)
    value = v.check("input_value", check_lab_value, test, input_value, typed, shown)
    unit = v.text("unit", 32) or ""
    if unit != typed.canonical:
        stored_in = f"in {typed.canonical}" if typed.canonical else "without a unit"
        v.fail(
            "unit", f"{test.label} results typed in {shown} are stored {stored_in}, not '{unit}'."
        )
    stored = v.number("value", required=True)
    if stored != value:
        stored_shown = f"{format_value(stored or 0)} {unit}".strip()
        v.fail(
            "value",
            f"{stored_shown} is not {shown}: the value as typed and the stored value disagree.",
        )
    low, high = v.number("ref_low"), v.number("ref_high")
    try:
        check_ref_range(low, high, ("ref_low", "ref_high"))
    except InputError as exc:
        v.fail_record(exc.message)
    lab = v.text("lab", LAB_NAME_LIMIT)
    v.check("lab", check_lab_needed, test, lab)
    return {
        "test": test.key,
        "value": value,
        "unit": typed.canonical,
        "input_value": input_value,
        "input_unit": typed.shown,
        "taken_on": v.past_day("taken_on", required=True),
        "ref_low": low,
        "ref_high": high,
        "lab": lab,
        "note": v.text("note", NOTE_LIMIT),
        "source": v.text("source", SOURCE_CHARS, required=True),
    }
