"""DDL run by a procedure a migration creates and CALLs (conductor trial, s19).

``CREATE PROCEDURE make_tbl(IN n INT) BEGIN CREATE TABLE `JobRun` ...; END``
then ``CALL make_tbl(1)`` gave only a ``DBN012`` note, so the gate passed a
table no rule saw. Now a MySQL body of plain DDL that names no parameter is
read at the CALL, as a parameterless one's is, and so is one that builds its
DDL with CONCAT from the CALL's constants (tests/test_mysql_built_procedure_ddl.py);
any other body holding DDL (a parameter used in plain DDL, a variable passed,
PostgreSQL's plpgsql) keeps the note, which the gate
(``check --base``, the hook) makes an error on a CALL new since the base,
unless ``-- dbnamelint: ignore[DBN012] <reason>`` accepts it.

Oracles: MariaDB and PostgreSQL running the files (what tables exist
after), real git for the gate.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import adopted_repo, git, git_workdir
from mysql_server import MysqlServer
from pg_server import PgServer
from test_precommit import Env, hook_repo  # noqa: F401 - the module's hook fixture

STATIC = """DELIMITER $$
CREATE PROCEDURE make_tbl(IN n INT, OUT `done` DECIMAL(10,2))
BEGIN
  CREATE TABLE `JobRun` (id INT PRIMARY KEY);
END$$
DELIMITER ;
CALL make_tbl(1, @d); DROP PROCEDURE make_tbl;
"""
BUILT = """DELIMITER $$
CREATE PROCEDURE make_tbl(IN n INT)
BEGIN
  SET @s = CONCAT('CREATE TABLE JobRun', n, ' (id INT PRIMARY KEY)');
  PREPARE st FROM @s; EXECUTE st; DEALLOCATE PREPARE st;
END$$
DELIMITER ;
CALL make_tbl(1);
DROP PROCEDURE make_tbl;
"""
#: The text CONCAT builds from a variable's value (what the CALL passes is not
#: a constant): not read, the CALL noted.
UNREAD = BUILT.replace("CALL make_tbl(1);", "CALL make_tbl(@n);")
USES_PARAMETER = """DELIMITER $$
CREATE PROCEDURE make_tbl(IN n INT)
BEGIN
  CREATE TABLE job_runs (id INT PRIMARY KEY, size INT DEFAULT 0);
  ALTER TABLE job_runs ALTER COLUMN size SET DEFAULT n;
END$$
DELIMITER ;
CALL make_tbl(1);
"""
PLPGSQL = """CREATE PROCEDURE make_tbl(n int) LANGUAGE plpgsql AS $$
BEGIN
  CREATE TABLE "JobRun" (id int PRIMARY KEY);
END $$;
CALL make_tbl(1);
DROP PROCEDURE make_tbl(int);
"""
DATA_ONLY = """CREATE PROCEDURE touch(n int) LANGUAGE plpgsql AS $$
BEGIN
  UPDATE users SET id = id WHERE id = n;
END $$;
CALL touch(1);
"""


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--no-cache", *args] if args[0] != "check" else list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def _inspect(tmp_path: Path, sql: str, dialect: str) -> str:
    (tmp_path / "x.sql").write_text(sql, encoding="utf-8")
    result = CliRunner().invoke(cli, ["inspect", "--dialect", dialect, str(tmp_path / "x.sql")])
    assert result.exit_code == 0, result.output
    return result.output


def _maria_tables(maria: MysqlServer, sql: str, tmp_path: Path) -> list[str]:
    script = tmp_path / "run.sql"
    script.write_text(sql, encoding="utf-8")
    with maria.fresh_database("procgate_call") as db:
        maria.run(file=script, database=db)
        return maria.run(
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
            "ORDER BY TABLE_NAME",
            database=db,
        ).split()


def test_a_static_body_with_parameters_is_read_at_the_call(
    tmp_path: Path, maria: MysqlServer
) -> None:
    """Before: only ``DBN012``; MariaDB creates ``JobRun``, so does the model."""
    assert _maria_tables(maria, STATIC, tmp_path) == ["JobRun"]
    out = _inspect(tmp_path, STATIC, "mariadb")
    assert "x.sql:4:16: table JobRun" in out, out
    assert "DBN012" not in out


def test_a_body_depending_on_its_parameters_keeps_the_note(
    tmp_path: Path, maria: MysqlServer
) -> None:
    # MariaDB creates JobRun1, which CONCAT builds from the CALL's constant:
    # read there (tests/test_mysql_built_procedure_ddl.py) ...
    assert _maria_tables(maria, BUILT, tmp_path) == ["JobRun1"]
    out = _inspect(tmp_path, BUILT, "mariadb")
    assert "x.sql:8:1: table JobRun1" in out, out
    assert "DBN012" not in out
    # ... but not from a variable's value
    from_variable = BUILT.replace("CALL make_tbl(1);", "SET @n = 1; CALL make_tbl(@n);")
    assert _maria_tables(maria, from_variable, tmp_path) == ["JobRun1"]
    out = _inspect(tmp_path, from_variable, "mariadb")
    assert (
        "x.sql:8:13: DBN012 info: CALL make_tbl: what the procedure does to the schema is "
        "not read; its body holds DDL (CREATE TABLE)"
    ) in out, out
    out = _inspect(tmp_path, USES_PARAMETER, "mariadb")
    assert "its body holds DDL (CREATE TABLE)" in out, out
    assert "table job_runs" not in out


def test_a_plpgsql_procedure_holding_ddl_is_noted_so(tmp_path: Path, pg: PgServer) -> None:
    with pg.fresh_database("procgate_call") as db:
        pg.run(sql="CREATE TABLE users (id int)", dbname=db)
        script = tmp_path / "run.sql"
        script.write_text(PLPGSQL + DATA_ONLY, encoding="utf-8")
        pg.run(files=[script], dbname=db)
        rows = pg.query_json(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
            "ORDER BY table_name",
            dbname=db,
        )
    assert [r["table_name"] for r in rows] == ["JobRun", "users"]
    out = _inspect(tmp_path, PLPGSQL + DATA_ONLY, "postgres")
    # literal DDL naming no parameter: read at the CALL, as MySQL's plain body is
    assert "x.sql:3:16: table JobRun" in out, out
    assert "CALL make_tbl" not in out, out
    # DDL built from a parameter: noted, not read
    built = PLPGSQL.replace(
        'CREATE TABLE "JobRun" (id int PRIMARY KEY);',
        "EXECUTE format('CREATE TABLE %I (id int PRIMARY KEY)', 'JobRun' || n);",
    )
    with pg.fresh_database("procgate_call") as db:
        pg.run(sql=built, dbname=db)
        assert pg.public_tables(db) == ["JobRun1"]
    out = _inspect(tmp_path, built + DATA_ONLY, "postgres")
    assert (
        "x.sql:5:1: DBN012 info: CALL make_tbl: what the procedure does to the schema is not "
        "read; its body holds DDL (CREATE TABLE)"
    ) in out, out
    assert "table JobRun" not in out
    # a body without DDL keeps the plain note
    assert (
        "x.sql:11:1: DBN012 info: CALL touch: what the procedure does to the schema is not "
        "read; objects it creates"
    ) in out, out


# -- the gate (real git) -----------------------------------------------------


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = git_workdir(tmp_path / "project", monkeypatch)
    adopted_repo(
        root,
        {"db/migration/V1__init.sql": "CREATE TABLE users (id int PRIMARY KEY);\n"},
        "paths: [db]\ndialect: mysql\n",
    )
    return root


def _gate(*args: str) -> tuple[int, list[tuple[str, str, str, int]], str]:
    result = CliRunner().invoke(cli, ["check", "--no-cache", *args, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout)
    found = [(d["code"], d["severity"], d["path"], d["line"]) for d in report["diagnostics"]]
    return result.exit_code, found, result.output


NEW = "db/migration/V2__proc.sql"


def test_the_trial_procedure_is_read_and_its_table_checked(project: Path) -> None:
    (project / NEW).write_text(STATIC)
    git(project, "add", "-A")
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--base", "HEAD"])
    assert result.exit_code == 1, result.output
    assert f'{NEW}:4:16: DBN101 table "JobRun"' in result.output


def test_a_new_call_of_unread_ddl_fails_the_gate_unless_accepted(project: Path) -> None:
    (project / NEW).write_text(UNREAD)
    code, found, out = _gate("--base", "HEAD")
    assert (code, found) == (1, [("DBN012", "error", NEW, 8)]), out
    text = CliRunner().invoke(cli, ["check", "--no-cache", "--base", "HEAD"]).output
    assert "new since HEAD, so the gate refuses it" in text
    assert "ignore[DBN012] <reason>" in text
    assert text.splitlines()[-1] == "Found 1 problem: 1 call of a routine running DDL added."
    git(project, "add", "-A")
    code, found, out = _gate("--pre-commit", NEW)
    assert (code, found) == (1, [("DBN012", "error", NEW, 8)]), out
    # a full check keeps the note, and passes
    code, found, out = _gate()
    assert (code, found) == (0, []), out
    # accepted inline, with a reason
    (project / NEW).write_text(
        UNREAD.replace(
            "CALL make_tbl(@n);",
            "-- dbnamelint: ignore[DBN012] JobRun1 checked by hand\nCALL make_tbl(@n);",
        )
    )
    code, found, out = _gate("--base", "HEAD")
    assert (code, found) == (0, []), out
    # committed, the call is the base's: not this change's doing, and a full
    # check keeps its note
    (project / NEW).write_text(UNREAD)
    git(project, "add", "-A")
    git(project, "commit", "-qm", "proc")
    code, found, out = _gate("--base", "HEAD", "--verbose")
    assert (code, found) == (0, []), out
    code, found, out = _gate("--verbose")
    assert (code, found) == (0, [("DBN012", "info", NEW, 8)]), out
    # lines added above the procedure do not make its CALL new (editing an
    # applied migration is DBN025's business)
    (project / NEW).write_text("-- job runs\n" + UNREAD)
    code, found, out = _gate("--base", "HEAD")
    assert "DBN012" not in [f[0] for f in found], out


def test_ignoring_dbn012_in_the_config_of_the_change_is_a_relaxation(project: Path) -> None:
    (project / NEW).write_text(UNREAD)
    (project / "dbnamelint.yaml").write_text("paths: [db]\ndialect: mysql\nignore: [DBN012]\n")
    code, found, out = _gate("--base", "HEAD")
    assert (code, [f[0] for f in found]) == (1, ["DBN909"]), out


def test_through_the_real_pre_commit(
    hook_repo: tuple[Env, Path, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    """The trial's commit: refused by the real hook, and accepted once the
    CALL carries ``-- dbnamelint: ignore[DBN012] <reason>``."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    env, snapshot, rev = hook_repo
    root = tmp_path / "conductor"
    (root / "db/migration").mkdir(parents=True)
    (root / "dbnamelint.yaml").write_text("paths: [db]\ndialect: mysql\n")
    (root / "whitelist.yaml").write_text("entries: []\n")
    (root / "db/migration/V1__init.sql").write_text("CREATE TABLE users (id INT PRIMARY KEY);\n")
    (root / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {snapshot}\n    rev: {rev}\n    hooks:\n      - id: dbnamelint\n"
    )
    env.git(root, "init", "-q")
    env.git(root, "add", "-A")
    env.git(root, "commit", "-qm", "base")
    assert env.pre_commit(root, "install").returncode == 0
    (root / NEW).write_text(UNREAD)
    env.git(root, "add", "-A")
    done = env.git(root, "commit", "-m", "proc", check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert f"{NEW}:8:1: DBN012 error: CALL make_tbl" in output
    (root / NEW).write_text(
        UNREAD.replace(
            "CALL make_tbl(@n);", "-- dbnamelint: ignore[DBN012] reviewed\nCALL make_tbl(@n);"
        )
    )
    env.git(root, "add", "-A")
    done = env.git(root, "commit", "-m", "proc", check=False)
    assert done.returncode == 0, done.stdout + done.stderr
