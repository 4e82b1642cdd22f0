"""A schema dump's names the database chose are judged as ``check --db`` judges them.

``pg_dump`` writes every constraint's and index's name, the ones PostgreSQL
chose too (``ALTER TABLE ONLY public.access_requests ADD CONSTRAINT
"access_requests_documentId_fkey" FOREIGN KEY ...``). The dump reader took
them for names the project wrote: ``check`` of outline's dump gave ``DBN401``
on 121 names ``check --db`` of the same database takes for the database's
(trial s32 outline), and ``whitelist init`` baselined them. Now a dump's name
that is the dialect's default is marked chosen by the database, as the
catalog reader marks it (:func:`dbnamelint.default_names.database_chosen`).

Oracle: PostgreSQL 15 names the unnamed constraints and indexes itself;
``check --db`` of that database and ``check`` of its real ``pg_dump
--schema-only`` must give the same findings.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer

pytestmark = pytest.mark.skipif(shutil.which("pg_dump") is None, reason="no pg_dump")

#: Unnamed keys, foreign keys, checks, an exclusion and indexes on camelCase
#: tables and columns (PostgreSQL names them), and names the project wrote.
DATABASE = """
CREATE TABLE "apiKeys" (id int PRIMARY KEY, "secretKey" text UNIQUE,
    "expiresAt" int CHECK ("expiresAt" > 0));
CREATE TABLE "accessRequests" (id serial PRIMARY KEY,
    "apiKeyId" int REFERENCES "apiKeys", area box,
    "userId" int, "teamId" int, "rowNo" int GENERATED ALWAYS AS IDENTITY,
    UNIQUE ("userId", "teamId"),
    EXCLUDE USING gist (area WITH &&),
    CONSTRAINT "myCheck" CHECK ("teamId" > 0));
CREATE INDEX ON "accessRequests" ("userId");
CREATE INDEX ON "accessRequests" ("userId");
CREATE INDEX "byTeam" ON "accessRequests" ("teamId");
"""


def _findings(*args: str) -> set[tuple[str, str]]:
    done = CliRunner().invoke(cli, ["check", "--no-cache", *args, "--format", "json"])
    assert done.exit_code == 1, done.output
    report = json.loads(done.stdout)
    return {(f["code"], re.sub(r"^public\.", "", f["name"])) for f in report["findings"]}


def test_a_dump_and_its_database_agree(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dump_default_names") as db:
        pg.run(sql=DATABASE, dbname=db)
        dump = subprocess.run(
            ["pg_dump", "--schema-only", "--no-owner", pg.url(db)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        live = _findings("--db", pg.url(db), "--dialect", "postgres")
    # the names PostgreSQL chose, written by the dump
    for name in (
        '"apiKeys_pkey"',
        '"apiKeys_secretKey_key"',
        '"apiKeys_expiresAt_check"',
        '"accessRequests_apiKeyId_fkey"',
        '"accessRequests_userId_teamId_key"',
        '"accessRequests_area_excl"',
        '"accessRequests_userId_idx"',
        '"accessRequests_userId_idx1"',
    ):
        assert name in dump, name
    (tmp_path / "db").mkdir()
    (tmp_path / "db/schema.sql").write_text(dump, encoding="utf-8")
    files = _findings("--dialect", "postgres", "db")
    assert files == live
    assert ("DBN401", "myCheck") in files and ("DBN301", "byTeam") in files
    assert not any("_fkey" in name or "_pkey" in name for _, name in files), files
