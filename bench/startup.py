"""Start-up benchmark: median wall time of whole `bonetrack` commands.

    .venv/bin/python bench/startup.py [--runs 15]

Every command runs as a new process, the way a user runs it. The baseline is
this venv's own `python -c pass`, measured in the same run, so ratios compare
like with like. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def timed(cmd: list[str], env: dict[str, str], runs: int) -> float:
    subprocess.run(cmd, env=env, capture_output=True, check=False)  # warm the OS caches
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(cmd, env=env, capture_output=True, check=False)
        samples.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed: {done.stderr.decode()}")
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--years", type=int, default=10, help="history size for the report")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "BONETRACK_DB": str(Path(tmp) / "bench.db"), "NO_COLOR": "1"}
        # Measure what an installed bonetrack costs: pip byte-compiles an install, so the
        # warm-up run may write .pyc files here too (this machine sets the variable).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        big = str(Path(tmp) / "big.db")
        bonetrack = str(BIN / "bonetrack")
        subprocess.run([bonetrack, "log", "k2", "180mcg"], env=env, check=True, capture_output=True)
        has_demo = (
            subprocess.run(
                [bonetrack, "demo", "--help"], env=env, capture_output=True, check=False
            ).returncode
            == 0
        )
        if has_demo:
            subprocess.run(
                [bonetrack, "demo", "--db", big, "--years", str(args.years), "--seed", "1"],
                env=env,
                check=True,
                capture_output=True,
            )
        cases: list[tuple[str, list[str]]] = [
            ("python -c pass (baseline)", [sys.executable, "-c", "pass"]),
            ("bonetrack --version", [bonetrack, "--version"]),
            ("bonetrack --help", [bonetrack, "--help"]),
            ("bonetrack log k2 180mcg", [bonetrack, "log", "k2", "180mcg"]),
            ("bonetrack entries --limit 10", [bonetrack, "entries", "--limit", "10"]),
        ]
        if has_demo:
            cases += [
                (
                    f"bonetrack report ({args.years} years of history)",
                    [bonetrack, "--db", big, "report"],
                ),
                (
                    f"bonetrack report --json ({args.years} years)",
                    [bonetrack, "--db", big, "report", "--json"],
                ),
            ]
        results = [(name, timed(cmd, env, args.runs)) for name, cmd in cases]

    baseline = results[0][1]
    print(
        f"{args.runs} runs each, median; Python {sys.version.split()[0]}, {os.cpu_count()} cores\n"
    )
    print("| command | median (ms) | × baseline |")
    print("|---|---:|---:|")
    for name, seconds in results:
        print(f"| {name} | {seconds * 1000:.0f} | {seconds / baseline:.1f} |")


if __name__ == "__main__":
    main()
