"""`bonetrack demo`: a sample database with a realistic history, then its report.

It never touches the user's database: it writes to a new temporary directory,
or to `--db PATH` only when that file does not exist yet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from datetime import datetime

    from bonetrack.domain.demo import DemoHistory
    from bonetrack.domain.demo_bone import BoneDemo
    from bonetrack.domain.demo_meds import MedicineDemo
    from bonetrack.store.engine import Database

app = typer.Typer()

DEMO_FILE = "bonetrack-demo.db"


def insert_demo(
    db: Database, history: DemoHistory, bone: BoneDemo, medicines: MedicineDemo | None = None
) -> None:
    """Store the whole sample in one transaction, with bulk inserts."""
    from bonetrack.clock import localize
    from bonetrack.domain.entries import NewEntry
    from bonetrack.store.entries import add_entries
    from bonetrack.store.events import insert_events
    from bonetrack.store.labs import insert_lab_results
    from bonetrack.store.medicines import insert_medicine_versions
    from bonetrack.store.pauses import insert_pauses
    from bonetrack.store.plans import insert_plan_versions
    from bonetrack.store.scans import insert_scans

    entries = [
        NewEntry(
            kind=entry.kind,
            amount=entry.amount,
            input_amount=entry.input_amount,
            input_unit=entry.input_unit,
            taken_at=localize(entry.local),
            form=entry.form,
            exercise_type=entry.exercise_type,
            source="demo",
        )
        for entry in history.intakes
    ]
    if medicines is not None:
        entries += [
            NewEntry(
                kind="medicine",
                amount=dose.amount_mcg,
                input_amount=dose.amount_mcg / 1000,
                input_unit="mg",
                taken_at=localize(dose.local),
                medicine=dose.medicine,
                source="demo",
            )
            for dose in medicines.doses
        ]
    with db.begin() as conn:
        insert_plan_versions(conn, history.plans)
        add_entries(conn, entries)
        insert_scans(conn, bone.scans)
        insert_events(conn, bone.events)
        if medicines is not None:
            insert_medicine_versions(conn, medicines.versions)
            insert_lab_results(conn, medicines.labs)
        insert_pauses(conn, history.pauses)


def demo_history(now: datetime, years: int, seed: int) -> DemoHistory:
    from bonetrack.domain.demo import generate_demo

    return generate_demo(now, years=years, seed=seed)


@app.command("demo")
def demo(
    years: Annotated[
        int, typer.Option("--years", min=1, max=100, help="Years of history to make.")
    ] = 2,
    db_path: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="PATH",
            help="Write the sample to this new file (it must not exist). "
            "Default: a new temporary directory.",
            show_default=False,
        ),
    ] = None,
    seed: Annotated[
        int | None, typer.Option("--seed", help="Random seed: the same seed, the same history.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Create a sample database with a realistic history and show its report."""
    import sys
    import tempfile
    from pathlib import Path

    from bonetrack import clock
    from bonetrack.cli import output
    from bonetrack.cli.report import DEFAULT_DAYS, print_report, window
    from bonetrack.domain.demo import DEFAULT_SEED
    from bonetrack.errors import InputError
    from bonetrack.store.engine import open_database

    if db_path is not None:
        if "://" in db_path:
            raise InputError("demo --db takes a file path, not a URL.")
        path = Path(db_path).expanduser()
        if path.exists():
            raise InputError(
                f"{path} already exists: demo writes only to a new file, "
                "so it can never overwrite your data."
            )
    else:
        path = Path(tempfile.mkdtemp(prefix="bonetrack-demo-")) / DEMO_FILE
    now = clock.now()
    from bonetrack.domain.demo_bone import generate_bone_demo

    chosen_seed = DEFAULT_SEED if seed is None else seed
    history = demo_history(now, years, chosen_seed)
    tz = now.tzinfo
    assert tz is not None
    bone = generate_bone_demo(history.start, history.end, seed=chosen_seed, tz=tz)
    from bonetrack.domain.demo_meds import generate_medicine_demo

    medicines = generate_medicine_demo(history.start, now, chosen_seed)
    db = open_database(str(path))
    try:
        insert_demo(db, history, bone, medicines)
        entries = len(history.intakes) + len(medicines.doses)
        output.info(
            f"Sample data: {years} year{'s' if years != 1 else ''} "
            f"({entries} entries, {len({s.scan_date for s in bone.scans})} scan "
            f"visits, {len(bone.events)} events, {len(medicines.labs)} lab results) in {path}"
        )
        start, end = window(None, None, DEFAULT_DAYS, now.date())
        print_report(db, start, end, now.date(), as_json)
        # After the report, so that they do not scroll away above it; how to explore it last.
        sys.stdout.flush()
        output.info(
            f"For a clinic visit: bonetrack --db {path} summary --pdf summary.pdf   "
            "(or --html summary.html; without either, a preview here)\n"
            f"Explore it: bonetrack --db {path} today   (or report, entries, med list, lab list)"
        )
    finally:
        db.close()
