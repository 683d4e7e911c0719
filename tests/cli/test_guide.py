"""`bonetrack guide [TOPIC]`."""

from __future__ import annotations

import json

from tests.conftest import CliCall

CLOSING_END = "especially if you take other medicines.\n"


def test_guide_prints_every_topic_and_ends_with_the_clinician_statement(cli: CliCall) -> None:
    result = cli("guide")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    titles = [
        "Vitamin K2 (menaquinone)",
        "Calcium",
        "Vitamin D",
        "Exercise for bone",
        "DEXA (DXA) scans",
        "Anticoagulants (blood thinners) and vitamin K",
    ]
    positions = [out.index(f"\n\n{title}\n") for title in titles]
    assert positions == sorted(positions)
    assert out.endswith(CLOSING_END)
    assert out.count("[uncertain]") == 4  # 3 points plus the intro that explains the mark
    assert max(len(line) for line in out.splitlines()) <= 88


def test_one_topic_by_alias(cli: CliCall) -> None:
    out = cli("guide", "warfarin").stdout
    assert "\n\nAnticoagulants (blood thinners) and vitamin K\n" in out
    assert "Calcium\n" not in out
    assert "    Source: Theuwissen 2013, J Thromb Haemost 11:1085\n" in out
    assert "  - [uncertain] Direct oral anticoagulants (apixaban, rivaroxaban, edoxaban," in out
    assert out.endswith(CLOSING_END)


def test_calcium_topic(cli: CliCall) -> None:
    out = cli("guide", "CA").stdout
    assert "  - Take at most 500 mg of elemental calcium at a time" in out
    assert "    Source: NIH ODS\n" in out


def test_json(cli: CliCall) -> None:
    data = json.loads(cli("guide", "dexa", "--json").stdout)
    assert [t["name"] for t in data["topics"]] == ["dexa"]
    assert [p["source"] for p in data["topics"][0]["points"] if p["uncertain"]] == [
        "ISCD",
        "AACE 2020",
    ]
    assert data["closing"].startswith("bonetrack informs; it does not diagnose")


def test_unknown_topic(cli: CliCall) -> None:
    result = cli("guide", "magnesium")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: unknown guide topic 'magnesium'. "
        "Topics: k2, calcium, vitamin-d, exercise, dexa, anticoagulants.\n"
    )
    assert result.stdout == ""
