"""Cases run in rounds as new processes, and their table: shared by the benchmarks.

Each round runs every case once, so that a slow spell of this shared machine weighs on all
of them alike; each figure is the median of the rounds, with the peak RSS of the child,
also as a ratio to the first case (the floor).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from dataclasses import dataclass, field


@dataclass
class Case:
    name: str
    argv: list[str]
    env: dict[str, str] | None = None  # None: the environment `measure` is given
    before: list[list[str]] = field(default_factory=list)  # untimed set-up commands
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak_kib: int = 0


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, peak RSS KiB) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    errors = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {errors.decode()}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def measure(cases: list[Case], runs: int, env: dict[str, str]) -> None:
    for _ in range(runs):
        for case in cases:
            case_env = env if case.env is None else case.env
            for step in case.before:
                subprocess.run(step, env=case_env, check=True, stdout=subprocess.DEVNULL)
            wall, cpu, peak = run(case.argv, case_env)
            case.seconds.append(wall)
            case.cpu.append(cpu)
            case.peak_kib = max(case.peak_kib, peak)


def print_table(cases: list[Case]) -> None:
    """A Markdown table of the medians, as ratios to the first case."""
    floor = statistics.median(cases[0].seconds)
    floor_cpu = statistics.median(cases[0].cpu)
    print("| case | median s | x S | CPU s | CPU x S | peak RSS MiB |")
    print("|---|---|---|---|---|---|")
    for case in cases:
        wall, cpu = statistics.median(case.seconds), statistics.median(case.cpu)
        print(
            f"| {case.name} | {wall:.3f} | {wall / floor:.1f} | {cpu:.3f} | "
            f"{cpu / floor_cpu:.1f} | {case.peak_kib / 1024:.0f} |"
        )
