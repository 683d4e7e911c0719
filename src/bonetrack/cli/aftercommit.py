"""What a command does once its change is committed: it can no longer fail the command.

A command checks everything that can refuse before it writes. After the commit
it only reports (safety warnings, a day's total, what a scan means); were one
of those steps to fail with an error, the user would read that nothing was
stored, and store it again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

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
