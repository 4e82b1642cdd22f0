"""psql's include meta-commands are not passed over in silence.

A new-user trial (BeeeOn/server-db, sqitch): a new deploy script
``pgsql/deploy/beeeon.alerts/create.sql`` held ``\\ir ../../lib/alerts_table.sql.inc``,
whose file creates ``beeeon."AlertRules"``; it passed the hook, the only trace
a ``DBN015`` info note on the ``.inc`` file: the splitter skipped every psql
meta-command to the end of its line. psql runs the included file in place
(psql manual: ``\\i``/``\\include`` relative to psql's current directory,
``\\ir``/``\\include_relative`` relative to the including script's folder).

dbnamelint does not follow the include; the line is now a ``DBN013`` warning
when the file it names is not read by the run and holds DDL words (or is
missing), an info note when the run reads that file on its own, and the gate
refuses such an include new since the base. Oracles: psql on a real
PostgreSQL (what it builds from the including file, and its error on a
missing one) and real git (``check --base``, ``check --pre-commit``).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import adopted_repo, commit_all, git, isolated_git_env
from pg_server import PgServer, SqlFailed

DEPLOY = "pgsql/deploy/beeeon.alerts/create.sql"
INCLUDED = "pgsql/lib/alerts_table.sql.inc"
TABLE = 'CREATE TABLE beeeon."AlertRules" (id uuid PRIMARY KEY);\n'


def _run(*args: str) -> tuple[int, Any, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout) if "--format" in args else None
    return result.exit_code, report, result.output


def _notes(report: Any) -> list[tuple[str, str, str, int]]:
    return [
        (d["code"], d["severity"], d["path"], d["line"])
        for d in report["diagnostics"]
        if d["code"] == "DBN013"
    ]


@pytest.mark.parametrize(
    "line",
    [
        "\\ir ../../lib/alerts_table.sql.inc",
        "\\include_relative ../../lib/alerts_table.sql.inc",
        "\\ir '../../lib/alerts_table.sql.inc'",
        "\\i pgsql/lib/alerts_table.sql.inc",
        "\\include pgsql/lib/alerts_table.sql.inc",
    ],
)
def test_an_include_psql_runs_is_a_warning_at_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer, line: str
) -> None:
    """psql makes the table from the included file; dbnamelint does not read
    it, and says so at the include (it said nothing there before)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pgsql/deploy/beeeon.alerts").mkdir(parents=True)
    (tmp_path / "pgsql/lib").mkdir()
    (tmp_path / DEPLOY).write_text(f"BEGIN;\n{line}\nCOMMIT;\n")
    (tmp_path / INCLUDED).write_text(TABLE)
    with pg.fresh_database("dbnl_psql_include") as db:
        pg.run(sql="CREATE SCHEMA beeeon", dbname=db)
        pg.run(files=[Path(DEPLOY)], dbname=db)  # psql -f, run from the project folder
        made = pg.query_json(
            "SELECT table_schema, table_name FROM information_schema.tables "
            "WHERE table_schema = 'beeeon'",
            dbname=db,
        )
    assert made == [{"table_schema": "beeeon", "table_name": "AlertRules"}]
    code, report, output = _run(
        "check", "--no-cache", "--dialect", "postgres", "--format", "json", DEPLOY
    )
    assert _notes(report) == [("DBN013", "warning", DEPLOY, 2)], output
    message = next(d["message"] for d in report["diagnostics"] if d["code"] == "DBN013")
    assert INCLUDED in message and "its text holds CREATE" in message
    assert code == 0  # a warning in `check`; the gate refuses it (below)


def test_an_included_file_the_run_reads_is_an_info_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The included file named on the command line is read (its bad name
    found there); the include is then only an info note."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pgsql/deploy/beeeon.alerts").mkdir(parents=True)
    (tmp_path / "pgsql/lib").mkdir()
    (tmp_path / DEPLOY).write_text("\\ir ../../lib/alerts_table.sql.inc\n")
    (tmp_path / INCLUDED).write_text(TABLE)
    _code, report, output = _run(
        "check", "--no-cache", "--dialect", "postgres", "--format", "json", "-v", DEPLOY, INCLUDED
    )
    assert _notes(report) == [("DBN013", "info", DEPLOY, 1)], output
    assert any(f["code"] == "DBN101" and f["path"] == INCLUDED for f in report["findings"])


def test_an_include_of_a_file_without_ddl_is_an_info_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "settings.psql").write_text("\\set ON_ERROR_STOP on\nSET lock_timeout = '5s';\n")
    (tmp_path / "a.sql").write_text("\\ir settings.psql\ncreate table ok_things (id int);\n")
    _code, report, output = _run(
        "check", "--no-cache", "--dialect", "postgres", "--format", "json", "-v", "a.sql"
    )
    assert _notes(report) == [("DBN013", "info", "a.sql", 1)], output


def test_a_missing_included_file_is_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    """psql fails at an include of a missing file (and stops, ON_ERROR_STOP)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.sql").write_text("create table ok_things (id int);\n\\ir gone.sql\n")
    with pg.fresh_database("dbnl_psql_include_gone") as db, pytest.raises(SqlFailed) as failed:
        pg.run(files=[Path("a.sql")], dbname=db)
    assert "gone.sql: No such file or directory" in str(failed.value)
    _code, report, output = _run(
        "check", "--no-cache", "--dialect", "postgres", "--format", "json", "a.sql"
    )
    assert _notes(report) == [("DBN013", "warning", "a.sql", 2)], output
    assert "gone.sql is not found" in output


# -- the gate (real git) -----------------------------------------------------


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "project"
    root.mkdir()
    monkeypatch.chdir(root)
    files = {
        "pgsql/deploy/beeeon.init/create.sql": "CREATE SCHEMA beeeon;\n",
        "pgsql/deploy/beeeon.old/create.sql": "\\ir ../../lib/old_table.sql.inc\n",
        "pgsql/lib/old_table.sql.inc": "CREATE TABLE beeeon.old_things (id int);\n",
    }
    adopted_repo(root, files, "paths: [pgsql/deploy]\ndialect: postgres\n")
    return root


def _errors(report: Any) -> list[tuple[str, str, int]]:
    return [
        (d["code"], d["path"], d["line"]) for d in report["diagnostics"] if d["severity"] == "error"
    ]


def test_the_gate_refuses_a_new_include_of_an_unread_file(project: Path) -> None:
    """The trial's change: a new deploy script including a new ``.inc`` file
    passed the hook. Now the include new since the base is an error in
    ``check --base`` and the hook (``DBN013``), and so is the new DDL of the
    file it includes, which the run does not read (``DBN032``); the base's
    own include is not this change's. Inline ``ignore`` comments with a
    reason accept both."""
    (project / "pgsql/deploy/beeeon.alerts").mkdir()
    (project / DEPLOY).write_text("BEGIN;\n\\ir ../../lib/alerts_table.sql.inc\nCOMMIT;\n")
    (project / INCLUDED).write_text(TABLE)
    git(project, "add", "-A")  # (`check --base` judges the files git knows)
    code, report, output = _run("check", "--base", "HEAD", "--format", "json")
    assert code == 1, output
    assert _notes(report) == [("DBN013", "error", DEPLOY, 2)], output
    assert _errors(report) == [("DBN013", DEPLOY, 2), ("DBN032", INCLUDED, 1)], output
    assert "new since HEAD, so the gate refuses it" in output
    code, _, hook = _run("check", "--pre-commit", DEPLOY, INCLUDED)
    assert code == 1 and f"{DEPLOY}:2:1: DBN013 error" in hook, hook
    assert f"{INCLUDED}:1:1: DBN032 error" in hook, hook
    (project / DEPLOY).write_text(
        "BEGIN;\n-- dbnamelint: ignore[DBN013] AlertRules checked by hand\n"
        "\\ir ../../lib/alerts_table.sql.inc\nCOMMIT;\n"
    )
    code, report, output = _run("check", "--base", "HEAD", "--format", "json")
    assert (code, _errors(report)) == (1, [("DBN032", INCLUDED, 1)]), output
    (project / INCLUDED).write_text("-- dbnamelint: ignore[DBN032] checked by hand\n" + TABLE)
    code, report, output = _run("check", "--base", "HEAD", "--format", "json")
    assert (code, _notes(report)) == (0, []), output
    commit_all(project, "alerts")
    code, report, output = _run("check", "--base", "HEAD", "--format", "json")
    assert (code, _notes(report)) == (0, []), output


def test_the_gate_refuses_new_ddl_in_a_file_an_old_include_names(project: Path) -> None:
    """The include is the base's; the change gives the file it includes a new
    table: psql runs it, no rule reads it, so the gate refuses it (``DBN032``
    at the new statement, naming the include)."""
    (project / "pgsql/lib/old_table.sql.inc").write_text(
        'CREATE TABLE beeeon.old_things (id int);\nCREATE TABLE beeeon."BadThings" (id int);\n'
    )
    code, report, output = _run("check", "--base", "HEAD", "--format", "json")
    assert (code, _errors(report)) == (1, [("DBN032", "pgsql/lib/old_table.sql.inc", 2)]), output
    assert "pgsql/deploy/beeeon.old/create.sql:1 includes it" in output
    git(project, "add", "-A")
    code, _, hook = _run("check", "--pre-commit", "pgsql/lib/old_table.sql.inc")
    assert code == 1 and "pgsql/lib/old_table.sql.inc:2:1: DBN032 error" in hook, hook


def test_a_run_cache_does_not_replay_an_include_note_once_its_file_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The note depends on another file than the one read: the run cache
    must not replay "not found" once the file is there, nor "no DDL" once
    it has some."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.sql").write_text("\\ir lib.sql.inc\ncreate table ok_things (id int);\n")
    args = ("check", "--dialect", "postgres", "--format", "json", "-v", "a.sql")
    _code, report, output = _run(*args)
    assert _notes(report) == [("DBN013", "warning", "a.sql", 1)], output
    assert "lib.sql.inc is not found" in output
    (tmp_path / "lib.sql.inc").write_text("SET lock_timeout = '5s';\n")
    _code, report, output = _run(*args)
    assert _notes(report) == [("DBN013", "info", "a.sql", 1)], output
    (tmp_path / "lib.sql.inc").write_text("CREATE TABLE later_things (id int);\n")
    _code, report, output = _run(*args)
    assert _notes(report) == [("DBN013", "warning", "a.sql", 1)], output
