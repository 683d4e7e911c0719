"""Sample DEXA visits and bone events for `bonetrack demo`: seeded, pure, repeatable.

Two or three visits over the demo period on one machine, three or four sites,
and one real change: the lumbar spine loses more than its LSC (5.3%) between the
first two visits, while every other change stays inside its site's LSC.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from bonetrack.domain.dexa import SiteScan
from bonetrack.domain.events import BoneEvent

# Young-adult reference mean and SD per site (g/cm²), roughly those of a common
# densitometer's female reference data: only used to make demo T-scores agree
# with the demo BMD values, never to interpret anybody's scan.
_REFERENCE: dict[str, tuple[float, float]] = {
    "lumbar-spine": (1.047, 0.110),
    "total-hip": (0.942, 0.122),
    "femoral-neck": (0.858, 0.120),
    "forearm": (0.686, 0.059),
}
# Age-matched Z-scores of a woman in her early sixties sit about this far above her T-scores.
_Z_OFFSET = 0.9
MACHINE = "Hologic Horizon A"
FACILITY = "City Hospital, radiology"


@dataclass(frozen=True)
class BoneDemo:
    scans: tuple[SiteScan, ...]
    events: tuple[BoneEvent, ...]


def _visit_dates(rng: random.Random, start: date, end: date) -> list[date]:
    span = (end - start).days
    if span < 1:
        return [end]
    if span < 90:
        return [start, end]
    first = start + timedelta(days=rng.randint(20, 40))
    last = end - timedelta(days=rng.randint(20, 50))
    if span < 600:
        return [first, last]
    middle = first + timedelta(days=(last - first).days // 2) + timedelta(days=rng.randint(-15, 15))
    return [first, middle, last]


def _scan(day: date, site: str, bmd: float, *, note: str | None = None) -> SiteScan:
    mean, sd = _REFERENCE[site]
    bmd = round(bmd, 3)
    t_score = round((bmd - mean) / sd, 1)
    return SiteScan(
        scan_date=day,
        site=site,
        bmd=bmd,
        t_score=t_score,
        z_score=round(t_score + _Z_OFFSET, 1),
        machine=MACHINE,
        facility=FACILITY,
        note=note,
    )


def generate_bone_demo(start: date, end: date, *, seed: int, tz: tzinfo) -> BoneDemo:
    """Scan visits and events between `start` and `end` (inclusive; `end` is today).

    Events are dated at least a day before `end`, so none is in the future
    whatever the time of day the demo runs.
    """
    rng = random.Random(f"bone-demo-{seed}")
    days = _visit_dates(rng, start, end)
    base_t = {
        "lumbar-spine": rng.uniform(-2.0, -1.6),
        "total-hip": rng.uniform(-1.4, -1.0),
        "femoral-neck": rng.uniform(-1.9, -1.5),
        "forearm": rng.uniform(-1.2, -0.6),
    }
    base = {site: _REFERENCE[site][0] + t * _REFERENCE[site][1] for site, t in base_t.items()}
    spine_loss = rng.uniform(6.0, 6.8)  # beyond the spine's 5.3% LSC
    scans: list[SiteScan] = []
    for index, day in enumerate(days):
        for site in ("lumbar-spine", "total-hip", "femoral-neck"):
            if site == "lumbar-spine":
                factor = 1.0 if index == 0 else 1 - spine_loss / 100
                factor *= 1 + (rng.uniform(0.2, 0.5) / 100 if index >= 2 else 0.0)
            else:
                # drift of at most 1.8% per visit: 3.6% at most in total, inside 5.0% and 6.9%
                factor = 1.0 if index == 0 else 1 - index * rng.uniform(0.4, 1.8) / 100
            note = (
                "first scan after starting K2 (MK-7)"
                if index == 0 and site == "total-hip"
                else None
            )
            scans.append(_scan(day, site, base[site] * factor, note=note))
        if index == 0:
            scans.append(_scan(day, "forearm", base["forearm"]))

    def at(day: date, hour: int, minute: int) -> datetime:
        day = max(start, min(day, end - timedelta(days=1)))
        return datetime.combine(day, time(hour, minute), tzinfo=tz)

    def event(
        kind: str, when: datetime, note: str, site: str | None = None, severity: int | None = None
    ) -> BoneEvent:
        return BoneEvent(
            id=None,
            kind=kind,
            occurred_at=when,
            local_date=when.date(),
            site=site,
            severity=severity,
            note=note,
            source="demo",
        )

    span = max((end - start).days, 1)
    events = [
        event(
            "checkin",
            at(days[0] + timedelta(days=10), 10, 15),
            note="went through the DEXA results; keep K2, calcium, vitamin D; add strength work",
        ),
        event(
            "fall",
            at(start + timedelta(days=span * 2 // 5), 17, 40),
            site="left hip",
            severity=3,
            note="slipped on a wet kitchen floor; bruise, no fracture",
        ),
        event(
            "checkin",
            at(end - timedelta(days=rng.randint(80, 100)), 9, 30),
            note="blood pressure fine; next DEXA as planned",
        ),
        event(
            "pain",
            at(end - timedelta(days=rng.randint(12, 25)), 20, 5),
            site="lower back",
            severity=rng.randint(2, 5),
            note="ache after gardening, gone in two days",
        ),
        event(
            "mobility",
            at(end - timedelta(days=rng.randint(3, 8)), 19, 0),
            severity=1,
            note="stairs easier since the strength sessions",
        ),
    ]
    events.sort(key=lambda e: e.occurred_at)
    return BoneDemo(scans=tuple(scans), events=tuple(events))
