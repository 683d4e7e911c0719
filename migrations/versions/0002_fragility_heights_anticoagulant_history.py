"""fracture fragility, heights, anticoagulant history

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

- events.fragility: existing fractures become "unknown" (never "yes": only the
  user can say a fracture was a fragility fracture).
- heights: measured standing height by date.
- anticoagulant_history: the profile's anticoagulant as it changes over time,
  so that past days are judged by the status in force on them. An existing
  profile value moves there (valid from the day it was last set; the first
  recorded status also covers the days before it) and leaves the settings.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("fragility", sa.String(length=8), nullable=True))
        batch_op.create_check_constraint(
            "fragility_values", "fragility IS NULL OR fragility IN ('yes', 'no', 'unknown')"
        )
    op.execute("UPDATE events SET fragility = 'unknown' WHERE kind = 'fracture'")

    op.create_table(
        "heights",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measured_on", sa.Date(), nullable=False),
        sa.Column("height_cm", sa.Float(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(length=64), server_default="cli", nullable=False),
        sa.CheckConstraint("height_cm > 0", name=op.f("ck_heights_height_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_heights")),
    )
    with op.batch_alter_table("heights", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_heights_measured_on"), ["measured_on"], unique=False)

    history = op.create_table(
        "anticoagulant_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=True),
        sa.Column("drug", sa.String(length=32), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IS NULL OR status IN ('none', 'vka', 'doac')",
            name=op.f("ck_anticoagulant_history_status_values"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_anticoagulant_history")),
    )
    with op.batch_alter_table("anticoagulant_history", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_anticoagulant_history_valid_from"), ["valid_from"], unique=False
        )

    conn = op.get_bind()
    row = conn.execute(
        sa.text("SELECT value, updated_at FROM settings WHERE key = 'profile.anticoagulant'")
    ).first()
    if row is not None and row[0] in ("none", "vka", "doac"):
        updated_at = row[1]
        if isinstance(updated_at, str):  # SQLite hands back text
            from datetime import datetime

            updated_at = datetime.fromisoformat(updated_at)
        op.bulk_insert(
            history,
            [
                {
                    "status": row[0],
                    "drug": None,
                    "valid_from": updated_at.date(),
                    "created_at": updated_at,
                }
            ],
        )
    op.execute("DELETE FROM settings WHERE key = 'profile.anticoagulant'")


def downgrade() -> None:
    with op.batch_alter_table("anticoagulant_history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_anticoagulant_history_valid_from"))
    op.drop_table("anticoagulant_history")
    with op.batch_alter_table("heights", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_heights_measured_on"))
    op.drop_table("heights")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_constraint("fragility_values", type_="check")
        batch_op.drop_column("fragility")
