"""Go migration steps named like goose's, outside any goose folder, are read by the gate.

Trial s39 woodpecker: its xormigrate steps are ``server/store/datastore/
migration/031_add_x.go`` (``var addX = xormigrate.Migration{ID: "add-x",
MigrateSession: func(sess *xorm.Session) error {...}}``, registered in a
``migrationTasks`` list of another file). The names look like goose's
``<version>_x.go``, so the application-code gate left them to the goose
gate, which judges only the folders a walk noted goose migrations in: no
gate read them. ``sess.Exec("ALTER TABLE pipelines ADD COLUMN \\"BadCol\\"
TEXT")`` in a new step, a new ``sess.Sync(...)``, an edit of an applied
step: all passed ``check --base`` and the hook. Now such a file outside
those folders is application code: its new DDL strings judged, its ORM
calls refused, an applied one's edit ``DBN025``.

The steps' package helpers (``renameColumn(sess, "crons", "cron",
"CronSpec")``) complete their DDL with the call's arguments, as a Go
migration list step's do: a new step's call is read bound. xorm's session
``Exec`` writes a name in backticks in the database's own quotes
(``Statement.ReplaceQuote``, which ``ConvertSQLOrArgs`` calls: not on MySQL
and SQLite), and a ``case schemas.MYSQL:`` branch runs on MySQL alone: read
otherwise, the helper's backticks were a PostgreSQL ``DBN004`` and its two
branches a rename then a use of the old name (``DBN028``), refusing a
compliant rename. The oracle is real git and the real PostgreSQL, which
runs the PostgreSQL branch's statement as xorm sends it and refuses the
MySQL one's.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import adopted_repo, git, isolated_git_env, write_files
from pg_server import PgServer, SqlFailed
from test_precommit import Env, hook_repo

__all__ = ["hook_repo"]  # the module-scoped fixture: the hook environment is built once

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

FOLDER = "store/migration"
SCHEMA = "CREATE TABLE crons (id bigint NOT NULL, cron text);\n"
LIST = """package migration

import (
\t"src.techknowlogick.com/xormigrate"
)

var migrationTasks = []*xormigrate.Migration{
\t&addNextExec,
{more}}
"""
HELPERS = """package migration

import (
\t"fmt"

\t"xorm.io/xorm"
\t"xorm.io/xorm/schemas"
)

func renameTable(sess *xorm.Session, oldTable, newTable string) error {
\tswitch sess.Engine().Dialect().URI().DBType {
\tcase schemas.MYSQL:
\t\t_, err := sess.Exec(fmt.Sprintf("RENAME TABLE `%s` TO `%s`;", oldTable, newTable))
\t\treturn err
\tcase schemas.POSTGRES, schemas.SQLITE:
\t\t_, err := sess.Exec(fmt.Sprintf("ALTER TABLE `%s` RENAME TO `%s`;", oldTable, newTable))
\t\treturn err
\tdefault:
\t\treturn fmt.Errorf("not supported")
\t}
}

func renameColumn(sess *xorm.Session, table, column, newName string) error {
\t_, err := sess.Exec(
\t\tfmt.Sprintf("ALTER TABLE `%s` RENAME COLUMN `%s` TO `%s`;", table, column, newName))
\treturn err
}
"""
STEP = """package migration

import (
\t"src.techknowlogick.com/xormigrate"
\t"xorm.io/xorm"
)

var {var} = xormigrate.Migration{
\tID: "{id}",
\tMigrateSession: func(sess *xorm.Session) error {
\t\t{body}
\t},
}
"""
APPLIED = f"{FOLDER}/001_add_next_exec.go"
ADD = '_, err := sess.Exec("ALTER TABLE crons ADD COLUMN next_exec bigint")'
NEW = f"{FOLDER}/002_add_x.go"


def _step(var: str, body: str) -> str:
    return STEP.replace("{var}", var).replace("{id}", var).replace("{body}", body)


def _check(*args: str) -> tuple[int, list[tuple[str, str, int]]]:
    result = CliRunner().invoke(cli, ["check", "--no-cache", *args, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout)
    found = [
        (d["code"], d["path"], d["line"])
        for d in [*report["diagnostics"], *report["findings"]]
        if d["severity"] != "info"
    ]
    return result.exit_code, found


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "woodpecker"
    root.mkdir()
    monkeypatch.chdir(root)
    adopted_repo(
        root,
        {
            "db/schema.sql": SCHEMA,
            f"{FOLDER}/migration.go": LIST.replace("{more}", ""),
            f"{FOLDER}/common.go": HELPERS,
            APPLIED: _step("addNextExec", f"{ADD}\n\t\treturn err") + "\n",
        },
        "paths: [db]\ndialect: postgres\n",
    )
    return root


def _add_step(root: Path, body: str) -> None:
    (root / NEW).write_text(_step("addX", body))
    (root / f"{FOLDER}/migration.go").write_text(LIST.replace("{more}", "\t&addX,\n"))


def _both(root: Path) -> tuple[int, list[tuple[str, str, int]]]:
    """The working tree's verdict against HEAD, and the same for the staged change."""
    tree = _check("--base", "HEAD")
    git(root, "add", "-A")
    assert _check("--pre-commit") == tree
    return tree


@pytest.mark.parametrize(
    ("body", "codes"),
    [
        ('_, err := sess.Exec("ALTER TABLE crons ADD COLUMN \\"NextRun\\" bigint")', ["DBN201"]),
        ('return renameColumn(sess, "crons", "cron", "CronSpec")', ["DBN201"]),
        ('return renameTable(sess, "crons", "CronJobs")', ["DBN101"]),
    ],
)
def test_a_new_step_s_bad_name_is_refused(project: Path, body: str, codes: list[str]) -> None:
    _add_step(project, body if body.startswith("return") else body + "\n\t\treturn err")
    assert _both(project) == (1, [(code, NEW, 11) for code in codes])


@pytest.mark.parametrize(
    "body",
    [
        '_, err := sess.Exec("ALTER TABLE crons ADD COLUMN next_run bigint")\n\t\treturn err',
        'return renameColumn(sess, "crons", "cron", "cron_spec")',
        'return renameTable(sess, "crons", "cron_jobs")',
    ],
)
def test_a_new_step_s_compliant_names_pass(project: Path, body: str) -> None:
    _add_step(project, body)
    assert _both(project) == (0, [])


def test_a_new_step_s_orm_sync_is_refused(project: Path) -> None:
    _add_step(
        project,
        "type crons struct {\n\t\t\tNextRun int64 `xorm:\"'next_run'\"`\n\t\t}\n"
        "\t\treturn sess.Sync(new(crons))",
    )
    assert _both(project) == (1, [("DBN013", NEW, 14)])


def test_an_edited_applied_step_is_dbn025(project: Path) -> None:
    applied = project / APPLIED
    applied.write_text(applied.read_text().replace("next_exec", "next_exec_at"))
    assert _both(project) == (1, [("DBN025", APPLIED, 11)])


def test_postgres_runs_the_statement_read_for_it(pg: PgServer) -> None:
    """What xorm sends PostgreSQL for ``renameTable(sess, "crons", "cron_jobs")``
    (the POSTGRES branch, backticks made double quotes) renames the table; the
    MYSQL branch's statement is refused there, so it is not PostgreSQL's."""
    with pg.fresh_database("s39_xormigrate") as db:
        pg.run(sql=SCHEMA, dbname=db)
        with pytest.raises(SqlFailed):
            pg.run(sql='RENAME TABLE "crons" TO "cron_jobs";', dbname=db)
        pg.run(sql='ALTER TABLE "crons" RENAME TO "cron_jobs";', dbname=db)
        assert pg.public_tables(db) == ["cron_jobs"]


LISTED = """package migration

import (
\t"xorm.io/xorm"
)

var migrations = []func(sess *xorm.Session) error{
\tfunc(sess *xorm.Session) error {
\t\treturn renameTable(sess, "{old}", "{new}")
\t},
}
"""


@pytest.mark.parametrize(("new", "want"), [("cron_jobs", (0, [])), ("CronJobs", (1, ["DBN101"]))])
def test_a_list_step_s_helper_call_is_read_as_xorm_sends_it(
    project: Path, new: str, want: tuple[int, list[str]]
) -> None:
    """A Go migration list's step (read bound before this session) calling
    the same helper: its backticks are PostgreSQL's double quotes, and only
    the branch for PostgreSQL runs (was ``DBN004`` on the backticks)."""
    listed = f"{FOLDER}/steps.go"
    (project / listed).write_text(LISTED.replace("{old}", "crons").replace("{new}", new))
    code, found = _both(project)
    assert (code, found) == (want[0], [(c, listed, 9) for c in want[1]])


@pytest.mark.slow
def test_the_installed_hook_refuses_a_new_step_s_bad_name(
    hook_repo: tuple[Env, Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real pre-commit, installed as the README says: the commit of the
    trial's step is refused, the compliant one made."""
    env, snapshot, rev = hook_repo
    root = tmp_path / "hooked"
    root.mkdir()
    monkeypatch.chdir(root)
    files = {
        "db/schema.sql": SCHEMA,
        f"{FOLDER}/migration.go": LIST.replace("{more}", ""),
        f"{FOLDER}/common.go": HELPERS,
        ".pre-commit-config.yaml": (
            f"repos:\n  - repo: {snapshot}\n    rev: {rev}\n    hooks:\n      - id: dbnamelint\n"
        ),
    }
    adopted_repo(root, files, "paths: [db]\ndialect: postgres\n")
    assert env.pre_commit(root, "install").returncode == 0
    head = env.git(root, "rev-parse", "HEAD").stdout
    _add_step(root, 'return renameColumn(sess, "crons", "cron", "CronSpec")')
    env.git(root, "add", "-A")
    done = env.git(root, "commit", "-m", "step", check=False)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"{NEW}:11:" in done.stdout + done.stderr
    assert "DBN201" in done.stdout + done.stderr
    assert env.git(root, "rev-parse", "HEAD").stdout == head
    write_files(
        root, {NEW: _step("addX", 'return renameColumn(sess, "crons", "cron", "cron_spec")')}
    )
    env.git(root, "add", "-A")
    done = env.git(root, "commit", "-m", "step", check=False)
    assert done.returncode == 0, done.stdout + done.stderr
