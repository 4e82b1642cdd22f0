"""``impact --diff`` and the column names an alias or CTE defines itself.

``FROM unnest($1) AS roles(role)``, ``FROM t AS x(id, role)``, ``WITH x(role)
AS (...)``: the list names the binding's own columns (PostgreSQL, SELECT,
"FROM Clause": "column_alias"; "WITH Queries"), so neither those names nor
``roles.role`` / a bare ``role`` read from such a binding are a use of
``t.role``, whatever the alias is called (``roles`` is also a table here,
and one alias is called ``t``). The INSERT's target list ``INSERT INTO t
(id, role)`` and an UPDATE's ``SET role =`` are uses and are renamed.
Found by a new-user trial (hasura-auth): 7 of 36 queries broke.

The oracles: ``git apply`` takes the patch, and PostgreSQL PREPAREs every
patched statement after the migration renamed the column (and every original
one before it).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo, git
from pg_server import PgServer

CONFIG = (
    "paths: [db]\ndialect: postgres\nrules:\n  column-legacy-name:\n"
    "    options:\n      columns: {t.role: role_name}\n"
)
INIT = "CREATE TABLE roles (role text PRIMARY KEY); CREATE TABLE t (id int, role text);\n"
RENAME = "ALTER TABLE t RENAME COLUMN role TO role_name;\n"

#: (statement, whether the patch must change it).
QUERIES = [
    # The trial's query: the target list is t's, roles(role) and roles.role the alias's.
    (
        "INSERT INTO t (id, role) SELECT 1, roles.role"
        " FROM unnest(ARRAY[$1]::text[]) AS roles(role)",
        True,
    ),
    ("INSERT INTO t (id, role) SELECT 1, role FROM unnest(ARRAY[$1]::text[]) AS roles(role)", True),
    (
        "INSERT INTO t (id, role) SELECT 1, role FROM (SELECT $1::text) AS r(role)"
        " ON CONFLICT DO NOTHING",
        True,
    ),
    ("SELECT t.role FROM unnest(ARRAY[$1]::text[]) AS t(role)", False),
    ("SELECT role FROM unnest(ARRAY[$1]::text[]) AS x(role)", False),
    ("SELECT x.role FROM (SELECT 'a') AS x(role)", False),
    (
        "UPDATE t SET id = 2, role = x.role FROM unnest(ARRAY[$1]::text[]) AS x(role)"
        " WHERE t.id = 1",
        True,
    ),
    # FROM t AS x(a, b): the alias renames t's columns for the query.
    ("SELECT x.role FROM t AS x(id, role) WHERE x.role = $1", False),
    ("SELECT role FROM t AS x(id, role) WHERE role = $1", False),
    ("SELECT x.b FROM t AS x(a, b) WHERE x.a = $1", False),
    # WITH x(role) AS (...): the body reads t.role, the rest reads x's own column.
    ("WITH x(role) AS (SELECT role FROM t) SELECT x.role FROM x", True),
    ("WITH x(role) AS (SELECT role FROM t) SELECT role FROM x", True),
    ("WITH x(id, role) AS (SELECT id, role FROM t) SELECT x.role FROM x", True),
    ("WITH t(role) AS (SELECT role FROM roles) SELECT t.role FROM t", False),
    # A subquery's own alias list does not hide t.role from the outer level.
    ("SELECT role FROM t WHERE id IN (SELECT 1 FROM unnest(ARRAY[1]) AS u(role))", True),
]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    code = "".join(f"{sql};\n" for sql, _ in QUERIES)
    files = {"dbnamelint.yaml": CONFIG, "db/001_init.sql": INIT, "q.sql": code}
    root = committed_repo(tmp_path / "app", files, monkeypatch)
    done = CliRunner().invoke(cli, ["whitelist", "init"])
    assert done.exit_code == 0, done.output
    return root


def _prepare(pg: PgServer, name: str, setup: str, statements: list[str]) -> None:
    prepared = "".join(f"PREPARE p{n} AS {sql};\n" for n, sql in enumerate(statements))
    with pg.fresh_database(name) as db:
        pg.run(sql=setup, dbname=db)
        pg.run(sql=prepared, dbname=db)  # SqlFailed on the first statement PostgreSQL refuses


def test_alias_column_lists_are_not_renamed(repo: Path, pg: PgServer) -> None:
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.stderr
    (repo.parent / "fix.patch").write_text(result.stdout, encoding="utf-8")
    git(repo, "apply", str(repo.parent / "fix.patch"))
    patched = (repo / "q.sql").read_text(encoding="utf-8").splitlines()
    assert len(patched) == len(QUERIES)
    _prepare(pg, "aliascols_before", INIT, [sql for sql, _ in QUERIES])
    _prepare(pg, "aliascols_after", INIT + RENAME, [line.rstrip(";") for line in patched])
    # PostgreSQL takes a consistent rename of an alias's list too: none is made.
    for (before, changes), after in zip(QUERIES, patched, strict=True):
        assert (after != f"{before};") == changes, after
