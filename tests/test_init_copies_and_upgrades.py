"""``init`` leaves out H2 copies of the schema and upgrade scripts below a full schema.

Trial s22, Apollo (``scripts/sql/profiles/...``): ``init`` proposed
``paths: ["."]``. ``h2-default/`` and ``*.init.h2.sql`` are the H2 copies
of the MySQL schema (H2 runs Apollo's tests and its in-memory mode), read
as PostgreSQL they gave ``DBN004`` (``CREATE ALIAS``); and each profile's
full ``apolloportaldb.sql`` beside its ``delta/`` upgrades gave ``DBN023``
(the full schema and the upgrade that created ``Users`` both create it).

Oracles: PostgreSQL refuses H2's ``CREATE ALIAS`` (so the copy is no
PostgreSQL); sqlite3 refuses the upgrade run after the full schema ("table
... already exists": no database runs both) and the model ``check`` then
reads holds exactly the names sqlite3 gives the full schema alone.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import write_files
from mysql_server import MysqlServer
from mysql_server import SqlFailed as MysqlSqlFailed
from pg_server import PgServer, SqlFailed

MYSQL = (
    "CREATE DATABASE IF NOT EXISTS ApolloConfigDB;\nUSE ApolloConfigDB;\n"
    "CREATE TABLE `App` (`Id` int unsigned NOT NULL AUTO_INCREMENT, `AppId` varchar(64),"
    " PRIMARY KEY (`Id`)) ENGINE=InnoDB;\n"
)
ALIAS = (
    "CREATE ALIAS IF NOT EXISTS UNIX_TIMESTAMP FOR "
    '"com.ctrip.framework.apollo.common.jpa.H2Function.unixTimestamp";\n'
)
H2 = (
    ALIAS + "CREATE TABLE `App` (`Id` int unsigned NOT NULL AUTO_INCREMENT, `AppId` varchar(64));\n"
)
APOLLO = {
    "scripts/sql/profiles/mysql-default/apolloconfigdb.sql": MYSQL,
    "scripts/sql/profiles/h2-default/apolloconfigdb.sql": H2,
    "apollo-configservice/src/main/resources/jpa/configdb.init.h2.sql": H2,
    "scripts/sql/src/gist/h2Function.sql": ALIAS,
}

FULL = (
    'CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, "userName" text);\n'
    "CREATE TABLE user_groups (id INTEGER PRIMARY KEY AUTOINCREMENT, name text UNIQUE);\n"
)
#: the upgrade from the version before user_groups (guacamole's upgrade/, Apollo's delta/)
UPGRADE = "CREATE TABLE user_groups (id INTEGER PRIMARY KEY AUTOINCREMENT, name text UNIQUE);\n"
OLD = 'CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, "userName" text);\n'
GUACAMOLE = {
    "schema/sqlite/001-create-schema.sql": FULL,
    "schema/sqlite/upgrade/upgrade-pre-1.1.sql": UPGRADE,
}


def _run(*args: str) -> tuple[int, str]:
    done = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return done.exit_code, done.output


def _config(root: Path) -> dict[str, object]:
    loaded = yaml.safe_load((root / "dbnamelint.yaml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_h2_is_no_postgres(pg: PgServer) -> None:
    with pg.fresh_database("dbn_init22_h2") as db, pytest.raises(SqlFailed, match="ALIAS"):
        pg.run(sql=ALIAS, dbname=db)


def test_without_init_the_h2_copies_are_misread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(tmp_path, APOLLO)
    monkeypatch.chdir(tmp_path)
    assert "DBN004" in _run("check", ".")[1]


def test_init_leaves_the_h2_copies_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(tmp_path, APOLLO)
    monkeypatch.chdir(tmp_path)
    code, out = _run("init")
    assert code == 0, out
    assert (
        "Left out: apollo-configservice/src/main/resources/jpa/configdb.init.h2.sql, "
        "scripts/sql/profiles/h2-default, scripts/sql/src/gist/h2Function.sql, named for a "
        "database dbnamelint has no dialect for (H2, HSQLDB, Derby, Oracle, DB2, ...)"
    ) in out
    config = _config(tmp_path)
    assert config["paths"] == ["scripts/sql/profiles/mysql-default"]
    assert config["exclude"] == [
        "apollo-configservice/src/main/resources/jpa/configdb.init.h2.sql",
        "scripts/sql/profiles/h2-default",
        "scripts/sql/src/gist/h2Function.sql",
    ]
    checked = _run("check")
    assert "DBN004" not in checked[1], checked[1]
    (tmp_path / "dbnamelint.yaml").unlink()
    assert checked == _run("check", "scripts/sql/profiles/mysql-default")


def test_only_h2_sql_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing else to lint: the H2 files are what there is."""
    write_files(tmp_path, {"db/h2/schema.sql": H2})
    monkeypatch.chdir(tmp_path)
    assert _run("init")[0] == 0
    assert "exclude" not in _config(tmp_path)


def _sqlite(*scripts: str) -> set[tuple[str, str]]:
    db = sqlite3.connect(":memory:")
    try:
        for script in scripts:
            db.executescript(script)
        rows = db.execute(
            "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p "
            "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'"
        )
        return {(table, column) for table, column in rows}
    finally:
        db.close()


def test_the_upgrade_never_runs_after_the_full_schema() -> None:
    with pytest.raises(sqlite3.OperationalError, match="already exists"):
        _sqlite(FULL, UPGRADE)
    assert _sqlite(OLD, UPGRADE) == _sqlite(FULL)  # the upgrade builds the same database


def test_without_init_both_are_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(tmp_path, GUACAMOLE)
    monkeypatch.chdir(tmp_path)
    assert "DBN023" in _run("check", ".")[1]


def test_init_leaves_the_upgrades_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(tmp_path, GUACAMOLE)
    monkeypatch.chdir(tmp_path)
    code, out = _run("init")
    assert code == 0, out
    assert (
        "Left out: schema/sqlite/upgrade, upgrade scripts below a full schema that create its "
        "tables again"
    ) in out
    config = _config(tmp_path)
    assert config["paths"] == ["schema/sqlite"]
    assert config["exclude"] == ["schema/sqlite/upgrade"]
    code, checked = _run("check")
    assert code in (0, 1) and "DBN023" not in checked, checked
    code, listed = _run("inspect", "--format", "json")
    assert code == 0, listed
    model = {
        (str(o["table"]), str(o["name"]))
        for o in json.loads(listed)["objects"]
        if o["kind"] == "column"
    }
    assert model == _sqlite(FULL)


#: DolphinScheduler (trial s29): a full schema in ``sql/`` and, per release,
#: upgrade scripts that drop and create a table again (no DBN023: the table is
#: gone when it is made again) or only alter what the full schema holds.
DS_FULL = (
    "CREATE TABLE t_ds_task_group_queue (id int NOT NULL, task_id int, in_queue_time datetime,"
    " PRIMARY KEY (id)) ENGINE=InnoDB;\n"
    "CREATE TABLE t_ds_users (id int NOT NULL, email varchar(64), PRIMARY KEY (id))"
    " ENGINE=InnoDB;\n"
)
DS_300 = (
    "DROP TABLE IF EXISTS t_ds_task_group_queue;\n"
    "CREATE TABLE t_ds_task_group_queue (id int NOT NULL, task_id int, PRIMARY KEY (id))"
    " ENGINE=InnoDB;\n"
)
DS_310 = "ALTER TABLE t_ds_users ADD COLUMN email varchar(64);\n"
DS_TREE = {
    "sql/dolphinscheduler_mysql.sql": DS_FULL,
    "sql/upgrade/3.0.0_schema/mysql/dolphinscheduler_ddl.sql": DS_300,
    "sql/upgrade/3.1.0_schema/mysql/dolphinscheduler_ddl.sql": DS_310,
}


def test_upgrades_that_drop_and_create_again_are_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: MysqlServer
) -> None:
    """Read after the full schema, 3.0.0's older ``t_ds_task_group_queue``
    replaced the full schema's: a column added to the full schema was in no
    model, and passed the gate. The model ``init`` sets up is the full
    schema, as MariaDB holds it; 3.1.0's upgrade, another release of the same
    folder, only alters what the full schema has (MariaDB refuses it there)."""
    write_files(tmp_path, DS_TREE)
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["init"]).exit_code == 0
    config = yaml.safe_load((tmp_path / "dbnamelint.yaml").read_text(encoding="utf-8"))
    assert config["exclude"] == [
        "sql/upgrade/3.0.0_schema/mysql",
        "sql/upgrade/3.1.0_schema/mysql",
    ]
    done = CliRunner().invoke(cli, ["inspect", "--format", "json"])
    model = {
        (o["table"], o["name"]) for o in json.loads(done.stdout)["objects"] if o["kind"] == "column"
    }
    with maria.fresh_database("s29_ds_full") as db:
        maria.run(DS_FULL, database=db)
        with pytest.raises(MysqlSqlFailed):
            maria.run(DS_310, database=db)  # the full schema has it: never both
        rows = maria.run(
            "SELECT CONCAT(TABLE_NAME, '.', COLUMN_NAME) FROM information_schema.COLUMNS "
            "WHERE TABLE_SCHEMA = DATABASE()",
            database=db,
        ).split()
    assert model == {tuple(r.split(".")) for r in rows}


ICINGA_FULL = (
    "CREATE TABLE host (id int PRIMARY KEY, checkcommand_name text);\n"
    "CREATE INDEX idx_host_cc ON host (checkcommand_name);\n"
)
ICINGA_UPGRADES = {
    "schema/pgsql/upgrades/1.1.0.sql": "ALTER TABLE host ADD COLUMN checkcommand_name text;\n",
    "schema/pgsql/upgrades/1.2.0.sql": "CREATE INDEX idx_host_cc ON host (checkcommand_name);\n",
}


def test_upgrades_that_only_add_what_the_full_schema_has_are_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    """icingadb's ``schema/pgsql/upgrades/1.1.1.sql`` only alters (closing
    confirmation of trial s29): read after the full schema they were
    replayed as its changes and an edit of one was no DBN025. PostgreSQL
    refuses such an upgrade after the full schema: never both."""
    with pg.fresh_database("s29_icinga_full") as db:
        pg.run(sql=ICINGA_FULL, dbname=db)
        for text in ICINGA_UPGRADES.values():
            with pytest.raises(SqlFailed, match="already exists"):
                pg.run(sql=text, dbname=db)
    write_files(tmp_path, {"schema/pgsql/schema.sql": ICINGA_FULL, **ICINGA_UPGRADES})
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["init"]).exit_code == 0
    config = yaml.safe_load((tmp_path / "dbnamelint.yaml").read_text(encoding="utf-8"))
    assert config["exclude"] == ["schema/pgsql/upgrades"]
