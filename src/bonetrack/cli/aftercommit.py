"""What a command does once its change is committed: it can no longer fail the command.

A command checks everything that can refuse before it writes. After the commit
it only reports (safety warnings, a day's total, what a scan means); were one
of those steps to fail with an error, the user would read that nothing was
stored, and store it again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from bonetrack.domain.entries import Entry, NewEntry
    from bonetrack.domain.pauses import Pause
    from bonetrack.store.engine import Database

T = TypeVar("T")


def after_commit(step: Callable[[], T], what: str) -> T | None:
    """`step()`; if it fails, one warning that `what` could not be checked, and None.

    The command then goes on to confirm what it stored, and exits 0.
    """
    try:
        return step()
    except Exception as exc:
        from bonetrack.cli import output, state
        from bonetrack.errors import BonetrackError

        if state.debug():
            import traceback

            traceback.print_exc()
        reason = exc.message if isinstance(exc, BonetrackError) else f"{type(exc).__name__}: {exc}"
        output.warn(f"{what} could not be checked ({reason}); what you entered is stored.")
        return None


def add_entry_and_warn(db: Database, new: NewEntry) -> Entry:
    """Store an entry (`log`, `med take`), then print its safety warnings on stderr, and
    that its item is paused that day, if it is (logging on a paused day is allowed).

    A date before the profile's birth year is refused first; once stored, the warnings
    never block the entry and cannot fail the command.
    """
    from bonetrack.cli import output
    from bonetrack.store.entries import add_entry
    from bonetrack.store.guidance import warnings_after_log
    from bonetrack.store.profile import load_profile

    profile = load_profile(db)
    profile.check_born_by(new.local_date)
    entry = add_entry(db, new)
    warnings = (
        after_commit(lambda: warnings_after_log(db, entry, profile), "the safety warnings") or []
    )
    for warning in warnings:
        output.warn(warning.text())
    paused = after_commit(lambda: pause_of(db, entry), "the pause check")
    if paused is not None:
        output.info(
            f"{paused.subject} {paused.until_text()}. What you log on a paused day still "
            "counts; the pause goes on."
        )
    return entry


def pause_of(db: Database, entry: Entry) -> Pause | None:
    """The pause of the entry's item on its day, if any."""
    from bonetrack.domain.pauses import entry_target, pause_on
    from bonetrack.store.pauses import list_pauses

    day = entry.local_date
    return pause_on(list_pauses(db, day, day), entry_target(entry), day)
