"""The visit summary as JSON: its dataclasses' fields, dates as YYYY-MM-DD.

A contract like `report --json`: fields may be added, never renamed or removed.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from bonetrack.domain.summary import VisitSummary


def to_json(value: Any) -> Any:
    """Dataclasses as objects (field order kept), tuples as lists, dates as ISO text."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [to_json(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_json(item) for key, item in value.items()}
    if isinstance(value, date):
        return value.isoformat()
    return value


def summary_json(summary: VisitSummary) -> dict[str, Any]:
    result: dict[str, Any] = to_json(summary)
    return result
