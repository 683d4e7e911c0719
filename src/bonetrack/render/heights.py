"""Heights as a rich table and as JSON, with the loss from the tallest recorded."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from bonetrack.domain.decimals import at_least_places
from bonetrack.domain.height import HEIGHT_LOSS_CM, Height, HeightSummary, format_cm

if TYPE_CHECKING:  # rich is imported where a table is made: the report needs only JSON and text
    from rich.table import Table

FLAG = "*"


def height_json(height: Height) -> dict[str, object]:
    return {
        "id": height.id,
        "date": height.measured_on.isoformat(),
        "height_cm": height.height_cm,
        "note": height.note,
        "source": height.source,
    }


def summary_json(summary: HeightSummary | None) -> dict[str, object] | None:
    """The latest height against the tallest recorded (the report's "height" too)."""
    if summary is None:
        return None
    return {
        "latest": height_json(summary.latest),
        "tallest": height_json(summary.tallest),
        "loss_cm": summary.loss_cm,
        "threshold_cm": summary.threshold_cm,
        "flagged": summary.flagged,
        "message": summary.message,
        "source": summary.source,
        "uncertain": True,
    }


def heights_json(heights: Sequence[Height], summary: HeightSummary | None) -> dict[str, object]:
    losses = {} if summary is None else {i: (loss, flag) for i, loss, flag in summary.losses}
    return {
        "heights": [
            {
                **height_json(h),
                "loss_from_tallest_cm": losses[h.id][0],
                "flagged": losses[h.id][1],
            }
            for h in heights
        ],
        "summary": summary_json(summary),
    }


def height_line(height: Height) -> str:
    """'#3 height 162.5 cm on 2026-11-22: morning, no shoes'."""
    note = f": {height.note}" if height.note else ""
    return f"#{height.id} height {format_cm(height.height_cm)} on {height.measured_on}{note}"


def heights_table(heights: Sequence[Height], summary: HeightSummary) -> Table:
    """Oldest first, each with its loss from the tallest recorded up to then."""
    from rich.table import Table

    losses = {i: (loss, flag) for i, loss, flag in summary.losses}
    table = Table(title="Height", title_justify="left")
    table.add_column("ID", justify="right")
    table.add_column("Date")
    table.add_column("Height", justify="right")
    table.add_column("Below tallest", justify="right")
    table.add_column("Note")
    for height in heights:
        loss, flagged = losses[height.id]
        table.add_row(
            str(height.id),
            height.measured_on.isoformat(),
            format_cm(height.height_cm),
            "-" if loss == 0 else f"{at_least_places(loss, 1)} cm{' ' + FLAG if flagged else ''}",
            height.note or "",
        )
    if any(flag for _, _, flag in summary.losses):
        table.caption = (
            f"{FLAG} {HEIGHT_LOSS_CM} cm or more below the tallest recorded before it: this can be "
            "a sign of a vertebral (spine) fracture; raise it with your clinician."
        )
        table.caption_justify = "left"
    return table
