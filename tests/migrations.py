"""A copy of bonetrack's migrations with one more revision: an upgrade to test."""

from __future__ import annotations

import shutil
from pathlib import Path

from bonetrack.store import migrate

NEXT_MIGRATION = """
import sqlalchemy as sa
from alembic import op

revision = "{revision}"
down_revision = "{down}"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("intakes") as batch_op:
        batch_op.add_column(sa.Column("batch_no", sa.String(32)))
{fail}

def downgrade():
    pass
"""


def copy_migrations(target: Path) -> Path:
    shutil.copytree(migrate.migrations_dir(), target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def add_next_migration(migrations: Path, *, fail: bool = False) -> str:
    """Add the revision after this version's head to a copy of migrations/.

    It adds `intakes.batch_no`; with `fail`, it then raises RuntimeError("boom").
    Returns the new revision id.
    """
    revision = f"{int(migrate.HEAD_REVISION) + 1:04d}"
    body = NEXT_MIGRATION.format(
        revision=revision,
        down=migrate.HEAD_REVISION,
        fail='    raise RuntimeError("boom")\n' if fail else "",
    )
    (migrations / "versions" / f"{revision}_batch_no.py").write_text(body)
    return revision
