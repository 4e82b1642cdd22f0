"""Compatibility views keep the renamed table's privileges and row-level security.

Oracle: a real PostgreSQL 15 (``DBNAMELINT_TEST_PG``) and MariaDB 10.11
(``DBNAMELINT_TEST_MYSQL``). A role with SELECT on the table sees, through
the view the forward migration creates, exactly the rows row-level security
gives it on the table; a role without privileges on the table gets nothing
through the view, even where default privileges would have granted the
new view to it. The view's privileges are the table's, read back from the
catalog. Roles are cluster-wide: each test creates its own and drops them.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import mysql_server
from dbnamelint.cli import cli
from dbnamelint.frontends.sql.parsing import parse_statements
from dbnamelint.frontends.sql.splitting import split_statements
from dbnamelint.model import SourceFile
from pg_server import PgServer, SqlFailed

_APP, _NONE = "dbnl_s6f3_app", "dbnl_s6f3_none"

_INIT = f"""\
CREATE TABLE upload_part (id int PRIMARY KEY, owner text NOT NULL, note text);
ALTER TABLE upload_part ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON upload_part USING (owner = current_user);
GRANT SELECT ON upload_part TO {_APP};
GRANT UPDATE (note) ON upload_part TO {_APP} WITH GRANT OPTION;
CREATE TABLE plain_log (id int PRIMARY KEY);
GRANT SELECT, INSERT ON plain_log TO {_APP};
"""


def _tree(root: Path) -> None:
    (root / "db").mkdir()
    (root / "db" / "001_init.sql").write_text(_INIT, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n", encoding="utf-8")


def _migrate(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> str:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["migrate", *args])
    assert result.exit_code == 0, result.stderr
    return result.stderr


@pytest.fixture
def roles(pg: PgServer) -> Iterator[None]:
    for role in (_APP, _NONE):
        pg.run(
            sql=f"DO $$ BEGIN CREATE ROLE {role}; "
            "EXCEPTION WHEN duplicate_object THEN NULL; END $$;"
        )
    try:
        yield
    finally:
        pg.run(sql=f"DROP ROLE IF EXISTS {_APP}; DROP ROLE IF EXISTS {_NONE};")


def _as(pg: PgServer, db: str, role: str, sql: str) -> list[dict[str, Any]]:
    """Rows of ``sql`` run as ``role`` (set when the session starts)."""
    return pg.query_json(sql, f"{db} options='-c role={role}'")


_VIEWS = "SELECT {} FROM pg_class WHERE relkind = 'v' AND relnamespace = 'public'::regnamespace"

_ACL = """
SELECT coalesce(r.rolname, 'PUBLIC') AS grantee, a.privilege_type AS privilege,
       a.is_grantable AS grantable, NULL::name AS col
FROM pg_class c, aclexplode(c.relacl) a LEFT JOIN pg_roles r ON r.oid = a.grantee
WHERE c.oid = '{rel}'::regclass AND a.grantee <> c.relowner
UNION ALL
SELECT coalesce(r.rolname, 'PUBLIC'), a.privilege_type, a.is_grantable, t.attname
FROM pg_attribute t, aclexplode(t.attacl) a LEFT JOIN pg_roles r ON r.oid = a.grantee
WHERE t.attrelid = '{rel}'::regclass AND t.attnum > 0
"""


def _acl(pg: PgServer, db: str, rel: str) -> set[tuple[object, ...]]:
    rows = pg.query_json(_ACL.format(rel=rel), db)
    return {(r["grantee"], r["privilege"], r["grantable"], r["col"]) for r in rows}


def _setup(pg: PgServer, db: str, init: Path) -> None:
    pg.run(files=[init], dbname=db)
    pg.run(
        sql="INSERT INTO upload_part VALUES "
        f"(1, '{_APP}', 'mine'), (2, 'someone_else', 'theirs');"
        # Default privileges reach every new relation, the view included
        # (supabase/storage grants ALL so to anon/authenticated).
        f"ALTER DEFAULT PRIVILEGES GRANT ALL ON TABLES TO {_NONE};",
        dbname=db,
    )


@pytest.mark.usefixtures("roles")
def test_the_view_applies_the_tables_rls_and_privileges_on_postgres(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    _tree(tmp_path)
    err = _migrate(
        tmp_path,
        monkeypatch,
        "--rename",
        "upload_part=upload_parts",
        "--rename",
        "plain_log=plain_logs",
        "--write",
    )
    forward = tmp_path / "db" / "002_rename_tables.sql"
    assert f"wrote db/{forward.name} (forward)" in err
    with pg.fresh_database("dbnl_s6f3_rls") as db:
        _setup(pg, db, tmp_path / "db" / "001_init.sql")
        assert _as(pg, db, _APP, "SELECT id FROM upload_part") == [{"id": 1}]  # RLS, before
        table_acl = _acl(pg, db, "upload_part")
        pg.run(files=[forward], dbname=db)
        # Through the view the app role sees its own row only, as on the table.
        assert _as(pg, db, _APP, "SELECT id FROM upload_part") == [{"id": 1}]
        assert _as(pg, db, _APP, "SELECT id FROM upload_parts") == [{"id": 1}]
        # A role without privileges on the table gets none through the view,
        # whatever the default privileges gave the new view.
        with pytest.raises(SqlFailed, match="permission denied for view upload_part"):
            _as(pg, db, _NONE, "SELECT id FROM upload_part")
        # The view's privileges are exactly the table's (column grants and
        # grant options included); a table without RLS gets its grants too.
        assert _acl(pg, db, "upload_part") == table_acl == _acl(pg, db, "upload_parts")
        assert _acl(pg, db, "plain_log") == _acl(pg, db, "plain_logs") != set()
        options = pg.query_json(
            _VIEWS.format("relname, reloptions") + " ORDER BY 1",
            db,
        )
        assert options == [
            {"relname": "plain_log", "reloptions": ["security_invoker=true"]},
            {"relname": "upload_part", "reloptions": ["security_invoker=true"]},
        ]
        # Writing through the view: the column grant holds, RLS still filters.
        pg.run(
            sql="UPDATE upload_part SET note = 'changed'", dbname=f"{db} options='-c role={_APP}'"
        )
        notes = pg.query_json("SELECT id, note FROM upload_parts ORDER BY id", db)
        assert notes == [{"id": 1, "note": "changed"}, {"id": 2, "note": "theirs"}]


@pytest.mark.usefixtures("roles")
def test_before_postgres_15_a_view_over_rls_stays_its_owners(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    """The branch a server before 15 takes, run on the real server by moving
    the version the block compares with past it: no security_invoker, and a
    table with row-level security lends the view no privileges (the view
    would read every row as its owner); one without RLS lends them."""
    _tree(tmp_path)
    _migrate(
        tmp_path,
        monkeypatch,
        "--rename",
        "upload_part=upload_parts",
        "--rename",
        "plain_log=plain_logs",
        "--write",
    )
    forward = tmp_path / "db" / "002_rename_tables.sql"
    text = forward.read_text(encoding="utf-8")
    assert text.count(">= 150000") == 1  # one block for the views
    older = tmp_path / "as_if_14.sql"
    older.write_text(text.replace(">= 150000", ">= 9990000"), encoding="utf-8")
    with pg.fresh_database("dbnl_s6f3_rls14") as db:
        _setup(pg, db, tmp_path / "db" / "001_init.sql")
        pg.run(files=[older], dbname=db)
        options = pg.query_json(
            _VIEWS.format("reloptions"),
            db,
        )
        assert options == [{"reloptions": None}, {"reloptions": None}]
        assert _acl(pg, db, "upload_part") == set()  # owner only: default grants revoked
        with pytest.raises(SqlFailed, match="permission denied for view upload_part"):
            _as(pg, db, _APP, "SELECT id FROM upload_part")
        assert _acl(pg, db, "plain_log") == _acl(pg, db, "plain_logs") != set()


@pytest.mark.usefixtures("roles")
def test_rollback_and_cleanup_leave_the_tables_privileges_as_they_were(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    _tree(tmp_path)
    _migrate(tmp_path, monkeypatch, "--rename", "upload_part=upload_parts", "--write")
    db_dir = tmp_path / "db"
    forward = db_dir / "002_rename_tables.sql"
    rollback = next(p for p in tmp_path.rglob("*rename_tables*.sql") if p != forward)
    with pg.fresh_database("dbnl_s6f3_back") as db:
        _setup(pg, db, db_dir / "001_init.sql")
        before = _acl(pg, db, "upload_part")
        pg.run(files=[forward, rollback], dbname=db)
        assert _acl(pg, db, "upload_part") == before
        assert (
            pg.query_json(
                _VIEWS.format("relname"),
                db,
            )
            == []
        )
        # The cleanup drops the view; its rollback re-creates it with the same rights.
        pg.run(files=[forward], dbname=db)
        _migrate(tmp_path, monkeypatch, "--cleanup", "--write")
        cleanup = db_dir / "003_drop_compatibility_views.sql"
        restore = next(p for p in tmp_path.rglob("*drop_compatibility_views*.sql") if p != cleanup)
        pg.run(files=[cleanup], dbname=db)
        assert (
            pg.query_json(
                _VIEWS.format("relname"),
                db,
            )
            == []
        )
        pg.run(files=[restore], dbname=db)
        assert _acl(pg, db, "upload_part") == before
        assert _as(pg, db, _APP, "SELECT id FROM upload_part") == [{"id": 1}]


@pytest.mark.usefixtures("roles")
def test_the_tables_owner_keeps_access_when_another_role_applies_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    # Trial s6-t3 #13: the table belongs to the app role and was never
    # granted (relacl NULL: the owner's rights are implicit); a superuser
    # applies the migration, so the view belongs to someone else.
    (tmp_path / "db").mkdir()
    init = tmp_path / "db" / "001_init.sql"
    init.write_text("CREATE TABLE account (id int PRIMARY KEY, name text);\n", encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n", encoding="utf-8")
    _migrate(tmp_path, monkeypatch, "--rename", "account=accounts", "--write")
    with pg.fresh_database("dbnl_s6g2_own") as db:
        pg.run(sql=f"GRANT CREATE ON SCHEMA public TO {_APP};", dbname=db)
        pg.run(files=[init], dbname=f"{db} options='-c role={_APP}'")
        pg.run(sql="INSERT INTO account VALUES (1, 'a');", dbname=db)
        acl = pg.query_json("SELECT relacl FROM pg_class WHERE relname = 'account'", db)
        assert acl == [{"relacl": None}]
        pg.run(files=[tmp_path / "db" / "002_rename_tables.sql"], dbname=db)
        assert _as(pg, db, _APP, "SELECT id FROM account") == [{"id": 1}]
        assert _as(pg, db, _APP, "SELECT id FROM accounts") == [{"id": 1}]
        # Nobody else got anything from the owner's default rights.
        with pytest.raises(SqlFailed, match="permission denied for view account"):
            _as(pg, db, _NONE, "SELECT id FROM account")
        pg.run(sql=f"REVOKE CREATE ON SCHEMA public FROM {_APP};", dbname=db)
        pg.run(sql="DROP VIEW account; DROP TABLE accounts;", dbname=db)


@pytest.mark.usefixtures("roles")
def test_a_role_with_column_grants_only_is_named_in_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    # Trial s6-t3 #1: SELECT * through a security_invoker view checks every
    # column, so a column grant cannot pass; the block says who is affected.
    (tmp_path / "db").mkdir()
    init = tmp_path / "db" / "001_init.sql"
    init.write_text(
        'CREATE TABLE "user" (user_id int PRIMARY KEY, username text, password_hash text);\n'
        f'GRANT SELECT (username) ON "user" TO {_NONE};\n'
        f'GRANT SELECT ON "user" TO {_APP};\n',
        encoding="utf-8",
    )
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n", encoding="utf-8")
    _migrate(tmp_path, monkeypatch, "--rename", "user=users", "--write")
    forward = next(p for p in (tmp_path / "db").iterdir() if p != init)
    with pg.fresh_database("dbnl_g2_colgrant") as db:
        pg.run(files=[init], dbname=db)
        pg.run(sql="INSERT INTO \"user\" VALUES (1, 'alice', 'h');", dbname=db)
        done = subprocess.run(
            ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", pg.database(db), "-f", forward],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        warnings = [line for line in done.stderr.splitlines() if "WARNING" in line]
        assert len(warnings) == 1, done.stderr
        assert f"{_NONE} has SELECT on some columns of users only" in warnings[0]
        assert 'view "user"' in warnings[0]
        # What the warning says, from the server itself.
        with pytest.raises(SqlFailed, match="permission denied for table users"):
            _as(pg, db, _NONE, 'SELECT username FROM "user"')
        assert _as(pg, db, _NONE, "SELECT username FROM users") == [{"username": "alice"}]
        assert _as(pg, db, _APP, 'SELECT username FROM "user"') == [{"username": "alice"}]


def test_the_view_security_block_is_read_without_notes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The block's GRANT/REVOKE EXECUTEs create nothing: `check` reads the
    forward file with no DBN013 note (which would make every later
    `migrate` warn of unread DDL), and its model still has the view."""
    _tree(tmp_path)
    _migrate(tmp_path, monkeypatch, "--rename", "upload_part=upload_parts", "--write")
    result = CliRunner().invoke(cli, ["check", "--verbose", "--no-cache"])
    assert "DBN013" not in result.output + result.stderr
    result = CliRunner().invoke(cli, ["inspect", "--no-cache"])
    assert "view upload_part" in result.output


def test_a_built_execute_other_than_one_grant_is_still_noted() -> None:
    """Only a format() whose pattern is one GRANT or REVOKE is known to name
    no object: a second statement after it, or any other statement, is noted."""
    sql = (
        "DO $$ BEGIN EXECUTE format('GRANT SELECT ON t TO x; DROP TABLE %I', y_v); "
        "EXECUTE format('REVOKE ALL ON t FROM %s', 'x'); "
        "EXECUTE format('ALTER TABLE %I RENAME TO z', t_v); END $$;"
    )
    statements, _ = split_statements(sql, SourceFile("t.sql", "postgres", None))
    parsed = parse_statements(statements)
    assert [(d.code, d.location.column) for d in parsed.diagnostics] == [
        ("DBN013", 13),
        ("DBN013", 123),
    ]


# -- MariaDB ------------------------------------------------------------------


def test_mariadb_view_keeps_the_old_names_grants(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: mysql_server.MysqlServer
) -> None:
    """MySQL/MariaDB keep table privileges by name: RENAME TABLE leaves a
    user's table grant on the old name, which the compatibility view then
    has. The view runs with its definer's rights (the default), so that
    grant reads through it; SQL SECURITY INVOKER would also ask for a grant
    on the new name, which nobody has. A user without privileges on the
    table gets nothing through the view. (No row-level security there.)"""
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "001_init.sql").write_text(
        "CREATE TABLE upload_part (id int PRIMARY KEY, secret int);\n", encoding="utf-8"
    )
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: mariadb\n")
    _migrate(tmp_path, monkeypatch, "--rename", "upload_part=upload_parts", "--write")
    forward = tmp_path / "db" / "002_rename_tables.sql"
    users = ("dbnl_s6f3_app", "dbnl_s6f3_none")
    with maria.fresh_database("dbnl_s6f3_view") as db:
        try:
            maria.run(file=tmp_path / "db" / "001_init.sql", database=db)
            maria.run("INSERT INTO upload_part VALUES (1, 2);", database=db)
            for user in users:
                maria.run(f"DROP USER IF EXISTS '{user}'@'%'; CREATE USER '{user}'@'%';")
            maria.run(f"GRANT SELECT ON {db}.upload_part TO '{users[0]}'@'%';")
            maria.run(file=forward, database=db)
            app = mysql_server.MysqlServer(maria.host, maria.port, users[0])
            none = mysql_server.MysqlServer(maria.host, maria.port, users[1])
            assert app.run("SELECT id, secret FROM upload_part", database=db) == "1\t2\n"
            with pytest.raises(mysql_server.SqlFailed, match="denied"):
                none.run("SELECT id FROM upload_part", database=db)
        finally:
            for user in users:
                maria.run(f"DROP USER IF EXISTS '{user}'@'%';")
    assert re.search(
        r"CREATE VIEW `upload_part` AS SELECT \* FROM `upload_parts`;", forward.read_text()
    )


def test_a_liquibase_changeset_with_the_block_goes_to_the_driver_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Liquibase cuts a changeset at each `;` outside quotes it knows, and it
    does not know PL/pgSQL's (liquibase#5538): the changeset says
    ``splitStatements:false`` so the block reaches PostgreSQL whole."""
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "001_init.sql").write_text(
        "-- liquibase formatted sql\n\n-- changeset a:1\nCREATE TABLE upload_part (id int);\n",
        encoding="utf-8",
    )
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
    _migrate(tmp_path, monkeypatch, "--rename", "upload_part=upload_parts", "--write")
    (written,) = (p for p in (tmp_path / "db").glob("002_*.sql"))
    text = written.read_text(encoding="utf-8")
    assert "-- changeset dbnamelint:rename_tables splitStatements:false\n" in text
    assert "\nDO $dbnamelint$\n" in text


def _sql_migrate_statements(section: str) -> list[str]:
    """Statements as sql-migrate's parser cuts an Up section (its README: a
    statement ends at a line ending with `;`, except between
    `-- +migrate StatementBegin` and `-- +migrate StatementEnd`)."""
    out, buf, whole = [], [], False
    for line in section.splitlines():
        if line.strip() == "-- +migrate StatementBegin":
            whole = True
            continue
        if line.strip() == "-- +migrate StatementEnd":
            whole = False
            out.append("\n".join(buf))
            buf = []
            continue
        buf.append(line)
        if not whole and line.rstrip().endswith(";"):
            out.append("\n".join(buf))
            buf = []
    return [
        s
        for s in out
        if s.strip()
        and not all(x.strip().startswith("--") or not x.strip() for x in s.splitlines())
    ]


@pytest.mark.usefixtures("roles")
def test_sql_migrate_runs_the_block_as_one_statement(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    (tmp_path / "db").mkdir()
    init = "-- +migrate Up\n" + _INIT + "\n-- +migrate Down\nDROP TABLE upload_part;\n"
    (tmp_path / "db" / "1_init.sql").write_text(init, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
    _migrate(tmp_path, monkeypatch, "--rename", "upload_part=upload_parts", "--write")
    (written,) = (p for p in (tmp_path / "db").glob("2_*.sql"))
    text = written.read_text(encoding="utf-8")
    up = text.split("-- +migrate Down")[0]
    statements = _sql_migrate_statements(up)
    assert any(s.lstrip().startswith("DO $dbnamelint$") for s in statements)
    with pg.fresh_database("dbnl_s6f3_sqlmig") as db:
        up_only = tmp_path / "up_of_1_init.sql"
        up_only.write_text(_INIT, encoding="utf-8")
        _setup(pg, db, up_only)
        for statement in statements:
            pg.run(sql=statement, dbname=db)
        assert _as(pg, db, _APP, "SELECT id FROM upload_part") == [{"id": 1}]
