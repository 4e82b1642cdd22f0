"""``impact --diff``: a JavaScript template nested in a SQL template's ``${...}``
hole is one hole of the outer template; the outer SQL goes on after it (trial
s43 formbricks).

``tx.$queryRaw`INSERT ... SELECT unnest(${Prisma.sql`ARRAY[${ids}]`}), ...
::text[]::"ContactAttributeDataType"[]) ON CONFLICT ("key", "workspaceId")` ``
was read as ending at the nested template's opening backtick: the names after
the first hole were ``plain`` text, ``--renamed-only`` left them, and
PostgreSQL refused the patched query (column "workspaceId" does not exist).
Each template ends at its own closing backtick whatever its holes hold
(templates nested at any depth, a ``}`` in a string in a hole), and a nested
``Prisma.sql`...``` is read as SQL of its own.

Oracle: PostgreSQL 15. Each query, its holes filled as Prisma binds them (a
literal array, a literal value), runs on the schema as created, fails on the
renamed one as written, and runs there as patched with the same columns and rows.
"""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path
from typing import Any

import psycopg
import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo, git
from pg_server import PgServer

INIT = (
    "CREATE TYPE \"ContactAttributeDataType\" AS ENUM ('string', 'number');\n"
    'CREATE TABLE "ContactAttributeKey" (id text PRIMARY KEY, key text NOT NULL,'
    ' "workspaceId" text NOT NULL, "dataType" "ContactAttributeDataType" NOT NULL,'
    ' UNIQUE (key, "workspaceId"));\n'
)
RENAME = (
    'ALTER TABLE "ContactAttributeKey" RENAME COLUMN "workspaceId" TO workspace_id;\n'
    'ALTER TYPE "ContactAttributeDataType" RENAME TO contact_attribute_data_type;\n'
)
SEED = "INSERT INTO \"ContactAttributeKey\" VALUES ('k0', 'a', 'w1', 'string');\n"
WHITELIST = """phases:
  - id: "1"
    title: contact
    status: open
entries:
  - {kind: column, name: ContactAttributeKey.workspaceId, rules: [DBN201], phase: "1",
     target: workspace_id}
  - {kind: type, name: '"ContactAttributeDataType"', phase: "1",
     target: contact_attribute_data_type}
"""
#: formbricks' bulk upsert (nested templates two deep), and a filter whose
#: holes hold a nested template with SQL of its own and a '{' string.
CODE = """import { Prisma } from "@prisma/client";

export async function upsert(tx: any, batch: any[], ws: string) {
  return tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "ContactAttributeKey" ("id", "key", "workspaceId", "dataType")
    SELECT
      unnest(${Prisma.sql`ARRAY[${batch.map((k) => `${k.id}`)}]`}),
      unnest(${Prisma.sql`ARRAY[${batch.map((k) => k.key)}]`}),
      ${ws},
      unnest(${Prisma.sql`ARRAY[${batch.map((k) => k.dataType)}]`}
        ::text[]::"ContactAttributeDataType"[])
    ON CONFLICT ("key", "workspaceId") DO UPDATE SET "workspaceId" = EXCLUDED."workspaceId"
    RETURNING "id", "workspaceId"`;
}

export async function keys(tx: any, ws?: string) {
  return tx.$queryRaw`SELECT "id" FROM "ContactAttributeKey" WHERE "key" <> ${"{"}
    AND "key" NOT IN (${Prisma.join([ws].map((w) => { if (w) { return { v: `${w}` }; } }))})
    AND ${ws ? Prisma.sql`"workspaceId" = ${ws}` : Prisma.sql`true`}
    ORDER BY "workspaceId", "dataType"::text::"ContactAttributeDataType"`;
}
"""
#: Prisma's bound values, innermost holes first, as literal SQL.
VALUES = {
    "${batch.map((k) => `${k.id}`)}": "'k1', 'k2'",
    "${batch.map((k) => k.key)}": "'a', 'b'",
    "${batch.map((k) => k.dataType)}": "'number', 'string'",
    "${ws}": "'w1'",
    '${"{"}': "'{'",
    "${Prisma.join([ws].map((w) => { if (w) { return { v: `${w}` }; } }))}": "'x'",
}
_QUERY = re.compile(r"\$queryRaw(?:<[^`]*>)?`(.*?)`;\n", re.DOTALL)
#: A hole holding a Prisma.sql fragment: its SQL goes in as written.
_FRAGMENT = re.compile(r"\$\{(?:ws \? )?Prisma\.sql`([^`]*)`(?: : Prisma\.sql`true`)?\}")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {
        "db/001_init.sql": INIT,
        "db/002_rename.sql": RENAME,
        "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
        "whitelist.yaml": WHITELIST,
        "src/contact.ts": CODE,
    }
    return committed_repo(tmp_path, files, monkeypatch)


def _queries(path: Path) -> list[str]:
    """The file's queries as Prisma sends them, its values filled in."""
    out = []
    for written in _QUERY.findall(path.read_text()):
        sql = written
        for hole, value in VALUES.items():
            sql = sql.replace(hole, value)
        out.append(_FRAGMENT.sub(lambda m: m.group(1), sql))
    return out


def _results(conninfo: str, queries: list[str]) -> list[tuple[list[str], list[Any]]]:
    """Each query's column names and rows, each in a transaction rolled back."""
    out: list[tuple[list[str], list[Any]]] = []
    with psycopg.connect(conninfo) as conn:
        for sql in queries:
            with conn.cursor() as cur:
                cur.execute(sql.encode())
                assert cur.description is not None
                out.append(([d.name for d in cur.description], sorted(cur.fetchall())))
            conn.rollback()
    return out


def test_sql_after_a_nested_template_is_patched_and_runs_on_postgres(
    repo: Path, pg: PgServer
) -> None:
    queries = _queries(repo / "src/contact.ts")
    assert len(queries) == 2 and "${" not in "".join(queries)
    with pg.fresh_database(f"s43prismanested_{uuid.uuid4().hex[:8]}") as db:
        pg.run(sql=INIT + SEED, dbname=db)
        before = _results(pg.database(db), queries)
        assert before == [
            (["id", "workspaceId"], [("k0", "w1"), ("k2", "w1")]),  # key a: the conflict
            (["id"], [("k0",)]),
        ]
        pg.run(sql=RENAME, dbname=db)
        for sql in queries:  # as written, each fails on the renamed schema
            with pytest.raises(psycopg.errors.UndefinedColumn):
                _results(pg.database(db), [sql])
        result = CliRunner().invoke(cli, ["impact", "--phase", "1", "--diff", "--renamed-only"])
        assert result.exit_code == 0, result.output
        (repo / "fix.patch").write_text(result.stdout, encoding="utf-8")
        git(repo, "apply", "fix.patch")
        patched = _queries(repo / "src/contact.ts")
        assert _results(pg.database(db), patched) == before
    text = (repo / "src/contact.ts").read_text()
    assert '"workspaceId"' not in text.replace('AS "workspaceId"', "")
    assert "ContactAttributeDataType" not in text
    assert 'ON CONFLICT ("key", "workspace_id")' in text
    assert 'Prisma.sql`"workspace_id" = ${ws}`' in text


def test_names_after_a_nested_template_are_read_as_sql(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["impact", "--phase", "1", "--format", "json"])
    assert result.exit_code == 0, result.output
    items = [
        (item["line"], item["name"], item["confidence"])
        for phase in json.loads(result.stdout)["phases"]
        for obj in phase["objects"]
        for item in obj["items"]
    ]
    # Every name of both queries, the nested Prisma.sql's included: 9 in all.
    assert len(items) == 9, items
    assert {confidence for _line, _name, confidence in items} == {"high"}, items
    assert {line for line, _name, _c in items} == {5, 11, 12, 13, 19, 20}
