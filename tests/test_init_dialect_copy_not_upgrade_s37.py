"""Another dialect's copy of the schema below a folder is no upgrade of it (trial s37).

``init`` leaves out upgrade scripts below a full schema: a folder inside the
schema's folder whose scripts create its tables again (guacamole's
``schema/upgrade/``). It compared the tables of every dialect as one: a
``mysql/`` folder below PostgreSQL's SQL, holding the MySQL copy of the same
tables (memos keeps one tree per dialect; a project may nest one), was left
out as "upgrade scripts", so ``check`` never read the MySQL schema and the
gate never judged what a change adds there.

Oracles: MariaDB builds the copy alone on an empty database (a schema of its
own, not an upgrade of another: an upgrade needs its base), PostgreSQL builds
the other files alone; ``check`` after ``init`` then reads the copy (its bad
name is found, at its line).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import write_files
from mysql_server import MysqlServer
from pg_server import PgServer

POSTGRES = {
    "db/base.sql": "CREATE TABLE users (id bigint PRIMARY KEY, name text);\n",
    "db/extra.sql": "CREATE TABLE posts (id bigint PRIMARY KEY);\n",
}
COPY = "db/mysql/schema.sql"
MYSQL = (
    "CREATE TABLE users (id bigint PRIMARY KEY, name text) ENGINE=InnoDB;\n"
    "CREATE TABLE posts (id bigint PRIMARY KEY, `AuthorName` text) ENGINE=InnoDB;\n"
)


def _init(root: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    write_files(root, {**POSTGRES, COPY: MYSQL})
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["init"])
    assert result.exit_code == 0, result.output
    loaded = yaml.safe_load((root / "dbnamelint.yaml").read_text())
    assert isinstance(loaded, dict)
    return loaded


def test_init_keeps_the_other_dialects_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = _init(tmp_path, monkeypatch)
    assert config == {"paths": ["db"]}
    result = CliRunner().invoke(
        cli, ["check", "--no-cache", "--format", "json", "--select", "DBN201"]
    )
    found = [(f["path"], f["line"], f["name"]) for f in json.loads(result.stdout)["findings"]]
    assert found == [(COPY, 2, "AuthorName")]


def test_each_copy_builds_its_own_database(pg: PgServer, maria: MysqlServer) -> None:
    with maria.fresh_database("s37_dialect_copy") as name:
        maria.run(MYSQL, database=name)
        tables = maria.run("SHOW TABLES;", database=name).split()
    assert sorted(tables) == ["posts", "users"]
    with pg.fresh_database("s37_dialect_copy") as name:
        pg.run(sql="".join(POSTGRES.values()), dbname=name)
        made = pg.query_json(
            "SELECT relname FROM pg_class WHERE relkind = 'r' "
            "AND relnamespace = 'public'::regnamespace ORDER BY 1",
            name,
        )
    assert [m["relname"] for m in made] == ["posts", "users"]
