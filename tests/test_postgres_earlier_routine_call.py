"""PostgreSQL: a routine an earlier file created, run by a later file (session 34).

A migration creates ``mk()`` (its body ``CREATE TABLE "BadName" ...``, or
``EXECUTE format('CREATE TABLE %I (id int)', t)`` of a parameter ``t``);
a later one runs it: ``SELECT mk();``, ``CALL p('x');``, ``DO $$ BEGIN
PERFORM mk('x'); END $$;``. A routine stays in the database until dropped
(PostgreSQL manual, "CREATE FUNCTION"), so the later file creates the
table. Each file was read on its own: the run kept a DBN012 note, the
model lacked the table and a bad name passed the gate whenever the run was
allowed. Now it is read as a run of the same file is
(:mod:`dbnamelint.runner.cross_calls`), and a call's constant arguments
give the body's parameters their values (:mod:`.parsing.bound_args`), in
the same file too. A run the reading cannot follow (an argument evaluated
when it runs, a parameter the body assigns) keeps its note.

Oracle: PostgreSQL 15 running the files in order (``drift --db`` compares
every object; the catalog's tables beside the model's).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import adopted_repo, git, git_workdir
from pg_server import PgServer

DEFINE = """\
CREATE TABLE users (id int PRIMARY KEY);
CREATE SCHEMA app;
CREATE FUNCTION mk() RETURNS void LANGUAGE plpgsql AS $$
BEGIN CREATE TABLE "BadName" (id int); END $$;
CREATE PROCEDURE mkp(t text) LANGUAGE plpgsql AS $$
BEGIN EXECUTE 'CREATE TABLE ' || t || ' (id int)'; END $$;
CREATE FUNCTION mkt(t text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN EXECUTE format('CREATE TABLE %I (id int, %I int)', t, t || '_col'); END $$;
CREATE FUNCTION mkf(t text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN EXECUTE format('CREATE TABLE %I (id int)', t); END $$;
CREATE FUNCTION mkv(t varchar(3), n int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE 'CREATE TABLE ' || quote_ident(t) || ' (id int)';
  EXECUTE 'CREATE TABLE t_' || n || ' (id int)';
END $$;
CREATE FUNCTION here() RETURNS void LANGUAGE plpgsql AS $$
BEGIN CREATE TABLE in_path (id int); END $$;
CREATE FUNCTION mkr(t text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN t := t || '_more'; EXECUTE format('CREATE TABLE %I (id int)', t); END $$;
CREATE FUNCTION own_path() RETURNS void LANGUAGE plpgsql SET search_path = app AS $$
BEGIN CREATE TABLE "OwnPath" (id int); END $$;
CREATE FUNCTION mko() RETURNS void LANGUAGE plpgsql AS $$
BEGIN CREATE TABLE "NoArg" (id int); END $$;
CREATE FUNCTION mko(t text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN CREATE TABLE "OneArg" (id int); END $$;
"""

#: A later file running them with constants: every table PostgreSQL makes is read.
RUN = """\
SELECT mk();
CALL mkp('ProcTable');
DO $$ BEGIN PERFORM mkf('FromDo'); END $$;
SELECT * FROM mkv('LongName', 007);
ALTER TABLE proctable RENAME COLUMN id TO proc_id;
SET search_path TO app, public;
SELECT here();
RESET search_path;
ALTER TABLE "FromDo" ADD COLUMN later int;
"""

#: The same file: a function with a parameter, run with a constant; one
#: run where the file's search_path puts what the body creates.
SAME = """\
CREATE FUNCTION mks(t text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN EXECUTE format('CREATE TABLE %I (id int)', t); END $$;
SELECT mks('SameFile');
CREATE FUNCTION here_too() RETURNS void LANGUAGE plpgsql AS $$
BEGIN CREATE TABLE in_path_too (id int); END $$;
SET search_path TO app, public;
SELECT here_too();
RESET search_path;
"""

#: Runs the reading cannot follow: PostgreSQL makes the table, the model
#: does not, and each keeps its DBN012 note (line -> the table made).
NOT_READ = {
    1: "FromVar",
    2: "lowered",
    3: "kept_more",
    5: "Twice",
    6: "OwnPath",
    7: "NoArg",  # the overload of no parameters: not the one the key keeps
}
UNREAD = """\
DO $$ DECLARE v text := 'FromVar'; BEGIN PERFORM mkf(v); END $$;
SELECT mkf(lower('Lowered'));
SELECT mkr('kept');
INSERT INTO users VALUES (1);
SELECT mkf('Twice') FROM users;
SELECT own_path();
SELECT mko();
SELECT mko('x');
"""

_TABLES = """
SELECT n.nspname AS s, c.relname AS t FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname IN ('public', 'app')
WHERE c.relkind = 'r'
"""


def _project(root: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str]) -> list[Path]:
    (root / "m").mkdir(parents=True)
    paths = []
    for name, text in files.items():
        (root / "m" / name).write_text(text, encoding="utf-8")
        paths.append(root / "m" / name)
    (root / "dbnamelint.yaml").write_text("dialect: postgres\npaths: [m]\n", encoding="utf-8")
    monkeypatch.chdir(root)
    return paths


def _model() -> tuple[set[tuple[str, str]], list[dict[str, object]]]:
    result = CliRunner().invoke(cli, ["inspect", "--no-cache", "--format", "json"])
    data = json.loads(result.stdout)
    tables = {
        (str(o["schema"] or "public"), str(o["stored_name"]))
        for o in data["objects"]
        if o["kind"] == "table"
    }
    return tables, data["diagnostics"]


def test_runs_of_an_earlier_files_routines_make_what_postgresql_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    """Before: DBN012 notes at 002's runs and 003's ``SELECT mks(...)``, and
    drift found BadName, proctable, FromDo, LongName, t_7, app.in_path and
    SameFile only in the database, and in_path_too in public, not in app
    (a run of the same file read, its events not given the file's
    search_path)."""
    files = {"001_define.sql": DEFINE, "002_run.sql": RUN, "003_same.sql": SAME}
    paths = _project(tmp_path / "app", monkeypatch, files)
    with pg.fresh_database("s34_pgcall_runs") as db:
        pg.run(files=paths, dbname=db)
        catalog = {(r["s"], r["t"]) for r in pg.query_json(_TABLES, dbname=db)}
        drift = CliRunner().invoke(cli, ["drift", "--no-cache", "--db", pg.url(db)])
    assert drift.exit_code == 0, drift.output
    assert "No drift" in drift.output
    # what PostgreSQL made: typmods of parameters are ignored ("LongName" in
    # a varchar(3)), %I quotes, || does not (ProcTable folds), 007 is 7
    assert {
        ("public", "BadName"),
        ("public", "proctable"),
        ("public", "FromDo"),
        ("public", "LongName"),
        ("public", "t_7"),
        ("app", "in_path"),
        ("public", "SameFile"),
        ("app", "in_path_too"),
    } <= catalog
    tables, diagnostics = _model()
    assert tables == catalog, tables ^ catalog
    assert not [d for d in diagnostics if d["code"] in ("DBN012", "DBN013")], diagnostics
    # a name a constant argument spells is located at it (its first
    # character; quote_ident's and %I's quotes too)
    inspected = json.loads(CliRunner().invoke(cli, ["inspect", "--format", "json"]).stdout)
    at = {
        str(o["stored_name"]): (Path(str(o["path"])).name, o["line"], o["column"])
        for o in inspected["objects"]
        if o["kind"] == "table"
    }
    assert at["proctable"] == ("002_run.sql", 2, 11)
    assert at["FromDo"] == ("002_run.sql", 3, 26)
    assert at["LongName"] == ("002_run.sql", 4, 20)
    assert at["SameFile"] == ("003_same.sql", 3, 13)
    assert at["BadName"] == ("001_define.sql", 4, 20)  # the body's own DDL
    # the cache gives the same model
    cached = CliRunner().invoke(cli, ["inspect", "--format", "json"]).stdout
    assert CliRunner().invoke(cli, ["inspect", "--format", "json"]).stdout == cached
    assert {
        (str(o["schema"] or "public"), str(o["stored_name"]))
        for o in json.loads(cached)["objects"]
        if o["kind"] == "table"
    } == catalog


def test_runs_not_followed_keep_their_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    """An argument evaluated when the statement runs, a parameter the body
    assigns, a run once a row: PostgreSQL makes a table the model lacks,
    and the statement says so (DBN012), none passed over silently."""
    files = {"001_define.sql": DEFINE, "002_unread.sql": UNREAD}
    paths = _project(tmp_path / "app", monkeypatch, files)
    with pg.fresh_database("s34_pgcall_unread") as db:
        pg.run(files=paths, dbname=db)
        catalog = {(r["s"], r["t"]) for r in pg.query_json(_TABLES, dbname=db)}
    tables, diagnostics = _model()
    made = {("app" if t == "OwnPath" else "public", t) for t in NOT_READ.values()}
    assert catalog - tables == made, catalog ^ tables
    assert tables <= catalog
    assert ("public", "OneArg") in tables  # the overload of one parameter: read
    noted = {
        int(d["line"])
        for d in diagnostics
        if d["code"] == "DBN012" and str(d["path"]).endswith("002_unread.sql")
    }
    assert noted == set(NOT_READ), diagnostics


def test_the_gate_judges_a_new_run_of_a_committed_routine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new migration running a committed function with a constant: the
    name it makes is checked (before: DBN012 whatever the name, so a good
    name was refused and a bad one only noted as unread); an argument not
    constant stays refused as DDL not read."""
    root = git_workdir(tmp_path / "project", monkeypatch)
    adopted_repo(root, {"m/1_init.up.sql": DEFINE}, "paths: [m]\ndialect: postgres\n")
    new = root / "m" / "2_logs.up.sql"
    cases = {
        "SELECT mkf('AuditLogs');\n": (
            1,
            ["DBN101"],
            'm/2_logs.up.sql:1:13: DBN101 table "AuditLogs"',
        ),
        "CALL mkp('audit_log');\n": (
            1,
            ["DBN105"],
            'm/2_logs.up.sql:1:11: DBN105 table "audit_log"',
        ),
        "DO $$ BEGIN PERFORM mkf('audit_logs'); END $$;\n": (0, [], ""),
        # a body's own DDL: located in the body
        "SELECT mk();\n": (1, ["DBN101", "DBN105"], 'm/1_init.up.sql:4:20: DBN101 table "BadName"'),
        "SELECT mkf(lower('audit_logs'));\n": (1, ["DBN012"], "m/2_logs.up.sql:1:1: DBN012"),
    }
    for text, (code, found, where) in cases.items():
        new.write_text(text)
        git(root, "add", "-A")
        result = CliRunner().invoke(cli, ["check", "--no-cache", "--base", "HEAD"])
        assert result.exit_code == code, (text, result.output)
        report = json.loads(
            CliRunner()
            .invoke(cli, ["check", "--no-cache", "--base", "HEAD", "--format", "json"])
            .stdout
        )
        failing = [f for f in report["findings"] if f["fails_run"]]
        errors = [d for d in report["diagnostics"] if d["severity"] == "error"]
        assert sorted({str(f["code"]) for f in failing + errors}) == found, (text, result.output)
        # a name the call's argument spells is located there
        assert where in result.output, (text, result.output)
        # the hook's way says the same
        hook = CliRunner().invoke(cli, ["check", "--no-cache", "--pre-commit", str(new)])
        assert hook.exit_code == code, (text, hook.output)
        assert where in hook.output, (text, hook.output)
