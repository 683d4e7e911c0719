"""What the report shows of the bones themselves: the latest scan's reading, height, falls."""

from __future__ import annotations

from dataclasses import dataclass

from bonetrack.domain.dexa import Interpretation, Visit
from bonetrack.domain.falls import FallsSummary
from bonetrack.domain.height import HeightSummary


@dataclass(frozen=True)
class BoneSummary:
    """As of the report's last day: informational, never a diagnosis or a risk score."""

    latest_scan: tuple[Visit, Interpretation] | None
    height: HeightSummary | None
    falls: FallsSummary
