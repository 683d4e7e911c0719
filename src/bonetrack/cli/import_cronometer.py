"""`bonetrack import --from cronometer PATH`: Cronometer's CSV exports, a file or a folder of them.

Not a command module: the `import` command calls `run`. Files are streamed and
reduced to day totals, doses and sessions, checked whole, then written in one
transaction: a bad row anywhere refuses the import and nothing is written.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from bonetrack.cli.progress import Advance

# Ten years of servings are about 40 MB: a larger file is not a Cronometer export.
MAX_FILE_BYTES = 512 * 1024 * 1024


def run(path: str, *, dry_run: bool, supplements_as_doses: bool = False) -> None:
    from bonetrack import clock
    from bonetrack.cli import output, state
    from bonetrack.cli.progress import byte_progress
    from bonetrack.domain.cronometer import read_cronometer
    from bonetrack.errors import InputError
    from bonetrack.render.food_import import cronometer_lines
    from bonetrack.store import journal
    from bonetrack.store.cronometer import write_cronometer

    try:
        files = _files(path)
        total = sum(size for _, _, size in files)
        with byte_progress(total, "Reading Cronometer") as advance:
            plan = read_cronometer(
                ((name, _lines(file, advance)) for name, file, _ in files),
                clock.today(),
                supplements_as_doses=supplements_as_doses,
            )
    except InputError as exc:
        raise InputError(f"{exc.message} Nothing was imported.") from None
    db = state.database()
    # A dry run only reads: it need not take the write lock. A write is one change in the
    # journal, so that `bonetrack undo` takes the whole import back.
    with db.connect() if dry_run else db.begin() as conn, journal.change(conn):
        tally = write_cronometer(conn, plan, path, clock.now(), write=not dry_run)
    for line in cronometer_lines(
        plan, tally, dry_run=dry_run, supplements_as_doses=supplements_as_doses
    ):
        output.line(line)


def _files(path: str) -> list[tuple[str, Path, int]]:
    """(name shown, path, size) of the file, or of each CSV file in the folder."""
    from pathlib import Path

    from bonetrack.errors import InputError

    source = Path(path).expanduser()
    try:
        if source.is_dir():
            # Links inside the folder are not followed: only the files in it.
            members = sorted(
                p for p in source.iterdir() if p.suffix.lower() == ".csv" and p.is_file()
            )
            found = [(p.name, p, p.lstat().st_size) for p in members if not p.is_symlink()]
            if not found:
                raise InputError(f"{path}: no CSV files in this folder.")
        else:
            found = [(path, source, source.stat().st_size)]
    except FileNotFoundError:
        raise InputError(f"{path}: no such file.") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc}).") from None
    for name, _, size in found:
        if size > MAX_FILE_BYTES:
            raise InputError(
                f"{name}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MB, "
                "more than any Cronometer export."
            )
    return found


def _lines(path: Path, advance: Advance) -> Iterator[str]:
    """The file's lines as text: UTF-8 (with or without a byte order mark), else Windows-1252."""
    from bonetrack.errors import InputError

    encoding = "utf-8-sig" if _is_utf8(path) else "cp1252"
    try:
        with path.open("rb") as raw:
            counted = io.BufferedReader(_Counting(raw, advance))
            text = io.TextIOWrapper(counted, encoding=encoding, errors="strict", newline="")
            yield from text
    except OSError as exc:
        raise InputError(f"{path.name}: cannot be read ({exc.strerror or exc}).") from None
    except UnicodeDecodeError:
        raise InputError(f"{path.name}: not a text file.") from None


def _is_utf8(path: Path) -> bool:
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(1024 * 1024):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    except OSError:
        return True  # reported when it is read
    return True


class _Counting(io.RawIOBase):
    """A binary stream that reports how many bytes were read from it."""

    def __init__(self, stream: BinaryIO, advance: Advance) -> None:
        super().__init__()
        self._stream = stream
        self._advance = advance

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        if data:
            self._advance(len(data))
        return len(data)
