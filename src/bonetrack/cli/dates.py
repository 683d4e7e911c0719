"""The user's date order for slash dates: their setting, else their locale's, else unknown.

Read only when a slash date needs it, so that other dates cost nothing; and without
creating a database that does not exist yet (a refused command writes nothing).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, NamedTuple

if TYPE_CHECKING:
    from bonetrack.domain.when import DateOrder


class OrderChoice(NamedTuple):
    order: DateOrder | None
    source: Literal["setting", "locale", "none"]
    locale: str | None  # the locale's name, when it set the order


def stored_date_order() -> DateOrder | None:
    """The `date-order` setting, None when unset (or when there is no database yet)."""
    from bonetrack.cli import state
    from bonetrack.domain.when import DATE_ORDER_KEY, DATE_ORDERS
    from bonetrack.store.location import resolve
    from bonetrack.store.settings import get_setting

    location = resolve(state.db_option())
    if location.path is not None and not location.path.exists():
        return None  # never created just to find no setting in it
    value = get_setting(state.database(), DATE_ORDER_KEY)
    return next((order for order in DATE_ORDERS if order == value), None)


def locale_date_order() -> tuple[DateOrder | None, str | None]:
    """The order of the user's locale's date format (LC_ALL, LC_TIME, LANG), and its name.

    The C and POSIX locales are no one's choice of format: they say nothing.
    """
    import locale

    from bonetrack.domain.when import order_from_format

    try:
        before = locale.setlocale(locale.LC_TIME)
        try:
            name = locale.setlocale(locale.LC_TIME, "")
            date_format = locale.nl_langinfo(locale.D_FMT)
        finally:
            locale.setlocale(locale.LC_TIME, before)
    except (locale.Error, AttributeError, ValueError):  # an unknown locale; no nl_langinfo
        return None, None
    if name.split(".")[0] in ("C", "POSIX"):
        return None, None
    return order_from_format(date_format), name


def date_order_choice() -> OrderChoice:
    stored = stored_date_order()
    if stored is not None:
        return OrderChoice(stored, "setting", None)
    order, name = locale_date_order()
    if order is not None:
        return OrderChoice(order, "locale", name)
    return OrderChoice(None, "none", None)


def date_order() -> DateOrder | None:
    """The order slash dates are read in (the parsers' `order` source)."""
    return date_order_choice().order
