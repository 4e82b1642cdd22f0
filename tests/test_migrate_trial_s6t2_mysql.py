"""MySQL/MariaDB rename migrations of trial s6-t2 (findings 16, 11, 5), on the real server.

The oracle is the real MariaDB (``DBNAMELINT_TEST_MYSQL``, ``lower_case_table_names``
0 as on Linux), each script run through the client as a developer would;
``SHOW FULL TABLES`` and ``SHOW CREATE TABLE``/``VIEW`` are compared before
and after.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import mysql_server
from test_migrate_dependent_targets import _init, _project
from test_migrate_loop import _run
from test_migrate_mysql_constraints import _apply

pytestmark = pytest.mark.slow


def _dump(maria: mysql_server.MysqlServer, db: str) -> dict[str, str]:
    """Every table and view of ``db``: its kind and ``SHOW CREATE``."""
    out = {}
    for line in maria.run("SHOW FULL TABLES", database=db).splitlines():
        name, kind = line.split("\t")
        what = "VIEW" if kind == "VIEW" else "TABLE"
        out[name] = kind + "\n" + maria.run(f"SHOW CREATE {what} `{name}`", database=db)
    return out


def _scripts(plan: str) -> tuple[str, str]:
    forward = plan.split("-- ==== forward ====")[1].split("-- ==== rollback ====", 1)[0]
    rollback = plan.split("-- ==== rollback ====")[1].split("-- ==== cleanup", 1)[0]
    return forward, rollback


# -- 16: a tracking table no file creates ------------------------------------

CONFIG = "paths: [db]\ndialect: mysql\n"
BOOKMARKS = "CREATE TABLE `BookmarkList` (`id` int PRIMARY KEY);\n"


def test_a_missing_tracking_table_stops_both_scripts_before_any_change(
    maria: mysql_server.MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path, BOOKMARKS, CONFIG)
    _init(root, monkeypatch)
    code, plan, err = _run(root, monkeypatch, "migrate", "--all", "--tracking-table", "sys_t")
    assert code == 0, plan + err
    assert "warning: --tracking-table sys_t: no file in the tree creates a table" in err
    forward, rollback = _scripts(plan)
    with maria.fresh_database("dbnl_f7_tracking") as db:
        _apply(maria, db, BOOKMARKS, tmp_path)
        before = _dump(maria, db)
        for script in (forward, rollback):
            with pytest.raises(mysql_server.SqlFailed, match=r"nothing renamed: .*table sys_t"):
                _apply(maria, db, script, tmp_path)
            assert _dump(maria, db) == before
        _apply(
            maria,
            db,
            "CREATE TABLE sys_t (old_name text, new_name text, migrated_at datetime)",
            tmp_path,
        )
        before = _dump(maria, db)
        _apply(maria, db, forward, tmp_path)
        assert (
            maria.run("SELECT old_name, new_name FROM sys_t", database=db)
            == "BookmarkList\tbookmark_lists\n"
        )
        _apply(maria, db, rollback, tmp_path)
        assert _dump(maria, db) == before
        assert maria.run("SELECT count(*) FROM sys_t", database=db) == "0\n"


# -- 11: a case-only table rename --------------------------------------------

ACCOUNTS = """\
-- +goose Up
CREATE TABLE `Accounts` (`id` int NOT NULL PRIMARY KEY, `ownerId` int, `Name` varchar(20),
  KEY `IX_Name` (`Name`));
-- +goose Down
DROP TABLE `Accounts`;
"""


def test_a_case_only_table_rename_round_trips_on_mariadb(
    maria: mysql_server.MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path, ACCOUNTS, CONFIG)
    _init(root, monkeypatch)
    code, plan, err = _run(root, monkeypatch, "migrate", "--all")
    assert code == 0, plan + err
    assert (
        "RENAME TABLE `Accounts` TO `accounts__dbnl_tmp`, `accounts__dbnl_tmp` TO `accounts`;"
        in plan
    )
    assert "needs lower_case_table_names=0" in plan
    forward, rollback = _scripts(plan)
    schema = ACCOUNTS.split("-- +goose Down", maxsplit=1)[0]
    with maria.fresh_database("dbnl_f7_case_only") as db:
        assert maria.run("SELECT @@lower_case_table_names", database=db) == "0\n"
        _apply(maria, db, schema, tmp_path)
        _apply(maria, db, "INSERT INTO `Accounts` VALUES (1, 2, 'x')", tmp_path)
        before = _dump(maria, db)
        _apply(maria, db, forward, tmp_path)
        after = _dump(maria, db)
        assert after["Accounts"].startswith("VIEW\n") and after["accounts"].startswith("BASE TABLE")
        # old code writes through the view (the column under its old name), new code
        # reads the table
        _apply(maria, db, "INSERT INTO `Accounts` (`id`, `ownerId`) VALUES (2, 3)", tmp_path)
        assert maria.run("SELECT owner_id FROM `accounts` WHERE id = 2", database=db) == "3\n"
        _apply(maria, db, "DELETE FROM `accounts` WHERE `id` = 2", tmp_path)
        _apply(maria, db, rollback, tmp_path)
        assert _dump(maria, db) == before


# -- 5: drift sees a case-only rename the database never got -------------------


def test_drift_reports_a_case_only_column_rename_not_applied(
    maria: mysql_server.MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    legacy = "CREATE TABLE a (id int PRIMARY KEY, `Name` varchar(60) NOT NULL, KEY `IX_a` (id));\n"
    root = _project(tmp_path, legacy, CONFIG)
    (root / "db" / "002_rename.sql").write_text(
        "ALTER TABLE `a` RENAME COLUMN `Name` TO `name`;\n"
        "ALTER TABLE `a` RENAME INDEX `IX_a` TO `ix_a`;\n",
        encoding="utf-8",
    )
    with maria.fresh_database("dbnl_f7_drift_case") as db:
        _apply(maria, db, legacy, tmp_path)
        code, out, err = _run(root, monkeypatch, "drift", "--db", maria.url(db))
        assert code == 1, out + err
        assert "column a.Name was renamed to name in the files; the database still has" in out
        assert "index a.IX_a was renamed to ix_a in the files" in out
        # the catalog's own spelling, the oracle
        assert maria.run(
            "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
            "AND TABLE_NAME = 'a' ORDER BY ORDINAL_POSITION",
            database=db,
        ).split() == ["id", "Name"]
        _apply(maria, db, (root / "db" / "002_rename.sql").read_text(), tmp_path)
        code, out, err = _run(root, monkeypatch, "drift", "--db", maria.url(db))
        assert code == 0, out + err


# -- s6-t3 #5: a case-only foreign-key rename ---------------------------------

SESSIONS = """\
CREATE TABLE Accounts (Id INT PRIMARY KEY, Email VARCHAR(100) NOT NULL,
  UNIQUE KEY UQ_Accounts_Email (Email)) ENGINE=InnoDB;
CREATE TABLE Sessions (Id INT PRIMARY KEY, AccountId INT,
  CONSTRAINT FK_Sessions_Accounts FOREIGN KEY (AccountId) REFERENCES Accounts (Id)
  ON DELETE CASCADE) ENGINE=InnoDB;
"""


def test_a_case_only_foreign_key_rename_goes_through_a_temporary_name(
    maria: mysql_server.MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # InnoDB compares foreign-key names without case: one ALTER dropping
    # FK_Sessions_Accounts and adding fk_sessions_accounts fails (errno 121).
    root = _project(tmp_path, SESSIONS, CONFIG)
    _init(root, monkeypatch)
    code, plan, err = _run(root, monkeypatch, "migrate", "--all")
    assert code == 0, plan + err
    assert "fk_sessions_accounts__dbnl_tmp" in plan
    forward, rollback = _scripts(plan)
    with maria.fresh_database("dbnl_g2_fk_case") as db:
        _apply(maria, db, SESSIONS, tmp_path)
        _apply(
            maria,
            db,
            "INSERT INTO Accounts VALUES (1, 'a'); INSERT INTO Sessions VALUES (1, 1)",
            tmp_path,
        )
        before = _dump(maria, db)
        _apply(maria, db, forward, tmp_path)
        after = _dump(maria, db)
        assert "CONSTRAINT `fk_sessions_accounts` FOREIGN KEY (`account_id`)" in after["sessions"]
        assert "ON DELETE CASCADE" in after["sessions"]
        assert after["Sessions"].startswith("VIEW\n")
        # the key still works: the cascade reaches the renamed table
        _apply(maria, db, "DELETE FROM accounts WHERE id = 1", tmp_path)
        assert maria.run("SELECT count(*) FROM sessions", database=db) == "0\n"
        _apply(
            maria,
            db,
            "INSERT INTO accounts VALUES (1, 'a'); INSERT INTO sessions VALUES (1, 1)",
            tmp_path,
        )
        _apply(maria, db, rollback, tmp_path)
        assert _dump(maria, db) == before
