"""Files bonetrack writes for the user (calendar, visit summary): private, atomic."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path


def check_target(path: Path, *, force: bool = True) -> Path:
    """The file to write, refused (InputError) unless its folder exists and, without
    `force`, it does not exist yet."""
    from bonetrack.errors import InputError

    target = path.expanduser()
    if not target.parent.is_dir():
        raise InputError(f"cannot write {path}: the folder {target.parent} does not exist.")
    if target.is_dir():
        raise InputError(f"cannot write {path}: it is a folder.")
    if not force and target.exists():
        raise InputError(f"{path} already exists: add --force to replace it.")
    return target


def write_private(
    path: Path, data: bytes, before_replacing: Callable[[], None] | None = None
) -> None:
    """Write `data` to `path` with mode 0600, replacing it atomically (health data).

    `before_replacing` runs once the data is written beside the target, just before
    it replaces it: what it stores is stored only when the file could be written.
    """
    import os
    import tempfile

    from bonetrack.errors import BonetrackError

    target = check_target(path)
    try:
        # mkstemp creates the file 0600; os.replace keeps that mode on the target.
        fd, temp = tempfile.mkstemp(prefix=".bonetrack-", suffix=target.suffix, dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(temp, 0o600)
            if before_replacing is not None:
                before_replacing()
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise BonetrackError(f"cannot write {path}: {exc.strerror or exc}.") from exc
