"""`bonetrack plan set|show|stop|suggest`: what the user intends to take and do."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from bonetrack.cli.options import AsJson, KindArgument, Yes, complete_exercise_type, complete_kind

if TYPE_CHECKING:
    from datetime import date

    from bonetrack.domain.plans import PlanVersion
    from bonetrack.domain.profile import Profile
    from bonetrack.store.engine import Database

app = typer.Typer(
    name="plan",
    help="Set, show, stop or get a suggested plan (what you intend to take and do).",
    no_args_is_help=True,
)


TypeOption = Annotated[
    str | None,
    typer.Option(
        "--type",
        help="Exercise type: strength, impact, balance, aerobic, walking, other (default other).",
        autocompletion=complete_exercise_type,
    ),
]
FromOption = Annotated[
    str | None,
    typer.Option(
        "--from",
        metavar="DATE",
        help="Takes effect on this day: YYYY-MM-DD, today, yesterday, 'N days ago'. "
        "Default: today.",
        show_default=False,
    ),
]


ReplaceLater = Annotated[
    bool,
    typer.Option(
        "--replace-later",
        help="When the item already has a version from a later day: delete it, so that this "
        "plan lasts on.",
    ),
]
KeepLater = Annotated[
    bool,
    typer.Option(
        "--keep-later",
        help="When the item already has a version from a later day: keep it, so that this "
        "plan lasts until the day before it.",
    ),
]


def _profile(db: Database) -> Profile:
    from bonetrack.store.profile import load_profile

    return load_profile(db)


def _confirm_safety(db: Database, version: PlanVersion, today: date, yes: bool) -> bool:
    """Print the plan's warnings before it is stored; ask to confirm the serious ones.

    False when the user declined. Without a terminal and without --yes, a plan
    that needs confirming is refused (exit 2) and nothing is stored.
    """
    from bonetrack.cli import output
    from bonetrack.cli.confirm import confirm
    from bonetrack.domain.guidance import CONFIRM_PLAN_CODES, plan_warnings
    from bonetrack.domain.plans import daily_target, dose_amount

    if not version.active:
        return True
    warnings = plan_warnings(
        _profile(db),
        version.kind,
        day=max(version.valid_from, today),
        daily_amount=daily_target(version),
        dose_amount=dose_amount(version),
        form=version.form,
    )
    for warning in warnings:
        output.warn(warning.text())
    serious = [w for w in warnings if w.code in CONFIRM_PLAN_CODES]
    return not serious or confirm("Set this plan anyway?", yes=yes)


def _items(db: Database) -> dict[tuple[str, str | None], list[PlanVersion]]:
    from bonetrack.domain.plans import group_items
    from bonetrack.store.plans import list_plan_versions

    return group_items(list_plan_versions(db))


def _unchanged(before: PlanVersion | None, version: PlanVersion) -> bool:
    """Whether `version` would only repeat the plan already in force on its day."""
    from dataclasses import replace

    return before is not None and replace(before, valid_from=version.valid_from) == version


def _day(text: str | None, today: date) -> date:
    from bonetrack.cli.dates import date_order
    from bonetrack.domain.when import optional_day

    return optional_day(text, today, "--from", date_order) or today


def _version_text(version: PlanVersion) -> str:
    from bonetrack.domain.plans import describe_target

    return describe_target(version) if version.active else "stopped"


def _later(
    items: dict[tuple[str, str | None], list[PlanVersion]], version: PlanVersion
) -> list[PlanVersion]:
    from bonetrack.domain.plans import later_versions

    return later_versions(items.get(version.key, []), version.valid_from)


def _later_choice(
    items: dict[tuple[str, str | None], list[PlanVersion]],
    versions: list[PlanVersion],
    *,
    replace_later: bool,
    keep_later: bool,
) -> list[PlanVersion]:
    """The stored later versions that the new `versions` replace (none: they are kept).

    A version set from a day before a later version of its item would silently end when
    that one begins: say so, show the later version, and ask (or follow the flags).
    """
    from bonetrack.cli import output
    from bonetrack.cli.confirm import stdin_is_terminal
    from bonetrack.domain.plans import effective_versions, item_label
    from bonetrack.errors import InputError

    if replace_later and keep_later:
        raise InputError("--replace-later and --keep-later contradict each other: choose one.")
    later = {v.key: _later(items, v) for v in versions}
    later = {key: found for key, found in later.items() if found}
    if not later or keep_later:
        return []
    if replace_later:
        return [version for found in later.values() for version in found]
    shown = [
        f"{item_label(*key)} already has a later version: "
        + "; ".join(f"from {v.valid_from}: {_version_text(v)}" for v in effective_versions(found))
        for key, found in later.items()
    ]
    if not stdin_is_terminal():
        raise InputError(
            f"{'; '.join(shown)}. Add --replace-later to replace it with this plan, or "
            "--keep-later to keep it (this plan then lasts until the day before it)."
        )
    for line in shown:
        output.info(line)
    if typer.confirm(
        "Replace it with this plan? (no: keep it, and this plan lasts until the day before it)",
        default=False,
        err=True,
    ):
        return [version for found in later.values() for version in found]
    return []


def _until(
    items: dict[tuple[str, str | None], list[PlanVersion]],
    version: PlanVersion,
    replacing: list[PlanVersion],
) -> str:
    """' until 2026-11-21 (then from 2026-11-22: 1200 mg a day)' when a later version stays."""
    from bonetrack.domain.plans import effective_versions, last_day

    kept = [v for v in _later(items, version) if all(v.id != r.id for r in replacing)]
    if not kept:
        return ""
    following = effective_versions(kept)[0]
    end = last_day([version, *kept], version)
    return f" until {end} (then from {following.valid_from}: {_version_text(following)})"


def _replaced(replacing: list[PlanVersion], *, name_items: bool) -> str:
    """' It replaces the later version from 2026-11-22.' ('' when none is replaced); with
    `name_items`, which items' versions (`plan suggest --apply` sets several)."""
    from bonetrack.domain.plans import item_label

    if not replacing:
        return ""
    days = ", ".join(sorted({str(v.valid_from) for v in replacing}))
    labels = ", ".join(dict.fromkeys(item_label(*v.key) for v in replacing))
    which = f" ({labels})" if name_items else ""
    return f" It replaces the later version{'s' if len(replacing) > 1 else ''} from {days}{which}."


@app.command("set")
def set_plan(
    kind: KindArgument,
    dose: Annotated[
        str | None,
        typer.Argument(
            metavar="[DOSE]",
            help="Target per day (or week): 180mcg, 1200mg, 800IU, 150min. "
            "Optional for exercise with --times.",
            show_default=False,
        ),
    ] = None,
    per: Annotated[
        str | None,
        typer.Option(
            "--per",
            metavar="day|week",
            help="Period of the target. Default: day for supplements, week for exercise.",
            show_default=False,
        ),
    ] = None,
    times: Annotated[
        int | None,
        typer.Option(
            "--times", help="Entries (sessions or doses) per period, e.g. --times 2 --per week."
        ),
    ] = None,
    form: Annotated[
        str | None,
        typer.Option(
            "--form", help="k2: mk7|mk4; calcium: carbonate|citrate|other; vitamin-d: d3|d2."
        ),
    ] = None,
    exercise_type: TypeOption = None,
    valid_from: FromOption = None,
    replace_later: ReplaceLater = False,
    keep_later: KeepLater = False,
    yes: Yes = False,
) -> None:
    """Set (or change) the plan for one item, from --from onwards; history keeps the old one.

    A calcium target above 500 mg a day is split into doses of at most 500 mg
    unless --times says otherwise. A plan that could harm (K2 on a vitamin K
    antagonist, a daily target above your upper limit) is shown with its
    warning and asks for confirmation (--yes to skip). When the item already has
    a version from a later day, it is shown and you are asked whether to replace
    it (--replace-later) or keep it (--keep-later).
    """
    from dataclasses import replace

    from bonetrack import clock
    from bonetrack.cli import output, state
    from bonetrack.domain.amounts import format_amount, parse_amount
    from bonetrack.domain.kinds import check_exercise_type, check_form, get_kind
    from bonetrack.domain.plans import (
        PlanVersion,
        check_version,
        describe_target,
        item_label,
        split_calcium,
        version_in_force,
    )
    from bonetrack.errors import InputError
    from bonetrack.store.plans import add_plan_versions

    today = clock.today()
    kind_info = get_kind(kind)
    period = (
        per.strip().lower() if per is not None else ("week" if kind_info.is_exercise else "day")
    )
    if dose is None and times is None:
        example = (
            "`bonetrack plan set exercise --type strength --times 2 --per week`"
            if kind_info.is_exercise
            else f"`bonetrack plan set {kind_info.name} "
            + {"k2": "180mcg --form mk7", "calcium": "1200mg", "vitamin-d": "800IU"}.get(
                kind_info.name, "1mg"
            )
            + "`"
        )
        raise InputError(f"give a dose or --times for the plan, e.g. {example}.")
    version = PlanVersion(
        kind=kind_info.name,
        exercise_type=check_exercise_type(kind_info, exercise_type),
        amount=parse_amount(kind_info, dose).value if dose is not None else None,
        per=period,
        times=times,
        form=check_form(kind_info, form),
        valid_from=_day(valid_from, today),
    )
    check_version(version)
    split = split_calcium(version) if times is None else None
    if split is not None:
        version = split
    db = state.database()
    items = _items(db)
    before = version_in_force(items.get(version.key, []), version.valid_from)
    if form is None and before is not None and before.active:
        # Changing the dose keeps the form: `plan set k2 200mcg` after `--form mk7`.
        version = replace(version, form=before.form)
    if before is not None and _unchanged(before, version) and not _later(items, version):
        output.line(
            f"Plan unchanged: {item_label(*version.key)} {describe_target(version)} "
            f"since {before.valid_from}."
        )
        return
    replacing = _later_choice(items, [version], replace_later=replace_later, keep_later=keep_later)
    if not _confirm_safety(db, version, today, yes):
        output.line("Plan not set: nothing was stored.")
        return
    add_plan_versions(db, [version], replacing)
    was = (
        f" (was {describe_target(before)})"
        if before is not None and before.active and before != version
        else ""
    )
    output.line(
        f"Plan set: {item_label(*version.key)} {describe_target(version)} "
        f"from {version.valid_from}{_until(items, version, replacing)}{was}."
        + _replaced(replacing, name_items=False)
    )
    if split is not None and version.times is not None and version.amount is not None:
        each = format_amount(kind_info, version.amount / version.times)
        output.line(
            f"Split into {version.times} doses of {each}: take at most 500 mg of calcium at a "
            "time (NIH ODS). Use --times to choose another split."
        )


@app.command("stop")
def stop_plan(
    kind: Annotated[
        str,
        typer.Argument(metavar="KIND", autocompletion=complete_kind, show_default=False),
    ],
    exercise_type: TypeOption = None,
    valid_from: FromOption = None,
) -> None:
    """Stop an item's plan from --from (default today): later days are not due."""
    from bonetrack import clock
    from bonetrack.cli import output, state
    from bonetrack.domain.kinds import check_exercise_type, get_kind
    from bonetrack.domain.plans import (
        PlanVersion,
        effective_versions,
        item_label,
        last_day,
        version_in_force,
    )
    from bonetrack.errors import InputError
    from bonetrack.store.plans import add_plan_versions

    today = clock.today()
    kind_info = get_kind(kind)
    day = _day(valid_from, today)
    items = _items(state.database())
    if kind_info.is_exercise and exercise_type is None:
        running = [
            key
            for key, versions in items.items()
            if key[0] == "exercise"
            and (v := version_in_force(versions, day)) is not None
            and v.active
        ]
        if len(running) != 1:
            types = ", ".join(str(key[1]) for key in running) or "none"
            raise InputError(f"say which exercise plan to stop with --type (planned: {types}).")
        exercise_type = running[0][1]
    key = (kind_info.name, check_exercise_type(kind_info, exercise_type))
    current = version_in_force(items.get(key, []), day)
    if current is None or not current.active:
        raise InputError(f"there is no {item_label(*key)} plan in force on {day} to stop.")
    stop = PlanVersion(key[0], key[1], None, current.per, None, None, day, active=False)
    add_plan_versions(state.database(), [stop])
    later = effective_versions(_later(items, stop))
    if not later:
        output.line(
            f"Plan stopped: {item_label(*key)} from {day}. Days from then on are not counted."
        )
        return
    end = last_day([stop, *later], stop)
    output.line(
        f"Plan stopped: {item_label(*key)} from {day}: not counted from {day} until {end}; "
        f"from {later[0].valid_from} the later version applies: {_version_text(later[0])}."
    )


@app.command("show")
def show_plans(as_json: AsJson = False) -> None:
    """Show the plans in force today, scheduled changes and how many versions each has."""
    from bonetrack import clock
    from bonetrack.cli import output, state
    from bonetrack.render.plans import item_states, plans_json, plans_renderable

    today = clock.today()
    states = item_states(_items(state.database()), today)
    if as_json:
        output.print_json(plans_json(states, today))
        return
    output.stdout_console().print(plans_renderable(states, today))


@app.command("history")
def history(
    kind: Annotated[
        str | None,
        typer.Argument(metavar="[KIND]", autocompletion=complete_kind, show_default=False),
    ] = None,
    exercise_type: TypeOption = None,
    as_json: AsJson = False,
) -> None:
    """Every version of each plan item (or of KIND), with the days it was in force and its
    id (for `plan delete ID`)."""
    from bonetrack.cli import output, state
    from bonetrack.domain.kinds import check_exercise_type, get_kind
    from bonetrack.render.plans import history_json, history_lines
    from bonetrack.render.report import NOTHING_PLANNED

    items = _items(state.database())
    if kind is not None:
        kind_info = get_kind(kind)
        wanted = check_exercise_type(kind_info, exercise_type) if exercise_type else None
        items = {
            key: versions
            for key, versions in items.items()
            if key[0] == kind_info.name and (wanted is None or key[1] == wanted)
        }
    if as_json:
        output.print_json(history_json(items))
    elif not items:
        output.line(NOTHING_PLANNED if kind is None else "No plan for that item yet.")
    else:
        output.line("\n".join(history_lines(items)))


@app.command("undo")
def undo_plan(yes: Yes = False) -> None:
    """Take back the last plan change (set, stop or suggest --apply), after showing it."""
    from bonetrack.cli import state
    from bonetrack.cli.confirm import undo_if_confirmed
    from bonetrack.errors import InputError
    from bonetrack.store.journal import last_changes
    from bonetrack.store.schema import plans

    db = state.database()
    found = last_changes(db, 1, only_table=plans.name)
    if not found:
        raise InputError(
            "there is no plan change to undo; `bonetrack plan history` lists the versions, "
            "and `bonetrack plan delete ID` removes one."
        )
    undo_if_confirmed(db, found[0], "Last plan change", yes=yes)


@app.command("delete")
def delete_version(
    version_id: Annotated[
        int, typer.Argument(metavar="ID", help="The version's id (see `plan history`).")
    ],
    yes: Yes = False,
) -> None:
    """Delete one plan version by its id (after showing it); `bonetrack undo` brings it back."""
    from bonetrack.cli import state
    from bonetrack.cli.confirm import delete_if_confirmed
    from bonetrack.domain.plans import item_label
    from bonetrack.errors import InputError
    from bonetrack.store.plans import delete_plan_version, list_plan_versions

    db = state.database()
    version = next((v for v in list_plan_versions(db) if v.id == version_id), None)
    if version is None:
        raise InputError(f"no plan version with id {version_id}; see `bonetrack plan history`.")
    line = (
        f"#{version.id} {item_label(*version.key)} {_version_text(version)} "
        f"from {version.valid_from}"
    )
    delete_if_confirmed("Plan version", line, lambda: delete_plan_version(db, version_id), yes=yes)


def _ask_anticoagulant(db: Database, profile: Profile, today: date) -> Profile:
    """On a terminal, ask about blood thinners before suggesting K2, and store the answer.

    Without a terminal nothing is asked: the suggestion leaves K2 out and says why.
    """
    from bonetrack.cli import output
    from bonetrack.cli.confirm import stdin_is_terminal
    from bonetrack.domain.profile import anticoagulant_change, parse_anticoagulant
    from bonetrack.errors import InputError
    from bonetrack.store.profile import load_profile, save_profile

    if not stdin_is_terminal():
        return profile
    if not typer.confirm("Do you take a blood thinner such as warfarin?", default=None, err=True):
        drug = parse_anticoagulant("none")
    else:
        while True:
            name = typer.prompt("Which one? (e.g. warfarin, apixaban; or vka / doac)", err=True)
            try:
                drug = parse_anticoagulant(name)
            except InputError as exc:
                output.info(exc.message)
                continue
            break
    change = anticoagulant_change(profile, drug, today)
    save_profile(db, profile, change)
    output.info(f"Saved in your profile: anticoagulant {drug.category}.")
    return load_profile(db, today)


@app.command("suggest")
def suggest(
    apply: Annotated[
        bool, typer.Option("--apply", help="Set the suggested plan, from --from (default today).")
    ] = False,
    valid_from: FromOption = None,
    replace_later: ReplaceLater = False,
    keep_later: KeepLater = False,
    as_json: AsJson = False,
) -> None:
    """Print an evidence-based starting plan, each line with its source; --apply sets it."""
    from bonetrack import clock
    from bonetrack.cli import output, state
    from bonetrack.domain.plans import suggest_plan
    from bonetrack.errors import InputError
    from bonetrack.render.plans import suggestion_json, suggestion_renderable
    from bonetrack.store.plans import add_plan_versions

    today = clock.today()
    day = _day(valid_from, today)
    if valid_from is not None and not apply:
        raise InputError("--from is the day an applied plan takes effect: add --apply.")
    db = state.database()
    profile = _profile(db)
    if profile.anticoagulant is None:
        profile = _ask_anticoagulant(db, profile, today)
    references = profile.references(today)
    if references is None:
        from bonetrack.domain.reference import no_references_reason

        assert profile.birth_year is not None  # without one, the adult values are assumed
        raise InputError(
            f"{no_references_reason(profile.birth_year, today)}: check the birth year with "
            "`bonetrack profile set --birth-year YYYY`."
        )
    suggestion = suggest_plan(references, profile.anticoagulant, day)
    until: list[str] = []
    replaced = ""
    if apply:
        from bonetrack.domain.plans import item_label, version_in_force

        items = _items(db)
        new = [
            item.version
            for item in suggestion.items
            if not _unchanged(version_in_force(items.get(item.version.key, []), day), item.version)
            or _later(items, item.version)
        ]
        replacing = _later_choice(items, new, replace_later=replace_later, keep_later=keep_later)
        add_plan_versions(db, new, replacing)
        replaced = _replaced(replacing, name_items=True).strip()
        until = [
            f"{item_label(*v.key)}: from {v.valid_from}{text}."
            for v in new
            if (text := _until(items, v, replacing))
        ]
    if as_json:
        output.print_json(suggestion_json(suggestion, apply))
        return
    output.stdout_console().print(suggestion_renderable(suggestion, apply))
    for line in until + [replaced] * bool(replaced):
        output.line(line)
