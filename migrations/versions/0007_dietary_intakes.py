"""dietary intake records and the imports they came from

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23

Food is its own kind of record, not a dose: per local day and nutrient (calcium
mg, vitamin D IU, vitamin K µg), with the importer, the app that recorded it, a
key stable across exports (a re-import adds nothing twice) and the import it came
from. New tables only: no existing row changes. Each row has a `uid`, as every row
table has since 0005.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imports")),
        sa.UniqueConstraint("uid", name=op.f("uq_imports_uid")),
    )
    op.create_table(
        "dietary_intakes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("nutrient", sa.String(length=16), nullable=False),
        sa.Column("amount", sa.Float(), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("source_app", sa.String(length=128), nullable=True),
        sa.Column("record_key", sa.String(length=64), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "nutrient IN ('calcium', 'vitamin-d', 'vitamin-k')",
            name=op.f("ck_dietary_intakes_nutrient_values"),
        ),
        sa.CheckConstraint("amount >= 0", name=op.f("ck_dietary_intakes_amount_not_negative")),
        sa.ForeignKeyConstraint(
            ["import_id"], ["imports.id"], name=op.f("fk_dietary_intakes_import_id_imports")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dietary_intakes")),
        sa.UniqueConstraint(
            "source", "record_key", name=op.f("uq_dietary_intakes_source_record_key")
        ),
        sa.UniqueConstraint("uid", name=op.f("uq_dietary_intakes_uid")),
    )
    with op.batch_alter_table("dietary_intakes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dietary_intakes_local_date_nutrient"), ["local_date", "nutrient"]
        )
        batch_op.create_index(
            batch_op.f("ix_dietary_intakes_source_local_date"), ["source", "local_date"]
        )
        batch_op.create_index(batch_op.f("ix_dietary_intakes_import_id"), ["import_id"])


def downgrade() -> None:
    op.drop_table("dietary_intakes")
    op.drop_table("imports")
