"""`bonetrack import --from apple-health PATH`: the Health app's export.zip, its export.xml, or
the unzipped apple_health_export folder.

Not a command module: the `import` command calls `run`. The XML is found by its root
element (`HealthData`: its name is translated in some languages), streamed and
written as it is read, in one transaction: a record that cannot be read refuses the
whole import and nothing is written. DEXA and lab results among the clinical records
(FHIR JSON in `clinical-records/`) are imported as `scan import` imports them.
"""

from __future__ import annotations

import re
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import partial
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path
    from zipfile import ZipFile, ZipInfo

    from bonetrack.domain.fhir_dexa import FhirRead

APPLE_HEALTH_NOTE = "from Apple Health clinical records"
_CLINICAL = re.compile(r"(^|/)clinical-records/[^/]+\.json$", re.IGNORECASE)
_ZIP_MAGIC = b"PK\x03\x04"
# Enough of a file to see its root element past Apple's DTD (about 10 KB).
_HEAD_BYTES = 1 << 20
# Zip bombs: the Health app's export.xml deflates about 20 to 30 times (29x for
# bench/generate_exports.py's); a member that claims to expand more than this is refused
# before it is read, so a crafted zip cannot keep the import busy for hours. zipfile never
# returns more than a member's declared size, so the declared sizes are what must be checked.
MAX_ZIP_RATIO = 200
# Small members may compress as well as they like: they cannot take long to read.
_ZIP_RATIO_FROM = 1 << 20


@dataclass
class Source:
    """Where the export's parts are: the XML to stream, the clinical records to read."""

    xml_name: str
    size: int
    open_xml: Callable[[], IO[bytes]]
    clinical: list[tuple[str, Callable[[], IO[bytes]]]] = field(default_factory=list)


def run(path: str, *, dry_run: bool) -> None:
    from bonetrack import clock
    from bonetrack.cli import output, state
    from bonetrack.cli.progress import byte_progress
    from bonetrack.cli.scan_import import print_meanings, store_results
    from bonetrack.domain.apple_health import AppleHealthExport
    from bonetrack.domain.food import APPLE_HEALTH
    from bonetrack.errors import InputError
    from bonetrack.render.apple_health_import import apple_health_lines
    from bonetrack.store import journal
    from bonetrack.store.apple_health import write_apple_health
    from bonetrack.store.profile import load_profile

    db = state.database()
    profile = load_profile(db)
    now = clock.now()
    try:
        with ExitStack() as stack:
            source = stack.enter_context(_SourceContext(path))
            advance = stack.enter_context(byte_progress(source.size, "Reading Apple Health"))
            conn = stack.enter_context(db.connect() if dry_run else db.begin())
            # One change in the journal: `bonetrack undo` takes the whole import back.
            stack.enter_context(journal.change(conn))
            stream = stack.enter_context(source.open_xml())
            export = AppleHealthExport(stream, now, birth_year=profile.birth_year, progress=advance)
            tally = write_apple_health(conn, export, path, now, write=not dry_run)
            clinical = _clinical_records(source)
            outcome = store_results(
                conn, profile, clinical, now.date(), APPLE_HEALTH, APPLE_HEALTH_NOTE, dry_run
            )
    except InputError as exc:
        raise InputError(f"{path}: {exc.message} Nothing was imported.") from None
    for line in apple_health_lines(
        path, source.xml_name, export, tally, clinical, outcome, dry_run=dry_run
    ):
        output.line(line)
    if not dry_run:
        print_meanings(db, sorted({s.scan_date for s in outcome.added_scans}))


class _SourceContext:
    """The export at `path` (a zip, an XML file, or a folder), found and opened; closed after."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._zip: ZipFile | None = None

    def __enter__(self) -> Source:
        from pathlib import Path

        from bonetrack.errors import InputError

        target = Path(self.path).expanduser()
        try:
            if target.is_dir():
                return _folder_source(target)
            with target.open("rb") as probe:
                magic = probe.read(len(_ZIP_MAGIC))
            if magic == _ZIP_MAGIC:
                return self._zip_source(target)
            return _xml_source(target, target.name)
        except FileNotFoundError:
            raise InputError("no such file.") from None
        except IsADirectoryError:
            raise InputError("cannot be read (a folder).") from None
        except OSError as exc:
            raise InputError(f"cannot be read ({exc.strerror or exc}).") from None

    def __exit__(self, *_exc: object) -> None:
        if self._zip is not None:
            self._zip.close()

    def _zip_source(self, target: Path) -> Source:
        import zipfile

        from bonetrack.errors import InputError

        try:
            archive = self._zip = zipfile.ZipFile(target)
            members = archive.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
            raise InputError(f"not a readable zip file ({exc}).") from None
        # Shallowest first: apple_health_export/export.xml before anything deeper.
        candidates = sorted(
            (m for m in members if _xml_candidate(m.filename) and not m.is_dir()),
            key=lambda m: (m.filename.count("/"), m.filename),
        )
        for member in candidates:
            if _is_health_data(partial(_zip_open, archive, member)):
                return Source(
                    member.filename,
                    member.file_size,
                    partial(_zip_open, archive, member),
                    [
                        (c.filename, partial(_zip_open, archive, c))
                        for c in members
                        if _CLINICAL.search(c.filename) and not c.is_dir()
                    ],
                )
        raise InputError(
            "no Apple Health export in this zip (no XML file whose root element is HealthData)."
        )


def _xml_candidate(name: str) -> bool:
    base = name.rsplit("/", 1)[-1]
    # macOS keeps resource forks as __MACOSX/._name beside the real files.
    return name.lower().endswith(".xml") and not base.startswith("._") and "__MACOSX/" not in name


def _zip_open(archive: ZipFile, member: ZipInfo) -> IO[bytes]:
    import zipfile

    from bonetrack.errors import InputError

    if member.file_size > _ZIP_RATIO_FROM and member.file_size > MAX_ZIP_RATIO * max(
        member.compress_size, 1
    ):
        raise InputError(
            f"{member.filename}: expands {member.file_size // max(member.compress_size, 1)} "
            f"times when unzipped (at most {MAX_ZIP_RATIO}): not an export the Health app writes."
        )
    try:
        return archive.open(member)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError) as exc:
        # RuntimeError: an encrypted member; NotImplementedError: an unknown compression
        raise InputError(f"{member.filename}: cannot be read ({exc}).") from None


def _is_health_data(open_member: Callable[[], IO[bytes]]) -> bool:
    from bonetrack.domain.xml_stream import root_element

    with open_member() as stream:
        return root_element(stream.read(_HEAD_BYTES)) == "HealthData"


def _xml_source(target: Path, name: str) -> Source:
    """An export.xml (any name); the clinical-records folder beside it, if there is one."""
    from bonetrack.errors import InputError

    if not _is_health_data(partial(_open, target)):
        raise InputError(
            "not an Apple Health export: neither a zip nor an XML file whose root element is "
            "HealthData."
        )
    return Source(
        name,
        target.stat().st_size,
        partial(_open, target),
        _clinical_folder(target.parent),
    )


def _folder_source(folder: Path) -> Source:
    """The unzipped apple_health_export folder: its HealthData XML, whatever its name."""
    from bonetrack.errors import InputError

    for candidate in sorted(p for p in folder.iterdir() if p.suffix.lower() == ".xml"):
        opener = partial(_open_no_follow, candidate)
        if candidate.is_file() and not candidate.is_symlink() and _is_health_data(opener):
            return Source(
                candidate.name, candidate.stat().st_size, opener, _clinical_folder(folder)
            )
    raise InputError("no Apple Health export.xml in this folder.")


def _clinical_folder(folder: Path) -> list[tuple[str, Callable[[], IO[bytes]]]]:
    """The JSON files of `folder`/clinical-records; links are not followed."""
    records = folder / "clinical-records"
    if not records.is_dir() or records.is_symlink():
        return []
    return [
        (f"clinical-records/{p.name}", partial(_open_no_follow, p))
        for p in sorted(records.iterdir())
        if p.suffix.lower() == ".json" and not p.is_symlink() and p.is_file()
    ]


def _open(path: Path) -> IO[bytes]:
    return path.open("rb")


def _open_no_follow(path: Path) -> IO[bytes]:
    import os

    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    return os.fdopen(fd, "rb")


def _clinical_records(source: Source) -> FhirRead:
    """What every clinical record holds; InputError for one that is not FHIR JSON."""
    from bonetrack.cli.scan_import import MAX_FHIR_BYTES
    from bonetrack.domain.fhir_dexa import FhirRead, read_fhir_json
    from bonetrack.errors import InputError

    found = FhirRead()
    for name, open_record in source.clinical:
        with open_record() as stream:
            data = stream.read(MAX_FHIR_BYTES + 1)
        if len(data) > MAX_FHIR_BYTES:
            raise InputError(f"{name}: larger than {MAX_FHIR_BYTES >> 20} MB, not a FHIR record.")
        try:
            found.extend(read_fhir_json(data, name))
        except InputError as exc:
            raise InputError(f"{name}: {exc.message}") from None
    return found
