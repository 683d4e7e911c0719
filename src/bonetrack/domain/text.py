"""Free text the user types: notes, machine and facility names."""

from __future__ import annotations

from bonetrack.errors import InputError


def clean_text(value: str | None, what: str, limit: int) -> str | None:
    """Strip a free-text value; empty means none; longer than the column allows is an error."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if len(text) > limit:
        raise InputError(f"{what} is too long: at most {limit} characters.")
    return text
