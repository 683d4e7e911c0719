"""`bonetrack guide [TOPIC]`: what the evidence says, each point with its source."""

from __future__ import annotations

from typing import Annotated

import typer

from bonetrack.cli.options import AsJson

app = typer.Typer()


def _complete_topic(incomplete: str) -> list[str]:
    from bonetrack.domain.guide import load_guide

    return [name for name in load_guide().topic_names if name.startswith(incomplete.lower())]


@app.command("guide")
def guide(
    topic: Annotated[
        str | None,
        typer.Argument(
            metavar="[TOPIC]",
            help="k2, calcium, vitamin-d, exercise, dexa or anticoagulants. Default: all.",
            autocompletion=_complete_topic,
            show_default=False,
        ),
    ] = None,
    as_json: AsJson = False,
) -> None:
    """What the evidence says on K2, calcium, vitamin D, exercise, DEXA and blood thinners."""
    import shutil

    from bonetrack.cli import output
    from bonetrack.domain.guide import load_guide
    from bonetrack.render.guide import guide_json, guide_text

    loaded = load_guide()
    topics = loaded.select(topic)
    if as_json:
        output.print_json(guide_json(loaded, topics))
        return
    width = max(40, min(88, shutil.get_terminal_size((88, 24)).columns))
    output.line(guide_text(loaded, topics, width=width))
