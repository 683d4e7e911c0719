"""Refusals are one clean line and write nothing (issue 17's low-severity findings)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.conftest import CliCall, Freeze, dump

EMPTY_DATE = "use YYYY-MM-DD, today, yesterday, '3 days ago', monday, 'last monday' or 'nov 20'."
AT_EXAMPLES = (
    "e.g. 2026-11-20, 2026-11-20 08:30, today, yesterday 21:00, this morning, last night, "
    "monday 8am, 3 days ago, 2 hours ago, 8:30, 8am."
)


@pytest.fixture(autouse=True)
def _clock(frozen: Freeze) -> None:
    frozen("2026-11-22 08:31")


@pytest.fixture
def history(cli: CliCall, db_path: Path) -> Path:
    """One entry, one event, one scan: something that each command could change."""
    for args in (
        ["log", "k2", "180mcg", "--at", "7:00"],
        ["event", "add", "fall", "--at", "2026-11-01"],
        ["scan", "add", "--date", "2026-03-10", "--site", "spine", "--bmd", "0.812"],
        ["height", "add", "162.5cm", "--date", "2026-01-05"],
    ):
        assert cli(*args).exit_code == 0
    return db_path


def refused(cli: CliCall, db_path: Path, *args: str) -> str:
    """The one stderr line of a refusal that printed nothing else and changed nothing."""
    before = dump(db_path)
    result = cli(*args)
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    assert dump(db_path) == before
    assert result.stderr.count("\n") == 1
    return str(result.stderr)


# --- empty values ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["scan", "add", "--date", "", "--site", "hip", "--bmd", "0.9"],
            f"--date is empty: {EMPTY_DATE}",
        ),
        (["entries", "--from", ""], f"--from is empty: {EMPTY_DATE}"),
        (["entries", "--to", ""], f"--to is empty: {EMPTY_DATE}"),
        (["entries", "--from", " ", "--kind", "k2"], f"--from is empty: {EMPTY_DATE}"),
        (["event", "list", "--from", ""], f"--from is empty: {EMPTY_DATE}"),
        (["event", "list", "--to", ""], f"--to is empty: {EMPTY_DATE}"),
        (["report", "--from", ""], f"--from is empty: {EMPTY_DATE}"),
        (["report", "--to", ""], f"--to is empty: {EMPTY_DATE}"),
        (["plan", "set", "k2", "180mcg", "--from", ""], f"--from is empty: {EMPTY_DATE}"),
        (["plan", "stop", "k2", "--from", ""], f"--from is empty: {EMPTY_DATE}"),
        (["scan", "show", ""], f"empty date: {EMPTY_DATE}"),
        (["scan", "delete", "", "--yes"], f"empty date: {EMPTY_DATE}"),
        (["log", "k2", "180mcg", "--at", ""], f"empty --at value: {AT_EXAMPLES}"),
        (["edit", "1", "--at", ""], f"empty --at value: {AT_EXAMPLES}"),
        (["event", "add", "pain", "--at", ""], f"empty --at value: {AT_EXAMPLES}"),
        (["event", "edit", "1", "--at", ""], f"empty --at value: {AT_EXAMPLES}"),
        (["remind", "--ics", ""], "--ics is empty: give a file name, or - for stdout."),
        (["height", "add", "160cm", "--date", ""], f"--date is empty: {EMPTY_DATE}"),
        (
            ["profile", "set", "--anticoagulant", "none", "--since", ""],
            f"--since is empty: {EMPTY_DATE}",
        ),
        (
            ["event", "add", "fracture", "--fragility", ""],
            "fragility '' is not yes, no or unknown (a fragility fracture is from a fall from "
            "standing height or less, or no trauma).",
        ),
    ],
)
def test_an_empty_value_is_an_error_everywhere(
    cli: CliCall, history: Path, args: list[str], message: str
) -> None:
    assert refused(cli, history, *args) == f"Error: {message}\n"


# --- a refusal to confirm is one line -----------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["undo"],
        ["delete", "1"],
        ["event", "delete", "1"],
        ["scan", "delete", "2026-03-10"],
        ["height", "delete", "1"],
    ],
)
def test_without_a_terminal_the_refusal_is_the_only_line(
    cli: CliCall, history: Path, args: list[str]
) -> None:
    """No preview of what would be deleted before the refusal: one line, exit 2."""
    assert refused(cli, history, *args) == (
        "Error: no terminal to confirm on; add --yes to confirm.\n"
    )


# --- amounts that would be shown as 0 -------------------------------------------------


ZERO = (
    "'{typed}' rounds to 0 {unit} as shown (3 decimals): the amount must be at least 0.001 {unit}."
)


@pytest.mark.parametrize(
    ("args", "unit"),
    [
        (["log", "k2", "0.000001mcg"], "µg"),
        (["log", "calcium", "0.0000004g"], "mg"),
        (["log", "exercise", "0.0004min"], "min"),
        (["plan", "set", "d", "0.00001mcg"], "IU"),
        (["edit", "1", "--amount", "0.0001mcg"], "µg"),
    ],
)
def test_an_amount_shown_as_zero_is_refused(
    cli: CliCall, history: Path, args: list[str], unit: str
) -> None:
    message = ZERO.format(typed=args[-1], unit=unit)
    assert refused(cli, history, *args) == f"Error: {message}\n"


def test_the_smallest_amount_shown_is_stored(cli: CliCall) -> None:
    result = cli("log", "k2", "0.001mcg", "--force", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["amount"] == 0.001


# --- control characters quoted back ---------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["log", "k2", "18\x1b[31m0mcg"],
            "'18\\x1b[31m0mcg' is not an amount: expected one number and a unit, e.g. 180mcg.",
        ),
        (
            ["log", "k2", "180\x1b]0;pwned\x07mcg"],
            "'180\\x1b]0;pwned\\x07mcg' is not an amount: expected one number and a unit, "
            "e.g. 180mcg.",
        ),
        (
            ["log", "k\u202e2", "1mcg"],
            "unknown kind 'k\\u202e2'. Did you mean 'k2'? Kinds: k2, calcium, vitamin-d, exercise.",
        ),
        (
            ["log", "k2", "180mcg", "--at", "to\nday"],
            f"cannot read the time 'to\\nday': {AT_EXAMPLES}",
        ),
        (["scan", "show", "2026\t03-10"], f"cannot read the date '2026\\t03-10': {EMPTY_DATE}"),
        (
            ["config", "set", "\x1bc", "2y"],
            "unknown setting '\\x1bc'. Settings: scan-interval, checkin-interval, date-order.",
        ),
        (["log", "k2", "180mcg", "--\x1b[2J"], "No such option: --\\x1b[2J"),
    ],
)
def test_control_characters_in_the_input_are_escaped_in_the_error(
    cli: CliCall, history: Path, args: list[str], message: str
) -> None:
    assert refused(cli, history, *args) == f"Error: {message}\n"


def test_printable_escapes_only_what_a_terminal_would_act_on() -> None:
    from bonetrack.domain.text import printable

    assert printable("µg, é, 1 000, ✓ \x1b[1m\r\n\t\x00\x7f\x9b\u200f\u2028\udcff") == (
        "µg, é, 1 000, ✓ \\x1b[1m\\r\\n\\t\\x00\\x7f\\x9b\\u200f\\u2028\\udcff"
    )


# --- remind --ics: a refused export writes nothing -------------------------------------


def calendar_id_rows(db_path: Path) -> list[str]:
    return [line for line in dump(db_path) if "ics.calendar_id" in line]


def test_ics_refused_for_a_missing_folder_stores_no_calendar_id(
    cli: CliCall, history: Path, tmp_path: Path
) -> None:
    target = tmp_path / "nope" / "bone.ics"
    assert refused(cli, history, "remind", "--ics", str(target)) == (
        f"Error: cannot write {target}: the folder {target.parent} does not exist.\n"
    )
    assert calendar_id_rows(history) == []


def test_ics_that_cannot_be_written_stores_no_calendar_id(
    cli: CliCall, history: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folder exists but refuses the file (emulated: the tests run as root)."""

    def denied(*_args: object, **_kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", denied)
    before = dump(history)
    result = cli("remind", "--ics", str(tmp_path / "bone.ics"))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"Error: cannot write {tmp_path / 'bone.ics'}: Permission denied.\n"
    assert dump(history) == before
    assert list(tmp_path.glob("*.ics")) == []


def test_ics_whose_id_cannot_be_stored_leaves_no_file(
    cli: CliCall, history: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bonetrack.errors import StoreError

    def locked(*_args: object) -> None:
        raise StoreError("database x: database is locked.")

    monkeypatch.setattr("bonetrack.store.reminders.save_calendar_state", locked)
    result = cli("remind", "--ics", str(tmp_path / "bone.ics"))
    assert (result.exit_code, result.stderr) == (1, "Error: database x: database is locked.\n")
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".ics"] == []
    assert calendar_id_rows(history) == []


def test_the_calendar_id_is_stored_once_with_the_first_written_calendar(
    cli: CliCall, history: Path, tmp_path: Path
) -> None:
    to_stdout = cli("remind", "--ics", "-")
    assert to_stdout.exit_code == 0
    [stored] = calendar_id_rows(history)
    target = tmp_path / "bone.ics"
    assert cli("remind", "--ics", str(target)).exit_code == 0
    assert calendar_id_rows(history) == [stored]

    def uids(data: bytes) -> list[str]:
        return [str(e["uid"]) for e in Calendar.from_ical(data).walk("VEVENT")]

    assert uids(target.read_bytes()) == uids(to_stdout.stdout_bytes)
