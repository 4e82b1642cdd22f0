"""What a compatibility view bridges, and what it does not (trial s8-t2 F6).

fider's test seed starts ``TRUNCATE TABLE blobs RESTART IDENTITY CASCADE``;
after the forward migration ``blobs`` is a view and PostgreSQL answers
``"blobs" is not a table``. The plan now says which statements fail through
the old name (:mod:`dbnamelint.services.migrate.view_limits`). Every claim
is run here against a view ``dbnamelint migrate`` wrote, on the real
database: a statement said to work succeeds through the old name, one said
to fail gets the server's own error, and the same statement on the new name
succeeds (so the failure is the view's, not the statement's).
"""

from __future__ import annotations

import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

import mysql_server
from dbnamelint.services.migrate.view_limits import view_limits
from pg_server import PgServer
from test_migrate_dependent_targets import _init, _project
from test_migrate_loop import _run

CONFIG = """\
paths: [db]
dialect: {dialect}
select: [DBN107]
rules:
  table-legacy-name:
    options:
      names: {{blobs: file_blobs}}
"""

PG_SCHEMA = """\
CREATE TABLE blobs (id serial PRIMARY KEY, k text UNIQUE, v text);
CREATE TABLE refs (id int);
"""

#: claim -> (statement, with {t} for the table's name; the server's error
#: through the old name, None when it works). In order: the writes build on
#: each other.
PG_STATEMENTS: dict[str, tuple[str, str | None]] = {
    "SELECT": ("SELECT count(*) FROM {t}", None),
    "INSERT": ("INSERT INTO {t} (k, v) VALUES ('a', 'b') RETURNING id", None),
    "UPDATE": ("UPDATE {t} SET v = 'c' WHERE k = 'a'", None),
    "ON CONFLICT (columns)": (
        "INSERT INTO {t} (k, v) VALUES ('a', 'd') ON CONFLICT (k) DO UPDATE SET v = excluded.v",
        None,
    ),
    "DELETE": ("DELETE FROM {t} WHERE k = 'none'", None),
    "LOCK": ("BEGIN; LOCK TABLE {t} IN ACCESS EXCLUSIVE MODE; COMMIT;", None),
    "ON CONFLICT ON CONSTRAINT": (
        "INSERT INTO {t} (k, v) VALUES ('a', 'e') "
        "ON CONFLICT ON CONSTRAINT file_blobs_k_key DO NOTHING",
        'constraint "file_blobs_k_key" for table "blobs" does not exist',
    ),
    "TRUNCATE": ("TRUNCATE TABLE {t} RESTART IDENTITY CASCADE", '"blobs" is not a table'),
    "COPY": ("COPY {t} (k, v) FROM STDIN", 'cannot copy to view "blobs"'),
    "ALTER TABLE": (
        "ALTER TABLE {t} ADD COLUMN w int",
        'ALTER action ADD COLUMN cannot be performed on relation "blobs"',
    ),
    "CREATE INDEX": ("CREATE INDEX ON {t} (v)", 'cannot create index on relation "blobs"'),
    "CREATE TRIGGER": (
        "CREATE TRIGGER t BEFORE UPDATE ON {t} FOR EACH ROW "
        "EXECUTE FUNCTION suppress_redundant_updates_trigger()",
        "Views cannot have row-level BEFORE or AFTER triggers",
    ),
    # row-level security policies: Supabase projects write them on their
    # tables in later migrations (trial s15 supabase/storage #5)
    "CREATE POLICY": (
        "CREATE POLICY read_all ON {t} FOR SELECT USING (true)",
        '"blobs" is not a table',
    ),
    "REFERENCES": (
        "ALTER TABLE refs ADD FOREIGN KEY (id) REFERENCES {t} (id)",
        'referenced relation "blobs" is not a table',
    ),
}

MYSQL_SCHEMA = """\
CREATE TABLE blobs (id int AUTO_INCREMENT PRIMARY KEY, k varchar(20) UNIQUE, v text);
CREATE TABLE refs (id int);
"""

MYSQL_STATEMENTS: dict[str, tuple[str, str | None]] = {
    "SELECT": ("SELECT count(*) FROM {t}", None),
    "INSERT": ("INSERT INTO {t} (k, v) VALUES ('a', 'b')", None),
    "UPDATE": ("UPDATE {t} SET v = 'c' WHERE k = 'a'", None),
    "REPLACE": ("REPLACE INTO {t} (k, v) VALUES ('a', 'd')", None),
    "DELETE": ("DELETE FROM {t} WHERE k = 'none'", None),
    "LOCK TABLES": ("LOCK TABLES {t} WRITE; UNLOCK TABLES", None),
    "TRUNCATE": ("TRUNCATE TABLE {t}", "ERROR 1146 (42S02)"),
    "ALTER TABLE": ("ALTER TABLE {t} ADD COLUMN w int", "blobs' is not of type 'BASE TABLE'"),
    "CREATE INDEX": ("CREATE INDEX i_v ON {t} (v(3))", "blobs' is not of type 'BASE TABLE'"),
    "REFERENCES": (
        "ALTER TABLE refs ADD FOREIGN KEY (id) REFERENCES {t} (id)",
        "Foreign key constraint is incorrectly formed",
    ),
}

SQLITE_SCHEMA = "CREATE TABLE blobs (id integer PRIMARY KEY, k text UNIQUE, v text);\n"

SQLITE_STATEMENTS: dict[str, tuple[str, str | None]] = {
    "SELECT": ("SELECT count(*) FROM {t}", None),
    "INSERT": ("INSERT INTO {t} (k, v) VALUES ('a', 'b')", None),
    "UPDATE": ("UPDATE {t} SET v = 'd' WHERE k = 'a'", None),
    "DELETE": ("DELETE FROM {t} WHERE k = 'none'", None),
    "INSERT ... ON CONFLICT (UPSERT)": (
        "INSERT INTO {t} (k, v) VALUES ('a', 'e') ON CONFLICT (k) DO UPDATE SET v = excluded.v",
        "cannot UPSERT a view",
    ),
    "ALTER TABLE": ("ALTER TABLE {t} ADD COLUMN w int", "Cannot add a column to a view"),
    "CREATE INDEX": ("CREATE INDEX i_v ON {t} (v)", "views may not be indexed"),
}


def _migrate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialect: str, sql: str) -> Path:
    """The forward script ``migrate`` writes for ``blobs`` -> ``file_blobs``;
    the plan must carry the dialect's limits, once."""
    root = _project(tmp_path, sql, CONFIG.format(dialect=dialect))
    _init(root, monkeypatch)
    code, plan, err = _run(root, monkeypatch, "migrate", "--phase", "1", "--write")
    assert code == 0, plan + err
    limits = view_limits(dialect)
    assert limits is not None
    one_line = " ".join(plan.split())
    assert one_line.count("note: " + limits.text()) == 1, plan
    forward = sorted(p for p in (root / "db").glob("002_*") if ".down." not in p.name)
    assert len(forward) == 1, forward
    return forward[0]


def _claims(dialect: str) -> set[str]:
    limits = view_limits(dialect)
    assert limits is not None
    return {*limits.works, *limits.fails}


def _check(
    statements: dict[str, tuple[str, str | None]],
    dialect: str,
    run: Run,
    rows: Callable[[], object],
    expected: object,
) -> None:
    """Each statement through the old name; ``rows()`` (the table's rows read
    under the new name) must then be ``expected``: the writes reached the
    table. Then each failing statement on the new name."""
    limits = view_limits(dialect)
    assert limits is not None
    assert set(statements) == _claims(dialect)  # every claim is checked, no other
    for claim, (sql, error) in statements.items():
        assert (error is None) == (claim in limits.works), claim
        got = run(sql.format(t="blobs"))
        if error is None:
            assert got is None, f"{claim}: {got}"
        else:
            assert got is not None and error in got, f"{claim}: {got}"
    assert rows() == expected
    for claim, (sql, error) in statements.items():
        if error is not None:
            got = run(sql.format(t="file_blobs"))
            assert got is None, f"{claim} on the table: {got}"


class Run:
    """A statement run on the migrated database: None, or the server's error."""

    def __call__(self, sql: str) -> str | None:
        raise NotImplementedError


def test_postgres_view_limits(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    forward = _migrate(tmp_path, monkeypatch, "postgres", PG_SCHEMA)
    with pg.fresh_database("dbnl_view_limits") as db:
        pg.run(sql=PG_SCHEMA, dbname=db)
        pg.run(files=[forward], dbname=db)

        class OnPg(Run):
            def __call__(self, sql: str) -> str | None:
                done = subprocess.run(
                    [
                        *("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1"),
                        "-d",
                        pg.database(db),
                        "-c",
                        sql,
                    ],
                    input="",  # COPY ... FROM STDIN reads no rows
                    capture_output=True,
                    text=True,
                    check=False,
                    timeout=60,
                )
                return done.stderr.strip() if done.returncode else None

        rows = lambda: pg.query_json("SELECT k, v FROM file_blobs", db)  # noqa: E731
        _check(PG_STATEMENTS, "postgres", OnPg(), rows, [{"k": "a", "v": "d"}])


def test_mariadb_view_limits(
    maria: mysql_server.MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    forward = _migrate(tmp_path, monkeypatch, "mysql", MYSQL_SCHEMA)
    with maria.fresh_database("dbnl_view_limits") as db:
        maria.run(MYSQL_SCHEMA, database=db)
        maria.run(file=forward, database=db)

        class OnMaria(Run):
            def __call__(self, sql: str) -> str | None:
                try:
                    maria.run(sql, database=db)
                except mysql_server.SqlFailed as exc:
                    return str(exc)
                return None

        rows = lambda: maria.run("SELECT k, v FROM file_blobs", database=db)  # noqa: E731
        _check(MYSQL_STATEMENTS, "mysql", OnMaria(), rows, "a\td\n")


def test_sqlite_view_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    forward = _migrate(tmp_path, monkeypatch, "sqlite", SQLITE_SCHEMA)
    db = sqlite3.connect(":memory:", isolation_level=None)
    db.executescript(SQLITE_SCHEMA)
    db.executescript(forward.read_text(encoding="utf-8"))

    class OnSqlite(Run):
        def __call__(self, sql: str) -> str | None:
            try:
                db.execute(sql)
            except sqlite3.Error as exc:
                return str(exc)
            return None

    rows = lambda: db.execute("SELECT k, v FROM file_blobs").fetchall()  # noqa: E731
    _check(SQLITE_STATEMENTS, "sqlite", OnSqlite(), rows, [("a", "d")])
