"""Start-up benchmark: the table of issue 9, as ratios to the floors measured in the same run.

    .venv/bin/python bench/startup.py [--runs 15] [--no-big]

Every command runs as a new process, the way a user runs it, with this venv's own python.
The floors: T = `python -c "import typer"` for the commands that never open the database
(--version, --help, completion), S = `python -c "import typer, sqlalchemy"` for those that do.
The cases run in rounds (each round runs every case once, in turn), so that a slow spell of
this shared machine weighs on a command and its floor alike; each figure is the median of
the rounds. today, entries, log and report run on a 10-year demo history
(`demo --years 10 --seed 1`); the last rows on a 50-year and a 100-year one, with the peak RSS
of the child.
The source tree is byte-compiled first, as `pip install` compiles an installed package.
Prints a Markdown table: wall-time ratios (the contract), and beside them the ratios of the
children's CPU time, which a busy shared machine disturbs less (waiting for a core is not
counted), as a cross-check; and the database commands' ratio to U, S with Python's cyclic
collector paused as bonetrack's console script pauses it: what bonetrack does beyond the
imports, without what pausing the collector saves.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

BIN = Path(sys.executable).parent
BONETRACK = str(BIN / "bonetrack")
MIN_RUNS = 9


@dataclass
class Case:
    name: str
    argv: list[str]
    floor: str  # the name of the case this one is a multiple of ("" for a floor itself)
    env: dict[str, str] = field(default_factory=dict)
    seconds: list[float] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)
    peak_kib: int = 0


def run_once(case: Case, env: dict[str, str]) -> None:
    """Run the case's command once, keeping its wall time and its peak RSS."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        case.argv, env={**env, **case.env}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert proc.stderr is not None
    errors = proc.stderr.read()  # the child's warnings are few; reading them cannot block it
    _, status, usage = os.wait4(proc.pid, 0)  # the child's own rusage, unlike getrusage
    case.seconds.append(time.perf_counter() - start)
    case.cpu_seconds.append(usage.ru_utime + usage.ru_stime)
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stderr.close()
    if proc.returncode != 0:
        raise SystemExit(f"{case.name} failed ({proc.returncode}): {errors.decode()}")
    case.peak_kib = max(case.peak_kib, usage.ru_maxrss)  # KiB on Linux


def make_demo(path: Path, years: int, env: dict[str, str]) -> None:
    subprocess.run(
        [BONETRACK, "demo", "--db", str(path), "--years", str(years), "--seed", "1"],
        env=env,
        check=True,
        capture_output=True,
    )


def compile_package() -> None:
    """Write the .pyc files an install has (an editable install leaves them to the first run)."""
    spec = importlib.util.find_spec("bonetrack")
    assert spec is not None
    for location in spec.submodule_search_locations or ():
        compileall.compile_dir(location, quiet=1)


def cases(ten: Path, big: dict[int, Path]) -> list[Case]:
    python = sys.executable
    on_ten = ["--db", str(ten)]
    completion = {
        "_BONETRACK_COMPLETE": "complete_bash",
        "COMP_WORDS": "bonetrack sc",
        "COMP_CWORD": "1",
    }
    rows = [
        Case("T: python -c 'import typer'", [python, "-c", "import typer"], ""),
        Case(
            "S: python -c 'import typer, sqlalchemy'",
            [python, "-c", "import typer, sqlalchemy"],
            "",
        ),
        # A cross-check, not the contract: S with Python's cyclic collector paused from the
        # start and frozen at exit, as bonetrack's console script runs its quick commands.
        # Against it the S rows show the work bonetrack does beyond the imports, not what it
        # saves by pausing the collector.
        Case(
            "U: S, collector paused",
            [python, "-c", "import gc; gc.disable(); import typer, sqlalchemy; gc.freeze()"],
            "",
        ),
        Case("bonetrack --version", [BONETRACK, "--version"], "T"),
        Case("bonetrack --help", [BONETRACK, "--help"], "T"),
        Case("bonetrack scan --help", [BONETRACK, "scan", "--help"], "T"),
        Case('shell completion ("bonetrack sc", bash)', [BONETRACK], "T", completion),
        Case("bonetrack log k2 180mcg", [BONETRACK, *on_ten, "log", "k2", "180mcg"], "S"),
        # calcium is checked against the demo's weekly alendronate (its fasting window)
        Case("bonetrack log calcium 500mg", [BONETRACK, *on_ten, "log", "calcium", "500mg"], "S"),
        Case(
            "bonetrack med take alendronate",
            [BONETRACK, *on_ten, "med", "take", "alendronate"],
            "S",
        ),
        Case("bonetrack today", [BONETRACK, *on_ten, "today"], "S"),
        Case("bonetrack entries --limit 20", [BONETRACK, *on_ten, "entries", "--limit", "20"], "S"),
        Case("bonetrack report, 10 years", [BONETRACK, *on_ten, "report"], "S"),
    ]
    for years, path in big.items():
        rows.append(
            Case(f"bonetrack report, {years} years", [BONETRACK, "--db", str(path), "report"], "S")
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15, help=f"rounds (at least {MIN_RUNS})")
    parser.add_argument("--no-big", action="store_true", help="skip the 50- and 100-year rows")
    args = parser.parse_args()
    if args.runs < MIN_RUNS:
        parser.error(f"--runs must be at least {MIN_RUNS}: a median of fewer is noise")

    compile_package()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "NO_COLOR": "1", "BONETRACK_DB": str(Path(tmp) / "unused.db")}
        env.pop("BONETRACK_DEBUG", None)
        ten = Path(tmp) / "ten.db"
        make_demo(ten, 10, env)
        big = {} if args.no_big else {years: Path(tmp) / f"{years}.db" for years in (50, 100)}
        for years, path in big.items():
            make_demo(path, years, env)
        table = cases(ten, big)
        for case in table:
            run_once(case, env)  # warm the OS caches; not counted
            case.seconds.clear()
            case.cpu_seconds.clear()
        for _ in range(args.runs):
            for case in table:
                run_once(case, env)

    report(table, args.runs)


def report(table: list[Case], runs: int) -> None:
    wall = {case.name: statistics.median(case.seconds) for case in table}
    cpu = {case.name: statistics.median(case.cpu_seconds) for case in table}
    floors = {case.name[0]: case.name for case in table if not case.floor}
    print(
        f"Medians of {runs} rounds; Python {sys.version.split()[0]}, {os.cpu_count()} cores; "
        f"T = {wall[floors['T']] * 1000:.0f} ms, S = {wall[floors['S']] * 1000:.0f} ms, "
        f"U = {wall[floors['U']] * 1000:.0f} ms "
        f"(CPU {cpu[floors['T']] * 1000:.0f} and {cpu[floors['S']] * 1000:.0f} ms)\n"
    )
    print("| command | median (ms) | ratio | CPU ratio | ratio to U | peak RSS (MB) |")
    print("|---|---:|---:|---:|---:|---:|")
    for case in table:
        ratio = cpu_ratio = to_u = ""
        if case.floor:
            floor = floors[case.floor]
            ratio = f"{wall[case.name] / wall[floor]:.2f} × {case.floor}"
            cpu_ratio = f"{cpu[case.name] / cpu[floor]:.2f} × {case.floor}"
            if case.floor == "S":
                to_u = f"{wall[case.name] / wall[floors['U']]:.2f} × U"
        print(
            f"| {case.name} | {wall[case.name] * 1000:.0f} | {ratio} | {cpu_ratio} | {to_u} "
            f"| {case.peak_kib / 1024:.0f} |"
        )


if __name__ == "__main__":
    main()
