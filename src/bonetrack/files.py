"""Files bonetrack writes for the user (calendar, visit summary, exports, backups).

Health data is written 0600, in folders only its owner can enter (0700). Files are
written beside their target and renamed into place, so a reader never sees half a
file and a failure leaves the old one (or none) as it was. The store uses this too
(backups), so it lives beside `clock.py`, outside the layers.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from bonetrack.errors import BonetrackError, InputError


def private_dir(directory: Path) -> None:
    """Create `directory` (and missing parents) 0700; an existing one is left as it is."""
    if directory.is_dir():
        return
    try:
        directory.mkdir(mode=0o700, parents=True)
        directory.chmod(0o700)  # mkdir's mode is reduced by the umask
    except FileExistsError:
        if not directory.is_dir():
            raise BonetrackError(
                f"cannot create the folder {directory}: a file is in the way."
            ) from None
    except OSError as exc:
        raise BonetrackError(f"cannot create the folder {directory}: {exc.strerror}.") from exc


def check_target(path: Path, *, force: bool = True, create_dir: bool = False) -> Path:
    """The file to write, refused (InputError) before anything is written: a folder, an
    existing file without `force`, or a missing folder (unless `create_dir`: it is made)."""
    target = path.expanduser()
    if not create_dir and not target.parent.is_dir():
        raise InputError(f"cannot write {path}: the folder {target.parent} does not exist.")
    if target.is_dir():
        raise InputError(f"cannot write {path}: it is a folder.")
    if not force and target.exists():
        raise InputError(f"{path} already exists: add --force to replace it.")
    return target


@contextmanager
def private_file(
    path: Path,
    *,
    force: bool = True,
    create_dir: bool = False,
    before_replacing: Callable[[], None] | None = None,
) -> Iterator[BinaryIO]:
    """A file to write, 0600, that becomes `path` only when the block succeeds.

    `before_replacing` runs once the data is written beside the target, just before
    it replaces it: what it stores is stored only when the file could be written.
    """
    target = check_target(path, force=force, create_dir=create_dir)
    private_dir(target.parent)
    try:
        # mkstemp creates the file 0600; os.replace keeps that mode on the target.
        fd, temp = tempfile.mkstemp(prefix=".bonetrack-", suffix=target.suffix, dir=target.parent)
    except OSError as exc:
        raise BonetrackError(f"cannot write {path}: {exc.strerror or exc}.") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
        if not force and target.exists():  # made meanwhile by another process
            raise InputError(f"{path} already exists: add --force to replace it.")
        if before_replacing is not None:
            before_replacing()
        os.replace(temp, target)
    except BaseException as exc:
        Path(temp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise BonetrackError(f"cannot write {path}: {exc.strerror or exc}.") from exc
        raise


def write_private(
    path: Path,
    data: bytes,
    before_replacing: Callable[[], None] | None = None,
    *,
    force: bool = True,
    create_dir: bool = False,
) -> None:
    """Write `data` to `path` with mode 0600, replacing it atomically (see `private_file`)."""
    with private_file(
        path, force=force, create_dir=create_dir, before_replacing=before_replacing
    ) as handle:
        handle.write(data)
