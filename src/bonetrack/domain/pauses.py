"""Pauses: days on which a planned item is not due (a holiday, an illness, a clinician's stop).

A pause names what it pauses by a *target*, a free item key: `all` for every item,
a kind (`k2`, `exercise`: every exercise type), or a kind and an exercise type
(`exercise:impact`). Keys are segments joined by ':'; a pause applies to an item
when its target's segments begin the item's key, so a later kind of item (a
medicine, `medicine:alendronate`) is paused the same way without a new mechanism.

What a paused day means (adherence.py applies it):
- it is not due: it neither counts nor breaks a streak, and adherence leaves it out;
- logging on it is allowed and counts: a paused day whose target is met is a met
  day (so a streak grows through it), and the pause goes on;
- a weekly item's week is due for its unpaused days only (`prorated`): its target
  is scaled by the share of the week's 7 days that are not paused (amounts
  exactly, counts rounded up), so 2 sessions a week with 4 days paused ask for
  1 session. A week paused in full is not due (unless its full target is met).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from bonetrack.domain.kinds import KIND_NAMES
from bonetrack.domain.plans import ItemKey, PlanVersion, item_label
from bonetrack.domain.profile import DayRange
from bonetrack.errors import InputError

ALL = "all"
SEPARATOR = ":"


@dataclass(frozen=True)
class Pause:
    id: int | None
    target: str  # "all", "k2", "exercise:impact", ...
    first: date
    last: date | None  # None: until `bonetrack pause resume`
    reason: str | None = None

    @property
    def days(self) -> DayRange:
        return (self.first, self.last)

    def covers(self, day: date) -> bool:
        return self.first <= day and (self.last is None or day <= self.last)

    def overlaps(self, first: date, last: date | None) -> bool:
        return (last is None or self.first <= last) and (self.last is None or first <= self.last)

    def applies_to(self, key: str) -> bool:
        return applies(self.target, key)

    @property
    def label(self) -> str:
        return target_label(self.target)

    def span_text(self) -> str:
        """'2026-08-01 to 2026-08-14', 'from 2026-08-01 until resumed'."""
        if self.last is None:
            return f"from {self.first.isoformat()} until resumed"
        if self.last == self.first:
            return f"on {self.first.isoformat()}"
        return f"{self.first.isoformat()} to {self.last.isoformat()}"

    @property
    def subject(self) -> str:
        """'All items are', 'K2 is': the start of a sentence about this pause."""
        return "All items are" if self.target == ALL else f"{self.label} is"

    def until_text(self) -> str:
        """'paused until 2026-08-14 (included): holiday', for `today` and `log`."""
        if self.last is None:
            until = "paused until you resume it (`bonetrack pause resume`)"
        else:
            until = f"paused until {self.last.isoformat()} (included)"
        return f"{until}: {self.reason}" if self.reason else until

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "target": self.target,
            "label": self.label,
            "from": self.first.isoformat(),
            "to": None if self.last is None else self.last.isoformat(),
            "reason": self.reason,
        }


def item_target(key: ItemKey) -> str:
    """The target key of a plan item: 'k2', 'exercise:strength'."""
    kind, exercise_type = key
    return kind if exercise_type is None else f"{kind}{SEPARATOR}{exercise_type}"


def applies(target: str, key: str) -> bool:
    """Whether a pause of `target` applies to the item whose target key is `key`."""
    if target == ALL:
        return True
    wanted = target.split(SEPARATOR)
    return key.split(SEPARATOR)[: len(wanted)] == wanted


def target_label(target: str) -> str:
    """'all items', 'K2', 'Exercise', 'Exercise (impact)'."""
    if target == ALL:
        return "all items"
    kind, _, rest = target.partition(SEPARATOR)
    return item_label(kind, rest or None) if kind in KIND_NAMES else target


def pause_target(kind: str | None, exercise_type: str | None, everything: bool) -> str:
    """The target of `pause --kind K [--type T]` or `pause --all`."""
    from bonetrack.domain.kinds import check_exercise_type, get_kind

    if everything:
        if kind is not None or exercise_type is not None:
            raise InputError("give --all or --kind, not both.")
        return ALL
    if kind is None:
        if exercise_type is not None:
            raise InputError("--type goes with --kind exercise.")
        raise InputError("say what to pause: --kind KIND (e.g. --kind k2) or --all.")
    found = get_kind(kind)
    if exercise_type is None:
        return found.name
    return f"{found.name}{SEPARATOR}{check_exercise_type(found, exercise_type)}"


def check_pause(first: date, last: date | None, existing: Iterable[Pause], target: str) -> None:
    """Refuse a pause that ends before it starts, or overlaps another of the same target."""
    if last is not None and last < first:
        raise InputError(f"--to {last} is before --from {first}.")
    for other in existing:
        if other.target == target and other.overlaps(first, last):
            raise InputError(
                f"{other.label} is already paused {other.span_text()} (pause #{other.id}): "
                f"change that one (`bonetrack pause delete {other.id}`, then pause again) "
                "or choose days outside it."
            )


def ranges_for(pauses: Iterable[Pause], key: str) -> tuple[DayRange, ...]:
    """The paused days of the item whose target key is `key`."""
    return tuple(p.days for p in pauses if p.applies_to(key))


def pause_on(pauses: Sequence[Pause], key: str, day: date) -> Pause | None:
    """The pause of the item in force on `day`: of several, the one that lasts longest."""
    found = [p for p in pauses if p.applies_to(key) and p.covers(day)]
    if not found:
        return None
    return max(found, key=lambda p: date.max if p.last is None else p.last)


def prorated(plan: PlanVersion, free_days: int) -> PlanVersion:
    """A weekly target for a week of which only `free_days` (1-7) are not paused.

    (A week with no free day is not due: callers keep the whole target for it.)
    """
    if not 0 < free_days < 7:
        return plan
    return replace(
        plan,
        amount=None if plan.amount is None else plan.amount * free_days / 7,
        times=None if plan.times is None else math.ceil(plan.times * free_days / 7),
    )


def resume_day_range(pause: Pause, on: date) -> Pause | None:
    """The pause as it is once resumed on `on` (due again from that day).

    None when it had not begun by then: resuming removes it.
    """
    if pause.first >= on:
        return None
    return replace(pause, last=on - timedelta(days=1))


def paused_days_in(ranges: Sequence[DayRange], first: date, last: date) -> int:
    """How many days from `first` to `last` fall in `ranges` (which may overlap)."""
    count = 0
    day = first
    while day <= last:
        if any(r[0] <= day and (r[1] is None or day <= r[1]) for r in ranges):
            count += 1
        day += timedelta(days=1)
    return count
