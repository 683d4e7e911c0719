"""medicines, medicine doses, lab results

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23

- medicines: versioned medicine schedules (like plans): a dose every N days,
  weeks or months, from `valid_from`; `active = false` is a stop.
- intakes.medicine: a medicine dose is an intake of kind 'medicine' naming its
  medicine, so entries, undo and edit work on it as on any other entry.
  Existing rows are supplements and exercise: the column stays NULL for them.
- lab_results: lab values with their units, reference range and lab.
Both new tables carry the `uid` every row table has (revision 0005).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "lab_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("test", sa.String(length=32), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=24), nullable=False),
        sa.Column("input_value", sa.Float(), nullable=False),
        sa.Column("input_unit", sa.String(length=24), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("ref_low", sa.Float(), nullable=True),
        sa.Column("ref_high", sa.Float(), nullable=True),
        sa.Column("lab", sa.String(length=128), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(length=64), server_default="cli", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lab_results")),
        sa.UniqueConstraint("uid", name=op.f("uq_lab_results_uid")),
    )
    with op.batch_alter_table("lab_results", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lab_results_test_taken_on"), ["test", "taken_on"], unique=False
        )

    op.create_table(
        "medicines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("dose", sa.Float(), nullable=True),
        sa.Column("every_count", sa.Integer(), nullable=False),
        sa.Column("every_unit", sa.String(length=8), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=True),
        sa.Column("route", sa.String(length=16), nullable=False),
        sa.Column("fasting_min", sa.Integer(), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("active", sa.Boolean(), server_default="1", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "every_unit IN ('day', 'week', 'month')", name=op.f("ck_medicines_every_unit_values")
        ),
        sa.CheckConstraint("dose IS NULL OR dose > 0", name=op.f("ck_medicines_dose_positive")),
        sa.CheckConstraint("every_count > 0", name=op.f("ck_medicines_every_count_positive")),
        sa.CheckConstraint(
            "weekday IS NULL OR (weekday >= 0 AND weekday <= 6)",
            name=op.f("ck_medicines_weekday_0_6"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_medicines")),
        sa.UniqueConstraint("uid", name=op.f("uq_medicines_uid")),
    )
    with op.batch_alter_table("medicines", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_medicines_name_valid_from"), ["name", "valid_from"], unique=False
        )

    with op.batch_alter_table("intakes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("medicine", sa.String(length=40), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_intakes_medicine_local_date"), ["medicine", "local_date"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("intakes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_intakes_medicine_local_date"))
        batch_op.drop_column("medicine")

    with op.batch_alter_table("medicines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_medicines_name_valid_from"))

    op.drop_table("medicines")
    with op.batch_alter_table("lab_results", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lab_results_test_taken_on"))

    op.drop_table("lab_results")
