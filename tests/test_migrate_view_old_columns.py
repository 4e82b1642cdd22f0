"""A compatibility view shows the columns the same migration renames under their old names.

Trial s7-t3 #16: the view exists for old code, which reads
``"Account".access_token``; ``SELECT *`` would show the new names. The
view selects each renamed column under its old name (``"user_id" AS
"userId"``). Oracles: PostgreSQL 15 (the view stays auto-updatable:
INSERT/UPDATE/DELETE through it, the table's column grants land on the
view's column), MariaDB (a view with aliases is updatable) and sqlite3 (the
INSTEAD OF triggers map the old names to the new columns). The cleanup's
rollback re-creates the view as the rename migration made it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import mysql_server
from pg_server import PgServer
from test_migrate_dependent_targets import _init, _project
from test_migrate_loop import _git, _run
from test_migrate_sqlite_constraints import _apply

_ROLE = "dbnl_s7g_app"
PG = f"""\
CREATE TABLE "Account" (id serial PRIMARY KEY, access_token text, "userId" int,
    note text DEFAULT 'x');
GRANT SELECT (id, "userId"), UPDATE ("userId") ON "Account" TO {_ROLE};
"""
MARIA = """\
CREATE TABLE Account (id int AUTO_INCREMENT PRIMARY KEY, access_token text, userId int,
    note varchar(10) DEFAULT 'x');
"""
SQLITE = """\
CREATE TABLE Account (id INTEGER PRIMARY KEY, access_token text, userId int, note text DEFAULT 'x');
"""


def _migrated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sql: str, dialect: str) -> Path:
    root = _project(tmp_path, sql, f"paths: [db]\ndialect: {dialect}\n")
    _init(root, monkeypatch)
    code, out, err = _run(root, monkeypatch, "migrate", "--phase", "1", "--write")
    assert code == 0, out + err
    assert "Account.userId -> user_id" in out or "accounts.userId -> user_id" in out, out
    assert "the compatibility view of its table shows it as 'userId'" in out
    return root


def _cleanup(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "rename")
    code, out, err = _run(root, monkeypatch, "migrate", "--cleanup", "--write")
    assert code == 0, out + err
    return (
        root / "db" / "003_drop_compatibility_views.sql",
        root / "rollbacks" / "003_drop_compatibility_views.sql",
    )


def test_postgres_view_shows_old_names_and_stays_updatable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    pg.run(
        sql=f"DO $$ BEGIN CREATE ROLE {_ROLE}; EXCEPTION WHEN duplicate_object THEN NULL; END $$;"
    )
    try:
        root = _migrated(tmp_path, monkeypatch, PG, "postgres")
        forward = root / "db" / "002_rename_phase_1.sql"
        rollback = root / "rollbacks" / "002_rename_phase_1.sql"
        cleanup, restore = _cleanup(root, monkeypatch)
        with pg.fresh_database("dbnl_s7g_view") as db:
            pg.run(files=[root / "db" / "001_init.sql", forward], dbname=db)
            cols = (
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = '{}' ORDER BY ordinal_position"
            )
            view_cols = [r["column_name"] for r in pg.query_json(cols.format("Account"), db)]
            assert view_cols == ["id", "access_token", "userId", "note"]
            assert [r["column_name"] for r in pg.query_json(cols.format("accounts"), db)] == [
                "id",
                "access_token",
                "user_id",
                "note",
            ]
            flags = pg.query_json(
                "SELECT is_updatable, is_insertable_into FROM information_schema.views "
                "WHERE table_name = 'Account'",
                db,
            )
            assert flags == [{"is_updatable": "YES", "is_insertable_into": "YES"}]
            pg.run(
                sql="""INSERT INTO "Account" (access_token, "userId") VALUES ('t', 7);
                UPDATE "Account" SET "userId" = 8 WHERE "userId" = 7;
                INSERT INTO "Account" ("userId") VALUES (9);
                DELETE FROM "Account" WHERE "userId" = 9;""",
                dbname=db,
            )
            rows = pg.query_json("SELECT id, access_token, user_id, note FROM accounts", db)
            assert rows == [{"id": 1, "access_token": "t", "user_id": 8, "note": "x"}]
            # the table's column grants are on the view's columns, under their names there
            acl = pg.query_json(
                "SELECT t.attname, a.privilege_type FROM pg_attribute t, aclexplode(t.attacl) a "
                "WHERE t.attrelid = '\"Account\"'::regclass AND a.grantee = "
                f"'{_ROLE}'::regrole ORDER BY 1, 2",
                db,
            )
            assert [(r["attname"], r["privilege_type"]) for r in acl] == [
                ("id", "SELECT"),
                ("userId", "SELECT"),
                ("userId", "UPDATE"),
            ]
            pg.run(files=[cleanup, restore], dbname=db)  # the cleanup's rollback: same view
            assert [r["column_name"] for r in pg.query_json(cols.format("Account"), db)] == (
                view_cols
            )
            pg.run(files=[rollback], dbname=db)  # the rename undone
            assert [r["column_name"] for r in pg.query_json(cols.format("Account"), db)] == [
                "id",
                "access_token",
                "userId",
                "note",
            ]
        assert '"user_id" AS "userId"' in restore.read_text(encoding="utf-8")
    finally:
        pg.run(sql=f"DROP ROLE IF EXISTS {_ROLE};")


def test_mariadb_view_with_aliases_is_updatable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: mysql_server.MysqlServer
) -> None:
    root = _migrated(tmp_path, monkeypatch, MARIA, "mariadb")
    forward = root / "db" / "002_rename_phase_1.sql"
    assert "`user_id` AS `userId`" in forward.read_text(encoding="utf-8")
    with maria.fresh_database("dbnl_s7g_view") as db:
        maria.run(file=root / "db" / "001_init.sql", database=db)
        maria.run(file=forward, database=db)
        maria.run(
            "INSERT INTO Account (access_token, userId) VALUES ('t', 7);"
            "UPDATE Account SET userId = 8 WHERE userId = 7;"
            "INSERT INTO Account (userId) VALUES (9);"
            "DELETE FROM Account WHERE userId = 9;",
            database=db,
        )
        assert maria.run("SELECT id, access_token, user_id, note FROM accounts", database=db) == (
            "1\tt\t8\tx\n"
        )
        assert maria.run("SELECT userId FROM Account", database=db) == "8\n"


def test_sqlite_triggers_map_old_names_to_new_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _migrated(tmp_path, monkeypatch, SQLITE, "sqlite")
    forward = (root / "db" / "002_rename_phase_1.sql").read_text(encoding="utf-8")
    rollback = (root / "rollbacks" / "002_rename_phase_1.sql").read_text(encoding="utf-8")
    db = sqlite3.connect(":memory:", isolation_level=None)
    db.executescript(SQLITE)
    _apply(db, forward)
    assert [r[1] for r in db.execute("PRAGMA table_info(Account)")] == [
        "id",
        "access_token",
        "userId",
        "note",
    ]
    db.execute("INSERT INTO Account (access_token, userId) VALUES ('t', 7)")
    db.execute("UPDATE Account SET userId = 8 WHERE userId = 7")
    db.execute("INSERT INTO Account (userId) VALUES (9)")
    db.execute("DELETE FROM Account WHERE userId = 9")
    assert db.execute("SELECT id, access_token, user_id, note FROM accounts").fetchall() == [
        (1, "t", 8, "x")
    ]
    _apply(db, rollback)
    assert db.execute("SELECT id, userId FROM Account").fetchall() == [(1, 8)]
