"""Runs of an item's periods summarized in SQL: streaks and the score over a lifetime of history.

A run (domain/period_runs.py) is a stretch of consecutive days or ISO weeks judged against one
plan. One statement summarizes it in one row: from the item's day totals, which the database
keeps per local day (`intake_days`, migration 0011: reading them costs a quarter of summing the
entries per day), a week's by a GROUP BY, and from them

- the day numbers of its met periods, as one comma-separated string (the streaks are the runs
  of consecutive numbers: `domain.period_runs.summary_of`);
- its smoothed completion: the sum of each period's fraction x (1 - alpha)^(periods after it),
  over its last `SCORE_PERIODS` periods only (older ones weigh nothing a double can hold).

Measured on the 50-year demo history (valgrind instruction counts, 3 daily items, 37,000 met
days): SQLite's window functions (gaps and islands: ROW_NUMBER, then GROUP BY island) cost
about 360 M instructions on top of the GROUP BY itself, the string of met days and the scan
in `summary_of` about 150 M. The result grows with days, never with entries.

A period is met, and its fraction computed, exactly as `domain.adherence.completion` does: the
summed amount reaches the plan's amount less 1e-9, and/or the number of entries (or of days
with one, for exercise types counted by days) reaches `times`. The SQL is written out (not
built with Core) because building and compiling a statement this size with SQLAlchemy took
longer than running it, in a command that runs a few of them once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

from bonetrack.domain.adherence import _EPSILON, DayTotal
from bonetrack.domain.kinds import COUNTS_DAYS
from bonetrack.domain.period_runs import SCORE_PERIODS, Run, RunSummary, summary_of
from bonetrack.store.schema import intakes

if TYPE_CHECKING:
    from sqlalchemy import Connection, TextClause
    from sqlalchemy.sql.selectable import TextualSelect

    from bonetrack.domain.adherence import Period, Streaks
    from bonetrack.domain.period_runs import Zones


class Entries(NamedTuple):
    """Which entries count for an item: a supplement kind (whatever a row's exercise type),
    exercise of one type (None: sessions logged without one), or one medicine's doses."""

    kind: str
    exercise_type: str | None = None
    medicine: str | None = None

    @property
    def item(self) -> str:
        """The item's key in `intake_days` beside the kind (see store/derived.py)."""
        if self.kind == "medicine":
            return self.medicine or ""
        if self.kind == "exercise":
            return self.exercise_type or ""
        return ""


# The item's days in a range, from the day totals the database keeps (`intake_days`).
_ITEM_WHERE = "kind = :kind AND item = :item AND local_date >= :lo AND local_date <= :hi"
_ITEM_DAYS = f"SELECT day, amount, entries FROM intake_days WHERE {_ITEM_WHERE}"
_AS_TEXT = {"sqlite": "group_concat({})", "postgresql": "string_agg(CAST({} AS TEXT), ',')"}


class _Shape(NamedTuple):
    dialect: str
    per: str
    amount: bool  # the plan sets an amount
    times: bool  # the plan sets a number of entries
    by_days: bool  # weekly, counting days with an entry (COUNTS_DAYS)


def _sql(shape: _Shape) -> str:
    if shape.per == "day":
        periods = _ITEM_DAYS
        after = ":last - day"
    else:
        count = "count(*)" if shape.by_days else "sum(entries)"
        periods = (
            f"SELECT day - (day - 1) % 7 AS day, sum(amount) AS amount, {count} AS entries "
            f"FROM ({_ITEM_DAYS}) AS per_day GROUP BY day - (day - 1) % 7"
        )
        after = "(:last - day) / 7"
    met = []
    fractions = []
    if shape.amount:
        met.append("amount >= :threshold")
        fractions.append("CASE WHEN amount < :threshold THEN amount / :target ELSE 1.0 END")
    if shape.times:
        met.append("entries >= :times")
        fractions.append(
            "CASE WHEN entries < :times THEN CAST(entries AS DOUBLE PRECISION) / :times "
            "ELSE 1.0 END"
        )
    if len(fractions) == 2:  # min(1, by amount, by count)
        by_amount, by_count = fractions
        fraction = f"CASE WHEN {by_amount} <= {by_count} THEN {by_amount} ELSE {by_count} END"
    else:
        fraction = fractions[0]
    met_days = _AS_TEXT[shape.dialect].format(f"CASE WHEN {' AND '.join(met)} THEN day END")
    return (
        f"SELECT {met_days}, "
        f"sum(CASE WHEN day >= :scored_from THEN ({fraction}) * power(:decay, {after}) END) "
        f"FROM ({periods}) AS periods"
    )


_STATEMENTS: dict[_Shape, TextClause] = {}


def _statement(shape: _Shape) -> TextClause:
    from sqlalchemy import Float, Integer, String, bindparam, text

    found = _STATEMENTS.get(shape)
    if found is None:
        sql = _sql(shape)
        # `intake_days.local_date` is a Date like `intakes.local_date`: bound and read alike
        day = intakes.c.local_date.type
        types: dict[str, Any] = {
            "kind": String(),
            "item": String(),
            "lo": day,
            "hi": day,
            "scored_from": Integer(),
            "last": Integer(),
            "decay": Float(),
            "threshold": Float(),
            "target": Float(),
            "times": Float(),
        }
        binds = [bindparam(name, type_=kind) for name, kind in types.items() if f":{name}" in sql]
        found = _STATEMENTS[shape] = text(sql).bindparams(*binds)
    return found


def summarize_runs(conn: Connection, entries: Entries, runs: Sequence[Run]) -> list[RunSummary]:
    """Each run's summary (every period of a run must be judged: none may be pending)."""
    summaries = []
    for run in runs:
        plan = run.plan
        if plan.amount is None and plan.times is None:  # nothing to reach: never met
            summaries.append(RunSummary(0 if run.paused else run.periods, 0, 0, 0, 0.0))
            continue
        shape = _Shape(
            dialect=conn.dialect.name,
            per=run.per,
            amount=plan.amount is not None,
            times=plan.times is not None,
            by_days=run.per == "week" and plan.exercise_type in COUNTS_DAYS,
        )
        last = run.last.toordinal()
        scored = min(run.periods, SCORE_PERIODS[run.per])
        params = {
            "kind": entries.kind,
            "item": entries.item,
            "lo": run.first,
            "hi": run.end,
            "scored_from": last - (scored - 1) * run.step.days,
            "last": last,
            "decay": 1 - run.alpha,
            "threshold": None if plan.amount is None else plan.amount - _EPSILON,
            "target": plan.amount,
            "times": None if plan.times is None else float(plan.times),
        }
        met, smoothed = conn.execute(_statement(shape), params).one()
        summaries.append(summary_of(run, met or "", float(smoothed or 0.0)))
    return summaries


@cache
def _day_totals_statement() -> TextualSelect:
    from sqlalchemy import Float, Integer, String, bindparam, text

    day = intakes.c.local_date.type  # (as `intake_days.local_date` stores them)
    return (
        text(f"SELECT local_date, amount, entries FROM intake_days WHERE {_ITEM_WHERE}")
        .bindparams(
            bindparam("kind", type_=String()),
            bindparam("item", type_=String()),
            bindparam("lo", type_=day),
            bindparam("hi", type_=day),
        )
        .columns(local_date=day, amount=Float(), entries=Integer())
    )


def day_totals(
    conn: Connection, entries: Entries, ranges: Sequence[tuple[date, date]]
) -> dict[date, DayTotal]:
    """The item's summed amount and number of entries per local day, on the days of `ranges`
    (the days a report computes period by period)."""
    statement = _day_totals_statement()
    found: dict[date, DayTotal] = {}
    params = {"kind": entries.kind, "item": entries.item}
    for first, last in ranges:
        for day, amount, count in conn.execute(statement, {**params, "lo": first, "hi": last}):
            found[day] = DayTotal(float(amount), int(count))
    return found


def item_periods(
    conn: Connection,
    entries: Entries,
    runs: Sequence[Run],
    zones: Zones,
    today: date,
    doses: Sequence[Period] = (),
) -> tuple[dict[date, DayTotal], list[Period], Streaks]:
    """An item's periods for a report: the day totals and periods of the runs' pieces shown
    (with a medicine's due doses), and the streaks and score over all history, the pieces
    not shown summarized here."""
    from bonetrack.domain.period_runs import Summarized, day_ranges, item_history, report_pieces

    shown, hidden = report_pieces(runs, zones, [dose.start for dose in doses])
    summaries = summarize_runs(conn, entries, hidden)
    daily = day_totals(conn, entries, day_ranges(shown, today))
    periods, streaks = item_history(shown, map(Summarized, hidden, summaries), daily, today, doses)
    return daily, periods, streaks
