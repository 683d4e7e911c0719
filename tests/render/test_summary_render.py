"""The summary's optional sections as the renderers show them: absent, empty, or recorded."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

from pypdf import PdfReader
from rich.console import Console

from bonetrack.domain.notes import Note
from bonetrack.domain.profile import AnticoagulantChange
from bonetrack.domain.summary import LabLine, MedicineLine, Pause
from bonetrack.domain.summary_build import build_summary
from bonetrack.render.summary_html import summary_html
from bonetrack.render.summary_pdf import summary_pdf
from bonetrack.render.summary_rich import summary_renderable
from tests.domain.test_summary import history


def preview(**extra: object) -> str:
    console = Console(width=140, record=True, file=io.StringIO())
    console.print(summary_renderable(build_summary(history(**extra))))
    return console.export_text()


def test_sections_not_recorded_yet_say_so() -> None:
    text = preview()
    assert "Pauses: bonetrack does not record pauses yet." in text
    assert "Osteoporosis medicines: bonetrack does not record medicines yet." in text
    assert "Lab results: bonetrack does not record lab results yet." in text
    assert "Food: no dietary data in bonetrack, so only logged supplements are counted" in text


def test_recorded_sections_are_shown_or_said_to_be_empty() -> None:
    medicine = MedicineLine(
        "alendronate (Fosamax)",
        "70 mg once a week, by mouth",
        date(2025, 1, 6),
        4,
        5,
        date(2026, 6, 29),
        date(2026, 7, 6),
        notes=("One weekly dose was missed in the period.",),
    )
    lab = LabLine("25(OH)D", "62 nmol/L", date(2026, 6, 3), band="at least 50 nmol/L (IOM 2011)")
    pause = Pause(date(2026, 6, 10), date(2026, 6, 12), ("K2",), "stomach flu")
    text = preview(medicines=(medicine,), labs=(lab,), pauses=(pause,))
    for expected in (
        "alendronate (Fosamax)",
        "70 mg once a week, by mouth",
        "4 / 5",
        "2026-07-06",
        "One weekly dose was missed in the period.",
        "62 nmol/L",
        "at least 50 nmol/L (IOM 2011)",
        "stomach flu",
    ):
        assert expected in text, expected
    empty = preview(medicines=(), labs=(), pauses=())
    assert "No osteoporosis medicines recorded." in empty
    assert "No lab results recorded." in empty
    assert "No pauses in the period." in empty


def test_a_vka_user_without_an_inr_is_told_so() -> None:
    inputs = history(labs=())
    vka = replace(
        inputs.profile,
        anticoagulant="vka",
        anticoagulant_history=(AnticoagulantChange("vka", "warfarin", date(2026, 5, 1)),),
    )
    summary = build_summary(replace(inputs, profile=vka))
    page = summary_html(summary)
    assert "No INR recorded (the profile records a vitamin K antagonist)." in page
    assert "vitamin K antagonist (warfarin)" in page


def test_accents_dashes_and_markup_in_html_and_pdf() -> None:
    inputs = history(
        labs=(LabLine("INR", "2.4", date(2026, 6, 3), reference_range="2.0–3.0"),),
        questions=(Note(1, "Is <b>this</b> & that fine?", True, date(2026, 6, 1)),),
    )
    summary = build_summary(inputs)
    page = summary_html(summary, "letter")
    assert "@page { size: letter;" in page
    assert "Zoë Ångström-Núñez" in page
    assert "Is &lt;b&gt;this&lt;/b&gt; &amp; that fine?" in page
    assert "<b>" not in page
    reader = PdfReader(io.BytesIO(summary_pdf(summary)))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Zoë Ångström-Núñez" in text
    assert "2.0–3.0" in text
