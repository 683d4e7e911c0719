"""Free text the user types: notes, machine and facility names."""

from __future__ import annotations

import unicodedata

from bonetrack.errors import InputError


def clean_text(value: str | None, what: str, limit: int) -> str | None:
    """Strip a free-text value; empty means none; too long or control characters is an error.

    Escape sequences would reach the terminal raw from tables and one-line messages,
    and a newline would split them.
    """
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if len(text) > limit:
        raise InputError(f"{what} is too long: at most {limit} characters.")
    if any(unicodedata.category(char) == "Cc" for char in text):
        raise InputError(f"{what} cannot contain control characters such as a newline or escape.")
    return text


# Control, format (bidirectional overrides), surrogate (undecodable bytes) and
# line/paragraph separator characters: none belongs raw in a one-line message.
_UNPRINTABLE = frozenset(("Cc", "Cf", "Cs", "Zl", "Zp"))


def printable(text: str) -> str:
    """`text` with those characters written as escapes (\\x1b, \\n, \\u202e).

    Every `Error:` and `Warning:` line and every plain table cell goes through this:
    an escape sequence typed into an argument and quoted back, or stored by other
    means, would otherwise reach the terminal raw.
    """
    if text.isprintable():  # the usual case: no control, format or separator characters
        return text
    return "".join(
        char.encode("unicode_escape").decode("ascii")
        if unicodedata.category(char) in _UNPRINTABLE
        else char
        for char in text
    )
