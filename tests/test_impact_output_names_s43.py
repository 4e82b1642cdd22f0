"""``impact --diff`` keeps the names a patched query outputs (session 43, trial s42 hoppscotch).

hoppscotch renamed ``TeamCollection."parentID"`` to ``team_collections.parent_id``;
``impact --diff --renamed-only`` patched its recursive CTE's select lists
to ``tc."parent_id"`` while ``JOIN collection_tree AS ct ON parent.id =
ct."parentID"`` reads the CTE's output by its old name: PostgreSQL refused
it (``column ct.parentID does not exist``), and renamed there too, the rows
would come back with ``parent_id`` where the code reads
``collection.parentID``. A select-list (or ``RETURNING``) item that is a
renamed column alone is now written ``x."new" AS "old"``, at every level
(top query, CTE, subquery in ``FROM``), and the names that read such an
output (``ct."parentID"``, a bare name at a level reading only a CTE, an
``ORDER BY`` after ``UNION``) are left as written; a statement no renaming
keeps whole (``JOIN ... USING (col)``, a CTE whose ``*`` passes the
table's columns on) is left as written with a note.

Oracles: PostgreSQL 15 (psycopg's ``cursor.description`` and rows) runs
each original query on the old schema and the patched one after the
renaming migration: same column names, same rows; SQLite (Python's
``sqlite3``, 3.25+ ``RENAME COLUMN``) the same, and MariaDB for a
backtick-quoted MySQL project (a view over the query gives its column
names, ``information_schema.COLUMNS``). PostgreSQL also refuses the
statement ``USING ("parent_id")`` the plain renaming would write.
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
    'CREATE TABLE "TeamCollection" (id text PRIMARY KEY, "parentID" text, title text,'
    " ordernum int);\n"
    'CREATE TABLE "Shortcut" (id text PRIMARY KEY, "parentID" text);\n'
)
RENAME = (
    'ALTER TABLE "TeamCollection" RENAME TO team_collections;\n'
    'ALTER TABLE team_collections RENAME COLUMN "parentID" TO parent_id;\n'
    "ALTER TABLE team_collections RENAME COLUMN ordernum TO order_index;\n"
)
SEED = (
    "INSERT INTO \"TeamCollection\" VALUES ('c1', NULL, 'root', 1), ('c2', 'c1', 'child', 2),"
    " ('c3', 'c2', 'leaf', 3);\n"
    "INSERT INTO \"Shortcut\" VALUES ('s1', 'c1'), ('c3', 'c1');\n"
)
WHITELIST = """phases:
  - id: "1"
    title: hoppscotch
    status: open
entries:
  - {kind: table, name: TeamCollection, rules: [DBN105], phase: "1", target: team_collections}
  - {kind: column, name: TeamCollection.parentID, rules: [DBN201], phase: "1", target: parent_id}
  - {kind: column, name: TeamCollection.ordernum, rules: [DBN201], phase: "1", target: order_index}
"""
#: The queries the code runs (Prisma.$queryRaw templates), each on its own.
KEPT = {
    # hoppscotch's, as the trial found it
    "tree": """
    WITH RECURSIVE collection_tree AS (
        SELECT tc.id, tc."parentID", tc.title
        FROM "TeamCollection" AS tc
        JOIN "TeamCollection" AS tr ON tc.id = tr."parentID"
        WHERE tr.id = ${id}
        UNION ALL
        SELECT parent.id,  parent."parentID", parent.title
        FROM "TeamCollection" AS parent
        JOIN collection_tree AS ct ON parent.id = ct."parentID"
    ) SELECT * FROM collection_tree ORDER BY id""",
    "top": 'SELECT "parentID", title FROM "TeamCollection" WHERE "parentID" IS NOT NULL'
    ' ORDER BY "parentID"',
    "derived": 'SELECT x."parentID", x.title FROM (SELECT "parentID", title FROM'
    ' "TeamCollection") AS x WHERE x."parentID" IS NOT NULL ORDER BY x.title',
    "bare_cte": 'WITH c AS (SELECT "parentID", id FROM "TeamCollection")'
    ' SELECT c."parentID", "parentID", id FROM c ORDER BY id',
    "union": 'SELECT "parentID" FROM "TeamCollection" UNION SELECT title FROM "TeamCollection"'
    ' ORDER BY "parentID"',
    "unquoted": 'SELECT id, ORDERNUM FROM "TeamCollection" WHERE ordernum > 1 ORDER BY ordernum',
    "listed_cte": 'WITH c(pid, cid) AS (SELECT "parentID", id FROM "TeamCollection")'
    " SELECT pid, cid FROM c ORDER BY cid",
    "returning": "UPDATE \"TeamCollection\" SET title = title || '!' WHERE id = 'c2'"
    ' RETURNING id, "parentID", title',
    "insert_select": 'INSERT INTO "TeamCollection" (id, "parentID", title, ordernum)'
    ' SELECT id || \'x\', "parentID", title, ordernum FROM "TeamCollection"'
    " WHERE id = 'c3' RETURNING \"parentID\", ordernum",
}
#: Queries no renaming keeps: left as written, with a note.
LEFT = {
    "using": 'SELECT t.id, s.id FROM "TeamCollection" t JOIN "Shortcut" s USING ("parentID")',
    "natural": 'SELECT t.id FROM "TeamCollection" t NATURAL JOIN "Shortcut" s'
    ' WHERE t."parentID" IS NOT NULL',
    "star_cte": 'WITH c AS (SELECT * FROM "TeamCollection") SELECT c."parentID" FROM c ORDER BY 1',
}
_QUERY = re.compile(r"\$queryRaw`(.*?)`;", re.DOTALL)


def _code(queries: dict[str, str]) -> str:
    return "".join(
        f"export async function {name}(prisma: any, id: string) {{\n"
        f"  return prisma.$queryRaw`{sql}`;\n}}\n"
        for name, sql in queries.items()
    )


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {
        "db/001_init.sql": INIT,
        "db/002_rename.sql": RENAME,
        "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
        "whitelist.yaml": WHITELIST,
        "src/kept.ts": _code(KEPT),
        "src/left.ts": _code(LEFT),
    }
    return committed_repo(tmp_path, files, monkeypatch)


def _patch(repo: Path) -> str:
    result = CliRunner().invoke(cli, ["impact", "--phase", "1", "--diff", "--renamed-only"])
    assert result.exit_code == 0, result.output
    (repo / "fix.patch").write_text(result.stdout, encoding="utf-8")
    git(repo, "apply", "fix.patch")
    return result.stderr


def _queries(path: Path) -> list[str]:
    """The file's queries, as Prisma sends them (``${id}`` a parameter, here 'c1')."""
    return [q.replace("${id}", "'c1'") for q in _QUERY.findall(path.read_text())]


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


def test_patched_queries_output_the_same_columns_and_rows_on_postgres(
    repo: Path, pg: PgServer
) -> None:
    with pg.fresh_database(f"s43ctecols_{uuid.uuid4().hex[:8]}") as db:
        pg.run(sql=INIT + SEED, dbname=db)
        before = _pg_results(pg.database(db), _queries(repo / "src/kept.ts"))
        assert before[0][0] == ["id", "parentID", "title"]
        assert before[5][0] == ["id", "ordernum"]  # an unquoted name outputs folded
        pg.run(sql=RENAME, dbname=db)
        _patch(repo)
        after = _pg_results(pg.database(db), _queries(repo / "src/kept.ts"))
        assert after == before
        patched = (repo / "src/kept.ts").read_text()
        assert 'tc."parent_id" AS "parentID"' in patched
        assert 'ct."parentID"' in patched
        assert "ORDER_INDEX AS ORDERNUM" in patched


def test_patched_queries_output_the_same_columns_and_rows_on_sqlite(
    repo: Path, tmp_path: Path
) -> None:
    def results(db: Path, queries: list[str]) -> list[tuple[list[str], list[Any]]]:
        out: list[tuple[list[str], list[Any]]] = []
        conn = sqlite3.connect(db)
        try:
            for sql in queries:
                cur = conn.execute(sql)
                rows = cur.fetchall()
                out.append(([d[0].casefold() for d in cur.description], rows))
                conn.rollback()
        finally:
            conn.close()
        return out

    db = tmp_path / "app.sqlite"
    conn = sqlite3.connect(db)
    conn.executescript(INIT + SEED)
    conn.close()
    # SQLite names an output column as written (ORDERNUM), so names compare folded.
    before = results(db, _queries(repo / "src/kept.ts"))
    conn = sqlite3.connect(db)
    conn.executescript(RENAME)
    conn.close()
    _patch(repo)
    assert results(db, _queries(repo / "src/kept.ts")) == before


def test_statements_no_renaming_keeps_are_left_whole_with_a_note(repo: Path, pg: PgServer) -> None:
    old = (repo / "src/left.ts").read_text()
    notes = _patch(repo)
    assert (repo / "src/left.ts").read_text() == old
    assert re.search(
        r"src/left\.ts:2:\d+: SQL statement left as written: it joins USING "
        r"\(parentID\), matching that column by name in both tables",
        notes,
    ), notes
    assert re.search(
        r'src/left\.ts:8:\d+: SQL statement left as written: it reads "parentID" from c, '
        r"whose select list's \*",
        notes,
    ), notes
    assert re.search(
        r"src/left\.ts:5:\d+: SQL statement left as written: it joins NATURAL, matching "
        r"columns by name, which a rename changes",
        notes,
    ), notes
    # Why, on PostgreSQL: renamed plainly, the USING join is refused (Shortcut keeps
    # parentID), and the NATURAL join stops matching on parentID: other rows.
    with pg.fresh_database(f"s43ctecols_{uuid.uuid4().hex[:8]}") as db:
        pg.run(sql=INIT + SEED, dbname=db)
        natural = _pg_results(pg.database(db), [LEFT["natural"]])
        pg.run(sql=RENAME, dbname=db)
        renamed = {'"TeamCollection"': "team_collections", '"parentID"': '"parent_id"'}
        naive: dict[str, str] = {}
        for name in ("using", "natural"):
            naive[name] = LEFT[name]
            for old, new in renamed.items():
                naive[name] = naive[name].replace(old, new)
        with psycopg.connect(pg.database(db)) as conn, pytest.raises(psycopg.Error) as refused:
            conn.execute(naive["using"].encode())
        assert 'column "parent_id" specified in USING clause does not exist' in str(refused.value)
        assert natural == [(["id"], [])]
        assert _pg_results(pg.database(db), [naive["natural"]]) == [(["id"], [("c3",)])]


MYSQL_INIT = (
    "CREATE TABLE `TeamCollection` (id varchar(8) PRIMARY KEY, `parentID` varchar(8),"
    " title varchar(20));\n"
    "INSERT INTO `TeamCollection` VALUES ('c1', NULL, 'root'), ('c2', 'c1', 'child');\n"
)
MYSQL_RENAME = (
    "ALTER TABLE `TeamCollection` RENAME TO team_collections;\n"
    "ALTER TABLE team_collections RENAME COLUMN `parentID` TO parent_id;\n"
)
MYSQL_QUERY = (
    "SELECT x.`parentID`, x.title FROM (SELECT `parentID`, title FROM `TeamCollection`) AS x"
    " WHERE x.`parentID` IS NOT NULL"
)


def test_mysql_backticks_keep_the_output_name_on_mariadb(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: MysqlServer
) -> None:
    files = {
        "db/001_init.sql": MYSQL_INIT.split("INSERT", maxsplit=1)[0],
        "db/002_rename.sql": MYSQL_RENAME,
        "dbnamelint.yaml": "paths: [db]\ndialect: mysql\n",
        "whitelist.yaml": WHITELIST.replace(
            "\n  - {kind: column, name: TeamCollection.ordernum", "\n#"
        ),
        "src/q.py": f'QUERY = """{MYSQL_QUERY}"""\n',
    }
    repo = committed_repo(tmp_path / "repo", files, monkeypatch)

    def result(db: str) -> tuple[dict[str, list[str]], str]:
        query = (repo / "src/q.py").read_text().split('"""')[1]
        maria.run(f"CREATE OR REPLACE VIEW v AS {query}", database=db)
        return maria.view_columns(db), maria.run("SELECT * FROM v", database=db)

    with maria.fresh_database(f"s43ctecols_{uuid.uuid4().hex[:8]}") as db:
        maria.run(MYSQL_INIT, database=db)
        before = result(db)
        assert before[0] == {"v": ["parentID", "title"]}
        maria.run(MYSQL_RENAME, database=db)
        _patch(repo)
        assert "SELECT `parent_id` AS `parentID`, title" in (repo / "src/q.py").read_text()
        assert result(db) == before
