"""Tables the database derives from the others, kept by its own triggers (migration 0011).

No bonetrack code writes them; they are not exported, journaled or counted by `info`; a
backup or restore carries them, and an import's rows update them as they are written.
Alembic compares them with the migrations (migrations/env.py, the schema tests); the
queries that read them are written out (`store/run_summaries.py`), so that commands need
not build these `Table`s: with a SQLite dialect option, building one loads SQLAlchemy's
SQLite dialect, which a PostgreSQL user's commands never need.
"""

from __future__ import annotations

from sqlalchemy import Column, Date, Float, Integer, MetaData, String, Table

from bonetrack.store.schema import metadata

derived = MetaData(naming_convention=metadata.naming_convention)

# Each item's entries summed per local day: what an item's history reads, one row a day
# (`store/run_summaries.py`). `item` is what a plan item counts beyond the kind: the
# exercise type of 'exercise' rows, the medicine of 'medicine' doses, '' otherwise (and
# for sessions without a type). `day` is the local day's number (`date.toordinal()`).
# Triggers on `intakes` recompute a day's row from its entries whenever one is added,
# deleted or changed: the row is always what `GROUP BY local_date` over them gives.
intake_days = Table(
    "intake_days",
    derived,
    Column("kind", String(32), primary_key=True),
    Column("item", String(40), primary_key=True),
    Column("local_date", Date, primary_key=True),
    Column("day", Integer, nullable=False),
    Column("amount", Float, nullable=False),
    Column("entries", Integer, nullable=False),
    # SQLite keeps the rows in their key's b-tree: a history reads that b-tree alone
    sqlite_with_rowid=False,
)
