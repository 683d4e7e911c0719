"""`bonetrack lab add|list|delete`: lab results (vitamin D level, INR, turnover markers...)."""

from __future__ import annotations

from typing import Annotated

import typer

from bonetrack.cli.options import AsJson, Note, Yes

app = typer.Typer(
    name="lab",
    help="Lab results: 25(OH)D, INR, calcium, bone turnover markers (CTX, P1NP...).",
    no_args_is_help=True,
)


def _complete_test(incomplete: str) -> list[str]:
    from bonetrack.domain.labs import TEST_NAMES

    return [name for name in TEST_NAMES if name.startswith(incomplete.lower())]


@app.command("add")
def add(
    test: Annotated[
        str,
        typer.Argument(
            metavar="TEST",
            help="25ohd, inr, calcium, ctx, p1np, bap, osteocalcin, ntx, creatinine, egfr, pth.",
            autocompletion=_complete_test,
            show_default=False,
        ),
    ],
    value: Annotated[
        str,
        typer.Argument(
            metavar="VALUE",
            help="With its unit: 32ng/mL, 80nmol/L, 9.6mg/dL, 0.35ng/mL; INR alone: 2.4.",
            show_default=False,
        ),
    ],
    taken_on: Annotated[
        str | None,
        typer.Option(
            "--date", metavar="DATE", help="Day of the test. Default: today.", show_default=False
        ),
    ] = None,
    ref_low: Annotated[
        float | None,
        typer.Option("--ref-low", help="Low end of the lab's (or prescriber's) range."),
    ] = None,
    ref_high: Annotated[
        float | None,
        typer.Option("--ref-high", help="High end of the lab's (or prescriber's) range."),
    ] = None,
    lab: Annotated[
        str | None,
        typer.Option("--lab", metavar="NAME", help="The lab (needed for turnover markers)."),
    ] = None,
    note: Note = None,
    as_json: AsJson = False,
) -> None:
    """Record a lab result, in the unit the lab gave it."""
    from bonetrack import clock
    from bonetrack.cli import output, state
    from bonetrack.cli.aftercommit import after_commit
    from bonetrack.cli.dates import date_order
    from bonetrack.domain.labs import (
        LAB_NAME_LIMIT,
        NOTE_LIMIT,
        change_text,
        check_lab_needed,
        check_ref_range,
        get_test,
        new_result,
        parse_lab_value,
    )
    from bonetrack.domain.text import clean_text
    from bonetrack.domain.when import parse_day
    from bonetrack.errors import InputError
    from bonetrack.render.labs import meaning, result_json
    from bonetrack.store.labs import add_lab_result, k2_beside_inr, list_lab_results
    from bonetrack.store.profile import load_profile

    today = clock.today()
    info = get_test(test)
    parsed = parse_lab_value(info, value)
    day = today if taken_on is None else parse_day(taken_on, today, "--date", date_order)
    if day > today:
        raise InputError(f"--date {day} is in the future; today is {today}.")
    check_ref_range(ref_low, ref_high, ("--ref-low", "--ref-high"))
    lab_name = clean_text(lab, "--lab", LAB_NAME_LIMIT)
    check_lab_needed(info, lab_name)
    db = state.database()
    profile = load_profile(db, today)
    profile.check_born_by(day)
    earlier = list_lab_results(db, info.key)
    result = add_lab_result(
        db,
        new_result(
            info,
            parsed,
            day,
            ref_low=ref_low,
            ref_high=ref_high,
            lab=lab_name,
            note=clean_text(note, "--note", NOTE_LIMIT),
        ),
    )
    before = [r for r in earlier if r.taken_on <= day]
    previous = next((r for r in reversed(before) if result.comparable(r)), None)
    # Stored. What is shown beside it cannot fail the command.
    beside = after_commit(lambda: k2_beside_inr(db, [result], profile), "the K2 beside the INR")
    k2 = None if beside is None else beside.get(result.id)
    if as_json:
        output.print_json(result_json(result, previous, k2))
        return
    said = meaning(result, k2)
    band = result.band()
    source = f" ({band.cut_points}; {band.source})" if band is not None else ""
    output.line(
        f"Recorded {info.label} {result.shown()} on {day}"
        + (f": {said}{source}" if said else "")
        + "."
    )
    change = change_text(result, previous)
    if change:
        same = " from the same lab" if info.turnover else ""
        output.line(f"Change{same}: {change}.")
    elif info.turnover and before:
        output.line(f"Not compared: no earlier {info.label} result from {lab_name}.")


@app.command("list")
def list_results(
    test: Annotated[
        str | None,
        typer.Option("--test", help="Only this test.", autocompletion=_complete_test),
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Your lab results, oldest first, with conversions, ranges and changes."""
    from bonetrack import clock
    from bonetrack.cli import output, state
    from bonetrack.domain.labs import get_test, previous_results
    from bonetrack.render.labs import NO_RESULTS, result_json, results_text
    from bonetrack.store.labs import k2_beside_inr, list_lab_results
    from bonetrack.store.profile import load_profile

    key = get_test(test).key if test is not None else None
    db = state.database()
    results = list_lab_results(db, key)
    previous = previous_results(results)
    k2 = k2_beside_inr(db, results, load_profile(db, clock.today()))
    if as_json:
        output.print_json([result_json(r, previous[r.id], k2.get(r.id)) for r in results])
        return
    if not results:
        output.line(NO_RESULTS if key is None else f"No {get_test(key).label} results yet.")
        return
    output.line(results_text(results, previous, k2, output.stdout_terminal()))


@app.command("delete")
def delete(
    result_id: Annotated[
        int, typer.Argument(metavar="ID", help="The result's id (see `lab list`).")
    ],
    yes: Yes = False,
) -> None:
    """Delete one lab result (after showing it)."""
    from bonetrack.cli import state
    from bonetrack.cli.confirm import delete_if_confirmed
    from bonetrack.errors import InputError
    from bonetrack.store.labs import delete_lab_result, get_lab_result

    db = state.database()
    result = get_lab_result(db, result_id)
    if result is None:
        raise InputError(f"no lab result with id {result_id}; see `bonetrack lab list` for ids.")
    line = f"#{result.id} {result.taken_on} {result.test_info.label} {result.shown()}"
    delete_if_confirmed("Lab result", line, lambda: delete_lab_result(db, result.id), yes=yes)
