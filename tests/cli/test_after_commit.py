"""A command that has stored a change never reports failure (issue 17).

What runs after the commit (safety warnings, the day's total, what a scan means)
only reports: when it fails, the command still confirms what it stored, adds one
warning that the check could not run, and exits 0. The failures are injected.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import NoReturn

import pytest
from typer.testing import Result

from tests.conftest import CliCall, Freeze, dump

COULD_NOT = "what you entered is stored."
AGE_18 = "ValueError: no adult reference values for age 18"


@pytest.fixture(autouse=True)
def _clock(frozen: Freeze) -> None:
    frozen("2026-11-22 08:31")


def broken(*_args: object, **_kwargs: object) -> NoReturn:
    # The failure the issue found: adult reference values asked for an age of 18.
    raise ValueError(AGE_18.removeprefix("ValueError: "))


def stored_anyway(result: Result, stdout: str, what: str, reason: str = AGE_18) -> None:
    """Exit 0, the confirmation on stdout, and the one warning that `what` could not run."""
    assert (result.exit_code, result.stdout) == (0, stdout)
    assert result.stderr == f"Warning: {what} could not be checked ({reason}); {COULD_NOT}\n"


def intakes(db_path: Path) -> list[str]:
    return [line for line in dump(db_path) if line.startswith('INSERT INTO "intakes"')]


def test_log_whose_warnings_fail_still_says_it_is_stored(
    cli: CliCall, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bonetrack.store.guidance.entry_warnings", broken)
    stored_anyway(
        cli("log", "calcium", "600mg"),
        "Logged Calcium 600 mg at 2026-11-22 08:31. Today: 600 mg.\n",
        "the safety warnings",
    )
    assert len(intakes(db_path)) == 1
    # The same step fails in JSON mode: stdout stays the stored entry, nothing else.
    as_json = cli("log", "calcium", "200mg", "--json")
    assert as_json.exit_code == 0
    assert json.loads(as_json.stdout)["amount"] == 200.0
    assert as_json.stderr.startswith("Warning: the safety warnings could not be checked")
    assert len(intakes(db_path)) == 2


def test_log_whose_day_total_fails_still_confirms(
    cli: CliCall, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bonetrack.errors import StoreError

    def locked(*_args: object) -> NoReturn:
        raise StoreError("database x.db: database is locked.")

    monkeypatch.setattr("bonetrack.store.entries.day_total", locked)
    stored_anyway(
        cli("log", "k2", "180mcg"),
        "Logged K2 180 µg at 2026-11-22 08:31.\n",
        "the day's total",
        reason="database x.db: database is locked.",
    )
    assert len(intakes(db_path)) == 1


def test_a_failure_before_the_commit_is_still_an_error_and_stores_nothing(
    cli: CliCall, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only what follows the commit is forgiven: the insert itself failing is an error."""
    monkeypatch.setattr("bonetrack.store.entries.add_entry", broken)
    result = cli("log", "k2", "180mcg")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: unexpected failure: ValueError:")
    assert intakes(db_path) == []


def test_edit_whose_warnings_fail_still_says_it_is_updated(
    cli: CliCall, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("log", "calcium", "500mg").exit_code == 0
    monkeypatch.setattr("bonetrack.store.guidance.entry_warnings", broken)
    stored_anyway(
        cli("edit", "1", "--amount", "600mg"),
        "Updated #1 2026-11-22 08:31 Calcium 600 mg.\n",
        "the safety warnings",
    )
    assert "600.0" in intakes(db_path)[0]


def test_scan_add_whose_reading_fails_still_says_it_is_recorded(
    cli: CliCall, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bonetrack.domain.dexa.interpret_visits", broken)
    stored_anyway(
        cli("scan", "add", "--date", "2026-03-10", "--site", "spine", "--bmd", "0.812"),
        "Recorded lumbar spine on 2026-03-10: BMD 0.812 g/cm².\n",
        "what the scan means",
    )
    as_json = cli("scan", "add", "--date", "2026-03-10", "--site", "hip", "--bmd", "0.9", "--json")
    assert as_json.exit_code == 0
    shown = json.loads(as_json.stdout)
    assert (shown["scan"]["site"], shown["visit"]) == ("total-hip", None)
    assert sum(line.startswith('INSERT INTO "scans"') for line in dump(db_path)) == 2


def test_height_add_whose_comparison_fails_still_says_it_is_recorded(
    cli: CliCall, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bonetrack.domain.height.height_summary", broken)
    result = cli("height", "add", "162.5cm")
    assert result.exit_code == 0
    assert result.stdout.startswith("Recorded ")
    assert result.stdout.count("\n") == 1
    assert result.stderr == (
        "Warning: the height loss could not be checked (ValueError: no adult reference "
        f"values for age 18); {COULD_NOT}\n"
    )
    assert sum(line.startswith('INSERT INTO "heights"') for line in dump(db_path)) == 1


def test_plan_set_reads_its_warnings_before_storing(
    cli: CliCall, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failing warning step refuses the plan (nothing stored) instead of failing after it."""
    assert cli("entries").exit_code == 0  # the database exists, empty
    monkeypatch.setattr("bonetrack.domain.guidance.plan_warnings", broken)
    before = dump(db_path)
    result = cli("plan", "set", "k2", "180mcg")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert dump(db_path) == before


def test_the_warning_escapes_control_characters_of_the_failure(
    cli: CliCall, monkeypatch: pytest.MonkeyPatch
) -> None:
    def odd(*_args: object) -> NoReturn:
        raise ValueError("bad \x1b[31mred\x1b[0m\nline")

    monkeypatch.setattr("bonetrack.store.guidance.entry_warnings", odd)
    stored_anyway(
        cli("log", "k2", "180mcg"),
        "Logged K2 180 µg at 2026-11-22 08:31. Today: 180 µg.\n",
        "the safety warnings",
        reason="ValueError: bad \\x1b[31mred\\x1b[0m\\nline",
    )


def test_a_medicine_dose_whose_rules_fail_still_says_it_is_stored(
    cli: CliCall, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("med", "add", "alendronate").exit_code == 0
    monkeypatch.setattr("bonetrack.domain.medicine_rules.second_weekly_dose", broken)
    stored_anyway(
        cli("med", "take", "alendronate"),
        "Recorded Alendronate 70 mg at 2026-11-22 08:31.\n",
        "the safety warnings",
    )
    assert len(intakes(db_path)) == 1
