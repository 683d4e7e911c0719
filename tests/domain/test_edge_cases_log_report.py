"""QA findings in the pure core: values a user can type that once broke it."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bonetrack.domain.adherence import DayTotal, item_report
from bonetrack.domain.plans import PlanVersion
from bonetrack.domain.when import parse_day, parse_when
from bonetrack.errors import InputError
from tests.conftest import Freeze

D = date.fromisoformat


@pytest.fixture
def now(frozen: Freeze) -> datetime:
    frozen("2026-11-22 08:31")
    from bonetrack import clock

    return clock.now()


@pytest.mark.parametrize(
    "text",
    [
        "99999999 days ago",
        "9999999 weeks ago",
        "99999999999 hours ago",
        "99999999999999999999 minutes ago",
        "0001-01-01",
        "0001-01-01 00:30",
        "1899-12-31 08:00",
    ],
)
def test_parse_when_far_past_is_bad_input(now: datetime, text: str) -> None:
    # These used to escape as OverflowError/ValueError: exit 1, "unexpected failure".
    with pytest.raises(InputError):
        parse_when(text, now)


@pytest.mark.parametrize("text", ["99999999 days ago", "9999999 weeks ago", "0001-01-01"])
def test_parse_day_far_past_is_bad_input(text: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_day(text, D("2026-11-22"))
    assert "1900" in caught.value.message


def test_parse_day_keeps_1900_and_later() -> None:
    assert parse_day("1900-01-01", D("2026-11-22")) == D("1900-01-01")


def test_spring_forward_gap_time_moves_forward(frozen: Freeze) -> None:
    # 02:30 did not exist in Amsterdam on 2026-03-29 (02:00 -> 03:00). The clock on
    # the wall still read 02:30 for someone who had not moved it yet: 03:30 summer
    # time (01:30 UTC), not 01:30 winter time an hour earlier than typed.
    frozen("2026-11-22 08:31")
    from bonetrack import clock

    for text in ("2026-03-29 02:30", "2026-03-29T02:30:00"):
        moment = parse_when(text, clock.now())
        assert moment.isoformat() == "2026-03-29T03:30:00+02:00", text


def test_fall_back_ambiguous_time_is_the_first(frozen: Freeze) -> None:
    frozen("2026-11-22 08:31")
    from bonetrack import clock

    moment = parse_when("2026-10-25 02:30", clock.now())
    assert moment.isoformat() == "2026-10-25T02:30:00+02:00"


def test_long_window_heatmap_starts_at_the_items_first_plan() -> None:
    # A report --from 1900 must not draw 126 years of blank weeks before the plan.
    plan = PlanVersion("k2", None, 180.0, "day", None, None, D("2025-03-05"))
    found = item_report(
        [plan], {D("2025-03-05"): DayTotal(180.0, 1)}, D("1900-01-01"), D("2026-11-22"),
        D("2026-11-22"),
    )  # fmt: skip
    assert found is not None
    assert found.window_from == D("2025-03-05")
    assert found.heatmap.start == D("2025-03-03")  # the Monday of the first plan's week
    assert min(found.heatmap.days) == D("2025-03-03")


def test_short_window_heatmap_shows_six_months_but_not_before_the_first_plan() -> None:
    plan = PlanVersion("k2", None, 180.0, "day", None, None, D("2026-11-18"))
    found = item_report([plan], {}, D("2026-11-16"), D("2026-11-22"), D("2026-11-22"))
    assert found is not None
    assert found.heatmap.start == D("2026-11-16")  # the week of the first plan
    older = PlanVersion("k2", None, 180.0, "day", None, None, D("2025-01-01"))
    found = item_report([older], {}, D("2026-11-16"), D("2026-11-22"), D("2026-11-22"))
    assert found is not None
    assert found.heatmap.start == D("2026-05-25")  # the Monday of the week 26 weeks back
