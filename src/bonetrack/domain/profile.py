"""The user's profile: what the reference values and the safety warnings depend on.

Every field is optional: bonetrack works without a profile and says which
values it assumed (see `reference.py`). Only the year of birth is kept, never
a full date: it is enough for the IOM age groups and it is less identifying.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from bonetrack.domain.reference import MIN_ADULT_AGE, References, daily_references
from bonetrack.errors import InputError

SEXES: tuple[str, ...] = ("female", "male")
ANTICOAGULANTS: tuple[str, ...] = ("none", "vka", "doac")
ANTICOAGULANT_LABELS: dict[str, str] = {
    "none": "none",
    "vka": "vitamin K antagonist",
    "doac": "direct oral anticoagulant",
}

# A name as people write it on a form, accents and all; long enough for several given names.
NAME_LIMIT = 100

# Where each field is kept in the settings table (and named in exports). The
# anticoagulant is kept over time in its own table (anticoagulant_history).
PROFILE_KEYS: dict[str, str] = {
    "birth_year": "profile.birth_year",
    "sex": "profile.sex",
    "menopause_year": "profile.menopause_year",
    "name": "profile.name",
}

# Nobody logging today was born before this many years ago.
MAX_AGE = 120

_SEX_SPELLINGS: dict[str, str] = {"female": "female", "f": "female", "male": "male", "m": "male"}

# Generic names (fact sheet §4) and only brand names we are sure of. Brands map to
# their generic name so that the confirmation can say which drug was understood.
VKA_DRUGS: tuple[str, ...] = ("warfarin", "acenocoumarol", "phenprocoumon")
DOAC_DRUGS: tuple[str, ...] = ("apixaban", "rivaroxaban", "edoxaban", "dabigatran")
BRAND_NAMES: dict[str, str] = {
    "coumadin": "warfarin",
    "jantoven": "warfarin",
    "marevan": "warfarin",
    "sintrom": "acenocoumarol",
    "marcoumar": "phenprocoumon",
    "eliquis": "apixaban",
    "xarelto": "rivaroxaban",
    "lixiana": "edoxaban",
    "savaysa": "edoxaban",
    "pradaxa": "dabigatran",
}
_CATEGORY_SPELLINGS: dict[str, str] = {
    "none": "none",
    "no": "none",
    "vka": "vka",
    "doac": "doac",
    # "novel/non-vitamin K oral anticoagulant": the older name of the same group
    "noac": "doac",
}


@dataclass(frozen=True)
class Profile:
    birth_year: int | None = None
    sex: str | None = None  # "female" | "male"
    anticoagulant: str | None = None  # "none" | "vka" | "doac"; None: not recorded
    menopause_year: int | None = None
    # every recorded change; `anticoagulant` is the status in force today
    anticoagulant_history: tuple[AnticoagulantChange, ...] = ()
    # optional: shown only on the visit summary's header, for the clinician's records
    name: str | None = None

    @property
    def is_empty(self) -> bool:
        return self == Profile()

    @property
    def on_vka(self) -> bool:
        return self.anticoagulant == "vka"

    def references(self, day: date) -> References | None:
        """The reference values for `day`; None when this person was under 9 then."""
        return daily_references(self.birth_year, self.sex, day)

    def check_born_by(self, day: date) -> None:
        """Refuse a record dated before the birth year: a typo in the date or the year."""
        if self.birth_year is not None and day.year < self.birth_year:
            raise InputError(
                f"{day.isoformat()} is before your birth year ({self.birth_year}): check the "
                "date, or the birth year in your profile (bonetrack profile show)."
            )

    def updated(
        self,
        *,
        birth_year: int | None = None,
        sex: str | None = None,
        anticoagulant: str | None = None,
        menopause_year: int | None = None,
        name: str | None = None,
    ) -> Profile:
        """This profile with the fields that are given (not None) replaced."""
        return Profile(
            birth_year=self.birth_year if birth_year is None else birth_year,
            sex=self.sex if sex is None else sex,
            anticoagulant=self.anticoagulant if anticoagulant is None else anticoagulant,
            menopause_year=self.menopause_year if menopause_year is None else menopause_year,
            anticoagulant_history=self.anticoagulant_history,
            name=self.name if name is None else name,
        )

    def with_anticoagulant_change(self, change: AnticoagulantChange, today: date) -> Profile:
        """This profile with `change` added to its history."""
        history = tuple(sorted((*self.anticoagulant_history, change), key=lambda c: c.valid_from))
        return replace(
            self,
            anticoagulant=anticoagulant_on(history, today),
            anticoagulant_history=history,
        )

    def on_vka_on(self, day: date) -> bool:
        """Whether a vitamin K antagonist was in force on `day` (see `anticoagulant_on`)."""
        if not self.anticoagulant_history:
            return self.on_vka
        return anticoagulant_on(self.anticoagulant_history, day) == "vka"

    def vka_days(self) -> tuple[DayRange, ...]:
        """The days a vitamin K antagonist was in force."""
        if not self.anticoagulant_history:
            return ((date.min, None),) if self.on_vka else ()
        return vka_ranges(self.anticoagulant_history)


@dataclass(frozen=True)
class AnticoagulantChange:
    """From `valid_from` on, the anticoagulant status was `status` (None: not recorded)."""

    status: str | None  # "none" | "vka" | "doac" | None
    drug: str | None
    valid_from: date


# A range of days, both ends inclusive; `last` None: still going.
DayRange = tuple[date, date | None]


def anticoagulant_on(history: Sequence[AnticoagulantChange], day: date) -> str | None:
    """The status in force on `day`.

    `history` is sorted by valid_from. Each change holds from its day until the
    next one; the first recorded status also covers the days before it, since
    nothing else is known about them (a person on warfarin when they first say
    so is taken to have been on it for the history they bring).
    """
    if not history:
        return None
    index = bisect.bisect_right(history, day, key=lambda c: c.valid_from)
    return history[max(index, 1) - 1].status


def vka_ranges(history: Sequence[AnticoagulantChange]) -> tuple[DayRange, ...]:
    """The days a vitamin K antagonist was in force, as ranges (see `anticoagulant_on`)."""
    ranges: list[DayRange] = []
    for index, change in enumerate(history):
        if change.status != "vka":
            continue
        start = date.min if index == 0 else change.valid_from
        following = history[index + 1 :]
        end = following[0].valid_from - timedelta(days=1) if following else None
        if end is not None and end < start:
            continue  # replaced on its own day
        if ranges and ranges[-1][1] is not None and ranges[-1][1] + timedelta(days=1) >= start:
            ranges[-1] = (ranges[-1][0], end)  # two VKA records in a row: one range
        else:
            ranges.append((start, end))
    return tuple(ranges)


def in_ranges(ranges: Sequence[DayRange], day: date) -> bool:
    return any(first <= day and (last is None or day <= last) for first, last in ranges)


@dataclass(frozen=True)
class Anticoagulant:
    """What an --anticoagulant value was understood as."""

    category: str  # "none" | "vka" | "doac"
    drug: str | None  # the generic name, when a drug was named


def anticoagulant_change(
    profile: Profile, drug: Anticoagulant, valid_from: date
) -> AnticoagulantChange | None:
    """The change to record for `drug` from `valid_from`; None when nothing changes.

    Setting the status already in force on that day (with the same drug, or no
    drug named) records nothing, so repeating a command adds no history.
    """
    history = profile.anticoagulant_history
    index = bisect.bisect_right(history, valid_from, key=lambda c: c.valid_from)
    current = history[index - 1] if index else None
    if (
        current is not None
        and current.status == drug.category
        and (drug.drug is None or drug.drug == current.drug)
    ):
        return None
    return AnticoagulantChange(drug.category, drug.drug, valid_from)


# `profile unset FIELD`: the fields a person can clear, as the options name them.
FIELDS: tuple[str, ...] = ("name", "birth-year", "sex", "menopause-year", "anticoagulant")


def parse_fields(names: Sequence[str]) -> list[str]:
    """The fields to unset, in order, each once; an unknown name is an error with a guess."""
    import difflib

    found: list[str] = []
    for name in names:
        key = name.strip().lower().replace("_", "-").removeprefix("--")
        if key not in FIELDS:
            close = difflib.get_close_matches(key, FIELDS, n=1, cutoff=0.5)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            raise InputError(f"unknown field '{name}'.{hint} Fields: {', '.join(FIELDS)}.")
        if key not in found:
            found.append(key)
    return found


def without_fields(profile: Profile, fields: Sequence[str], today: date) -> Profile:
    """The profile with `fields` cleared. The anticoagulant is not erased: its history gets
    a change to "not recorded" from `today` (`unset_anticoagulant`)."""
    cleared = replace(
        profile,
        name=None if "name" in fields else profile.name,
        birth_year=None if "birth-year" in fields else profile.birth_year,
        sex=None if "sex" in fields else profile.sex,
        menopause_year=None if "menopause-year" in fields else profile.menopause_year,
    )
    change = unset_anticoagulant(profile, today) if "anticoagulant" in fields else None
    return cleared if change is None else cleared.with_anticoagulant_change(change, today)


def unset_anticoagulant(profile: Profile, today: date) -> AnticoagulantChange | None:
    """The change that makes the anticoagulant "not recorded" from `today`; None when it
    already is. Earlier days keep the status recorded for them."""
    if anticoagulant_on(profile.anticoagulant_history, today) is None:
        return None
    return AnticoagulantChange(None, None, today)


def parse_sex(text: str) -> str:
    key = text.strip().lower()
    sex = _SEX_SPELLINGS.get(key)
    if sex is None:
        raise InputError(f"unknown sex '{text}': use female or male.")
    return sex


def parse_anticoagulant(text: str) -> Anticoagulant:
    """A category (none, vka, doac) or a drug name, generic or brand, case-insensitive."""
    key = text.strip().lower()
    category = _CATEGORY_SPELLINGS.get(key)
    if category is not None:
        return Anticoagulant(category=category, drug=None)
    drug = BRAND_NAMES.get(key, key)
    if drug in VKA_DRUGS:
        return Anticoagulant(category="vka", drug=drug)
    if drug in DOAC_DRUGS:
        return Anticoagulant(category="doac", drug=drug)
    raise InputError(
        f"unknown anticoagulant '{text}': use none, vka ({', '.join(VKA_DRUGS)}) "
        f"or doac ({', '.join(DOAC_DRUGS)}), or one of those drug names."
    )


def validate_profile(profile: Profile, today: date) -> Profile:
    """Return `profile` if it is plausible on `today`; raise InputError saying what is not."""
    if profile.birth_year is not None:
        youngest = today.year - MIN_ADULT_AGE
        oldest = today.year - MAX_AGE
        if profile.birth_year > today.year:
            raise InputError(f"birth year {profile.birth_year} is in the future.")
        if profile.birth_year > youngest:
            raise InputError(
                f"birth year {profile.birth_year} is too recent: bonetrack's reference values "
                f"are for adults, born in {youngest} or earlier."
            )
        if profile.birth_year < oldest:
            raise InputError(
                f"birth year {profile.birth_year} is not plausible: use a year from {oldest} "
                f"to {youngest}."
            )
    if profile.sex is not None and profile.sex not in SEXES:
        raise InputError(f"unknown sex '{profile.sex}': use female or male.")
    if profile.anticoagulant is not None and profile.anticoagulant not in ANTICOAGULANTS:
        raise InputError(f"unknown anticoagulant '{profile.anticoagulant}': use none, vka or doac.")
    if profile.menopause_year is not None:
        year = profile.menopause_year
        if profile.sex == "male":
            raise InputError("a menopause year is only for --sex female.")
        if year > today.year:
            raise InputError(f"menopause year {year} is in the future.")
        if year < today.year - MAX_AGE:
            raise InputError(f"menopause year {year} is not plausible.")
        if profile.birth_year is not None and year <= profile.birth_year:
            raise InputError(
                f"menopause year {year} must be after the birth year {profile.birth_year}."
            )
    return profile
