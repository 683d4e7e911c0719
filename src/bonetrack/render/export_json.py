"""The JSON form of an export: one object, one record per line (readable, diffable)."""

from __future__ import annotations

import json
from typing import Any, TextIO

from bonetrack.domain.export_format import ExportData


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def write_json(out: TextIO, data: ExportData) -> None:
    """Written piece by piece: a large history is never one big string in memory."""
    out.write("{\n")
    items: list[tuple[str, Any]] = [
        *data.header.as_json().items(),
        ("profile", data.profile),
        ("settings", data.settings),
    ]
    for key, value in items:
        out.write(f"  {_dumps(key)}: {_dumps(value)},\n")
    names = list(data.tables)
    for position, name in enumerate(names):
        records = data.tables[name]
        out.write(f"  {_dumps(name)}: [")
        for index, record in enumerate(records):
            out.write("\n    " if index == 0 else ",\n    ")
            out.write(_dumps(record))
        out.write("\n  ]" if records else "]")
        out.write(",\n" if position < len(names) - 1 else "\n")
    out.write("}\n")
