"""`bonetrack config set|get|show`: the scan and check-in intervals, and the date order."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

import typer

from bonetrack.cli.options import AsJson

if TYPE_CHECKING:
    from bonetrack.cli.dates import OrderChoice
    from bonetrack.domain.reminders import Interval

app = typer.Typer(
    name="config",
    help="Settings: scan-interval (default 2y), checkin-interval (default 3m) and date-order "
    "(dmy, mdy or ymd, for slash dates; default from your locale).",
    no_args_is_help=True,
)

NAMES = ("scan-interval", "checkin-interval", "date-order")
DATE_ORDER = "date-order"


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


def _describe_date_order(choice: OrderChoice | None = None) -> dict[str, object]:
    """The date order: `choice` if given, else as set, else the locale's."""
    from bonetrack.cli.dates import date_order_choice
    from bonetrack.domain.when import DATE_ORDER_KEY, ORDER_PATTERNS

    if choice is None:
        choice = date_order_choice()
    if choice.order is None:
        text = "not set: slash dates are read only when they have one reading"
    else:
        text = f"{choice.order} ({ORDER_PATTERNS[choice.order]})"
    return {
        "name": DATE_ORDER,
        "key": DATE_ORDER_KEY,
        "value": choice.order,
        "text": text,
        "source": choice.source,
        "locale": choice.locale,
    }


def _describe(name: str, interval: Interval | None = None) -> dict[str, object]:
    """The setting `name`: `interval` if given, else as stored."""
    from bonetrack.cli import state
    from bonetrack.domain.reminders import CONFIG_KEYS
    from bonetrack.store.reminders import get_interval

    if name == DATE_ORDER:
        return _describe_date_order()
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
    source = {
        "setting": "your setting",
        "locale": f"from your locale {item.get('locale')}",
        "none": "set it with `bonetrack config set date-order dmy|mdy|ymd`",
    }.get(str(item["source"]), "default")
    return f"{item['name']}: {item['text']} ({source})"


@app.command("set")
def set_value(
    name: NameArgument,
    value: Annotated[
        str,
        typer.Argument(
            metavar="VALUE",
            help="Intervals: years or months (2y, 18m, '6 months'); date-order: dmy, mdy or ymd. "
            "'default' resets.",
        ),
    ],
) -> None:
    """Set a setting, e.g. `bonetrack config set scan-interval 18m`, `... date-order dmy`."""
    from bonetrack.cli import output, state
    from bonetrack.domain.reminders import Interval, parse_interval
    from bonetrack.store.reminders import DEFAULT_MONTHS, set_interval

    key = _check_name(name)
    if key == DATE_ORDER:
        output.line(_line(_set_date_order(value)) + ".")
        return
    interval = None if value.strip().lower() == "default" else parse_interval(value, key)
    set_interval(state.database(), key, interval)
    # What is now stored, without reading after the commit.
    stored = interval or Interval(DEFAULT_MONTHS[key], "default")
    output.line(_line(_describe(key, stored)) + ". See `bonetrack remind`.")


def _set_date_order(value: str) -> dict[str, object]:
    """Store the date order (or remove it for 'default'); what is now in force."""
    from bonetrack.cli import state
    from bonetrack.cli.dates import OrderChoice, locale_date_order
    from bonetrack.domain.when import DATE_ORDER_KEY, parse_date_order
    from bonetrack.store.settings import delete_setting, set_setting

    wanted = value.strip().lower()
    if wanted == "default":
        delete_setting(state.database(), DATE_ORDER_KEY)
        order, locale = locale_date_order()
        source: Literal["locale", "none"] = "none" if order is None else "locale"
        return _describe_date_order(OrderChoice(order, source, locale))
    chosen = parse_date_order(value)
    set_setting(state.database(), DATE_ORDER_KEY, chosen)
    return _describe_date_order(OrderChoice(chosen, "setting", None))


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
