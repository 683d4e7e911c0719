"""Pauses in the export format (version 2): days a planned item or a medicine is not due.

Each record is checked as `bonetrack pause` checks what it stores; the registry in
export_tables.py lists the fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bonetrack.domain.export_format import SOURCE_CHARS, Values, utc_iso

TARGET_CHARS = 64  # the stored column's width


def dump_pause(row: Mapping[str, Any]) -> dict[str, Any]:
    last = row["last_day"]
    return {
        "uid": row["uid"],
        "target": row["target"],
        "from": row["first_day"].isoformat(),
        "to": None if last is None else last.isoformat(),
        "reason": row["reason"],
        "source": row["source"],
        "created_at": utc_iso(row["created_at"]),
    }


def load_pause(v: Values) -> dict[str, Any]:
    from bonetrack.domain.pauses import REASON_LIMIT, check_pause, check_target

    target = v.check("target", check_target, v.text("target", TARGET_CHARS, required=True))
    first = v.day("from", required=True)
    last = v.day("to")
    assert first is not None
    if last is not None:
        # (a pause may lie ahead: a holiday paused in advance)
        v.check("to", check_pause, first, last, (), target)
    return {
        "target": target,
        "first_day": first,
        "last_day": last,
        "reason": v.text("reason", REASON_LIMIT),
        "source": v.text("source", SOURCE_CHARS, required=True),
    }
