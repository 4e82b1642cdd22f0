"""DBN012 across files: a routine an earlier migration defines, run by a later one.

Migration 001 (committed) defines ``mk()``, whose body creates ``"BadName"``,
and never runs it; a new migration 002 is just ``SELECT mk();``. Each file
used to be read on its own, so 002 got no note and passed the hook and
``check --base``, yet PostgreSQL then creates ``"BadName"``. Now what each
file defines, replaces, drops and renames is followed into the files after
it (per catalog, in replay order), through the per-file cache too.

Oracles: PostgreSQL and MariaDB running the files in order (the statements
noted are exactly those that create a table), real git, the real pre-commit.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import git
from mysql_server import MysqlServer
from pg_server import PgServer, SqlFailed
from test_gate_function_ddl import FUNCTION, TRIGGER_FUNCTION, _gate, project  # noqa: F401
from test_precommit import Env, hook_repo  # noqa: F401 - the module's hook fixture


def _fn(name: str, body: str, returns: str = "void", how: str = "plpgsql") -> str:
    return f"CREATE FUNCTION {name}() RETURNS {returns} LANGUAGE {how} AS $$ BEGIN {body} END $$;"


def _table(name: str, exists: str = "") -> str:
    return f'CREATE TABLE {exists}"{name}" (id int);'


def _tolerant(call: str) -> str:
    """Runs ``call`` where PostgreSQL may not find it (dropped, renamed away)."""
    return f"DO $$ BEGIN PERFORM {call}; EXCEPTION WHEN undefined_function THEN NULL; END $$;"


#: Three migrations; a line ending in ``-- runs`` or ``-- reads`` is one
#: PostgreSQL runs a CREATE TABLE from (a routine of an earlier file); one
#: ending in ``-- reads`` runs nothing but that routine's literal DDL, which
#: is read there since session 34 (runner/cross_calls.py): no note, the
#: table in the model.
FILES = {
    "001_define.sql": [
        "CREATE TABLE users (id int);",
        "CREATE SCHEMA other;",
        _fn("mk", _table("FromMk")),
        _fn("gone", _table("Gone")),
        _fn("gone_bare", _table("GoneBare")),
        _fn("old_name", _table("Renamed")),
        _fn("moved", _table("Moved")),
        _fn("replaced", _table("Replaced")),
        _fn("deep", _table("ThroughOuter")),
        _fn("on_ins", _table("FromTrigger", "IF NOT EXISTS ") + " RETURN NEW;", "trigger"),
        "CREATE TRIGGER users_ins AFTER INSERT ON users FOR EACH ROW EXECUTE FUNCTION on_ins();",
        'CREATE PROCEDURE mkp() LANGUAGE plpgsql AS $$ BEGIN CREATE TABLE "FromProc" (id int);'
        " END $$;",
    ],
    "002_change.sql": [
        "SELECT mk(); -- reads",
        "DROP FUNCTION gone();",
        "DROP FUNCTION gone_bare;",
        "ALTER FUNCTION old_name() RENAME TO new_name;",
        "ALTER FUNCTION moved() SET SCHEMA other;",
        "CREATE OR REPLACE FUNCTION replaced() RETURNS void LANGUAGE plpgsql AS $$ BEGIN "
        "NULL; END $$;",
        "ALTER TABLE users RENAME TO members;",
    ],
    "003_run.sql": [
        _tolerant("gone()"),
        _tolerant("gone_bare()"),
        _tolerant("old_name()"),
        "SELECT new_name(); -- reads",
        "SELECT other.moved(); -- reads",
        "SELECT replaced();",
        _fn("outer_fn", "PERFORM deep();"),
        "SELECT outer_fn(); -- runs",
        "INSERT INTO members VALUES (1); -- runs",
        "CALL mkp(); -- reads",
    ],
}
#: What PostgreSQL creates running them.
CREATED = ["FromMk", "FromProc", "FromTrigger", "Moved", "Renamed", "ThroughOuter", "members"]
#: What the model holds of them: all but what a note says is not read.
READ = ["FromMk", "FromProc", "Moved", "Renamed", "members"]


def _expected(files: dict[str, list[str]]) -> set[tuple[str, int]]:
    return {
        (name, i)
        for name, lines in files.items()
        for i, line in enumerate(lines, 1)
        if line.endswith("-- runs")
    }


def _write(folder: Path, files: dict[str, list[str]]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, lines in files.items():
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        out.append(folder / name)
    return out


def _notes(folder: Path, dialect: str, *flags: str) -> dict[tuple[str, int], str]:
    result = CliRunner().invoke(cli, ["inspect", *flags, "--dialect", dialect, str(folder)])
    assert result.exit_code == 0, result.output
    found = (
        re.search(r"(\d+_\w+\.sql):(\d+):\d+: DBN012 .*", line)
        for line in result.output.splitlines()
    )
    return {(m.group(1), int(m.group(2))): m.group(0) for m in found if m is not None}


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("DBNAMELINT_CACHE_DIR", str(folder))
    monkeypatch.delenv("DBNAMELINT_NO_CACHE", raising=False)
    return folder


def test_what_postgresql_runs_across_files_is_what_is_noted(
    tmp_path: Path, pg: PgServer, cache_dir: Path
) -> None:
    scripts = _write(tmp_path / "m", FILES)
    with pg.fresh_database("fnxfile_runs") as db:
        pg.run(files=scripts, dbname=db)
        rows = pg.query_json(
            "SELECT table_name FROM information_schema.tables WHERE table_schema IN "
            "('public', 'other') AND table_type = 'BASE TABLE' ORDER BY table_name",
            dbname=db,
        )
    assert [r["table_name"] for r in rows] == CREATED
    expected = _expected(FILES)
    fresh = _notes(tmp_path / "m", "postgres")
    assert set(fresh) == expected, fresh
    assert "(CREATE TABLE, run through deep())" in fresh[("003_run.sql", 8)]
    assert "INSERT on members fires trigger users_ins" in fresh[("003_run.sql", 9)]
    inspected = CliRunner().invoke(
        cli, ["inspect", "--format", "json", "--dialect", "postgres", str(tmp_path / "m")]
    )
    tables = [o["name"] for o in json.loads(inspected.stdout)["objects"] if o["kind"] == "table"]
    assert sorted(tables) == READ
    assert any(cache_dir.rglob("files.sqlite")), "the first run wrote the cache"
    assert _notes(tmp_path / "m", "postgres") == fresh  # every file from the cache
    assert _notes(tmp_path / "m", "postgres", "--no-cache") == fresh
    # one edited file read again, the others from the cache
    edited = {**FILES, "001_define.sql": [*FILES["001_define.sql"], "SELECT 1;"]}
    _write(tmp_path / "m", edited)
    assert _notes(tmp_path / "m", "postgres") == fresh


def test_a_stable_function_of_an_earlier_file_is_not_noted(tmp_path: Path, pg: PgServer) -> None:
    files = {
        "001_a.sql": [_fn("st", _table("Stable"), how="plpgsql STABLE")],
        "002_b.sql": ["SELECT st();"],
    }
    first, second = _write(tmp_path / "m", files)
    with pg.fresh_database("fnxfile_stable") as db:
        pg.run(files=[first], dbname=db)
        with pytest.raises(SqlFailed, match="CREATE TABLE is not allowed in a non-volatile"):
            pg.run(files=[second], dbname=db)
    assert _notes(tmp_path / "m", "postgres") == {}


MARIA = {
    "001_define.sql": [
        "DELIMITER $$",
        "CREATE PROCEDURE mkp(IN n INT) BEGIN",
        "  SET @s = CONCAT('CREATE TABLE FromProc', n, ' (id INT)'); PREPARE st FROM @s;"
        " EXECUTE st;",
        "END$$",
        "CREATE PROCEDURE plainp() BEGIN CREATE TABLE FromPlain (id INT); END$$",
        "CREATE PROCEDURE outer_p() BEGIN CALL mkp(2); END$$",
        "CREATE PROCEDURE harmless() BEGIN SELECT 1; END$$",
        "DELIMITER ;",
    ],
    "002_call.sql": [
        "CALL mkp(1); -- runs",
        "CALL plainp(); -- runs",
        "CALL outer_p(); -- runs",
        "CALL harmless();",
    ],
}


def test_a_mariadb_procedure_of_an_earlier_file_is_noted(
    tmp_path: Path, maria: MysqlServer
) -> None:
    scripts = _write(tmp_path / "m", MARIA)
    with maria.fresh_database("fnxfile_call") as db:
        for script in scripts:
            maria.run(file=script, database=db)
        tables = maria.run(
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
            "ORDER BY TABLE_NAME",
            database=db,
        ).split()
    assert tables == ["FromPlain", "FromProc1", "FromProc2"]
    notes = _notes(tmp_path / "m", "mariadb", "--no-cache")
    ddl = {k: v for k, v in notes.items() if "its body holds DDL" in v}
    # A CALL of constants of a procedure an earlier file defines is read (this
    # round's runner/cross_calls.py): FromProc1 and FromPlain are in the model,
    # as MariaDB made them, with no note; the CALL of a procedure that calls
    # another is still said.
    assert set(ddl) == _expected(MARIA) - {("002_call.sql", 1), ("002_call.sql", 2)}, notes
    assert "(CREATE TABLE, run through mkp())" in ddl[("002_call.sql", 3)]
    # the harmless one keeps the plain note, which the gate lets through
    assert "its body holds DDL" not in notes[("002_call.sql", 4)]
    inspected = CliRunner().invoke(
        cli,
        ["inspect", "--no-cache", "--format", "json", "--dialect", "mariadb", str(tmp_path / "m")],
    )
    made = sorted(
        o["name"] for o in json.loads(inspected.stdout)["objects"] if o["kind"] == "table"
    )
    assert made == [t for t in tables if t != "FromProc2"]


# -- the gate (real git) -----------------------------------------------------

DEFINED = "m/2_fn.up.sql"
NEW = "m/3_run.up.sql"
#: Its text is a variable's (a body of literal DDL is read at the CALL:
#: tests/test_postgres_earlier_routine_call.py).
PROCEDURE = (
    "CREATE PROCEDURE mkp() LANGUAGE plpgsql AS $$ DECLARE t text := 'BadName'; "
    "BEGIN EXECUTE format('CREATE TABLE %I (id int)', t); END $$;\n"
)
TRIGGER = (
    TRIGGER_FUNCTION + "CREATE TRIGGER users_ins AFTER INSERT ON users FOR EACH ROW "
    "EXECUTE FUNCTION mk();\n"
)


def _commit(root: Path, defined: str) -> None:
    (root / DEFINED).write_text(defined)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "define")


@pytest.mark.parametrize(
    ("defined", "runs", "line"),
    [
        pytest.param(FUNCTION, "SELECT mk();\n", 1, id="select"),
        pytest.param(FUNCTION, "DO $$ BEGIN PERFORM mk(); END $$;\n", 1, id="do-perform"),
        pytest.param(
            FUNCTION,
            "ALTER FUNCTION mk() RENAME TO mk2;\nSELECT mk2();\n",
            2,
            id="renamed",
        ),
        pytest.param(
            FUNCTION,
            "CREATE FUNCTION outer_fn() RETURNS void LANGUAGE plpgsql AS $$ BEGIN "
            "PERFORM mk(); END $$;\nSELECT outer_fn();\n",
            2,
            id="through-a-function",
        ),
        pytest.param(TRIGGER, "INSERT INTO users VALUES (1);\n", 1, id="trigger-fired"),
        pytest.param(PROCEDURE, "CALL mkp();\n", 1, id="call"),
    ],
)
def test_a_new_run_of_an_earlier_files_routine_fails_the_gate(
    project: Path,  # noqa: F811
    defined: str,
    runs: str,
    line: int,
) -> None:
    _commit(project, defined)
    (project / NEW).write_text(runs)
    git(project, "add", "-A")
    code, found, out = _gate("--base", "HEAD")
    assert (code, found) == (1, [("DBN012", "error", NEW, line)]), out
    code, found, out = _gate("--pre-commit", NEW)
    assert (code, found) == (1, [("DBN012", "error", NEW, line)]), out


@pytest.mark.parametrize(
    ("defined", "runs"),
    [
        pytest.param(
            FUNCTION,
            "CREATE OR REPLACE FUNCTION mk() RETURNS void LANGUAGE plpgsql AS $$ BEGIN "
            "NULL; END $$;\nSELECT mk();\n",
            id="replaced",
        ),
        pytest.param(FUNCTION, "DROP FUNCTION mk();\nSELECT mk();\n", id="dropped"),
        pytest.param(FUNCTION, "DROP FUNCTION IF EXISTS mk;\nSELECT mk();\n", id="dropped-bare"),
        pytest.param(PROCEDURE, "DROP PROCEDURE mkp;\nCALL mkp();\n", id="procedure-dropped"),
        pytest.param(FUNCTION, "ALTER FUNCTION mk() RENAME TO mk2;\nSELECT mk();\n", id="renamed"),
        pytest.param(
            TRIGGER, "DROP TRIGGER users_ins ON users;\nINSERT INTO users VALUES (1);\n", id="trg"
        ),
        pytest.param(
            _fn("st", _table("BadName"), how="plpgsql STABLE") + "\n", "SELECT st();\n", id="stable"
        ),
        pytest.param(FUNCTION, "CREATE VIEW v AS SELECT mk() AS x;\n", id="view-definition"),
    ],
)
def test_what_runs_no_ddl_of_an_earlier_file_passes(
    project: Path,  # noqa: F811
    defined: str,
    runs: str,
) -> None:
    _commit(project, defined)
    (project / NEW).write_text(runs)
    git(project, "add", "-A")
    code, found, out = _gate("--base", "HEAD")
    assert (code, found) == (0, []), out


def test_the_gate_from_the_cache_says_the_same(
    project: Path,  # noqa: F811
    cache_dir: Path,
) -> None:
    _commit(project, FUNCTION)
    (project / NEW).write_text("SELECT mk();\n")
    git(project, "add", "-A")
    runs = []
    for _ in range(2):
        result = CliRunner().invoke(cli, ["check", "--base", "HEAD", "--format", "json"])
        report = json.loads(result.stdout)
        runs.append((result.exit_code, report["diagnostics"]))
    assert any(cache_dir.rglob("files.sqlite"))
    assert runs[0] == runs[1]
    assert runs[0][0] == 1
    assert [(d["code"], d["path"], d["line"]) for d in runs[0][1]] == [("DBN012", NEW, 1)]


def test_through_the_real_pre_commit(
    hook_repo: tuple[Env, Path, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    """Migration 001 committed with the function; the commit adding ``SELECT
    mk();`` alone is refused by the real hook."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    env, snapshot, rev = hook_repo
    root = tmp_path / "ente"
    (root / "m").mkdir(parents=True)
    (root / "dbnamelint.yaml").write_text("paths: [m]\ndialect: postgres\n")
    (root / "whitelist.yaml").write_text("entries: []\n")
    (root / "m/1_init.up.sql").write_text("CREATE TABLE users (id int PRIMARY KEY);\n")
    (root / DEFINED).write_text(FUNCTION)
    (root / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {snapshot}\n    rev: {rev}\n    hooks:\n      - id: dbnamelint\n"
    )
    env.git(root, "init", "-q")
    env.git(root, "add", "-A")
    env.git(root, "commit", "-qm", "base")
    assert env.pre_commit(root, "install").returncode == 0
    (root / NEW).write_text("SELECT mk();\n")
    env.git(root, "add", "-A")
    done = env.git(root, "commit", "-m", "run", check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert f"{NEW}:1:1: DBN012 error: SELECT runs mk()" in output


@pytest.mark.parametrize(
    "code",
    [
        'SELECT mk(), public.Other (1), "Quoted" ( 2 ), `tick`(3)',
        "INSERT INTO t (a, b) VALUES (lower('x'), now())",
        'SELECT 1abc(2), $x(3), a$b(4), é_f(5), x"y"(6), "a(b"(7)',
        "f(g(h()))",
        "((()))",
        "",
    ],
)
def test_calls_are_found_as_the_forward_pattern_finds_them(code: str) -> None:
    """The backward scan (fast) finds what :data:`_CALL` finds, in order."""
    from dbnamelint.frontends.sql.parsing import routines

    forward: dict[str, str] = {}
    for found in routines._CALL.finditer(code):
        forward.setdefault(found.group(1).strip('`"').lower(), found.group(1))
    assert list(routines._called(code).items()) == list(forward.items())


def test_a_file_the_gate_reads_alone_keeps_its_own_routine_notes(tmp_path: Path) -> None:
    """The unchecked-DDL gate reads one file on its own: a statement running
    a function of that file whose body holds DDL still counts as DDL."""
    from dbnamelint.model import SourceFile
    from dbnamelint.services.gate import unread_ddl
    from dbnamelint.services.unchecked_ddl import ddl_statements

    path = tmp_path / "x.sql"
    text = "SELECT 1;\n" + FUNCTION + "SELECT mk();\n"
    path.write_text(text)
    found, _ = ddl_statements(SourceFile(str(path), "postgres", None), text.encode(), unread_ddl)
    assert [s.location.line for s in found] == [2, 3]
