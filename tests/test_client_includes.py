"""The mysql client's and the sqlite3 shell's includes are followed, as psql's.

The mysql/mariadb client runs ``source file_name`` and ``\\. file_name``
(MySQL manual, "mysql Client Commands": "Execute an SQL script file"), the
sqlite3 shell ``.read FILE`` (sqlite.org/cli.html); each relative to the
client's current directory. dbnamelint skipped them silently: a ``source``
line was a statement it does not read (``SOURCE`` among the non-DDL heads),
and one without ``;`` took the next statement with it, so its table was lost
too; ``\\.`` was a ``DBN005`` warning; ``.read`` a dot-command skipped to
the end of its line. A new migration ``source lib/new_tables.sql`` made
tables nobody judged, and the gate passed it.

Now they are read in place, as psql's ``\\i`` (:mod:`dbnamelint.frontends.sql.client_follow`):
a missing file is a ``DBN013`` warning at the include (an error in the gate
where new), a cycle ``DBN004``, the sqlite3
shell's ``.read '|cmd'`` (a command's output) a ``DBN013`` note. Oracles:
the real MariaDB 10.11 client against a real server, the real sqlite3 shell
(sqlite_master), real git (``check --base``, ``check --pre-commit``).
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import pytest

from cli_json import diagnostic_codes, failing_findings, gate_errors, run_cli
from git_helpers import adopted_repo, git, git_workdir
from mysql_server import MysqlServer, SqlFailed


def _tables(report: Any) -> list[tuple[str, str, int]]:
    """(name, path, line) of each table ``inspect`` lists, in file order."""
    return [(o["name"], o["path"], o["line"]) for o in report["objects"] if o["kind"] == "table"]


def _inspect(dialect: str, path: str) -> tuple[Any, str]:
    _code, report, output = run_cli(
        "inspect", "--no-cache", "--dialect", dialect, "--format", "json", path
    )
    return report, output


def _including_tree(root: Path, line: str) -> None:
    """``db/001_init.sql``: a table, the include ``line``, a table; the file it
    includes, ``lib/things.sql``: a table with a bad name."""
    (root / "db").mkdir()
    (root / "lib").mkdir()
    (root / "db/001_init.sql").write_text(
        f"CREATE TABLE first_things (id int);\n{line}\nCREATE TABLE last_things (id int);\n"
    )
    (root / "lib/things.sql").write_text("CREATE TABLE BadThings (id int);\n")


def _read_in_place(dialect: str, check: bool = False) -> tuple[Any, str]:
    """``inspect`` of the including tree lists the included table where the
    include is, located in its own file; with ``check``, ``check`` fails on
    its name there. The last report and output."""
    report, output = _inspect(dialect, "db/001_init.sql")
    assert _tables(report) == [
        ("first_things", "db/001_init.sql", 1),
        ("BadThings", "lib/things.sql", 1),
        ("last_things", "db/001_init.sql", 3),
    ], output
    if check:
        code, report, output = run_cli(
            "check", "--no-cache", "--dialect", dialect, "--format", "json", "db/001_init.sql"
        )
        assert (code, failing_findings(report)) == (1, [("DBN101", "lib/things.sql", 1)]), output
    return report, output


# -- the mysql/mariadb client ---------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "source lib/things.sql",
        "  SOURCE lib/things.sql  ",
        "source lib/things.sql;",
        "\\. lib/things.sql",
        "select 1; source lib/things.sql;",
    ],
)
def test_a_mysql_source_is_read_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: MysqlServer, line: str
) -> None:
    """The client makes the included file's table where the line is, relative
    to its current directory (not the including file's folder), and the
    statement after the line (no ``;`` after ``source``) is a statement of
    its own; dbnamelint reads the same tables, located in their files."""
    monkeypatch.chdir(tmp_path)
    _including_tree(tmp_path, line)
    with maria.fresh_database("dbnl_client_source") as db:
        maria.run(file=Path("db/001_init.sql"), database=db)
        made = maria.run("SHOW TABLES", database=db).split()
    assert sorted(made) == ["BadThings", "first_things", "last_things"]
    _read_in_place("mysql")
    report, output = _read_in_place("mariadb", check=True)
    assert diagnostic_codes(report, "DBN005", "DBN013") == [], output


def test_a_mysql_include_of_a_missing_file_or_a_cycle_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: MysqlServer
) -> None:
    """``source`` of a missing file: the client fails there (and stops); a
    ``DBN013`` warning at the include naming the client. ``\\. x.sql;`` names
    ``x.sql;`` (the client takes the rest of the line as it stands). A file
    sourcing itself: the client recurses until it crashes; ``DBN004``."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.sql").write_text("CREATE TABLE ok_things (id int);\nsource gone.sql\n")
    (tmp_path / "b.sql").write_text("\\. a.sql;\n")
    (tmp_path / "c.sql").write_text("CREATE TABLE c_things (id int);\nsource c.sql\n")
    with maria.fresh_database("dbnl_client_source_gone") as db:
        with pytest.raises(SqlFailed) as failed:
            maria.run(file=Path("a.sql"), database=db)
        assert "Failed to open file 'gone.sql'" in str(failed.value)
        with pytest.raises(SqlFailed) as failed:
            maria.run(file=Path("b.sql"), database=db)
        assert "Failed to open file 'a.sql;'" in str(failed.value)
        with pytest.raises(SqlFailed):  # a segmentation fault, after many levels
            maria.run(file=Path("c.sql"), database=db)
    code, report, output = run_cli(
        "check", "--no-cache", "--dialect", "mariadb", "--format", "json", "a.sql"
    )
    # a warning (DDL not read), an error in the gate where new: not an input error
    assert diagnostic_codes(report, "DBN002", "DBN013") == [("DBN013", "warning", "a.sql", 2)], (
        output
    )
    assert "the mariadb client's source gone.sql runs gone.sql here" in output
    assert "psql" not in output
    assert code == 0
    _code, report, output = run_cli(
        "check", "--no-cache", "--dialect", "mysql", "--format", "json", "b.sql"
    )
    assert diagnostic_codes(report, "DBN013") == [("DBN013", "warning", "b.sql", 1)], output
    assert "the mysql client's \\\\. a.sql; runs a.sql; here" in output
    code, report, output = run_cli(
        "check", "--no-cache", "--dialect", "mariadb", "--format", "json", "c.sql"
    )
    assert diagnostic_codes(report, "DBN004") == [("DBN004", "error", "c.sql", 2)], output
    assert _tables(_inspect("mariadb", "c.sql")[0]) == [("c_things", "c.sql", 1)]


# -- the sqlite3 shell ----------------------------------------------------------------


def _sqlite3_shell(script: str, database: Path) -> subprocess.CompletedProcess[str]:
    shell = shutil.which("sqlite3")
    if shell is None:
        pytest.skip("the sqlite3 shell is not installed")
    return subprocess.run(
        [shell, "-bail", str(database)],
        input=Path(script).read_text(),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def _sqlite_tables(database: Path) -> list[str]:
    with sqlite3.connect(database) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1")
        return [r[0] for r in rows]


@pytest.mark.parametrize(
    "line",
    [
        ".read lib/things.sql",
        ".read 'lib/things.sql'",
        '.read "lib/things.sql"',
        ".rea lib/things.sql",
    ],
)
def test_a_sqlite3_read_is_read_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, line: str
) -> None:
    """The shell runs the included file at ``.read`` (relative to its current
    directory, quotes as its dot-command arguments take them, ``.rea`` for
    short); dbnamelint reads the same tables, located in their files."""
    monkeypatch.chdir(tmp_path)
    _including_tree(tmp_path, line)
    done = _sqlite3_shell("db/001_init.sql", tmp_path / "app.db")
    assert done.returncode == 0, done.stderr
    assert _sqlite_tables(tmp_path / "app.db") == ["BadThings", "first_things", "last_things"]
    _read_in_place("sqlite", check=True)


def test_a_sqlite3_read_of_a_missing_file_a_cycle_or_a_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A missing file: the shell fails there (``cannot open``, stops with
    ``-bail``): ``DBN013``. A file reading itself: the shell stops at its
    input nesting limit: ``DBN004``. ``.read '|cmd'`` reads a command's
    output, no file to follow: a ``DBN013`` note naming the shell."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.sql").write_text("CREATE TABLE ok_things (id int);\n.read gone.sql\n")
    (tmp_path / "c.sql").write_text("CREATE TABLE IF NOT EXISTS c_things (id int);\n.read c.sql\n")
    (tmp_path / "p.sql").write_text(".read '|cat lib.sql'\n")
    done = _sqlite3_shell("a.sql", tmp_path / "a.db")
    assert done.returncode != 0 and 'cannot open "gone.sql"' in done.stderr
    done = _sqlite3_shell("c.sql", tmp_path / "c.db")
    assert done.returncode != 0 and "Input nesting limit" in done.stderr
    code, report, output = run_cli(
        "check", "--no-cache", "--dialect", "sqlite", "--format", "json", "a.sql"
    )
    assert diagnostic_codes(report, "DBN002", "DBN013") == [("DBN013", "warning", "a.sql", 2)], (
        output
    )
    assert "the sqlite3 shell's .read gone.sql runs gone.sql here" in output
    assert code == 0
    _code, report, output = run_cli(
        "check", "--no-cache", "--dialect", "sqlite", "--format", "json", "c.sql"
    )
    assert diagnostic_codes(report, "DBN004") == [("DBN004", "error", "c.sql", 2)], output
    _code, report, output = run_cli(
        "check", "--no-cache", "--dialect", "sqlite", "--format", "json", "p.sql"
    )
    assert diagnostic_codes(report, "DBN013") == [("DBN013", "warning", "p.sql", 1)], output
    assert "the sqlite3 shell's .read |cat lib.sql" in output


def test_the_cache_serves_no_stale_including_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The per-file cache is keyed on the files ``source`` and ``.read`` name:
    an edit of the included file only is seen on the next run."""
    monkeypatch.chdir(tmp_path)
    for dialect, line in (("mariadb", "source lib.sql"), ("sqlite", ".read lib.sql")):
        (tmp_path / "a.sql").write_text(f"{line}\nCREATE TABLE ok_things (id int);\n")
        (tmp_path / "lib.sql").write_text("CREATE TABLE early_things (id int);\n")
        args = ("inspect", "--dialect", dialect, "--format", "json", "a.sql")
        assert [t[0] for t in _tables(run_cli(*args)[1])] == ["early_things", "ok_things"]
        (tmp_path / "lib.sql").write_text("CREATE TABLE later_things (id int);\n")
        assert [t[0] for t in _tables(run_cli(*args)[1])] == ["later_things", "ok_things"]


# -- the gate (real git) ----------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = git_workdir(tmp_path / "project", monkeypatch)
    files = {
        "db/migration/V1__init.sql": "CREATE TABLE first_things (id int);\n",
        "db/migration/V2__old.sql": "source lib/old_tables.sql\n",
        "lib/old_tables.sql": "CREATE TABLE OldThings (id int);\n",
    }
    adopted_repo(root, files, "paths: [db/migration]\ndialect: mysql\n")
    return root


def test_the_gate_refuses_a_bad_name_of_a_new_sourced_file(project: Path) -> None:
    """The brief's change: a new migration ``source lib/new_tables.sql``, whose
    table has a bad name: refused by ``check --base`` and the hook; the base's
    own include (outside the checked paths) is read in the base tree too, so
    its whitelisted legacy name is nothing new."""
    (project / "db/migration/V3__new.sql").write_text("source lib/new_tables.sql\n")
    (project / "lib/new_tables.sql").write_text("CREATE TABLE NewThings (id int);\n")
    git(project, "add", "-A")
    code, report, output = run_cli("check", "--base", "HEAD", "--format", "json")
    assert (code, gate_errors(report)) == (1, [("DBN101", "lib/new_tables.sql", 1)]), output
    code, _, hook = run_cli(
        "check", "--pre-commit", "db/migration/V3__new.sql", "lib/new_tables.sql"
    )
    assert code == 1 and "lib/new_tables.sql:1:14: DBN101" in hook, hook
    (project / "lib/new_tables.sql").write_text("CREATE TABLE new_things (id int);\n")
    git(project, "add", "-A")
    code, report, output = run_cli("check", "--base", "HEAD", "--format", "json")
    assert (code, gate_errors(report)) == (0, []), output


def test_the_gate_refuses_an_edit_of_a_file_an_applied_migration_sources(
    project: Path,
) -> None:
    """The committed ``V2__old.sql`` sources ``lib/old_tables.sql``; the change
    adds a table to that file: an edit of what an applied migration runs
    (``DBN025``, naming the client and the migration)."""
    with (project / "lib/old_tables.sql").open("a") as f:
        f.write("CREATE TABLE BadThings (id int);\n")
    git(project, "add", "-A")
    code, report, output = run_cli("check", "--base", "HEAD", "--format", "json")
    assert (code, gate_errors(report)) == (
        1,
        [("DBN025", "lib/old_tables.sql", 2), ("DBN101", "lib/old_tables.sql", 2)],
    ), output
    assert "the mysql client runs this file where the migration db/migration/V2__old.sql" in output
    code, _, hook = run_cli("check", "--pre-commit", "lib/old_tables.sql")
    assert code == 1 and "lib/old_tables.sql:2:1: DBN025 error" in hook, hook
