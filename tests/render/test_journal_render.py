"""Every table the journal can record is named and described for `undo` and `info`."""

from __future__ import annotations

from bonetrack.render.journal import DESCRIBE
from bonetrack.store.info import TABLES
from bonetrack.store.schema import ROW_NOUNS, metadata

JOURNAL = {"changes", "change_rows"}


def test_every_table_has_a_noun_and_every_user_table_a_description() -> None:
    tables = set(metadata.tables)
    assert set(ROW_NOUNS) == tables - {"change_rows"}
    # a row `undo` takes back is shown as the user knows it, never as "table row key"
    assert set(DESCRIBE) == tables - JOURNAL
    # `info` counts every table but the journal's rows (it counts changes)
    assert {table.name for _, table in TABLES} == tables - {"change_rows"}


def test_every_row_table_has_a_uid() -> None:
    """Export, import and the journal name rows by their uid (settings by their key)."""
    assert [t for t in metadata.tables if "uid" not in metadata.tables[t].c] == ["settings"]
