"""The gate refuses a column rename a trigger's routine still names (DBN037).

README-only trial s42 (hoppscotch): a rename migration of a column that the
trigger function ``sync_mock_examples()`` assigns as ``NEW."mockExamples"``
passed ``check``, the hook, ``check --base`` and ``drift``; applied, every
INSERT of the table failed with ``record "new" has no field "mockExamples"``.
Now the gate refuses it at the rename, unless the change re-creates the
routine with the new name; a routine no trigger of the table runs, or one
naming another column, is no concern of it.

Oracles: PostgreSQL 15 and MariaDB run the migrations and the next INSERT
(fails, or not); real git for the gate.
"""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner

from check_json import stage
from dbnamelint.cli import cli
from git_helpers import committed_repo
from mysql_server import MysqlServer
from mysql_server import SqlFailed as MySqlFailed
from pg_server import PgServer, SqlFailed

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

PG_INIT = """\
CREATE TABLE user_requests (id text PRIMARY KEY, request jsonb, "mockExamples" jsonb, title text);
CREATE FUNCTION sync_mock_examples() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- keeps the examples beside the request
  NEW."mockExamples" := NEW.request -> 'examples';
  RETURN NEW;
END;
$$;
CREATE TRIGGER trg_sync BEFORE INSERT OR UPDATE ON user_requests
  FOR EACH ROW EXECUTE FUNCTION sync_mock_examples();
CREATE FUNCTION touch_other() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."mockExamples" := NULL;  -- a routine no trigger of user_requests runs
  RETURN NEW;
END;
$$;
"""
RENAME = 'ALTER TABLE user_requests RENAME COLUMN "mockExamples" TO mock_examples;\n'
REPLACE = """\
CREATE OR REPLACE FUNCTION sync_mock_examples() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.mock_examples := NEW.request -> 'examples';
  RETURN NEW;
END;
$$;
"""
INSERT = "INSERT INTO user_requests (id, request) VALUES ('r1', '{\"examples\": [1]}');"


def _gate(root: Path, path: str, text: str) -> tuple[int, list[dict[str, object]]]:
    stage(root, path, text)
    result = CliRunner().invoke(cli, ["check", "--base", "HEAD", "--no-cache", "--format", "json"])
    report = json.loads(result.stdout)
    return result.exit_code, [d for d in report["diagnostics"] if d["code"] == "DBN037"]


@pytest.fixture
def pg_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed_repo(
        tmp_path / "app",
        {"dbnamelint.yaml": "paths: [db]\ndialect: postgres\n", "db/001_init.sql": PG_INIT},
        monkeypatch,
    )


def test_a_rename_breaking_a_trigger_function_is_refused(pg_repo: Path, pg: PgServer) -> None:
    status, found = _gate(pg_repo, "db/002_rename.sql", RENAME)
    assert status == 1
    assert [(d["path"], d["line"], d["severity"]) for d in found] == [
        ("db/002_rename.sql", 1, "error")
    ]
    message = str(found[0]["message"])
    assert "function sync_mock_examples" in message
    assert 'NEW."mockExamples" (db/001_init.sql:5)' in message
    assert "touch_other" not in message
    with pg.fresh_database(f"s42body_{uuid.uuid4().hex[:6]}") as db:
        pg.run(sql=PG_INIT + RENAME, dbname=db)
        with pytest.raises(SqlFailed, match='record "new" has no field "mockExamples"'):
            pg.run(sql=INSERT, dbname=db)


def test_the_rename_with_the_function_re_created_passes(pg_repo: Path, pg: PgServer) -> None:
    status, found = _gate(pg_repo, "db/002_rename.sql", RENAME + REPLACE)
    assert (status, found) == (0, [])
    with pg.fresh_database(f"s42body_{uuid.uuid4().hex[:6]}") as db:
        pg.run(sql=PG_INIT + RENAME + REPLACE + INSERT, dbname=db)
        assert "[1]" in pg.run(sql="SELECT mock_examples FROM user_requests", dbname=db)


def test_another_column_renamed_is_no_concern(pg_repo: Path) -> None:
    status, found = _gate(
        pg_repo, "db/002_rename.sql", "ALTER TABLE user_requests RENAME COLUMN title TO name;\n"
    )
    assert (status, found) == (0, [])


MY_INIT = """\
CREATE TABLE items (id int PRIMARY KEY, codeName varchar(20));
CREATE TRIGGER trg_items_code BEFORE INSERT ON items FOR EACH ROW
  SET NEW.codeName = UPPER(NEW.codeName);
"""
MY_RENAME = "ALTER TABLE items RENAME COLUMN codeName TO code_name;\n"


def test_a_mariadb_trigger_body_naming_the_old_column_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: MysqlServer
) -> None:
    root = committed_repo(
        tmp_path / "app",
        {"dbnamelint.yaml": "paths: [db]\ndialect: mariadb\n", "db/001_init.sql": MY_INIT},
        monkeypatch,
    )
    status, found = _gate(root, "db/002_rename.sql", MY_RENAME)
    assert status == 1
    assert [(d["path"], d["line"]) for d in found] == [("db/002_rename.sql", 1)]
    assert "trigger trg_items_code" in str(found[0]["message"])
    with maria.fresh_database("s42_body_my") as db:
        maria.run(MY_INIT + MY_RENAME, database=db)
        with pytest.raises(MySqlFailed, match="Unknown column 'codeName'"):
            maria.run("INSERT INTO items (id, code_name) VALUES (1, 'a');", database=db)
