"""DEXA scan rows (one per site and date), per-site LSC settings, the profile years they use."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from bonetrack.domain.dexa import (
    LSC_PREFIX,
    SITE_NAMES,
    Lsc,
    SiteScan,
    default_lsc,
    parse_lsc,
)
from bonetrack.errors import BonetrackError, InputError
from bonetrack.store import journal
from bonetrack.store.schema import scans

if TYPE_CHECKING:
    from sqlalchemy import Connection, Row

    from bonetrack.domain.dexa import Interpretation, Visit
    from bonetrack.store.engine import Database

BIRTH_YEAR_KEY = "profile.birth_year"
MENOPAUSE_YEAR_KEY = "profile.menopause_year"


def _scan(row: Row[Any]) -> SiteScan:
    m = row._mapping
    return SiteScan(
        scan_date=m["scan_date"],
        site=m["site"],
        bmd=m["bmd"],
        t_score=m["t_score"],
        z_score=m["z_score"],
        machine=m["machine"],
        facility=m["facility"],
        note=m["note"],
    )


def _values(scan: SiteScan, created_at: datetime) -> dict[str, Any]:
    return {
        "scan_date": scan.scan_date,
        "site": scan.site,
        "bmd": scan.bmd,
        "t_score": scan.t_score,
        "z_score": scan.z_score,
        "machine": scan.machine,
        "facility": scan.facility,
        "note": scan.note,
        "created_at": created_at,
    }


def insert_scans(conn: Connection, new: Sequence[SiteScan]) -> None:
    """Insert inside the caller's transaction; a (date, site) already stored is an InputError."""
    from sqlalchemy import select, tuple_

    if not new:
        return
    keys = [(s.scan_date, s.site) for s in new]
    taken = conn.execute(
        select(scans.c.scan_date, scans.c.site).where(
            tuple_(scans.c.scan_date, scans.c.site).in_(keys)
        )
    ).first()
    if taken is not None:
        day, site = taken
        raise InputError(
            f"a {site} result for {day.isoformat()} is already recorded; delete it first with "
            f"`bonetrack scan delete {day.isoformat()} --site {site}`."
        )
    now = datetime.now(UTC)
    journal.insert_rows(conn, scans, [_values(s, now) for s in new])


def merge_scans(conn: Connection, new: Sequence[SiteScan], *, write: bool) -> list[SiteScan]:
    """Store the results not stored yet (inside the caller's transaction); the ones stored.

    A result already stored for its date and site with the same BMD, T- and Z-score is
    left as it is (an import run twice adds nothing); one with other values is an
    InputError, as in `scan add`. With `write=False` (a dry run) nothing is written.
    """
    from sqlalchemy import select, tuple_

    if not new:
        return []
    keys = [(s.scan_date, s.site) for s in new]
    stored = {
        (row.scan_date, row.site): row
        for row in conn.execute(
            select(scans).where(tuple_(scans.c.scan_date, scans.c.site).in_(keys))
        )
    }
    added = []
    for scan in new:
        row = stored.get((scan.scan_date, scan.site))
        if row is None:
            added.append(scan)
            continue
        ours = (row.bmd, row.t_score, row.z_score)
        if ours != (scan.bmd, scan.t_score, scan.z_score):
            day = scan.scan_date.isoformat()
            raise InputError(
                f"a {scan.site} result for {day} is already recorded with other values; "
                f"delete it first with `bonetrack scan delete {day} --site {scan.site}`."
            )
    if write and added:
        now = datetime.now(UTC)
        journal.insert_rows(conn, scans, [_values(s, now) for s in added])
    return added


def add_scan(db: Database, scan: SiteScan) -> None:
    with db.begin() as conn, journal.change(conn):
        insert_scans(conn, [scan])


def list_scans(db: Database, site: str | None = None) -> list[SiteScan]:
    """Oldest first, then by site name."""
    from sqlalchemy import select

    query = select(scans).order_by(scans.c.scan_date, scans.c.site)
    if site is not None:
        query = query.where(scans.c.site == site)
    with db.connect() as conn:
        return [_scan(row) for row in conn.execute(query)]


def scans_on(db: Database, day: date) -> list[SiteScan]:
    from sqlalchemy import select

    query = select(scans).where(scans.c.scan_date == day).order_by(scans.c.site)
    with db.connect() as conn:
        return [_scan(row) for row in conn.execute(query)]


def scan_dates(db: Database) -> list[date]:
    from sqlalchemy import select

    query = select(scans.c.scan_date).distinct().order_by(scans.c.scan_date)
    with db.connect() as conn:
        return [row[0] for row in conn.execute(query)]


def last_scan_date(db: Database) -> date | None:
    from sqlalchemy import func, select

    with db.connect() as conn:
        value = conn.execute(select(func.max(scans.c.scan_date))).scalar()
    return value if isinstance(value, date) else None


def delete_scans(db: Database, day: date, site: str | None = None) -> int:
    """Delete the scan rows of `day` (only `site` when given); the number deleted."""
    where = scans.c.scan_date == day
    if site is not None:
        where = where & (scans.c.site == site)
    return journal.delete_rows(db, scans, where)


# --- settings this feature reads and writes ---------------------------------


def get_lscs(db: Database) -> dict[str, Lsc | None]:
    """Every site's LSC: the user's setting, else the fact sheet's default, else None."""
    from bonetrack.store.settings import settings_with_prefix

    stored = settings_with_prefix(db, LSC_PREFIX)
    result: dict[str, Lsc | None] = {}
    for site in SITE_NAMES:
        text = stored.get(LSC_PREFIX + site)
        if text is None:
            result[site] = default_lsc(site)
            continue
        try:
            result[site] = parse_lsc(text)
        except InputError:
            raise BonetrackError(
                f"setting {LSC_PREFIX}{site} holds '{text}', not an LSC; set it again with "
                f"`bonetrack scan lsc {site} VALUE`."
            ) from None
    return result


def set_lsc(db: Database, site: str, lsc: Lsc | None) -> None:
    """Store the user's LSC for `site`; None goes back to the default."""
    from bonetrack.store.settings import delete_setting, set_setting

    if lsc is None:
        delete_setting(db, LSC_PREFIX + site)
    else:
        set_setting(db, LSC_PREFIX + site, lsc.setting_value)


def interpreted_visits(db: Database) -> list[tuple[Visit, Interpretation]]:
    """Every scan visit, oldest first, read with the profile and the recorded fractures."""
    from bonetrack.domain.dexa import group_visits, interpret_visits
    from bonetrack.store.events import fractures
    from bonetrack.store.profile import load_profile

    profile = load_profile(db)
    visits = group_visits(list_scans(db))
    interps = interpret_visits(
        visits,
        birth_year=profile.birth_year,
        fractures=fractures(db),
        sex=profile.sex,
        menopause_year=profile.menopause_year,
    )
    return list(zip(visits, interps, strict=True))
