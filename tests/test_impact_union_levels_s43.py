"""``impact --diff``: each branch of a set operation is a query level of its own;
a routine body's statements keep the names only a ``FOR`` loop reads; a ``*``
output over a table whose column is renamed gets a note (session 43).

``SELECT "parentID" FROM "TeamCollection" UNION SELECT id FROM "Shortcut"``
was read as one query level: the bare ``"parentID"`` was judged ambiguous
("Shortcut", not renamed, has one too), so ``--renamed-only`` renamed the
FROM and not the column, and PostgreSQL refused the statement (column
"parentID" does not exist). Each branch has its own FROM (PostgreSQL,
SELECT, "UNION Clause"), whether bare, parenthesised, in a CTE or in a
subquery; an ORDER BY after the last branch names the output.

Inside ``CREATE FUNCTION ... AS $$ ... $$``, ``RETURN QUERY`` and ``SELECT
... INTO v`` match by position, so a plain rename is right there, but ``FOR
r IN SELECT ... LOOP`` names ``r``'s fields after the output: that list is
written ``new AS old``, or ``r."parentID"`` fails.

Oracles: PostgreSQL 15 (psycopg's ``cursor.description`` and rows; the
functions created from the file as written, then as patched, and called);
SQLite (Python's ``sqlite3``) and MariaDB (a view over the query:
``information_schema.COLUMNS``) for the set operations.
"""

from __future__ import annotations

import re
import sqlite3
import uuid
from pathlib import Path
from typing import Any

import psycopg
import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo, git
from mysql_server import MysqlServer
from pg_server import PgServer

INIT = (
    'CREATE TABLE "TeamCollection" (id text PRIMARY KEY, "parentID" text, title text);\n'
    'CREATE TABLE "Shortcut" (id text PRIMARY KEY, "parentID" text);\n'
)
RENAME = (
    'ALTER TABLE "TeamCollection" RENAME TO team_collections;\n'
    'ALTER TABLE team_collections RENAME COLUMN "parentID" TO parent_id;\n'
)
SEED = (
    "INSERT INTO \"TeamCollection\" VALUES ('c1', NULL, 'root'), ('c2', 'c1', 'child'),"
    " ('c3', 'c2', 'leaf');\n"
    "INSERT INTO \"Shortcut\" VALUES ('s1', 'c1'), ('c3', 'c1');\n"
)
WHITELIST = """phases:
  - id: "1"
    title: hoppscotch
    status: open
entries:
  - {kind: table, name: TeamCollection, rules: [DBN105], phase: "1", target: team_collections}
  - {kind: column, name: TeamCollection.parentID, rules: [DBN201], phase: "1", target: parent_id}
"""
#: Set operations whose branches read "Shortcut" too, which keeps its "parentID".
UNIONS = [
    'SELECT "parentID" FROM "TeamCollection" UNION SELECT id FROM "Shortcut" ORDER BY "parentID"',
    'SELECT id FROM "Shortcut" UNION ALL SELECT "parentID" FROM "TeamCollection"'
    ' WHERE "parentID" IS NOT NULL ORDER BY id',
    '(SELECT "parentID" FROM "TeamCollection" WHERE "parentID" IS NOT NULL)'
    ' EXCEPT (SELECT "parentID" FROM "Shortcut") ORDER BY "parentID" LIMIT 5',
    'SELECT x.p FROM (SELECT "parentID" AS p FROM "TeamCollection" INTERSECT'
    ' SELECT "parentID" FROM "Shortcut") AS x',
    'WITH c AS (SELECT id FROM "Shortcut" UNION SELECT "parentID" FROM "TeamCollection"'
    ' WHERE "parentID" IS NOT NULL) SELECT id FROM c ORDER BY id',
    'SELECT id FROM "TeamCollection" WHERE "parentID" IN (SELECT "parentID" FROM "Shortcut"'
    ' UNION SELECT "parentID" FROM "TeamCollection") ORDER BY id',
    'SELECT "parentID", title FROM "TeamCollection" WHERE id = \'c2\''
    ' UNION ALL SELECT "parentID", id FROM "Shortcut" ORDER BY 1, 2',
]
#: PL/pgSQL and SQL functions, as a non-migration SQL file of the code holds them.
ROUTINES = """CREATE FUNCTION tree(root text) RETURNS TABLE(pid text, cid text) AS $$
BEGIN
  RETURN QUERY SELECT "parentID", id FROM "TeamCollection" WHERE id = root;
END
$$ LANGUAGE plpgsql;
CREATE FUNCTION parent_of(root text) RETURNS text AS $$
DECLARE p text; q text; r record;
BEGIN
  SELECT "parentID" INTO p FROM "TeamCollection" WHERE id = root;
  FOR r IN SELECT "parentID" FROM "TeamCollection" WHERE id = root LOOP
    q := r."parentID";
  END LOOP;
  RETURN p || '/' || q;
END
$$ LANGUAGE plpgsql;
CREATE FUNCTION cursor_of(root text) RETURNS text AS $$
DECLARE c refcursor; r record;
BEGIN
  OPEN c FOR SELECT "parentID" FROM "TeamCollection" WHERE id = root;
  FETCH c INTO r;
  CLOSE c;
  RETURN r."parentID";
END
$$ LANGUAGE plpgsql;
CREATE FUNCTION kids(root text) RETURNS TABLE(pid text) LANGUAGE sql AS $$
  SELECT "parentID" FROM "TeamCollection" WHERE id = root
$$;
"""
CALLS = [
    "SELECT * FROM tree('c2')",
    "SELECT parent_of('c3')",
    "SELECT * FROM kids('c2')",
    "SELECT cursor_of('c3')",
]
#: Patched statements whose output is * of the renamed table (line -> query), and one not.
STARS = {
    2: 'SELECT * FROM "TeamCollection" ORDER BY id',
    5: 'SELECT t.* FROM "TeamCollection" t ORDER BY id',
    8: 'WITH c AS (SELECT * FROM "TeamCollection") SELECT * FROM c ORDER BY id',
    11: "UPDATE \"TeamCollection\" SET title = 'x' WHERE id = 'c1' RETURNING *",
    14: 'SELECT s.* FROM "Shortcut" s JOIN "TeamCollection" t ON t.id = s.id',
    17: 'SELECT count(*) FROM "TeamCollection"',
}
_QUERY = re.compile(r"\$queryRaw`(.*?)`;", re.DOTALL)


def _code(queries: list[str]) -> str:
    return "".join(
        f"export async function q{n}(prisma: any) {{\n  return prisma.$queryRaw`{sql}`;\n}}\n"
        for n, sql in enumerate(queries)
    )


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {
        "db/001_init.sql": INIT,
        "db/002_rename.sql": RENAME,
        "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
        "whitelist.yaml": WHITELIST,
        "src/unions.ts": _code(UNIONS),
        "src/routines.sql": ROUTINES,
        "src/stars.ts": _code(list(STARS.values())),
    }
    return committed_repo(tmp_path, files, monkeypatch)


def _patch(repo: Path) -> str:
    result = CliRunner().invoke(cli, ["impact", "--phase", "1", "--diff", "--renamed-only"])
    assert result.exit_code == 0, result.output
    (repo / "fix.patch").write_text(result.stdout, encoding="utf-8")
    git(repo, "apply", "fix.patch")
    return result.stderr


def _queries(path: Path) -> list[str]:
    return _QUERY.findall(path.read_text())


def _pg_results(conninfo: str, queries: list[str]) -> list[tuple[list[str], list[Any]]]:
    """Each query's column names and rows, each in a transaction rolled back."""
    out: list[tuple[list[str], list[Any]]] = []
    with psycopg.connect(conninfo) as conn:
        for sql in queries:
            with conn.cursor() as cur:
                cur.execute(sql.encode())
                assert cur.description is not None
                out.append(([d.name for d in cur.description], cur.fetchall()))
            conn.rollback()
    return out


def test_set_operation_branches_patch_to_the_same_columns_and_rows_on_postgres(
    repo: Path, pg: PgServer
) -> None:
    with pg.fresh_database(f"s43unionlevels_{uuid.uuid4().hex[:8]}") as db:
        pg.run(sql=INIT + SEED, dbname=db)
        before = _pg_results(pg.database(db), _queries(repo / "src/unions.ts"))
        assert before[0] == (["parentID"], [("c1",), ("c2",), ("c3",), ("s1",), (None,)])
        pg.run(sql=RENAME, dbname=db)
        _patch(repo)
        patched = _queries(repo / "src/unions.ts")
        assert patched[0] == (
            'SELECT "parent_id" AS "parentID" FROM "team_collections" UNION SELECT id FROM'
            ' "Shortcut" ORDER BY "parentID"'
        )
        # "Shortcut"'s own "parentID" stays, in every branch reading it.
        assert patched[2].count('"parentID" FROM "Shortcut"') == 1
        assert _pg_results(pg.database(db), patched) == before


def test_set_operation_branches_patch_to_the_same_columns_and_rows_on_sqlite(
    repo: Path, tmp_path: Path
) -> None:
    def results(db: Path, queries: list[str]) -> list[tuple[list[str], list[Any]]]:
        conn = sqlite3.connect(db)
        try:
            out = []
            for sql in queries:
                if sql.startswith("("):
                    continue  # SQLite takes no parenthesised branch
                cur = conn.execute(sql)
                out.append(([d[0] for d in cur.description], cur.fetchall()))
            return out
        finally:
            conn.close()

    db = tmp_path / "app.sqlite"
    conn = sqlite3.connect(db)
    conn.executescript(INIT + SEED)
    conn.close()
    before = results(db, _queries(repo / "src/unions.ts"))
    conn = sqlite3.connect(db)
    conn.executescript(RENAME)
    conn.close()
    _patch(repo)
    assert results(db, _queries(repo / "src/unions.ts")) == before


def test_routine_bodies_keep_the_names_a_for_loop_reads_on_postgres(
    repo: Path, pg: PgServer
) -> None:
    with pg.fresh_database(f"s43unionlevels_{uuid.uuid4().hex[:8]}") as db:
        pg.run(sql=INIT + SEED + ROUTINES, dbname=db)
        before = _pg_results(pg.database(db), CALLS)
        assert before[1] == (["parent_of"], [("c2/c2",)])
        drop = "DROP FUNCTION tree, parent_of, kids, cursor_of;\n"
        pg.run(sql=drop + RENAME, dbname=db)
        _patch(repo)
        patched = (repo / "src/routines.sql").read_text()
        pg.run(sql=patched, dbname=db)
        assert _pg_results(pg.database(db), CALLS) == before
    # By position: plainly renamed. Read by name through r: aliased back.
    assert 'RETURN QUERY SELECT "parent_id", id FROM "team_collections"' in patched
    assert 'SELECT "parent_id" INTO p FROM' in patched
    assert 'FOR r IN SELECT "parent_id" AS "parentID" FROM' in patched
    assert 'q := r."parentID"' in patched
    assert 'OPEN c FOR SELECT "parent_id" AS "parentID" FROM' in patched
    assert '  SELECT "parent_id" FROM "team_collections" WHERE id = root\n' in patched


def test_a_star_output_of_a_renamed_column_gets_a_note(repo: Path, pg: PgServer) -> None:
    notes = _patch(repo)
    noted = {
        int(m[1])
        for m in re.finditer(
            r"src/stars\.ts:(\d+):\d+: SQL statement outputs \* of a table whose columns "
            r"this phase renames: its rows now come back with parentID as parent_id",
            notes,
        )
    }
    assert noted == {2, 5, 8, 11}, notes
    assert notes.count("SQL statement outputs *") == 4  # none for s.*, count(*), unions
    # Why, on PostgreSQL: * expands to the columns as named when the query runs.
    with pg.fresh_database(f"s43unionlevels_{uuid.uuid4().hex[:8]}") as db:
        pg.run(sql=INIT + SEED, dbname=db)
        before = _pg_results(pg.database(db), [STARS[2]])
        pg.run(sql=RENAME, dbname=db)
        after = _pg_results(pg.database(db), _queries(repo / "src/stars.ts")[:1])
    assert before[0][0] == ["id", "parentID", "title"]
    assert after[0][0] == ["id", "parent_id", "title"]
    assert after[0][1] == before[0][1]


MYSQL_INIT = (
    "CREATE TABLE `TeamCollection` (id varchar(8) PRIMARY KEY, `parentID` varchar(8));\n"
    "CREATE TABLE `Shortcut` (id varchar(8) PRIMARY KEY, `parentID` varchar(8));\n"
)
MYSQL_SEED = (
    "INSERT INTO `TeamCollection` VALUES ('c1', NULL), ('c2', 'c1');\n"
    "INSERT INTO `Shortcut` VALUES ('s1', 'c1');\n"
)
MYSQL_RENAME = (
    "ALTER TABLE `TeamCollection` RENAME TO team_collections;\n"
    "ALTER TABLE team_collections RENAME COLUMN `parentID` TO parent_id;\n"
)
MYSQL_QUERY = "SELECT `parentID` FROM `TeamCollection` UNION SELECT id FROM `Shortcut`"


def test_set_operation_branches_on_mariadb(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: MysqlServer
) -> None:
    files = {
        "db/001_init.sql": MYSQL_INIT,
        "db/002_rename.sql": MYSQL_RENAME,
        "dbnamelint.yaml": "paths: [db]\ndialect: mysql\n",
        "whitelist.yaml": WHITELIST,
        "src/q.py": f'QUERY = """{MYSQL_QUERY}"""\n',
    }
    repo = committed_repo(tmp_path / "repo", files, monkeypatch)

    def result(db: str) -> tuple[dict[str, list[str]], str]:
        query = (repo / "src/q.py").read_text().split('"""')[1]
        maria.run(f"CREATE OR REPLACE VIEW v AS {query}", database=db)
        return maria.view_columns(db), maria.run("SELECT * FROM v ORDER BY 1", database=db)

    with maria.fresh_database(f"s43unionlevels_{uuid.uuid4().hex[:8]}") as db:
        maria.run(MYSQL_INIT + MYSQL_SEED, database=db)
        before = result(db)
        assert before[0] == {"v": ["parentID"]}
        maria.run(MYSQL_RENAME, database=db)
        _patch(repo)
        assert (repo / "src/q.py").read_text() == (
            'QUERY = """SELECT `parent_id` AS `parentID` FROM `team_collections` UNION'
            ' SELECT id FROM `Shortcut`"""\n'
        )
        assert result(db) == before
