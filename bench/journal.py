"""What the journal of changes costs: writes with it, against a tree without it, in one run.

    .venv/bin/python bench/journal.py [--runs 7] [--years 10] [--baseline PATH]

Every command runs as a new process with this venv's own python (`python -m bonetrack`).
`--baseline PATH` is a source tree of bonetrack without the journal (say `git archive main`
unpacked there): its commands run with PYTHONPATH=PATH/src, on databases it made itself, in
the same rounds, so the two columns compare under the same load. The floor S is
`python -c "import typer, sqlalchemy"`.

The Cronometer export is generated: `--years` of servings, eight food rows a day and two
supplements (vitamin D3, K2 MK-7) imported `--supplements-as-doses`, so an import writes three
food records and two doses a day. `log` runs on the 10-year demo history.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

from rounds import Case, measure, print_table  # bench/rounds.py, beside this script

FOODS = (  # name, group, calcium mg, vitamin D IU, vitamin K µg per serving
    ("Yogurt, Greek, Plain, Nonfat", "Breakfast", 187.0, 0.0, 0.0),
    ("Kale, Raw", "Lunch", 52.8, 0.0, 80.3),
    ("Salmon, Atlantic, Wild, Cooked", "Dinner", 22.5, 789.0, 0.75),
    ("Milk, 2%", "Breakfast", 293.0, 120.0, 0.5),
    ("Cheddar cheese", "Lunch", 201.0, 6.0, 0.8),
    ("Broccoli, Cooked", "Dinner", 62.0, 0.0, 220.0),
    ("Almonds", "Snacks", 76.0, 0.0, 0.0),
    ("Egg, Whole, Cooked", "Breakfast", 28.0, 44.0, 0.2),
)
SUPPLEMENTS = (
    ("Vitamin D3, Now Foods", "1.00 x 1000.0 IU", 0.0, 1000.0, 0.0),
    ("Vitamin K2 MK-7 (Menaquinone-7), Jarrow", "1.00 capsule", 0.0, 0.0, 180.0),
)
HEADER = "Day,Time,Group,Food Name,Amount,Vitamin D (IU),Vitamin K (µg),Calcium (mg),Category\n"


def servings(path: Path, years: int, end: date) -> int:
    """A Cronometer servings export of `years` up to `end`; its number of days."""
    rng = random.Random(1)
    days = 365 * years
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for n in range(days):
            day = (end - timedelta(days=days - n)).isoformat()
            for name, group, calcium, vitamin_d, vitamin_k in FOODS:
                servings = rng.choice((0.5, 1.0, 1.5, 2.0))
                out.write(
                    f'{day},8:05 AM,{group},"{name}",{servings:.2f} serving,'
                    f"{vitamin_d * servings:.2f},{vitamin_k * servings:.2f},"
                    f"{calcium * servings:.2f},Food\n"
                )
            for name, amount, calcium, vitamin_d, vitamin_k in SUPPLEMENTS:
                out.write(
                    f'{day},8:10 AM,Supplements,"{name}",{amount},{vitamin_d:.2f},'
                    f"{vitamin_k:.2f},{calcium:.2f},Supplements\n"
                )
    return days


def databases(work: Path, tag: str, env: dict[str, str], export: Path, years: int) -> Path:
    """empty, imported (the export once) and demo databases made by one tree; their folder."""
    folder = work / tag
    folder.mkdir()
    bonetrack = [sys.executable, "-m", "bonetrack"]

    def quiet(*args: str) -> None:
        subprocess.run([*bonetrack, *args], env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=True)  # fmt: skip

    quiet("--db", str(folder / "empty.db"), "entries")
    shutil.copy(folder / "empty.db", folder / "imported.db")
    quiet("--db", str(folder / "imported.db"), "import", "--from", "cronometer", str(export),
          "--supplements-as-doses")  # fmt: skip
    quiet("demo", "--years", str(years), "--seed", "1", "--db", str(folder / "demo.db"))
    return folder


def tree_cases(tag: str, folder: Path, env: dict[str, str], export: Path) -> list[Case]:
    bonetrack = [sys.executable, "-m", "bonetrack"]
    target = folder / "target.db"
    cronometer = ["import", "--from", "cronometer", str(export), "--supplements-as-doses"]
    cases = [
        Case(f"{tag}: import --from cronometer, new database",
             [*bonetrack, "--db", str(target), *cronometer], env,
             before=[["cp", str(folder / "empty.db"), str(target)]]),
        Case(f"{tag}: the same import again (every day restated unchanged)",
             [*bonetrack, "--db", str(folder / "imported.db"), *cronometer], env),
        Case(f"{tag}: log k2 180mcg (demo history)",
             [*bonetrack, "--db", str(folder / "demo.db"), "log", "k2", "180mcg"], env),
    ]  # fmt: skip
    if tag == "journal":
        cases.append(
            Case(f"{tag}: undo --yes of the first import",
                 [*bonetrack, "--db", str(target), "undo", "--yes"], env,
                 before=[["cp", str(folder / "empty.db"), str(target)],
                         [*bonetrack, "--db", str(target), *cronometer]])
        )  # fmt: skip
    return cases


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--baseline", type=Path, help="a bonetrack source tree without the journal")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bonetrack-bench-"))
    env = {**os.environ, "TZ": "Europe/Amsterdam"}
    env.pop("PYTHONPATH", None)
    export = work / "servings.csv"
    days = servings(export, args.years, date.today() - timedelta(days=1))
    trees = {"journal": env}
    if args.baseline is not None:
        trees["baseline"] = {**env, "PYTHONPATH": str(args.baseline.resolve() / "src")}
    cases = [
        Case("S: python -c 'import typer, sqlalchemy'",
             [sys.executable, "-c", "import typer, sqlalchemy"], env),
    ]  # fmt: skip
    for tag, tree_env in trees.items():
        folder = databases(work, tag, tree_env, export, args.years)
        cases += tree_cases(tag, folder, tree_env, export)
    measure(cases, args.runs, env)
    size = export.stat().st_size
    print(f"Cronometer servings: {args.years} years ({days} days, {size:,} bytes), "
          f"{args.runs} rounds\n")  # fmt: skip
    print_table(cases)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
