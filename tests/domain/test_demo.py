"""The demo history: seeded, realistic, never in the future, and fast at ten years."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta

import pytest

from bonetrack.domain.adherence import DayTotal, item_report
from bonetrack.domain.demo import DemoIntake, generate_demo
from bonetrack.domain.plans import group_items

NOW = datetime(2026, 11, 22, 8, 30)


def _key(entry: DemoIntake) -> tuple[str, str | None]:
    return (entry.kind, entry.exercise_type)


def test_same_seed_same_history_other_seed_other_history() -> None:
    a = generate_demo(NOW, years=1, seed=7)
    b = generate_demo(NOW, years=1, seed=7)
    c = generate_demo(NOW, years=1, seed=8)
    assert a == b
    assert a.intakes != c.intakes


def test_shape_of_one_year() -> None:
    history = generate_demo(NOW, years=1, seed=1)
    assert (history.start, history.end) == (date(2025, 11, 22), date(2026, 11, 22))
    assert [(p.kind, p.exercise_type, p.amount, p.times, p.per, p.valid_from)
            for p in history.plans] == [
        ("k2", None, 180.0, None, "day", date(2025, 11, 22)),
        ("calcium", None, 1000.0, None, "day", date(2025, 11, 22)),
        ("vitamin-d", None, 800.0, None, "day", date(2025, 11, 22)),
        ("exercise", "strength", None, 2, "week", date(2025, 12, 6)),
        ("calcium", None, 1200.0, None, "day", date(2026, 4, 17)),
        ("exercise", "balance", 15.0, None, "day", date(2026, 4, 17)),
    ]  # fmt: skip
    locals_ = [e.local for e in history.intakes]
    assert locals_ == sorted(locals_)
    assert locals_[0].date() == history.start
    assert max(locals_) <= NOW
    # Every time of day lies well away from the small hours of a DST change.
    assert all(time(6, 30) <= t.time() <= time(22, 0) for t in locals_)
    # Calcium never more than 500 mg in one dose (NIH ODS advice).
    assert max(e.amount for e in history.intakes if e.kind == "calcium") == 500.0
    assert {e.amount for e in history.intakes if e.kind == "k2"} == {180.0}


def test_mostly_kept_with_gaps() -> None:
    history = generate_demo(NOW, years=2, seed=3)
    sums: dict[tuple[str, str | None], dict[date, list[float]]] = defaultdict(dict)
    for e in history.intakes:
        day = sums[_key(e)].setdefault(e.local.date(), [0.0, 0])
        day[0] += e.amount
        day[1] += 1
    for key, versions in group_items(history.plans).items():
        daily = {d: DayTotal(a, int(n)) for d, (a, n) in sums[key].items()}
        r = item_report(versions, daily, history.start, history.end, history.end)
        assert r is not None
        assert r.adherence_pct is not None
        # Realistic: mostly kept, never perfect.
        assert 55.0 <= r.adherence_pct < 99.0, (key, r.adherence_pct)
        assert r.longest_streak < r.due


def test_today_holds_only_what_was_taken_before_now() -> None:
    early = generate_demo(datetime(2026, 11, 22, 7, 0), years=1, seed=5)
    late = generate_demo(datetime(2026, 11, 22, 23, 0), years=1, seed=5)
    today = date(2026, 11, 22)
    assert [e for e in early.intakes if e.local.date() == today] == []
    assert Counter(e.kind for e in late.intakes if e.local.date() == today)["calcium"] >= 1
    assert early.intakes == tuple(e for e in late.intakes if e.local.date() < today)


def test_ten_years_scale() -> None:
    history = generate_demo(NOW, years=10)
    assert history.start == NOW.date() - timedelta(days=3652)
    assert 15_000 < len(history.intakes) < 25_000


def test_years_below_one_refused() -> None:
    with pytest.raises(ValueError, match="years must be at least 1"):
        generate_demo(NOW, years=0)


def test_one_paused_holiday_thinned_without_changing_the_rest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import bonetrack.domain.demo as demo
    from bonetrack.domain.pauses import Pause

    history = generate_demo(NOW, years=2, seed=3)
    [holiday] = history.pauses
    assert holiday == Pause(None, "all", date(2026, 9, 14), date(2026, 9, 23), "holiday")
    inside = [e for e in history.intakes if holiday.covers(e.local.date())]
    outside = [e for e in history.intakes if not holiday.covers(e.local.date())]
    # about 40% of ten days' doses (some 5 a day) were taken while away
    assert 0.2 < len(inside) / (10 * 5) < 0.6
    monkeypatch.setattr(demo, "holiday_pause", lambda start, end: None)
    plain = generate_demo(NOW, years=2, seed=3)
    assert plain.pauses == ()
    assert [e for e in plain.intakes if not holiday.covers(e.local.date())] == outside
