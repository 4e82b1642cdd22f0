"""psql's include meta-commands are followed: the included file is read in place.

A new-user trial (BeeeOn/server-db, sqitch): a new deploy script
``pgsql/deploy/beeeon.alerts/create.sql`` held ``\\ir ../../lib/alerts_table.sql.inc``,
whose file creates ``beeeon."AlertRules"``; it passed the hook, the only trace
a ``DBN015`` info note on the ``.inc`` file: the splitter skipped every psql
meta-command to the end of its line. A later round made the line a
``DBN013`` note; the model still lacked the included file's tables, and their
names were not judged.

psql runs the included file in place (psql manual, "Meta-Commands":
``\\i``/``\\include`` relative to psql's current directory,
``\\ir``/``\\include_relative`` relative to the including script's folder).
Now a file read as PostgreSQL has each included file's statements read at
the include, in order and in the including file's session, located in the
included file; nested includes too. A missing file is a ``DBN013`` warning at
the include (psql fails there), a cycle a ``DBN004`` error (psql recurses
until it crashes). Oracles: psql on a real PostgreSQL (what it builds from
the including file: ``drift --db`` against it finds no difference; its error
on a missing file; its crash on a cycle) and real git (``check --base``,
``check --pre-commit``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from cli_json import diagnostic_codes, failing_findings, gate_errors, run_cli
from git_helpers import adopted_repo, commit_all, git, git_workdir
from pg_server import PgServer, SqlFailed

DEPLOY = "pgsql/deploy/beeeon.alerts/create.sql"
INCLUDED = "pgsql/lib/alerts_table.sql.inc"
TABLE = 'CREATE TABLE beeeon."AlertRules" (id uuid PRIMARY KEY);\n'


def _tables(report: Any) -> list[tuple[str, str, int]]:
    """(qualified name, path, line) of each table ``inspect`` lists."""
    return [
        (o["qualified_name"], o["path"], o["line"])
        for o in report["objects"]
        if o["kind"] == "table"
    ]


def _no_drift(pg: PgServer, db: str, *files: str) -> None:
    """``drift --db`` of ``files`` against what psql made of them: the same objects."""
    code, report, output = run_cli(
        "drift", "--no-cache", "--dialect", "postgres", "--db", pg.url(db), "--format", "json",
        *files,
    )  # fmt: skip
    assert (code, report["drift"]) == (0, []), output


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
def test_an_include_is_read_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer, line: str
) -> None:
    """psql makes the table from the included file, and the statement after
    the include alters it; dbnamelint reads the included file at the include
    (it made nothing of it before), located there, and ``drift --db`` against
    the database psql built finds no difference."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pgsql/deploy/beeeon.alerts").mkdir(parents=True)
    (tmp_path / "pgsql/lib").mkdir()
    (tmp_path / DEPLOY).write_text(
        f"BEGIN;\nCREATE SCHEMA beeeon;\n{line}\n"
        'ALTER TABLE beeeon."AlertRules" ADD COLUMN rule_text text;\nCOMMIT;\n'
    )
    (tmp_path / INCLUDED).write_text(TABLE)
    with pg.fresh_database("dbnl_psql_include") as db:
        pg.run(files=[Path(DEPLOY)], dbname=db)  # psql -f, run from the project folder
        made = pg.query_json(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'beeeon' ORDER BY ordinal_position",
            dbname=db,
        )
        assert made == [
            {"table_name": "AlertRules", "column_name": "id"},
            {"table_name": "AlertRules", "column_name": "rule_text"},
        ]
        _no_drift(pg, db, DEPLOY)
    code, report, output = run_cli(
        "inspect", "--no-cache", "--dialect", "postgres", "--format", "json", DEPLOY
    )
    assert _tables(report) == [("beeeon.AlertRules", INCLUDED, 1)], output
    code, report, output = run_cli(
        "check", "--no-cache", "--dialect", "postgres", "--format", "json", "-v", DEPLOY
    )
    assert diagnostic_codes(report, "DBN013") == [], output
    assert ("DBN101", INCLUDED, 1) in failing_findings(report), output
    assert code == 1


def test_nested_includes_run_in_the_including_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    """An included file includes another (``\\ir`` relative to its own
    folder); the ``SET search_path`` of the including file holds in both,
    and one the included file sets holds after the include, as in psql's
    one session. An inline ``-- dbnamelint: ignore`` in an included file
    suppresses there. Every file's tables where psql makes them."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "deploy").mkdir()
    (tmp_path / "lib/inner").mkdir(parents=True)
    (tmp_path / "deploy/app.sql").write_text(
        "CREATE SCHEMA app;\nCREATE SCHEMA other;\nSET search_path = app;\n"
        "CREATE TABLE first_things (id int);\n\\ir ../lib/outer.sql.inc\n"
        "CREATE TABLE last_things (id int);\n"
    )
    (tmp_path / "lib/outer.sql.inc").write_text(
        'CREATE TABLE "OuterThings" (id int);\n\\ir inner/inner.psql\nSET search_path = other;\n'
    )
    (tmp_path / "lib/inner/inner.psql").write_text(
        "-- dbnamelint: ignore[DBN101] a legacy name, checked by hand\n"
        'CREATE TABLE "InnerThings" (id int);\n'
    )
    with pg.fresh_database("dbnl_psql_include_nested") as db:
        pg.run(files=[Path("deploy/app.sql")], dbname=db)
        made = pg.query_json(
            "SELECT table_schema || '.' || table_name AS t FROM information_schema.tables "
            "WHERE table_schema IN ('app', 'other') ORDER BY 1",
            dbname=db,
        )
        _no_drift(pg, db, "deploy/app.sql")
    assert [r["t"] for r in made] == [
        "app.InnerThings",
        "app.OuterThings",
        "app.first_things",
        "other.last_things",
    ]
    _code, report, output = run_cli(
        "inspect", "--no-cache", "--dialect", "postgres", "--format", "json", "deploy/app.sql"
    )
    assert _tables(report) == [
        ("app.first_things", "deploy/app.sql", 4),
        ("app.OuterThings", "lib/outer.sql.inc", 1),
        ("app.InnerThings", "lib/inner/inner.psql", 2),
        ("other.last_things", "deploy/app.sql", 6),
    ], output
    code, report, output = run_cli(
        "check", "--no-cache", "--dialect", "postgres", "--format", "json", "deploy/app.sql"
    )
    assert (code, failing_findings(report)) == (1, [("DBN101", "lib/outer.sql.inc", 1)]), output


def test_a_missing_included_file_is_said_at_the_include(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    """psql fails at an include of a missing file (and stops, ON_ERROR_STOP):
    a located ``DBN013`` warning (DDL not read), which the gate makes an error
    where the include is new; not an input error: a schema kept without the
    data files it includes (MySQL's employees database) is still read."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.sql").write_text("create table ok_things (id int);\n\\ir gone.sql\n")
    with pg.fresh_database("dbnl_psql_include_gone") as db, pytest.raises(SqlFailed) as failed:
        pg.run(files=[Path("a.sql")], dbname=db)
    assert "gone.sql: No such file or directory" in str(failed.value)
    code, report, output = run_cli(
        "check", "--no-cache", "--dialect", "postgres", "--format", "json", "a.sql"
    )
    assert diagnostic_codes(report, "DBN002", "DBN013") == [("DBN013", "warning", "a.sql", 2)], (
        output
    )
    assert "gone.sql is not found (relative to the including file's folder)" in output
    assert code == 0


def test_an_include_cycle_is_an_error_not_a_hang(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    """Two files including each other: psql recurses until it crashes; the
    reader stops at the include that would run a file already running
    (``DBN004``) and reads each file once."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.sql").write_text("create table a_things (id int);\n\\ir b.sql\n")
    (tmp_path / "b.sql").write_text("\\ir a.sql\ncreate table b_things (id int);\n")
    psql = shutil.which("psql")
    if psql is not None:
        with pg.fresh_database("dbnl_psql_include_cycle") as db:
            done = subprocess.run(
                [psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", pg.database(db), "-f", "a.sql"],
                capture_output=True,
                text=True,
                check=False,
                timeout=600,
                env={**os.environ, "PGOPTIONS": "-c client_min_messages=warning"},
            )
        assert done.returncode != 0  # psql cannot finish a.sql
    _code, report, output = run_cli(
        "inspect", "--no-cache", "--dialect", "postgres", "--format", "json", "a.sql"
    )
    assert _tables(report) == [("a_things", "a.sql", 1), ("b_things", "b.sql", 2)], output
    code, report, output = run_cli(
        "check", "--no-cache", "--dialect", "postgres", "--format", "json", "a.sql"
    )
    assert diagnostic_codes(report, "DBN004") == [("DBN004", "error", "b.sql", 1)], output
    assert "an include cycle" in output
    assert code == 1


def test_a_file_walked_and_included_is_read_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    """A ``lib/common.sql`` under ``paths`` that a migration includes is read
    at the include only (a ``DBN007`` note on it says so), not replayed a
    second time, which would make its table twice."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "db/lib").mkdir(parents=True)
    (tmp_path / "db/001_init.sql").write_text(
        "create table a_things (id int);\n/* shared */ \\ir lib/common.sql\n"
    )
    (tmp_path / "db/lib/common.sql").write_text("create table common_things (id int);\n")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
    with pg.fresh_database("dbnl_psql_include_walked") as db:
        pg.run(files=[Path("db/001_init.sql")], dbname=db)
        assert pg.public_tables(db) == ["a_things", "common_things"]
    _code, report, output = run_cli("inspect", "--no-cache", "--format", "json")
    assert _tables(report) == [
        ("a_things", "db/001_init.sql", 1),
        ("common_things", "db/lib/common.sql", 1),
    ], output
    assert diagnostic_codes(report, "DBN007", "DBN010", "DBN011") == [
        ("DBN007", "info", "db/lib/common.sql", 1)
    ], output


def test_a_variable_include_is_still_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``\\ir :file``: which file runs is known when psql runs; not followed."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.sql").write_text("\\ir :lib\ncreate table ok_things (id int);\n")
    _code, report, output = run_cli(
        "check", "--no-cache", "--dialect", "postgres", "--format", "json", "a.sql"
    )
    assert diagnostic_codes(report, "DBN013") == [("DBN013", "warning", "a.sql", 1)], output


def test_the_caches_serve_no_stale_including_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The including file's reading depends on the files it includes: neither
    the per-file cache nor the run cache may serve it once only an included
    file changed (nested too), nor keep "not found" once the file is there."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.sql").write_text("\\ir lib.sql.inc\ncreate table ok_things (id int);\n")
    args = ("inspect", "--dialect", "postgres", "--format", "json", "a.sql")
    _code, report, output = run_cli(*args)
    assert diagnostic_codes(report, "DBN013") == [("DBN013", "warning", "a.sql", 1)], output
    (tmp_path / "lib.sql.inc").write_text("CREATE TABLE later_things (id int);\n\\ir n.psql\n")
    (tmp_path / "n.psql").write_text("CREATE TABLE nested_things (id int);\n")
    _code, report, output = run_cli(*args)
    assert [t[0] for t in _tables(report)] == ["later_things", "nested_things", "ok_things"]
    (tmp_path / "n.psql").write_text("CREATE TABLE renamed_things (id int);\n")
    _code, report, output = run_cli(*args)
    assert [t[0] for t in _tables(report)] == ["later_things", "renamed_things", "ok_things"]
    code, report, output = run_cli("check", "--dialect", "postgres", "--format", "json", "a.sql")
    assert code == 0, output
    (tmp_path / "n.psql").write_text('CREATE TABLE "BadThings" (id int);\n')
    code, report, output = run_cli("check", "--dialect", "postgres", "--format", "json", "a.sql")
    assert (code, failing_findings(report)) == (1, [("DBN101", "n.psql", 1)]), output


# -- the gate (real git) -----------------------------------------------------


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = git_workdir(tmp_path / "project", monkeypatch)
    files = {
        "pgsql/sqitch.plan": "%syntax-version=1.0.0\n%project=beeeon\n\n"
        "beeeon.init/create 2020-01-01T00:00:00Z t <t@example.com> # schema\n"
        "beeeon.old/create 2020-01-01T00:00:01Z t <t@example.com> # old\n"
        "beeeon.cwd/create 2020-01-01T00:00:02Z t <t@example.com> # cwd\n",
        "pgsql/deploy/beeeon.init/create.sql": "CREATE SCHEMA beeeon;\n",
        "pgsql/deploy/beeeon.old/create.sql": "\\ir ../../lib/old_table.sql.inc\n",
        "pgsql/deploy/beeeon.cwd/create.sql": "\\i pgsql/lib/cwd_table.sql.inc\n",
        "pgsql/lib/old_table.sql.inc": 'CREATE TABLE beeeon."OldThings" (id int);\n',
        "pgsql/lib/cwd_table.sql.inc": 'CREATE TABLE beeeon."CwdThings" (id int);\n',
    }
    adopted_repo(root, files, "paths: [pgsql/deploy]\ndialect: postgres\n")
    return root


def test_the_gate_reads_the_base_includes_as_the_change(project: Path) -> None:
    """The included files are outside the checked paths: the base tree is read
    with them (``\\ir`` and ``\\i``), so their legacy names, whitelisted at
    adoption, are the base's; nothing is refused of an unchanged tree."""
    whitelist = (project / "whitelist.yaml").read_text()
    assert "OldThings" in whitelist and "CwdThings" in whitelist
    (project / "whitelist.yaml").unlink()
    git(project, "rm", "-q", "--cached", "whitelist.yaml")
    commit_all(project, "no whitelist")  # the legacy names are then judged, both sides
    code, report, output = run_cli("check", "--base", "HEAD", "--format", "json")
    assert (code, gate_errors(report)) == (0, []), output


def test_the_gate_refuses_a_bad_name_of_a_new_included_file(project: Path) -> None:
    """The trial's change: a new deploy script including a new ``.inc`` file.
    The included table is read, so its bad name is a new finding, refused in
    ``check --base`` and the hook."""
    with (project / "pgsql/sqitch.plan").open("a") as f:
        f.write("beeeon.alerts/create 2020-01-01T00:00:03Z t <t@example.com> # alerts\n")
    (project / "pgsql/deploy/beeeon.alerts").mkdir()
    (project / DEPLOY).write_text("BEGIN;\n\\ir ../../lib/alerts_table.sql.inc\nCOMMIT;\n")
    (project / INCLUDED).write_text(TABLE)
    git(project, "add", "-A")
    code, report, output = run_cli("check", "--base", "HEAD", "--format", "json")
    assert (code, gate_errors(report)) == (1, [("DBN101", INCLUDED, 1)]), output
    code, _, hook = run_cli("check", "--pre-commit", "pgsql/sqitch.plan", DEPLOY, INCLUDED)
    assert code == 1 and f"{INCLUDED}:1:21: DBN101" in hook, hook
    (project / INCLUDED).write_text("CREATE TABLE beeeon.alert_rules (id uuid PRIMARY KEY);\n")
    git(project, "add", "-A")
    code, report, output = run_cli("check", "--base", "HEAD", "--format", "json")
    assert (code, gate_errors(report)) == (0, []), output
    code, _, hook = run_cli("check", "--pre-commit", "pgsql/sqitch.plan", DEPLOY, INCLUDED)
    assert code == 0, hook


@pytest.mark.parametrize(
    ("included", "migration"),
    [
        ("pgsql/lib/old_table.sql.inc", "pgsql/deploy/beeeon.old/create.sql"),
        ("pgsql/lib/cwd_table.sql.inc", "pgsql/deploy/beeeon.cwd/create.sql"),
    ],
)
def test_the_gate_refuses_an_edit_of_a_file_an_applied_migration_includes(
    project: Path, included: str, migration: str
) -> None:
    """The include is the base's; the change gives the file it includes a new
    table. psql runs it where the committed deploy script includes it: an
    edit of what an applied migration runs (``DBN025`` at the new statement,
    naming the migration), and the new bad name is a new finding."""
    with (project / included).open("a") as f:
        f.write('CREATE TABLE beeeon."BadThings" (id int);\n')
    code, report, output = run_cli("check", "--base", "HEAD", "--format", "json")
    assert (code, gate_errors(report)) == (1, [("DBN025", included, 2), ("DBN101", included, 2)])
    assert f"the migration {migration}, committed at HEAD, includes it" in output
    git(project, "add", "-A")
    code, _, hook = run_cli("check", "--pre-commit", included)
    assert code == 1 and f"{included}:2:1: DBN025 error" in hook, hook
    assert f"{included}:2:21: DBN101" in hook, hook
    assert "DBN015" not in run_cli("check", "--pre-commit", "-v", included)[2]
    # a comment only is no edit of what runs
    git(project, "checkout", "-q", "HEAD", "--", included)
    with (project / included).open("a") as f:
        f.write("-- the old things\n")
    git(project, "add", "-A")
    code, report, output = run_cli("check", "--base", "HEAD", "--format", "json")
    assert (code, gate_errors(report)) == (0, []), output
