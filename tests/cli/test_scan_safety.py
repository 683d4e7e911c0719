"""Issue 15, items 8, 9, 11, 12, 13 as `scan` shows them.

Machine changes and unknown machines in `scan compare` (legend, band and table
agree), the unrounded LSC comparison, and the menopause wording by sex.
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import CliCall, Freeze

HOLOGIC = "Hologic Horizon A"
GE = "GE Lunar iDXA"


@pytest.fixture(autouse=True)
def _clock(frozen: Freeze) -> None:
    frozen("2026-11-22 08:30")


def add(cli: CliCall, *args: str) -> None:
    result = cli("scan", "add", *args)
    assert result.exit_code == 0, result.stderr


def spine(cli: CliCall, day: str, bmd: str, machine: str | None) -> None:
    add(cli, "--date", day, "--site", "spine", "--bmd", bmd,
        *(("--machine", machine) if machine else ()))  # fmt: skip


def compare(cli: CliCall) -> str:
    result = cli("scan", "compare", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    return result.stdout


# --- 8. a machine change: the band stops, the legend says what the table says ---


def test_the_band_ends_at_the_machine_change_and_the_legend_agrees_with_the_table(
    cli: CliCall,
) -> None:
    spine(cli, "2022-03-01", "1.000", HOLOGIC)
    spine(cli, "2024-03-01", "0.960", HOLOGIC)
    spine(cli, "2026-03-01", "0.900", GE)  # -10%: would be far outside the band
    text = compare(cli)
    chart = text.splitlines()[1:10]
    # the band (░) covers the Hologic scans only: columns 0 to 22 of 44
    banded = [line for line in chart if "░" in line]
    assert banded
    # 8 characters of axis, then the band over columns 0 to 22 (the 2024 scan's)
    assert max(line.rfind("░") for line in banded) == 8 + 22
    assert (
        "2024-03-01  │ 2026-03-01 │ 0.960→0.900 │ -0.060 │  -6.25% │   -3.13% │ not reliable: "
        "other machine" in text
    )
    legend = (
        "● BMD at each scan ░ first scan ± 5.3%: a scan on Hologic Horizon A outside the "
        "band is a real change from the first scan; the band ends at the last scan on that "
        "machine, and from 2026-03-01 on: not reliable: other machine"
    )
    assert legend in " ".join(text.split())
    assert "real loss" not in text
    assert "a point outside the band is a real change" not in text


def test_two_scans_on_different_machines_get_no_band(cli: CliCall) -> None:
    spine(cli, "2024-03-01", "1.000", HOLOGIC)
    spine(cli, "2026-03-01", "0.900", GE)
    text = compare(cli)
    assert "░" not in text
    assert (
        "● BMD at each scan; no band: the first two scans are not on one recorded machine (not "
        "reliable: other machine), so no change is judged against the LSC."
        in " ".join(text.split())
    )


# --- 9. no machine recorded: cannot tell, information only ----------------------


@pytest.mark.parametrize(("first", "second"), [(None, None), (HOLOGIC, None), (None, HOLOGIC)])
def test_unknown_machine_cannot_tell(cli: CliCall, first: str | None, second: str | None) -> None:
    spine(cli, "2024-03-01", "1.000", first)
    added = cli("scan", "add", "--date", "2026-03-01", "--site", "spine", "--bmd", "0.900",
                *(("--machine", second) if second else ()))  # fmt: skip
    assert added.stdout.splitlines()[1] == (
        "Since 2024-03-01: -0.100 g/cm² (-10.00%), cannot tell: record the machine. See "
        "`bonetrack scan compare`."
    )
    change = json.loads(cli("scan", "compare", "--json").stdout)["sites"][0]["changes"][0]
    assert (change["change_pct"], change["status"], change["significant"]) == (
        -10.0,
        "unknown-machine",
        False,
    )
    text = compare(cli)
    assert "│ -0.100 │ -10.00% │   -5.00% │ cannot tell: record the machine" in text
    assert "░" not in text
    assert (
        "no band: the first two scans are not on one recorded machine (cannot tell: record the "
        "machine), so no change is judged against the LSC." in " ".join(text.split())
    )
    for verdict in ("real loss", "real gain", ">= LSC", "within LSC"):
        assert verdict not in text


# --- 13. the change is compared unrounded, and shown so ---------------------------


def test_a_change_that_rounds_to_the_lsc_is_within_it_and_is_shown_unrounded(
    cli: CliCall,
) -> None:
    spine(cli, "2024-03-01", "1.000", HOLOGIC)
    spine(cli, "2026-03-01", "0.94705", HOLOGIC)  # -5.295%, LSC 5.3%
    change = json.loads(cli("scan", "compare", "--json").stdout)["sites"][0]["changes"][0]
    assert (change["change_pct"], change["status"]) == (-5.295, "within-lsc")
    text = compare(cli)
    assert (
        "2024-03-01 │ 2026-03-01 │ 1.000→0.94705 │ -0.053 │ -5.295% │   -2.65% │ within LSC: "
        "may be noise" in text
    )
    assert "-5.30%" not in text


def test_exactly_at_the_lsc_is_still_real(cli: CliCall) -> None:
    spine(cli, "2024-03-01", "1.000", HOLOGIC)
    spine(cli, "2026-03-01", "0.947", HOLOGIC)
    text = compare(cli)
    assert "│ -0.053 │ -5.30% │   -2.65% │ real loss (>= LSC)" in text


# --- 11 and 12: the profile's sex and menopause year in the reading ---------------


def test_a_man_under_50_reads_no_word_about_menopause(cli: CliCall) -> None:
    cli("profile", "set", "--birth-year", "1980", "--sex", "male")
    result = cli("scan", "add", "--date", "2026-01-10", "--site", "spine", "--t-score", "-2.6",
                 "--z-score", "-1.2")  # fmt: skip
    assert result.stdout.splitlines()[1] == (
        "Age 46 at the scan (from the profile's birth year): for men under 50, Z-scores, not "
        "T-scores, apply (ISCD), so the WHO T-score categories are not used."
    )
    assert "menopaus" not in result.stdout


def test_a_woman_of_66_without_a_menopause_year_is_asked_for_it(cli: CliCall) -> None:
    cli("profile", "set", "--birth-year", "1960", "--sex", "female")
    add(cli, "--date", "2026-01-10", "--site", "spine", "--t-score", "-2.6")
    shown = json.loads(cli("scan", "show", "2026-01-10", "--json").stdout)["interpretation"]
    assert shown["menopause_year_needed"] is True
    assert shown["text"][1] == (
        "T-score categories assume you are past menopause, and the profile has no menopause "
        "year: add it with `bonetrack profile set --menopause-year YEAR`. Before menopause, ISCD "
        "prefers Z-scores at any age."
    )
    assert "add it with `bonetrack profile set --menopause-year YEAR`" in " ".join(
        cli("scan", "list", env={"COLUMNS": "200"}).stdout.split()
    )
    cli("profile", "set", "--menopause-year", "2010")
    again = json.loads(cli("scan", "show", "2026-01-10", "--json").stdout)["interpretation"]
    assert again["menopause_year_needed"] is False
    assert not any("menopause" in line for line in again["text"])
