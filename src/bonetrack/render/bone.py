"""The report's bone section: the latest scan's reading, height and falls, with sources.

JSON: three keys added to the report's contract, "latest_scan", "height", "falls".
"""

from __future__ import annotations

from typing import Any

from bonetrack.domain.bone import BoneSummary
from bonetrack.domain.dexa import MENOPAUSE_CAVEAT, WHO_SOURCE, format_score, site_label
from bonetrack.domain.falls import FALLS_SOURCE, RECURRENT_FALLS
from bonetrack.render.heights import summary_json
from bonetrack.render.scans import SEVERE_NEEDS, reading_text, visit_json
from bonetrack.render.styled_text import StyledText


def bone_json(bone: BoneSummary) -> dict[str, Any]:
    falls = bone.falls
    return {
        "latest_scan": None if bone.latest_scan is None else visit_json(*bone.latest_scan),
        "height": summary_json(bone.height),
        "falls": {
            "from": falls.start.isoformat(),
            "to": falls.end.isoformat(),
            "count": falls.count,
            "dates": [d.isoformat() for d in falls.dates],
            "recurrent": falls.recurrent,
            "recurrent_from": RECURRENT_FALLS,
            "message": falls.message,
            "source": FALLS_SOURCE,
        },
    }


def _scan_lines(bone: BoneSummary) -> list[str]:
    if bone.latest_scan is None:
        return []
    visit, interp = bone.latest_scan
    where = ""
    if not interp.z_scores_apply and interp.lowest_t is not None and interp.lowest_t_site:
        where = (
            f" (lowest T-score {format_score(interp.lowest_t)}, {site_label(interp.lowest_t_site)})"
        )
    lines = [
        f"Latest DEXA scan {visit.scan_date.isoformat()}: {reading_text(interp)}{where}; "
        f"not a diagnosis ({WHO_SOURCE}; ISCD for Z-scores)."
    ]
    if interp.category in ("osteoporosis", "severe-osteoporosis"):
        lines.append(SEVERE_NEEDS)
    if interp.menopause_year_needed:
        lines.append(MENOPAUSE_CAVEAT)
    if interp.later_fracture is not None:
        from bonetrack.domain.dexa import later_fracture_text

        lines.append(later_fracture_text(interp.later_fracture))
    return lines


def bone_lines(bone: BoneSummary, next_scan: str | None = None) -> list[StyledText]:
    """'Bone health' and one line per fact, each with its source where it judges; then when
    the next scan is due (`next_scan`), if given."""
    lines = [StyledText.of("Bone health", "bold")]
    lines += [StyledText(f"- {line}") for line in _scan_lines(bone)]
    if next_scan is not None:
        lines.append(StyledText(f"- Next: {next_scan}"))
    if bone.height is not None:
        height = bone.height
        source = f" Source: {height.source}." if height.flagged else ""
        lines.append(StyledText(f"- {height.message}{source}"))
    falls = bone.falls
    source = f" Source: {FALLS_SOURCE}." if falls.recurrent else ""
    lines.append(StyledText(f"- {falls.message}{source}"))
    lines.append(StyledText())
    return lines
