"""The registry of what can be logged: one entry per kind.

Adding a kind (magnesium, say) is one more `Kind(...)` in `KINDS`: the parser,
the CLI's choices, the plausibility checks and the display all read from here.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from bonetrack.errors import InputError

# Display symbols of the canonical unit codes. The codes themselves ("mcg") are
# what JSON output and the database use: ASCII, stable, easy to type.
UNIT_SYMBOLS: dict[str, str] = {"mcg": "µg", "mg": "mg", "IU": "IU", "min": "min"}

EXERCISE_TYPES: tuple[str, ...] = ("strength", "impact", "balance", "aerobic", "walking", "other")
# Exercise types whose guidance counts days, not sessions: `--times 2 --per week` is
# met on 2 different days, never by two sessions on one day. Strength: "at least
# 2 days a week" and aerobic "3-5 days a week" (Too Fit To Fracture, Giangregorio
# 2014); impact "on most days" (Royal Osteoporosis Society 2019). The other types
# count sessions.
COUNTS_DAYS: frozenset[str] = frozenset({"strength", "aerobic", "impact"})

_MICROGRAM_SPELLINGS = ("mcg", "µg", "μg", "ug")  # micro sign U+00B5 and Greek mu U+03BC


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    unit: str
    # accepted unit spelling (lower case) -> factor to the canonical unit
    units: dict[str, float]
    max_amount: float
    max_amount_text: str
    aliases: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    form_labels: dict[str, str] = field(default_factory=dict)
    is_exercise: bool = False
    example: str = ""  # an amount for help and error messages; default by unit

    @property
    def symbol(self) -> str:
        return UNIT_SYMBOLS[self.unit]

    def form_label(self, form: str | None) -> str | None:
        if form is None:
            return None
        return self.form_labels.get(form, form)


def _micrograms(factor: float) -> dict[str, float]:
    return dict.fromkeys(_MICROGRAM_SPELLINGS, factor)


KINDS: tuple[Kind, ...] = (
    Kind(
        name="k2",
        label="K2",
        unit="mcg",
        units={**_micrograms(1.0), "mg": 1_000.0, "g": 1_000_000.0},
        max_amount=100_000.0,
        max_amount_text="100 mg",
        # what people type; an alias naming a form (mk7) also logs that form
        aliases=("vitamin-k2", "vitamin k2", "vit k2", "vitk2", "mk7", "mk-7", "mk4", "mk-4"),
        forms=("mk7", "mk4"),
        form_labels={"mk7": "MK-7", "mk4": "MK-4"},
    ),
    Kind(
        name="calcium",
        label="Calcium",
        unit="mg",
        units={"mg": 1.0, "g": 1_000.0, **_micrograms(0.001)},
        max_amount=5_000.0,
        max_amount_text="5 g",
        aliases=("ca",),
        forms=("carbonate", "citrate", "other"),
    ),
    Kind(
        name="vitamin-d",
        label="Vitamin D",
        unit="IU",
        # 1 µg vitamin D = 40 IU (IOM 1997; FDA labels)
        units={"iu": 1.0, **_micrograms(40.0), "mg": 40_000.0},
        max_amount=1_000_000.0,
        max_amount_text="1,000,000 IU",
        aliases=("d", "d3", "vitd", "vitamin d", "vitamin-d3", "vitamin d3", "vit d", "vit-d"),
        forms=("d3", "d2"),
        form_labels={"d3": "D3", "d2": "D2"},
    ),
    Kind(
        name="exercise",
        label="Exercise",
        unit="min",
        units={
            "min": 1.0,
            "mins": 1.0,
            "minute": 1.0,
            "minutes": 1.0,
            "m": 1.0,
            "h": 60.0,
            "hr": 60.0,
            "hrs": 60.0,
            "hour": 60.0,
            "hours": 60.0,
        },
        max_amount=24 * 60.0,
        max_amount_text="24 h",
        is_exercise=True,
    ),
)

_BY_NAME: dict[str, Kind] = {}
for _kind in KINDS:
    for _name in (_kind.name, *_kind.aliases):
        _BY_NAME[_name] = _kind

KIND_NAMES: tuple[str, ...] = tuple(k.name for k in KINDS)
SUPPLEMENT_NAMES: frozenset[str] = frozenset(k.name for k in KINDS if not k.is_exercise)

# A medicine dose in the intakes table: amounts in µg, shown in mg from 1 mg (70 mg
# alendronate, 20 µg teriparatide). Not one of the kinds `log` and `plan` take:
# doses are recorded with `bonetrack med take NAME` (domain/medicines.py).
MEDICINE_KIND = Kind(
    name="medicine",
    label="Medicine",
    unit="mcg",
    units={**_micrograms(1.0), "mg": 1_000.0, "g": 1_000_000.0},
    max_amount=10_000_000.0,
    max_amount_text="10 g",
    example="70mg",
)
_MEDICINE_WORDS = frozenset({"medicine", "med", "meds", "medication"})


def entry_kind(name: str) -> Kind:
    """The kind of a stored entry: a loggable kind, or a medicine dose."""
    if name.strip().lower() in _MEDICINE_WORDS:
        return MEDICINE_KIND
    return get_kind(name)


# Aliases that name a form: `log mk4 45mg` logs K2 as MK-4.
_ALIAS_FORMS: dict[str, str] = {"mk7": "mk7", "mk-7": "mk7", "mk4": "mk4", "mk-4": "mk4"}
# "vitamin k", "vit. d", "vitamine-d": the letter after the word names the nutrient.
_VITAMIN = re.compile(r"^vi?t[a-z]*\.?[\s_-]*(?=[a-z])")
_BY_VITAMIN_LETTER: dict[str, str] = {"k": "k2", "d": "vitamin-d"}


def _key(name: str) -> str:
    return " ".join(name.strip().lower().replace("_", " ").split())


def get_kind(name: str) -> Kind:
    """The kind called `name` or one of its aliases (case-insensitive)."""
    key = _key(name)
    kind = _BY_NAME.get(key)
    if kind is not None:
        return kind
    if names_a_medicine(key):
        what = "NAME" if key in _MEDICINE_WORDS else key
        raise InputError(
            f"medicine doses are recorded with `bonetrack med take {what}` "
            "(see `bonetrack med --help`)."
        )
    guess = _guess(key)
    hint = f" Did you mean '{guess.name}'?" if guess is not None else ""
    raise InputError(f"unknown kind '{name}'.{hint} Kinds: {', '.join(KIND_NAMES)}.")


def names_a_medicine(name: str) -> bool:
    """Whether `name` is a word for medicines or a built-in medicine's name (not a kind)."""
    key = name.strip().lower()
    return key not in _BY_NAME and (key in _MEDICINE_WORDS or _is_medicine(key))


def _is_medicine(name: str) -> bool:
    from bonetrack.domain.medicines import builtin

    return builtin(name) is not None


def _guess(key: str) -> Kind | None:
    """The kind a mistyped name most likely means: the same nutrient first ('vitamin-k'
    is K2, never vitamin D, however alike the spellings), else the closest spelling."""
    vitamin = _VITAMIN.match(key)
    if vitamin is not None:
        letter = key[vitamin.end()]
        if letter in _BY_VITAMIN_LETTER:
            return get_kind(_BY_VITAMIN_LETTER[letter])
    if key.startswith("mk") or key.startswith("menaquinone"):
        return get_kind("k2")
    close = difflib.get_close_matches(key, list(_BY_NAME), n=1, cutoff=0.5)
    return _BY_NAME[close[0]] if close else None


def implied_form(name: str) -> str | None:
    """The form an alias names (`mk4` -> 'mk4'), else None."""
    return _ALIAS_FORMS.get(_key(name))


def split_kind_words(words: list[str]) -> tuple[str, str | None]:
    """(kind, amount) from the words after `log`: the kind may be two words ('vitamin d')
    and the amount two ('180 mcg')."""
    if len(words) >= 2 and _key(" ".join(words[:2])) in _BY_NAME:
        words = [" ".join(words[:2]), *words[2:]]
    rest = " ".join(words[1:]).strip()
    return words[0], rest or None


def check_form(kind: Kind, form: str | None) -> str | None:
    """The normalised form, or None; an error when the kind has no such form."""
    if form is None:
        return None
    key = form.strip().lower().replace("-", "")
    if not kind.forms:
        raise InputError(f"{kind.label} has no --form.")
    if key not in kind.forms:
        raise InputError(f"unknown form '{form}' for {kind.name}. Forms: {', '.join(kind.forms)}.")
    return key


def check_exercise_type(kind: Kind, exercise_type: str | None) -> str | None:
    """The exercise type (default 'other' for exercise); an error for supplements."""
    if not kind.is_exercise:
        if exercise_type is not None:
            raise InputError(f"--type is for exercise, not {kind.name}.")
        return None
    if exercise_type is None:
        return "other"
    key = exercise_type.strip().lower()
    if key not in EXERCISE_TYPES:
        raise InputError(
            f"unknown exercise type '{exercise_type}'. Types: {', '.join(EXERCISE_TYPES)}."
        )
    return key
