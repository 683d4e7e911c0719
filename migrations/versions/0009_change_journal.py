"""the journal of changes, for `undo` of any change

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-24

`changes`: one row per change a command made (the command line, when, whether it
was undone); `change_rows`: the table rows it added, edited or deleted, with their
values before and after as JSON. Both have a `uid`, as every row table has since
0005: the journal is exported with the data, and a change brought from another
device's export names the import that brought it (`imported_in`). Earlier changes were not recorded:
the journal starts empty, and `undo` says so rather than guess.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("command", sa.Text(), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("imported_in", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_changes")),
        sa.UniqueConstraint("uid", name=op.f("uq_changes_uid")),
    )
    with op.batch_alter_table("changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_changes_undone_at_id"), ["undone_at", "id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_changes_imported_in"), ["imported_in"], unique=False)
    op.create_table(
        "change_rows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("change_id", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(length=32), nullable=False),
        sa.Column("row_key", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=8), nullable=False),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "action IN ('insert', 'update', 'delete')", name=op.f("ck_change_rows_action_values")
        ),
        sa.ForeignKeyConstraint(
            ["change_id"],
            ["changes.id"],
            name=op.f("fk_change_rows_change_id_changes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_rows")),
        sa.UniqueConstraint("uid", name=op.f("uq_change_rows_uid")),
    )
    with op.batch_alter_table("change_rows", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_change_rows_change_id"), ["change_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("change_rows", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_change_rows_change_id"))
    op.drop_table("change_rows")
    with op.batch_alter_table("changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_changes_imported_in"))
        batch_op.drop_index(batch_op.f("ix_changes_undone_at_id"))
    op.drop_table("changes")
