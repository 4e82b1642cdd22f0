"""DBN028 for a table or view an earlier migration of its folder DROPPED, and
for every later statement naming a gone name (not only the first).

The oracles are the databases. Each case's migrations run in order on a
fresh PostgreSQL, MariaDB or SQLite database, one statement at a time, a
refused statement changing nothing (psql without ON_ERROR_STOP, the
MariaDB client's ``--force``, one ``sqlite3`` execute per statement): the
statements the database refuses are exactly those dbnamelint's error is on.
Every statement is on a line of its own, so a line names one.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from mysql_server import MysqlServer
from pg_server import PgServer

#: The error each database gives for a relation that is not there.
PG_MISSING = re.compile(r'(relation|table|view) "[^"]+" does not exist')
#: ER_NO_SUCH_TABLE, ER_BAD_TABLE_ERROR (DROP TABLE), ER_UNKNOWN_VIEW (DROP
#: VIEW), and a foreign key to a table not there: errno 150.
MARIA_MISSING = re.compile(r"ERROR (1146|1051|4092) |errno: 150 ")
SQLITE_MISSING = re.compile(r"no such (table|view)")


def _tree(root: Path, files: list[str]) -> list[Path]:
    folder = root / "migrations"
    folder.mkdir(parents=True)
    paths = []
    for number, sql in enumerate(files, 1):
        path = folder / f"{number:03}.sql"
        path.write_text(sql, encoding="utf-8")
        paths.append(path)
    return paths


def _errors(root: Path, dialect: str, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(
        cli, ["check", "--no-cache", "--dialect", dialect, "--format", "json", "--verbose", "."]
    )
    diagnostics: list[dict[str, object]] = json.loads(result.stdout)["diagnostics"]
    return [d for d in diagnostics if d["code"] == "DBN028"]


def _lines(errors: list[dict[str, object]]) -> list[tuple[str, object]]:
    return sorted((str(d["path"]), d["line"]) for d in errors)


Oracle = Callable[[Path, list[Path]], list[tuple[str, int]]]


def _where_refused(
    root: Path,
    monkeypatch: pytest.MonkeyPatch,
    dialect: str,
    files: list[str],
    refused_by: Oracle,
    other_refusal: tuple[str, int] | None = None,
) -> list[dict[str, object]]:
    """Run ``files`` as migrations on the database (``refused_by``) and check
    them: the DBN028 errors, asserted to be on exactly the statements it
    refuses. ``other_refusal``: the one statement refused for another fault
    than a missing name (a DROP a dependent object blocks), no DBN028 there."""
    paths = _tree(root, files)
    refused = refused_by(root, paths)
    if other_refusal is not None:
        assert refused == [other_refusal]
        refused = []
    errors = _errors(root, dialect, monkeypatch)
    assert _lines(errors) == sorted(refused)
    return errors


# -- PostgreSQL ---------------------------------------------------------------

SETUP = (
    "CREATE TABLE audit (id int PRIMARY KEY);\n"
    "CREATE TABLE keep (id int PRIMARY KEY);\n"
    "CREATE VIEW recent AS SELECT id FROM keep;\n"
)

#: case -> its migrations after SETUP (one statement a line)
PG_CASES: dict[str, list[str]] = {
    # every kind of statement on a dropped table; each is refused alone
    "table dropped": [
        "DROP TABLE audit;\n",
        "ALTER TABLE audit ADD COLUMN ip text;\n"
        "ALTER TABLE audit ADD COLUMN ip2 text;\n"
        "CREATE INDEX audit_ip ON audit (id);\n"
        "INSERT INTO audit (id) VALUES (1);\n"
        "COMMENT ON TABLE audit IS 'old';\n"
        "UPDATE audit SET id = 2;\n"
        "GRANT SELECT ON audit TO PUBLIC;\n"
        "REVOKE ALL ON TABLE keep, audit FROM PUBLIC;\n"
        "DELETE FROM audit;\n"
        "TRUNCATE audit;\n"
        "ALTER TABLE audit RENAME COLUMN id TO audit_id;\n"
        "ALTER TABLE audit DROP COLUMN ip;\n"
        "ALTER TABLE audit DROP COLUMN IF EXISTS ip;\n"
        "ALTER TABLE audit ALTER COLUMN id SET NOT NULL;\n"
        "CREATE VIEW audit_ids AS SELECT id FROM audit;\n"
        "CREATE TABLE notes (id int, entry int REFERENCES audit (id));\n"
        "ALTER TABLE keep ADD CONSTRAINT keep_fk FOREIGN KEY (id) REFERENCES audit (id);\n"
        "ALTER TABLE IF EXISTS audit ADD COLUMN ip text;\n"
        "DROP TRIGGER IF EXISTS audit_t ON audit;\n"
        "DROP TABLE IF EXISTS audit;\n"
        "ALTER TABLE audit RENAME TO audit_old;\n"
        "DROP TABLE audit;\n"
        "INSERT INTO keep (id) VALUES (1);\n",
    ],
    # dropped and used in the same file
    "same file": [
        "DROP TABLE audit;\nINSERT INTO audit (id) VALUES (1);\nCREATE INDEX a_i ON audit (id);\n"
    ],
    "created again": [
        "DROP TABLE audit;\nCREATE TABLE audit (id int PRIMARY KEY, at date);\n",
        "ALTER TABLE audit ADD COLUMN ip text;\nINSERT INTO audit (id) VALUES (1);\n",
    ],
    "created again if not exists": [
        "DROP TABLE audit;\n",
        "CREATE TABLE IF NOT EXISTS audit (id int PRIMARY KEY);\n"
        "CREATE INDEX audit_ip ON audit (id);\n",
    ],
    "dropped if exists": [
        "DROP TABLE IF EXISTS audit;\nDROP TABLE IF EXISTS audit;\n",
        "ALTER TABLE audit ADD COLUMN ip text;\n",
    ],
    "dropped again after created again": [
        "DROP TABLE audit;\nCREATE TABLE audit (id int);\nDROP TABLE audit;\n",
        "INSERT INTO audit (id) VALUES (1);\n",
    ],
    "view dropped": [
        "DROP VIEW recent;\n",
        "CREATE VIEW newest AS SELECT id FROM recent;\n"
        "INSERT INTO recent (id) VALUES (1);\n"
        "ALTER VIEW recent RENAME TO older;\n"
        "GRANT SELECT ON recent TO PUBLIC;\n"
        "DROP VIEW recent;\n"
        "DROP VIEW IF EXISTS recent;\n"
        "ALTER VIEW IF EXISTS recent RENAME TO older;\n",
    ],
    # CASCADE drops the view reading the table; a view gone so is gone too
    "dropped with cascade": [
        "DROP TABLE keep CASCADE;\n",
        "INSERT INTO recent (id) VALUES (1);\nINSERT INTO keep (id) VALUES (1);\n",
    ],
    # PostgreSQL refuses the DROP itself while a view reads the table: it stays
    "drop refused by a view": [
        "DROP TABLE keep;\n",
        "INSERT INTO keep (id) VALUES (1);\n",
    ],
    "renamed then dropped": [
        "ALTER TABLE audit RENAME TO audit_log;\nDROP TABLE audit_log;\n",
        "INSERT INTO audit (id) VALUES (1);\nINSERT INTO audit_log (id) VALUES (1);\n",
    ],
    # the second fault: after the first use of a renamed name, later ones too
    "renamed: every use": [
        "ALTER TABLE audit RENAME TO audit_log;\n",
        "ALTER TABLE audit ADD COLUMN ip text;\n"
        "ALTER TABLE audit ADD COLUMN ip2 text, ADD COLUMN ip3 text;\n"
        "CREATE INDEX audit_ip ON audit (id);\n"
        "INSERT INTO audit (id) VALUES (1);\n"
        "CREATE VIEW audit_ids AS SELECT id FROM audit;\n"
        "ALTER TABLE audit DROP COLUMN ip;\n"
        "ALTER TABLE IF EXISTS audit ADD COLUMN ip text;\n"
        "DROP TABLE audit;\n",
    ],
}


def _pg_refused(pg: PgServer, root: Path, paths: list[Path]) -> list[tuple[str, int]]:
    """(file, line) of each statement PostgreSQL refuses, run one at a time."""
    with pg.fresh_database("dropped_oracle") as db:
        command = ["psql", "-X", "-q", "-d", pg.database(db)]
        for path in paths:
            command += ["-f", str(path.relative_to(root))]
        done = subprocess.run(
            command,
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
            env={**os.environ, "PGOPTIONS": "-c client_min_messages=warning"},
        )
    refused = []
    for found in re.finditer(r"^psql:(\S+?):(\d+): ERROR:\s+(.*)$", done.stderr, re.M):
        path, line, message = found.groups()
        if not message.startswith("cannot drop table keep"):
            assert PG_MISSING.search(message), message
        refused.append((path, int(line)))
    return refused


@pytest.mark.parametrize("case", list(PG_CASES))
def test_the_error_is_where_postgresql_refuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer, case: str
) -> None:
    # the one refusal that is not a missing name
    other = ("migrations/002.sql", 1) if case == "drop refused by a view" else None
    files = [SETUP, *PG_CASES[case]]
    errors = _where_refused(
        tmp_path, monkeypatch, "postgres", files, partial(_pg_refused, pg), other
    )
    for error in errors:
        message = str(error["message"])
        assert "the database refuses it" in message
        if case == "renamed: every use":
            assert "was renamed to 'audit_log' at migrations/002.sql:1" in message
        elif case == "renamed then dropped":
            assert message.startswith(
                (
                    "table 'audit' was renamed to 'audit_log' at migrations/002.sql:1, "
                    "then dropped at migrations/002.sql:2",
                    "table 'audit_log' was dropped at migrations/002.sql:2",
                ),
            ), message
        else:
            assert re.search(r"was dropped at migrations/00\d\.sql:\d", message), message


def test_the_message_says_where_it_was_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, [SETUP, "SELECT 1;\nDROP TABLE audit;\n", "INSERT INTO audit VALUES (1);\n"])
    (error,) = _errors(tmp_path, "postgres", monkeypatch)
    assert (error["path"], error["line"], error["severity"]) == ("migrations/003.sql", 1, "error")
    assert str(error["message"]).startswith(
        "table 'audit' was dropped at migrations/002.sql:2; this statement still uses it"
    )


def test_a_run_of_data_statements_is_one_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    """The database refuses each INSERT of a seed into a dropped table; it is
    one finding, at the first, as for a renamed table."""
    paths = _tree(
        tmp_path,
        [
            SETUP,
            "DROP TABLE audit;\n",
            "INSERT INTO audit (id) VALUES (1);\nINSERT INTO audit (id) VALUES (2);\n"
            "INSERT INTO keep (id) VALUES (3);\nINSERT INTO audit (id) VALUES (4);\n",
        ],
    )
    assert _pg_refused(pg, tmp_path, paths) == [("migrations/003.sql", n) for n in (1, 2, 4)]
    errors = _errors(tmp_path, "postgres", monkeypatch)
    assert _lines(errors) == [("migrations/003.sql", 1), ("migrations/003.sql", 4)]


def test_another_folder_is_only_a_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another folder's migrations may run on another database: DBN011, info,
    saying where the table was dropped."""
    _tree(tmp_path, [SETUP, "DROP TABLE audit;\n"])
    (tmp_path / "other_app").mkdir()  # read after migrations/
    (tmp_path / "other_app" / "001.sql").write_text(
        "ALTER TABLE audit ADD COLUMN ip text;\nCREATE INDEX a_i ON audit (id);\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        cli, ["check", "--no-cache", "--dialect", "postgres", "--format", "json", "--verbose", "."]
    )
    found = json.loads(result.stdout)["diagnostics"]
    assert not [d for d in found if d["code"] == "DBN028"]
    notes = [d for d in found if d["code"] == "DBN011" and "dropped at" in d["message"]]
    assert [(d["path"], d["line"], d["severity"]) for d in notes] == [
        ("other_app/001.sql", 1, "info"),
        ("other_app/001.sql", 2, "info"),
    ]


GUARDED_DROP = (
    "DO $$ BEGIN\n"
    "  IF EXISTS (SELECT 1 FROM pg_tables WHERE tablename = 'audit') THEN\n"
    "    DROP TABLE audit;\n"
    "  END IF;\nEND $$;\n"
)


def test_a_guarded_drop_is_only_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    """A DROP in a branch the reader does not evaluate may not have run."""
    paths = _tree(tmp_path, [SETUP, GUARDED_DROP, "INSERT INTO audit (id) VALUES (1);\n"])
    assert _pg_refused(pg, tmp_path, paths) == [("migrations/003.sql", 1)]
    assert _errors(tmp_path, "postgres", monkeypatch) == []


# -- SQLite -------------------------------------------------------------------

SQLITE_CASES: dict[str, list[str]] = {
    "table dropped": [
        "DROP TABLE audit;\n",
        "ALTER TABLE audit ADD COLUMN ip text;\n"
        "ALTER TABLE audit ADD COLUMN ip2 text;\n"
        "CREATE INDEX audit_ip ON audit (id);\n"
        "INSERT INTO audit (id) VALUES (1);\n"
        "UPDATE audit SET id = 2;\n"
        "INSERT OR REPLACE INTO audit (id) VALUES (1);\n"
        "DELETE FROM audit;\n"
        "ALTER TABLE audit RENAME COLUMN id TO audit_id;\n"
        "ALTER TABLE audit RENAME TO audit_old;\n"
        # SQLite makes views and foreign keys naming tables that do not exist
        "CREATE VIEW audit_ids AS SELECT id FROM audit;\n"
        "CREATE TABLE notes (id int, entry int REFERENCES audit (id));\n"
        "DROP TABLE IF EXISTS audit;\n"
        "DROP TABLE audit;\n"
        "INSERT INTO keep (id) VALUES (1);\n",
    ],
    "view dropped": [
        "DROP VIEW recent;\n",
        "DROP VIEW recent;\n"
        "DROP VIEW IF EXISTS recent;\n"
        "CREATE VIEW newest AS SELECT id FROM recent;\n",
    ],
    # SQLite drops a table a view reads, or a foreign key references
    "drop of a table a view reads": ["DROP TABLE keep;\n", "INSERT INTO keep (id) VALUES (1);\n"],
    # the table rebuild SQLite's ALTER TABLE documentation describes
    "rebuilt": [
        "CREATE TABLE new_audit (id int PRIMARY KEY, at text);\n"
        "INSERT INTO new_audit (id) SELECT id FROM audit;\n"
        "DROP TABLE audit;\n"
        "ALTER TABLE new_audit RENAME TO audit;\n"
        "CREATE INDEX audit_at ON audit (at);\n",
        "INSERT INTO audit (id) VALUES (1);\n",
    ],
    "created again if not exists": [
        "DROP TABLE audit;\n",
        "CREATE TABLE IF NOT EXISTS audit (id int PRIMARY KEY);\nCREATE INDEX a_i ON audit (id);\n",
    ],
    "renamed: every use": [
        "ALTER TABLE audit RENAME TO audit_log;\n",
        "ALTER TABLE audit ADD COLUMN ip text;\n"
        "INSERT INTO audit (id) VALUES (1);\n"
        "CREATE INDEX audit_ip ON audit (id);\n"
        "DELETE FROM audit;\n"
        "DROP TABLE audit;\n",
    ],
}


def _sqlite_refused(root: Path, paths: list[Path]) -> list[tuple[str, int]]:
    db = sqlite3.connect(":memory:")
    refused = []
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            try:
                db.execute(line)
            except sqlite3.OperationalError as exc:
                assert SQLITE_MISSING.search(str(exc)), exc
                refused.append((str(path.relative_to(root)), number))
    return refused


@pytest.mark.parametrize("case", list(SQLITE_CASES))
def test_the_error_is_where_sqlite_refuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    _where_refused(tmp_path, monkeypatch, "sqlite", [SETUP, *SQLITE_CASES[case]], _sqlite_refused)


# -- MariaDB ------------------------------------------------------------------

MARIA_SETUP = (
    "CREATE TABLE audit (id int PRIMARY KEY);\n"
    "CREATE TABLE keep (id int PRIMARY KEY);\n"
    "CREATE VIEW recent AS SELECT id FROM keep;\n"
)

MARIA_CASES: dict[str, list[str]] = {
    "table dropped": [
        "DROP TABLE audit;\n",
        "ALTER TABLE audit ADD COLUMN ip text;\n"
        "ALTER TABLE audit ADD COLUMN ip2 text;\n"
        "CREATE INDEX audit_ip ON audit (id);\n"
        "INSERT INTO audit (id) VALUES (1);\n"
        "UPDATE LOW_PRIORITY audit SET id = 2;\n"
        "REPLACE INTO audit (id) VALUES (1);\n"
        "DELETE QUICK FROM audit;\n"
        "TRUNCATE TABLE audit;\n"
        "ALTER TABLE audit RENAME COLUMN id TO audit_id;\n"
        "ALTER TABLE audit DROP COLUMN IF EXISTS ip;\n"
        "DROP INDEX IF EXISTS audit_ip ON audit;\n"
        "RENAME TABLE audit TO audit_old;\n"
        "CREATE VIEW audit_ids AS SELECT id FROM audit;\n"
        "CREATE TABLE notes (id int, FOREIGN KEY (id) REFERENCES audit (id));\n"
        "ALTER TABLE IF EXISTS audit ADD COLUMN ip text;\n"
        "ALTER TABLE IF EXISTS audit RENAME TO audit_old;\n"
        "DROP TABLE IF EXISTS audit;\n"
        "DROP TABLE audit;\n"
        "INSERT INTO keep (id) VALUES (1);\n",
    ],
    "view dropped": [
        "DROP VIEW recent;\n",
        "CREATE VIEW newest AS SELECT id FROM recent;\n"
        "INSERT INTO recent (id) VALUES (1);\n"
        "DROP VIEW recent;\n"
        "DROP VIEW IF EXISTS recent;\n",
    ],
    "created again": [
        "DROP TABLE audit;\nCREATE TABLE IF NOT EXISTS audit (id int PRIMARY KEY);\n",
        "ALTER TABLE audit ADD COLUMN ip text;\nINSERT INTO audit (id) VALUES (1);\n",
    ],
    # MariaDB refuses to drop a table a foreign key references (ERROR 1451): it stays
    "drop refused by a foreign key": [
        "CREATE TABLE notes (id int, FOREIGN KEY (id) REFERENCES keep (id));\n",
        "DROP TABLE keep;\n",
        "INSERT INTO keep (id) VALUES (1);\n",
    ],
    "renamed: every use": [
        "RENAME TABLE audit TO audit_log;\n",
        "ALTER TABLE audit ADD COLUMN ip text;\n"
        "INSERT INTO audit (id) VALUES (1);\n"
        "CREATE INDEX audit_ip ON audit (id);\n"
        "DELETE FROM audit;\n",
    ],
}


def _maria_refused(maria: MysqlServer, root: Path, paths: list[Path]) -> list[tuple[str, int]]:
    client = shutil.which("mariadb") or shutil.which("mysql")
    assert client is not None
    refused = []
    with maria.fresh_database("dropped_oracle") as db:
        command = [client, "--no-defaults", "-h", maria.host, "-P", str(maria.port)]
        command += ["-u", maria.user, "--batch", "--force", db]
        for path in paths:
            done = subprocess.run(
                command,
                input=path.read_text(encoding="utf-8"),
                capture_output=True,
                text=True,
                check=False,
                timeout=120,
            )
            for found in re.finditer(r"^ERROR (\d+) .* at line (\d+): (.*)$", done.stderr, re.M):
                code, line, message = found.groups()
                if code != "1451":  # a DROP a foreign key refuses: said by the case
                    assert MARIA_MISSING.search(found.group(0)), message
                refused.append((str(path.relative_to(root)), int(line)))
    return refused


@pytest.mark.parametrize("case", list(MARIA_CASES))
def test_the_error_is_where_mariadb_refuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: MysqlServer, case: str
) -> None:
    other = ("migrations/003.sql", 1) if case == "drop refused by a foreign key" else None
    files = [MARIA_SETUP, *MARIA_CASES[case]]
    _where_refused(tmp_path, monkeypatch, "mariadb", files, partial(_maria_refused, maria), other)
