"""Lines Dolibarr's SQL runners un-comment and run are read (trial s39 dolibarr).

``run_sql()`` (Dolibarr's ``htdocs/core/lib/admin.lib.php``, every upgrade
script) matches each line against ``^--\\sV(MYSQL|PGSQL)([^\\s]*)`` and, on
MySQL, strips a ``-- VMYSQL4.3`` mark and runs the rest; ``install/step2.php``
does the same with ``-- V4.1`` in ``*.key.sql`` files. Such a line added to
an upgrade script passed ``check --base`` and the hook whatever it named.
Now a MySQL file's marked MySQL lines are read as the SQL they are; a line
run on PostgreSQL only (``-- VPGSQL``, ``-- POSTGRESQL V8`` in a key file)
that makes or renames a name is a ``DBN013`` warning, which the gate refuses
when new. Oracles: MariaDB runs each marked line as the runner sends it
(the mark stripped) and the model holds the columns MariaDB then has.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo
from mysql_server import MysqlServer

TABLE = "CREATE TABLE files (id INT);\n"
MARKED = (
    TABLE + "-- VMYSQL4.3 ALTER TABLE files ADD COLUMN hidden_size INT;\n"
    "--VMYSQL4.1 ALTER TABLE files ADD COLUMN never_run INT;\n"  # no blank: a comment
    "-- VMYSQL4.1 ALTER TABLE files\n  ADD COLUMN two_lines INT;\n"
    "ALTER TABLE files ADD COLUMN a_col INT,\n-- VMYSQL4.1 ADD COLUMN mid_col INT,\n"
    " ADD COLUMN b_col INT;\n"
    "-- V4.1 ALTER TABLE files ADD COLUMN key_only INT;\n"  # step2's mark: key files only
    "-- VPGSQL8.2 ALTER TABLE files ALTER COLUMN a_col SET NOT NULL;\n"  # names nothing
)
#: What run_sql() sends MariaDB: its marks stripped, comment lines dropped.
RUN_SQL_SENDS = re.compile(r"(?m)^--\sVMYSQL\S*")


def _sent(text: str, key_file: bool) -> str:
    text = RUN_SQL_SENDS.sub("", text)
    if key_file:
        text = re.sub(r"(?m)^--\sV[0-9.]+", "", text)
    return "\n".join(line for line in text.splitlines() if not line.startswith("--"))


def _columns(out: str) -> list[str]:
    return re.findall(r"^\S+:\d+:\d+:\s+column (\w+)$", out, re.MULTILINE)


def _run(*args: str) -> tuple[int, str]:
    done = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return done.exit_code, done.output


@pytest.mark.parametrize("name", ["2.0.0-3.0.0.sql", "llx_files.key.sql"])
def test_marked_lines_are_read_as_the_runner_runs_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: MysqlServer, name: str
) -> None:
    key_file = name.endswith(".key.sql")
    with maria.fresh_database("runner_marks") as db:
        maria.run(_sent(MARKED, key_file), database=db)
        expected = maria.run(
            "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
            "ORDER BY ORDINAL_POSITION",
            database=db,
        ).split()
    assert ("key_only" in expected) is key_file and "never_run" not in expected
    (tmp_path / name).write_text(MARKED, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out = _run("inspect", "--no-cache", "--dialect", "mysql", name)
    assert code == 0, out
    assert sorted(_columns(out)) == sorted(expected), out
    assert f"{name}:2:43:     column hidden_size" in out  # located past the mark
    assert "DBN013" not in out and "DBN004" not in out


def test_a_postgresql_only_line_that_names_is_a_dynamic_ddl_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (
        TABLE
        + "-- VPGSQL8.2 ALTER TABLE files ADD COLUMN pg_col INT;\n"
        + "-- VPGSQL8.2 ALTER TABLE files ALTER COLUMN id SET NOT NULL;\n"
    )
    (tmp_path / "x.sql").write_text(text, encoding="utf-8")
    (tmp_path / "llx_x.key.sql").write_text(
        TABLE + "-- POSTGRESQL V8 CREATE INDEX pg_idx ON files (id);\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    _code, out = _run("inspect", "--no-cache", "--dialect", "mysql", "x.sql")
    assert out.count("DBN013 warning") == 1 and "x.sql:2:1: DBN013 warning" in out, out
    assert "pg_col" not in _columns(out)
    _code, out = _run("inspect", "--no-cache", "--dialect", "mysql", "llx_x.key.sql")
    assert "llx_x.key.sql:2:1: DBN013 warning" in out and "'-- POSTGRESQL V8'" in out, out


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_gate_judges_a_new_marked_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = committed_repo(
        tmp_path / "app",
        {"dbnamelint.yaml": "dialect: mysql\npaths: [sql]\n", "sql/a_tables.sql": TABLE},
        monkeypatch,
    )
    upgrade = root / "sql/b_upgrade.sql"
    upgrade.write_text("-- VMYSQL4.3 ALTER TABLE files ADD COLUMN badHidden INT;\n")
    code, out = _run("check", "--base", "HEAD")
    assert code == 1 and 'DBN201 column "files.badHidden"' in out, out
    upgrade.write_text("-- VPGSQL8.2 ALTER TABLE files ADD COLUMN badHidden INT;\n")
    code, out = _run("check", "--base", "HEAD")
    assert code == 1 and "sql/b_upgrade.sql:1:1: DBN013 error" in out, out
