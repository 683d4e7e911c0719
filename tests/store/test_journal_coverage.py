"""Every write goes through the journal of changes, so that `undo` can take it back.

A module that imports SQLAlchemy's insert, update or delete writes rows itself; only the
journal does that (and the migrations, and the one setting bonetrack keeps for itself).
A new writer records through `store/journal.py` instead: `add_row`, `insert_rows`,
`delete_where`, `change(conn)`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import bonetrack

SRC = Path(bonetrack.__file__).parent
WRITES = {"insert", "update", "delete"}
# (module, function) allowed to write rows without the journal, and why.
ALLOWED = {
    ("store/journal.py", None),  # the journal itself, and undo
    ("store/migrate.py", None),  # the schema, not the user's rows
    ("store/settings.py", "write_unrecorded_settings"),  # the calendar's own bookkeeping
}


def _writers() -> set[tuple[str, str | None]]:
    """(module, function) that import insert, update or delete from SQLAlchemy (function
    None: at the module's top level)."""
    found: set[tuple[str, str | None]] = set()

    def visit(node: ast.AST, module: str, function: str | None) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            function = node.name
        if (
            isinstance(node, ast.ImportFrom)
            and (node.module or "").startswith("sqlalchemy")
            and WRITES & {alias.name for alias in node.names}
        ):
            found.add((module, function))
        for child in ast.iter_child_nodes(node):
            visit(child, module, function)

    for path in sorted(SRC.rglob("*.py")):
        visit(ast.parse(path.read_text(encoding="utf-8")), path.relative_to(SRC).as_posix(), None)
    return found


def test_only_the_journal_writes_rows() -> None:
    writers = _writers()
    modules_allowed = {module for module, function in ALLOWED if function is None}
    unrecorded = {
        (module, function)
        for module, function in writers
        if module not in modules_allowed and (module, function) not in ALLOWED
    }
    assert unrecorded == set()
    # the allowed function is still there: the list is not stale
    assert ("store/settings.py", "write_unrecorded_settings") in writers
