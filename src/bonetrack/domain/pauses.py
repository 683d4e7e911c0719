"""Pauses: days on which a planned item is not due (a holiday, an illness, a clinician's stop).

A pause names what it pauses by a *target*, a free item key: `all` for every
supplement and exercise item, a kind (`k2`, `exercise`: every exercise type), a
kind and an exercise type (`exercise:impact`), or a medicine (`medicine:alendronate`).
Keys are segments joined by ':'; a pause applies to an item when its target's
segments begin the item's key. `all` leaves medicines out: a medicine is paused
only by its name (a clinician's instruction), never by a holiday pause of
everything, so that no dose of a bone medicine stops being due unnoticed.

What a paused day means (adherence.py applies it):
- it is not due: it neither counts nor breaks a streak, and adherence leaves it out;
- logging on it is allowed and counts: a paused day whose target is met is a met
  day (so a streak grows through it), and the pause goes on;
- a weekly item's week is due for its unpaused days only (`prorated`): its target
  is scaled by the share of the week's 7 days that are not paused (amounts
  exactly, counts rounded up), so 2 sessions a week with 4 days paused ask for
  1 session. A week paused in full is not due (unless its full target is met).
- a medicine's scheduled dose is not due on a paused day (domain/medicine_schedule.py
  applies it: a weekly dose whose day is paused leaves its week not due; a dose due
  every month or more on a paused day is due the day after the pause).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from bonetrack.domain.kinds import KIND_NAMES
from bonetrack.domain.plans import ItemKey, PlanVersion, item_label
from bonetrack.domain.profile import DayRange
from bonetrack.errors import InputError

if TYPE_CHECKING:
    from bonetrack.domain.entries import Entry

ALL = "all"
SEPARATOR = ":"
MEDICINE = "medicine"
ALL_LABEL = "supplements and exercise"
REASON_LIMIT = 200  # characters of `--reason`


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
        """'Supplements and exercise are', 'K2 is': the start of a sentence about this pause."""
        return f"{ALL_LABEL.capitalize()} are" if self.target == ALL else f"{self.label} is"

    def moved_text(self) -> str:
        """'moved past the pause 2026-06-25 to 2026-07-10 (clinic closed)': a due date moved."""
        why = f" ({self.reason})" if self.reason else ""
        return f"moved past the pause {self.span_text()}{why}"

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


def entry_target(entry: Entry) -> str:
    """The target key of the item a logged entry (or a medicine dose) belongs to."""
    if entry.medicine is not None:
        return medicine_target(entry.medicine)
    return item_target((entry.kind, entry.exercise_type if entry.kind == "exercise" else None))


def medicine_target(key: str) -> str:
    """The target key of a medicine: 'medicine:alendronate'."""
    return f"{MEDICINE}{SEPARATOR}{key}"


def applies(target: str, key: str) -> bool:
    """Whether a pause of `target` applies to the item whose target key is `key`."""
    if target == ALL:
        return key.split(SEPARATOR)[0] != MEDICINE  # medicines are paused by name only
    wanted = target.split(SEPARATOR)
    return key.split(SEPARATOR)[: len(wanted)] == wanted


def target_label(target: str) -> str:
    """'supplements and exercise', 'K2', 'Exercise', 'Exercise: impact', 'Alendronate'."""
    if target == ALL:
        return ALL_LABEL
    kind, _, rest = target.partition(SEPARATOR)
    if kind == MEDICINE and rest:
        from bonetrack.domain.medicines import medicine_label

        return medicine_label(rest)
    return item_label(kind, rest or None) if kind in KIND_NAMES else target


def pause_target(
    kind: str | None, exercise_type: str | None, everything: bool, medicine: str | None = None
) -> str:
    """The target of `pause --kind K [--type T]`, `pause --all` or `pause --med NAME`
    (`medicine`: the key of a medicine the user has added)."""
    from bonetrack.domain.kinds import check_exercise_type, get_kind, names_a_medicine

    chosen = [
        option
        for option, given in (("--all", everything), ("--kind", kind), ("--med", medicine))
        if given
    ]
    if len(chosen) > 1:
        raise InputError(f"give one of --all, --kind and --med, not {' and '.join(chosen)}.")
    if exercise_type is not None and kind is None:
        raise InputError("--type goes with --kind exercise.")
    if everything:
        return ALL
    if medicine is not None:
        return medicine_target(medicine)
    if kind is None:
        raise InputError(
            "say what to pause: --kind KIND (e.g. --kind k2), --med NAME (a medicine) or --all."
        )
    if names_a_medicine(kind):
        raise InputError(f"a medicine is paused by its name: --med {kind.strip().lower()}.")
    found = get_kind(kind)
    if exercise_type is None:
        return found.name
    return f"{found.name}{SEPARATOR}{check_exercise_type(found, exercise_type)}"


def check_target(target: str) -> str:
    """A stored target (an imported pause's), as `pause` makes them; InputError otherwise."""
    kind, _, rest = target.partition(SEPARATOR)
    if kind == MEDICINE:
        from bonetrack.domain.medicines import medicine_key

        made = medicine_target(medicine_key(rest)) if rest else ""
    elif kind == ALL:
        made = ALL
    else:
        made = pause_target(kind, rest or None, False)
    if made != target:
        raise InputError(
            f"'{target}' is not a pause target: all, a kind (k2, calcium, vitamin-d, exercise), "
            "exercise:TYPE or medicine:NAME."
        )
    return made


def check_pause(first: date, last: date | None, existing: Iterable[Pause], target: str) -> None:
    """Refuse a pause that ends before it starts, or overlaps another of the same target."""
    if last is not None and last < first:
        raise InputError(f"--to {last} is before --from {first}.")
    for other in existing:
        if other.target == target and other.overlaps(first, last):
            raise InputError(
                f"{other.subject} already paused {other.span_text()} (pause #{other.id}): "
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


def paused_through(ranges: Sequence[DayRange], day: date) -> date | None:
    """The last day of the paused run that `day` is in (`date.max` while open-ended; runs
    that overlap or touch join), None when `day` is not paused."""
    last: date | None = None
    probe = day
    while True:
        ends = [
            r[1] or date.max for r in ranges if r[0] <= probe and (r[1] is None or probe <= r[1])
        ]
        if not ends:
            return last
        last = max(ends)
        if last == date.max:
            return last
        probe = last + timedelta(days=1)


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
