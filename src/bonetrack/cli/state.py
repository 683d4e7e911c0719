"""What the root options chose for this invocation, and the database it opens."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bonetrack.store.engine import Database
    from bonetrack.store.location import Location

DEBUG_ENV = "BONETRACK_DEBUG"

_db_option: str | None = None
_debug = False
_database: Database | None = None
# The words after the root options (`log k2 180mcg`): each change the command makes is
# labelled with them in the journal, for `undo` to show.
_command_words: list[str] = []


def set_command_words(words: list[str]) -> None:
    global _command_words
    _command_words = list(words)


def configure(db_option: str | None, debug: bool) -> None:
    global _db_option, _debug, _database
    if _database is not None:
        _database.close()
    _db_option, _debug, _database = db_option, debug, None


def debug() -> bool:
    return _debug or os.environ.get(DEBUG_ENV, "") not in ("", "0")


def db_option() -> str | None:
    """The --db value of this invocation (None: BONETRACK_DB or the default)."""
    return _db_option


def database() -> Database:
    """The database for this invocation, opened (and migrated) on first use."""
    global _database
    if _database is None:
        from bonetrack.cli import output
        from bonetrack.store.engine import open_database

        _database = open_database(_db_option)
        from bonetrack.domain.text import printable
        from bonetrack.store.journal import command_line

        # Escaped: a control character in an argument would garble `undo`, and an export
        # holding the journal could not be imported again.
        words = " ".join(["bonetrack", *(_shell_word(w) for w in _command_words)])
        command_line.set(printable(words))
        for notice in _database.notices:
            output.info(notice)
    return _database


def _shell_word(word: str) -> str:
    import shlex

    return shlex.quote(word)


def close() -> None:
    configure(None, False)
    set_command_words([])


def location() -> Location:
    """Where this invocation's database is, without opening (or creating) it."""
    from bonetrack.store.location import resolve

    return resolve(_db_option)
