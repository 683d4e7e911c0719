"""Property: export -> import into an empty database -> export gives the same document.

Histories are generated row by row with every column a command could have
stored (notes in any script, times in any UTC offset, to the microsecond), in
both forms of the format, JSON and CSV.
"""

from __future__ import annotations

import io
import json
import shutil
import tempfile
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bonetrack.domain.amounts import parse_amount
from bonetrack.domain.dexa import SITE_NAMES
from bonetrack.domain.events import EVENT_KIND_NAMES
from bonetrack.domain.export_format import ExportData, Selection
from bonetrack.domain.export_tables import TABLES
from bonetrack.domain.food import NUTRIENTS, PLAUSIBLE_MAX, day_record_key, record_key
from bonetrack.domain.import_document import read_document
from bonetrack.domain.kinds import EXERCISE_TYPES, MEDICINE_KIND, get_kind
from bonetrack.domain.labs import TESTS, check_lab_value
from bonetrack.domain.medicines import BUILTIN
from bonetrack.errors import InputError
from bonetrack.render.export_csv import csv_members, write_zip
from bonetrack.render.export_json import write_json
from bonetrack.store.engine import open_database
from bonetrack.store.export_rows import CORE_TABLES, JOURNAL, export_data, select_rows
from bonetrack.store.import_merge import merge
from bonetrack.store.schema import metadata
from bonetrack.store.schema import settings as settings_table

NOW = datetime(2026, 11, 22, 8, 30, tzinfo=timezone(timedelta(hours=1)))
OFFSETS = [timezone(timedelta(minutes=m)) for m in (0, 60, 120, -300, 330, 345, -570)]
UNITS = {"k2": ["mcg", "µg", "mg"], "calcium": ["mg", "g"], "vitamin-d": ["IU", "mcg"],
         "exercise": ["min", "h"]}  # fmt: skip
FORMS = {"k2": ["mk7", "mk4"], "calcium": ["carbonate", "citrate", "other"],
         "vitamin-d": ["d3", "d2"], "exercise": []}  # fmt: skip

# Free text as people type it: any script, quotes, commas; never control characters.
text = st.text(
    st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\u2028\u2029"),
    min_size=1,
    max_size=30,
).filter(lambda t: t == t.strip() and bool(t))
maybe_text = st.none() | text
moments = st.builds(
    lambda seconds, micro, tz: (
        (datetime(1990, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds))
        .replace(microsecond=micro)
        .astimezone(tz)
    ),
    st.integers(0, int((NOW - datetime(1990, 1, 2, tzinfo=UTC)).total_seconds())),
    st.integers(0, 999_999),
    st.sampled_from(OFFSETS),
)
created = moments.map(lambda m: m.astimezone(UTC))
days = st.dates(date(1990, 1, 1), date(2026, 11, 21))
sources = st.sampled_from(["cli", "demo", "cronometer"])


@st.composite
def entries(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(list(UNITS)))
    number = draw(st.integers(1, 2000)) / draw(st.sampled_from([1, 10, 100]))
    try:
        amount = parse_amount(get_kind(kind), f"{number}{draw(st.sampled_from(UNITS[kind]))}")
    except InputError:
        amount = parse_amount(get_kind(kind), f"1{UNITS[kind][0]}")
    taken = draw(moments)
    return {
        "kind": kind, "amount": amount.value, "input_amount": amount.input_amount,
        "input_unit": amount.input_unit,
        "form": draw(st.none() | st.sampled_from(FORMS[kind])) if FORMS[kind] else None,
        "exercise_type": draw(st.sampled_from(EXERCISE_TYPES)) if kind == "exercise" else None,
        "note": draw(maybe_text), "taken_at": taken,
        "utc_offset_min": int(taken.utcoffset().total_seconds() // 60),  # type: ignore[union-attr]
        "local_date": taken.date(), "created_at": draw(created), "source": draw(sources),
        "medicine": None,  # an executemany takes its columns from the first row
    }  # fmt: skip


@st.composite
def plans(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(list(UNITS)))
    active = draw(st.booleans())
    amount = draw(st.none() | st.integers(1, 1000).map(float))
    times = draw(st.none() | st.integers(1, 50))
    if active and amount is None and times is None:
        times = 1
    return {
        "kind": kind,
        "exercise_type": draw(st.sampled_from(EXERCISE_TYPES)) if kind == "exercise" else None,
        "amount": amount if active else None, "per": draw(st.sampled_from(["day", "week"])),
        "times": times if active else None,
        "form": draw(st.none() | st.sampled_from(FORMS[kind])) if FORMS[kind] and active else None,
        "valid_from": draw(days), "active": active, "created_at": draw(created),
    }  # fmt: skip


@st.composite
def scans(draw: st.DrawFn) -> dict[str, Any]:
    bmd = draw(st.none() | st.integers(200, 2000).map(lambda n: n / 1000))
    return {
        "scan_date": draw(days), "site": draw(st.sampled_from(SITE_NAMES)), "bmd": bmd,
        "t_score": draw(st.integers(-70, 70).map(lambda n: n / 10) if bmd is None
                        else st.none() | st.integers(-70, 70).map(lambda n: n / 10)),
        "z_score": draw(st.none() | st.integers(-70, 70).map(lambda n: n / 10)),
        "machine": draw(maybe_text), "facility": draw(maybe_text), "note": draw(maybe_text),
        "created_at": draw(created),
    }  # fmt: skip


@st.composite
def events(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(EVENT_KIND_NAMES))
    at = draw(moments)
    fragility = st.none() | st.sampled_from(["yes", "no", "unknown"])
    return {
        "kind": kind, "occurred_at": at,
        "utc_offset_min": int(at.utcoffset().total_seconds() // 60),  # type: ignore[union-attr]
        "local_date": at.date(), "site": draw(maybe_text),
        "severity": draw(st.none() | st.integers(0, 10)),
        "fragility": draw(fragility) if kind == "fracture" else None,
        "note": draw(maybe_text), "created_at": draw(created), "source": draw(sources),
    }  # fmt: skip


heights = st.fixed_dictionaries(
    {
        "measured_on": days,
        "height_cm": st.integers(1000, 2300).map(lambda n: n / 10),
        "note": maybe_text,
        "source": sources,
        "created_at": created,
    }
)
anticoagulants = st.sampled_from(
    [(None, None), ("none", None), ("vka", None), ("vka", "warfarin"), ("doac", "apixaban")]
).flatmap(
    lambda pair: st.fixed_dictionaries(
        {
            "status": st.just(pair[0]),
            "drug": st.just(pair[1]),
            "valid_from": days,
            "created_at": created,
        }
    )
)


@st.composite
def notes(draw: st.DrawFn) -> dict[str, Any]:
    written = draw(days)
    for_visit = draw(st.booleans())
    done = draw(st.none() | st.dates(written, date(2026, 11, 21))) if for_visit else None
    return {
        "text": draw(text), "for_visit": for_visit, "written_on": written, "done_on": done,
        "source": draw(sources), "created_at": draw(created),
    }  # fmt: skip


@st.composite
def stored_settings(draw: st.DrawFn) -> dict[str, str]:
    values: dict[str, str] = {}
    birth = draw(st.none() | st.integers(1910, 2000))
    if birth is not None:
        values["profile.birth_year"] = str(birth)
    sex = draw(st.none() | st.sampled_from(["female", "male"]))
    if sex is not None:
        values["profile.sex"] = sex
    name = draw(st.none() | text)
    if name is not None:
        values["profile.name"] = name
    if sex == "female" and draw(st.booleans()):
        values["profile.menopause_year"] = str(
            min((birth or 1950) + draw(st.integers(40, 55)), 2025)
        )
    if draw(st.booleans()):
        values["config.scan_interval"] = draw(st.sampled_from(["18m", "2y", "1y", "7m"]))
    if draw(st.booleans()):
        values["lsc.total-hip"] = draw(st.sampled_from(["4.2%", "0.033g/cm2", "5%"]))
    if draw(st.booleans()):
        values["ics.calendar_id"] = draw(st.sampled_from(["0123456789abcdef", "deadbeefdeadbeef"]))
    if draw(st.booleans()):
        values["config.date_order"] = draw(st.sampled_from(["dmy", "mdy", "ymd"]))
    for reminder in draw(st.lists(st.sampled_from(EVENT_KEYS), max_size=3, unique=True)):
        # as `remind --ics` stores each event's SEQUENCE, content hash and time
        values[f"ics.event.{reminder}"] = (
            f"{draw(st.integers(0, 500))} {draw(st.from_regex(r'[0-9a-f]{16}', fullmatch=True))} "
            f"{draw(created).replace(microsecond=0).isoformat()}"
        )
    return values


EVENT_KEYS = ["scan", "checkin", "symptoms", "fracture", "medicine-denosumab", "medicine-x.y"]


@st.composite
def pauses(draw: st.DrawFn) -> dict[str, Any]:
    """A pause as `bonetrack pause` stores it (possibly ahead: a holiday paused in advance)."""
    first = draw(st.dates(date(1990, 1, 1), date(2027, 12, 31)))
    last = draw(st.none() | st.dates(first, date(2028, 12, 31)))
    target = draw(
        st.sampled_from(["all", "k2", "calcium", "vitamin-d", "exercise"])
        | st.sampled_from(EXERCISE_TYPES).map(lambda t: f"exercise:{t}")
        | st.sampled_from(MEDICINE_NAMES).map(lambda m: f"medicine:{m}")
    )
    return {
        "target": target, "first_day": first, "last_day": last, "reason": draw(maybe_text),
        "source": draw(sources), "created_at": draw(created),
    }  # fmt: skip


MEDICINE_NAMES = [m.key for m in BUILTIN] + ["calcitriol", "levothyroxine", "hrt-(estradiol)"]


@st.composite
def medicines(draw: st.DrawFn) -> dict[str, Any]:
    """A schedule version as `med add`, `med edit` or `med stop` stores it."""
    name = draw(st.sampled_from(MEDICINE_NAMES))
    builtin = name in {m.key for m in BUILTIN}
    unit = draw(st.sampled_from(["day", "week", "month"]))
    count = draw(st.integers(1, {"day": 731, "week": 104, "month": 24}[unit]))
    route = draw(st.sampled_from(["oral", "iv", "injection"]))
    dose = draw(st.integers(1, 300_000).map(float) if builtin else st.none() | st.just(10_000.0))
    return {
        "name": name, "dose": dose, "every_count": count, "every_unit": unit,
        "weekday": draw(st.integers(0, 6)) if unit == "week" else None, "route": route,
        "fasting_min": draw(st.none() | st.integers(1, 240)) if route == "oral" else None,
        "valid_from": draw(days), "active": draw(st.booleans()), "created_at": draw(created),
    }  # fmt: skip


@st.composite
def medicine_doses(draw: st.DrawFn, names: list[str]) -> dict[str, Any]:
    """A dose as `med take` stores it: an entry of kind medicine naming a scheduled one."""
    amount = parse_amount(MEDICINE_KIND, draw(st.sampled_from(["70mg", "35 mg", "20mcg", "5mg"])))
    taken = draw(moments)
    return {
        "kind": "medicine", "amount": amount.value, "input_amount": amount.input_amount,
        "input_unit": amount.input_unit, "form": None, "exercise_type": None,
        "note": draw(maybe_text), "taken_at": taken,
        "utc_offset_min": int(taken.utcoffset().total_seconds() // 60),  # type: ignore[union-attr]
        "local_date": taken.date(), "created_at": draw(created), "source": draw(sources),
        "medicine": draw(st.sampled_from(names)),
    }  # fmt: skip


@st.composite
def lab_results(draw: st.DrawFn) -> dict[str, Any]:
    """A result as `lab add` stores it: the value as typed and in its canonical unit."""
    test = draw(st.sampled_from(TESTS))
    unit = draw(st.sampled_from(test.units))
    limit = test.max_value[unit.canonical] / unit.factor
    number = draw(st.integers(100, int(limit * 100))) / 100
    low = draw(st.none() | st.integers(0, 500).map(lambda n: n / 10))
    high = draw(st.none() | st.integers(0, 500).map(lambda n: n / 10 + (low or 0)))
    lab = draw(text) if test.turnover else draw(maybe_text)
    return {
        "test": test.key, "value": check_lab_value(test, number, unit, str(number)),
        "unit": unit.canonical, "input_value": number, "input_unit": unit.shown,
        "taken_on": draw(days), "ref_low": low, "ref_high": high, "lab": lab,
        "note": draw(maybe_text), "source": draw(sources), "created_at": draw(created),
    }  # fmt: skip


@st.composite
def dietary(draw: st.DrawFn, imports: int) -> dict[str, Any]:
    """A record as an importer stores it (Cronometer's keyed by day and nutrient)."""
    source = draw(st.sampled_from(["cronometer", "apple-health"]))
    day, nutrient = draw(days), draw(st.sampled_from(NUTRIENTS))
    key = (
        day_record_key(source, day, nutrient)
        if source == "cronometer"
        else record_key(draw(text), day.isoformat())
    )
    amount = draw(st.integers(0, int(PLAUSIBLE_MAX[nutrient]) * 100)) / 100
    return {
        "local_date": day, "nutrient": nutrient, "amount": amount, "source": source,
        "source_app": draw(maybe_text), "record_key": key,
        "import_id": draw(st.integers(1, imports)),
    }  # fmt: skip


imports_made = st.fixed_dictionaries(
    {
        "source": st.sampled_from(["cronometer", "apple-health"]),
        "name": text,
        "imported_at": created,
    }
)


@st.composite
def journal_changes(draw: st.DrawFn) -> dict[str, Any]:
    """A change a command made (some undone since), as the journal stores it."""
    made = draw(created)
    undone = draw(st.none() | st.integers(0, 10**7).map(lambda s: made + timedelta(seconds=s)))
    return {
        "made_at": made, "command": draw(st.just("") | text),
        "undone_at": None if undone is None or undone > NOW else undone,
    }  # fmt: skip


# A row's values as the journal keeps them: JSON text, escaped to ASCII.
row_values = st.dictionaries(
    st.sampled_from(["id", "uid", "kind", "amount", "note", "taken_at", "key", "value"]),
    st.none() | st.integers(-(10**6), 10**6) | text,
    min_size=1,
).map(lambda values: json.dumps(values, sort_keys=True))


@st.composite
def journal_rows(draw: st.DrawFn, changes: int) -> dict[str, Any]:
    """One row a change wrote: its values before and after as the action implies."""
    action = draw(st.sampled_from(["insert", "update", "delete"]))
    return {
        "change_id": draw(st.integers(1, changes)),
        "table_name": draw(st.sampled_from(sorted(set(metadata.tables) - set(JOURNAL)))),
        "row_key": draw(st.uuids().map(str) | st.sampled_from(["profile.birth_year"])),
        "action": action,
        "before": None if action == "insert" else draw(row_values),
        "after": None if action == "delete" else draw(row_values),
    }


@st.composite
def histories(draw: st.DrawFn) -> dict[str, Any]:
    schedules = draw(st.lists(medicines(), max_size=4))
    names = sorted({m["name"] for m in schedules})
    doses = draw(st.lists(medicine_doses(names), max_size=5)) if names else []
    made = draw(st.lists(imports_made, max_size=3))
    food = draw(
        st.lists(
            dietary(len(made)), max_size=12, unique_by=lambda r: (r["source"], r["record_key"])
        )
        if made
        else st.just([])
    )
    changes = draw(st.lists(journal_changes(), max_size=3))
    return {
        "changes": changes,
        "change_rows": draw(st.lists(journal_rows(len(changes)), max_size=6)) if changes else [],
        "entries": [*draw(st.lists(entries(), max_size=12)), *doses],
        "plans": draw(st.lists(plans(), max_size=5)),
        "medicines": schedules,
        "scans": draw(
            st.lists(scans(), max_size=5, unique_by=lambda s: (s["scan_date"], s["site"]))
        ),
        "events": draw(st.lists(events(), max_size=5)),
        "heights": draw(st.lists(heights, max_size=3)),
        "anticoagulant_history": draw(st.lists(anticoagulants, max_size=3)),
        "notes": draw(st.lists(notes(), max_size=3)),
        "lab_results": draw(st.lists(lab_results(), max_size=5)),
        "imports": made,
        "dietary_intakes": food,
        "pauses": draw(
            st.lists(pauses(), max_size=4, unique_by=lambda p: (p["target"], p["first_day"]))
        ),
        "settings": draw(stored_settings()),
    }


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, empty database to copy: migrating for every example would be slow."""
    path = tmp_path_factory.mktemp("template") / "empty.db"
    open_database(str(path)).close()
    return path


@pytest.fixture(scope="module")
def empty_db(template: Path) -> Iterator[Any]:
    folder = Path(tempfile.mkdtemp(prefix="bonetrack-roundtrip-"))
    counter = iter(range(10**9))

    def make() -> Any:
        path = folder / f"{next(counter)}.db"
        shutil.copyfile(template, path)
        return open_database(str(path))

    yield make
    shutil.rmtree(folder, ignore_errors=True)


def _store(db: Any, history: dict[str, Any]) -> None:
    from sqlalchemy import insert

    with db.begin() as conn:
        for name, table in CORE_TABLES.items():  # imports first: they get ids 1, 2, ...
            if history[name]:
                conn.execute(insert(table), history[name])
        for key, value in history["settings"].items():
            conn.execute(insert(settings_table).values(key=key, value=value, updated_at=NOW))


def _contents(db: Any, own: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """Every column of every row but the local ids (a row another names by its id, by
    that one's uid), and but the journal's own change `own` (an import) and which import
    brought each change."""
    from sqlalchemy import select

    found: dict[str, Any] = {}
    with db.connect() as conn:
        for name, table in CORE_TABLES.items():
            ids = {"id", "imported_in", *(r.column for r in TABLES[name].references)}
            query = select_rows(name).order_by(table.c.uid)
            found[name] = [
                {k: v for k, v in row._mapping.items() if k not in ids}
                for row in conn.execute(query)
                if name not in JOURNAL
                or own is None
                or own not in (row._mapping["uid"], row._mapping.get("change"))
            ]
        query = select(settings_table.c.key, settings_table.c.value).order_by(settings_table.c.key)
        found["settings"] = [tuple(row) for row in conn.execute(query)]
    return found


def _own_change(db: Any, exported: ExportData) -> str | None:
    """The uid of the change made in `db` that `exported` does not hold (an import's)."""
    from sqlalchemy import select

    from bonetrack.store.schema import changes

    known = {record["uid"] for record in exported.tables["changes"]}
    with db.connect() as conn:
        made = [str(u) for u in conn.execute(select(changes.c.uid)).scalars() if u not in known]
    assert len(made) <= 1, made
    return made[0] if made else None


def _without_change(data: ExportData, uid: str | None) -> ExportData:
    """`data` without the change `uid` and its rows."""
    import dataclasses

    tables = dict(data.tables)
    tables["changes"] = [r for r in tables["changes"] if r["uid"] != uid]
    tables["change_rows"] = [r for r in tables["change_rows"] if r["change"] != uid]
    return dataclasses.replace(data, tables=tables)


def _as_json(data: ExportData) -> bytes:
    out = io.StringIO()
    write_json(out, data)
    return out.getvalue().encode()


def _as_zip(data: ExportData) -> bytes:
    out = io.BytesIO()
    write_zip(out, data)
    return out.getvalue()


def _round_trip(empty_db: Any, history: dict[str, Any], form: str) -> None:
    source, target = empty_db(), empty_db()
    try:
        _store(source, history)
        first = export_data(source, Selection(), NOW)
        written = _as_json(first) if form == "json" else _as_zip(first)
        document = read_document(written, NOW)
        with target.begin() as conn:
            result = merge(conn, document.records, prefer_theirs=False, write=True)
        assert result.total("skipped") == 0
        assert not result.conflicts
        # The import is a change of its own here, the one not in the file.
        own = _own_change(target, first)
        # Every column of every row arrived as it was stored (only the local id differs).
        assert _contents(target, own) == _contents(source)
        second = _without_change(export_data(target, Selection(), NOW), own)
        if form == "json":
            assert _as_json(second) == written
        else:
            assert list(csv_members(second)) == list(csv_members(first))
        # Importing it again adds nothing.
        with target.begin() as conn:
            again = merge(conn, document.records, prefer_theirs=False, write=True)
        assert (again.total("added"), len(again.conflicts)) == (0, 0)
    finally:
        source.close()
        target.close()


ROUND_TRIP = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@ROUND_TRIP
@given(history=histories())
def test_json_round_trip(empty_db: Any, history: dict[str, Any]) -> None:
    _round_trip(empty_db, history, "json")


@ROUND_TRIP
@given(history=histories())
def test_csv_round_trip(empty_db: Any, history: dict[str, Any]) -> None:
    _round_trip(empty_db, history, "csv")
