"""QA findings end to end: bad input is one `Error:` line, exit 2, and nothing written."""

from __future__ import annotations

import pytest
from typer.testing import Result

from tests.conftest import CliCall, Freeze

TOO_BIG = "99999999999999999999999"


def entry_count(cli: CliCall) -> int:
    result = cli("entries", "--json")
    assert result.exit_code == 0, result.stderr
    return str(result.stdout).count('"id":')


def assert_bad_input(result: Result) -> None:
    stderr = str(result.stderr)
    assert result.exit_code == 2, stderr
    assert stderr.startswith("Error: ")
    assert stderr.count("\n") == 1
    assert "unexpected failure" not in stderr


@pytest.mark.parametrize(
    "at", ["99999999 days ago", "9999999 weeks ago", "99999999999 hours ago", "0001-01-01"]
)
def test_log_far_past_is_bad_input(cli: CliCall, frozen: Freeze, at: str) -> None:
    frozen("2026-11-22 08:30")
    assert_bad_input(cli("log", "k2", "180mcg", "--at", at))
    assert entry_count(cli) == 0


@pytest.mark.parametrize(
    "args",
    [
        ("entries", "--from", "99999999 days ago"),
        ("report", "--from", "0001-01-01"),
        ("report", "--to", "0001-01-03", "--days", "5"),
        ("plan", "set", "k2", "180mcg", "--from", "99999999 days ago"),
    ],
)
def test_far_past_days_are_bad_input(cli: CliCall, frozen: Freeze, args: tuple[str, ...]) -> None:
    frozen("2026-11-22 08:30")
    assert cli("plan", "set", "calcium", "500mg", "--from", "2026-11-01").exit_code == 0
    assert_bad_input(cli(*args))
    plans = cli("plan", "show", "--json")
    assert '"kind": "k2"' not in str(plans.stdout)


@pytest.mark.parametrize(
    "args",
    [
        ("delete", TOO_BIG, "--yes"),
        ("edit", TOO_BIG, "--note", "x"),
    ],
)
def test_huge_entry_id_is_no_such_entry(cli: CliCall, args: tuple[str, ...]) -> None:
    assert cli("log", "k2", "180mcg").exit_code == 0
    result = cli(*args)
    assert_bad_input(result)
    assert f"no entry with id {TOO_BIG}" in str(result.stderr)
    assert entry_count(cli) == 1


def test_huge_entries_limit_lists_everything(cli: CliCall) -> None:
    assert cli("log", "k2", "180mcg").exit_code == 0
    result = cli("entries", "--limit", TOO_BIG, "--json")
    assert result.exit_code == 0, result.stderr
    assert str(result.stdout).count('"id":') == 1


def test_log_in_the_spring_forward_gap_shows_the_time_it_became(
    cli: CliCall, frozen: Freeze
) -> None:
    frozen("2026-11-22 08:30")
    result = cli("log", "k2", "180mcg", "--at", "2026-03-29 02:30")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Logged K2 180 µg at 2026-03-29 03:30. Total on 2026-03-29: 180 µg.\n"


def test_report_from_long_ago_draws_the_heatmap_from_the_first_plan(
    cli: CliCall, frozen: Freeze
) -> None:
    frozen("2026-11-22 08:30")
    assert cli("plan", "set", "k2", "180mcg", "--from", "2025-03-05").exit_code == 0
    result = cli("report", "--from", "1900-01-01")
    assert result.exit_code == 0, result.stderr
    assert "K2: 2025-03-03 to 2026-11-22" in result.stdout
    assert result.stdout.splitlines()[0] == (
        "Adherence 2025-03-05 to 2026-11-22 (628 days; from your first plan)"
    )
    # 1900 is nowhere: no heatmap or window reaches back there
    assert "1900" not in result.stdout


@pytest.mark.parametrize("note", ["line1\nline2", "\x1b[31mred", "bell\x07", "tab\there"])
def test_note_with_control_characters_is_refused(cli: CliCall, note: str) -> None:
    # An escape sequence in a note reached the terminal raw from `entries`, `undo`
    # and `edit`; a newline split the one-line log output and the entries table.
    assert_bad_input(cli("log", "k2", "180mcg", "--note", note))
    assert entry_count(cli) == 0
    assert cli("log", "k2", "180mcg", "--note", "fine").exit_code == 0
    assert_bad_input(cli("edit", "1", "--note", note))
    shown = cli("entries", "--json")
    assert '"note": "fine"' in str(shown.stdout)


def test_note_keeps_unicode(cli: CliCall) -> None:
    result = cli("log", "k2", "180mcg", "--note", "日本語 ✓ café 😀", "--json")
    assert result.exit_code == 0, result.stderr
    assert '"note": "日本語 ✓ café 😀"' in str(result.stdout)
