"""What the report adds about medicines and labs, as of today: a late denosumab dose,
time on treatment per medicine, each lab test's latest value and trend."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bonetrack.domain.guidance import SafetyWarning
    from bonetrack.domain.labs import Trend
    from bonetrack.domain.medicine_schedule import Treatment
    from bonetrack.render.columns import Terminal
    from bonetrack.store.engine import Database


@dataclass(frozen=True)
class ReportExtras:
    notices: tuple[SafetyWarning, ...]
    treatments: tuple[Treatment, ...]
    trends: tuple[Trend, ...]

    def to_json(self) -> dict[str, Any]:
        """The keys the report's JSON adds: notices, treatments, labs."""
        from bonetrack.render.labs import trends_json

        return {
            "notices": [n.to_json() for n in self.notices],
            "treatments": [t.to_json() for t in self.treatments],
            "labs": trends_json(self.trends),
        }

    def notices_text(self, terminal: Terminal) -> str:
        from bonetrack.render.medicines import notices_text

        return notices_text(self.notices, terminal)

    def text(self, terminal: Terminal) -> str:
        from bonetrack.render.labs import trends_text
        from bonetrack.render.medicines import treatments_text

        parts = [treatments_text(self.treatments, terminal), trends_text(self.trends, terminal)]
        return "\n\n".join(part for part in parts if part)


def report_extras(db: Database, today: date) -> ReportExtras:
    from bonetrack.domain.labs import trends
    from bonetrack.store.labs import list_lab_results
    from bonetrack.store.medicine_status import medicine_notices, treatments

    return ReportExtras(
        notices=tuple(medicine_notices(db, today)),
        treatments=tuple(treatments(db, today)),
        trends=tuple(trends(list_lab_results(db))),
    )
