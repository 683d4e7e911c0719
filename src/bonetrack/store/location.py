"""Where the database lives, and making its file private. No SQLAlchemy here.

First that applies: `--db PATH_OR_URL`, `BONETRACK_DB`, else `bonetrack.db` in
the platform's user data directory. A value with `://` is a SQLAlchemy URL.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from bonetrack.errors import InputError, StoreError

ENV_VAR = "BONETRACK_DB"
FILE_NAME = "bonetrack.db"
# What SQLite keeps beside the database: same data, so the same privacy.
SIDE_FILES = ("-wal", "-shm", "-journal")
_SQLITE_URL = re.compile(r"^sqlite(?:\+\w+)?://(?:/(?P<path>[^?]*))?")


@dataclass(frozen=True)
class Location:
    url: str
    # The SQLite file behind the URL; None for in-memory or server databases.
    path: Path | None
    # Where the choice came from: "--db", "BONETRACK_DB" or "default" (`bonetrack info`).
    source: str = "default"

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    def describe(self) -> str:
        if self.path is not None:
            return str(self.path)
        return _hide_password(self.url)


def _hide_password(url: str) -> str:
    return re.sub(r"(://[^:/@]+:)[^@]+@", r"\1***@", url)


def default_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("bonetrack", appauthor=False) / FILE_NAME


def resolve(option: str | None, environ: dict[str, str] | None = None) -> Location:
    if option is not None and not option.strip():
        # An empty --db is a mistake (an unset shell variable, say): never fall back silently.
        raise InputError("--db is empty: give a file path or a SQLAlchemy URL.")
    env = os.environ if environ is None else environ
    # An empty BONETRACK_DB counts as unset, as environment variables usually do.
    value = option or env.get(ENV_VAR) or ""
    if not value.strip():
        path = default_path()
        return Location(url=f"sqlite:///{path}", path=path)
    source = "--db" if option else ENV_VAR
    value = value.strip()
    if "://" not in value:
        path = Path(value).expanduser().absolute()
        return Location(url=f"sqlite:///{path}", path=path, source=source)
    match = _SQLITE_URL.match(value)
    if match is None:
        return Location(url=value, path=None, source=source)
    raw = match.group("path")
    if not raw or raw == ":memory:":
        return Location(url=value, path=None, source=source)
    return Location(url=value, path=Path(raw).expanduser().absolute(), source=source)


def prepare_location(location: Location) -> list[str]:
    """Make the SQLite file ready (see `prepare_sqlite_file`); what the user should hear.

    A new file other than the default one is said on stderr: a typo in BONETRACK_DB or
    --db would otherwise look like all the data were gone. `--db` in a folder that does
    not exist is refused (a typo in the folder), while the default location, and
    BONETRACK_DB, create their folder.
    """
    path = location.path
    if path is None:
        return []
    if location.source == "--db" and _missing_folder(path):
        raise InputError(
            f"--db {path}: the folder {path.parent} does not exist; create it first, "
            "or check the path."
        )
    return prepare_sqlite_file(path, announce_new=location.source != "default")


def prepare_sqlite_file(path: Path, *, announce_new: bool = False) -> list[str]:
    """Create the file 0600 (and each missing folder 0700) before SQLite opens it.

    SQLite gives its -wal and -shm files the database file's permissions, so an
    existing file that others may read is made private too. Returns what the user
    should be told (once: the next open finds nothing to change).
    """
    try:
        if path.is_dir():
            raise StoreError(f"{path} is a directory, not a database file.")
        _make_private_folders(path.parent)
        if not path.exists():
            try:
                fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            except FileExistsError:
                return []  # created by a concurrent bonetrack process: fine
            except PermissionError as exc:
                raise StoreError(
                    f"cannot create the database at {path}: permission denied "
                    f"(you cannot create files in the folder {path.parent})."
                ) from exc
            os.close(fd)
            path.chmod(0o600)
            # Only the process that made it says so (O_EXCL), whoever else opens it at once.
            return [f"Created a new, empty database at {path}"] if announce_new else []
        return _tighten(path)
    except PermissionError as exc:
        raise StoreError(f"cannot open {path}: permission denied{_blocked(path)}.") from exc
    except OSError as exc:
        raise StoreError(f"cannot create the database at {path}: {exc.strerror}.") from exc


def _missing_folder(path: Path) -> bool:
    try:
        return not path.parent.is_dir()
    except OSError:
        return False  # cannot even look: prepare_sqlite_file names the folder in the way


def _make_private_folders(directory: Path) -> None:
    """Create `directory` and each missing parent 0700: all of them lead to health data."""
    missing: list[Path] = []
    while not directory.exists():
        missing.append(directory)
        directory = directory.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            continue  # made by a concurrent bonetrack process, which makes it private
        folder.chmod(0o700)  # mkdir's mode is reduced by the umask


def _tighten(path: Path) -> list[str]:
    """Make an existing database (and its SQLite side files) 0600; say so when it changes."""
    notes = []
    for file in (path, *(path.with_name(path.name + suffix) for suffix in SIDE_FILES)):
        try:
            mode = stat.S_IMODE(file.stat().st_mode)
        except FileNotFoundError:
            continue
        if mode & 0o077:
            try:
                file.chmod(0o600)
            except OSError as exc:  # not the owner: say so, and let SQLite decide
                notes.append(
                    f"{file} can be read by others (mode {mode:04o}) and could not be made "
                    f"private: {exc.strerror}."
                )
                continue
            notes.append(f"Made {file} private: its mode was {mode:04o}, open to others; now 0600.")
    return notes


def _blocked(path: Path) -> str:
    """' (the folder F cannot be entered)' for the first folder above `path` in the way."""
    for folder in reversed(path.parents):
        if not os.access(folder, os.X_OK):
            return f" (the folder {folder} cannot be entered)"
    return ""
