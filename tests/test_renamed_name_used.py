"""DBN028: a migration naming what an earlier migration of its folder renamed away.

The oracles are the databases: each case's files run in order on real
PostgreSQL (and SQLite), and dbnamelint's error must be where the database
fails, and absent where it does not.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from mysql_server import MysqlServer
from mysql_server import SqlFailed as MysqlFailed
from pg_server import PgServer, SqlFailed

RENAME = {
    "001_init.sql": "CREATE TABLE audit_log_entries (id int PRIMARY KEY);\n",
    "002_rename.sql": "ALTER TABLE audit_log_entries RENAME TO audit_logs;\n",
}
#: third migration -> whether the database accepts it
THIRD = {
    "ALTER TABLE audit_log_entries ADD COLUMN ip text;\n": False,
    "CREATE INDEX ip_idx ON audit_log_entries (id);\n": False,
    "DROP TABLE audit_log_entries;\n": False,
    "ALTER TABLE audit_logs ADD COLUMN ip text;\n": True,
    "DROP TABLE IF EXISTS audit_log_entries;\n": True,
    "ALTER TABLE IF EXISTS audit_log_entries ADD COLUMN ip text;\n": True,
    # Every other kind of statement that names a table (trial s17 #1)
    "CREATE TABLE notes (id int, entry int REFERENCES audit_log_entries (id));\n": False,
    "ALTER TABLE audit_logs ADD CONSTRAINT self_fk FOREIGN KEY (id)"
    " REFERENCES audit_log_entries (id);\n": False,
    "CREATE VIEW recent AS SELECT id FROM audit_log_entries;\n": False,
    "COMMENT ON TABLE audit_log_entries IS 'old';\n": False,
    "GRANT SELECT ON audit_log_entries TO PUBLIC;\n": False,
    "REVOKE ALL ON TABLE audit_logs, audit_log_entries FROM PUBLIC;\n": False,
    "INSERT INTO audit_log_entries (id) VALUES (1);\n": False,
    "UPDATE audit_log_entries SET id = 2;\n": False,
    "DELETE FROM audit_log_entries;\n": False,
    "TRUNCATE audit_log_entries;\n": False,
    "ALTER TABLE audit_log_entries RENAME COLUMN id TO entry_id;\n": False,
    "CREATE VIEW recent AS SELECT id FROM audit_logs;\n": True,
    "INSERT INTO audit_logs (id) VALUES (1);\n": True,
    "GRANT SELECT ON ALL TABLES IN SCHEMA public TO PUBLIC;\n": True,
    # a compatibility view under the old name takes data statements
    "CREATE VIEW audit_log_entries AS SELECT * FROM audit_logs;"
    " INSERT INTO audit_log_entries (id) VALUES (1);\n": True,
}


def _tree(root: Path, third: str, folder: str = "migrations") -> Path:
    (root / folder).mkdir(parents=True, exist_ok=True)
    for name, sql in RENAME.items():
        (root / folder / name).write_text(sql, encoding="utf-8")
    (root / folder / "003_next.sql").write_text(third, encoding="utf-8")
    return root / folder


def _findings(root: Path, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(
        cli,
        ["check", "--no-cache", "--dialect", "postgres", "--format", "json", "--verbose", "."],
    )
    diagnostics: list[dict[str, object]] = json.loads(result.stdout)["diagnostics"]
    return diagnostics


@pytest.mark.parametrize("third", list(THIRD), ids=[t.split(";")[0] for t in THIRD])
def test_the_error_is_where_postgresql_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer, third: str
) -> None:
    folder = _tree(tmp_path, third)
    name = f"dbn028_{abs(hash(third)) % 10**8}"
    pg.run(sql=f"DROP DATABASE IF EXISTS {name}")
    pg.run(sql=f"CREATE DATABASE {name}")
    try:
        try:
            pg.run(files=sorted(folder.iterdir()), dbname=name)
            accepted = True
        except SqlFailed as failed:
            accepted = False
            assert "does not exist" in str(failed)
    finally:
        pg.run(sql=f"DROP DATABASE IF EXISTS {name}")
    assert accepted is THIRD[third]
    errors = [d for d in _findings(tmp_path, monkeypatch) if d["code"] == "DBN028"]
    if accepted:
        assert errors == []
    else:
        assert [(d["path"], d["line"], d["severity"]) for d in errors] == [
            ("migrations/003_next.sql", 1, "error")
        ]
        assert "renamed to 'audit_logs' at migrations/002_rename.sql:1" in str(errors[0]["message"])


def test_sqlite_refuses_it_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    third = "ALTER TABLE audit_log_entries ADD COLUMN ip text;\n"
    folder = _tree(tmp_path, third)
    db = sqlite3.connect(":memory:")
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        for path in sorted(folder.iterdir()):
            db.executescript(path.read_text(encoding="utf-8"))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--dialect", "sqlite", "."])
    assert result.exit_code == 1
    assert "migrations/003_next.sql:1:" in result.stdout and "DBN028 error" in result.stdout


@pytest.mark.parametrize(
    ("third", "refused"),
    [
        ("INSERT INTO audit_log_entries (id) VALUES (1);\n", True),
        ("UPDATE audit_log_entries SET id = 2;\n", True),
        ("DELETE FROM audit_log_entries;\n", True),
        ("INSERT OR REPLACE INTO audit_log_entries (id) VALUES (1);\n", True),
        # SQLite takes a view or a foreign key naming a table that does not exist
        ("CREATE VIEW recent AS SELECT id FROM audit_log_entries;\n", False),
        ("CREATE TABLE notes (entry int REFERENCES audit_log_entries (id));\n", False),
    ],
)
def test_sqlite_data_statements(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, third: str, refused: bool
) -> None:
    folder = _tree(tmp_path, third)
    db = sqlite3.connect(":memory:")
    try:
        for path in sorted(folder.iterdir()):
            db.executescript(path.read_text(encoding="utf-8"))
        accepted = True
    except sqlite3.OperationalError as exc:
        assert "no such table" in str(exc)
        accepted = False
    assert accepted is not refused
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--dialect", "sqlite", "."])
    assert ("DBN028 error" in result.stdout) is refused, result.stdout


def test_another_folder_is_only_a_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another folder's migrations may run on another database: DBN011, info."""
    _tree(tmp_path, "SELECT 1;\n", folder="app_one")
    (tmp_path / "app_two").mkdir()
    (tmp_path / "app_two" / "001.sql").write_text(
        "ALTER TABLE audit_log_entries ADD COLUMN ip text;\n", encoding="utf-8"
    )
    found = _findings(tmp_path, monkeypatch)
    assert not [d for d in found if d["code"] == "DBN028"]
    notes = [d for d in found if d["code"] == "DBN011"]
    assert [(d["path"], d["severity"]) for d in notes] == [("app_two/001.sql", "info")]


def test_the_hook_refuses_the_commit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _tree(tmp_path, "ALTER TABLE audit_log_entries ADD COLUMN ip text;\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        cli,
        [
            "check",
            "--pre-commit",
            "--no-cache",
            "--dialect",
            "postgres",
            str(folder / "003_next.sql"),
        ],
    )
    assert result.exit_code == 1, result.stdout
    assert "DBN028" in result.stdout


GUARDED = (
    "CREATE TABLE old_t (id int);\n"
    "DO $$ BEGIN\n"
    "  IF EXISTS (SELECT 1 FROM pg_tables WHERE tablename = 'old_t') THEN\n"
    "    ALTER TABLE old_t RENAME TO new_t;\n"
    "  END IF;\nEND $$;\n"
    "DO $$ BEGIN\n"
    "  IF EXISTS (SELECT 1 FROM pg_tables WHERE tablename = 'old_t') THEN\n"
    "    ALTER TABLE old_t ADD COLUMN x int;\n"
    "  END IF;\nEND $$;\n"
    "DO $$ BEGIN\n"
    "  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dbnl_no_such_role') THEN\n"
    "    ALTER TABLE old_t ADD COLUMN z int;\n"
    "  END IF;\nEND $$;\n"
)


def test_a_guarded_use_in_a_do_block_is_only_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    """Idempotent migrations (Supabase's style) test the catalog before they
    act. A test of the catalog replay answers is decided (the second block:
    ``old_t`` was renamed away, so PostgreSQL skips it, and so does replay,
    with a DBN007 note); one it cannot (a role, the third) leaves the use read, so no
    error but DBN011's note: PostgreSQL runs the file, skipping both."""
    (tmp_path / "migrations").mkdir()
    (tmp_path / "migrations" / "001.sql").write_text(GUARDED, encoding="utf-8")
    with pg.fresh_database("dbn028_guarded") as db:
        pg.run(files=[tmp_path / "migrations" / "001.sql"], dbname=db)
    found = _findings(tmp_path, monkeypatch)
    assert not [d for d in found if d["code"] == "DBN028"]
    assert [d["line"] for d in found if d["code"] == "DBN011"] == [14]
    # after the guarded blocks, an unguarded use of the old name is certain
    (tmp_path / "migrations" / "002.sql").write_text(
        "ALTER TABLE new_t RENAME TO newer_t;\nALTER TABLE new_t ADD COLUMN y int;\n",
        encoding="utf-8",
    )
    errors = [d for d in _findings(tmp_path, monkeypatch) if d["code"] == "DBN028"]
    assert [(d["path"], d["line"]) for d in errors] == [("migrations/002.sql", 2)]


def test_a_run_of_data_statements_is_one_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A seed's consecutive INSERTs into one table are one error, at the first;
    a statement on another table between them starts a new run."""
    _tree(
        tmp_path,
        "INSERT INTO audit_log_entries (id) VALUES (1);\n"
        "INSERT INTO audit_log_entries (id) VALUES (2);\n"
        "INSERT INTO audit_logs (id) VALUES (3);\n"
        "INSERT INTO audit_log_entries (id) VALUES (4);\n"
        "UPDATE audit_log_entries SET id = 5;\n",
    )
    errors = [d for d in _findings(tmp_path, monkeypatch) if d["code"] == "DBN028"]
    assert [(d["line"], d["column"]) for d in errors] == [(1, 13), (4, 13), (5, 8)]


MARIA_THIRD = {
    "INSERT INTO audit_log_entries (id) VALUES (1);\n": False,
    "INSERT IGNORE audit_log_entries (id) VALUES (1);\n": False,
    "REPLACE INTO audit_log_entries (id) VALUES (1);\n": False,
    "UPDATE LOW_PRIORITY audit_log_entries SET id = 2;\n": False,
    "DELETE QUICK FROM audit_log_entries;\n": False,
    "TRUNCATE TABLE audit_log_entries;\n": False,
    "CREATE TABLE notes (id int, FOREIGN KEY (id) REFERENCES audit_log_entries (id));\n": False,
    "INSERT INTO audit_logs (id) VALUES (1);\n": True,
    "CREATE VIEW audit_log_entries AS SELECT * FROM audit_logs;"
    " INSERT INTO audit_log_entries (id) VALUES (1);\n": True,
}


@pytest.mark.parametrize("third", list(MARIA_THIRD), ids=[t.split(";")[0] for t in MARIA_THIRD])
def test_the_error_is_where_mariadb_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: MysqlServer, third: str
) -> None:
    folder = _tree(tmp_path, third)
    with maria.fresh_database(f"dbn028_{abs(hash(third)) % 10**8}") as db:
        try:
            for path in sorted(folder.iterdir()):
                maria.run(file=path, database=db)
            accepted = True
        except MysqlFailed as failed:
            # ERROR 1146 "doesn't exist"; a foreign key: errno 150 "incorrectly formed"
            assert "doesn't exist" in str(failed) or "errno: 150" in str(failed), failed
            accepted = False
    assert accepted is MARIA_THIRD[third]
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        cli, ["check", "--no-cache", "--dialect", "mariadb", "--format", "json", "."]
    )
    errors = [d for d in json.loads(result.stdout)["diagnostics"] if d["code"] == "DBN028"]
    assert [(d["path"], d["line"]) for d in errors] == (
        [] if accepted else [("migrations/003_next.sql", 1)]
    )
