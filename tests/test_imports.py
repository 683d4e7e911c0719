"""Start-up cost is guarded by what gets imported, not by timing.

Each case runs bonetrack in a fresh interpreter and lists the modules it loaded, and the
libraries (top-level packages from site-packages) among them. The floors are the libraries
of `python -c "import typer"` (T: commands that never open the database) and of
`python -c "import typer, sqlalchemy"` (S: commands that do), as in bench/startup.py.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import typer

import bonetrack.cli
from bonetrack.cli.commands import COMMANDS, command_names, load_command

# Runs each argv of a JSON list in turn in one interpreter; after each, records the modules
# loaded so far. A command's module is imported once, so one process can check them all.
HARNESS = """
import json, os, sys, sysconfig
site = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}

def libraries():
    found = set()
    for name, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None) or ""
        if any(path.startswith(s + os.sep) for s in site):
            found.add(name.split(".")[0])
    return sorted(found)

steps = []
code = 0
for argv in json.loads(sys.argv[1]):
    if argv is None:  # the floor: import what the case names, run nothing
        exec(json.loads(sys.argv[2]))
    else:
        sys.argv = ["bonetrack", *argv]
        from bonetrack.cli.app import main
        try:
            main()
        except SystemExit as exit:
            code = exit.code
    steps.append({"modules": sorted(sys.modules), "libraries": libraries(), "code": code})
with open(os.environ["IMPORTS_OUT"], "w") as f:
    json.dump(steps, f)
"""

COMMAND_MODULES = frozenset(f"bonetrack.cli.{entry.module}" for entry in COMMANDS.values())


@dataclass
class Loaded:
    modules: set[str]
    libraries: set[str]
    stdout: str
    code: int

    def command_modules(self) -> set[str]:
        return self.modules & COMMAND_MODULES

    def under(self, prefix: str) -> set[str]:
        return {name for name in self.modules if name == prefix or name.startswith(prefix + ".")}


def run_steps(
    steps: list[list[str] | None],
    tmp_path: Path,
    env: dict[str, str] | None = None,
    code: str = "",
) -> list[Loaded]:
    out = tmp_path / "imports.json"
    full_env = {**os.environ, "TZ": "Europe/Amsterdam", **(env or {}), "IMPORTS_OUT": str(out)}
    result = subprocess.run(
        [sys.executable, "-c", HARNESS, json.dumps(steps), json.dumps(code)],
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.exists(), result.stderr
    return [
        Loaded(set(step["modules"]), set(step["libraries"]), result.stdout, step["code"])
        for step in json.loads(out.read_text())
    ]


def run_one(args: list[str], tmp_path: Path, env: dict[str, str] | None = None) -> Loaded:
    return run_steps([args], tmp_path, env)[0]


def loaded(
    args: list[str], tmp_path: Path, env: dict[str, str] | None = None, expect: str = ""
) -> set[str]:
    """The modules one run loaded (for tests elsewhere that check a command stays light)."""
    run = run_one(args, tmp_path, env)
    assert expect in run.stdout
    return run.modules


def top(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


@pytest.fixture(scope="session")
def typer_floor(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """The libraries of T, `python -c "import typer"`."""
    return run_steps([None], tmp_path_factory.mktemp("t"), code="import typer")[0].libraries


@pytest.fixture(scope="session")
def database_floor(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """The libraries of S, `python -c "import typer, sqlalchemy"`."""
    steps = run_steps([None], tmp_path_factory.mktemp("s"), code="import typer, sqlalchemy")
    return steps[0].libraries


def complete(words: str) -> dict[str, str]:
    return {
        "_BONETRACK_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
    }


# --- --help, --version, completion: nothing beyond typer ------------------------------


@pytest.mark.parametrize(
    ("args", "env", "expect"),
    [
        (["--help"], {}, "Commands:"),
        ([], {}, "Usage: bonetrack"),  # `bonetrack` alone shows the help
        (["-h"], {}, "scan-interval"),  # every command's help line, from the table
        (["--version"], {}, "bonetrack 0.1.0"),
        ([], complete("bonetrack sc"), "scan"),
        ([], complete("bonetrack "), "entries"),
        ([], complete("bonetrack --"), "--db"),
    ],
)
def test_root_help_version_and_completion_import_no_command(
    args: list[str], env: dict[str, str], expect: str, tmp_path: Path, typer_floor: set[str]
) -> None:
    run = run_one(args, tmp_path, env)
    assert expect in run.stdout
    assert run.libraries == typer_floor  # no SQLAlchemy, no rich, no pydantic
    assert run.command_modules() == set()
    assert run.under("bonetrack.store") == set()
    assert run.under("bonetrack.domain") == set()
    assert run.under("bonetrack.render") == set()


def test_completion_lists_every_command_and_each_option(tmp_path: Path) -> None:
    assert run_one([], tmp_path, complete("bonetrack ")).stdout.split() == list(COMMANDS)
    assert set(run_one([], tmp_path, complete("bonetrack -")).stdout.split()) == {
        "--db",
        "--debug",
        "--version",
        "--install-completion",
        "--show-completion",
        "-h",
        "--help",
    }


def test_each_commands_help_imports_its_own_module_only(
    tmp_path: Path, typer_floor: set[str]
) -> None:
    """`bonetrack NAME --help` builds NAME's module alone, and no library beyond typer.

    This is what makes a new command (import, summary, medicines...) pay for its libraries
    only when it runs: its module must import them inside its functions.
    """
    names = list(COMMANDS)
    steps = run_steps([[name, "--help"] for name in names], tmp_path)
    assert f"Usage: bonetrack {names[-1]} [OPTIONS]" in steps[-1].stdout
    seen: set[str] = set()
    for name, step in zip(names, steps, strict=True):
        module = f"bonetrack.cli.{COMMANDS[name].module}"
        assert step.command_modules() - seen == {module} - seen, name
        seen = step.command_modules()
    assert steps[-1].libraries == typer_floor
    assert steps[-1].under("bonetrack.store") == set()


@pytest.mark.parametrize(
    "args",
    [
        ["log", "--help"],
        ["scan", "add", "--help"],
        ["height", "add", "--help"],
        ["event", "add", "--help"],
        ["plan", "set", "--help"],
        ["export", "--help"],
        ["import", "--help"],
        ["backup", "--help"],
        ["restore", "--help"],
    ],
)
def test_a_subcommands_help_imports_its_module_only(
    args: list[str], tmp_path: Path, typer_floor: set[str]
) -> None:
    run = run_one(args, tmp_path)
    assert f"Usage: bonetrack {' '.join(args[:-1])} [OPTIONS]" in run.stdout
    assert run.command_modules() == {f"bonetrack.cli.{COMMANDS[args[0]].module}"}
    assert run.libraries == typer_floor


def test_completing_a_commands_arguments_imports_that_module_only(
    tmp_path: Path, typer_floor: set[str]
) -> None:
    kinds = run_one([], tmp_path, complete("bonetrack log k"))
    assert kinds.stdout.split() == ["k2"]
    assert kinds.command_modules() == {"bonetrack.cli.log"}
    assert kinds.libraries == typer_floor
    scan = run_one([], tmp_path, complete("bonetrack scan c"))
    assert scan.stdout.split() == ["compare"]
    assert scan.command_modules() == {"bonetrack.cli.scan"}
    assert scan.libraries == typer_floor


# --- commands that run: their own module, and nothing beyond SQLAlchemy ----------------


@pytest.fixture
def current_db(tmp_path: Path) -> str:
    """A database at the newest schema (created by a first log, which migrates)."""
    db = str(tmp_path / "x.db")
    first = run_one(["--db", db, "log", "k2", "180mcg"], tmp_path)
    assert "alembic" in first.libraries  # a new database is created by the migrations
    assert first.command_modules() == {"bonetrack.cli.log"}
    return db


def test_log_on_a_current_database_stays_light(
    current_db: str, tmp_path: Path, database_floor: set[str]
) -> None:
    run = run_one(["--db", current_db, "log", "k2", "180mcg", "--at", "yesterday 8:00"], tmp_path)
    assert "Logged K2 180 µg" in run.stdout
    assert "sqlalchemy" in run.libraries  # it did write
    assert run.libraries == database_floor  # no alembic, rich, dateutil, platformdirs
    assert "sqlalchemy.orm" not in run.modules
    assert run.command_modules() == {"bonetrack.cli.log"}
    assert run.under("bonetrack.render") == set()
    assert run.under("bonetrack.store.reports") == set()
    assert run.under("bonetrack.domain.adherence") == set()


# A process that found the schema old, then waited for the write lock while another
# migrated: under the lock it finds the schema current.
WAITED_FOR_A_MIGRATION = """
import sys
from bonetrack.store import migrate
from bonetrack.store.engine import Database, create_engine_for
from bonetrack.store.location import resolve

location = resolve(sys.argv[1])
migrate.upgrade(Database(location, create_engine_for(location)))
print(sorted(name for name in sys.modules if name.split(".")[0] == "alembic"))
"""


def test_a_process_that_waited_for_anothers_migration_imports_no_alembic(
    current_db: str,
) -> None:
    """Seven of eight processes opening a new file at once wait for the eighth's migration:
    they find it done without paying for Alembic (about 0.2 s of CPU each)."""
    run = subprocess.run(
        [sys.executable, "-c", WAITED_FOR_A_MIGRATION, current_db],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert (run.returncode, run.stdout, run.stderr) == (0, "[]\n", "")


@pytest.mark.parametrize(
    ("args", "expect", "orm"),
    [
        (["today"], "Nothing planned yet", False),
        (["entries", "--limit", "20"], "180 µg", False),
        (["report"], "Nothing planned yet", False),
        (["remind"], "Reminders", False),
        (["plan", "show"], "Nothing planned yet", False),
        (["med", "list"], "No medicines yet", False),
        (["lab", "list"], "No lab results yet", False),
        # Changes go through the journal of changes, in Core: no ORM either.
        (["edit", "1", "--note", "n"], "Updated #1", False),
    ],
)
def test_a_command_imports_its_own_module_and_no_other(
    args: list[str], expect: str, orm: bool, current_db: str, tmp_path: Path
) -> None:
    run = run_one(["--db", current_db, *args], tmp_path)
    assert (run.code, expect in run.stdout) == (0, True)
    assert run.command_modules() == {f"bonetrack.cli.{COMMANDS[args[0]].module}"}
    assert "alembic" not in run.libraries
    assert "pydantic" not in run.libraries
    assert ("sqlalchemy.orm" in run.modules) == orm


@pytest.mark.parametrize("args", [["today"], ["entries", "--limit", "20"]])
def test_today_and_entries_load_no_library_beyond_sqlalchemy(
    args: list[str], current_db: str, tmp_path: Path, database_floor: set[str]
) -> None:
    run = run_one(["--db", current_db, *args], tmp_path)
    assert run.libraries == database_floor  # no rich: a plain table


@pytest.mark.parametrize(
    "env",
    [{"COLUMNS": "100"}, {"COLUMNS": "40", "FORCE_COLOR": "1"}],
    ids=["table", "stacked-styled"],
)
def test_the_report_imports_no_rich(current_db: str, tmp_path: Path, env: dict[str, str]) -> None:
    """The report prints plain text with ANSI styles (render/columns.py, styled_text.py):
    not one rich module, whose import and Console cost it about 40 ms. With plans, entries,
    a scan, a lab result and a medicine (no food data: the intake section may use rich)."""
    setup = run_steps(
        [
            ["--db", current_db, *args]
            for args in (
                ["plan", "set", "k2", "180mcg", "--from", "2026-01-01"],
                ["plan", "set", "exercise", "--type", "strength", "--times", "2"],
                ["log", "exercise", "45min", "--type", "strength"],
                ["scan", "add", "--date", "2025-03-14", "--site", "hip", "--t-score", "-2.6"],
                ["lab", "add", "25ohd", "32ng/mL", "--date", "2025-11-01"],
                ["med", "add", "alendronate"],
                ["med", "take", "alendronate"],
            )
        ],
        tmp_path,
    )
    assert [step.code for step in setup] == [0] * 7
    run = run_one(["--db", current_db, "report"], tmp_path, env)
    assert run.code == 0
    for shown in ("K2", "Strength", "Alendronate", "Latest DEXA scan 2025-03-14", "25(OH)D"):
        assert shown in run.stdout, shown
    assert ("\x1b[1m" in run.stdout) == ("FORCE_COLOR" in env)
    assert {name for name in run.modules if name.split(".")[0] == "rich"} == set()


PDF_LIBRARIES = {"fpdf", "PIL", "fontTools", "defusedxml"}


def test_only_summary_pdf_imports_the_pdf_library(current_db: str, tmp_path: Path) -> None:
    """fpdf2 (with Pillow and fontTools) takes about a second to import: only the command
    that writes a PDF may pay for it, not even the summary's preview or HTML."""
    steps = run_steps(
        [
            ["--db", current_db, *args]
            for args in (
                ["report"],
                ["remind"],
                ["scan", "list"],
                ["note", "list"],
                ["summary"],
                ["summary", "--html", str(tmp_path / "s.html")],
                ["summary", "--pdf", str(tmp_path / "s.pdf")],
            )
        ],
        tmp_path,
    )
    assert [step.code for step in steps] == [0] * 7
    assert [bool(step.libraries & PDF_LIBRARIES) for step in steps] == [False] * 6 + [True]
    assert "fpdf" in steps[-1].libraries
    assert steps[-2].under("bonetrack.render.summary_pdf") == set()


def test_med_take_and_today_with_medicines_stay_light(
    current_db: str, tmp_path: Path, database_floor: set[str]
) -> None:
    """Recording a dose is like logging one; today with a weekly tablet still has no rich."""
    added = run_one(["--db", current_db, "med", "add", "alendronate"], tmp_path)
    assert added.code == 0
    run = run_one(["--db", current_db, "med", "take", "alendronate"], tmp_path)
    assert "Recorded Alendronate 70 mg" in run.stdout
    assert run.libraries == database_floor
    assert "sqlalchemy.orm" not in run.modules
    assert run.command_modules() == {"bonetrack.cli.med"}
    assert run.under("bonetrack.render") == set()
    assert run.under("bonetrack.domain.adherence") == set()
    calcium = run_one(["--db", current_db, "log", "calcium", "500mg"], tmp_path)
    assert "Calcium" in calcium.stdout  # checked against the tablet's fasting window
    assert calcium.libraries == database_floor
    assert calcium.under("bonetrack.domain.adherence") == set()
    today = run_one(["--db", current_db, "today"], tmp_path)
    assert "Alendronate" in today.stdout
    assert today.libraries == database_floor


# --- the table in cli/commands.py and the command modules agree ------------------------


def command_apps() -> dict[str, typer.Typer]:
    """Every module in bonetrack.cli that defines a Typer sub-app (all but the root's)."""
    apps = {}
    for info in pkgutil.iter_modules(bonetrack.cli.__path__):
        module = importlib.import_module(f"bonetrack.cli.{info.name}")
        if info.name != "app" and isinstance(getattr(module, "app", None), typer.Typer):
            apps[info.name] = module.app
    return apps


def test_every_table_entry_is_its_modules_command_with_that_help() -> None:
    for name, entry in COMMANDS.items():
        command = load_command(name)
        assert command is not None, f"{name}: not a command of bonetrack.cli.{entry.module}"
        assert command.name == name
        assert command.get_short_help_str(limit=sys.maxsize) == entry.help, name


def test_every_modules_command_is_in_the_table() -> None:
    apps = command_apps()
    assert set(apps) == {entry.module for entry in COMMANDS.values()}
    for module, app in apps.items():
        for name in command_names(app):
            assert name in COMMANDS, f"bonetrack.cli.{module} defines {name}: add it to COMMANDS"
            assert COMMANDS[name].module == module
    assert sorted(name for app in apps.values() for name in command_names(app)) == sorted(COMMANDS)


def test_the_console_script_leaves_its_objects_to_the_end_of_the_process() -> None:
    """main() freezes the collector's objects, so Python's exit need not walk them all."""
    code = (
        "import gc, sys\n"
        "sys.argv = ['bonetrack', '--version']\n"
        "from bonetrack.cli.app import main\n"
        "try:\n    main()\n"
        "except SystemExit as done:\n    print(done.code, gc.get_freeze_count() > 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout == "bonetrack 0.1.0\n0 True\n"


def test_export_and_import_stay_light(current_db: str, tmp_path: Path) -> None:
    """Neither imports Alembic on a current database, nor rich for a small import."""
    out = str(tmp_path / "e.json")
    exported = run_one(["--db", current_db, "export", "--out", out], tmp_path)
    assert exported.code == 0
    assert exported.command_modules() == {"bonetrack.cli.export"}
    assert {"alembic", "rich"} & exported.libraries == set()
    imported = run_one(["--db", current_db, "import", out], tmp_path)
    assert "1 already here" in imported.stdout
    assert imported.modules & IMPORT_CODE == set()  # bonetrack's own format: no other app's
    assert imported.command_modules() == {"bonetrack.cli.import_data"}
    assert {"alembic", "rich"} & imported.libraries == set()


# The code of `import --from cronometer`: no other command loads it.
FOOD_IMPORT_CODE = frozenset(
    {
        "bonetrack.cli.import_cronometer",
        "bonetrack.domain.cronometer",
        "bonetrack.domain.cronometer_csv",
        "bonetrack.store.cronometer",
        "bonetrack.render.food_import",
    }
)


def test_only_the_import_command_loads_the_cronometer_import(
    current_db: str, tmp_path: Path
) -> None:
    others = [
        ["--db", current_db, *args]
        for args in (["log", "calcium", "500mg"], ["today"], ["report"], ["entries"], ["remind"])
    ]
    for step in run_steps(others, tmp_path):  # one process: modules accumulate
        assert step.code == 0
        assert step.modules & FOOD_IMPORT_CODE == set()
    servings = str(Path(__file__).parent / "fixtures" / "cronometer" / "servings.csv")
    run = run_one(
        ["--db", current_db, "import", "--from", "cronometer", servings, "--dry-run"], tmp_path
    )
    assert (run.code, "Dry run: nothing was written." in run.stdout) == (0, True)
    assert run.modules >= FOOD_IMPORT_CODE
    assert run.modules & IMPORT_CODE == set()  # no XML or FHIR reader
    assert run.command_modules() == {"bonetrack.cli.import_data"}
    assert {"alembic", "rich"} & run.libraries == set()  # no bar for a small file


# --- importers: XML and FHIR code only for the commands that import ---------------------

IMPORT_CODE = frozenset(
    {
        "pyexpat",
        "xml.parsers.expat",
        "bonetrack.domain.xml_stream",
        "bonetrack.domain.apple_health",
        "bonetrack.domain.fhir_dexa",
        "bonetrack.domain.fhir_labs",
        "bonetrack.cli.import_apple_health",
        "bonetrack.cli.scan_import",
        "bonetrack.store.apple_health",
        "bonetrack.render.apple_health_import",
    }
)
# `scan import`: the DEXA and lab readers.
FHIR_CODE = {
    "bonetrack.domain.fhir_dexa",
    "bonetrack.domain.fhir_labs",
    "bonetrack.cli.scan_import",
}
FHIR_REPORT = str(Path(__file__).parent / "fixtures" / "fhir" / "dxa-report.json")


@pytest.mark.parametrize(
    "args",
    [
        ["log", "calcium", "500mg"],
        ["today"],
        ["report"],
        ["scan", "list"],
        ["scan", "import", "--help"],
        ["lab", "add", "25ohd", "32ng/mL"],
        ["lab", "list"],
        ["entries", "--limit", "5"],
    ],
)
def test_other_commands_load_no_import_code(
    args: list[str], current_db: str, tmp_path: Path
) -> None:
    run = run_one(["--db", current_db, *args], tmp_path)
    assert run.code == 0
    assert run.modules & IMPORT_CODE == set()


def test_scan_import_loads_the_fhir_reader_and_no_xml(current_db: str, tmp_path: Path) -> None:
    run = run_one(["--db", current_db, "scan", "import", FHIR_REPORT, "--dry-run"], tmp_path)
    assert (run.code, "Dry run: nothing was written." in run.stdout) == (0, True)
    assert run.modules & IMPORT_CODE == FHIR_CODE  # DEXA and lab readers; no XML
    assert "alembic" not in run.libraries


def test_import_from_apple_health_loads_the_xml_and_fhir_readers_not_cronometers(
    current_db: str, tmp_path: Path
) -> None:
    export = str(Path(__file__).parent / "fixtures" / "apple_health" / "export.xml")
    run = run_one(
        ["--db", current_db, "import", "--from", "apple-health", export, "--dry-run"], tmp_path
    )
    assert (run.code, "Dry run: nothing was written." in run.stdout) == (0, True)
    assert run.command_modules() == {"bonetrack.cli.import_data"}
    assert run.modules >= IMPORT_CODE  # clinical records are read as `scan import` reads them
    assert run.modules & FOOD_IMPORT_CODE == set()  # not Cronometer's importer
    assert {"alembic", "rich"} & run.libraries == set()  # no bar for a small file


# The report's intake section (calcium and vitamin D from supplements and food) is shown
# only with food data: without it the text report loads none of its modules.
INTAKE_CODE = frozenset(
    {
        "bonetrack.render.intake",
        "bonetrack.domain.intake",
        "bonetrack.domain.vitamin_k",
        "bonetrack.store.intake",
    }
)


def test_the_report_without_food_data_loads_no_intake_module(
    current_db: str, tmp_path: Path
) -> None:
    planned = run_one(["--db", current_db, "plan", "set", "calcium", "1000mg"], tmp_path)
    assert planned.code == 0
    text, as_json = run_steps(
        [["--db", current_db, "report"], ["--db", current_db, "report", "--json"]], tmp_path
    )
    assert (text.code, "Calcium" in text.stdout) == (0, True)
    assert text.modules & INTAKE_CODE == set()
    assert "sqlalchemy.orm" not in text.modules
    # the JSON contract always has the "intake" key: computed there
    assert (as_json.code, '"intake"' in as_json.stdout) == (0, True)
    assert as_json.modules >= INTAKE_CODE


# The console script's collector: paused for the quick commands (their run is mostly imports),
# on again for those that may handle a lot of data (cli/app.py: BULK_COMMANDS).
COLLECTOR = """
import atexit, gc, sys
atexit.register(lambda: print("collector", gc.isenabled(), file=sys.stderr))
sys.argv = ["bonetrack", *sys.argv[1:]]
from bonetrack.cli.app import main
main()
"""


@pytest.mark.parametrize(
    ("args", "enabled"),
    [
        (["log", "k2", "180mcg"], False),
        (["today"], False),
        (["report"], False),
        (["export", "--help"], True),
        (["import", "--help"], True),
        (["scan", "list"], True),
        (["demo", "--help"], True),
    ],
)
def test_quick_commands_run_with_the_collector_paused(
    current_db: str, args: list[str], enabled: bool
) -> None:
    from bonetrack.cli.app import BULK_COMMANDS

    assert (args[0] in BULK_COMMANDS) is enabled
    result = subprocess.run(
        [sys.executable, "-c", COLLECTOR, "--db", current_db, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[-1] == f"collector {enabled}"
