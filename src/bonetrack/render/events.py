"""Bone events as a rich table and as JSON."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table

from bonetrack.domain.events import FRAGILITY_MEANING, BoneEvent


def event_json(event: BoneEvent) -> dict[str, object]:
    return {
        "id": event.id,
        "kind": event.kind,
        "at": event.occurred_at.isoformat(),
        "local_date": event.local_date.isoformat(),
        "site": event.site,
        "severity": event.severity,
        "note": event.note,
        "source": event.source,
        # fractures only: "yes" | "no" | "unknown"; null for other kinds
        "fragility": event.fragility,
    }


def event_line(event: BoneEvent) -> str:
    """One line for confirmations: 'fall on 2026-11-20 17:40 (left hip, severity 3)'."""
    details = [d for d in (event.site, _severity(event.severity), _fragility(event)) if d]
    extra = f" ({', '.join(details)})" if details else ""
    when = event.occurred_at.strftime("%Y-%m-%d %H:%M")
    note = f": {event.note}" if event.note else ""
    return f"#{event.id} {event.kind} on {when}{extra}{note}"


def _severity(value: int | None) -> str | None:
    return None if value is None else f"severity {value}/10"


def _fragility(event: BoneEvent) -> str | None:
    return None if event.fragility is None else f"fragility fracture: {event.fragility}"


def events_table(events: Sequence[BoneEvent], title: str = "Bone events") -> Table:
    """Newest first, as given; times in the zone they were stored with."""
    table = Table(title=title, title_justify="left")
    table.add_column("ID", justify="right")
    table.add_column("When")
    table.add_column("Kind")
    table.add_column("Site")
    table.add_column("Severity", justify="right")
    # Only where a fracture is listed: whether it was a fragility fracture.
    fractures = any(e.fragility is not None for e in events)
    if fractures:
        table.add_column("Fragility")
    table.add_column("Note")
    for event in events:
        cells = [
            str(event.id) if event.id is not None else "-",
            event.occurred_at.strftime("%Y-%m-%d %H:%M"),
            event.kind,
            event.site or "",
            "" if event.severity is None else f"{event.severity}/10",
        ]
        if fractures:
            cells.append(event.fragility or "")
        table.add_row(*cells, event.note or "")
    if fractures:
        table.caption = (
            f"Fragility: was the fracture a fragility fracture ({FRAGILITY_MEANING})? Set it "
            "with `bonetrack event edit ID --fragility yes|no|unknown`."
        )
        table.caption_justify = "left"
    return table
