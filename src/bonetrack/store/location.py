"""Where the database lives, and making its file private. No SQLAlchemy here.

First that applies: `--db PATH_OR_URL`, `BONETRACK_DB`, else `bonetrack.db` in
the platform's user data directory. A value with `://` is a SQLAlchemy URL.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from bonetrack.errors import InputError, StoreError

ENV_VAR = "BONETRACK_DB"
FILE_NAME = "bonetrack.db"
_SQLITE_URL = re.compile(r"^sqlite(?:\+\w+)?://(?:/(?P<path>[^?]*))?")


@dataclass(frozen=True)
class Location:
    url: str
    # The SQLite file behind the URL; None for in-memory or server databases.
    path: Path | None

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
    value = value.strip()
    if "://" not in value:
        path = Path(value).expanduser().absolute()
        return Location(url=f"sqlite:///{path}", path=path)
    match = _SQLITE_URL.match(value)
    if match is None:
        return Location(url=value, path=None)
    raw = match.group("path")
    if not raw or raw == ":memory:":
        return Location(url=value, path=None)
    return Location(url=value, path=Path(raw).expanduser().absolute())


def prepare_sqlite_file(path: Path) -> None:
    """Create the file 0600 (and a missing directory 0700) before SQLite opens it.

    SQLite gives its -wal and -shm files the database file's permissions.
    """
    if path.is_dir():
        raise StoreError(f"{path} is a directory, not a database file.")
    directory = path.parent
    try:
        if not directory.exists():
            directory.mkdir(mode=0o700, parents=True)
            directory.chmod(0o700)  # mkdir's mode is reduced by the umask
        if not path.exists():
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            os.close(fd)
            path.chmod(0o600)
    except FileExistsError:
        pass  # created by a concurrent bonetrack process: fine
    except OSError as exc:
        raise StoreError(f"cannot create the database at {path}: {exc.strerror}.") from exc
