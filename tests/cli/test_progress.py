"""The progress bar by bytes read: on a terminal, for a large file only."""

from __future__ import annotations

import io

import pytest

from bonetrack.cli.progress import BAR_FROM_BYTES, byte_progress


class Terminal(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_a_large_file_on_a_terminal_shows_bytes_read(monkeypatch: pytest.MonkeyPatch) -> None:
    err = Terminal(tty=True)
    monkeypatch.setattr("sys.stderr", err)
    with byte_progress(8 * 1024 * 1024, "Reading Cronometer") as advance:
        advance(4 * 1024 * 1024)
    shown = err.getvalue()
    assert "Reading Cronometer" in shown
    assert "4.2/8.4 MB" in shown


@pytest.mark.parametrize(("tty", "total"), [(False, 8 * 1024 * 1024), (True, BAR_FROM_BYTES - 1)])
def test_no_bar_when_piped_or_for_a_small_file(
    monkeypatch: pytest.MonkeyPatch, tty: bool, total: int
) -> None:
    err = Terminal(tty=tty)
    monkeypatch.setattr("sys.stderr", err)
    with byte_progress(total, "Reading Cronometer") as advance:
        advance(total)
    assert err.getvalue() == ""
