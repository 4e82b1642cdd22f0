"""A rollback the change adds that makes a name no migration makes is said (DBN033).

Rollbacks are never replayed (they restore old, often legacy, names by
design), so a golang-migrate ``003_x.down.sql`` added with ``CREATE TABLE
"BadName"`` passed ``check --base`` and the hook without a word. The gate
now gives it a warning (not failing: a rollback re-creating what its
migration dropped is doing its job), once per file, at the first statement
new since the base that makes a name no forward migration made; a rollback
that only drops or renames back gets none.

Oracles: PostgreSQL runs the migrations and then the rollback (the names it
leaves behind are what the note names); real git repositories.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, git, init_repo, isolated_git_env
from pg_server import PgServer

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = "paths: [db]\ndialect: postgres\n"
INIT_UP = "CREATE TABLE users (id int);\n"
INIT_DOWN = "DROP TABLE users;\n"
UP = "CREATE TABLE notes (id int);\nALTER TABLE users RENAME TO people;\n"
#: name -> (the new rollback's text, the line of the note or None)
CASES = {
    "makes-a-new-table": (
        "ALTER TABLE people RENAME TO users;\nDROP TABLE notes;\n"
        'CREATE TABLE "BadName" (id int);\n',
        3,
    ),
    "drops-and-renames-back": ("ALTER TABLE people RENAME TO users;\nDROP TABLE notes;\n", None),
    "renames-to-a-new-name": ('DROP TABLE notes;\nALTER TABLE people RENAME TO "Persons";\n', 2),
    "adds-a-column": ('DROP TABLE notes;\nALTER TABLE people ADD COLUMN "LegacyFlag" int;\n', 2),
    "accepted-inline": (
        "DROP TABLE notes;\n-- dbnamelint: ignore[DBN033] restores the 2019 import table\n"
        'CREATE TABLE "BadName" (id int);\n',
        None,
    ),
}
DOWN = "db/002_notes.down.sql"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "project"
    (root / "db").mkdir(parents=True)
    (root / "dbnamelint.yaml").write_text(CONFIG)
    (root / "db/001_init.up.sql").write_text(INIT_UP)
    (root / "db/001_init.down.sql").write_text(INIT_DOWN)
    init_repo(root, "base")
    monkeypatch.chdir(root)
    return root


def _gate(*args: str) -> tuple[int, list[tuple[str, str, str, int]], str]:
    """(exit code, (code, severity, path, line) of each listed diagnostic, text output)."""
    done = CliRunner().invoke(cli, ["check", "--no-cache", *args, "--format", "json"])
    assert done.exception is None or isinstance(done.exception, SystemExit), done.output
    report = json.loads(done.stdout)
    found = [(d["code"], d["severity"], d["path"], d["line"]) for d in report["diagnostics"]]
    text = CliRunner().invoke(cli, ["check", "--no-cache", *args])
    return done.exit_code, found, text.output


def _left_behind(pg: PgServer, tmp_path: Path, down: str) -> set[str]:
    """Names (tables, columns) PostgreSQL holds after the up migrations and
    ``down`` ran that it did not hold before the change's migration."""
    query = (
        "SELECT table_name || '.' || column_name AS n FROM information_schema.columns "
        "WHERE table_schema = 'public'"
    )
    files = []
    for i, text in enumerate((INIT_UP, UP, down)):
        files.append(tmp_path / f"{i}.sql")
        files[-1].write_text(text)
    with pg.fresh_database("gatescope_rollback") as db:
        pg.run(files=files[:1], dbname=db)
        before = {r["n"] for r in pg.query_json(query, dbname=db)}
        pg.run(files=files[1:], dbname=db)
        after = {r["n"] for r in pg.query_json(query, dbname=db)}
    return after - before


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_new_rollback_making_names_is_said(
    case: str, repo: Path, pg: PgServer, tmp_path: Path
) -> None:
    text, line = CASES[case]
    made = _left_behind(pg, tmp_path, text)  # the oracle: what rolling back leaves
    assert bool(made) == (case != "drops-and-renames-back"), made
    (repo / "db/002_notes.up.sql").write_text(UP)
    (repo / DOWN).write_text(text)
    git(repo, "add", "-A")
    for args, ref in ((("--base", "main"), "main"), (("--pre-commit", DOWN), "HEAD")):
        code, found, out = _gate(*args)
        rollback = [f for f in found if f[2] == DOWN]
        if line is None:
            assert (code, rollback) == (0, []), out
        else:
            assert (code, rollback) == (0, [("DBN033", "warning", DOWN, line)]), out
            assert f"{DOWN}:{line}:1: DBN033 warning: rollback not checked: `" in out
            assert f"(the file is new since {ref}) makes '" in out
            assert "a rollback is never replayed, so no rule judged it" in out
            # what it makes is what PostgreSQL holds after the rollback
            shown = out.split(") makes ", 1)[1].split(", a name", 1)[0]
            assert {n.strip("'") for n in shown.split(", ")} <= {
                part for n in made for part in n.split(".")
            }, (shown, made)


def test_an_edit_of_a_committed_rollback(repo: Path) -> None:
    (repo / "db/002_notes.up.sql").write_text(UP)
    (repo / DOWN).write_text("ALTER TABLE people RENAME TO users;\nDROP TABLE notes;\n")
    commit_all(repo, "notes")
    # its committed DDL is no news; a statement the edit adds is
    (repo / DOWN).write_text(
        "ALTER TABLE people RENAME TO users;\nDROP TABLE notes;\nCREATE TABLE tmp_x (id int);\n"
    )
    code, found, out = _gate("--base", "main")
    assert (code, found) == (0, [("DBN033", "warning", DOWN, 3)]), out
    assert "(new or changed since main) makes 'tmp_x'" in out
    git(repo, "add", "-A")
    commit_all(repo, "tmp")
    code, found, out = _gate("--base", "HEAD~1")
    assert (code, found) == (0, [("DBN033", "warning", DOWN, 3)]), out
    code, found, out = _gate("--base", "HEAD")
    assert (code, found) == (0, []), out


def test_a_rollback_folder_file_recreating_a_dropped_name(repo: Path) -> None:
    """``migrate``'s rollback folder: the rollback of a read migration gets its
    DBN008 note; re-creating what the migration dropped is no news, a name no
    migration made is (the one word for the file)."""
    (repo / "db/002_drop.up.sql").write_text("DROP TABLE users;\n")
    (repo / "db/rollbacks").mkdir()
    rollback = "db/rollbacks/002_drop.up.sql"
    (repo / rollback).write_text("CREATE TABLE users (id int);\n")
    git(repo, "add", "-A")
    code, found, out = _gate("--base", "main", "--verbose")
    assert (code, found) == (0, [("DBN008", "info", rollback, 1)]), out
    (repo / rollback).write_text('CREATE TABLE users (id int, "Extra" int);\n')
    git(repo, "add", "-A")
    code, found, out = _gate("--base", "main", "--verbose")
    assert (code, found) == (0, [("DBN033", "warning", rollback, 1)]), out
    assert "makes 'Extra'" in out


def test_include_down_migrations_reads_them_instead(repo: Path) -> None:
    (repo / "dbnamelint.yaml").write_text(CONFIG + "include_down_migrations: true\n")
    commit_all(repo, "read rollbacks")
    (repo / "db/002_notes.up.sql").write_text(UP)
    (repo / DOWN).write_text(CASES["makes-a-new-table"][0])
    git(repo, "add", "-A")
    code, _found, out = _gate("--base", "main")
    assert code == 1 and "DBN033" not in out, out
    assert f'{DOWN}:3:14: DBN101 table "BadName"' in out


#: layout -> (config paths, files committed at the base, (the change's forward file, rollback))
LAYOUTS = {
    "diesel": (
        "migrations",
        {"migrations/2024-01-01-000000_init/up.sql": INIT_UP},
        (
            "migrations/2024-01-02-000000_notes/up.sql",
            "migrations/2024-01-02-000000_notes/down.sql",
        ),
    ),
    "flyway-undo": (
        "sql",
        {"sql/V1__init.sql": INIT_UP},
        ("sql/V2__notes.sql", "sql/U2__notes.sql"),
    ),
    "sqitch-revert": (
        "sqitch/deploy",
        {
            "sqitch/sqitch.plan": "%project=x\n\ninit 2024-01-01T00:00:00Z a <a@b> # init\n",
            "sqitch/deploy/init.sql": INIT_UP,
        },
        ("sqitch/deploy/notes.sql", "sqitch/revert/notes.sql"),
    ),
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_each_tools_rollbacks(layout: str, repo: Path) -> None:
    folder, committed, (forward, rollback) = LAYOUTS[layout]
    (repo / "dbnamelint.yaml").write_text(f"paths: [{folder}]\ndialect: postgres\n")
    for name, text in committed.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    commit_all(repo, layout)
    for name, text in ((forward, UP), (rollback, CASES["makes-a-new-table"][0])):
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    if layout == "sqitch-revert":
        with (repo / "sqitch/sqitch.plan").open("a") as plan:
            plan.write("notes 2024-01-02T00:00:00Z a <a@b> # notes\n")
    git(repo, "add", "-A")
    code, found, out = _gate("--base", "main")
    assert (code, [f for f in found if f[2] == rollback]) == (
        0,
        [("DBN033", "warning", rollback, 3)],
    ), out
    # only dropping and renaming back: no word
    (repo / rollback).write_text(CASES["drops-and-renames-back"][0])
    git(repo, "add", "-A")
    code, found, out = _gate("--base", "main")
    assert (code, [f for f in found if f[2] == rollback]) == (0, []), out
