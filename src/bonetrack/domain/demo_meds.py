"""The demo's medicine and lab results: a weekly alendronate tablet and a few lab values.

Pure and seeded like `domain/demo.py`, with its own random stream (so the supplement
history, and the numbers pinned on it, do not change). The person starts weekly
alendronate (70 mg on Mondays, on waking, an hour before the breakfast calcium)
two months into the sample and sometimes forgets it, then takes it on Tuesday
morning as the label says. Her vitamin D level rises as she keeps taking vitamin D;
her turnover markers, always from the same lab, fall on the bisphosphonate.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bonetrack.domain.labs import LabResult, get_test, new_result, parse_lab_value
from bonetrack.domain.medicines import WEEKLY, MedicineVersion

DEMO_LAB = "City Hospital Lab"
ALENDRONATE_MCG = 70_000.0


@dataclass(frozen=True, slots=True)
class DemoDose:
    medicine: str
    amount_mcg: float
    local: datetime  # naive local wall-clock time


@dataclass(frozen=True)
class MedicineDemo:
    versions: tuple[MedicineVersion, ...]
    doses: tuple[DemoDose, ...]
    labs: tuple[LabResult, ...]


def _lab(test: str, text: str, day: date, lab: str | None) -> LabResult:
    info = get_test(test)
    return new_result(info, parse_lab_value(info, text), day, lab=lab, source="demo")


def generate_medicine_demo(start: date, now: datetime, seed: int) -> MedicineDemo:
    """Alendronate from the first Monday two months after `start`, and lab results, up to `now`."""
    rng = random.Random(f"medicines-{seed}")
    now = now.replace(tzinfo=None)
    end = now.date()
    first = start + timedelta(days=60)
    first += timedelta(days=-first.weekday() % 7)  # a Monday
    versions: tuple[MedicineVersion, ...] = ()
    doses: list[DemoDose] = []
    if first <= end:
        versions = (MedicineVersion("alendronate", ALENDRONATE_MCG, WEEKLY, 0, "oral", 30, first),)
        monday = first
        while monday <= end:
            minute = 6 * 60 + 40 + round(max(-10.0, min(10.0, rng.gauss(0.0, 5.0))))
            if rng.random() < 0.92:
                day = monday
            elif rng.random() < 0.5:
                day = monday + timedelta(days=1)  # forgot: the next morning, as the label says
            else:
                day = None
            if day is not None:
                local = datetime.combine(day, time(minute // 60, minute % 60))
                if local <= now:
                    doses.append(DemoDose("alendronate", ALENDRONATE_MCG, local))
            monday += timedelta(days=7)
    labs: list[LabResult] = []
    level = 17.0 + rng.randint(0, 3)
    day = start + timedelta(days=30)
    while day <= end:
        labs.append(_lab("25ohd", f"{level:.0f}ng/mL", day, DEMO_LAB))
        level = min(level + rng.randint(3, 6), 38.0)
        day += timedelta(days=182)
    ctx, p1np = 0.50 + rng.randint(0, 10) / 100, 55.0 + rng.randint(0, 10)
    for day in (first - timedelta(days=14), first + timedelta(days=180)):
        if day <= end:
            labs.append(_lab("ctx", f"{ctx:.2f}ng/mL", day, DEMO_LAB))
            labs.append(_lab("p1np", f"{p1np:.0f}ng/mL", day, DEMO_LAB))
            ctx, p1np = ctx * 0.55, p1np * 0.65
    labs.sort(key=lambda r: r.taken_on)
    return MedicineDemo(versions, tuple(doses), tuple(labs))
