"""`bonetrack profile show`: the profile and the reference values that follow from it."""

from __future__ import annotations

import textwrap
from datetime import date, timedelta
from typing import Any

from bonetrack.domain.profile import ANTICOAGULANT_LABELS, Profile
from bonetrack.domain.reference import no_references_reason

NOT_SET = "not set"


def profile_text(profile: Profile, today: date, width: int = 88) -> str:
    refs = profile.references(today)
    if profile.birth_year is None:
        born = NOT_SET
    else:
        born = f"{profile.birth_year} (age {today.year - profile.birth_year} in {today.year})"
    rows = [
        *([("Name", profile.name)] if profile.name else []),
        ("Birth year", born),
        ("Sex", profile.sex or NOT_SET),
        *_anticoagulant_rows(profile, today),
    ]
    if profile.sex != "male":
        menopause = NOT_SET if profile.menopause_year is None else str(profile.menopause_year)
        rows.append(("Menopause year", menopause))
    lines = ["Profile", *_rows(rows), ""]
    lines.append("Daily reference values")
    if refs is None:
        assert profile.birth_year is not None  # without one, the adult values are assumed
        lines.append(f"  none: {no_references_reason(profile.birth_year, today)}")
        return "\n".join(lines)
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
            "bonetrack warns every time K2 is logged or planned, and `today` and `report` "
            "do not press a K2 target on days you take a vitamin K antagonist: agree any "
            "vitamin K2 with your prescriber (see `bonetrack guide anticoagulants`).",
            width=width,
        )
    return "\n".join(lines)


def _status_text(status: str | None, drug: str | None) -> str:
    if status is None:
        return NOT_SET
    if status == "none":
        return "none"
    label = ANTICOAGULANT_LABELS[status]
    return f"{status} ({label}: {drug})" if drug else f"{status} ({label})"


def _anticoagulant_rows(profile: Profile, today: date) -> list[tuple[str, str]]:
    """The status in force today and since when; earlier statuses below it."""
    history = [c for c in profile.anticoagulant_history if c.valid_from <= today]
    if not history:
        return [("Anticoagulant", _status_text(profile.anticoagulant, None))]
    current = history[-1]
    rows = [
        (
            "Anticoagulant",
            f"{_status_text(current.status, current.drug)} since {current.valid_from}",
        )
    ]
    for earlier, following in zip(history[-2::-1], history[:0:-1], strict=True):
        until = following.valid_from - timedelta(days=1)
        if until >= earlier.valid_from:
            rows.append(("  before", f"{_status_text(earlier.status, earlier.drug)} until {until}"))
    return rows


def history_json(profile: Profile) -> list[dict[str, Any]]:
    return [
        {"status": c.status, "drug": c.drug, "from": c.valid_from.isoformat()}
        for c in profile.anticoagulant_history
    ]


def _rows(rows: list[tuple[str, str]]) -> list[str]:
    return [f"  {label:<16}{value}" for label, value in rows]


def profile_json(profile: Profile, today: date) -> dict[str, Any]:
    refs = profile.references(today)
    result: dict[str, Any] = {
        "name": profile.name,
        "birth_year": profile.birth_year,
        "sex": profile.sex,
        "anticoagulant": profile.anticoagulant,
        "anticoagulant_history": history_json(profile),
        "menopause_year": profile.menopause_year,
        "references": None,  # under 9: no reference values
    }
    if refs is None:
        return result
    return {
        **result,
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
