"""Plans (`plan show`) and the suggested plan (`plan suggest`): rich and JSON forms."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from bonetrack.domain.plans import (
    ItemKey,
    PlanVersion,
    Suggestion,
    describe_target,
    item_label,
    version_in_force,
)
from bonetrack.render.report import NOTHING_PLANNED, target_json

if TYPE_CHECKING:
    from rich.console import RenderableType


@dataclass(frozen=True)
class ItemState:
    """One item as of a day: what is in force, since when, and what comes next."""

    key: ItemKey
    current: PlanVersion | None  # the version in force (active or a stop); None: not begun
    upcoming: tuple[PlanVersion, ...]
    versions: tuple[PlanVersion, ...]

    @property
    def status(self) -> str:
        if self.current is None:
            return "scheduled"
        return "active" if self.current.active else "stopped"


def item_states(items: Mapping[ItemKey, Sequence[PlanVersion]], today: date) -> list[ItemState]:
    return [
        ItemState(
            key=key,
            current=version_in_force(versions, today),
            upcoming=tuple(v for v in versions if v.valid_from > today),
            versions=tuple(versions),
        )
        for key, versions in items.items()
    ]


def version_json(version: PlanVersion) -> dict[str, Any]:
    return {
        "target": target_json(version) if version.active else None,
        "form": version.form,
        "from": version.valid_from.isoformat(),
        "active": version.active,
    }


def plans_json(states: Sequence[ItemState], today: date) -> dict[str, Any]:
    return {
        "date": today.isoformat(),
        "items": [
            {
                "kind": state.key[0],
                "type": state.key[1],
                "status": state.status,
                "target": (
                    target_json(state.current)
                    if state.current is not None and state.current.active
                    else None
                ),
                "form": state.current.form if state.current is not None else None,
                "since": state.current.valid_from.isoformat() if state.current else None,
                "versions": [version_json(v) for v in state.versions],
            }
            for state in states
        ],
    }


def _change_text(version: PlanVersion) -> str:
    what = describe_target(version) if version.active else "stop"
    return f"{version.valid_from}: {what}"


def plans_renderable(states: Sequence[ItemState], today: date) -> RenderableType:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    if not states:
        return Text(NOTHING_PLANNED)
    table = Table(box=None, header_style="bold", pad_edge=False)
    for name in ("Item", "Plan", "Since", "Next change"):
        table.add_column(name)
    for state in states:
        current = state.current
        if current is None:
            plan, since = "not begun yet", ""
        elif current.active:
            plan, since = describe_target(current), str(current.valid_from)
        else:
            plan, since = "stopped", str(current.valid_from)
        table.add_row(
            item_label(*state.key),
            plan,
            since,
            ", ".join(_change_text(v) for v in state.upcoming),
        )
    return Group(Text(f"Plans on {today}", style="bold"), table)


def suggestion_json(suggestion: Suggestion, applied: bool) -> dict[str, Any]:
    return {
        "applied": applied,
        "items": [
            {
                "kind": item.version.kind,
                "type": item.version.exercise_type,
                "target": target_json(item.version),
                "form": item.version.form,
                "from": item.version.valid_from.isoformat(),
                "why": item.why,
                "source": item.source,
            }
            for item in suggestion.items
        ],
        "notes": list(suggestion.notes),
    }


def suggestion_renderable(suggestion: Suggestion, applied: bool) -> RenderableType:
    from rich.console import Group
    from rich.text import Text

    heading = (
        "Plan set from the evidence (each line names its source):"
        if applied
        else "A starting plan from the evidence (each line names its source):"
    )
    parts: list[RenderableType] = [Text(heading, style="bold")]
    for item in suggestion.items:
        line = Text(f"- {item_label(item.version.kind, item.version.exercise_type)}: ")
        line.append(describe_target(item.version), style="bold")
        line.append(f". {item.why} ")
        line.append(f"[{item.source}]", style="dim")
        parts.append(line)
    parts += [Text(f"Note: {note}", style="yellow") for note in suggestion.notes]
    if not applied:
        parts.append(
            Text(
                "Use it with `bonetrack plan suggest --apply`, or set items one by one "
                "with `bonetrack plan set`."
            )
        )
    parts.append(
        Text(
            "bonetrack informs; it does not replace your clinician. Agree supplements with them, "
            "especially alongside other medicines.",
            style="dim",
        )
    )
    return Group(*parts)
