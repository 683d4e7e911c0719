"""a covering index for per-day totals

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23

Reports sum each item's entries per local day (`GROUP BY local_date` over one kind,
and one exercise type). With (kind, local_date) alone SQLite reads every entry's row for
its amount; with (kind, local_date, exercise_type, amount) it reads the index only: on
50 years of demo history (90,000 entries) the report's day totals take about a third
fewer instructions. The new index starts with the old one's columns, which it replaces.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("intakes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_intakes_kind_local_date_exercise_type_amount"),
            ["kind", "local_date", "exercise_type", "amount"],
            unique=False,
        )
        batch_op.drop_index(batch_op.f("ix_intakes_kind_local_date"))


def downgrade() -> None:
    with op.batch_alter_table("intakes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_intakes_kind_local_date"), ["kind", "local_date"], unique=False
        )
        batch_op.drop_index(batch_op.f("ix_intakes_kind_local_date_exercise_type_amount"))
