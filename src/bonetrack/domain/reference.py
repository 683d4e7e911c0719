"""Personal daily reference intakes (IOM 2011, the basis of the NIH ODS tables).

Age is counted as `today.year - birth_year`: the profile keeps only the year.
Without a profile, or with part of it missing, the values for women over 50
(51–70) are used, because that is who most users of bonetrack are, and the
result says so (`assumed`, `basis`) so that nothing pretends to be personal
when it is not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

SOURCE = "IOM 2011"

# The fact sheet's table starts at 19: younger people have other values, which
# bonetrack does not carry. Profile validation refuses birth years below this age.
MIN_ADULT_AGE = 19

_DEFAULT_AGE_GROUP = "51–70"
_DEFAULT_SEX = "female"


@dataclass(frozen=True)
class References:
    """Daily reference values for one person; the vitamin K AI has no UL."""

    calcium_rda_mg: int
    calcium_ul_mg: int
    vitamin_d_rda_iu: int
    vitamin_d_ul_iu: int
    vitamin_k_ai_mcg: int
    age_group: str  # "19–50", "51–70" or "71+"
    sex: str  # "female" or "male": the one the values are for
    assumed: bool  # True when any part of the profile was missing
    basis: str  # one sentence: whose values these are and why
    source: str = SOURCE


def age_group(age: int) -> str:
    """The IOM adult age group of `age` (19 or over)."""
    if age < MIN_ADULT_AGE:
        raise ValueError(f"no adult reference values for age {age}")
    if age <= 50:
        return "19–50"
    if age <= 70:
        return "51–70"
    return "71+"


def daily_references(birth_year: int | None, sex: str | None, today: date) -> References:
    """The reference values for a person born in `birth_year`, on `today`."""
    missing: list[str] = []
    if birth_year is None:
        group = _DEFAULT_AGE_GROUP
        missing.append("birth year")
    else:
        group = age_group(today.year - birth_year)
    if sex is None:
        used_sex = _DEFAULT_SEX
        missing.append("sex")
    elif sex in ("female", "male"):
        used_sex = sex
    else:
        raise ValueError(f"unknown sex {sex!r}")

    calcium_rda, calcium_ul = _calcium(group, used_sex)
    vitamin_d_rda = 800 if group == "71+" else 600
    people = "women" if used_sex == "female" else "men"
    basis = f"values for {people} aged {group} ({SOURCE})"
    if missing:
        basis += (
            f"; no {' or '.join(missing)} in your profile, so the values for "
            f"{'women' if 'sex' in missing else people} "
            f"{'over 50 ' if 'birth year' in missing else ''}are used: "
            "set it with `bonetrack profile set`"
        )
    return References(
        calcium_rda_mg=calcium_rda,
        calcium_ul_mg=calcium_ul,
        vitamin_d_rda_iu=vitamin_d_rda,
        vitamin_d_ul_iu=4_000,
        vitamin_k_ai_mcg=90 if used_sex == "female" else 120,
        age_group=group,
        sex=used_sex,
        assumed=bool(missing),
        basis=basis,
    )


def _calcium(group: str, sex: str) -> tuple[int, int]:
    """(RDA, UL) of elemental calcium in mg; food and supplements count together."""
    if group == "19–50":
        return 1_000, 2_500
    if group == "51–70":
        return (1_200 if sex == "female" else 1_000), 2_000
    return 1_200, 2_000
