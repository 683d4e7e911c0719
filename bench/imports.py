"""Import benchmark (issue 11): throughput and peak memory of importing other apps' exports.

    .venv/bin/python bench/imports.py [--sizes 1MB,10MB,100MB,1GB] [--rounds 3]
                                      [--baseline-rounds 1] [--cronometer-years 10]

For each size, an Apple Health export.xml made by bench/generate_exports.py (under
bench/data/, gitignored; made once and reused) is read by, in turn and in rounds:
- `cat FILE > /dev/null`: the time to read the bytes at all (the file is in the page cache
  after the first round, for every tool alike);
- `bonetrack import --from apple-health FILE` into a database just created (by an untimed
  `bonetrack today`, as a user's database exists before her first import);
- healthkit-to-sqlite (the PyPI package, in its own venv at bench/.venv-healthkit-to-sqlite,
  made on first use) into a new database: the baseline.
Every command is a new process; its wall time, CPU time (user + system) and peak RSS
(`ru_maxrss` of the child, from wait4) are kept; each figure is the median of the rounds.
Databases go to a new temporary folder in --db-dir (default: beside the data; /dev/shm
takes the disk's syncs out of the comparison: healthkit-to-sqlite commits every batch,
bonetrack once). With
--cronometer-years, also `bonetrack import --from cronometer` of that many years of exports.
Prints a Markdown table for bench/RESULTS.md.
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

HERE = Path(__file__).parent
DATA = HERE / "data"
BIN = Path(sys.executable).parent
BONETRACK = str(BIN / "bonetrack")
BASELINE_VENV = HERE / ".venv-healthkit-to-sqlite"
BASELINE = BASELINE_VENV / "bin" / "healthkit-to-sqlite"

sys.path.insert(0, str(HERE))
from generate_exports import parse_size, write_apple_health, write_cronometer  # noqa: E402


@dataclass
class Runs:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak_kib: list[int] = field(default_factory=list)

    def median_wall(self) -> float:
        return statistics.median(self.wall)

    def median_cpu(self) -> float:
        return statistics.median(self.cpu)

    def peak_mb(self) -> float:
        return max(self.peak_kib) / 1024


def run(argv: list[str], runs: Runs, env: dict[str, str] | None = None) -> None:
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, **(env or {})}
    )
    assert proc.stderr is not None
    errors = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)  # the child's own rusage
    runs.wall.append(time.perf_counter() - start)
    runs.cpu.append(usage.ru_utime + usage.ru_stime)
    runs.peak_kib.append(usage.ru_maxrss)
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{errors.decode(errors='replace')}")


def ensure_baseline() -> None:
    if BASELINE.exists():
        return
    subprocess.run([sys.executable, "-m", "venv", str(BASELINE_VENV)], check=True)
    pip = BASELINE_VENV / "bin" / "pip"
    subprocess.run([str(pip), "install", "--quiet", "healthkit-to-sqlite"], check=True)


def export_file(size: int) -> Path:
    path = DATA / f"export-{size // 10**6}MB.xml"
    if not path.exists():
        print(f"generating {path.name} ...", file=sys.stderr)
        write_apple_health(path, size, seed=1)
    return path


def fmt_rate(size: int, seconds: float) -> str:
    return f"{size / 1e6 / seconds:,.1f}"


def bench_apple_health(
    sizes: list[int], rounds: int, baseline_rounds: int, db_dir: Path
) -> list[str]:
    ensure_baseline()
    lines = [
        "| export.xml | records | `cat` MB/s | bonetrack MB/s (CPU) | bonetrack peak RSS | "
        "healthkit-to-sqlite MB/s (CPU) | its peak RSS | bonetrack ÷ healthkit-to-sqlite |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in sizes:
        path = export_file(size)
        actual = path.stat().st_size
        records = count_records(path)
        cat, ours, theirs = Runs(), Runs(), Runs()
        for index in range(rounds):
            work = Path(tempfile.mkdtemp(prefix="bench-", dir=db_dir))
            try:
                run(["cat", str(path)], cat)
                subprocess.run(
                    [BONETRACK, "--db", str(work / "b.db"), "today"],
                    check=True,
                    capture_output=True,
                )
                run(
                    [BONETRACK, "--db", str(work / "b.db"), "import", "--from", "apple-health",
                     str(path)],
                    ours,
                )  # fmt: skip
                if index < baseline_rounds:
                    run([str(BASELINE), str(path), str(work / "h.db"), "--xml", "-s"], theirs)
            finally:
                shutil.rmtree(work)
            print(
                f"{path.name} round {index + 1}: bonetrack {ours.wall[-1]:.2f} s", file=sys.stderr
            )
        ratio = theirs.median_wall() / ours.median_wall()
        cpu_ratio = theirs.median_cpu() / ours.median_cpu()
        lines.append(
            f"| {actual / 1e6:,.0f} MB | {records:,} | {fmt_rate(actual, cat.median_wall())} | "
            f"**{fmt_rate(actual, ours.median_wall())}** ({fmt_rate(actual, ours.median_cpu())}) | "
            f"**{ours.peak_mb():.0f} MB** | {fmt_rate(actual, theirs.median_wall())} "
            f"({fmt_rate(actual, theirs.median_cpu())}) | {theirs.peak_mb():.0f} MB | "
            f"**{ratio:.1f}×** (CPU {cpu_ratio:.1f}×) |"
        )
        print(lines[-1], file=sys.stderr)
    return lines


def count_records(path: Path) -> int:
    count = 0
    with path.open("rb") as f:
        while chunk := f.read(1 << 24):
            count += chunk.count(b"<Record ")
    return count


def bench_cronometer(years: int, rounds: int, db_dir: Path) -> list[str]:
    folder = DATA / f"cronometer-{years}y"
    if not folder.exists():
        write_cronometer(folder, years, seed=1)
    size = sum(p.stat().st_size for p in folder.glob("*.csv"))
    cat, ours = Runs(), Runs()
    for _ in range(rounds):
        work = Path(tempfile.mkdtemp(prefix="bench-", dir=db_dir))
        try:
            run(["cat", *map(str, sorted(folder.glob("*.csv")))], cat)
            subprocess.run(
                [BONETRACK, "--db", str(work / "b.db"), "today"], check=True, capture_output=True
            )
            run([BONETRACK, "--db", str(work / "b.db"), "import", "--from", "cronometer",
                 str(folder)], ours)  # fmt: skip
        finally:
            shutil.rmtree(work)
    return [
        "| Cronometer export | size | `cat` MB/s | bonetrack MB/s (CPU) | peak RSS |",
        "|---|---:|---:|---:|---:|",
        f"| {years} years (servings, daily summary, exercises) | {size / 1e6:,.1f} MB | "
        f"{fmt_rate(size, cat.median_wall())} | **{fmt_rate(size, ours.median_wall())}** "
        f"({fmt_rate(size, ours.median_cpu())}) | **{ours.peak_mb():.0f} MB** |",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1MB,10MB,100MB,1GB")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--baseline-rounds", type=int, default=None,
        help="rounds of healthkit-to-sqlite (default: --rounds); it is slow at 1 GB",
    )  # fmt: skip
    parser.add_argument("--cronometer-years", type=int, default=0)
    parser.add_argument("--db-dir", type=Path, default=DATA)
    args = parser.parse_args()
    DATA.mkdir(exist_ok=True)
    sizes = [parse_size(s) for s in args.sizes.split(",") if s]
    baseline_rounds = args.rounds if args.baseline_rounds is None else args.baseline_rounds
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} cores; medians of {args.rounds} "
        f"rounds ({baseline_rounds} of healthkit-to-sqlite); databases in {args.db_dir}\n"
    )
    print("\n".join(bench_apple_health(sizes, args.rounds, baseline_rounds, args.db_dir)))
    if args.cronometer_years:
        print()
        print("\n".join(bench_cronometer(args.cronometer_years, args.rounds, args.db_dir)))


if __name__ == "__main__":
    main()
