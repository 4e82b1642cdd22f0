"""DDL a migration runs through a PostgreSQL *function* (ente trial, s20).

``CREATE FUNCTION mk() ... AS $$ BEGIN CREATE TABLE "BadName" (id int); END $$;``
then ``SELECT mk();`` passed ``check --base`` and the hook: the ``DBN012``
gate knew only ``CALL``. Now any statement running a routine of the file
whose body holds DDL (``SELECT mk()``, ``SELECT * FROM mk()``, ``PERFORM
mk()`` in a ``DO`` block, a function that runs ``mk()``, a trigger with
such a function fired by an ``INSERT``) gets the ``DBN012`` note "its body
holds DDL", which the gate refuses when new, unless ``-- dbnamelint:
ignore[DBN012] <reason>`` accepts it. Not flagged: a function never run,
one run only by a view's definition, one holding only DML, a ``STABLE``
one (PostgreSQL refuses it DDL), a trigger its statement does not fire,
and any MySQL function (MariaDB refuses DDL in one, error 1422).

Oracles: PostgreSQL and MariaDB running the files (which tables exist
after, which statements they refuse), real git and the real pre-commit.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.model import ObjectKind
from dbnamelint.runner.pipeline import schema_from_sql
from git_helpers import adopted_repo, git, git_workdir
from mysql_server import MysqlServer, SqlFailed
from pg_server import PgServer
from test_precommit import Env, hook_repo  # noqa: F401 - the module's hook fixture


def _fn(name: str, body: str, returns: str = "void", how: str = "plpgsql") -> str:
    """One line: ``CREATE FUNCTION name() ... AS $$ BEGIN body END $$;``."""
    return f"CREATE FUNCTION {name}() RETURNS {returns} LANGUAGE {how} AS $$ BEGIN {body} END $$;"


def _table(name: str, exists: str = "") -> str:
    return f'CREATE TABLE {exists}"{name}" (id int);'


#: Each function creates a table named for how it is run; the lines noted
#: are those PostgreSQL runs a CREATE TABLE from.
RUNS = (
    "\n".join(
        [
            "CREATE TABLE users (id int);",
            _fn("by_select", _table("BySelect")),
            "SELECT by_select();",
            _fn("by_from", _table("ByFrom") + " RETURN;", "SETOF int"),
            "SELECT * FROM by_from();",
            _fn("by_where", _table("ByWhere")),
            "SELECT by_where() WHERE 1 = 1;",
            _fn("by_perform", _table("ByPerform")),
            "DO $$ BEGIN PERFORM by_perform(); END $$;",
            _fn("outer_fn", "PERFORM inner_fn();"),  # defined before what it runs
            _fn("inner_fn", _table("ThroughOuter")),
            "SELECT outer_fn();",
            'CREATE FUNCTION sql_body() RETURNS void LANGUAGE sql AS $$ CREATE TABLE "SqlBody" '
            "(id int) $$;",
            "SELECT sql_body();",
            _fn("on_insert", _table("FromTrigger", "IF NOT EXISTS ") + " RETURN NEW;", "trigger"),
            "CREATE TRIGGER users_ins AFTER INSERT ON users FOR EACH ROW EXECUTE FUNCTION "
            "on_insert();",
            _fn("on_update", _table("UpdateOnly", "IF NOT EXISTS ") + " RETURN NEW;", "trigger"),
            "CREATE TRIGGER users_upd AFTER UPDATE ON users FOR EACH ROW EXECUTE FUNCTION "
            "on_update();",
            "INSERT INTO users VALUES (1);",
            _fn("in_view", _table("InView") + " RETURN 1;", "int"),
            "CREATE VIEW v AS SELECT in_view() AS x;",
            _fn("never_run", _table("NeverRun")),
            # its UPDATE fires users_upd: on_update() runs
            _fn("touch", "UPDATE users SET id = id + 1;"),
            "SELECT touch();",
            _fn("prune", "DELETE FROM users WHERE id < 0;"),  # DML only; no DELETE trigger
            "SELECT prune();",
            _fn("by_ctas", _table("ByCtas") + " RETURN 1;", "int"),
            "CREATE TABLE copied AS SELECT by_ctas() AS x;",
            _fn("by_qualified", _table("ByQualified")),
            "SELECT public.by_qualified();",
        ]
    )
    + "\n"
)
NOTED = {7: "by_where()", 12: "outer_fn()"}
NOTED |= {14: "sql_body()", 19: "on_insert()", 24: "touch()", 28: "by_ctas()"}
#: Run by a statement that does nothing else (``SELECT f()``, ``SELECT * FROM
#: f()``, a DO block's one ``PERFORM f()``), a body of literal DDL is read there.
READ = {"BySelect", "ByFrom", "ByPerform", "ByQualified"}
#: PostgreSQL refuses the DDL of a STABLE function (run alone: the line fails).
STABLE = _fn("st", _table("Stable"), how="plpgsql STABLE") + "\nSELECT st();\n"
THROUGH_STABLE = "\n".join(
    [
        _fn("st", "PERFORM mk();", how="plpgsql STABLE"),
        _fn("mk", _table("ViaStable")),
        "SELECT st();\n",
    ]
)


def _notes(tmp_path: Path, sql: str, dialect: str) -> dict[int, str]:
    (tmp_path / "x.sql").write_text(sql, encoding="utf-8")
    result = CliRunner().invoke(cli, ["inspect", "--dialect", dialect, str(tmp_path / "x.sql")])
    assert result.exit_code == 0, result.output
    # "x.sql:LINE:COLUMN: DBN012 ..." from where the path ends (it is printed whole)
    found = (re.search(r"x\.sql:(\d+):\d+: DBN012 .*", line) for line in result.output.splitlines())
    return {int(m.group(1)): m.group(0) for m in found if m is not None}


def test_what_postgresql_runs_is_what_is_noted(tmp_path: Path, pg: PgServer) -> None:
    with pg.fresh_database("fnddl_runs") as db:
        script = tmp_path / "run.sql"
        script.write_text(RUNS, encoding="utf-8")
        pg.run(files=[script], dbname=db)
        rows = pg.query_json(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
            "AND table_type = 'BASE TABLE' ORDER BY table_name",
            dbname=db,
        )
    created = [r["table_name"] for r in rows]
    assert created == [
        "ByCtas",
        "ByFrom",
        "ByPerform",
        "ByQualified",
        "BySelect",
        "ByWhere",
        "FromTrigger",
        "SqlBody",
        "ThroughOuter",
        "UpdateOnly",
        "copied",
        "users",
    ]
    notes = _notes(tmp_path, RUNS, "postgres")
    assert sorted(notes) == sorted(NOTED), notes
    for line, routine in NOTED.items():
        assert "its body holds DDL (CREATE TABLE" in notes[line], notes[line]
        assert routine in notes[line], notes[line]
    assert notes[7] == (
        "x.sql:7:1: DBN012 info: SELECT runs by_where(): what the function does to the "
        "schema is not read; its body holds DDL (CREATE TABLE) that is not read, so the "
        "objects it creates, renames or drops are neither checked nor in the model"
    )
    model = schema_from_sql(RUNS, dialect="postgres")
    tables = {o.name for o in model.objects if o.kind is ObjectKind.TABLE}
    assert set(created) >= READ and tables & set(created) == READ | {"users", "copied"}
    assert "(CREATE TABLE, run through inner_fn())" in notes[12]
    assert "INSERT on users fires trigger users_ins: what its function on_insert()" in notes[19]
    assert "(CREATE TABLE, run through on_update())" in notes[24]


def test_a_stable_function_is_refused_ddl_and_not_noted(tmp_path: Path, pg: PgServer) -> None:
    with pg.fresh_database("fnddl_stable") as db:
        refused = pg.refused_lines(STABLE, db)
    assert list(refused) == [2], refused
    assert "CREATE TABLE is not allowed in a non-volatile function" in refused[2]
    assert _notes(tmp_path, STABLE, "postgres") == {}
    # a volatile function it runs is not refused: noted through it
    with pg.fresh_database("fnddl_stable") as db:
        script = tmp_path / "through.sql"
        script.write_text(THROUGH_STABLE, encoding="utf-8")
        pg.run(files=[script], dbname=db)
        rows = pg.query_json(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
            dbname=db,
        )
    assert [r["table_name"] for r in rows] == ["ViaStable"]
    notes = _notes(tmp_path, THROUGH_STABLE, "postgres")
    assert list(notes) == [3], notes
    assert "SELECT runs st(): " in notes[3] and "(CREATE TABLE, run through mk())" in notes[3]


MYSQL = """CREATE TABLE users (id INT);
DELIMITER $$
CREATE PROCEDURE make_it() BEGIN CREATE TABLE `BadName` (id INT); END$$
CREATE FUNCTION mk() RETURNS INT BEGIN CALL make_it(); RETURN 1; END$$
DELIMITER ;
SELECT mk();
"""


def test_a_mysql_function_cannot_run_ddl_and_is_not_noted(
    tmp_path: Path, maria: MysqlServer
) -> None:
    script = tmp_path / "run.sql"
    script.write_text(MYSQL, encoding="utf-8")
    with maria.fresh_database("fnddl_mysql") as db:
        with pytest.raises(SqlFailed, match="1422"):
            maria.run(file=script, database=db)
        tables = maria.run(
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()",
            database=db,
        ).split()
    assert tables == ["users"]
    assert _notes(tmp_path, MYSQL, "mariadb") == {}
    # DDL in the function's own body: refused when it is created
    direct = MYSQL.replace("CALL make_it();", "CREATE TABLE `Direct` (id INT);")
    script.write_text(direct, encoding="utf-8")
    with maria.fresh_database("fnddl_mysql") as db, pytest.raises(SqlFailed, match="1422"):
        maria.run(file=script, database=db)
    assert _notes(tmp_path, direct, "mariadb") == {}


NESTED = """DELIMITER $$
CREATE PROCEDURE inner_p(IN n INT) BEGIN
  SET @s = CONCAT('CREATE TABLE JobRun', n, ' (id INT)'); PREPARE st FROM @s; EXECUTE st;
END$$
CREATE PROCEDURE outer_p() BEGIN CALL inner_p(1); END$$
DELIMITER ;
CALL outer_p();
"""


def test_a_mysql_procedure_running_another_one_is_noted(tmp_path: Path, maria: MysqlServer) -> None:
    """Before: ``CALL outer_p`` got the plain note (its own body holds no
    DDL), which the gate lets through."""
    script = tmp_path / "run.sql"
    script.write_text(NESTED, encoding="utf-8")
    with maria.fresh_database("fnddl_nested") as db:
        maria.run(file=script, database=db)
        tables = maria.run(
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()",
            database=db,
        ).split()
    assert tables == ["JobRun1"]
    notes = _notes(tmp_path, NESTED, "mariadb")
    assert list(notes) == [7], notes
    assert (
        "CALL outer_p: what the procedure does to the schema is not read; its body holds DDL "
        "(CREATE TABLE, run through inner_p())"
    ) in notes[7]


# -- the gate (real git) -----------------------------------------------------

NEW = "m/2_fn.up.sql"
#: The trial's function, its table's name in a variable: what its EXECUTE runs
#: is not read (a body of literal DDL is read where it runs, see
#: test_a_literal_body_is_read_where_it_runs).
FUNCTION = (
    "CREATE FUNCTION mk() RETURNS void LANGUAGE plpgsql AS $$ DECLARE t text := 'BadName'; "
    "BEGIN EXECUTE format('CREATE TABLE %I (id int)', t); END $$;\n"
)
LITERAL_FUNCTION = (
    "CREATE FUNCTION mk() RETURNS void LANGUAGE plpgsql AS $$ BEGIN "
    'CREATE TABLE "BadName" (id int); END $$;\n'
)
TRIGGER_FUNCTION = (
    "CREATE FUNCTION mk() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    'CREATE TABLE IF NOT EXISTS "BadName" (id int); RETURN NEW; END $$;\n'
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The ente trial: golang-migrate files, the first one committed."""
    root = git_workdir(tmp_path / "project", monkeypatch)
    adopted_repo(
        root,
        {
            "m/1_init.up.sql": "CREATE TABLE users (id int PRIMARY KEY);\n",
            "m/1_init.down.sql": "DROP TABLE users;\n",
        },
        "paths: [m]\ndialect: postgres\n",
    )
    return root


def _gate(*args: str) -> tuple[int, list[tuple[str, str, str, int]], str]:
    result = CliRunner().invoke(cli, ["check", "--no-cache", *args, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout)
    found = [(d["code"], d["severity"], d["path"], d["line"]) for d in report["diagnostics"]]
    return result.exit_code, found, result.output


@pytest.mark.parametrize(
    ("runs", "line"),
    [
        pytest.param("SELECT mk();\n", 2, id="select"),
        pytest.param("SELECT * FROM mk();\n", 2, id="select-from"),
        pytest.param("SELECT mk() WHERE 1 = 1;\n", 2, id="select-where"),
        pytest.param("DO $$ BEGIN PERFORM mk(); END $$;\n", 2, id="do-perform"),
        pytest.param(
            "CREATE FUNCTION outer_fn() RETURNS void LANGUAGE plpgsql AS $$ BEGIN "
            "PERFORM mk(); END $$;\nSELECT outer_fn();\n",
            3,
            id="through-a-function",
        ),
        pytest.param(
            "CREATE TRIGGER users_ins AFTER INSERT ON users FOR EACH ROW EXECUTE FUNCTION "
            "mk();\nINSERT INTO users VALUES (1);\n",
            3,
            id="trigger-fired",
        ),
    ],
)
def test_a_new_run_of_a_function_holding_ddl_fails_the_gate(
    project: Path, runs: str, line: int
) -> None:
    function = TRIGGER_FUNCTION if "TRIGGER" in runs else FUNCTION
    (project / NEW).write_text(function + runs)
    git(project, "add", "-A")
    code, found, out = _gate("--base", "HEAD")
    assert (code, found) == (1, [("DBN012", "error", NEW, line)]), out
    code, found, out = _gate("--pre-commit", NEW)
    assert (code, found) == (1, [("DBN012", "error", NEW, line)]), out


@pytest.mark.parametrize(
    "runs",
    [
        pytest.param("SELECT mk();\n", id="select"),
        pytest.param("SELECT * FROM mk();\n", id="select-from"),
        pytest.param("DO $$ BEGIN PERFORM mk(); END $$;\n", id="do-perform"),
    ],
)
def test_a_literal_body_is_read_where_it_runs(project: Path, pg: PgServer, runs: str) -> None:
    """The ente trial's own function: its body is literal DDL, so the
    statement that does nothing but run it runs that DDL, read there as a
    DO block's (PostgreSQL makes "BadName"): DBN101 at the body's name, no
    DBN012."""
    with pg.fresh_database("fnddl_literal") as db:
        pg.run(sql=LITERAL_FUNCTION + runs, dbname=db)
        assert "BadName" in pg.public_tables(db)
    (project / NEW).write_text(LITERAL_FUNCTION + runs)
    git(project, "add", "-A")
    code, _found, out = _gate("--base", "HEAD")
    assert code == 1, out
    assert "DBN012" not in out, out
    assert '"line": 1' in out and '"name": "BadName"' in out and "DBN101" in out, out


def test_the_trial_migration_and_its_acceptance(project: Path) -> None:
    (project / NEW).write_text(FUNCTION + "SELECT mk();\n")
    git(project, "add", "-A")
    text = CliRunner().invoke(cli, ["check", "--no-cache", "--base", "HEAD"])
    assert text.exit_code == 1, text.output
    assert (
        f"{NEW}:2:1: DBN012 error: SELECT runs mk(): what the function does to the schema is "
        "not read; its body holds DDL (CREATE TABLE)"
    ) in text.output
    assert "new since HEAD, so the gate refuses it" in text.output
    assert text.output.splitlines()[-1] == "Found 1 problem: 1 call of a routine running DDL added."
    # a full check keeps it a note
    code, found, out = _gate()
    assert (code, found) == (0, []), out
    (project / NEW).write_text(
        FUNCTION + "-- dbnamelint: ignore[DBN012] BadName checked by hand\nSELECT mk();\n"
    )
    git(project, "add", "-A")
    code, found, out = _gate("--base", "HEAD")
    assert (code, found) == (0, []), out
    # committed, the statement is the base's
    (project / NEW).write_text(FUNCTION + "SELECT mk();\n")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "fn")
    code, found, out = _gate("--base", "HEAD")
    assert (code, found) == (0, []), out


@pytest.mark.parametrize(
    "sql",
    [
        pytest.param(FUNCTION, id="never-run"),
        pytest.param(FUNCTION + "CREATE VIEW v AS SELECT mk() AS x;\n", id="view-definition"),
        pytest.param(
            "CREATE FUNCTION touch() RETURNS void LANGUAGE plpgsql AS $$ BEGIN "
            "UPDATE users SET id = id; END $$;\nSELECT touch();\n",
            id="dml-only",
        ),
        pytest.param(STABLE, id="stable"),
        pytest.param(
            TRIGGER_FUNCTION
            + "CREATE TRIGGER users_upd AFTER UPDATE ON users FOR EACH ROW EXECUTE FUNCTION "
            "mk();\nINSERT INTO users VALUES (1);\n",
            id="trigger-not-fired",
        ),
        pytest.param(FUNCTION + "DROP FUNCTION mk();\nSELECT mk();\n", id="dropped"),
    ],
)
def test_what_runs_no_ddl_passes(project: Path, sql: str) -> None:
    (project / NEW).write_text(sql)
    git(project, "add", "-A")
    code, found, out = _gate("--base", "HEAD")
    assert (code, found) == (0, []), out


def test_through_the_real_pre_commit(
    hook_repo: tuple[Env, Path, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    """The trial's commit: refused by the real hook, accepted once the
    SELECT carries ``-- dbnamelint: ignore[DBN012] <reason>``."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    env, snapshot, rev = hook_repo
    root = tmp_path / "ente"
    (root / "m").mkdir(parents=True)
    (root / "dbnamelint.yaml").write_text("paths: [m]\ndialect: postgres\n")
    (root / "whitelist.yaml").write_text("entries: []\n")
    (root / "m/1_init.up.sql").write_text("CREATE TABLE users (id int PRIMARY KEY);\n")
    (root / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {snapshot}\n    rev: {rev}\n    hooks:\n      - id: dbnamelint\n"
    )
    env.git(root, "init", "-q")
    env.git(root, "add", "-A")
    env.git(root, "commit", "-qm", "base")
    assert env.pre_commit(root, "install").returncode == 0
    (root / NEW).write_text(FUNCTION + "SELECT mk();\n")
    env.git(root, "add", "-A")
    done = env.git(root, "commit", "-m", "fn", check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert f"{NEW}:2:1: DBN012 error: SELECT runs mk()" in output
    (root / NEW).write_text(FUNCTION + "-- dbnamelint: ignore[DBN012] reviewed\nSELECT mk();\n")
    env.git(root, "add", "-A")
    done = env.git(root, "commit", "-m", "fn", check=False)
    assert done.returncode == 0, done.stdout + done.stderr


#: Tables named like the words after ``ON UPDATE`` and ``FOR UPDATE OF``, each
#: with an UPDATE trigger whose function holds DDL: a foreign key's action, a
#: row lock and a trigger's event list write nothing, so nothing fires; only
#: the real UPDATE (and the ALTER TABLE whose default is evaluated on rows,
#: which fires no trigger) run anything.
NOT_WRITES = (
    "\n".join(
        [
            "CREATE TABLE parents (id int PRIMARY KEY);",
            'CREATE TABLE "cascade" (id int PRIMARY KEY, parent_id int);',
            'CREATE TABLE "of" (id int);',
            _fn("mk", _table("Fired", "IF NOT EXISTS ") + " RETURN NEW;", "trigger"),
            'CREATE TRIGGER c_upd BEFORE UPDATE ON "cascade" FOR EACH ROW EXECUTE FUNCTION mk();',
            'CREATE TRIGGER o_upd BEFORE INSERT OR UPDATE OF id ON "of" FOR EACH ROW '
            "EXECUTE FUNCTION mk();",
            'ALTER TABLE ONLY "cascade" ADD CONSTRAINT cascade_parent_fk FOREIGN KEY (parent_id) '
            "REFERENCES parents (id) ON UPDATE CASCADE;",
            "SELECT id FROM parents FOR UPDATE OF parents;",
            "SELECT id FROM parents FOR NO KEY UPDATE;",
            "GRANT INSERT, UPDATE ON parents TO PUBLIC;",
            'ALTER TABLE "cascade" ADD COLUMN n int DEFAULT 1;',
            'INSERT INTO "cascade" VALUES (1, NULL);',
            'UPDATE "cascade" SET n = 2;',
        ]
    )
    + "\n"
)


def test_words_that_write_nothing_fire_no_trigger(tmp_path: Path, pg: PgServer) -> None:
    def fired_after(lines: int) -> bool:
        with pg.fresh_database("fnddl_nowrite") as db:
            script = tmp_path / "run.sql"
            script.write_text("\n".join(NOT_WRITES.splitlines()[:lines]) + "\n", encoding="utf-8")
            pg.run(files=[script], dbname=db)
            rows = pg.query_json(
                "SELECT table_name FROM information_schema.tables WHERE table_name = 'Fired'",
                dbname=db,
            )
        return bool(rows)

    assert not fired_after(12)  # every statement but the last UPDATE: nothing fired
    assert fired_after(13)
    assert sorted(_notes(tmp_path, NOT_WRITES, "postgres")) == [13]


#: rudder-server's idiom (trial s25 rudder): the DDL travels as an argument the
#: function EXECUTEs; no DDL word stands in its body.
EXECUTES_ARGUMENT = """CREATE TABLE wh_uploads (id int, namespace text);
CREATE OR REPLACE FUNCTION create_constraint_if_not_exists(t_name text, c_name text, sql_text text)
RETURNS void AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM information_schema.table_constraints
                 WHERE table_name = t_name AND constraint_name = c_name) THEN
    EXECUTE sql_text;
  END IF;
END $$ LANGUAGE plpgsql;
SELECT create_constraint_if_not_exists('wh_uploads', 'x', 'CREATE TABLE "WhUploadAudit" (id int)');
"""
#: The same DDL passed as text built when the call runs: not read.
BUILT_ARGUMENT = EXECUTES_ARGUMENT.replace(
    "'CREATE TABLE \"WhUploadAudit\" (id int)'", "'CREATE TABLE \"WhUploadAudit\"' || ' (id int)'"
)
#: Bodies whose EXECUTE runs no variable: nothing to note.
EXECUTES_NOTHING_UNREAD = """CREATE TABLE wh_uploads (id int, namespace text);
CREATE FUNCTION counted(t text) RETURNS bigint AS $$
DECLARE n bigint;
BEGIN
  EXECUTE format('SELECT count(*) FROM %I', t) INTO n;
  RETURN n;
END $$ LANGUAGE plpgsql;
SELECT counted('wh_uploads');
"""


def test_a_function_executing_its_argument_is_noted(tmp_path: Path, pg: PgServer) -> None:
    """Passed text built when the call runs, the function's DDL is not read:
    noted. Passed a constant, it is read (session 34: the parameter is bound,
    tests/test_postgres_earlier_routine_call.py): the table in the model."""
    for sql in (EXECUTES_ARGUMENT, BUILT_ARGUMENT):
        with pg.fresh_database("fnddl_executes_argument") as db:
            script = tmp_path / "run.sql"
            script.write_text(sql, encoding="utf-8")
            pg.run(files=[script], dbname=db)
            made = pg.public_tables(db)
        # The oracle: the call made a table the files never name in DDL.
        assert made == ["WhUploadAudit", "wh_uploads"]
    schema = schema_from_sql(EXECUTES_ARGUMENT, dialect="postgres")
    assert sorted(o.name for o in schema.objects if o.kind is ObjectKind.TABLE) == made
    assert _notes(tmp_path, EXECUTES_ARGUMENT, "postgres") == {}
    notes = _notes(tmp_path, BUILT_ARGUMENT, "postgres")
    assert list(notes) == [10], notes
    assert "runs create_constraint_if_not_exists()" in notes[10]
    assert "(EXECUTE sql_text: text given or built when it runs)" in notes[10]
    assert _notes(tmp_path, EXECUTES_NOTHING_UNREAD, "postgres") == {}


def test_a_new_call_passing_ddl_to_such_a_function_fails_the_gate(project: Path) -> None:
    function, call = BUILT_ARGUMENT.rsplit("SELECT", 1)
    (project / "m/2_fn.up.sql").write_text(function.split(";\n", 1)[1])
    git(project, "add", "-A")
    git(project, "commit", "-qm", "the function")
    (project / "m/3_call.up.sql").write_text("SELECT" + call)
    code, found, out = _gate("--base", "HEAD")
    assert (code, found) == (1, [("DBN012", "error", "m/3_call.up.sql", 1)]), out
    # passed a constant, the DDL is read and its name judged
    (project / "m/3_call.up.sql").write_text("SELECT" + EXECUTES_ARGUMENT.rsplit("SELECT", 1)[1])
    code, found, out = _gate("--base", "HEAD")
    assert (code, found) == (1, []), out
    assert "quoted table name 'WhUploadAudit' is not snake_case" in out


#: A replaceable schema folder (lemmy's ``replaceable_schema``): not migrations,
#: edited in place and run again, so a change adds calls to a file whose
#: committed calls say the same.
MAKER = (
    "CREATE PROCEDURE make_fn (n text) LANGUAGE plpgsql AS $$\nBEGIN\n"
    "  EXECUTE format('CREATE FUNCTION %s_fn () RETURNS int LANGUAGE sql AS ''SELECT 1''', n);\n"
    "END $$;\n"
)
#: Run twice, it makes ``Dyn_0`` then ``Dyn_1``: the same text, another table.
DYNAMIC = (
    "DO $$ BEGIN EXECUTE format('CREATE TABLE %I (id int)', 'Dyn_' || "
    "(SELECT count(*) FROM pg_class WHERE relname LIKE 'Dyn%')); END $$;\n"
)


@pytest.mark.parametrize(
    ("committed", "added", "code"),
    [
        pytest.param(
            "CALL make_fn (lower('good'));\n",
            "CALL make_fn (lower('BadFn'));\n",
            "DBN012",
            id="call",
        ),
        pytest.param(DYNAMIC, DYNAMIC, "DBN013", id="dynamic"),
    ],
)
def test_a_second_statement_saying_what_a_committed_one_says_is_new(
    git_project: Path,
    pg: PgServer,
    committed: str,
    added: str,
    code: str,
) -> None:
    """Trial s28 lemmy: the gate took a new ``CALL`` for the committed one of
    the same file that its note repeats word for word, and passed it. The
    oracle: PostgreSQL runs the added statement's DDL (``badfn_fn`` made)."""
    root = git_project
    adopted_repo(
        root,
        {"schema/a_utils.sql": MAKER, "schema/b_calls.sql": committed},
        "paths: [schema]\ndialect: postgres\n",
    )
    (root / "schema/b_calls.sql").write_text(committed + added)
    git(root, "add", "-A")
    got, found, out = _gate("--base", "HEAD")
    assert (got, found) == (1, [(code, "error", "schema/b_calls.sql", 2)]), out
    with pg.fresh_database("dbnl_gate_second_call") as db:
        pg.run(files=[root / "schema/a_utils.sql", root / "schema/b_calls.sql"], dbname=db)
        made = pg.query_json(
            "SELECT relname AS name FROM pg_class WHERE relname LIKE 'Dyn%' "
            "UNION ALL SELECT proname FROM pg_proc WHERE proname IN ('good_fn', 'badfn_fn')",
            dbname=db,
        )
    wanted = {"Dyn_0", "Dyn_1"} if code == "DBN013" else {"good_fn", "badfn_fn"}
    assert {row["name"] for row in made} == wanted


TRIGGER_MAKER = (
    "CREATE FUNCTION noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;\n"
    "CREATE PROCEDURE create_triggers (t text) LANGUAGE plpgsql AS $$\nBEGIN\n"
    "  EXECUTE format('CREATE TRIGGER delete_statement AFTER DELETE ON %I "
    "FOR EACH STATEMENT EXECUTE FUNCTION noop()', t);\nEND $$;\n"
)
#: Its calls pass text built when they run: not read (a constant is: below).
TRIGGER_CALLS = (
    "CREATE TABLE posts (id int);\nCREATE TABLE comments (id int);\n"
    "CALL create_triggers (lower('posts'));\nCALL create_triggers (lower('comments'));\n"
)


@pytest.mark.parametrize(
    ("edit", "refused"),
    [
        pytest.param(
            ("CREATE TRIGGER delete_statement", 'CREATE TRIGGER "DeleteStatement"'),
            True,
            id="body-edited",
        ),
        pytest.param(("\nEND $$;", "\n\n  END $$;"), False, id="whitespace-only"),
    ],
)
def test_a_committed_call_of_a_body_edited_since_is_refused(
    git_project: Path,
    pg: PgServer,
    edit: tuple[str, str],
    refused: bool,
) -> None:
    """Trial s28 lemmy: its replaceable schema is rebuilt on every start, so a
    committed ``CALL`` runs whatever the procedure's body says now. A body
    edited since the base makes each committed call run other DDL (the
    oracle: PostgreSQL makes ``"DeleteStatement"`` on both tables); the gate
    refuses each call, saying the definition changed. Whitespace is no change."""
    root = git_project
    adopted_repo(
        root,
        {"schema/a_utils.sql": TRIGGER_MAKER, "schema/b_calls.sql": TRIGGER_CALLS},
        "paths: [schema]\ndialect: postgres\n",
    )
    utils = root / "schema/a_utils.sql"
    utils.write_text(utils.read_text().replace(*edit))
    git(root, "add", "-A")
    code, found, out = _gate("--base", "HEAD")
    if refused:
        assert (code, found) == (
            1,
            [
                ("DBN012", "error", "schema/b_calls.sql", 3),
                ("DBN012", "error", "schema/b_calls.sql", 4),
            ],
        ), out
        assert "the routine's definition changed since HEAD" in out
    else:
        assert (code, found) == (0, []), out
    with pg.fresh_database("dbnl_gate_body_edited") as db:
        pg.run(files=[utils, root / "schema/b_calls.sql"], dbname=db)
        made = pg.query_json("SELECT DISTINCT tgname AS name FROM pg_trigger", dbname=db)
    wanted = "DeleteStatement" if refused else "delete_statement"
    assert {row["name"] for row in made} == {wanted}


def test_a_committed_call_of_constants_reads_the_body_edited_since(
    git_project: Path, pg: PgServer
) -> None:
    """The committed calls pass constants: the body is read at each (session
    34), so the edited body's trigger name is judged (PostgreSQL makes
    ``"DeleteStatement"``), not refused unread."""
    root = git_project
    calls = TRIGGER_CALLS.replace("lower('posts')", "'posts'").replace(
        "lower('comments')", "'comments'"
    )
    adopted_repo(
        root,
        {"schema/a_utils.sql": TRIGGER_MAKER, "schema/b_calls.sql": calls},
        "paths: [schema]\ndialect: postgres\n",
    )
    utils = root / "schema/a_utils.sql"
    utils.write_text(
        utils.read_text().replace(
            "CREATE TRIGGER delete_statement", 'CREATE TRIGGER "DeleteStatement"'
        )
    )
    git(root, "add", "-A")
    code, found, out = _gate("--base", "HEAD")
    assert (code, found) == (1, []), out
    assert "quoted trigger name 'DeleteStatement' is not snake_case" in out
    with pg.fresh_database("dbnl_gate_body_read") as db:
        pg.run(files=[utils, root / "schema/b_calls.sql"], dbname=db)
        made = pg.query_json(
            "SELECT tgrelid::regclass::text AS t, tgname AS name FROM pg_trigger", dbname=db
        )
    assert {(r["t"], r["name"]) for r in made} == {
        ("posts", "DeleteStatement"),
        ("comments", "DeleteStatement"),
    }
    inspected = json.loads(
        CliRunner().invoke(cli, ["inspect", "--no-cache", "--format", "json"]).stdout
    )
    triggers = {(o["table"], o["name"]) for o in inspected["objects"] if o["kind"] == "trigger"}
    assert triggers == {("posts", "DeleteStatement"), ("comments", "DeleteStatement")}


EVENT_TRIGGER = (
    "CREATE FUNCTION grant_flags_access() RETURNS event_trigger LANGUAGE plpgsql AS $$\n"
    'BEGIN\n  CREATE TABLE IF NOT EXISTS "HookLog" ("hookId" bigint);\nEND $$;\n'
    "CREATE EVENT TRIGGER issue_flags_access ON ddl_command_end WHEN TAG IN ('CREATE SCHEMA')\n"
    "  EXECUTE PROCEDURE grant_flags_access();\n"
    "CREATE SCHEMA IF NOT EXISTS flags;\n"
)


def test_an_event_trigger_running_ddl_is_noted_and_refused_when_new(
    project: Path, pg: PgServer
) -> None:
    """Trial s28 supabase/postgres: an event trigger whose function holds DDL
    runs it at every later DDL statement of its tags, none of which says so
    (the oracle: PostgreSQL makes "HookLog" at the CREATE SCHEMA). The note
    stands at the CREATE EVENT TRIGGER; new since the base, an error."""
    (project / NEW).write_text(EVENT_TRIGGER)
    git(project, "add", "-A")
    code, found, out = _gate("--base", "HEAD")
    assert (code, found) == (1, [("DBN012", "error", NEW, 5)]), out
    assert "at every later CREATE SCHEMA" in out
    with pg.fresh_database("dbnl_gate_event_trigger") as db:
        try:
            pg.run(files=[project / NEW], dbname=db)
            made = pg.query_json(
                "SELECT relname AS name FROM pg_class WHERE relkind = 'r' AND relname = 'HookLog'",
                dbname=db,
            )
        finally:
            pg.run(sql="DROP EVENT TRIGGER IF EXISTS issue_flags_access", dbname=db)
    assert [row["name"] for row in made] == ["HookLog"]
