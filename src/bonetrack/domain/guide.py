"""`bonetrack guide`: the sourced summaries, kept as data in `bonetrack/data/guide.toml`.

The text lives in one data file so that it can be read, reviewed and corrected
against the fact sheet without touching code. Parsing is pure (`parse_guide`);
`load_guide` only reads that packaged file, never anything of the user's.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from typing import Any

from bonetrack.errors import InputError

GUIDE_RESOURCE = "guide.toml"


@dataclass(frozen=True)
class GuidePoint:
    text: str
    source: str
    uncertain: bool = False


@dataclass(frozen=True)
class GuideTopic:
    name: str
    title: str
    aliases: tuple[str, ...]
    points: tuple[GuidePoint, ...]


@dataclass(frozen=True)
class Guide:
    intro: str
    topics: tuple[GuideTopic, ...]
    closing: str

    @property
    def topic_names(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.topics)

    def topic(self, name: str) -> GuideTopic:
        """The topic called `name` or one of its aliases (case-insensitive)."""
        key = _key(name)
        for topic in self.topics:
            if key == _key(topic.name) or key in (_key(a) for a in topic.aliases):
                return topic
        raise InputError(f"unknown guide topic '{name}'. Topics: {', '.join(self.topic_names)}.")

    def select(self, name: str | None) -> tuple[GuideTopic, ...]:
        """All topics, or the one asked for."""
        return self.topics if name is None else (self.topic(name),)


def _key(name: str) -> str:
    return name.strip().lower().replace("_", "-").replace(" ", "-")


def parse_guide(text: str) -> Guide:
    """Parse the guide's TOML; a malformed file is a bug, so it raises ValueError."""
    data = tomllib.loads(text)
    try:
        topics = tuple(_topic(t) for t in data["topics"])
        guide = Guide(intro=_text(data["intro"]), topics=topics, closing=_text(data["closing"]))
    except (KeyError, TypeError) as exc:
        raise ValueError(f"malformed guide: {exc!r}") from exc
    if not topics:
        raise ValueError("malformed guide: no topics")
    return guide


def _topic(data: dict[str, Any]) -> GuideTopic:
    points = tuple(
        GuidePoint(
            text=_text(p["text"]),
            source=_text(p["source"]),
            uncertain=bool(p.get("uncertain", False)),
        )
        for p in data["points"]
    )
    if not points:
        raise ValueError(f"malformed guide: topic {data['name']!r} has no points")
    return GuideTopic(
        name=_text(data["name"]),
        title=_text(data["title"]),
        aliases=tuple(_text(a) for a in data.get("aliases", ())),
        points=points,
    )


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"malformed guide: expected text, got {value!r}")
    return " ".join(value.split())


def load_guide() -> Guide:
    """The guide shipped inside the package (in the wheel and in editable installs)."""
    from importlib.resources import files

    text = (files("bonetrack") / "data" / GUIDE_RESOURCE).read_text(encoding="utf-8")
    return parse_guide(text)
