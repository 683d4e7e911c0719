"""Export, import and backup of a 10-year history, as ratios to a floor measured in the same run.

    .venv/bin/python bench/transfer.py [--runs 7] [--years 10]

Every command runs as a new process with this venv's own python, on the history of
`bonetrack demo --years 10 --seed 1`. The floor S is `python -c "import typer, sqlalchemy"`.
Cases run in rounds (each round runs every case once), so that a slow spell of this shared
machine weighs on all of them alike; each figure is the median of the rounds, with the peak RSS
of the child. An import into an empty database gets a fresh empty copy each round; the
re-import goes into the full database (every record already there: all skipped).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

BIN = Path(sys.executable).parent
BONETRACK = str(BIN / "bonetrack")


@dataclass
class Case:
    name: str
    argv: list[str]
    before: list[list[str]] = field(default_factory=list)  # untimed set-up commands
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak_kib: int = 0


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    errors = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {errors.decode()}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bonetrack-bench-"))
    env = {**os.environ, "TZ": "Europe/Amsterdam"}
    full, empty = work / "full.db", work / "empty.db"
    subprocess.run(
        [BONETRACK, "demo", "--years", str(args.years), "--seed", "1", "--db", str(full)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
    )  # fmt: skip
    subprocess.run([BONETRACK, "--db", str(empty), "entries"], env=env, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    as_json, as_zip, target = work / "e.json", work / "e.zip", work / "target.db"
    db = ["--db", str(full)]
    cases = [
        Case("S: python -c 'import typer, sqlalchemy'",
             [sys.executable, "-c", "import typer, sqlalchemy"]),
        Case("export (JSON file)", [BONETRACK, *db, "export", "--out", str(as_json), "--force"]),
        Case("export --format csv (zip)",
             [BONETRACK, *db, "export", "--format", "csv", "--out", str(as_zip), "--force"]),
        Case("import JSON into an empty database",
             [BONETRACK, "--db", str(target), "import", str(as_json)],
             before=[["cp", str(empty), str(target)]]),
        Case("import CSV zip into an empty database",
             [BONETRACK, "--db", str(target), "import", str(as_zip)],
             before=[["cp", str(empty), str(target)]]),
        Case("import JSON again (all skipped)", [BONETRACK, *db, "import", str(as_json)]),
        Case("import --dry-run", [BONETRACK, *db, "import", str(as_json), "--dry-run"]),
        Case("backup (online API + integrity_check)",
             [BONETRACK, *db, "backup", "--out", str(work / "b.db"), "--force"]),
    ]  # fmt: skip
    run(cases[1].argv, env)
    run(cases[2].argv, env)  # the files the imports read
    for _ in range(args.runs):
        for case in cases:
            for step in case.before:
                subprocess.run(step, env=env, check=True)
            wall, cpu, peak = run(case.argv, env)
            case.seconds.append(wall)
            case.cpu.append(cpu)
            case.peak_kib = max(case.peak_kib, peak)
    floor = statistics.median(cases[0].seconds)
    floor_cpu = statistics.median(cases[0].cpu)
    entries = subprocess.run(
        [sys.executable, "-c", f"import sqlite3; print(sqlite3.connect('{full}')"
         ".execute('select count(*) from intakes').fetchone()[0])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    sizes = f"JSON {as_json.stat().st_size:,} bytes, zip {as_zip.stat().st_size:,} bytes"
    print(f"{args.years}-year demo history ({entries} entries; {sizes}), {args.runs} rounds\n")
    print("| case | median s | x S | CPU s | CPU x S | peak RSS MiB |")
    print("|---|---|---|---|---|---|")
    for case in cases:
        wall, cpu = statistics.median(case.seconds), statistics.median(case.cpu)
        print(
            f"| {case.name} | {wall:.3f} | {wall / floor:.1f} | {cpu:.3f} | "
            f"{cpu / floor_cpu:.1f} | {case.peak_kib / 1024:.0f} |"
        )
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
