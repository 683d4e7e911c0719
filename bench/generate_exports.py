"""Realistic exports from other apps, to benchmark importing them.

    .venv/bin/python bench/generate_exports.py apple-health --size 100MB [--zip] [--out PATH]
    .venv/bin/python bench/generate_exports.py cronometer --years 10 [--out DIR]

Apple Health: an export.xml of about --size bytes, as the Health app writes one: the DTD of
export version 14, then days of records in the proportions of a real 3.1 GB export (7.4 M
records of 93 types, dominated by watch telemetry: active and basal energy, heart rate, steps,
distance; heart-rate records with metadata, HRV records with per-beat lists, sleep stages),
one activity summary a day, a workout most days with its statistics, metadata, events and
route, and food: about 12 dietary records a day (calcium, vitamin D, vitamin K among energy,
protein, fat...) written both inside a food Correlation and again at the top level, as Apple
does. About 1% of the records are of the kinds bonetrack reads. With --zip, an export.zip as
the Health app shares it (apple_health_export/export.xml, export_cda.xml, clinical records).

Cronometer: the three CSV files of "Export Data" for --years of daily use: servings (one row
per food or supplement eaten, about 9 a day), the daily nutrition summary (one row a day) and
exercises. Columns, units in the headers and number formats as Cronometer writes them.

Everything goes under bench/data/ (gitignored) unless --out says otherwise. Seeded: the same
arguments give the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

DATA = Path(__file__).parent / "data"
Q = "HKQuantityTypeIdentifier"
C = "HKCategoryTypeIdentifier"
WATCH = "Jane&#8217;s Apple Watch"
PHONE = "Jane&#8217;s iPhone"
WATCH_DEVICE = (
    "&lt;&lt;HKDevice: 0x2830f1b80&gt;, name:Apple Watch, manufacturer:Apple Inc., "
    "model:Watch, hardware:Watch6,2, software:10.3&gt;"
)
PHONE_DEVICE = (
    "&lt;&lt;HKDevice: 0x2830f1a40&gt;, name:iPhone, manufacturer:Apple Inc., model:iPhone, "
    "hardware:iPhone14,5, software:17.3&gt;"
)
DTD = (
    Path(__file__).parent.parent / "tests" / "fixtures" / "apple_health" / "export.xml"
).read_text()
HEAD = DTD[: DTD.index("<HealthData")]


def when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S +0100")


def record(
    kind: str,
    source: str,
    start: datetime,
    end: datetime,
    value: object,
    unit: str | None = None,
    device: str | None = None,
    children: str = "",
) -> str:
    attrs = f'type="{kind}" sourceName="{source}" sourceVersion="10.3"'
    if device:
        attrs += f' device="{device}"'
    if unit:
        attrs += f' unit="{unit}"'
    attrs += (
        f' creationDate="{when(end + timedelta(seconds=31))}" startDate="{when(start)}"'
        f' endDate="{when(end)}" value="{value}"'
    )
    if children:
        return f" <Record {attrs}>\n{children} </Record>\n"
    return f" <Record {attrs}/>\n"


FOODS = [
    # energy kcal, protein g, fat g, carbs g, calcium mg, vitamin D mcg, vitamin K mcg
    ("Yoghurt", 150, 9, 4, 17, 290, 0.1, 0.4),
    ("Spinach", 23, 3, 0.4, 3.6, 99, 0, 483),
    ("Salmon", 208, 20, 13, 0, 12, 11, 0.1),
    ("Cheddar", 403, 25, 33, 1.3, 721, 0.6, 2.4),
    ("Bread", 265, 9, 3.2, 49, 260, 0, 0.8),
    ("Kale", 49, 4.3, 0.9, 9, 150, 0, 390),
    ("Egg", 155, 13, 11, 1.1, 56, 2, 0.3),
]


def day_records(rng: random.Random, day: date, with_food: bool) -> Iterator[str]:
    midnight = datetime(day.year, day.month, day.day)
    # watch telemetry: energy every few minutes, heart rate, steps, distance
    for minute in range(6 * 60, 23 * 60, 4):
        start = midnight + timedelta(minutes=minute)
        end = start + timedelta(minutes=1)
        value = round(rng.uniform(0.05, 2.5), 3)
        yield record(Q + "ActiveEnergyBurned", WATCH, start, end, value, "Cal", WATCH_DEVICE)
        if minute % 8 == 0:
            basal = round(rng.uniform(1.0, 1.4), 3)
            yield record(Q + "BasalEnergyBurned", WATCH, start, end, basal, "Cal", WATCH_DEVICE)
        if minute % 12 == 0:
            bpm = rng.randint(55, 130)
            meta = '  <MetadataEntry key="HKMetadataKeyHeartRateMotionContext" value="0"/>\n'
            yield record(Q + "HeartRate", WATCH, start, start, bpm, "count/min", WATCH_DEVICE, meta)
        if minute % 20 == 0:
            steps = rng.randint(20, 900)
            yield record(Q + "StepCount", PHONE, start, end, steps, "count", PHONE_DEVICE)
            distance = round(steps * 0.00072, 5)
            yield record(Q + "DistanceWalkingRunning", PHONE, start, end, distance, "km")
    night = midnight + timedelta(hours=2)
    beats = "".join(
        f'   <InstantaneousBeatsPerMinute bpm="{rng.randint(50, 70)}" time="2:1{i}:0{i}.41 AM"/>\n'
        for i in range(8)
    )
    hrv = f"  <HeartRateVariabilityMetadataList>\n{beats}  </HeartRateVariabilityMetadataList>\n"
    yield record(
        Q + "HeartRateVariabilitySDNN", WATCH, night, night + timedelta(minutes=1),
        round(rng.uniform(25, 80), 2), "ms", WATCH_DEVICE, hrv,
    )  # fmt: skip
    stage_start = midnight + timedelta(minutes=30)
    for stage in ("Core", "Deep", "Core", "REM", "Core", "REM", "Core"):
        stage_end = stage_start + timedelta(minutes=rng.randint(20, 80))
        yield record(
            C + "SleepAnalysis", WATCH, stage_start, stage_end,
            f"HKCategoryValueSleepAnalysisAsleep{stage}",
        )  # fmt: skip
        stage_start = stage_end
    if with_food:
        yield from meals(rng, midnight)
    if rng.random() < 0.7:
        yield workout(rng, midnight)
    if rng.random() < 0.002:
        fall = midnight + timedelta(hours=rng.randint(8, 20))
        yield record(Q + "NumberOfTimesFallen", WATCH, fall, fall, 1, "count", WATCH_DEVICE)
    yield (
        f' <ActivitySummary dateComponents="{day.isoformat()}" activeEnergyBurned="'
        f'{rng.randint(200, 700)}" activeEnergyBurnedGoal="500" activeEnergyBurnedUnit="Cal" '
        f'appleMoveTime="0" appleMoveTimeGoal="0" appleExerciseTime="{rng.randint(5, 80)}" '
        'appleExerciseTimeGoal="30" appleStandHours="11" appleStandHoursGoal="12"/>\n'
    )


def meals(rng: random.Random, midnight: datetime) -> Iterator[str]:
    """Two logged foods a day, their nutrients in a food Correlation and again at the top."""
    for hour in (8, 19):
        at = midnight + timedelta(hours=hour, minutes=rng.randint(0, 50))
        name, kcal, protein, fat, carbs, calcium, vit_d, vit_k = rng.choice(FOODS)
        portion = rng.choice((0.5, 1.0, 1.5))
        amounts = (
            ("EnergyConsumed", kcal, "Cal"),
            ("Protein", protein, "g"),
            ("FatTotal", fat, "g"),
            ("Carbohydrates", carbs, "g"),
            ("Calcium", calcium, "mg"),
            ("VitaminD", vit_d, "mcg"),
            ("VitaminK", vit_k, "mcg"),
        )
        nutrients = [
            record(f"{Q}Dietary{kind}", "MyFitnessPal", at, at, round(amount * portion, 2), unit)
            for kind, amount, unit in amounts
        ]
        yield (
            f' <Correlation type="HKCorrelationTypeIdentifierFood" sourceName="MyFitnessPal" '
            f'sourceVersion="24.12.0" creationDate="{when(at)}" startDate="{when(at)}" '
            f'endDate="{when(at)}">\n  <MetadataEntry key="HKFoodType" value="{name}"/>\n'
            + "".join(" " + n for n in nutrients)
            + " </Correlation>\n"
        )
        yield from nutrients


ACTIVITIES = ("Walking", "TraditionalStrengthTraining", "Yoga", "Cycling", "Running", "TaiChi")


def workout(rng: random.Random, midnight: datetime) -> str:
    start = midnight + timedelta(hours=rng.randint(7, 19), minutes=rng.randint(0, 59))
    minutes = rng.uniform(15, 70)
    end = start + timedelta(minutes=minutes)
    activity = rng.choice(ACTIVITIES)
    span = f'startDate="{when(start)}" endDate="{when(end)}"'
    return (
        f' <Workout workoutActivityType="HKWorkoutActivityType{activity}" duration="{minutes}" '
        f'durationUnit="min" sourceName="{WATCH}" sourceVersion="10.3" device="{WATCH_DEVICE}" '
        f'creationDate="{when(end)}" {span}>\n'
        '  <MetadataEntry key="HKIndoorWorkout" value="0"/>\n'
        '  <MetadataEntry key="HKTimeZone" value="Europe/Amsterdam"/>\n'
        f'  <WorkoutEvent type="HKWorkoutEventTypeSegment" date="{when(start)}" '
        f'duration="{minutes}" durationUnit="min"/>\n'
        f'  <WorkoutStatistics type="{Q}ActiveEnergyBurned" {span} sum="{rng.randint(80, 400)}" '
        'unit="Cal"/>\n'
        f'  <WorkoutStatistics type="{Q}HeartRate" {span} average="{rng.randint(90, 140)}" '
        'minimum="80" maximum="160" unit="count/min"/>\n'
        f'  <WorkoutRoute sourceName="{WATCH}" sourceVersion="10.3" creationDate="{when(end)}" '
        f'{span}>\n   <FileReference path="/workout-routes/route_{start:%Y-%m-%d_%H.%M}am.gpx"/>\n'
        "  </WorkoutRoute>\n </Workout>\n"
    )


def write_apple_health(out: Path, size: int, seed: int) -> tuple[int, int]:
    """Write about `size` bytes; (bytes written, days covered)."""
    rng = random.Random(seed)
    day = date(2026, 11, 1)
    written = 0
    with out.open("w", encoding="utf-8", newline="\n") as f:
        header = (
            f'{HEAD}<HealthData locale="en_GB">\n <ExportDate value="2026-11-20 09:12:44 +0100"/>\n'
            ' <Me HKCharacteristicTypeIdentifierDateOfBirth="1958-06-02" '
            'HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale" '
            'HKCharacteristicTypeIdentifierBloodType="HKBloodTypeNotSet" '
            'HKCharacteristicTypeIdentifierFitzpatrickSkinType="HKFitzpatrickSkinTypeNotSet" '
            'HKCharacteristicTypeIdentifierCardioFitnessMedicationsUse="None"/>\n'
        )
        f.write(header)
        written += len(header.encode())
        count = 0
        while written < size:
            # newest days last, as exports are roughly in time order; backwards from Nov 2026
            chunk = "".join(day_records(rng, day, with_food=rng.random() < 0.8))
            f.write(chunk)
            written += len(chunk.encode())
            count += 1
            day -= timedelta(days=1)
        f.write("</HealthData>\n")
    return written, count


def zip_export(xml: Path, out: Path) -> None:
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        zf.write(xml, "apple_health_export/export.xml")
        zf.writestr(
            "apple_health_export/export_cda.xml", "<?xml version='1.0'?><ClinicalDocument/>"
        )


# --- Cronometer ---------------------------------------------------------------

# The nutrient columns of Cronometer's exports, units in the headers, in its order.
NUTRIENTS = [
    "Energy (kcal)", "Alcohol (g)", "Caffeine (mg)", "Water (g)", "B1 (Thiamine) (mg)",
    "B2 (Riboflavin) (mg)", "B3 (Niacin) (mg)", "B5 (Pantothenic Acid) (mg)",
    "B6 (Pyridoxine) (mg)", "B12 (Cobalamin) (µg)", "Biotin (µg)", "Choline (mg)",
    "Folate (µg)", "Vitamin A (µg)", "Vitamin C (mg)", "Vitamin D (IU)", "Vitamin E (mg)",
    "Vitamin K (µg)", "Calcium (mg)", "Chromium (µg)", "Copper (mg)", "Fluoride (µg)",
    "Iodine (µg)", "Iron (mg)", "Magnesium (mg)", "Manganese (mg)", "Molybdenum (µg)",
    "Phosphorus (mg)", "Potassium (mg)", "Selenium (µg)", "Sodium (mg)", "Zinc (mg)",
    "Carbs (g)", "Fiber (g)", "Starch (g)", "Sugars (g)", "Added Sugars (g)", "Net Carbs (g)",
    "Fat (g)", "Cholesterol (mg)", "Monounsaturated (g)", "Polyunsaturated (g)",
    "Saturated (g)", "Trans-Fats (g)", "Omega-3 (g)", "Omega-6 (g)", "Cystine (g)",
    "Histidine (g)", "Isoleucine (g)", "Leucine (g)", "Lysine (g)", "Methionine (g)",
    "Phenylalanine (g)", "Protein (g)", "Threonine (g)", "Tryptophan (g)", "Tyrosine (g)",
    "Valine (g)",
]  # fmt: skip
SERVINGS_HEADER = ["Day", "Time", "Group", "Food Name", "Amount", *NUTRIENTS, "Category"]
DAILY_HEADER = ["Date", *NUTRIENTS, "Completed"]
EXERCISE_HEADER = ["Day", "Time", "Group", "Exercise", "Minutes", "Calories Burned"]
SUPPLEMENT = {"Vitamin K (µg)": 180.0, "Vitamin D (IU)": 1000.0}


def clock_text(hour: int, minute: int) -> str:
    """'8:05 AM', '12:40 PM', as Cronometer writes times."""
    return f"{hour % 12 or 12}:{minute:02d} {'AM' if hour < 12 else 'PM'}"


def serving(rng: random.Random, portion: float) -> dict[str, float]:
    name, kcal, protein, fat, carbs, calcium, vit_d, vit_k = rng.choice(FOODS)
    values = {n: round(rng.uniform(0, 5) * portion, 2) for n in NUTRIENTS}
    values.update(
        {
            "Energy (kcal)": kcal * portion,
            "Protein (g)": protein * portion,
            "Fat (g)": fat * portion,
            "Carbs (g)": carbs * portion,
            "Calcium (mg)": calcium * portion,
            "Vitamin D (IU)": vit_d * 40 * portion,
            "Vitamin K (µg)": vit_k * portion,
        }
    )
    values["name"] = name  # type: ignore[assignment]
    return values


def write_cronometer(folder: Path, years: int, seed: int) -> list[Path]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    first = date(2026, 11, 20) - timedelta(days=365 * years)
    paths = [folder / n for n in ("servings.csv", "dailysummary.csv", "exercises.csv")]
    with (
        paths[0].open("w", newline="", encoding="utf-8") as s,
        paths[1].open("w", newline="", encoding="utf-8") as d,
        paths[2].open("w", newline="", encoding="utf-8") as e,
    ):
        servings, daily, exercises = csv.writer(s), csv.writer(d), csv.writer(e)
        servings.writerow(SERVINGS_HEADER)
        daily.writerow(DAILY_HEADER)
        exercises.writerow(EXERCISE_HEADER)
        for offset in range(365 * years):
            day = first + timedelta(days=offset)
            totals = dict.fromkeys(NUTRIENTS, 0.0)
            for meal, hour in (("Breakfast", 8), ("Lunch", 12), ("Dinner", 19)):
                for _ in range(rng.randint(2, 4)):
                    portion = rng.choice((0.5, 1.0, 1.5, 2.0))
                    food = serving(rng, portion)
                    servings.writerow(
                        [day.isoformat(), clock_text(hour, rng.randint(0, 59)), meal,
                         food["name"], f"{portion:.2f} x 100 g"]
                        + [f"{food[n]:.2f}" for n in NUTRIENTS]
                        + ["Dairy and Egg Products"]
                    )  # fmt: skip
                    for n in NUTRIENTS:
                        totals[n] += food[n]
            if rng.random() < 0.9:
                servings.writerow(
                    [day.isoformat(), "8:05 AM", "Supplements", "Vitamin K2 MK-7 + D3",
                     "1.00 capsule"]
                    + [f"{SUPPLEMENT.get(n, 0.0):.2f}" for n in NUTRIENTS]
                    + ["Supplements"]
                )  # fmt: skip
            daily.writerow([day.isoformat()] + [f"{totals[n]:.2f}" for n in NUTRIENTS] + ["true"])
            if rng.random() < 0.6:
                exercises.writerow(
                    [day.isoformat(), "6:30 PM", "Exercise", "Walking, 5 km/h",
                     f"{rng.randint(15, 60)}.00", f"-{rng.randint(80, 250)}.00"]
                )  # fmt: skip
    return paths


_SIZE = re.compile(r"^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB)?$", re.IGNORECASE)


def parse_size(text: str) -> int:
    match = _SIZE.match(text.strip())
    if match is None:
        raise argparse.ArgumentTypeError(f"not a size: {text} (e.g. 100MB, 1GB)")
    factor = {"B": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9}[(match.group(2) or "B").upper()]
    return int(float(match.group(1)) * factor)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    apple = sub.add_parser("apple-health")
    apple.add_argument("--size", type=parse_size, default=parse_size("100MB"))
    apple.add_argument("--zip", action="store_true")
    apple.add_argument("--seed", type=int, default=1)
    apple.add_argument("--out", type=Path)
    cron = sub.add_parser("cronometer")
    cron.add_argument("--years", type=int, default=10)
    cron.add_argument("--seed", type=int, default=1)
    cron.add_argument("--out", type=Path)
    args = parser.parse_args()
    DATA.mkdir(exist_ok=True)
    if args.what == "apple-health":
        out = args.out or DATA / f"export-{args.size // 10**6}MB.xml"
        written, days = write_apple_health(out, args.size, args.seed)
        print(f"{out}: {written / 1e6:.1f} MB, {days} days", file=sys.stderr)
        if args.zip:
            zipped = out.with_suffix(".zip")
            zip_export(out, zipped)
            print(f"{zipped}: {zipped.stat().st_size / 1e6:.1f} MB", file=sys.stderr)
    else:
        folder = args.out or DATA / f"cronometer-{args.years}y"
        for path in write_cronometer(folder, args.years, args.seed):
            print(f"{path}: {path.stat().st_size / 1e6:.1f} MB", file=sys.stderr)


if __name__ == "__main__":
    main()
