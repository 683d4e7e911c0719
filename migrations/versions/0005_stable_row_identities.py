"""stable row identities: a random UUID `uid` on every row table

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24

Export, import and merging between devices match rows by `uid`, never by the
local integer id. Existing rows get a new random UUID each; new rows get one
from the Core column's Python-side default (`schema.new_uid`).

The column is added nullable, filled, then made NOT NULL and unique: on SQLite
the last step recreates the table (batch mode), so it runs once per table.
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("intakes", "plans", "scans", "events", "heights", "anticoagulant_history", "notes")


def upgrade() -> None:
    conn = op.get_bind()
    for name in TABLES:
        # A nullable column is a plain ALTER TABLE on every engine: no table copy.
        op.add_column(name, sa.Column("uid", sa.String(length=36), nullable=True))
        table = sa.table(name, sa.column("id", sa.Integer), sa.column("uid", sa.String))
        ids = conn.execute(sa.select(table.c.id)).scalars().all()
        if ids:
            conn.execute(
                table.update().where(table.c.id == sa.bindparam("row_id")),
                [{"row_id": row_id, "uid": str(uuid.uuid4())} for row_id in ids],
            )
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.alter_column("uid", existing_type=sa.String(length=36), nullable=False)
            batch_op.create_unique_constraint(batch_op.f(f"uq_{name}_uid"), ["uid"])


def downgrade() -> None:
    for name in reversed(TABLES):
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f"uq_{name}_uid"), type_="unique")
            batch_op.drop_column("uid")
