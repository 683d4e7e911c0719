"""A progress bar by bytes read, for imports of large files from other apps."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

# Smaller files read in a blink: no bar.
BAR_FROM_BYTES = 4 * 1024 * 1024

Advance = Callable[[int], None]


@contextmanager
def byte_progress(total: int, label: str) -> Iterator[Advance]:
    """`advance(n)` after n more bytes are read; a rich bar on a terminal's stderr only."""
    import sys

    if total < BAR_FROM_BYTES or not sys.stderr.isatty():
        yield lambda _n: None
        return
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    from bonetrack.cli.output import stderr_console

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=stderr_console(), transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)
