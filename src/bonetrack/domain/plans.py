"""Plans: what the user intends to take or do, versioned over time.

A plan *item* is identified by (kind, exercise_type): one K2 item, one calcium
item, and one exercise item per exercise type. Each item has versions; a version
takes effect on its `valid_from` day and lasts until the next version of the same
item. A version with `active=False` is a stop. Changing a plan adds a version and
never rewrites history, so every past day is judged against the plan in force
that day.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from typing import Protocol, TypeVar

from bonetrack.domain.amounts import format_amount, format_number
from bonetrack.domain.guidance import CALCIUM_MAX_DOSE_MG
from bonetrack.domain.kinds import KIND_NAMES, get_kind
from bonetrack.domain.reference import References
from bonetrack.errors import InputError

PERIODS: tuple[str, ...] = ("day", "week")

ItemKey = tuple[str, str | None]


@dataclass(frozen=True, slots=True)
class PlanVersion:
    """One version of one plan item.

    `amount` is in the kind's canonical unit (µg K2, mg calcium, IU vitamin D,
    minutes of exercise) per period; `times` is a number of entries (doses or
    sessions) per period. At least one of them is set for an active version;
    when both are, a period is met only when both are reached.
    """

    kind: str
    exercise_type: str | None
    amount: float | None
    per: str  # 'day' | 'week'
    times: int | None
    form: str | None
    valid_from: date
    active: bool = True
    # The stored row's id (`plan history`, `plan delete ID`); None before it is stored.
    # Not part of what the version means: two versions compare by their content.
    id: int | None = field(default=None, compare=False)

    @property
    def key(self) -> ItemKey:
        return (self.kind, self.exercise_type)

    def columns(self) -> dict[str, object]:
        """The plans table's columns by the same names, but the id, which the database
        gives (an explicit NULL id is refused by PostgreSQL)."""
        values = asdict(self)
        del values["id"]
        return values

    def same_plan(self, other: PlanVersion) -> bool:
        """Whether both ask for the same thing (whatever day each takes effect)."""
        return replace(self, valid_from=other.valid_from) == other


def item_key(kind: str, exercise_type: str | None) -> ItemKey:
    return (kind, exercise_type)


def check_version(version: PlanVersion) -> None:
    """Raise InputError when a version cannot be a plan."""
    if version.per not in PERIODS:
        raise InputError(f"--per must be day or week, not '{version.per}'.")
    if not version.active:
        return
    if version.amount is None and version.times is None:
        kind = get_kind(version.kind)
        example = (
            "bonetrack plan set exercise --type strength --times 2 --per week"
            if kind.is_exercise
            else f"bonetrack plan set {kind.name} {_example_dose(kind.name)}"
        )
        raise InputError(f"a plan needs an amount or --times, e.g. `{example}`.")
    # written so that NaN (no comparison is true for it) and infinity are refused too
    if version.amount is not None and not 0 < version.amount < math.inf:
        raise InputError("the planned amount must be more than zero.")
    if version.times is not None and not 1 <= version.times <= 50:
        raise InputError(f"--times must be between 1 and 50, not {version.times}.")


def _example_dose(kind_name: str) -> str:
    return {"k2": "180mcg", "calcium": "500mg", "vitamin-d": "800IU"}.get(kind_name, "30min")


def _sorted(versions: Iterable[PlanVersion]) -> list[PlanVersion]:
    # A stable sort: of two versions with the same valid_from, the later one in
    # the input (the one stored later) wins.
    return sorted(versions, key=lambda v: v.valid_from)


class Versioned(Protocol):
    @property
    def valid_from(self) -> date: ...


class Stoppable(Versioned, Protocol):
    @property
    def active(self) -> bool: ...


V = TypeVar("V", bound=Versioned)


def version_in_force(versions: Sequence[V], day: date) -> V | None:
    """The latest version (active or a stop) that has taken effect by `day`.

    `versions` must be sorted by valid_from (as `group_items` returns them); plan
    versions and medicine schedules alike.
    """
    index = bisect.bisect_right(versions, day, key=lambda v: v.valid_from)
    return versions[index - 1] if index else None


def later_versions(versions: Sequence[PlanVersion], day: date) -> list[PlanVersion]:
    """The versions that take effect after `day`: a version set from `day` lasts until the
    first of them."""
    return [v for v in versions if v.valid_from > day]


def effective_versions(versions: Sequence[PlanVersion]) -> list[PlanVersion]:
    """The versions that are in force at some time: of two on one day, the one stored later.
    `versions` sorted by valid_from (as `group_items` returns them)."""
    by_day: dict[date, PlanVersion] = {}
    for version in versions:
        by_day[version.valid_from] = version
    return list(by_day.values())


def merge_unchanged(versions: Sequence[PlanVersion]) -> list[PlanVersion]:
    """The versions in force, without those that only repeat the one before them: a target
    that has not changed since 2026-11-09 shows as one version from 2026-11-09."""
    merged: list[PlanVersion] = []
    for version in effective_versions(versions):
        if not (merged and merged[-1].same_plan(version)):
            merged.append(version)
    return merged


def last_day(versions: Sequence[PlanVersion], version: PlanVersion) -> date | None:
    """The last day `version` is in force: the day before the next version in force takes
    effect; None while none follows. `versions` sorted by valid_from."""
    for later in effective_versions(versions):
        if later.valid_from > version.valid_from:
            return later.valid_from - timedelta(days=1)
    return None


def plan_in_force(versions: Sequence[PlanVersion], day: date) -> PlanVersion | None:
    """The active plan of one item on `day`, or None (not yet planned, or stopped)."""
    version = version_in_force(_sorted(versions), day)
    return version if version is not None and version.active else None


def group_items(versions: Iterable[PlanVersion]) -> dict[ItemKey, list[PlanVersion]]:
    """Versions grouped per item, each list sorted by valid_from; items in display order.

    Display order: the kinds registry's order (k2, calcium, vitamin-d, exercise),
    exercise types alphabetically.
    """
    grouped: dict[ItemKey, list[PlanVersion]] = {}
    for version in versions:
        grouped.setdefault(version.key, []).append(version)
    order = {name: index for index, name in enumerate(KIND_NAMES)}
    keys = sorted(grouped, key=lambda k: (order.get(k[0], len(order)), k[0], k[1] or ""))
    return {key: _sorted(grouped[key]) for key in keys}


def first_planned_day(versions: Sequence[Stoppable]) -> date | None:
    """The first day an active version took effect (plan versions, medicine schedules)."""
    days = [v.valid_from for v in versions if v.active]
    return min(days) if days else None


def describe_target(version: PlanVersion) -> str:
    """'180 µg a day (MK-7)', '2 sessions a week', '150 min a week'."""
    kind = get_kind(version.kind)
    parts: list[str] = []
    if version.amount is not None:
        parts.append(format_amount(kind, version.amount))
    if version.times is not None:
        noun = "session" if kind.is_exercise else "dose"
        parts.append(f"{version.times} {noun}{'' if version.times == 1 else 's'}")
    text = " in ".join(parts) if parts else "-"
    text += f" a {version.per}"
    form = kind.form_label(version.form)
    if form:
        text += f" ({form})"
    return text


def dose_amount(version: PlanVersion) -> float | None:
    """The amount of one planned dose or session, for `bonetrack log KIND` without an amount.

    A daily amount split over `times` doses gives amount / times; a weekly amount
    is only a dose when split over `times` sessions; a plan with no amount has none.
    """
    if version.amount is None:
        return None
    if version.times:
        return round(version.amount / version.times, 6)
    return version.amount if version.per == "day" else None


def daily_target(version: PlanVersion) -> float | None:
    """The planned amount per day (a weekly amount over 7 days), for upper-limit checks."""
    if version.amount is None:
        return None
    return version.amount if version.per == "day" else version.amount / 7


def split_calcium(version: PlanVersion) -> PlanVersion | None:
    """A daily calcium plan above 500 mg without --times, split into doses of at most
    500 mg (NIH ODS: at most 500 mg at a time); None when it needs no split."""
    if (
        version.kind != "calcium"
        or version.per != "day"
        or version.times is not None
        or version.amount is None
        or version.amount <= CALCIUM_MAX_DOSE_MG
    ):
        return None
    return replace(version, times=math.ceil(version.amount / CALCIUM_MAX_DOSE_MG))


def item_label(kind_name: str, exercise_type: str | None) -> str:
    """'K2', 'Vitamin D', 'Exercise: strength'."""
    label = get_kind(kind_name).label
    return f"{label}: {exercise_type}" if exercise_type else label


# --- evidence-based starting plan -------------------------------------------


@dataclass(frozen=True)
class SuggestedItem:
    version: PlanVersion
    why: str  # one short sentence
    source: str  # the reference from the fact sheet


@dataclass(frozen=True)
class Suggestion:
    items: tuple[SuggestedItem, ...]
    notes: tuple[str, ...]  # what was left out or assumed, and why


def suggest_plan(references: References, anticoagulant: str | None, today: date) -> Suggestion:
    """A starting plan from the fact sheet, personalised by the reference values, taking
    effect on `today` (or the day given as it: `plan suggest --apply --from`).

    Nothing here is a prescription: each line names its source, and K2 is left
    out for people on a vitamin K antagonist.
    """
    items: list[SuggestedItem] = []
    notes: list[str] = []
    k2 = SuggestedItem(
        PlanVersion("k2", None, 180.0, "day", None, "mk7", today),
        "MK-7 180 µg a day for 3 years slowed bone loss at spine and femoral neck "
        "in postmenopausal women; benefits took 6 months to 3 years.",
        "Knapen 2013, Osteoporos Int 24:2499",
    )
    if anticoagulant == "vka":
        notes.append(
            "K2 is left out: you take a vitamin K antagonist (e.g. warfarin), and MK-7 "
            "from 10-20 µg/day changed INR in 40-60% of subjects; keep vitamin K intake "
            "consistent and change it only with your prescriber "
            "(Schurgers 2007, Blood 109:3279; Theuwissen 2013, J Thromb Haemost 11:1085)."
        )
    elif anticoagulant is None:
        notes.append(
            "K2 is left out: your profile does not say whether you take a blood thinner, and "
            "vitamin K2 changes how vitamin K antagonists such as warfarin work (Schurgers 2007, "
            "Blood 109:3279). If you take none, run `bonetrack profile set --anticoagulant none` "
            "(or `doac` for apixaban, rivaroxaban, edoxaban or dabigatran) and ask again."
        )
    elif anticoagulant == "doac":
        items.append(k2)
        notes.append(
            "K2 with a direct oral anticoagulant (apixaban, rivaroxaban, edoxaban, dabigatran): "
            "these do not act through vitamin K, so no interaction is expected [uncertain: "
            "label wording seen only second-hand]. Agree it with your prescriber."
        )
    else:
        items.append(k2)
    calcium = float(references.calcium_rda_mg)
    # Split so that each planned dose (what `bonetrack log calcium` logs) is at most 500 mg.
    doses = math.ceil(calcium / CALCIUM_MAX_DOSE_MG)
    people = "women" if references.sex == "female" else "men"
    items.append(
        SuggestedItem(
            PlanVersion("calcium", None, calcium, "day", doses, None, today),
            f"RDA for {people} aged {references.age_group}, food and supplements together "
            f"(upper limit {references.calcium_ul_mg:,} mg), in {doses} doses of "
            f"{format_number(calcium / doses)} mg: at most 500 mg at a time. Log calcium from "
            "food too, or lower the target to what your supplements add.",
            f"{references.source}; NIH ODS",
        )
    )
    items.append(
        SuggestedItem(
            PlanVersion(
                "vitamin-d", None, float(references.vitamin_d_rda_iu), "day", None, "d3", today
            ),
            f"RDA for age {references.age_group} "
            f"(upper limit {references.vitamin_d_ul_iu:,} IU a day).",
            references.source,
        )
    )
    items.append(
        SuggestedItem(
            PlanVersion("exercise", "strength", None, "week", 2, None, today),
            "Strength training at least 2 days a week: 2 sets of 8-12 repetitions, "
            "major muscle groups.",
            "Too Fit To Fracture, Giangregorio 2014, Osteoporos Int 25:821",
        )
    )
    items.append(
        SuggestedItem(
            PlanVersion("exercise", "balance", 15.0, "day", None, None, today),
            "Balance training 15-20 minutes a day (about 2 hours a week).",
            "Too Fit To Fracture, Giangregorio 2014, Osteoporos Int 25:821",
        )
    )
    if references.assumed:
        notes.append(f"Calcium and vitamin D: {references.basis}.")
    return Suggestion(items=tuple(items), notes=tuple(notes))
