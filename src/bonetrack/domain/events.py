"""Bone events: fractures, falls, pain, mobility changes and clinician check-ins."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from bonetrack.errors import InputError

EVENT_KINDS: dict[str, str] = {
    "fracture": "a broken bone",
    "fall": "a fall",
    "pain": "bone or back pain",
    "mobility": "a change in how well you move",
    "checkin": "a visit to your clinician",
}
EVENT_KIND_NAMES: tuple[str, ...] = tuple(EVENT_KINDS)
_ALIASES: dict[str, str] = {"check-in": "checkin", "visit": "checkin"}

# A fall, fracture, pain or mobility event, or any event with a note, counts as this
# month's symptom record (the reminder asks for exactly these).
SYMPTOM_KINDS: tuple[str, ...] = ("fall", "fracture", "pain", "mobility")

# Fractures only: was it a fragility fracture? Only "yes" makes a T-score of -2.5
# or lower "severe osteoporosis" (WHO); old fractures and unanswered ones are "unknown".
Fragility = Literal["yes", "no", "unknown"]
FRAGILITY_VALUES: tuple[Fragility, ...] = ("yes", "no", "unknown")
FRAGILITY_MEANING = "a fall from standing height or less, or no trauma"
FRAGILITY_QUESTION = f"Was it a fragility fracture ({FRAGILITY_MEANING})? yes, no or unknown"
_FRAGILITY_SPELLINGS: dict[str, Fragility] = {
    "yes": "yes",
    "y": "yes",
    "no": "no",
    "n": "no",
    "unknown": "unknown",
    "?": "unknown",
    "not sure": "unknown",
    "don't know": "unknown",
}

SEVERITY_MIN = 0
SEVERITY_MAX = 10


@dataclass(frozen=True)
class BoneEvent:
    id: int | None
    kind: str
    occurred_at: datetime  # aware
    local_date: date
    site: str | None = None
    severity: int | None = None
    note: str | None = None
    source: str = "cli"
    # Fractures only: "yes" (a fall from standing height or less, or no trauma),
    # "no", or "unknown"; None for other kinds.
    fragility: Fragility | None = None


def get_event_kind(name: str) -> str:
    key = name.strip().lower()
    key = _ALIASES.get(key, key)
    if key in EVENT_KINDS:
        return key
    close = difflib.get_close_matches(key, [*EVENT_KIND_NAMES, *_ALIASES], n=1, cutoff=0.5)
    hint = f" Did you mean '{_ALIASES.get(close[0], close[0])}'?" if close else ""
    raise InputError(f"unknown event kind '{name}'.{hint} Kinds: {', '.join(EVENT_KIND_NAMES)}.")


def parse_severity(text: str | None) -> int | None:
    """A whole number from 0 (none) to 10 (worst), or None when not given."""
    if text is None:
        return None
    raw = text.strip()
    if not raw.lstrip("-").isdigit():
        raise InputError(f"severity '{text}' is not a whole number from 0 to 10.")
    return check_severity(int(raw))


def check_severity(value: int) -> int:
    if not SEVERITY_MIN <= value <= SEVERITY_MAX:
        raise InputError(f"severity {value} is outside 0 to 10 (0 none, 10 worst).")
    return value


def check_event_time(at: datetime, now: datetime) -> datetime:
    if at > now:
        raise InputError(
            f"{at.strftime('%Y-%m-%d %H:%M')} is in the future; record what has already happened."
        )
    return at


def parse_fragility(text: str) -> Fragility:
    """yes, no or unknown (also y, n, ?), in any case."""
    found = _FRAGILITY_SPELLINGS.get(" ".join(text.strip().lower().split()))
    if found is None:
        raise InputError(
            f"fragility '{text}' is not yes, no or unknown (a fragility fracture is from "
            f"{FRAGILITY_MEANING})."
        )
    return found


def fragility_for(kind: str, fragility: Fragility | None) -> Fragility | None:
    """The fragility to store for an event of `kind`: fractures default to unknown."""
    if kind != "fracture":
        if fragility is not None:
            raise InputError(
                f"--fragility is only for fractures, not for a {kind} event "
                "(a fall that broke a bone is recorded as a fracture)."
            )
        return None
    return fragility or "unknown"
