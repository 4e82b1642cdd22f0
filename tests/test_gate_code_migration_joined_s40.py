"""A new code migration whose DDL the code builds from pieces is refused (trial s40 navidrome).

The gate refuses a new goose Go migration (or Flyway Java/Kotlin class)
whose string literals hold DDL (``DBN013``): dbnamelint does not read them.
It tested each literal on its own, so a statement split across pieces
(``"create " + "table PlayHistory (...)"``) or spelled with an escape
(``"create\\ttable PlayHistory (...)"``) held no DDL in any one literal and
the migration passed the gate and the hook, while the same text in
application code was read and judged. Now the value the code runs (pieces
joined, escapes decoded) is tested too; a helper of the folder so written
is a DDL helper alike.

Oracles: the text each language's rules give the expression (Go's and
Java's string concatenation and escapes) creates a table in SQLite; real git
for the base.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import adopted_repo, git, isolated_git_env

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

GO = """package migrations

import (
\t"context"
\t"database/sql"

\t"github.com/pressly/goose/v3"
)

func init() {
\tgoose.AddMigrationContext(Up{v}, nil)
}

func Up{v}(ctx context.Context, tx *sql.Tx) error {
\t_, err := tx.ExecContext(ctx, {expr})
\treturn err
}
"""
#: (Go expression, the text Go gives it)
BUILT = [
    ('"create " + "table PlayHistory (id integer)"', "create table PlayHistory (id integer)"),
    ("`CREATE` + ` TABLE PlayHistory (id integer)`", "CREATE TABLE PlayHistory (id integer)"),
    ('"create\\ttable PlayHistory (id integer)"', "create\ttable PlayHistory (id integer)"),
    (
        '"alter table users " +\n\t\t// why\n\t\t"add " + "column PlayCount integer"',
        "alter table users add column PlayCount integer",
    ),
]


def _go(version: str, expr: str) -> str:
    return GO.replace("{v}", version).replace("{expr}", expr)


def _check(*args: str) -> tuple[int, list[tuple[str, str, int, str]]]:
    result = CliRunner().invoke(cli, ["check", "--no-cache", *args, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout)
    found = [
        (d["code"], d["path"], d["line"], d["severity"])
        for d in report["diagnostics"]
        if d["code"] != "DBN014"
    ]
    return result.exit_code, found


def _repo(root: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str], config: str) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root.mkdir(parents=True)
    monkeypatch.chdir(root)
    adopted_repo(root, files, config)
    return root


@pytest.fixture
def goose(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return _repo(
        tmp_path / "goose",
        monkeypatch,
        {"db/migrations/00001_init.sql": "-- +goose Up\nCREATE TABLE users (id integer);\n"},
        "paths: [db/migrations]\ndialect: sqlite\n",
    )


@pytest.mark.parametrize(("expr", "value"), BUILT)
def test_a_new_go_migration_building_ddl_from_pieces_is_refused(
    goose: Path, expr: str, value: str
) -> None:
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE users (id integer)")
    con.execute(value)  # the oracle: what the code runs makes a name
    made = {r[1] for r in con.execute("PRAGMA table_info(users)")} | {
        r[0] for r in con.execute("SELECT name FROM sqlite_master")
    }
    assert made & {"PlayHistory", "PlayCount"}
    new = "db/migrations/00002_add_play_history.go"
    (goose / new).write_text(_go("00002", expr))
    assert _check("--base", "HEAD") == (1, [("DBN013", new, 15, "error")])
    git(goose, "add", "-A")
    assert _check("--pre-commit") == (1, [("DBN013", new, 15, "error")])
    (goose / new).write_text("// dbnamelint: ignore[DBN013] checked by hand\n" + _go("00002", expr))
    assert _check("--base", "HEAD") == (0, [])


def test_pieces_that_build_no_ddl_pass(goose: Path) -> None:
    new = "db/migrations/00002_fix_data.go"
    (goose / new).write_text(_go("00002", '"update users " + "set id = id"'))
    assert _check("--base", "HEAD") == (0, [])


def test_a_helper_building_ddl_from_pieces_is_a_ddl_helper(goose: Path) -> None:
    helper = """package migrations

import (
\t"context"
\t"database/sql"
)

func addCounter(ctx context.Context, tx *sql.Tx) error {
\t_, err := tx.ExecContext(ctx, "create " + "table PlayCounter (id integer)")
\treturn err
}
"""
    (goose / "db/migrations/helpers.go").write_text(helper)
    git(goose, "add", "-A")
    git(goose, "commit", "-qm", "helper")
    new = "db/migrations/00002_counter.go"
    (goose / new).write_text(
        _go("00002", '"select 1"').replace("\t_, err :=", "\t_ = addCounter(ctx, tx)\n\t_, err :=")
    )
    code, found = _check("--base", "HEAD")
    assert (code, [f[0] for f in found]) == (1, ["DBN013"]), found


JAVA = """package db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

public class V2__PlayHistory extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        try (var st = context.getConnection().createStatement()) {
            st.execute("CREATE " + "TABLE \\"PlayHistory\\" (id int)");
        }
    }
}
"""


def test_a_new_flyway_java_migration_building_ddl_from_pieces_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sql_dir = "src/main/resources/db/migration"
    root = _repo(
        tmp_path / "flyway",
        monkeypatch,
        {f"{sql_dir}/V1__init.sql": "CREATE TABLE users (id int PRIMARY KEY);\n"},
        f"paths: [{sql_dir}]\ndialect: postgres\n",
    )
    new = "src/main/java/db/migration/V2__PlayHistory.java"
    (root / new).parent.mkdir(parents=True)
    (root / new).write_text(JAVA)
    assert _check("--base", "HEAD") == (1, [("DBN013", new, 10, "error")])
