"""Generated input never breaks bonetrack (issue 9): property tests with hypothesis.

Each parser and validator either returns a plausible value or raises InputError
(one `Error:` line, exit 2) for 1,000 generated inputs; the CLI entry point, fed
generated command lines, never shows a traceback, exits 0, 1 or 2, and a refused
command leaves the database byte-for-byte as it was.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import typer.main
import typer.testing
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from bonetrack.cli.app import app
from bonetrack.domain.amounts import parse_amount
from bonetrack.domain.dexa import BMD_MAX, BMD_MIN, parse_bmd, parse_lsc, parse_score
from bonetrack.domain.height import parse_height
from bonetrack.domain.kinds import KIND_NAMES, get_kind
from bonetrack.domain.plans import PERIODS, PlanVersion, check_version
from bonetrack.domain.when import parse_day, parse_when
from bonetrack.errors import InputError
from tests.conftest import dump

pytestmark = pytest.mark.reliability

EXAMPLES = 1000
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=True,  # the same inputs in every run: a failure is reproducible in CI
)
NOW = datetime(2026, 11, 22, 8, 31, tzinfo=ZoneInfo("Europe/Amsterdam"))

# Text that looks like what people type, plus anything at all.
_pieces = st.sampled_from(
    ["180", "0", "-5", "1,000", "0.000001", "1e3", "nan", "inf", "mcg", "µg", "mg", "g", "IU",
     "min", "h", "1h30m", " ", ".", ",", "yesterday", "ago", "days", "2026-11-20", "8am",
     "25:00", "2026-02-29", "2024-02-29", "00:00", "\x1b[31m", "\n", "½", "−2.5", "g/cm2", "%"]
)  # fmt: skip
TEXT = st.one_of(st.text(max_size=40), st.lists(_pieces, max_size=5).map("".join))


@FUZZ
@given(kind=st.sampled_from(KIND_NAMES), text=TEXT)
def test_amounts(kind: str, text: str) -> None:
    info = get_kind(kind)
    try:
        amount = parse_amount(info, text)
    except InputError:
        return
    assert math.isfinite(amount.value)
    assert 0 < amount.value <= info.max_amount


@FUZZ
@given(text=TEXT)
def test_dates_and_times(text: str) -> None:
    try:
        when = parse_when(text, NOW)
    except InputError:
        pass
    else:
        assert when.tzinfo is not None
        assert when <= NOW
    try:
        day = parse_day(text, NOW.date())
    except InputError:
        return
    assert isinstance(day, date)


@FUZZ
@given(
    kind=st.sampled_from(KIND_NAMES),
    amount=st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True)),
    per=st.one_of(st.sampled_from(PERIODS), st.text(max_size=5)),
    times=st.one_of(st.none(), st.integers(min_value=-5, max_value=100)),
    active=st.booleans(),
)
def test_plan_validator(
    kind: str, amount: float | None, per: str, times: int | None, active: bool
) -> None:
    version = PlanVersion(kind, None, amount, per, times, None, NOW.date(), active)
    try:
        check_version(version)
    except InputError:
        return
    assert per in PERIODS
    if active:
        assert amount is not None or times is not None
        assert amount is None or amount > 0
        assert times is None or 1 <= times <= 50


@FUZZ
@given(text=TEXT)
def test_scan_and_height_values(text: str) -> None:
    for parse in (
        parse_bmd,
        lambda t: parse_score(t, "T-score"),
        lambda t: parse_lsc(t).value,
        parse_height,
    ):
        try:
            value = parse(text)
        except InputError:
            continue
        assert math.isfinite(value)
    with contextlib.suppress(InputError):
        assert BMD_MIN <= parse_bmd(text) <= BMD_MAX


# --- the command line ---------------------------------------------------------------

_WORDS = st.sampled_from(
    ["k2", "calcium", "d", "exercise", "180mcg", "500mg", "0mg", "-1", "1e9IU", "30min",
     "--at", "--note", "--form", "--type", "--json", "--yes", "--from", "--to", "--date",
     "--site", "--bmd", "--t-score", "--fragility", "--severity", "--times", "--per",
     "yesterday", "2026-11-20", "", "spine", "0.812", "-2.6", "mk7", "strength", "fracture",
     "fall", "yes", "week", "99999999999999999999", "\x1b[2J", "nan"]
)  # fmt: skip
_COMMANDS = st.sampled_from(
    [["log"], ["edit", "1"], ["scan", "add"], ["plan", "set"], ["event", "add"],
     ["height", "add"], ["profile", "set"], ["config", "set"], ["entries"], ["report"],
     ["delete", "1"], ["undo"], ["remind"], ["scan", "lsc"]]
)  # fmt: skip


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with an entry, a plan, a scan and an event to edit and judge."""
    path = tmp_path_factory.mktemp("fuzz") / "bonetrack.db"
    runner = CliRunner()
    for args in (
        ["log", "k2", "180mcg", "--at", "2026-11-01 08:00"],
        ["plan", "set", "calcium", "500mg", "--from", "2026-10-01"],
        ["scan", "add", "--date", "2025-03-14", "--site", "spine", "--bmd", "0.812"],
        ["event", "add", "fall", "--at", "2026-10-02"],
    ):
        result = runner.invoke(app, ["--db", str(path), *args])
        assert result.exit_code == 0, result.stderr
    return path


@pytest.fixture(scope="module")
def built_once() -> Iterator[None]:
    """The runner invokes one click command built from `app` once, not one built anew for
    each of the 1,000 command lines: building the root and a command group (typer reading
    every parameter's type hints) cost twice what running a refused command does. The
    commands run as they do in every other CLI test, through the root group's `main`."""
    built = typer.main.get_command(app)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(typer.testing, "_get_command", lambda _app: built)
        yield


class Dumps:
    """`dump()` of one database, made again only when its files' bytes have changed since
    the last one: the same bytes hold the same rows. Most command lines are refused and
    write nothing, so most dumps (2 ms each, 2 per command line) need not be made."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._last: tuple[tuple[bytes, bytes], list[str]] | None = None

    def files(self) -> tuple[bytes, bytes]:
        """The database file's bytes and its write-ahead log's (rows not yet copied back)."""
        wal = self.path.with_name(self.path.name + "-wal")
        return self.path.read_bytes(), wal.read_bytes() if wal.exists() else b""

    def dump(self) -> list[str]:
        files = self.files()
        if self._last is None or self._last[0] != files:
            self._last = (files, dump(self.path))
        return self._last[1]


@pytest.fixture(scope="module")
def dumps(seeded: Path) -> Dumps:
    return Dumps(seeded)


RUNNER = CliRunner()


@FUZZ
@given(command=_COMMANDS, words=st.lists(st.one_of(_WORDS, st.text(max_size=8)), max_size=6))
def test_command_lines(
    seeded: Path, built_once: None, dumps: Dumps, command: list[str], words: list[str]
) -> None:
    before = dumps.dump()
    result = RUNNER.invoke(app, ["--db", str(seeded), *command, *words])
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert result.exit_code in (0, 1, 2), output
    if result.exit_code != 0:
        assert result.stderr.startswith("Error: ") or result.stderr == "", result.stderr
        assert dumps.dump() == before, f"{command + words} was refused but wrote"
