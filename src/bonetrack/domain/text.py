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
