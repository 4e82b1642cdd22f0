"""An edited step of a Go migration list is an edited migration (trial s22).

dex keeps its migrations in code, ``var migrations = []migration{{stmts:
[]string{...}}}``, beside a schema dump. A change editing an old step's
``create table client (...)`` got ``DBN023`` ("name this folder and db/ under
`databases:` or `exclude:` one"), advice for migration folders: the edited
string was replayed as new DDL after the dump, which created ``client``
already. A database that ran the step keeps what it created, as for an
edited goose Go migration (``DBN025``, tests/test_gate_go_migrations.py),
so the edited step is ``DBN025``. Other code creating a table the
migrations made keeps ``DBN023``, with advice for code.

Oracles: real git (what the base commit holds) and sqlite3 (``CREATE TABLE``
of a table the schema built fails: "table client already exists").
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo, git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = "paths: [db]\ndialect: sqlite\n"
SCHEMA = "CREATE TABLE clients (id text not null primary key, secret text not null);\n"
STEP = (
    "create table clients (\n\t\t\t\tid text not null primary key,\n"
    "\t\t\t\tsecret text not null\n\t\t\t);"
)
EDITED_STEP = STEP.replace("secret text not null", "secret text not null,\n\t\t\t\tname text")
LIST = """package sql

type migration struct {
\tstmts []string
}

var migrations = []migration{
\t{
\t\tstmts: []string{
\t\t\t`{step}`,
\t\t},
\t},
}
"""
STARTUP = """package sql

func setup(db DB) {
\tdb.Exec(`{sql}`)
}
"""


def _diagnostics() -> tuple[int, list[tuple[str, str, int, str, str]]]:
    result = CliRunner().invoke(cli, ["check", "--base", "HEAD", "--no-cache", "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout)
    return result.exit_code, [
        (d["code"], d["path"], d["line"], d["severity"], d["message"])
        for d in report["diagnostics"]
    ]


def _exists_already(sql: str) -> str:
    """sqlite3's error running ``sql`` on the database the schema builds."""
    connection = sqlite3.connect(":memory:")
    connection.executescript(SCHEMA)
    with pytest.raises(sqlite3.OperationalError) as error:
        connection.executescript(sql)
    connection.close()
    return str(error.value)


def test_an_edited_step_of_a_migration_list_is_an_edited_migration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = committed_repo(
        tmp_path / "dex",
        {
            "dbnamelint.yaml": CONFIG,
            "db/schema.sql": SCHEMA,
            "storage/sql/migrate.go": LIST.replace("{step}", STEP),
        },
        monkeypatch,
    )
    assert "secret text not null\n" in git(root, "show", "HEAD:storage/sql/migrate.go")
    (root / "storage/sql/migrate.go").write_text(LIST.replace("{step}", EDITED_STEP))
    assert "already exists" in _exists_already(EDITED_STEP)  # the step did run: now it cannot

    code, found = _diagnostics()
    assert code == 1
    assert [(c, p, line, s) for c, p, line, s, _ in found if c != "DBN014"] == [
        ("DBN025", "storage/sql/migrate.go", 10, "error")
    ]
    message = next(m for c, _, _, _, m in found if c == "DBN025")
    assert "step of a Go migration list was committed at HEAD" in message
    assert "add the change as a new step" in message
    assert not any(c == "DBN023" for c, *_ in found)


def test_a_step_appended_is_no_edit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = committed_repo(
        tmp_path / "dex",
        {
            "dbnamelint.yaml": CONFIG,
            "db/schema.sql": SCHEMA,
            "storage/sql/migrate.go": LIST.replace("{step}", STEP),
        },
        monkeypatch,
    )
    appended = LIST.replace("{step}", STEP).replace(
        "\t},\n}\n",
        "\t},\n\t{\n\t\tstmts: []string{\n\t\t\t`alter table clients add column name text;`,"
        "\n\t\t},\n\t},\n}\n",
    )
    (root / "storage/sql/migrate.go").write_text(appended)
    code, found = _diagnostics()
    assert code == 0, found
    assert not any(c in ("DBN025", "DBN023") for c, *_ in found)
    # a statement added to the applied step itself: dex runs migrations[n:]
    # past the count it recorded, so a database that ran the step never runs it
    inside = STEP + "`,\n\t\t\t`alter table clients add column name text;"
    (root / "storage/sql/migrate.go").write_text(LIST.replace("{step}", inside))
    code, found = _diagnostics()
    assert code == 1
    assert [c for c, *_ in found] == ["DBN025"]


def test_other_code_creating_a_migrations_table_gets_advice_for_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sql = "CREATE TABLE clients (id text primary key)"
    root = committed_repo(
        tmp_path / "app",
        {
            "dbnamelint.yaml": CONFIG,
            "db/schema.sql": SCHEMA,
            "storage/sql/setup.go": STARTUP.replace("{sql}", "SELECT 1"),
        },
        monkeypatch,
    )
    (root / "storage/sql/setup.go").write_text(STARTUP.replace("{sql}", sql))
    assert "already exists" in _exists_already(sql)
    _, found = _diagnostics()
    clash = [(p, line, s, m) for c, p, line, s, m in found if c == "DBN023"]
    assert len(clash) == 1, found
    path, line, severity, message = clash[0]
    assert (path, line, severity) == ("storage/sql/setup.go", 4, "warning")
    assert "table 'clients' is created again while the one at db/schema.sql:1:14 stands" in message
    assert "this code's CREATE TABLE fails on a database the migrations built" in message
    assert "databases:" not in message and "exclude:" not in message
