"""DBN504 suggests the names ``migrate`` writes (trial s16, documenso).

After ``ALTER TABLE "Session" RENAME TO "sessions"`` in a Prisma migration,
DBN504 suggested ``sessions_user_id_fkey`` while ``migrate`` plans the same
rename as ``sessions_userId_fkey`` (the prisma-map pack spells columns in
camelCase, and the README says the column words keep it). Both now derive
the name with :func:`dbnamelint.rules.dependents.follow_table`; the tests
compare the two commands' output on one Prisma-style schema, and PostgreSQL
names the same keys on the renamed table (the oracle for the spelling).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import write_files
from pg_server import PgServer

INIT = "prisma/migrations/20230404095503_initial_migration/migration.sql"
RENAME = "prisma/migrations/20230411134605_rename_session/migration.sql"
#: documenso's shape: what `prisma migrate dev` writes for its models.
SCHEMA = """\
-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "sessionToken" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Session_sessionToken_key" ON "Session"("sessionToken");
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") \
REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
"""
PRISMA_MAP = "extends: prisma-map\npaths: [prisma/migrations]\ndialect: postgres\n"
SNAKE = "paths: [prisma/migrations]\ndialect: postgres\n"
_PLANNED = re.compile(r"^\s+(?:constraint|index)\s+sessions\.(\S+) -> (\S+)", re.MULTILINE)


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout


def _planned(root: Path, config: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """What ``migrate`` plans for the table's names when it renames it."""
    write_files(root, {"dbnamelint.yaml": config, INIT: SCHEMA})
    monkeypatch.chdir(root)
    code, plan = _invoke("migrate", "--rename", '"Session"=sessions')
    assert code == 0, plan
    return dict(_PLANNED.findall(plan))


def _suggested(root: Path) -> dict[str, str]:
    """What DBN504 suggests once a migration made the same rename."""
    write_files(root, {RENAME: 'ALTER TABLE "Session" RENAME TO "sessions";\n'})
    _code, out = _invoke("check", "--select", "DBN504", "--format", "json")
    found = json.loads(out)["findings"]
    assert {f["code"] for f in found} == {"DBN504"}, found
    # the rule's own fix, and the target the merged fixes give (the same here)
    assert all(f["rule_fix"] == f["suggestion"] for f in found), found
    return {f["name"]: f["rule_fix"] for f in found}


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (
            PRISMA_MAP,
            {
                "Session_pkey": "sessions_pkey",
                "Session_sessionToken_key": "sessions_sessionToken_key",
                "Session_userId_fkey": "sessions_userId_fkey",
            },
        ),
        (
            SNAKE,
            {
                "Session_pkey": "sessions_pkey",
                "Session_sessionToken_key": "sessions_session_token_key",
                "Session_userId_fkey": "sessions_user_id_fkey",
            },
        ),
    ],
    ids=["prisma-map", "snake-case"],
)
def test_dbn504_suggests_what_migrate_plans(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str, expected: dict[str, str]
) -> None:
    planned = _planned(tmp_path, config, monkeypatch)
    assert planned == expected
    assert _suggested(tmp_path) == planned


def test_the_camel_case_names_are_postgresqls_on_the_renamed_table(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The keys PostgreSQL names itself on a table ``sessions`` with Prisma's
    columns are the names both commands give under prisma-map."""
    with pg.fresh_database("dbn_dbn504_prisma") as db:
        pg.run(
            sql='CREATE TABLE "User" (id int PRIMARY KEY); CREATE TABLE sessions '
            '(id text PRIMARY KEY, "sessionToken" text UNIQUE, '
            '"userId" int REFERENCES "User" (id));',
            dbname=db,
        )
        chosen = {
            row["name"]
            for row in pg.query_json(
                "SELECT conname AS name FROM pg_constraint WHERE conrelid = 'sessions'::regclass",
                db,
            )
        }
    assert chosen == {"sessions_pkey", "sessions_sessionToken_key", "sessions_userId_fkey"}
    assert set(_planned(tmp_path, PRISMA_MAP, monkeypatch).values()) == chosen
    assert set(_suggested(tmp_path).values()) == chosen


@pytest.mark.parametrize(
    ("taken", "expected"),
    [("", "flows_pkey"), ("CREATE INDEX flows_pkey ON other (id);\n", "flows_pkey1")],
    ids=["free", "taken"],
)
def test_a_name_postgresql_chose_is_the_one_it_would_choose_now(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, taken: str, expected: str
) -> None:
    """``reqs_pkey1``: PostgreSQL's name for the key while ``reqs_pkey`` was
    taken. On the renamed table both commands give the name PostgreSQL would
    choose there, numbered only when that one is taken too (kratos'
    ``selfservice_login_requests_pkey1``)."""
    init = "CREATE TABLE other (id int);\nCREATE INDEX reqs_pkey ON other (id);\n"
    write_files(
        tmp_path,
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
            "db/001_init.sql": init + taken + "CREATE TABLE reqs (id int PRIMARY KEY);\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    code, plan = _invoke("migrate", "--rename", "reqs=flows")
    assert code == 0, plan
    assert f"constraint  flows.reqs_pkey1 -> {expected}  (implicit name)" in plan
    write_files(tmp_path, {"db/002_rename.sql": "ALTER TABLE reqs RENAME TO flows;\n"})
    _code, out = _invoke("check", "--select", "DBN504", "--format", "json")
    found = json.loads(out)["findings"]
    assert [(f["name"], f["rule_fix"]) for f in found] == [("reqs_pkey1", expected)], found


def test_a_column_spelled_in_the_standard_keeps_its_spelling(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trial s17 #3 (hoppscotch): ``collectionID`` is camelCase as DBN201
    reads it, so the key renamed with its table keeps it, as PostgreSQL (and
    Prisma) name the key on the renamed table; not ``collectionId``."""
    schema = SCHEMA.replace('"userId"', '"collectionID"').replace("_userId_", "_collectionID_")
    write_files(tmp_path, {"dbnamelint.yaml": PRISMA_MAP, INIT: schema})
    monkeypatch.chdir(tmp_path)
    code, plan = _invoke("migrate", "--rename", '"Session"=sessions')
    assert code == 0, plan
    planned = dict(_PLANNED.findall(plan))
    with pg.fresh_database("dbn_dbn504_prisma_id") as db:
        pg.run(
            sql='CREATE TABLE "User" (id int PRIMARY KEY); CREATE TABLE sessions '
            '(id text PRIMARY KEY, "collectionID" int REFERENCES "User" (id));',
            dbname=db,
        )
        chosen = {
            row["name"]
            for row in pg.query_json(
                "SELECT conname AS name FROM pg_constraint WHERE conrelid = 'sessions'::regclass",
                db,
            )
        }
    assert chosen == {"sessions_pkey", "sessions_collectionID_fkey"}
    assert planned["Session_collectionID_fkey"] == "sessions_collectionID_fkey"
    assert _suggested(tmp_path)["Session_collectionID_fkey"] == "sessions_collectionID_fkey"
