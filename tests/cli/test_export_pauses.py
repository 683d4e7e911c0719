"""Pauses in the export format (version 2), and the settings of the daily-life features
(the date order, each calendar event's SEQUENCE): exported, checked on import as
`bonetrack pause` and `config set` check them, merged, narrowed, round-tripped."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.cli.test_export import SCHEMA, ok, read_zip, without_uids
from tests.cli.test_export_v2 import bad_import
from tests.cli.test_import import data, export_doc, write
from tests.conftest import CliCall, Freeze

HOLIDAY = 'holiday, with "family"'
STORED = "2026-11-22T07:30:00+00:00"


def record_pauses(cli: CliCall, frozen: Freeze, tmp_path: Path, *db: str) -> None:
    """A past holiday, a pause ahead, an open-ended one, a medicine's; the date order set
    and a calendar file written (its events' sequences kept in the settings)."""
    frozen("2026-11-22 08:30")
    ok(cli, *db, "med", "add", "alendronate", "--from", "2026-11-02")
    for args in (
        ("--all", "--from", "2026-11-10", "--to", "2026-11-16", "--reason", HOLIDAY),
        ("--kind", "exercise", "--type", "impact", "--from", "2026-11-01", "--reason", "wrist"),
        ("--kind", "k2", "--from", "2026-12-20", "--to", "2027-01-03"),
        ("--med", "fosamax", "--from", "2026-11-20", "--to", "2026-11-30", "--reason", "dentist"),
    ):
        ok(cli, *db, "pause", *args)
    ok(cli, *db, "config", "set", "date-order", "dmy")
    ok(cli, *db, "remind", "--ics", str(tmp_path / f"{len(db)}.ics"))


def pause(target: str, first: str, last: str | None, reason: str | None) -> dict[str, Any]:
    return {"target": target, "from": first, "to": last, "reason": reason, "source": "cli",
            "created_at": STORED}  # fmt: skip


EXPECTED = [  # in the order of their first day
    pause("exercise:impact", "2026-11-01", None, "wrist"),
    pause("all", "2026-11-10", "2026-11-16", HOLIDAY),
    pause("medicine:alendronate", "2026-11-20", "2026-11-30", "dentist"),
    pause("k2", "2026-12-20", "2027-01-03", None),
]


def test_pauses_and_the_new_settings_are_exported(
    cli: CliCall, frozen: Freeze, tmp_path: Path
) -> None:
    import jsonschema

    record_pauses(cli, frozen, tmp_path)
    doc = export_doc(cli)
    assert doc["version"] == 2
    assert without_uids(doc["pauses"]) == EXPECTED
    settings = doc["settings"]
    assert settings["config.date_order"] == "dmy"
    events = {k: v for k, v in settings.items() if k.startswith("ics.event.")}
    assert sorted(events) == [
        "ics.event.checkin", "ics.event.scan", "ics.event.symptoms",
    ]  # fmt: skip
    assert all(
        v.startswith("0 ") and v.endswith(" 2026-11-22T07:30:00+00:00") for v in events.values()
    )
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text())).validate(doc)
    # CSV: one file of pauses, the reason's quotes doubled
    target = tmp_path / "export.zip"
    ok(cli, "export", "--format", "csv", "--out", str(target))
    lines = read_zip(target.read_bytes())["pauses.csv"].split("\r\n")
    assert lines[0] == "uid,target,from,to,reason,source,created_at"
    assert [line.split(",", 1)[1] for line in lines[1:-1]] == [
        f"exercise:impact,2026-11-01,,wrist,cli,{STORED}",
        f'all,2026-11-10,2026-11-16,"holiday, with ""family""",cli,{STORED}',
        f"medicine:alendronate,2026-11-20,2026-11-30,dentist,cli,{STORED}",
        f"k2,2026-12-20,2027-01-03,,cli,{STORED}",
    ]


def test_pauses_import_into_a_new_database_and_round_trip(
    cli: CliCall, frozen: Freeze, tmp_path: Path
) -> None:
    record_pauses(cli, frozen, tmp_path)
    doc = export_doc(cli)
    for form, source in (
        ("json", write(tmp_path / "export.json", doc)),
        ("csv", tmp_path / "export.zip"),
    ):
        if form == "csv":
            ok(cli, "export", "--format", "csv", "--out", str(source))
        target = str(tmp_path / f"{form}.db")
        out = ok(cli, "--db", target, "import", str(source))
        assert "pauses                       4        0          0\n" in out
        # the same data (each device's journal is its own: there, this import comes first)
        assert data(export_doc(cli, "--db", target)) == data(doc)
        # what it means arrived too: the holiday's days are paused in the new database
        listed = json.loads(ok(cli, "--db", target, "pause", "list", "--json"))
        ours = json.loads(ok(cli, "pause", "list", "--json"))
        assert [{**p, "id": 0} for p in listed] == [{**p, "id": 0} for p in ours]
        again = ok(cli, "--db", target, "import", str(source))
        assert "pauses                       0        4          0\n" in again


def test_narrowed_exports_keep_the_pauses_of_the_window(
    cli: CliCall, frozen: Freeze, tmp_path: Path
) -> None:
    record_pauses(cli, frozen, tmp_path)
    only = json.loads(ok(cli, "export", "--kind", "pause"))  # or pauses
    assert [p["target"] for p in only["pauses"]] == [p["target"] for p in EXPECTED]
    assert (only["entries"], only["plans"], only["settings"]) == ([], [], {})
    window = json.loads(ok(cli, "export", "--from", "2026-11-17", "--to", "2026-11-25"))
    # the open-ended pause and the medicine's cover days of the window; the holiday ended
    # before it, the K2 pause starts after it
    assert [p["target"] for p in window["pauses"]] == ["exercise:impact", "medicine:alendronate"]
    other = json.loads(ok(cli, "export", "--kind", "scans"))
    assert other["pauses"] == []


def test_each_pause_is_checked_as_pause_checks_it(
    cli: CliCall, frozen: Freeze, tmp_path: Path
) -> None:
    record_pauses(cli, frozen, tmp_path)
    doc = export_doc(cli)
    target = tmp_path / "new.db"
    ok(cli, "--db", str(target), "log", "k2", "90mcg")  # a database in use
    cases = [
        (0, {"target": "k3"}, "/pauses/0/target: unknown kind 'k3'. Did you mean 'k2'? Kinds: "
         "k2, calcium, vitamin-d, exercise."),
        (0, {"target": "exercise:yoga"}, "/pauses/0/target: unknown exercise type 'yoga'. "
         "Types: strength, impact, balance, aerobic, walking, other."),
        (0, {"target": "all:k2"}, "/pauses/0/target: 'all:k2' is not a pause target: all, a "
         "kind (k2, calcium, vitamin-d, exercise), exercise:TYPE or medicine:NAME."),
        (0, {"target": "medicine:Fosamax"}, "/pauses/0/target: 'medicine:Fosamax' is not a "
         "pause target: all, a kind (k2, calcium, vitamin-d, exercise), exercise:TYPE or "
         "medicine:NAME."),
        (0, {"target": "medicine:"}, "/pauses/0/target: 'medicine:' is not a pause target: "
         "all, a kind (k2, calcium, vitamin-d, exercise), exercise:TYPE or medicine:NAME."),
        (1, {"to": "2026-11-09"}, "/pauses/1/to: --to 2026-11-09 is before --from 2026-11-10."),
        (1, {"from": "20/11/2026"}, "/pauses/1/from: '20/11/2026' is not a date (YYYY-MM-DD)."),
        (1, {"reason": "a\nb"}, "/pauses/1/reason: reason cannot contain control characters "
         "such as a newline or escape."),
        (1, {"reason": "x" * 201}, "/pauses/1/reason: reason is too long: at most 200 "
         "characters."),
    ]  # fmt: skip
    for index, change, message in cases:
        bad = json.loads(json.dumps(doc))
        bad["pauses"][index].update(change)
        assert bad_import(cli, tmp_path, bad, target) == message, change
    for key, value, message in (
        ("config.date_order", "dym", "/settings/value: unknown date order 'dym': "
         "use dmy (20/11/2026), mdy (11/20/2026) or ymd (2026/11/20), or default."),
        ("ics.event.scan", "1 x", "/settings/value: '1 x' is not a calendar event's "
         "sequence, hash and time."),
        ("ics.event.party", "0 0123456789abcdef 2026-11-22T07:30:00+00:00",
         "/settings/key: 'ics.event.party' is not a bonetrack setting."),
    ):  # fmt: skip
        bad = json.loads(json.dumps(doc))
        bad["settings"][key] = value
        assert bad_import(cli, tmp_path, bad, target) == message, key


def test_the_same_pause_made_on_two_devices_is_one_pause(
    cli: CliCall, frozen: Freeze, tmp_path: Path
) -> None:
    frozen("2026-11-22 08:30")
    laptop, desktop = str(tmp_path / "laptop.db"), str(tmp_path / "desktop.db")
    for db in (laptop, desktop):
        ok(cli, "--db", db, "pause", "--all", "--from", "2026-12-20", "--to", "2027-01-03",
           "--reason", "holiday")  # fmt: skip
    ok(cli, "--db", desktop, "pause", "--kind", "k2", "--from", "2026-11-01", "--reason", "GP")
    source = write(tmp_path / "desktop.json", export_doc(cli, "--db", desktop))
    merged = ok(cli, "--db", laptop, "import", str(source))
    # same item from the same day, same content: one pause; the other device's K2 pause added
    assert "pauses                       1        1          0\n" in merged
    assert ok(cli, "--db", laptop, "pause", "list") == (
        "#2 K2 from 2026-11-01 until resumed: GP\n"
        "#1 supplements and exercise 2026-12-20 to 2027-01-03: holiday\n"
    )
    # the same pause with another reason is a conflict, kept as it is unless preferred
    doc = export_doc(cli, "--db", desktop)
    doc["pauses"][1]["reason"] = "holiday in Lisbon"
    changed = ok(cli, "--db", laptop, "import", str(write(tmp_path / "d2.json", doc)))
    assert "reason differ; kept ours." in changed
