"""`bonetrack profile set|show`: what reference values and safety warnings depend on."""

from __future__ import annotations

from typing import Annotated

import typer

from bonetrack.cli.options import AsJson

app = typer.Typer(
    name="profile",
    help="Your birth year, sex, anticoagulant and menopause year, and your daily reference values.",
    no_args_is_help=True,
)

_ANTICOAGULANT_CHOICES = (
    "none",
    "vka",
    "doac",
    "warfarin",
    "acenocoumarol",
    "phenprocoumon",
    "apixaban",
    "rivaroxaban",
    "edoxaban",
    "dabigatran",
)


def _complete_anticoagulant(incomplete: str) -> list[str]:
    return [name for name in _ANTICOAGULANT_CHOICES if name.startswith(incomplete.lower())]


def _complete_sex(incomplete: str) -> list[str]:
    return [name for name in ("female", "male") if name.startswith(incomplete.lower())]


@app.command("set")
def set_profile(
    birth_year: Annotated[
        int | None, typer.Option("--birth-year", metavar="YYYY", help="Year of birth.")
    ] = None,
    sex: Annotated[
        str | None,
        typer.Option(
            "--sex", metavar="female|male", help="female or male.", autocompletion=_complete_sex
        ),
    ] = None,
    anticoagulant: Annotated[
        str | None,
        typer.Option(
            "--anticoagulant",
            metavar="none|vka|doac|DRUG",
            help="none; vka (vitamin K antagonist: warfarin, acenocoumarol, phenprocoumon); "
            "doac (apixaban, rivaroxaban, edoxaban, dabigatran); or the drug's name.",
            autocompletion=_complete_anticoagulant,
        ),
    ] = None,
    menopause_year: Annotated[
        int | None,
        typer.Option("--menopause-year", metavar="YYYY", help="Year of the last period."),
    ] = None,
    name: Annotated[
        str | None,
        typer.Option(
            "--name",
            metavar="TEXT",
            help="Your name, as your clinician knows you: shown only on `bonetrack summary`.",
            show_default=False,
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="DATE",
            help="With --anticoagulant: the day the change took effect (default today). "
            "Past days are judged by the status in force on them.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Set one or more profile fields; the others keep their values."""
    from bonetrack import clock
    from bonetrack.cli import output, state
    from bonetrack.cli.dates import date_order
    from bonetrack.domain.profile import (
        ANTICOAGULANT_LABELS,
        NAME_LIMIT,
        anticoagulant_change,
        parse_anticoagulant,
        parse_sex,
        validate_profile,
    )
    from bonetrack.domain.text import clean_text
    from bonetrack.domain.when import optional_day
    from bonetrack.errors import InputError
    from bonetrack.render.profile import profile_text
    from bonetrack.store.profile import load_profile, save_profile

    if all(value is None for value in (birth_year, sex, anticoagulant, menopause_year, name)):
        raise InputError(
            "nothing to set: give --birth-year, --sex, --anticoagulant, --menopause-year or --name."
        )
    checked_name = clean_text(name, "--name", NAME_LIMIT)
    if name is not None and checked_name is None:
        raise InputError("--name is empty: give the name to show on the visit summary.")
    if since is not None and anticoagulant is None:
        raise InputError("--since goes with --anticoagulant: the day that change took effect.")
    today = clock.today()
    checked_sex = parse_sex(sex) if sex is not None else None
    drug = parse_anticoagulant(anticoagulant) if anticoagulant is not None else None
    change_day = optional_day(since, today, "--since", date_order) or today
    if change_day > today:
        raise InputError(f"--since {change_day} is in the future; record changes once made.")
    db = state.database()
    stored = load_profile(db, today)
    change = None if drug is None else anticoagulant_change(stored, drug, change_day)
    profile = stored.updated(
        birth_year=birth_year,
        sex=checked_sex,
        menopause_year=menopause_year,
        name=checked_name,
    )
    if change is not None:
        profile = profile.with_anticoagulant_change(change, today)
    validate_profile(profile, today)
    shown = profile_text(profile, today, width=_width())  # before the commit: it cannot fail after
    save_profile(db, profile, change)
    if drug is not None and drug.drug is not None:
        label = ANTICOAGULANT_LABELS[drug.category]
        output.line(f"{drug.drug.capitalize()} is a {label}: anticoagulant set to {drug.category}.")
    output.line("Profile saved.")
    output.line("")
    output.line(shown)


@app.command("unset")
def unset(
    fields: Annotated[
        list[str],
        typer.Argument(
            metavar="FIELD...",
            help="name, birth-year, sex, menopause-year or anticoagulant (one or more).",
            show_default=False,
        ),
    ],
) -> None:
    """Clear profile fields. The anticoagulant keeps its history: unsetting it records
    "not recorded" from today, and earlier days keep the status recorded for them."""
    from bonetrack import clock
    from bonetrack.cli import output, state
    from bonetrack.domain.profile import (
        parse_fields,
        unset_anticoagulant,
        validate_profile,
        without_fields,
    )
    from bonetrack.render.profile import profile_text
    from bonetrack.store.profile import load_profile, unset_profile

    today = clock.today()
    chosen = parse_fields(fields)
    db = state.database()
    stored = load_profile(db, today)
    change = unset_anticoagulant(stored, today) if "anticoagulant" in chosen else None
    profile = validate_profile(without_fields(stored, chosen, today), today)
    shown = profile_text(profile, today, width=_width())  # before the commit: it cannot fail after
    unset_profile(db, chosen, change)
    output.line(f"Unset {', '.join(chosen)}.")
    if change is not None:
        output.line(
            f"Anticoagulant: not recorded from {today}; earlier days keep the status recorded "
            "for them (see the history below)."
        )
    output.line("")
    output.line(shown)


@app.command("show")
def show_profile(
    as_json: AsJson = False,
) -> None:
    """Show the profile and the daily reference values that follow from it."""
    from bonetrack import clock
    from bonetrack.cli import output, state
    from bonetrack.render.profile import profile_json, profile_text
    from bonetrack.store.profile import load_profile

    today = clock.today()
    profile = load_profile(state.database())
    if as_json:
        output.print_json(profile_json(profile, today))
        return
    output.line(profile_text(profile, today, width=_width()))


def _width() -> int:
    import shutil

    return max(40, min(88, shutil.get_terminal_size((88, 24)).columns))
