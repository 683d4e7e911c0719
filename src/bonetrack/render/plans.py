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
    effective_versions,
    item_label,
    last_day,
    merge_unchanged,
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
    """Each item as of `today`; versions that only repeat the one before them are merged,
    so `current.valid_from` is the day the current target began."""
    states = []
    for key, versions in items.items():
        merged = merge_unchanged(versions)
        states.append(
            ItemState(
                key=key,
                current=version_in_force(merged, today),
                upcoming=tuple(v for v in merged if v.valid_from > today),
                versions=tuple(versions),
            )
        )
    return states


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


@dataclass(frozen=True)
class HistoryRow:
    version: PlanVersion
    until: date | None  # its last day in force; None: in force still (or never)
    replaced_by: PlanVersion | None  # set for the same day later: it was never in force


def _history_rows(versions: Sequence[PlanVersion]) -> list[HistoryRow]:
    in_force = effective_versions(versions)
    rows = []
    for version in versions:
        if any(version is v for v in in_force):
            rows.append(HistoryRow(version, last_day(versions, version), None))
        else:
            same_day = [v for v in versions if v.valid_from == version.valid_from]
            rows.append(HistoryRow(version, None, same_day[-1]))
    return rows


def _when(row: HistoryRow) -> str:
    """'2026-11-01 to 2026-11-21', 'from 2026-11-22', or why it was never in force."""
    start = row.version.valid_from
    if row.replaced_by is not None:
        return f"{start}, never in force: #{row.replaced_by.id} replaced it the same day"
    return f"{start} to {row.until}" if row.until else f"from {start}"


def history_lines(items: Mapping[ItemKey, Sequence[PlanVersion]]) -> list[str]:
    """Every version of each item, oldest first, with the days it was in force."""
    lines: list[str] = []
    for key, versions in items.items():
        lines.append(f"{item_label(*key)}:")
        for row in _history_rows(versions):
            what = describe_target(row.version) if row.version.active else "stopped"
            lines.append(f"  #{row.version.id} {_when(row)}: {what}")
    return lines


def history_json(items: Mapping[ItemKey, Sequence[PlanVersion]]) -> list[dict[str, Any]]:
    return [
        {
            "kind": key[0],
            "type": key[1],
            "versions": [
                {
                    "id": row.version.id,
                    **version_json(row.version),
                    "until": None if row.until is None else row.until.isoformat(),
                    "in_force": row.replaced_by is None,
                }
                for row in _history_rows(versions)
            ],
        }
        for key, versions in items.items()
    ]


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

    start = suggestion.items[0].version.valid_from if suggestion.items else None
    heading = (
        f"Plan set from the evidence, from {start} (each line names its source):"
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
