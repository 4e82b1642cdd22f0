"""The code-DDL gate in a tree of MySQL and SQLite schemas, no dialect configured
(trial s23 gophish).

gophish keeps ``db/db_mysql/migrations`` and ``db/db_sqlite3/migrations``; its
``models/user.go`` adding ``db.Exec("ALTER TABLE users ADD COLUMN `loginCount`
int")`` was read as PostgreSQL, a database the tree does not use: ``DBN004``
("backticks quote names in MySQL... not in postgres") instead of the rule on
``loginCount``. The string is now read in the dialect its text shows among
the tree's (backticks: MySQL), else in each of the tree's databases (trial s25 kratos).

Oracles: real git (``check --base``), and MariaDB for the name the string
creates (``information_schema.columns`` keeps ``loginCount``).
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

import mysql_server
from check_json import check_json
from git_helpers import adopted_repo, isolated_git_env
from pg_server import PgServer

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = "paths:\n  - db/db_mysql/migrations\n  - db/db_sqlite3/migrations\n"
MYSQL = (
    "-- +goose Up\n"
    "CREATE TABLE IF NOT EXISTS `users` (id integer primary key auto_increment, "
    "username varchar(255));\n"
)
SQLITE = (
    "-- +goose Up\n"
    'CREATE TABLE IF NOT EXISTS "users" ("id" integer primary key autoincrement, '
    '"username" varchar(255));\n'
)
USER_GO = """package models

import "github.com/jinzhu/gorm"

var db *gorm.DB

func Setup() error {
\treturn nil
}
"""
BACKTICKED = '\tdb.Exec("ALTER TABLE users ADD COLUMN `loginCount` int")\n'
PLAIN = '\tdb.Exec("ALTER TABLE users ADD COLUMN loginCount int")\n'
GO = "models/user.go"


@pytest.fixture
def gophish(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "gophish"
    root.mkdir()
    monkeypatch.chdir(root)
    adopted_repo(
        root,
        {
            "db/db_mysql/migrations/20160118194630_init.sql": MYSQL,
            "db/db_sqlite3/migrations/20160118194630_init.sql": SQLITE,
            GO: USER_GO,
        },
        CONFIG,
    )
    return root


def _add(root: Path, line: str) -> None:
    path = root / GO
    path.write_text(path.read_text().replace("\treturn nil\n", line + "\treturn nil\n"))


def test_backticks_read_the_string_as_mysql_the_trees_database(gophish: Path) -> None:
    _add(gophish, BACKTICKED)
    code, found, diagnostics = check_json("--base", "HEAD")
    # Before: exit 0 with DBN004 "backticks ... not in postgres" and no finding.
    assert [d for d in diagnostics if d["code"] == "DBN004"] == []
    assert (code, found) == (1, [("DBN201", "loginCount", GO, 8, 40)])  # at the backtick


def test_a_string_showing_no_dialect_reads_as_the_trees_first(gophish: Path) -> None:
    _add(gophish, PLAIN)
    code, found, diagnostics = check_json("--base", "HEAD")
    # Read as PostgreSQL it folded to logincount and passed: MySQL keeps the case.
    assert [d for d in diagnostics if d["code"] == "DBN004"] == []
    assert (code, found) == (1, [("DBN201", "loginCount", GO, 8, 40)])


def test_mariadb_keeps_the_names_case(maria: mysql_server.MysqlServer) -> None:
    with maria.fresh_database("dbnl_gophishimpact_ddl") as db:
        maria.run(MYSQL.split("\n", 1)[1], database=db)
        maria.run("ALTER TABLE users ADD COLUMN loginCount int", database=db)
        names = maria.run(
            "SELECT column_name FROM information_schema.columns "
            f"WHERE table_schema = '{db}' AND table_name = 'users' ORDER BY ordinal_position",
            database=db,
        )
    assert names.split() == ["id", "username", "loginCount"]


def _tree(root: Path, folders: dict[str, str], line: str) -> None:
    """An adopted tree with a schema copy per folder and ``app/store.go``,
    then ``line`` added to the Go file (the change)."""
    files = {f"{folder}/001_init.up.sql": sql for folder, sql in folders.items()}
    go = "package app\n\nfunc Setup(db DB) error {\n\treturn nil\n}\n"
    adopted_repo(root, {**files, "app/store.go": go}, "paths: [db]\n")
    path = root / "app/store.go"
    path.write_text(go.replace("\treturn nil\n", line + "\treturn nil\n"))


def test_a_string_no_database_claims_is_judged_in_each(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    """kratos (trial s25): a tree for PostgreSQL and SQLite, the code's
    dialect told by nothing. Read as the tree's first (PostgreSQL, which
    folds it), ``CREATE TABLE webhookDeliveries`` passed; SQLite keeps it."""
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)
    init = "CREATE TABLE users (id int);\n"
    line = "\tdb.Exec(`CREATE TABLE webhookDeliveries (id int)`)\n"
    _tree(tmp_path, {"db/postgres": init, "db/sqlite": init}, line)
    # The oracles: what each database stores.
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE webhookDeliveries (id int)")
    assert [r[0] for r in db.execute("SELECT name FROM sqlite_master")] == ["webhookDeliveries"]
    db.close()
    name = "dbnl_code_tree_fold"
    pg.run(sql=f"DROP DATABASE IF EXISTS {name}")
    pg.run(sql=f"CREATE DATABASE {name}")
    try:
        pg.run(sql="CREATE TABLE webhookDeliveries (id int);", dbname=name)
        tables = pg.public_tables(name)
    finally:
        pg.run(sql=f"DROP DATABASE IF EXISTS {name}")
    assert tables == ["webhookdeliveries"]
    code, found, diagnostics = check_json("--base", "HEAD")
    assert (code, found) == (1, [("DBN101", "webhookDeliveries", "app/store.go", 4, 24)])
    assert [d for d in diagnostics if d["severity"] != "info"] == []


def test_what_another_database_cannot_read_is_not_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Double quotes make a string in MySQL: the tree's MySQL copy cannot read
    ``CREATE TABLE "audit_entries"``, which the code may run on PostgreSQL
    only. No DBN004 for it; the name is judged where it reads."""
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)
    _tree(
        tmp_path,
        {
            "db/postgres": "CREATE TABLE users (id int);\n",
            "db/mysql": "CREATE TABLE users (id int);\n",
        },
        '\tdb.Exec(`CREATE TABLE "audit_entries" (id int, "BadCol" int)`)\n',
    )
    code, found, diagnostics = check_json("--base", "HEAD")
    assert [d["code"] for d in diagnostics if d["severity"] != "info"] == []
    assert (code, [(c, n) for c, n, *_ in found]) == (1, [("DBN201", "BadCol")])


#: The table case rule judging the stored name alone (``judge: catalog``): the
#: dialect the code is read in decides whether ``webhookDeliveries`` passes
#: (with the default ``judge: written`` PostgreSQL flags its folded words too).
CATALOG = "rules:\n  table-name-wrong-case:\n    options: {judge: catalog}\n"


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        # The tree's SQLite copy says the project runs SQLite too: SQLite keeps the name.
        (
            f"paths: [db]\ndialect: postgres\n{CATALOG}",
            [("DBN101", "webhookDeliveries", "app/store.go", 4, 24)],
        ),
        # A per_path entry naming the code's own dialect: PostgreSQL alone, which folds it.
        (
            "paths: [db]\ndialect: postgres\n"
            f"per_path:\n  - paths: ['app/**']\n    dialect: postgres\n{CATALOG}",
            [],
        ),
    ],
)
def test_a_configured_dialect_is_one_of_the_trees_databases(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    config: str,
    expected: list[tuple[str, str, str, int, int]],
) -> None:
    """`dialect: postgres` is the default of files that do not say theirs; the
    tree's `db/sqlite/` copy says the project runs SQLite too, so code that
    names no database is read in each, as without the setting (before, it was
    PostgreSQL's alone and `CREATE TABLE webhookDeliveries` passed)."""
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)
    init = "CREATE TABLE users (id int);\n"
    files = {f"{folder}/001_init.up.sql": init for folder in ("db/postgres", "db/sqlite")}
    go = "package app\n\nfunc Setup(db DB) error {\n\treturn nil\n}\n"
    adopted_repo(tmp_path, {**files, "app/store.go": go}, config)
    line = "\tdb.Exec(`CREATE TABLE webhookDeliveries (id int)`)\n"
    (tmp_path / "app/store.go").write_text(go.replace("\treturn nil\n", line + "\treturn nil\n"))
    code, found, diagnostics = check_json("--base", "HEAD")
    assert (code, found) == (1 if expected else 0, expected)
    assert [d for d in diagnostics if d["severity"] != "info"] == []
