"""`bonetrack profile show`: the profile and the reference values that follow from it."""

from __future__ import annotations

import textwrap
from datetime import date
from typing import Any

from bonetrack.domain.profile import ANTICOAGULANT_LABELS, Profile

NOT_SET = "not set"


def profile_text(profile: Profile, today: date, width: int = 88) -> str:
    refs = profile.references(today)
    if profile.birth_year is None:
        born = NOT_SET
    else:
        born = f"{profile.birth_year} (age {today.year - profile.birth_year} in {today.year})"
    if profile.anticoagulant is None:
        anticoagulant = NOT_SET
    elif profile.anticoagulant == "none":
        anticoagulant = "none"
    else:
        label = ANTICOAGULANT_LABELS[profile.anticoagulant]
        anticoagulant = f"{profile.anticoagulant} ({label})"
    rows = [
        ("Birth year", born),
        ("Sex", profile.sex or NOT_SET),
        ("Anticoagulant", anticoagulant),
    ]
    if profile.sex != "male":
        menopause = NOT_SET if profile.menopause_year is None else str(profile.menopause_year)
        rows.append(("Menopause year", menopause))
    lines = ["Profile", *_rows(rows), ""]
    lines.append("Daily reference values")
    lines += _rows(
        [
            ("Calcium", f"{refs.calcium_rda_mg:,} mg (upper limit {refs.calcium_ul_mg:,} mg)"),
            (
                "Vitamin D",
                f"{refs.vitamin_d_rda_iu:,} IU (upper limit {refs.vitamin_d_ul_iu:,} IU)",
            ),
            ("Vitamin K", f"{refs.vitamin_k_ai_mcg} µg adequate intake (no upper limit set)"),
        ]
    )
    lines += textwrap.wrap(
        f"Basis: {refs.basis}.", width=width, initial_indent="  ", subsequent_indent="    "
    )
    if profile.anticoagulant == "vka":
        lines.append("")
        lines += textwrap.wrap(
            "bonetrack warns every time K2 is logged or planned: agree any vitamin K2 with "
            "your prescriber (see `bonetrack guide anticoagulants`).",
            width=width,
        )
    return "\n".join(lines)


def _rows(rows: list[tuple[str, str]]) -> list[str]:
    return [f"  {label:<16}{value}" for label, value in rows]


def profile_json(profile: Profile, today: date) -> dict[str, Any]:
    refs = profile.references(today)
    return {
        "birth_year": profile.birth_year,
        "sex": profile.sex,
        "anticoagulant": profile.anticoagulant,
        "menopause_year": profile.menopause_year,
        "references": {
            "calcium_rda_mg": refs.calcium_rda_mg,
            "calcium_ul_mg": refs.calcium_ul_mg,
            "vitamin_d_rda_iu": refs.vitamin_d_rda_iu,
            "vitamin_d_ul_iu": refs.vitamin_d_ul_iu,
            "vitamin_k_ai_mcg": refs.vitamin_k_ai_mcg,
            "vitamin_k_ul_mcg": None,
            "age_group": refs.age_group,
            "sex": refs.sex,
            "assumed": refs.assumed,
            "basis": refs.basis,
            "source": refs.source,
        },
    }
