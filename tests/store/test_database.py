"""Opening, creating, protecting and migrating the database."""

import sqlite3
import stat
from pathlib import Path

import pytest

from bonetrack.store import migrate
from bonetrack.store.engine import open_database
from bonetrack.store.location import resolve
from tests.conftest import CliCall
from tests.migrations import add_next_migration, copy_migrations


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_database_is_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "new" / "dir" / "bonetrack.db"
    monkeypatch.setenv("BONETRACK_DB", str(path))  # creates its folders, unlike --db
    db = open_database()
    db.close()
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (migrate.HEAD_REVISION,)
        ]
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_connections_use_foreign_keys_and_busy_timeout(tmp_path: Path) -> None:
    db = open_database(str(tmp_path / "x.db"))
    with db.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 20_000
    db.close()


def test_location_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BONETRACK_DB", str(tmp_path / "env.db"))
    assert resolve(str(tmp_path / "opt.db")).path == tmp_path / "opt.db"
    assert resolve(None).path == tmp_path / "env.db"
    monkeypatch.delenv("BONETRACK_DB")
    assert resolve(None).path == tmp_path / "xdg" / "bonetrack" / "bonetrack.db"
    assert resolve("postgresql+psycopg://me:secret@host/db").path is None
    assert resolve("postgresql+psycopg://me:secret@host/db").describe() == (
        "postgresql+psycopg://me:***@host/db"
    )
    assert resolve(f"sqlite:///{tmp_path}/u.db").path == tmp_path / "u.db"


def test_default_location_is_created_private(
    cli: CliCall, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BONETRACK_DB", raising=False)
    assert cli("log", "k2", "180mcg").exit_code == 0
    path = tmp_path / "xdg" / "bonetrack" / "bonetrack.db"
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700


def test_db_option_wins_over_environment(cli: CliCall, tmp_path: Path, db_path: Path) -> None:
    other = tmp_path / "other.db"
    assert cli("--db", str(other), "log", "k2", "180mcg").exit_code == 0
    assert other.exists()
    assert not db_path.exists()


def test_not_a_database(cli: CliCall, tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_text("this is not sqlite, it is a shopping list\n" * 100)
    result = cli("--db", str(junk), "log", "k2", "180mcg")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {junk} is not a bonetrack database (file is not a database).\n"
    )
    assert junk.read_text().startswith("this is not sqlite")


def test_foreign_sqlite_database_is_refused(cli: CliCall, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
    result = cli("--db", str(other), "entries")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {other} holds tables but is not a bonetrack database.\n"


def test_uncreatable_location(cli: CliCall, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = cli("log", "k2", "180mcg", env={"BONETRACK_DB": str(blocker / "sub" / "x.db")})
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: cannot create the database at {blocker / 'sub' / 'x.db'}: Not a directory.\n"
    )
    directory = cli("--db", str(tmp_path), "entries")
    assert directory.stderr == f"Error: {tmp_path} is a directory, not a database file.\n"


def test_database_from_a_newer_bonetrack(cli: CliCall, db_path: Path) -> None:
    assert cli("entries").exit_code == 0
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    result = cli("entries")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {db_path} was written by a newer bonetrack (schema 9999); "
        "upgrade bonetrack to use it.\n"
    )


def test_bad_url(cli: CliCall) -> None:
    result = cli("--db", "nosuchdialect://x/y", "entries")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot use the database URL nosuchdialect://x/y:")


CURRENT_REVISION = migrate.HEAD_REVISION
NEXT_REVISION = f"{int(CURRENT_REVISION) + 1:04d}"


@pytest.fixture
def next_migration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A copy of migrations/ with a next revision added; returns a function to write it."""
    copy = copy_migrations(tmp_path / "migrations")
    monkeypatch.setattr(migrate, "migrations_dir", lambda: copy)

    def write(fail: bool) -> None:
        monkeypatch.setattr(migrate, "HEAD_REVISION", add_next_migration(copy, fail=fail))
        assert migrate.HEAD_REVISION == NEXT_REVISION

    return write


def test_existing_database_is_backed_up_then_upgraded(
    cli: CliCall,
    db_path: Path,
    next_migration,  # type: ignore[no-untyped-def]
) -> None:
    _create_at_head(db_path)
    next_migration(fail=False)
    result = cli("entries", "--json")
    assert result.exit_code == 0, result.stderr
    backups = list(db_path.parent.glob(f"bonetrack.db.backup-*-schema-{CURRENT_REVISION}"))
    assert len(backups) == 1
    assert mode(backups[0]) == 0o600
    # The user is told where the copy is (stderr: stdout stays JSON).
    assert result.stderr == (
        f"Upgraded {db_path} from schema {CURRENT_REVISION} to {NEXT_REVISION}; a copy from "
        f"before the upgrade is at {backups[0]}\n"
    )
    assert result.stdout.startswith("[")
    with sqlite3.connect(backups[0]) as conn:
        assert conn.execute("SELECT kind, amount FROM intakes").fetchall() == [("k2", 180.0)]
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (NEXT_REVISION,)
        ]
        assert conn.execute("SELECT kind, amount, batch_no FROM intakes").fetchall() == [
            ("k2", 180.0, None)
        ]


def test_failed_migration_rolls_back_completely(
    cli: CliCall,
    db_path: Path,
    next_migration,  # type: ignore[no-untyped-def]
) -> None:
    _create_at_head(db_path)
    next_migration(fail=True)
    result = cli("entries")
    assert result.exit_code == 1
    backup = next(db_path.parent.glob(f"bonetrack.db.backup-*-schema-{CURRENT_REVISION}"))
    assert result.stderr == (
        f"Error: upgrading {db_path} failed and was rolled back (RuntimeError: boom); "
        f"a copy made before it is at {backup}.\n"
    )
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (CURRENT_REVISION,)
        ]
        columns = [row[1] for row in conn.execute("PRAGMA table_info(intakes)")]
        assert "batch_no" not in columns
        assert conn.execute("SELECT kind, amount FROM intakes").fetchall() == [("k2", 180.0)]


def _create_at_head(db_path: Path) -> None:
    """A database made by this version's migrations, holding one entry."""
    source = Path(__file__).resolve().parents[2] / "migrations"
    from alembic import command

    config = migrate.alembic_config()
    config.set_main_option("script_location", str(source))
    from bonetrack.store.engine import create_engine_for

    db_path.parent.mkdir(parents=True, exist_ok=True)
    db_path.touch(mode=0o600)
    engine = create_engine_for(resolve(str(db_path)))
    with engine.connect() as conn, conn.begin():
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
        conn.exec_driver_sql(
            "INSERT INTO intakes (uid, kind, amount, input_amount, input_unit, taken_at, "
            "utc_offset_min, local_date, created_at, source) VALUES "
            "('0f0e8d86-5a6b-4c39-9c1e-3b8f8f1d2a11', 'k2', 180, 180, 'mcg', "
            "'2026-11-22 07:00:00', 60, '2026-11-22', '2026-11-22 07:00:00', 'cli')"
        )
    engine.dispose()


def test_head_revision_constant_matches_the_migrations() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert script.get_heads() == [migrate.HEAD_REVISION]


def test_migrations_match_the_models(tmp_path: Path) -> None:
    """Autogenerate finds nothing to do: the migrations create exactly the models' schema."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from bonetrack.store.derived import derived
    from bonetrack.store.models import Base

    db = open_database(str(tmp_path / "fresh.db"))
    with db.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, [Base.metadata, derived]) == []
    db.close()
