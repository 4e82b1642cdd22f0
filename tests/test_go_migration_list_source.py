"""A Go migration list named in ``paths:`` is read as the migrations its
steps are (miniflux: ``var migrations = [...]func(tx *sql.Tx) error{...}``).

1. The model is what PostgreSQL holds after running the list's SQL strings
   in order (the oracle runs each backtick string of the steps itself); a
   step the code builds (``fmt.Sprintf``) is not read and says so (DBN013).
2. Findings are located at the name in the ``.go`` file.
3. The gate (real git): a new step's bad name is one finding, not two (the
   code-DDL gate leaves read files to the tree's gate); an edited step is DBN025.
4. ``migrate --write`` refuses to write into Go code, saying what to do; the
   printed forward script (``--no-transaction``) and its rollback run on the
   database the steps built.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from check_json import check_json
from dbnamelint.cli import cli
from git_helpers import commit_all, committed_repo
from pg_server import PgServer

MIGRATIONS_GO = """\
package database

import (
\t"database/sql"
\t"fmt"
)

var schemaVersion = len(migrations)

// Order is important. Add new migrations at the end of the list.
var migrations = [...]func(tx *sql.Tx) error{
\tfunc(tx *sql.Tx) (err error) {
\t\tsql := `
\t\t\tCREATE TABLE schema_version (version text not null);
\t\t\tCREATE TABLE users (
\t\t\t\tid SERIAL,
\t\t\t\tusername text not null unique,
\t\t\t\tprimary key (id)
\t\t\t);
\t\t\tCREATE TABLE "FeedItems" (
\t\t\t\tid bigserial primary key,
\t\t\t\tuser_id int not null references users (id),
\t\t\t\ttags text[] default '{}'
\t\t\t);
\t\t\tCREATE INDEX feed_items_user_idx ON "FeedItems" (user_id);
\t\t`
\t\t_, err = tx.Exec(sql)
\t\treturn err
\t},
\tfunc(tx *sql.Tx) (err error) {
\t\t_, err = tx.Exec(`ALTER TABLE users ADD COLUMN "lastLogin" timestamptz`)
\t\treturn err
\t},
\tfunc(tx *sql.Tx) (err error) {
\t\tif _, err = tx.Exec(`CREATE TABLE tokens (id text primary key)`); err != nil {
\t\t\treturn err
\t\t}
\t\t_, err = tx.Exec(`DROP TABLE tokens`)
\t\treturn err
\t},
\tfunc(tx *sql.Tx) (err error) {
\t\t_, err = tx.Exec(`UPDATE users SET username = lower(username) WHERE username <> ''`)
\t\treturn err
\t},
\tfunc(tx *sql.Tx) (err error) {
\t\tfor _, t := range []string{"users"} {
\t\t\tif _, err = tx.Exec(fmt.Sprintf(`ALTER TABLE %s ADD COLUMN audit_note text`, t)); err != nil {
\t\t\t\treturn err
\t\t\t}
\t\t}
\t\treturn nil
\t},
}

func countUsers(db *sql.DB) {
\tdb.Query(`SELECT count(*) FROM users`)
}
"""
CONFIG = "paths: [internal/database/migrations.go]\ndialect: postgres\n"
GO = "internal/database/migrations.go"


def _steps(text: str) -> list[str]:
    """The backtick strings of the list, in order, as the program runs them
    (the built one and the live query after the list left out)."""
    inside = text[text.index("var migrations") : text.index("func countUsers")]
    return [s for s in re.findall(r"`([^`]*)`", inside) if "%s" not in s]


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def _at(text: str, needle: str, *, after: bool = False) -> str:
    """``line:column`` (1-based) of the first ``needle`` in ``text`` (``after``: of its end)."""
    offset = text.index(needle) + (len(needle) if after else 0)
    line = text.count("\n", 0, offset) + 1
    return f"{line}:{offset - (text.rfind(chr(10), 0, offset) + 1) + 1}"


def _catalog(pg: PgServer, db: str) -> dict[str, set[Any]]:
    def rows(sql: str) -> list[dict[str, Any]]:
        return pg.query_json(sql, db)

    return {
        "table": {
            r["n"] for r in rows("SELECT tablename AS n FROM pg_tables WHERE schemaname = 'public'")
        },
        "column": {
            (r["t"], r["c"])
            for r in rows(
                "SELECT c.table_name AS t, c.column_name AS c FROM information_schema.columns c "
                "JOIN pg_tables p ON p.schemaname = c.table_schema AND p.tablename = c.table_name "
                "WHERE c.table_schema = 'public'"
            )
        },
        "index": {
            r["n"]
            for r in rows("SELECT indexname AS n FROM pg_indexes WHERE schemaname = 'public'")
        },
        "constraint": {
            r["n"]
            for r in rows(
                "SELECT conname AS n FROM pg_constraint "
                "WHERE connamespace = 'public'::regnamespace AND contype <> 'n'"
            )
        },
    }


def _model(text: str) -> dict[str, set[Any]]:
    objects = json.loads(text)["objects"]
    tables = {o["name"] for o in objects if o["kind"] == "table"}
    out: dict[str, set[Any]] = {
        "table": tables,
        "column": {
            (o["table"], o["name"])
            for o in objects
            if o["kind"] == "column" and o["table"] in tables
        },
        "constraint": {o["name"] for o in objects if o["kind"] == "constraint"},
    }
    # pg_indexes lists the indexes of primary keys and unique constraints too
    out["index"] = {o["name"] for o in objects if o["kind"] == "index"} | {
        o["name"]
        for o in objects
        if o["kind"] == "constraint" and o["name"].endswith(("_pkey", "_key"))
    }
    return out


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed_repo(
        tmp_path / "repo", {"dbnamelint.yaml": CONFIG, GO: MIGRATIONS_GO}, monkeypatch
    )


def test_the_model_is_what_running_the_steps_builds(project: Path, pg: PgServer) -> None:
    shown = _run("inspect", "--format", "json", GO)
    assert shown.exit_code == 0, shown.output
    with pg.fresh_database("golist_model") as db:
        for step in _steps(MIGRATIONS_GO):
            pg.run(sql=step, dbname=db)
        catalog = _catalog(pg, db)
    assert catalog["table"] == {"schema_version", "users", "FeedItems"}  # tokens dropped
    assert _model(shown.stdout) == catalog
    # The built step is not read, and says so where it is.
    checked = _run("check", "--select", "DBN013", "--verbose")
    note = f"{GO}:{_at(MIGRATIONS_GO, 'fmt.Sprintf(`', after=True)}: DBN013"
    assert any(line.startswith(note) for line in checked.output.splitlines()), checked.output


def test_findings_are_located_at_the_name_in_the_go_file(project: Path) -> None:
    code, failing, _ = check_json()
    assert code == 1
    table = _at(MIGRATIONS_GO, '"FeedItems" (').split(":")
    column = _at(MIGRATIONS_GO, '"lastLogin"').split(":")
    assert {f for f in failing if f[0] in ("DBN101", "DBN201")} == {
        ("DBN101", "FeedItems", GO, int(table[0]), int(table[1])),
        ("DBN201", "lastLogin", GO, int(column[0]), int(column[1])),
    }


def _with_step(text: str, step: str) -> str:
    tail = text.index("\n}\n\nfunc countUsers")
    added = f"\n\tfunc(tx *sql.Tx) (err error) {{\n\t\t_, err = tx.Exec(`{step}`)"
    added += "\n\t\treturn err\n\t},"
    return text[:tail] + added + text[tail:]


def test_the_gate_judges_a_new_step_once_and_refuses_an_edited_one(project: Path) -> None:
    assert _run("whitelist", "init").exit_code == 0
    commit_all(project, "baseline")
    go = project / GO
    go.write_text(_with_step(MIGRATIONS_GO, 'CREATE TABLE "AuditLog" (id int)'), encoding="utf-8")
    result = _run("check", "--base", "HEAD")
    assert result.exit_code == 1, result.output
    lines = [line for line in result.stdout.splitlines() if line.startswith(f"{GO}:")]
    where = _at(go.read_text(encoding="utf-8"), '"AuditLog"')
    assert sorted(lines) == sorted(
        [
            f"{GO}:{where}: DBN101 table \"AuditLog\": case-sensitive table name 'AuditLog' is not "
            "snake_case (suggestion: audit_logs)",
            f"{GO}:{where}: DBN105 table \"AuditLog\": table name 'AuditLog' does not end in a "
            "plural noun (suggestion: audit_logs)",
        ]
    )
    changed = MIGRATIONS_GO.replace("username text not null unique", "login text")
    go.write_text(changed, encoding="utf-8")
    edited = _run("check", "--base", "HEAD")
    assert edited.exit_code == 1
    step = _at(changed, "sql := `", after=True)  # the edited string, where its SQL starts
    assert f"{GO}:{step}: DBN025 error: this step of a Go migration list" in edited.stdout


def test_migrate_prints_a_step_that_runs_and_refuses_to_write_go(
    project: Path, pg: PgServer
) -> None:
    assert _run("whitelist", "init").exit_code == 0
    refused = _run("migrate", "--phase", "1", "--write")
    assert refused.exit_code == 2
    assert "a Go migration list, whose steps the program's own runner applies" in refused.output
    assert not list((project / "internal/database").glob("*.sql"))  # nothing written
    printed = _run("migrate", "--phase", "1", "--no-transaction")
    assert printed.exit_code == 0, printed.output
    sql = printed.stdout
    forward = sql[sql.index("-- ==== forward ====") : sql.index("-- ==== rollback ====")]
    rollback = sql[sql.index("-- ==== rollback ====") : sql.index("-- ==== cleanup")]
    assert 'ALTER TABLE "FeedItems" RENAME TO "feed_items";' in forward
    assert "BEGIN;" not in forward
    with pg.fresh_database("golist_migrate") as db:
        for step in _steps(MIGRATIONS_GO):
            pg.run(sql=step, dbname=db)
        pg.run(sql=forward, dbname=db)  # as a new step of the list would run it
        assert {"feed_items"} <= _catalog(pg, db)["table"]
        pg.run(sql=rollback, dbname=db)
        assert _catalog(pg, db)["table"] == {"schema_version", "users", "FeedItems"}
        pg.run(sql=forward, dbname=db)
        assert "feed_items" in _catalog(pg, db)["table"]


def test_the_runners_version_table_is_not_the_projects(project: Path) -> None:
    """miniflux's runner reads, truncates and writes ``schema_version`` by name
    around every step (trial s23 confirmation: its compatibility view made
    ``TRUNCATE schema_version`` fail): not linted, not renamed."""
    code, failing, _ = check_json()
    assert code == 1
    assert not [f for f in failing if f[1] == "schema_version"]  # DBN105 would say schema_versions
    planned = _run("migrate", "--rename", "schema_version=schema_versions")
    assert "not renamed: schema_version: the version table of a Go migration list's" in (
        planned.output
    )
    assert 'RENAME TO "schema_versions"' not in planned.output
