"""`bonetrack summary`: the JSON, the terminal preview, the HTML and the PDF of one history."""

from __future__ import annotations

import io
import json
import stat
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from bonetrack.domain.entries import NewEntry
from bonetrack.store.engine import Database
from bonetrack.store.entries import add_entries
from tests.conftest import CliCall, Freeze

NAME = "Zoë Ångström-Núñez"
SECTIONS = (
    "Bone health: summary for my clinician",
    "Current plan and medicines",
    "Adherence in the period",
    "Calcium and vitamin D intake",
    "DEXA scans",
    "Adherence between scans, beside the BMD change",
    "Events in the period",
    "Warnings and reminders",
    "Questions for my clinician",
    "Sources",
)


def _entries(kind: str, amount: float, unit: str, days: list[date], **extra: str) -> list[NewEntry]:
    return [
        NewEntry(
            kind, amount, amount, unit, datetime(d.year, d.month, d.day, 8).astimezone(), **extra
        )
        for d in days
    ]


@pytest.fixture
def history(cli: CliCall, frozen: Freeze, db: Database) -> None:
    """K2 daily from May 1 2026 (missed June 10-12 and 20), spine scans a year apart with a
    loss of exactly the 5.3% LSC, a question for the visit; today is June 30 2026."""
    frozen("2026-06-30 20:00")
    for args in (
        ("profile", "set", "--birth-year", "1958", "--sex", "female", "--menopause-year", "2008"),
        ("profile", "set", "--anticoagulant", "none", "--name", NAME),
        ("plan", "set", "k2", "180mcg", "--form", "mk7", "--from", "2026-05-01"),
        (
            "scan",
            "add",
            "--date",
            "2025-06-02",
            "--site",
            "spine",
            "--bmd",
            "1.000",
            "--t-score",
            "-1.5",
            "--machine",
            "Hologic A",
        ),
        (
            "scan",
            "add",
            "--date",
            "2026-06-15",
            "--site",
            "spine",
            "--bmd",
            "0.947",
            "--t-score",
            "-2.0",
            "--machine",
            "Hologic A",
        ),
        ("event", "add", "fall", "--at", "2026-06-05 17:00", "--note", "wet floor"),
        ("note", "add", "Should I take a bone medicine? (≤ 1 year on K2)", "--for-visit"),
    ):
        result = cli(*args)
        assert result.exit_code == 0, result.stderr
    missed = {date(2026, 6, 10), date(2026, 6, 11), date(2026, 6, 12), date(2026, 6, 20)}
    k2_days = [date(2026, 5, 1) + timedelta(days=i) for i in range(61)]
    with db.begin() as conn:
        add_entries(
            conn, _entries("k2", 180.0, "mcg", [d for d in k2_days if d not in missed], form="mk7")
        )
        add_entries(conn, _entries("calcium", 500.0, "mg", k2_days[31:41]))


def test_json_has_the_exact_figures(cli: CliCall, history: None) -> None:
    result = cli("summary", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["header"]["period_from"], data["header"]["period_to"]) == (
        "2025-07-01",
        "2026-06-30",
    )
    (k2,) = data["adherence"]
    # the 12 months to today, from the plan's first day: May 1 to June 30 (today is met)
    assert (k2["met"], k2["due"], k2["pct"], k2["streak"]) == (57, 61, 93.4, 10)
    (change,) = data["dexa"]["changes"]
    assert (change["pct_text"], change["verdict"]) == ("-5.30%", "significant loss")
    (pair,) = data["between_scans"]
    assert pair["adherence"] == [{"item": "K2", "unit": "day", "met": 42, "due": 45, "pct": 93.3}]
    assert data["intake"]["nutrients"][0]["supplements_per_day"] == 82.0  # 5000 mg / 61 days
    assert data["questions"][0]["text"] == "Should I take a bone medicine? (≤ 1 year on K2)"


def test_the_preview_shows_every_section_in_order(cli: CliCall, history: None) -> None:
    result = cli("summary", "--from", "2026-06-01")
    assert result.exit_code == 0, result.stderr
    positions = [result.stdout.index(section) for section in SECTIONS]
    assert positions == sorted(positions)
    assert "26 / 30 days" in result.stdout
    assert "86.7%" in result.stdout
    # medicines and labs are recorded (tests/cli/test_med.py): here there are none
    assert "No osteoporosis medicines recorded." in result.stdout
    assert "No lab results recorded." in result.stdout


def test_html_is_self_contained_with_every_section(
    cli: CliCall, history: None, tmp_path: Path
) -> None:
    target = tmp_path / "visit.html"
    result = cli("summary", "--from", "2026-06-01", "--html", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"Wrote {target}\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    page = target.read_text(encoding="utf-8")
    for section in SECTIONS:
        assert f">{section}</h" in page
    assert "<script" not in page.lower()
    assert "http" not in page.lower()  # no links, fonts, images or namespaces to fetch
    assert "<svg" in page
    assert NAME in page
    assert "86.7%" in page
    assert "@page { size: A4;" in page
    assert "break-inside: avoid" in page


def pdf_text(path: Path) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def test_pdf_holds_the_exact_figures_as_real_text(
    cli: CliCall, history: None, tmp_path: Path
) -> None:
    target = tmp_path / "visit.pdf"
    result = cli("summary", "--from", "2026-06-01", "--pdf", str(target))
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    text, pages = pdf_text(target)
    assert pages == 2
    for expected in (
        NAME,
        "26 / 30 days",
        "86.7%",
        "3 days (2026-06-10 – 2026-06-12)",
        "-0.053",
        "-5.30%",
        "significant loss",
        "42 / 45",
        "93.3%",
        "cannot show cause and effect",
        "180 µg a day (MK-7)",
        "≤ 1 year on K2",
        "Prepared by the patient with bonetrack. Information, not a diagnosis.",
    ):
        assert expected in text, expected
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4


def test_letter_paper(cli: CliCall, history: None, tmp_path: Path) -> None:
    target = tmp_path / "visit.pdf"
    assert cli("summary", "--pdf", str(target), "--paper", "letter").exit_code == 0
    box = PdfReader(io.BytesIO(target.read_bytes())).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_existing_files_are_kept_without_force(cli: CliCall, history: None, tmp_path: Path) -> None:
    html, pdf = tmp_path / "visit.html", tmp_path / "visit.pdf"
    pdf.write_bytes(b"mine")
    result = cli("summary", "--html", str(html), "--pdf", str(pdf))
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {pdf} already exists: add --force to replace it.\n",
    )
    assert pdf.read_bytes() == b"mine"
    assert not html.exists()  # nothing written, not even the other file
    forced = cli("summary", "--html", str(html), "--pdf", str(pdf), "--force")
    assert forced.exit_code == 0, forced.stderr
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o600


def test_since_last_scan_starts_at_the_latest_scan_before_the_end(
    cli: CliCall, history: None
) -> None:
    data = json.loads(cli("summary", "--since-last-scan", "--json").stdout)
    assert data["header"]["period_from"] == "2026-06-15"
    earlier = json.loads(cli("summary", "--since-last-scan", "--to", "2026-06-15", "--json").stdout)
    assert (earlier["header"]["period_from"], earlier["header"]["period_to"]) == (
        "2025-06-02",
        "2026-06-15",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--paper", "a3", "--pdf", "x.pdf"), "--paper must be a4 or letter, not 'a3'."),
        (("--paper", "letter"), "--paper goes with --pdf or --html."),
        (("--force",), "--force goes with --pdf or --html."),
        (
            ("--since-last-scan", "--from", "2026-01-01"),
            "give --from or --since-last-scan, not both.",
        ),
        (("--to", "2026-07-01"), "--to 2026-07-01 is in the future; today is 2026-06-30."),
        (
            ("--from", "2026-06-10", "--to", "2026-06-01"),
            "--from 2026-06-10 is after --to 2026-06-01.",
        ),
        (
            ("--since-last-scan", "--to", "2025-06-02"),
            "--since-last-scan: no scan recorded before 2025-06-02; record one with "
            "`bonetrack scan add`, or give --from.",
        ),
        (
            ("--pdf", "no-such-folder/x.pdf"),
            "cannot write no-such-folder/x.pdf: the folder no-such-folder does not exist.",
        ),
        (
            ("--html", "same.x", "--pdf", "same.x"),
            "--html and --pdf name the same file; give two names.",
        ),
    ],
)
def test_bad_arguments_write_nothing(
    cli: CliCall,
    history: None,
    args: tuple[str, ...],
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("summary", *args)
    assert (result.exit_code, result.stderr) == (2, f"Error: {message}\n")
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".pdf", ".x", ".html")) == []


def test_a_two_year_demo_fits_on_one_to_three_pages(
    cli: CliCall, frozen: Freeze, tmp_path: Path
) -> None:
    frozen("2026-11-22 08:30")
    db = tmp_path / "demo.db"
    demo = cli("demo", "--db", str(db))
    assert demo.exit_code == 0, demo.stderr
    assert f"bonetrack --db {db} summary --pdf summary.pdf" in demo.stderr
    target = tmp_path / "summary.pdf"
    result = cli("--db", str(db), "summary", "--pdf", str(target))
    assert result.exit_code == 0, result.stderr
    text, pages = pdf_text(target)
    assert 1 <= pages <= 3
    assert "significant loss" in text or "no significant change" in text
