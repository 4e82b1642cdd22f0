"""dbmate's schema file is a copy of the migrations' result, not input (trial s8-t1 #8).

dbmate applies ``--migrations-dir`` (default ``./db/migrations``) and dumps
the database to ``--schema-file`` (default ``./db/schema.sql``; dbmate's
``--help`` and README "Schema file"), ending the dump with ``-- Dbmate schema
migrations`` and the applied versions (as dbmate 2.37 wrote it for MariaDB in
the trial). Walked with the migrations, it is left out with a ``DBN007`` note;
the model is the migrations' own. Oracle: the migrations applied to MariaDB,
where ``drift`` then finds no difference.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from mysql_server import MysqlServer

MIGRATION = (
    "-- migrate:up\nCREATE TABLE users (id int PRIMARY KEY, name varchar(10) UNIQUE);\n"
    "-- migrate:down\nDROP TABLE users;\n"
)
DUMP = """/*!40101 SET NAMES utf8mb4 */;
CREATE TABLE `users` (
  `id` int(11) NOT NULL,
  `name` varchar(10) DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `name` (`name`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE `schema_migrations` (
  `version` varchar(128) NOT NULL,
  PRIMARY KEY (`version`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Dump completed

--
-- Dbmate schema migrations
--

LOCK TABLES `schema_migrations` WRITE;
INSERT INTO `schema_migrations` (version) VALUES
  ('20240101000000');
UNLOCK TABLES;
"""
CONFIG = "paths: [db]\ndialect: mariadb\nrules:\n  DBN402: true\n"


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "db" / "migrations").mkdir(parents=True)
    (tmp_path / "db" / "migrations" / "20240101000000_init.sql").write_text(MIGRATION, "utf-8")
    (tmp_path / "db" / "schema.sql").write_text(DUMP, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text(CONFIG, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_schema_file_is_left_out_with_a_note(tree: Path) -> None:
    code, out = _run("check", "--select", "DBN007,DBN402,DBN010")
    assert code == 0, out
    assert (
        "db/schema.sql:1:1: DBN007 info: not replayed: dbmate's schema file (it ends with "
        "'-- Dbmate schema migrations')"
    ) in out
    code, out = _run("inspect", "db")
    assert "schema_migrations" not in out
    assert "created again" not in out


def test_named_on_the_command_line_it_is_read(tree: Path) -> None:
    code, out = _run("inspect", "db/schema.sql")
    assert code == 0, out
    assert "table schema_migrations" in out


def test_without_dbmate_migrations_beside_it_it_is_read(tree: Path) -> None:
    (tree / "db" / "migrations" / "20240101000000_init.sql").unlink()
    (tree / "db" / "migrations").rmdir()
    _, out = _run("inspect", "db")
    assert "table users" in out
    assert "DBN007" not in out


def test_drift_against_the_migrated_database_is_clean(tree: Path, maria: MysqlServer) -> None:
    with maria.fresh_database("dbnamelint_dbmate_schema") as db:
        maria.run("CREATE TABLE users (id int PRIMARY KEY, name varchar(10) UNIQUE)", database=db)
        code, out = _run("drift", "--db", maria.url(db), "--format", "json")
        assert (code, json.loads(out)["drift"]) == (0, []), out
