"""Kysely's ``$call``, ``modifyFront``/``modifyEnd`` and an added foreign key's actions.

Trial s39 docmost.

``db.schema.createTable('t')...$call((b) => b.addColumn('BadCall', 'text'))``
passed the hook and ``check --base`` with no word: ``$call`` was taken for a
call that makes no name, but Kysely runs ``fn(this)`` and the calls ``fn``
makes are the chain's. ``modifyEnd(sql`; CREATE TABLE "BadSneak" ...`)`` (and
a column's ``modifyEnd(sql`constraint "BadRankCheck" check ...`)``) passed
too: Kysely writes the fragment into the statement and PostgreSQL makes what
it says. And docmost's own
``alterTable('workspaces').addForeignKeyConstraint(...).onDelete('set null')``
was ``DBN013`` (an error for a new migration): ``onDelete``/``onUpdate`` and
the deferral calls of ``AlterTableAddForeignKeyConstraintBuilder`` make no name.

Oracle: Kysely 0.28.19's ``.compile().sql`` of each chain of :data:`UP`
(``tests/kysely/compile.cjs``, run with node); both it and the SQL
:mod:`dbnamelint.kysely_schema` writes are run on PostgreSQL 15 and make the
same tables, columns, constraints and indexes. Real git for the gate.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from check_json import check_entries, new_file_errors, stage
from git_helpers import committed_repo
from node_oracle import builder_text
from pg_server import PgServer, public_names

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
KYSELY = Path(__file__).parent / "kysely"

SCHEMA = (
    "CREATE TABLE users (id integer PRIMARY KEY);\n"
    "CREATE TABLE pages (id integer PRIMARY KEY, creator_id integer, title text);\n"
)
HEAD = """import { Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
"""
#: One chain a statement (``await`` ... ``.execute();``), each on its own line.
UP = [
    "db.schema.createTable('call_rows').addColumn('id', 'integer')"
    ".$call((b) => b.addColumn('BadCall', 'text'))",
    "db.schema.createTable('typed_rows').addColumn('id', 'integer')"
    ".$call((b: any) => { return b.addUniqueConstraint('BadUnique', ['id']); })",
    "db.schema.alterTable('pages').$call((b) => b.addColumn('BadAdded', 'text'))",
    "db.schema.createIndex('BadIndex').on('pages').column('title')"
    ".$call((b) => b.where('title', 'is not', null))",
    "db.schema.alterTable('pages')"
    ".addForeignKeyConstraint('pages_creator_id_fkey', ['creator_id'], 'users', ['id'])"
    ".onDelete('set null').onUpdate('cascade').deferrable().initiallyDeferred()",
    "db.schema.createTable('front_rows').modifyFront(sql`unlogged`).addColumn('id', 'integer')"
    '.modifyEnd(sql`; CREATE TABLE "BadSneak" (x integer)`)',
    "db.schema.alterTable('pages').addColumn('rank', 'integer', "
    '(col) => col.modifyEnd(sql`constraint "BadRankCheck" check (rank > 0)`))',
    "db.schema.alterTable('pages').dropConstraint('pages_creator_id_fkey').ifExists().restrict()",
]
MIGRATION = HEAD + "".join(f"  await {c}.execute();\n" for c in UP) + "}\n"
#: Kysely 0.28.19's ``.compile().sql`` of UP, in order.
KYSELY_SQL = """\
create table "call_rows" ("id" integer, "BadCall" text);
create table "typed_rows" ("id" integer, constraint "BadUnique" unique ("id"));
alter table "pages" add column "BadAdded" text;
create index "BadIndex" on "pages" ("title") where "title" is not null;
alter table "pages" add constraint "pages_creator_id_fkey" foreign key ("creator_id") references "users" ("id") on delete set null on update cascade deferrable initially deferred;
create unlogged table "front_rows" ("id" integer) ; CREATE TABLE "BadSneak" (x integer);
alter table "pages" add column "rank" integer constraint "BadRankCheck" check (rank > 0);
alter table "pages" drop constraint if exists "pages_creator_id_fkey" restrict;
"""  # noqa: E501
PATH = "apps/server/src/database/migrations/20260701T000000-things.ts"


def _made(pg: PgServer, sql: str, name: str) -> dict[str, list[tuple[str, str]]]:
    with pg.fresh_database(name) as db:
        pg.run(sql=SCHEMA + sql, dbname=db)
        return public_names(pg, db)


def test_a_call_callbacks_names_are_the_chains(pg: PgServer) -> None:
    from dbnamelint.kysely_schema import builder_sql

    # every call read (builder_text asserts none is unread: no DBN013 for onDelete)
    sql = builder_text(builder_sql, PATH, MIGRATION)
    ours = _made(pg, sql, "kysely_call_ours")
    theirs = _made(pg, KYSELY_SQL, "kysely_call_theirs")
    assert ours == theirs
    assert ("pages", "BadAdded") in ours["columns"] and ("t", "BadSneak") in ours["tables"]


def test_the_gate_judges_names_made_in_a_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = committed_repo(
        tmp_path / "docmost",
        {"dbnamelint.yaml": 'paths: ["schema.sql"]\ndialect: postgres\n', "schema.sql": SCHEMA},
        monkeypatch,
    )
    assert new_file_errors(root, PATH, MIGRATION) == [
        ("DBN101", 9),  # BadSneak, in a table's modifyEnd
        ("DBN105", 9),  # BadSneak: not plural
        ("DBN201", 4),  # BadCall
        ("DBN201", 6),  # BadAdded
        ("DBN301", 7),  # BadIndex
        ("DBN401", 5),  # BadUnique
        ("DBN401", 10),  # BadRankCheck, in a column's modifyEnd
    ]


def test_a_call_of_a_function_not_written_there_is_dbn013(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = committed_repo(
        tmp_path / "docmost",
        {"dbnamelint.yaml": 'paths: ["schema.sql"]\ndialect: postgres\n', "schema.sql": SCHEMA},
        monkeypatch,
    )
    stage(
        root,
        PATH,
        HEAD
        + "  await db.schema.alterTable('pages').$call(addAuditColumns).execute();\n"
        + "  await db.schema.createTable('tails').addColumn('id', 'integer').modifyEnd(tail)"
        + ".execute();\n}\n",
    )
    status, found = check_entries("--pre-commit", "--no-cache")
    assert status == 1, found
    assert [(c, line, s) for c, p, line, s, _ in found if p == PATH] == [
        ("DBN013", 4, "error"),
        ("DBN013", 5, "error"),
    ]


def test_kysely_sql_is_what_kysely_compiles(tmp_path: Path) -> None:
    """KYSELY_SQL is Kysely's own ``.compile().sql`` of UP (skipped without
    Kysely: npm ci --prefix tests/kysely)."""
    node = shutil.which("node")
    if node is None or not (KYSELY / "node_modules" / "kysely").is_dir():
        pytest.skip("Kysely not installed: npm ci --prefix tests/kysely")
    module = tmp_path / "chains.cjs"
    module.write_text(
        "module.exports = (db, sql) => ({\n"
        + "".join(f"  q{i}: {c.replace('(b: any)', '(b)')},\n" for i, c in enumerate(UP))
        + "});\n"
    )
    done = subprocess.run(
        [node, str(KYSELY / "compile.cjs"), str(module)],
        cwd=KYSELY,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    compiled = json.loads(done.stdout)
    assert [q["sql"] + ";" for q in compiled.values()] == KYSELY_SQL.splitlines()
