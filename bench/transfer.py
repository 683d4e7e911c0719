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
import subprocess
import sys
import tempfile
from pathlib import Path

from rounds import Case, measure, print_table, run  # bench/rounds.py, beside this script

BIN = Path(sys.executable).parent
BONETRACK = str(BIN / "bonetrack")


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
    measure(cases, args.runs, env)
    entries = subprocess.run(
        [sys.executable, "-c", f"import sqlite3; print(sqlite3.connect('{full}')"
         ".execute('select count(*) from intakes').fetchone()[0])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    sizes = f"JSON {as_json.stat().st_size:,} bytes, zip {as_zip.stat().st_size:,} bytes"
    print(f"{args.years}-year demo history ({entries} entries; {sizes}), {args.runs} rounds\n")
    print_table(cases)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
