"""``SELECT ... INTO <table>`` in a code string is DDL the gate reads (trial s34 listmonk).

A new ``internal/migrations/v6.3.0.go`` running ``SELECT id, email AS
"emailAddr" INTO "SubscriberBackup" FROM subscribers`` (and the same in
application code, and ``WITH ... SELECT ... INTO``) passed ``check --base``
and the hook: the code-string filter listed ``CREATE`` and ``ALTER`` only,
while the same line in a ``.sql`` file was read. PostgreSQL creates the
table and its columns (the oracle below). ``INSERT INTO ... SELECT``,
MySQL's ``INTO @var`` and ``INTO TEMP`` create no table the gate judges.

Oracles: PostgreSQL's catalog after running each statement; real git.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import check_json
from git_helpers import adopted_repo, git, git_workdir
from pg_server import PgServer

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SCHEMA = "CREATE TABLE subscribers (id int, email text);\n"
PLAIN = 'SELECT id, email AS "emailAddr" INTO "SubscriberBackup" FROM subscribers'
CTE = 'WITH s AS (SELECT id FROM subscribers) SELECT id AS "cteCol" INTO "CteInto" FROM s'
NOT_TABLES = [
    "INSERT INTO subscribers SELECT * FROM subscribers",
    "WITH s AS (SELECT 1 AS id) INSERT INTO subscribers (id) SELECT id FROM s",
    'SELECT * INTO TEMP "TempCopy" FROM subscribers',
]


def _created(pg: PgServer, sql: str) -> set[tuple[str, str]]:
    """(table, column) pairs PostgreSQL's public schema gains from ``sql``."""
    with pg.fresh_database("s34_golist_into") as name:
        pg.run(sql=SCHEMA, dbname=name)
        pg.run(sql=sql + ";\n", dbname=name)
        rows = pg.query_json(
            "SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = "
            "a.attrelid WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace "
            "AND a.attnum > 0 AND c.relname <> 'subscribers'",
            dbname=name,
        )
    return {(r["relname"], r["attname"]) for r in rows}


def _go(sql: str) -> str:
    return (
        "package backup\n\nfunc Backup(db *sql.DB) error {\n"
        f"\t_, err := db.Exec(`{sql}`)\n\treturn err\n}}\n"
    )


def _python(sql: str) -> str:
    return f"def backup(cur):\n    cur.execute('{sql}')\n"


def _js(sql: str) -> str:
    return f"export async function backup(db) {{\n  await db.query(`{sql}`);\n}}\n"


def _java(sql: str) -> str:
    quoted = sql.replace('"', '\\"')
    return (
        "class Backup {\n  void run(java.sql.Statement s) throws Exception {\n"
        f'    s.execute("{quoted}");\n  }}\n}}\n'
    )


LANGUAGES = {
    "internal/migrations/v6.3.0.go": _go,  # listmonk's hand-rolled migration
    "internal/backup/backup.go": _go,
    "app/backup.py": _python,
    "web/backup.ts": _js,
    "src/main/java/app/Backup.java": _java,
}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = git_workdir(tmp_path / "app", monkeypatch)
    adopted_repo(
        root, {"schema.sql": SCHEMA, "db/.keep": ""}, "paths: [schema.sql, db]\ndialect: postgres\n"
    )
    return root


def _judged(root: Path, path: str, text: str) -> set[tuple[str, str]]:
    """(code, name) of each failing finding the hook's run gives ``text`` at ``path``."""
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    code, found, _ = check_json("--pre-commit")
    assert check_json("--base", "HEAD")[:2] == (code, found)
    git(root, "rm", "-q", "--cached", path)
    (root / path).unlink()
    assert code == (1 if found else 0)
    return {(c, n) for c, n, *_ in found}


@pytest.mark.parametrize("path", list(LANGUAGES))
def test_select_into_a_table_is_read_in_every_language(repo: Path, pg: PgServer, path: str) -> None:
    assert _created(pg, PLAIN) == {("SubscriberBackup", "id"), ("SubscriberBackup", "emailAddr")}
    assert _created(pg, CTE) == {("CteInto", "cteCol")}
    make = LANGUAGES[path]
    # what the same statement in a new .sql file gives, which was read already
    for sql, table, column in (
        (PLAIN, "SubscriberBackup", "emailAddr"),
        (CTE, "CteInto", "cteCol"),
    ):
        in_sql = _judged(repo, "db/backup.sql", sql + ";\n")
        assert {("DBN101", table), ("DBN201", column)} <= in_sql
        assert _judged(repo, path, make(sql)) == in_sql


@pytest.mark.parametrize("sql", NOT_TABLES)
def test_statements_making_no_lasting_table_pass(repo: Path, pg: PgServer, sql: str) -> None:
    assert _created(pg, sql) == set()
    assert _judged(repo, "internal/backup/backup.go", _go(sql)) == set()
