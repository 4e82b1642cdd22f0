"""MySQL files that say ``USE <db>;`` (trial s21 apollo).

Apollo keeps its schema as ``CREATE DATABASE IF NOT EXISTS ApolloConfigDB
...; Use ApolloConfigDB;`` followed by unqualified ``CREATE TABLE`` statements
(``scripts/sql/profiles/mysql-default/apolloconfigdb.sql``); its
``mysql-database-not-specified`` profile is the same text without those two
lines, for databases of other names. The model puts the tables in
``ApolloConfigDB``. ``drift`` against a database built from the files under
another name reported every table twice (only in the files as
``ApolloConfigDB.App``, only in the database as ``App``), and ``migrate``
wrote ``ALTER TABLE `ApolloConfigDB`.`App` ...``, which fails there (or
renames another database's tables on a server that has both).

Oracle: the real MariaDB (``DBNAMELINT_TEST_MYSQL``). Each database is
built by the ``mariadb`` client from the files as Apollo's
not-specified profile has them (the two lines left out) in a database of
another name; the generated forward, rollback, forward and cleanup scripts
run there, and ``information_schema`` gives the tables after each.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import mysql_server
from dbnamelint.cli import cli
from dbnamelint.model import Location, ObjectKind, SchemaObject, SourceFile
from dbnamelint.services.migrate.plan import session_database_for

pytestmark = pytest.mark.slow

# The head of Apollo's apolloconfigdb.sql (mysql-default profile), three of its tables.
APOLLO = """\
/*!40101 SET NAMES utf8 */;
CREATE DATABASE IF NOT EXISTS ApolloConfigDB DEFAULT CHARACTER SET = utf8mb4;

Use ApolloConfigDB;

DROP TABLE IF EXISTS `App`;

CREATE TABLE `App` (
  `Id` int(10) unsigned NOT NULL AUTO_INCREMENT COMMENT 'id',
  `AppId` varchar(64) NOT NULL DEFAULT 'default' COMMENT 'AppID',
  `Name` varchar(500) NOT NULL DEFAULT 'default' COMMENT 'name',
  `DeletedAt` BIGINT(20) NOT NULL DEFAULT '0' COMMENT 'Delete timestamp',
  `DataChange_LastTime` timestamp NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  PRIMARY KEY (`Id`),
  UNIQUE KEY `UK_AppId_DeletedAt` (`AppId`,`DeletedAt`),
  KEY `DataChange_LastTime` (`DataChange_LastTime`),
  KEY `IX_Name` (`Name`(191))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='app';

DROP TABLE IF EXISTS `Audit`;

CREATE TABLE `Audit` (
  `Id` int(10) unsigned NOT NULL AUTO_INCREMENT COMMENT 'id',
  `EntityName` varchar(50) NOT NULL DEFAULT 'default' COMMENT 'entity',
  `OpName` varchar(50) NOT NULL DEFAULT 'default' COMMENT 'op',
  PRIMARY KEY (`Id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='audit';

DROP TABLE IF EXISTS `Cluster`;

CREATE TABLE `Cluster` (
  `Id` int(10) unsigned NOT NULL AUTO_INCREMENT COMMENT 'id',
  `Name` varchar(32) NOT NULL DEFAULT '' COMMENT 'name',
  `AppId` varchar(64) NOT NULL DEFAULT '' COMMENT 'App id',
  `ParentClusterId` int(10) unsigned NOT NULL DEFAULT '0' COMMENT 'parent',
  PRIMARY KEY (`Id`),
  KEY `IX_ParentClusterId` (`ParentClusterId`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='cluster';
"""

# Apollo's delta scripts say the same before an ALTER.
DELTA = """\
Use ApolloConfigDB;

ALTER TABLE `Cluster` ADD COLUMN `Comment` varchar(64) NULL DEFAULT NULL COMMENT 'comment';
"""

TABLES = (
    "SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES "
    "WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME"
)


def not_specified(sql: str) -> str:
    """The text as Apollo's ``mysql-database-not-specified`` profile has it."""
    return re.sub(r"(?im)^(use|create database)\b[^;]*;\n", "", sql)


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "apollo"
    (root / "db").mkdir(parents=True)
    (root / "db" / "001_apolloconfigdb.sql").write_text(APOLLO, encoding="utf-8")
    (root / "db" / "002_v230.sql").write_text(DELTA, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text("paths: [db]\ndialect: mysql\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    return root


def _run(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, list(args))
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    return result.exit_code, result.stdout, result.stderr


def _build(maria: mysql_server.MysqlServer, db: str) -> None:
    maria.run(not_specified(APOLLO), database=db)
    maria.run(not_specified(DELTA), database=db)


def _tables(maria: mysql_server.MysqlServer, db: str) -> set[tuple[str, str]]:
    return {tuple(r.split("\t")) for r in maria.run(TABLES, database=db).splitlines()}  # type: ignore[misc]


def test_drift_compares_the_files_database_as_the_one_connected_to(
    maria: mysql_server.MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path)
    with maria.fresh_database("apollouse_drift") as db:
        _build(maria, db)
        code, out, err = _run(root, monkeypatch, "drift", "--db", maria.url(db), "--format", "json")
        assert json.loads(out)["drift"] == [], err
        assert code == 0, out + err
        assert "the files' database 'ApolloConfigDB' (their `USE ApolloConfigDB`" in err
        assert f"is compared as '{db}'" in err
        # Still a real comparison: a column the database lacks is drift.
        maria.run("ALTER TABLE `Cluster` DROP COLUMN `Comment`", database=db)
        code, out, err = _run(root, monkeypatch, "drift", "--db", maria.url(db), "--format", "json")
    assert code == 1, out + err
    found = [(d["drift"], d["kind"], d["files_name"]) for d in json.loads(out)["drift"]]
    assert found == [("only_in_files", "column", "Cluster.Comment")]


def test_drift_with_two_databases_named_says_to_give_one(
    maria: mysql_server.MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path)
    portal = (
        "Use ApolloPortalDB;\nCREATE TABLE `Favorite` (`Id` int NOT NULL, PRIMARY KEY (`Id`));\n"
    )
    (root / "db" / "003_portal.sql").write_text(portal, encoding="utf-8")
    with maria.fresh_database("apollouse_two") as db:
        _build(maria, db)
        code, out, err = _run(root, monkeypatch, "drift", "--db", maria.url(db))
        assert code == 1, out + err
        assert "the files name databases 'ApolloConfigDB', 'ApolloPortalDB'" in err
        # The config's `databases:` gives the files of one: compared as the URL's.
        config = "paths: [db]\ndialect: mysql\ndatabases:\n"
        config += "  config: [db/001_apolloconfigdb.sql, db/002_v230.sql]\n"
        config += "  portal: [db/003_portal.sql]\n"
        (root / "dbnamelint.yaml").write_text(config, encoding="utf-8")
        code, out, err = _run(
            root, monkeypatch, "drift", "--database", "config", "--db", maria.url(db)
        )
    assert code == 0, out + err


def test_session_database_is_the_one_database_named() -> None:
    source = SourceFile("db/a.sql", "mysql", None)

    def table(name: str, schema: str | None) -> SchemaObject:
        return SchemaObject(ObjectKind.TABLE, name, Location("db/a.sql", 1, 1), source, schema)

    assert session_database_for([table("a", "X"), table("b", "X")], "mysql") == "X"
    assert session_database_for([table("a", "X"), table("b", "Y")], "mysql") is None
    assert session_database_for([table("a", "X"), table("b", None)], "mysql") is None
    assert session_database_for([table("a", "X")], "postgres") is None


def _scripts(out: str) -> tuple[str, str, str]:
    forward = out.split("-- ==== forward ====")[1].split("-- ==== rollback ====", maxsplit=1)[0]
    rollback = out.split("-- ==== rollback ====")[1].split("-- ==== cleanup", maxsplit=1)[0]
    cleanup = out.split("-- ==== cleanup")[1].split("\n", 1)[1]
    return forward, rollback, cleanup


RENAMED = {("apps", "BASE TABLE"), ("audits", "BASE TABLE"), ("clusters", "BASE TABLE")}
VIEWS = {("App", "VIEW"), ("Audit", "VIEW"), ("Cluster", "VIEW")}


def _forward_rollback_forward_cleanup(
    maria: mysql_server.MysqlServer, db: str, scripts: tuple[str, str, str], *, client_db: str
) -> None:
    """Run the scripts as a developer would (``client_db``: the database the
    client connects to, "" for none) and read the tables after each."""
    forward, rollback, cleanup = scripts
    before = _tables(maria, db)
    assert before == {("App", "BASE TABLE"), ("Audit", "BASE TABLE"), ("Cluster", "BASE TABLE")}
    maria.run(forward, database=client_db)
    assert _tables(maria, db) == RENAMED | VIEWS
    maria.run(rollback, database=client_db)
    assert _tables(maria, db) == before
    maria.run(forward, database=client_db)
    maria.run(cleanup, database=client_db)
    assert _tables(maria, db) == RENAMED
    columns = maria.run(
        "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()"
        " AND TABLE_NAME = 'clusters' ORDER BY ORDINAL_POSITION",
        database=db,
    ).split()
    assert columns == ["id", "name", "app_id", "parent_cluster_id", "comment"]


def test_migrate_says_use_and_names_objects_unqualified_as_the_files_do(
    maria: mysql_server.MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The files run as they are (CREATE DATABASE, USE) create the database
    they name; the scripts run as they are, with no database given to the
    client, rename its tables. Left out its ``USE`` line, as the files'
    own, each script runs in a database of another name too."""
    with maria.fresh_database("apollouse_named") as named:
        root = _project(tmp_path)
        for path in (root / "db").glob("*.sql"):  # the files name the test's database
            text = path.read_text(encoding="utf-8").replace("ApolloConfigDB", named)
            path.write_text(text, encoding="utf-8")
        code, out, err = _run(root, monkeypatch, "whitelist", "init")
        assert code == 0, out + err
        code, out, err = _run(root, monkeypatch, "migrate", "--all")
        assert code == 0, out + err
        scripts = _scripts(out)
        for script in scripts:
            statements = [line for line in script.splitlines() if not line.startswith("--")]
            assert [s for s in statements if named in s] == [f"USE `{named}`;"], script
        maria.run(f"DROP DATABASE `{named}`")
        for path in sorted((root / "db").glob("*.sql")):
            maria.run(path.read_text(encoding="utf-8"))  # CREATE DATABASE, USE: as written
        _forward_rollback_forward_cleanup(maria, named, scripts, client_db="")

        with maria.fresh_database("apollouse_other") as other:
            _build(maria, other)
            unused = tuple(not_specified(s) for s in scripts)
            _forward_rollback_forward_cleanup(maria, other, unused, client_db=other)


def test_written_migration_is_read_in_the_files_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The written forward renames the tables of ``ApolloConfigDB`` in the
    model (its ``USE`` as the files'): every entry is stale, pruned, and
    ``check`` is clean; the rollback goes where rollbacks go."""
    root = _project(tmp_path)
    code, out, err = _run(root, monkeypatch, "whitelist", "init")
    assert code == 0, out + err
    code, out, err = _run(root, monkeypatch, "migrate", "--all", "--layout", "numbered", "--write")
    assert code == 0, out + err
    assert "wrote db/003_rename_whitelist_targets.sql (forward)" in err
    assert "wrote rollbacks/003_rename_whitelist_targets.sql (rollback)" in err
    code, out, err = _run(root, monkeypatch, "whitelist", "prune")
    assert code == 0, out + err
    assert yaml.safe_load((root / "whitelist.yaml").read_text(encoding="utf-8"))["entries"] == []
    code, out, err = _run(root, monkeypatch, "check")
    assert code == 0, out + err
