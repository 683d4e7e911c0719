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

# Profile validation refuses birth years below this age: bonetrack is made for adults.
MIN_ADULT_AGE = 19
# The fact sheet's table starts at 9, so that an entry dated in a user's teens is
# judged, not refused; under 9 there are no reference values (`daily_references`
# gives None), and dates before the birth year are refused where they are typed.
MIN_REFERENCE_AGE = 9
# The same for every age group that has one (fact sheet section 1).
VITAMIN_D_UL_IU = 4_000

_DEFAULT_AGE_GROUP = "51–70"
_DEFAULT_SEX = "female"
# Groups whose values are the same for both sexes.
_YOUTH_GROUPS = ("9–13", "14–18")


@dataclass(frozen=True)
class References:
    """Daily reference values for one person; the vitamin K AI has no UL."""

    calcium_rda_mg: int
    calcium_ul_mg: int
    vitamin_d_rda_iu: int
    vitamin_d_ul_iu: int
    vitamin_k_ai_mcg: int
    age_group: str  # "9–13", "14–18", "19–50", "51–70" or "71+"
    sex: str  # "female" or "male": the one the values are for
    assumed: bool  # True when any part of the profile was missing
    basis: str  # one sentence: whose values these are and why
    source: str = SOURCE


def age_on(birth_year: int, day: date) -> int:
    """The age reached in `day`'s year: the profile keeps only the year of birth."""
    return day.year - birth_year


def age_group(age: int) -> str | None:
    """The IOM age group of `age`, or None under 9 (no reference values)."""
    if age < MIN_REFERENCE_AGE:
        return None
    if age <= 13:
        return "9–13"
    if age <= 18:
        return "14–18"
    if age <= 50:
        return "19–50"
    if age <= 70:
        return "51–70"
    return "71+"


def no_references_reason(birth_year: int, day: date) -> str:
    """Why `daily_references` gave None: 'no reference values for age 5 (IOM 2011 ...)'."""
    age = age_on(birth_year, day)
    return (
        f"no reference values for age {age} in {day.year} ({SOURCE} values start at age "
        f"{MIN_REFERENCE_AGE})"
    )


def daily_references(birth_year: int | None, sex: str | None, day: date) -> References | None:
    """The reference values for a person born in `birth_year`, on `day`.

    None when they were under 9 that year (or not yet born): there are no values to
    judge against, and callers say so rather than judge by an adult's.
    """
    missing: list[str] = []
    if birth_year is None:
        group = _DEFAULT_AGE_GROUP
        missing.append("birth year")
    else:
        found = age_group(age_on(birth_year, day))
        if found is None:
            return None
        group = found
    if sex is None:
        used_sex = _DEFAULT_SEX
        if group not in _YOUTH_GROUPS:
            missing.append("sex")
    elif sex in ("female", "male"):
        used_sex = sex
    else:
        raise ValueError(f"unknown sex {sex!r}")

    calcium_rda, calcium_ul = _calcium(group, used_sex)
    people = "women" if used_sex == "female" else "men"
    if group in _YOUTH_GROUPS:
        basis = f"values for ages {group} ({SOURCE})"
    else:
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
        vitamin_d_rda_iu=800 if group == "71+" else 600,
        vitamin_d_ul_iu=VITAMIN_D_UL_IU,
        vitamin_k_ai_mcg=_vitamin_k_ai(group, used_sex),
        age_group=group,
        sex=used_sex,
        assumed=bool(missing),
        basis=basis,
    )


def _calcium(group: str, sex: str) -> tuple[int, int]:
    """(RDA, UL) of elemental calcium in mg; food and supplements count together."""
    if group in _YOUTH_GROUPS:
        return 1_300, 3_000
    if group == "19–50":
        return 1_000, 2_500
    if group == "51–70":
        return (1_200 if sex == "female" else 1_000), 2_000
    return 1_200, 2_000


def _vitamin_k_ai(group: str, sex: str) -> int:
    """The adequate intake of vitamin K (K1 + K2) in µg; no upper limit is set."""
    if group == "9–13":
        return 60
    if group == "14–18":
        return 75
    return 90 if sex == "female" else 120
