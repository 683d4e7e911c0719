"""Alembic environment for bonetrack.

bonetrack runs migrations itself (bonetrack.store.migrate) and hands over an
open connection that is already inside a transaction; the `alembic` command
line, for developers, gets a connection from BONETRACK_DB instead.
"""

from alembic import context

from bonetrack.store.derived import derived
from bonetrack.store.schema import UTCDateTime, metadata

config = context.config


def render_item(type_, obj, autogen_context):  # type: ignore[no-untyped-def]
    """Write bonetrack's UTCDateTime as the plain column type it stores."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_with(connection):  # type: ignore[no-untyped-def]
    context.configure(
        render_item=render_item,
        connection=connection,
        # the tables and the tables the database derives from them (triggers)
        target_metadata=[metadata, derived],
        # SQLite cannot ALTER most things: batch mode recreates the table.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run_with(connection)
else:
    from bonetrack.store.engine import create_engine_for
    from bonetrack.store.location import resolve

    engine = create_engine_for(resolve(None))
    with engine.connect() as conn:
        run_with(conn)
        conn.commit()
