"""`bonetrack config set|get|show`: the scan and clinician check-in intervals."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from bonetrack.cli.options import AsJson

if TYPE_CHECKING:
    from bonetrack.domain.reminders import Interval

app = typer.Typer(
    name="config",
    help="Settings: scan-interval (default 2y) and checkin-interval (default 3m).",
    no_args_is_help=True,
)

NAMES = ("scan-interval", "checkin-interval")


def _complete_name(incomplete: str) -> list[str]:
    return [name for name in NAMES if name.startswith(incomplete.lower())]


def _check_name(name: str) -> str:
    import difflib

    from bonetrack.errors import InputError

    key = name.strip().lower().replace("_", "-")
    if key in NAMES:
        return key
    close = difflib.get_close_matches(key, NAMES, n=1, cutoff=0.5)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    raise InputError(f"unknown setting '{name}'.{hint} Settings: {', '.join(NAMES)}.")


NameArgument = Annotated[
    str,
    typer.Argument(metavar="NAME", help=" or ".join(NAMES) + ".", autocompletion=_complete_name),
]


def _describe(name: str, interval: Interval | None = None) -> dict[str, object]:
    """The setting `name`: `interval` if given, else as stored."""
    from bonetrack.cli import state
    from bonetrack.domain.reminders import CONFIG_KEYS
    from bonetrack.store.reminders import get_interval

    if interval is None:
        interval = get_interval(state.database(), name)
    return {
        "name": name,
        "key": CONFIG_KEYS[name],
        "value": interval.setting_value,
        "months": interval.months,
        "text": interval.text,
        "source": interval.source,
    }


def _line(item: dict[str, object]) -> str:
    source = "your setting" if item["source"] == "setting" else "default"
    return f"{item['name']}: {item['text']} ({source})"


@app.command("set")
def set_value(
    name: NameArgument,
    value: Annotated[
        str,
        typer.Argument(
            metavar="VALUE", help="Years or months: 2y, 18m, '6 months'; 'default' to reset."
        ),
    ],
) -> None:
    """Set an interval, e.g. `bonetrack config set scan-interval 18m`."""
    from bonetrack.cli import output, state
    from bonetrack.domain.reminders import Interval, parse_interval
    from bonetrack.store.reminders import DEFAULT_MONTHS, set_interval

    key = _check_name(name)
    interval = None if value.strip().lower() == "default" else parse_interval(value, key)
    set_interval(state.database(), key, interval)
    # What is now stored, without reading after the commit.
    stored = interval or Interval(DEFAULT_MONTHS[key], "default")
    output.line(_line(_describe(key, stored)) + ". See `bonetrack remind`.")


@app.command("get")
def get_value(
    name: NameArgument,
    as_json: AsJson = False,
) -> None:
    """Show one setting."""
    from bonetrack.cli import output

    item = _describe(_check_name(name))
    if as_json:
        output.print_json(item)
    else:
        output.line(_line(item))


@app.command("show")
def show(as_json: AsJson = False) -> None:
    """Show every setting with where its value comes from."""
    from bonetrack.cli import output

    items = [_describe(name) for name in NAMES]
    if as_json:
        output.print_json(items)
        return
    for item in items:
        output.line(_line(item))
