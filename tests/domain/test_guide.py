"""The guide: its data file, topic selection, and the rendered text."""

from __future__ import annotations

import pytest

from bonetrack.domain.guide import Guide, GuidePoint, GuideTopic, load_guide, parse_guide
from bonetrack.errors import InputError
from bonetrack.render.guide import guide_json, guide_text

TOPICS = ("k2", "calcium", "vitamin-d", "exercise", "dexa", "anticoagulants")
SMALL = """
intro = "Short."
closing = "bonetrack informs; it does not replace a clinician."

[[topics]]
name = "calcium"
title = "Calcium"
aliases = ["ca"]

[[topics.points]]
text = "Take at most 500 mg at a time."
source = "NIH ODS"

[[topics.points]]
text = "A figure nobody could confirm."
source = "somewhere"
uncertain = true
"""


@pytest.fixture(scope="module")
def guide() -> Guide:
    return load_guide()


def test_the_shipped_guide_has_every_topic_in_order(guide: Guide) -> None:
    assert guide.topic_names == TOPICS
    assert all(p.source for t in guide.topics for p in t.points)
    assert guide.closing == (
        "bonetrack informs; it does not diagnose, prescribe or replace a clinician. Talk to "
        "your doctor or pharmacist before you start, stop or change a supplement or an "
        "exercise programme, especially if you take other medicines."
    )


def test_figures_the_fact_sheet_marks_uncertain_are_marked(guide: Guide) -> None:
    uncertain = [(t.name, p.source) for t in guide.topics for p in t.points if p.uncertain]
    assert uncertain == [
        ("dexa", "ISCD"),
        ("dexa", "AACE 2020"),
        ("anticoagulants", "DOAC product labels, seen only second-hand"),
    ]


def test_key_figures_and_sources_are_in_the_guide(guide: Guide) -> None:
    def text(name: str) -> str:
        return " ".join(f"{p.text} ({p.source})" for p in guide.topic(name).points)

    assert "45 mg a day in three doses" in text("k2")
    assert "MK-7, 180 µg a day" in text("k2")
    assert "RR 0.87, 95% CI 0.64–1.20" in text("k2")
    assert "(Emaus 2010, Osteoporos Int 21:1731)" in text("k2")
    assert "at most 500 mg of elemental calcium at a time" in text("calcium")
    assert "women 51–70 1,200 mg (UL 2,000 mg)" in text("calcium")
    assert "800 IU (20 µg) from 71" in text("vitamin-d")
    assert "Upper limit (UL): 4,000 IU (100 µg) a day. (IOM 2011)" in text("vitamin-d")
    assert "(Too Fit To Fracture: Giangregorio 2014, Osteoporos Int 25:821)" in text("exercise")
    assert "LSC = 2.77 × the facility's precision error" in text("dexa")
    assert "(Gourlay 2012, NEJM 366:225)" in text("dexa")
    assert "10–20 µg a day changed INR meaningfully in 40–60%" in text("anticoagulants")
    assert "no interaction with K2 is expected" in text("anticoagulants")


@pytest.mark.parametrize(
    ("asked", "name"),
    [
        ("k2", "k2"),
        ("K2", "k2"),
        ("mk-7", "k2"),
        ("MK4", "k2"),
        ("ca", "calcium"),
        ("vitamin_d", "vitamin-d"),
        ("D3", "vitamin-d"),
        ("training", "exercise"),
        ("dxa", "dexa"),
        ("scans", "dexa"),
        ("warfarin", "anticoagulants"),
        ("blood thinners", "anticoagulants"),
        ("doac", "anticoagulants"),
    ],
)
def test_topics_by_name_or_alias(guide: Guide, asked: str, name: str) -> None:
    assert guide.topic(asked).name == name
    assert [t.name for t in guide.select(asked)] == [name]


def test_no_topic_selects_all(guide: Guide) -> None:
    assert guide.select(None) == guide.topics


def test_unknown_topic_lists_the_topics(guide: Guide) -> None:
    with pytest.raises(InputError) as caught:
        guide.topic("magnesium")
    assert caught.value.message == (
        "unknown guide topic 'magnesium'. "
        "Topics: k2, calcium, vitamin-d, exercise, dexa, anticoagulants."
    )


def test_parse_joins_wrapped_lines_and_keeps_flags() -> None:
    g = parse_guide(SMALL)
    assert g == Guide(
        intro="Short.",
        topics=(
            GuideTopic(
                name="calcium",
                title="Calcium",
                aliases=("ca",),
                points=(
                    GuidePoint("Take at most 500 mg at a time.", "NIH ODS"),
                    GuidePoint("A figure nobody could confirm.", "somewhere", uncertain=True),
                ),
            ),
        ),
        closing="bonetrack informs; it does not replace a clinician.",
    )


@pytest.mark.parametrize(
    "broken",
    [
        SMALL.replace('source = "NIH ODS"', ""),
        SMALL.replace('source = "NIH ODS"', 'source = " "'),
        SMALL.replace('closing = "bonetrack informs; it does not replace a clinician."', ""),
        'intro = "a"\nclosing = "b"\ntopics = []\n',
    ],
)
def test_a_malformed_guide_is_refused(broken: str) -> None:
    with pytest.raises(ValueError, match="malformed guide"):
        parse_guide(broken)


def test_text_rendering() -> None:
    g = parse_guide(SMALL)
    assert guide_text(g, g.topics, width=40) == (
        "Short.\n"
        "\n"
        "Calcium\n"
        "  - Take at most 500 mg at a time.\n"
        "    Source: NIH ODS\n"
        "  - [uncertain] A figure nobody could\n"
        "    confirm.\n"
        "    Source: somewhere\n"
        "\n"
        "bonetrack informs; it does not replace a\n"
        "clinician."
    )


def test_json_rendering() -> None:
    g = parse_guide(SMALL)
    assert guide_json(g, g.topics) == {
        "intro": "Short.",
        "topics": [
            {
                "name": "calcium",
                "title": "Calcium",
                "points": [
                    {
                        "text": "Take at most 500 mg at a time.",
                        "source": "NIH ODS",
                        "uncertain": False,
                    },
                    {
                        "text": "A figure nobody could confirm.",
                        "source": "somewhere",
                        "uncertain": True,
                    },
                ],
            }
        ],
        "closing": "bonetrack informs; it does not replace a clinician.",
    }


def test_the_whole_guide_ends_with_the_clinician_statement(guide: Guide) -> None:
    text = guide_text(guide, guide.topics, width=88)
    assert text.startswith("What the evidence says, in short, with a source for each point.")
    assert text.endswith("especially if you take other medicines.")
    assert max(len(line) for line in text.splitlines()) <= 88
