"""each item's entries summed per local day, kept by triggers

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23

The report's streaks and score run over all history, one row per day of each item
(`store/run_summaries.py`). Summing the entries per day (`GROUP BY local_date`) was most
of its cost: at 50 years of demo history (90,000 entries, 69,000 item-days) the seven
items' statements took 57 ms, the same statements over this table 13 ms (bench/RESULTS.md).

`intake_days` holds one row per (kind, item, local day): `item` is the exercise type of
'exercise' rows, the medicine of 'medicine' doses, '' otherwise; `day` the day's number
(`date.toordinal()`). Triggers on `intakes` recompute a day's row from its entries
whenever one is added, deleted, or changed in a column the sum depends on, inside the
same transaction: no code of bonetrack's writes it, so nothing can forget to. The
upgrade fills it from the entries there are.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# What a plan item counts beyond the kind, of the intakes row `row` (NEW, OLD, intakes).
_ITEM = (
    "CASE {row}.kind WHEN 'exercise' THEN coalesce({row}.exercise_type, '') "
    "WHEN 'medicine' THEN coalesce({row}.medicine, '') ELSE '' END"
)
# The local day's number, date.toordinal(): 0001-01-01 is 1.
_DAY = {
    # SQLite keeps dates as 'YYYY-MM-DD' text; julianday() of one is a whole number + 0.5.
    "sqlite": "CAST(julianday({date}) - 1721424.5 AS INTEGER)",
    "postgresql": "({date} - DATE '0001-01-01' + 1)",
}
# The columns whose change moves an entry to another day row or changes its sum.
_COLUMNS = "kind, exercise_type, medicine, local_date, amount"


def _refresh_sqlite(row: str) -> str:
    """Statements that make the day row of the intakes row `row` (NEW or OLD) what its
    entries sum to now (none left: no row)."""
    item = _ITEM.format(row=row)
    return (
        f"DELETE FROM intake_days WHERE kind = {row}.kind AND item = {item} "
        f"AND local_date = {row}.local_date; "
        "INSERT INTO intake_days (kind, item, local_date, day, amount, entries) "
        f"SELECT {row}.kind, {item}, {row}.local_date, "
        f"{_DAY['sqlite'].format(date=f'{row}.local_date')}, sum(amount), count(*) "
        f"FROM intakes WHERE kind = {row}.kind AND local_date = {row}.local_date "
        f"AND {_ITEM.format(row='intakes')} = {item} HAVING count(*) > 0;"
    )


def _sqlite_triggers() -> list[str]:
    return [
        "CREATE TRIGGER intake_days_insert AFTER INSERT ON intakes "
        f"BEGIN {_refresh_sqlite('NEW')} END",
        "CREATE TRIGGER intake_days_delete AFTER DELETE ON intakes "
        f"BEGIN {_refresh_sqlite('OLD')} END",
        f"CREATE TRIGGER intake_days_update AFTER UPDATE OF {_COLUMNS} ON intakes "
        f"BEGIN {_refresh_sqlite('OLD')} {_refresh_sqlite('NEW')} END",
    ]


# PostgreSQL runs writers side by side (SQLite one at a time): two adding an entry to the
# same day would both find no row for it and both insert one. The trigger takes this lock,
# held to the end of the writer's transaction, before it recomputes: the next writer waits,
# then sees the first one's entries (each statement of a volatile function under READ
# COMMITTED reads what was committed before it). One lock for all days: no two writers can
# wait for each other's days (a deadlock).
_WRITERS_LOCK_KEY = 0x64617973  # "days"


def _postgresql_triggers() -> list[str]:
    item = _ITEM.format(row="intakes")
    return [
        "CREATE FUNCTION intake_days_refresh(k text, it text, d date) RETURNS void "
        "LANGUAGE sql AS $$ "
        "DELETE FROM intake_days WHERE kind = k AND item = it AND local_date = d; "
        "INSERT INTO intake_days (kind, item, local_date, day, amount, entries) "
        f"SELECT k, it, d, {_DAY['postgresql'].format(date='d')}, sum(amount), count(*) "
        f"FROM intakes WHERE kind = k AND local_date = d AND {item} = it "
        "HAVING count(*) > 0; $$",
        "CREATE FUNCTION intake_days_sync() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"PERFORM pg_advisory_xact_lock({_WRITERS_LOCK_KEY}); "
        "IF TG_OP <> 'INSERT' THEN PERFORM intake_days_refresh("
        f"OLD.kind, {_ITEM.format(row='OLD')}, OLD.local_date); END IF; "
        "IF TG_OP <> 'DELETE' THEN PERFORM intake_days_refresh("
        f"NEW.kind, {_ITEM.format(row='NEW')}, NEW.local_date); END IF; "
        "RETURN NULL; END $$",
        f"CREATE TRIGGER intake_days_sync AFTER INSERT OR DELETE OR UPDATE OF {_COLUMNS} "
        "ON intakes FOR EACH ROW EXECUTE FUNCTION intake_days_sync()",
    ]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_table(
        "intake_days",
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("item", sa.String(length=40), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Float(), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "item", "local_date", name=op.f("pk_intake_days")),
        sqlite_with_rowid=False,
    )
    item = _ITEM.format(row="intakes")
    op.execute(
        "INSERT INTO intake_days (kind, item, local_date, day, amount, entries) "
        f"SELECT kind, {item}, local_date, {_DAY[dialect].format(date='local_date')}, "
        f"sum(amount), count(*) FROM intakes GROUP BY kind, {item}, local_date"
    )
    for statement in _postgresql_triggers() if dialect == "postgresql" else _sqlite_triggers():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER intake_days_sync ON intakes")
        op.execute("DROP FUNCTION intake_days_sync()")
        op.execute("DROP FUNCTION intake_days_refresh(text, text, date)")
    else:
        for event in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER intake_days_{event}")
    op.drop_table("intake_days")
