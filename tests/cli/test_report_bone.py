"""Issue 15 in the report: the latest scan's reading, height loss and falls in 12 months."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import CliCall, Freeze


@pytest.fixture(autouse=True)
def _clock(frozen: Freeze) -> None:
    frozen("2026-11-22 08:30")


def ok(cli: CliCall, *args: str) -> str:
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def report(cli: CliCall, *args: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(ok(cli, "report", "--json", *args))
    return data


def text(cli: CliCall, *args: str) -> str:
    return " ".join(ok(cli, "report", *args).split())


def test_nothing_recorded(cli: CliCall) -> None:
    data = report(cli)
    assert data["latest_scan"] is None
    assert data["height"] is None
    assert data["falls"] == {
        "from": "2025-11-23",
        "to": "2026-11-22",
        "count": 0,
        "dates": [],
        "recurrent": False,
        "recurrent_from": 2,
        "message": "No falls recorded in the 12 months to 2026-11-22.",
        "source": "World Falls Guidelines 2022 (Montero-Odasso, Age Ageing 51:afac205), Table 2: "
        "recurrent falls are two or more falls in the previous 12 months",
    }
    assert "Bone health - No falls recorded in the 12 months to 2026-11-22." in text(cli)


def test_two_falls_in_12_months_are_raised_with_their_source(cli: CliCall) -> None:
    ok(cli, "event", "add", "fall", "--at", "2025-11-22")  # a day before the 12 months
    ok(cli, "event", "add", "fall", "--at", "2026-03-01")
    assert report(cli)["falls"]["count"] == 1
    assert "1 fall recorded in the 12 months to 2026-11-22 (2026-03-01)." in text(cli)
    ok(cli, "event", "add", "fall", "--at", "2026-10-01 18:00", "--note", "tripped on a rug")
    falls = report(cli)["falls"]
    assert (falls["count"], falls["dates"], falls["recurrent"]) == (
        2,
        ["2026-03-01", "2026-10-01"],
        True,
    )
    assert (
        "- 2 falls recorded in the 12 months to 2026-11-22 (2026-03-01, 2026-10-01): two or more "
        "falls in 12 months are what the World Falls Guidelines call recurrent falls; raise them "
        "with your clinician. Source: World Falls Guidelines 2022 (Montero-Odasso, Age Ageing "
        "51:afac205), Table 2: recurrent falls are two or more falls in the previous 12 months."
        in text(cli)
    )
    # the 12 months end on the report's last day
    assert report(cli, "--to", "2026-02-28")["falls"]["dates"] == ["2025-11-22"]


def test_height_loss_of_4_cm_is_in_the_report_with_its_source(cli: CliCall) -> None:
    ok(cli, "height", "add", "162.5cm", "--date", "2015-03-01")
    ok(cli, "height", "add", "158.5cm", "--date", "2026-11-01")
    height = report(cli)["height"]
    assert (height["loss_cm"], height["flagged"], height["uncertain"]) == (4.0, True, True)
    assert (
        "- Height 158.5 cm on 2026-11-01 is 4.0 cm below the tallest recorded, 162.5 cm on "
        "2015-03-01: a loss of 4 cm or more can be a sign of a vertebral (spine) fracture; raise "
        "it with your clinician. Source: ISCD Official Positions: vertebral fracture assessment "
        "when the historical height loss is more than 4 cm (1.5 in); NOF/BHOF Clinician's Guide: "
        "1.5 in or more [uncertain: the guidelines' wording was seen only second-hand]."
        in text(cli)
    )
    # as of a day before the latest measurement: no loss yet
    before = report(cli, "--to", "2026-10-31")["height"]
    assert (before["latest"]["date"], before["flagged"]) == ("2015-03-01", False)


def test_the_latest_scan_reads_the_same_as_scan_show(cli: CliCall) -> None:
    ok(cli, "profile", "set", "--birth-year", "1958", "--sex", "female", "--menopause-year",
       "2008")  # fmt: skip
    ok(cli, "scan", "add", "--date", "2024-01-10", "--site", "spine", "--t-score", "-2.4")
    ok(cli, "scan", "add", "--date", "2026-01-10", "--site", "spine", "--t-score", "-2.7")
    ok(cli, "event", "add", "fracture", "--at", "2025-06-01", "--site", "wrist")
    latest = report(cli)["latest_scan"]
    shown = json.loads(ok(cli, "scan", "show", "2026-01-10", "--json"))
    assert latest == shown
    assert latest["interpretation"]["fragility"] == "unknown"
    assert (
        "- Latest DEXA scan 2026-01-10: osteoporosis; a fracture is recorded: whether it was a "
        "fragility fracture is for your clinician (lowest T-score -2.7, lumbar spine); not a "
        "diagnosis (WHO categories by the lowest T-score of lumbar spine, total hip, femoral "
        "neck, forearm; ISCD for Z-scores). - Severe osteoporosis needs a fragility fracture (a "
        "fall from standing height or less, or no trauma) as well as a T-score of -2.5 or lower."
        in text(cli)
    )
    ok(cli, "event", "edit", "1", "--fragility", "yes")
    assert (
        "Latest DEXA scan 2026-01-10: severe osteoporosis (T-score -2.5 or lower with a recorded "
        "fragility fracture)" in text(cli)
    )
    # the report as of 2025: the 2024 scan, before the fracture
    old = report(cli, "--to", "2025-12-31")["latest_scan"]
    assert (old["date"], old["interpretation"]["category"]) == ("2024-01-10", "low-bone-mass")
