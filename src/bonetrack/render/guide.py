"""`bonetrack guide` as wrapped plain text and as JSON."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

from bonetrack.domain.guide import Guide, GuidePoint, GuideTopic

UNCERTAIN_MARK = "[uncertain]"


def guide_text(guide: Guide, topics: Sequence[GuideTopic], width: int = 88) -> str:
    """The intro, each topic's points with their sources, and the closing statement."""
    blocks = [_wrap(guide.intro, width)]
    blocks += [_topic_text(topic, width) for topic in topics]
    blocks.append(_wrap(guide.closing, width))
    return "\n\n".join(blocks)


def _topic_text(topic: GuideTopic, width: int) -> str:
    lines = [topic.title]
    for point in topic.points:
        lines += _point_lines(point, width)
    return "\n".join(lines)


def _point_lines(point: GuidePoint, width: int) -> list[str]:
    text = f"{UNCERTAIN_MARK} {point.text}" if point.uncertain else point.text
    body = textwrap.wrap(text, width=width, initial_indent="  - ", subsequent_indent="    ")
    source = textwrap.wrap(
        f"Source: {point.source}", width=width, initial_indent="    ", subsequent_indent="      "
    )
    return body + source


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width=width))


def guide_json(guide: Guide, topics: Sequence[GuideTopic]) -> dict[str, Any]:
    return {
        "intro": guide.intro,
        "topics": [
            {
                "name": topic.name,
                "title": topic.title,
                "points": [
                    {"text": p.text, "source": p.source, "uncertain": p.uncertain}
                    for p in topic.points
                ],
            }
            for topic in topics
        ],
        "closing": guide.closing,
    }
