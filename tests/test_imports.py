"""Start-up cost is guarded by what gets imported, not by timing.

Each case runs bonetrack in a fresh interpreter and lists the modules it loaded.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HARNESS = """
import json, sys
sys.argv = ["bonetrack", *json.loads(sys.argv[1])]
from bonetrack.cli.app import main
try:
    main()
except SystemExit:
    pass
with open({out!r}, "w") as f:
    json.dump(sorted(sys.modules), f)
"""


def loaded(
    args: list[str], tmp_path: Path, env: dict[str, str] | None = None, expect: str = ""
) -> set[str]:
    out = tmp_path / "modules.json"
    code = HARNESS.format(out=str(out))
    full_env = {**os.environ, "TZ": "Europe/Amsterdam", **(env or {})}
    result = subprocess.run(
        [sys.executable, "-c", code, json.dumps(args)],
        env=full_env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.exists(), result.stderr
    assert expect in result.stdout
    return set(json.loads(out.read_text()))


def top(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        ["log", "--help"],
        ["entries", "--help"],
        ["report", "--help"],
        ["scan", "add", "--help"],
        ["height", "add", "--help"],
        ["event", "add", "--help"],
        ["plan", "set", "--help"],
    ],
)
def test_help_and_version_do_not_import_sqlalchemy(args: list[str], tmp_path: Path) -> None:
    modules = top(loaded(args, tmp_path, expect="bonetrack"))
    assert "sqlalchemy" not in modules
    assert "alembic" not in modules
    assert "pydantic" not in modules


def test_shell_completion_does_not_import_sqlalchemy(tmp_path: Path) -> None:
    env = {
        "_BONETRACK_COMPLETE": "complete_bash",
        "COMP_WORDS": "bonetrack log k",
        "COMP_CWORD": "2",
    }
    modules = top(loaded([], tmp_path, env, expect="k2"))
    assert "sqlalchemy" not in modules
    assert "rich" not in modules


def test_log_on_a_current_database_stays_light(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    first = top(loaded(["--db", db, "log", "k2", "180mcg"], tmp_path))
    assert "alembic" in first  # a new database is created by the migrations
    modules = loaded(["--db", db, "log", "k2", "180mcg", "--at", "yesterday 8:00"], tmp_path)
    names = top(modules)
    assert "sqlalchemy" in names  # it did write
    assert "alembic" not in names  # but the schema was current: no migration machinery
    assert "sqlalchemy.orm" not in modules
    assert "rich" not in names
    assert "dateutil" not in names
    assert "pydantic" not in names
    assert "platformdirs" not in names


def test_no_command_imports_pydantic(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    for args in (["log", "k2", "180mcg"], ["entries"], ["edit", "1", "--note", "n"]):
        assert "pydantic" not in top(loaded(["--db", db, *args], tmp_path))
