"""A Go migration list's data step, as `migrate` and DBN013 describe it (miniflux, s40).

A step running an ``UPDATE`` its code completes (``fmt.Sprintf("UPDATE users
SET flag = %d ...")``) is not read (a ``DBN013`` info note: no CREATE, ALTER,
DROP or RENAME in it). The note showed its head as ``UPDATE USERS``, a name in
capitals the file never wrote, and ``migrate`` warned that the step "runs DDL
this plan does not read". The note now shows the head as written (keywords in
capitals, ``UPDATE users``) and the warning leaves the step out. Oracle: the
file itself.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli

PATH = "internal/database/migrations.go"
LIST = """package database

import (
\t"database/sql"
\t"fmt"
)

var migrations = []func(tx *sql.Tx) error{
\tfunc(tx *sql.Tx) (err error) {
\t\t_, err = tx.Exec(`CREATE TABLE users (id serial PRIMARY KEY, flag int)`)
\t\treturn err
\t},
\tfunc(tx *sql.Tx) (err error) {
\t\tfor id := 1; id < 3; id++ {
\t\t\tquery := fmt.Sprintf(`update users SET flag = %d WHERE id = $1`, id*2)
\t\t\tif _, err := tx.Exec(query, id); err != nil {
\t\t\t\treturn err
\t\t\t}
\t\t}
\t\treturn nil
\t},
}
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "internal/database").mkdir(parents=True)
    (tmp_path / PATH).write_text(LIST, encoding="utf-8")
    (tmp_path / "go.mod").write_text("module example.com/app\n\ngo 1.22\n", encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text(f"paths: [{PATH}]\ndialect: postgres\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_note_shows_the_statement_head_as_written(project: Path) -> None:
    result = CliRunner().invoke(cli, ["check", "--format", "json", "--select", "DBN013"])
    assert result.exit_code == 0, result.output
    (note,) = json.loads(result.stdout)["diagnostics"]
    line = LIST.splitlines().index(
        "\t\t\tquery := fmt.Sprintf(`update users SET flag = %d WHERE id = $1`, id*2)"
    )
    assert (note["severity"], note["line"]) == ("info", line + 1)
    assert note["message"].startswith(
        "this step's SQL (UPDATE users) is completed when the code runs (%d)"
    ), note["message"]


def test_migrate_does_not_call_the_data_step_ddl(project: Path) -> None:
    """It names no object, so the plan's warning about unread statements
    leaves it out (as the kimai trial's UPDATE: test_migrate_unread_dml_s41)."""
    result = CliRunner().invoke(cli, ["migrate", "--rename", "users=app_users"])
    assert result.exit_code == 0, result.output
    assert "migrations.go:15" not in result.stderr, result.stderr
    assert "DDL" not in result.stderr, result.stderr
    assert 'ALTER TABLE "users" RENAME TO "app_users"' in result.stdout
