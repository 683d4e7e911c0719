"""What an import from another app added, kept and removed: counted the same in a dry run."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class DietaryTally:
    added: int = 0
    skipped: int = 0  # already stored as it is, or earlier in the same import
    removed: int = 0  # stored for a covered day, not in the export any more
    changed: int = 0  # stored for a covered day with another amount: replaced


@dataclass(frozen=True)
class EntriesTally:
    added: int
    unchanged: int
    removed: int
