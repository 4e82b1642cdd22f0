"""DDL that application code runs is left as written by ``impact --diff`` (trial s20, shiori).

shiori (Go) keeps its own migration list: a file migration creating
``account``, then a closure running ``ALTER TABLE account ADD COLUMN config
...``. Once ``migrate`` renamed ``account`` to ``accounts``, ``impact --diff``
patched the closure to ``ALTER TABLE accounts``: a fresh install replays the
first migration (``account``), then the closure, and PostgreSQL answers
``relation "accounts" does not exist``. DDL in code is a migration step or
start-up set-up: it is listed and counted, marked, and never patched. Since
trial s22 (dex) the closure's strings are known for a migration step: they
lie in a Go migration list (``var postgresMigrations = []migration{``), which
is history, listed apart and never counted or patched
(tests/test_impact_trial_s22_dex.py); the Python set-up's DDL stays DDL in code.

PostgreSQL is the oracle: the fresh install with the patched code (the steps
as the patch leaves them, then the forward script, then the patched queries)
runs, and the closure as the old patch wrote it fails. The patch goes through
the real ``git apply``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.impact.scan import DDL_IN_CODE
from dbnamelint.impact.sqlscope import SqlText
from git_helpers import commit_all, git, init_repo
from impact_json import impact_items
from pg_server import PgServer, SqlFailed

INITIAL = "CREATE TABLE account (id integer PRIMARY KEY, username text NOT NULL);\n"

GO = """package database

var postgresMigrations = []migration{
	newFileMigration("0.0.0", "0.1.0", "postgres/0001_initial"),
	newFuncMigration("0.1.0", "0.2.0", func(db *sql.DB) error {
		_, err := db.Exec(`ALTER TABLE account ADD COLUMN config JSONB NOT NULL DEFAULT '{}'`)
		return err
	}),
}

func (db *PGDatabase) GetAccount(id int) error {
	_, err := db.Exec(`SELECT id, username FROM account WHERE id = $1`, id)
	return err
}
"""

PYTHON = """def setup(cur):
    cur.execute("CREATE INDEX IF NOT EXISTS idx_username ON account (username)")


def names(cur):
    cur.execute("SELECT username FROM account")
    return cur.fetchall()
"""


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """shiori's shape: a SQL migration, code running DDL and DML; phase 1 migrated."""
    init_repo(tmp_path)
    (tmp_path / "db" / "migrations").mkdir(parents=True)
    (tmp_path / "db" / "migrations" / "0001_initial.sql").write_text(INITIAL, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text(
        "paths: [db/migrations]\ndialect: postgres\nselect: [DBN105]\n", encoding="utf-8"
    )
    (tmp_path / "internal" / "database").mkdir(parents=True)
    (tmp_path / "internal" / "database" / "pg.go").write_text(GO, encoding="utf-8")
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "store.py").write_text(PYTHON, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert _run("whitelist", "init")[0] == 0
    commit_all(tmp_path, "base")
    code, _, err = _run("migrate", "--phase", "1", "--write")
    assert code == 0, err
    commit_all(tmp_path, "phase 1")
    return tmp_path


def _apply(repo: Path, patch: str) -> None:
    (repo / "fix.patch").write_text(patch, encoding="utf-8")
    git(repo, "apply", "fix.patch")
    (repo / "fix.patch").unlink()


def _statements(repo: Path) -> dict[str, str]:
    """The SQL of each string the code runs, by its first word and file."""
    go = (repo / "internal" / "database" / "pg.go").read_text(encoding="utf-8")
    py = (repo / "app" / "store.py").read_text(encoding="utf-8")
    found = {f"go {s.split()[0]}": s for s in re.findall(r"`([^`]*)`", go)}
    found.update({f"py {s.split()[0]}": s for s in re.findall(r'execute\("([^"]*)"\)', py)})
    return found


def test_the_diff_leaves_ddl_in_code_and_patches_the_rest(repo: Path) -> None:
    code, out, err = _run("impact", "--diff")
    assert code == 0, err
    _apply(repo, out)
    assert _statements(repo) == {
        "go ALTER": "ALTER TABLE account ADD COLUMN config JSONB NOT NULL DEFAULT '{}'",
        "go SELECT": "SELECT id, username FROM accounts WHERE id = $1",
        "py CREATE": "CREATE INDEX IF NOT EXISTS idx_username ON account (username)",
        "py SELECT": "SELECT username FROM accounts",
    }
    assert "internal/database/pg.go:6" not in err  # a migration list's step: history
    assert f"dbnamelint: app/store.py:2:61: SQL statement left as written: {DDL_IN_CODE}" in err
    assert (
        "dbnamelint: the patch leaves 1 place in 1 DDL statement in code as written "
        "(listed above): rename them by hand\n"
    ) in err


def test_the_report_marks_ddl_in_code(repo: Path) -> None:
    code, out, _ = _run("impact", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    items = [i for _o, i in impact_items(doc)]
    marks = {(i["path"], i["line"]): i["ddl"] for i in items}
    assert marks == {
        ("internal/database/pg.go", 12): None,
        ("app/store.py", 2): DDL_IN_CODE,
        ("app/store.py", 6): None,
    }
    # Listed and counted like any place.
    assert (doc["summary"]["references"], doc["summary"]["ddl"]) == (3, 1)
    # The Go migration list's step is history.
    assert {"path": "internal/database/pg.go", "references": 1} in doc["history"]
    code, text, _ = _run("impact")
    assert code == 0
    lines = text.splitlines()
    at = lines.index(
        "      app/store.py:2:61: high [SQL] cur.execute("
        '"CREATE INDEX IF NOT EXISTS idx_username ON account (username)")'
    )
    assert lines[at + 1] == f"        ! {DDL_IN_CODE}"
    assert not lines[at + 2].strip().startswith("!")  # the SELECT after it is not marked
    assert (
        "DDL in code: 1 reference in 1 file (marked !: impact --diff leaves it as written; "
        "rename it by hand)"
    ) in lines
    assert "  internal/database/pg.go (1, in a migration list)" in lines


def test_postgres_replays_the_fresh_install(pg: PgServer, repo: Path) -> None:
    """Migration steps in order (the SQL file, the Go closure, the Python set-up),
    the forward script, then the patched queries: all run. The closure as the
    old patch wrote it does not."""
    _, out, _ = _run("impact", "--diff")
    _apply(repo, out)
    sql = _statements(repo)
    forward = (repo / "db" / "migrations" / "0002_rename_phase_1.sql").read_text(encoding="utf-8")
    with pg.fresh_database("codeddl_replay") as name:
        pg.run(sql=INITIAL, dbname=name)
        pg.run(sql=sql["go ALTER"], dbname=name)
        pg.run(sql=sql["py CREATE"], dbname=name)
        pg.run(sql=forward, dbname=name)
        pg.run(sql=sql["go SELECT"].replace("$1", "1"), dbname=name)
        pg.run(sql=sql["py SELECT"], dbname=name)
    with pg.fresh_database("codeddl_old_patch") as name:
        pg.run(sql=INITIAL, dbname=name)
        with pytest.raises(SqlFailed, match='relation "accounts" does not exist'):
            pg.run(sql=sql["go ALTER"].replace("account", "accounts"), dbname=name)


@pytest.mark.parametrize(
    ("statement", "ddl"),
    [
        ("ALTER TABLE account ADD COLUMN c int", True),
        ("CREATE TABLE IF NOT EXISTS account (id int)", True),
        ("CREATE UNIQUE INDEX i ON account (id)", True),
        ("CREATE OR REPLACE VIEW v AS SELECT id FROM account", True),
        ("DROP TABLE IF EXISTS account", True),
        ("ALTER TABLE account RENAME TO accounts", True),
        ("COMMENT ON TABLE account IS 'x'", True),
        ("GRANT SELECT ON account TO reader", True),
        ("CREATE TRIGGER t AFTER INSERT ON account FOR EACH ROW EXECUTE FUNCTION f()", True),
        ("CREATE TEMP TABLE tmp AS SELECT id FROM account", False),
        ("CREATE GLOBAL TEMPORARY TABLE tmp AS SELECT id FROM account", False),
        ("SELECT id FROM account", False),
        ("INSERT INTO account (id) VALUES (1)", False),
        ("TRUNCATE account", False),
    ],
)
def test_which_statements_change_the_schema(statement: str, ddl: bool) -> None:
    # After a statement, so the string reads as SQL whatever the statement's verb.
    text = f"package x\nconst q = `CREATE TABLE other (id int);\n{statement}`\n"
    sql = SqlText.parse("x.go", text)
    assert sql.schema_change(text.index("account")) is ddl


def test_a_routine_body_created_by_ddl_is_ddl() -> None:
    text = (
        "package x\nconst q = `CREATE FUNCTION n() RETURNS bigint LANGUAGE sql AS $$"
        " SELECT count(*) FROM account $$`\n"
        "const d = `DO $$ BEGIN PERFORM 1 FROM account; END $$`\n"
    )
    sql = SqlText.parse("x.go", text)
    assert sql.schema_change(text.index("account"))
    assert not sql.schema_change(text.rindex("account"))  # DO runs, it creates nothing


def test_a_sql_file_outside_the_migrations_is_not_marked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQL files have their own history rules; only code's DDL is marked."""
    repo = tmp_path
    init_repo(repo)
    (repo / "db" / "migrations").mkdir(parents=True)
    (repo / "db" / "migrations" / "0001_initial.sql").write_text(INITIAL, encoding="utf-8")
    (repo / "dbnamelint.yaml").write_text(
        "paths: [db/migrations]\ndialect: postgres\nselect: [DBN105]\n", encoding="utf-8"
    )
    (repo / "scripts").mkdir()
    (repo / "scripts" / "report.sql").write_text(
        "CREATE OR REPLACE VIEW report AS SELECT id FROM account;\n", encoding="utf-8"
    )
    monkeypatch.chdir(repo)
    assert _run("whitelist", "init")[0] == 0
    commit_all(repo, "base")
    code, out, _ = _run("impact", "--format", "json")
    assert code == 0
    items = [i for _o, i in impact_items(json.loads(out))]
    assert [(i["path"], i["ddl"]) for i in items] == [("scripts/report.sql", None)]
