"""Entries dated in the user's youth, before age 9, and before the birth year (issue 17).

Ages 9-18 are judged by the fact sheet's IOM 2011 values; under 9 there are no
reference values, and bonetrack says so; a date before the birth year is a typo
and is refused before anything is stored. Reports handle any window.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import CliCall, Freeze, dump


@pytest.fixture(autouse=True)
def _clock(frozen: Freeze) -> None:
    frozen("2026-11-22 08:31")


def ok(cli: CliCall, *args: str) -> tuple[str, str]:
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    return result.stdout, result.stderr


def test_the_issue_reproduction_logs_and_judges_by_age_18(cli: CliCall) -> None:
    ok(cli, "profile", "set", "--birth-year", "2007", "--sex", "female")
    assert ok(cli, "log", "k2", "180mcg", "--at", "2025-12-31") == (
        "Logged K2 180 µg at 2025-12-31 08:31. Total on 2025-12-31: 180 µg.\n",
        "",
    )
    # 14-18: the upper limit is 3000 mg, not the adult 2500 mg
    assert ok(cli, "log", "ca", "500mg", "--at", "2025-12-31 08:00")[1] == ""
    for hour in ("09:00", "10:00", "11:00", "12:00"):
        ok(cli, "log", "ca", "500mg", "--at", f"2025-12-31 {hour}")
    out, err = ok(cli, "log", "ca", "500mg", "--at", "2025-12-31 13:00")
    assert out == "Logged Calcium 500 mg at 2025-12-31 13:00. Total on 2025-12-31: 3000 mg.\n"
    assert err == ""  # at the limit is fine
    err = ok(cli, "log", "ca", "1mg", "--force", "--at", "2025-12-31 14:00")[1]
    assert err == (
        "Warning: calcium on 2025-12-31 adds up to 3001 mg, above the upper limit of 3000 mg a "
        "day for women aged 14–18; calcium from food counts too (IOM 2011)\n"
    )


def test_under_9_has_no_reference_values_and_says_so(cli: CliCall) -> None:
    ok(cli, "profile", "set", "--birth-year", "1958", "--sex", "female")
    out, err = ok(cli, "log", "calcium", "3000mg", "--at", "1962-06-01 08:00")
    assert out == "Logged Calcium 3000 mg at 1962-06-01 08:00. Total on 1962-06-01: 3000 mg.\n"
    assert err.splitlines() == [
        "Warning: 3000 mg of calcium in one dose: take at most 500 mg at a time, as more is "
        "not all absorbed at once. Split it into doses of 500 mg or less, e.g. 6 doses of "
        "500 mg (NIH ODS)",
        "Warning: no reference values for age 4 in 1962 (IOM 2011 values start at age 9): "
        "this entry was not checked against an upper limit (IOM 2011)",
    ]
    # K2 and exercise have no upper limit to check: nothing to say
    assert ok(cli, "log", "k2", "180mcg", "--at", "1958-01-01") == (
        "Logged K2 180 µg at 1958-01-01 08:31. Total on 1958-01-01: 180 µg.\n",
        "",
    )
    # 1970: age 12, the 9-13 values (vitamin D UL 4000 IU)
    err = ok(cli, "log", "d", "5000IU", "--at", "1970-01-01")[1]
    assert err.startswith(
        "Warning: 5000 IU of vitamin D in one dose is a high dose, above the daily upper limit "
        "of 4000 IU"
    )


BEFORE_BIRTH = (
    "Error: {day} is before your birth year (1958): check the date, or the birth year in your "
    "profile (bonetrack profile show).\n"
)


@pytest.mark.parametrize(
    ("args", "day"),
    [
        (["log", "k2", "180mcg", "--at", "1900-01-01"], "1900-01-01"),
        (["log", "k2", "180mcg", "--at", "1957-12-31 23:00"], "1957-12-31"),
        (["event", "add", "fall", "--at", "1950-06-01"], "1950-06-01"),
        (["scan", "add", "--date", "1957-03-14", "--site", "spine", "--bmd", "0.8"], "1957-03-14"),
        (["height", "add", "150cm", "--date", "1957-07-01"], "1957-07-01"),
    ],
)
def test_a_date_before_the_birth_year_is_refused_and_stores_nothing(
    cli: CliCall, db_path: Path, args: list[str], day: str
) -> None:
    ok(cli, "profile", "set", "--birth-year", "1958")
    before = dump(db_path)
    result = cli(*args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == BEFORE_BIRTH.format(day=day)
    assert dump(db_path) == before


def test_edits_to_a_date_before_the_birth_year_are_refused(cli: CliCall, db_path: Path) -> None:
    ok(cli, "profile", "set", "--birth-year", "1958")
    ok(cli, "log", "k2", "180mcg", "--at", "2020-01-01")
    ok(cli, "event", "add", "fall", "--at", "2020-01-01")
    before = dump(db_path)
    for args in (["edit", "1", "--at", "1957-05-05"], ["event", "edit", "1", "--at", "1957-05-05"]):
        result = cli(*args)
        assert (result.exit_code, result.stderr) == (2, BEFORE_BIRTH.format(day="1957-05-05"))
    assert dump(db_path) == before


def test_report_over_any_window(cli: CliCall) -> None:
    """Entries at ages 4, 12, 17 and 68, a report from 1900 to today: no failure."""
    ok(cli, "profile", "set", "--birth-year", "1958", "--sex", "female")
    ok(cli, "plan", "set", "calcium", "1000mg", "--times", "1", "--from", "1960-01-01")
    for day, amount in [
        ("1962-06-01", "2600mg"),  # age 4: no reference values, not judged
        ("1970-06-01", "2600mg"),  # age 12: UL 3000, not above
        ("1975-06-01", "3001mg"),  # age 17: UL 3000, above
        ("2026-11-21", "2001mg"),  # age 68: UL 2000, above
    ]:
        ok(cli, "log", "calcium", amount, "--force", "--at", f"{day} 08:00")
    report = json.loads(ok(cli, "report", "--from", "1900-01-01", "--json")[0])
    # The window starts at the first plan, and says what was asked.
    assert (report["from"], report["to"], report["asked_from"]) == (
        "1960-01-01",
        "2026-11-22",
        "1900-01-01",
    )
    [item] = report["items"]
    assert (item["from"], item["met"]) == ("1960-01-01", 4)
    warnings = {w["code"]: w["dates"] for w in report["warnings"]}
    assert warnings["calcium-ul"] == ["1975-06-01", "2026-11-21"]
    assert warnings["calcium-dose"] == ["1962-06-01", "1970-06-01", "1975-06-01", "2026-11-21"]
    # a window wholly before the age of 9, and one before the birth year: still a report
    early = json.loads(ok(cli, "report", "--from", "1962-01-01", "--to", "1962-12-31", "--json")[0])
    assert [w["code"] for w in early["warnings"]] == ["calcium-dose"]
    unborn = json.loads(
        ok(cli, "report", "--from", "1900-01-01", "--to", "1950-12-31", "--json")[0]
    )
    assert (unborn["items"], unborn["warnings"]) == ([], [])
    assert "Calcium" in ok(cli, "report", "--from", "1900-01-01")[0]
