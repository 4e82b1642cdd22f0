"""The gate on DDL that new application code runs (trial s21 shiori): a
hand-rolled migration runner's ``newFuncMigration(..., func(db *sql.DB)
error { db.Exec(`ALTER TABLE account ADD COLUMN ...`) })`` beside embedded
``.sql`` files, or start-up ``cursor.execute("CREATE TABLE ...")``. The
names such strings create, on lines the change adds, are judged by the rules
(their own codes) at the name in the code file; a name the code builds
(``fmt.Sprintf``, concatenation, an f-string) is the ``DBN013`` error the
gate gives a .sql file's new dynamic DDL, unless an inline ``dbnamelint:
ignore[DBN013] <reason>`` comment accepts it (trial s34 documenso: it was
an info note, and the change passed).

Oracles: real git (what the base holds, what the change adds), the real
pre-commit, and PostgreSQL for the name a string creates.
"""

from __future__ import annotations

import ast
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from check_json import check_json as _check
from dbnamelint.cli import cli
from git_helpers import adopted_repo, git, isolated_git_env
from pg_server import PgServer
from test_precommit import Env, hook_repo  # noqa: F401 - the module's hook fixture

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = "paths: [internal/database/migrations]\n"
INITIAL = (
    "CREATE TABLE IF NOT EXISTS account(\n  id SERIAL PRIMARY KEY,\n  username TEXT NOT NULL);\n"
)
PG_GO = """package database

import (
\t"database/sql"
\t"fmt"
)

var postgresMigrations = []migration{
\tnewFileMigration("0.0.0", "0.1.0", "postgres/0001_initial"),
}
"""
LIST_END = '\tnewFileMigration("0.0.0", "0.1.0", "postgres/0001_initial"),\n'
PG = "internal/database/pg.go"
APP = "app/db.py"


def _closure(*lines: str) -> str:
    """A ``newFuncMigration`` whose body runs ``lines`` (Go statements)."""
    body = "".join(f"\t\t{line}\n" for line in lines)
    return (
        '\tnewFuncMigration("0.1.0", "0.2.0", func(db *sql.DB) error {\n'
        "\t\tvar err error\n"
        f"{body}"
        "\t\treturn err\n"
        "\t}),\n"
    )


def _add_closure(root: Path, *lines: str) -> None:
    path = root / PG
    path.write_text(path.read_text().replace(LIST_END, LIST_END + _closure(*lines)))


@pytest.fixture
def shiori(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A tree shaped like shiori's: SQL migrations per database and the Go
    list that runs them, committed after adopting dbnamelint."""
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "shiori"
    root.mkdir()
    monkeypatch.chdir(root)
    adopted_repo(
        root,
        {
            "internal/database/migrations/postgres/0001_initial.up.sql": INITIAL,
            PG: PG_GO,
            APP: "def setup(conn):\n    cur = conn.cursor()\n",
        },
        CONFIG,
    )
    return root


BAD_COLUMN = 'ALTER TABLE account ADD COLUMN "BadCol" TEXT'
BAD_TABLE = 'CREATE TABLE "BadName" (id INT, ok_col TEXT)'


def test_a_new_func_migration_naming_badly_fails_the_gate_and_the_hook(shiori: Path) -> None:
    _add_closure(
        shiori,
        f"_, err = db.Exec(`{BAD_COLUMN}`)",
        '_, err = db.Exec("' + BAD_TABLE.replace('"', '\\"') + '")',
    )
    # Before: both passed without a word (exit 0, nothing found).
    expected = [
        ("DBN201", "BadCol", PG, 12, 52),
        ("DBN101", "BadName", PG, 13, 35),  # at the quote: the backslash escaping it is col 34
        ("DBN105", "BadName", PG, 13, 35),
    ]
    code, found, _ = _check("--base", "HEAD")
    assert (code, found) == (1, expected)
    git(shiori, "add", "-A")
    code, found, _ = _check("--pre-commit")
    assert (code, found) == (1, expected)


def test_a_compliant_name_passes_silently(shiori: Path) -> None:
    _add_closure(
        shiori,
        "_, err = db.Exec(`ALTER TABLE account ADD COLUMN has_content BOOLEAN`)",
        '_, err = db.Exec("CREATE TABLE IF NOT EXISTS bookmarks (id INT, \\"url\\" TEXT)")',
        '_, err = db.Exec(`CREATE TEMP TABLE "Scratch" (id INT)`)',  # a session's: not judged
        "_, err = db.Exec(`UPDATE account SET username = 'x'`)",
    )
    code, found, diagnostics = _check("--base", "HEAD", "--verbose")
    assert (code, found) == (0, [])
    assert [d for d in diagnostics if d["path"] == PG] == []


def test_a_name_built_at_run_time_is_refused_other_names_are_judged(shiori: Path) -> None:
    _add_closure(
        shiori,
        '_, err = db.Exec(fmt.Sprintf("CREATE TABLE %s (id INT)", name))',
        '_, err = db.Exec("ALTER TABLE account ADD COLUMN " + col + " TEXT")',
        # only a length is built: the names are read and judged
        '_, err = db.Exec(fmt.Sprintf(`CREATE TABLE "AuditEntries" (note VARCHAR(%d))`, n))',
        "_, err = db.Exec(fmt.Sprintf(`CREATE TABLE audit_entries (note VARCHAR(%d))`, n))",
    )
    code, found, diagnostics = _check("--base", "HEAD", "--verbose")
    assert (code, found) == (1, [("DBN101", "AuditEntries", PG, 14, 46)])
    notes = [(d["code"], d["line"], d["column"], d["severity"]) for d in diagnostics]
    # (an info note before, trial s34 documenso: the gate passed a built name)
    assert notes == [("DBN013", 12, 33, "error"), ("DBN013", 13, 21, "error")]
    assert "completed when the code runs (%s)" in str(diagnostics[0]["message"])
    assert 'completed when the code runs (" + col + ")' in str(diagnostics[1]["message"])
    assert "new since HEAD, so the gate refuses it" in str(diagnostics[0]["message"])
    assert "`// dbnamelint: ignore[DBN013] <reason>`" in str(diagnostics[0]["message"])


def test_python_cursor_execute(shiori: Path) -> None:
    path = shiori / APP
    path.write_text(
        path.read_text()
        + '    cur.execute("CREATE TABLE BadTable (id integer)")\n'
        + '    cur.execute(f"CREATE TABLE {name} (id integer)")\n'
        + '    cur.execute("CREATE TABLE audit_events (id integer)")\n'
    )
    code, found, diagnostics = _check("--base", "HEAD", "--verbose")
    # PostgreSQL folds the unquoted name: the rules judge 'badtable', as stored,
    # and the case rule the words BadTable was written with (bad_table).
    assert (code, found) == (
        1,
        [("DBN101", "BadTable", APP, 3, 31), ("DBN105", "BadTable", APP, 3, 31)],
    )
    assert [(d["code"], d["path"], d["line"]) for d in diagnostics] == [("DBN013", APP, 4)]


def test_what_the_base_held_and_tests_are_not_judged(shiori: Path) -> None:
    _add_closure(shiori, f"_, err = db.Exec(`{BAD_COLUMN}`)")
    git(shiori, "add", "-A")
    git(shiori, "commit", "-qm", "bad column, before the gate knew")
    path = shiori / PG
    text = path.read_text()
    # moved out of its applied step: that step's DDL is deleted (DBN025: the
    # databases that ran it keep BadCol; trial s33), the string itself not new
    path.write_text(
        text.replace(f"\t\t_, err = db.Exec(`{BAD_COLUMN}`)\n", "")
        + (f"\nfunc again(db *sql.DB) {{\n\tdb.Exec(`{BAD_COLUMN}`)\n}}\n")
    )
    code, found, diagnostics = _check("--base", "HEAD")
    assert (code, found) == (1, [])
    assert [d["code"] for d in diagnostics] == ["DBN025"]
    # moved and reformatted within its step: the same string, not new
    path.write_text(
        text.replace(
            f"\t\t_, err = db.Exec(`{BAD_COLUMN}`)\n",
            f"\t\t_, err = db.Exec(\n\t\t\t`{BAD_COLUMN}`,\n\t\t)\n",
        )
    )
    (shiori / "internal/database/pg_test.go").write_text(
        'package database\n\nfunc setup(db *sql.DB) {\n\tdb.Exec(`CREATE TABLE "T" (id INT)`)\n}\n'
    )
    git(shiori, "add", "-A")
    assert _check("--base", "HEAD")[:2] == (0, [])


def test_the_name_is_the_one_postgresql_creates(
    shiori: Path, pg: PgServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    _add_closure(
        shiori,
        f"_, err = db.Exec(`{BAD_COLUMN}`)",
        '_, err = db.Exec("' + BAD_TABLE.replace('"', '\\"') + '")',
    )
    _code, found, _ = _check("--base", "HEAD")
    name = "codeddlgate_oracle"
    pg.run(sql=f"DROP DATABASE IF EXISTS {name}")
    pg.run(sql=f"CREATE DATABASE {name}")
    try:
        pg.run(sql=f"{INITIAL}{BAD_COLUMN};\n{BAD_TABLE};\n", dbname=name)
        tables = pg.query_json(
            "SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = "
            "'public'::regnamespace",
            dbname=name,
        )
        columns = pg.query_json(
            "SELECT attname FROM pg_attribute WHERE attrelid = 'account'::regclass "
            "AND attnum > 0 AND NOT attisdropped",
            dbname=name,
        )
    finally:
        pg.run(sql=f"DROP DATABASE IF EXISTS {name}")
    assert {t["relname"] for t in tables} == {"account", "BadName"}
    assert "BadCol" in {c["attname"] for c in columns}
    assert {(code, n) for code, n, *_ in found} == {
        ("DBN201", "BadCol"),
        ("DBN101", "BadName"),
        ("DBN105", "BadName"),
    }


def test_through_the_real_pre_commit(
    hook_repo: tuple[Env, Path, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    env, snapshot, rev = hook_repo
    root = tmp_path / "shiori-hook"
    (root / "internal/database/migrations/postgres").mkdir(parents=True)
    (root / "dbnamelint.yaml").write_text(CONFIG)
    (root / "whitelist.yaml").write_text("entries: []\n")
    (root / "internal/database/migrations/postgres/0001_initial.up.sql").write_text(
        "CREATE TABLE accounts (id SERIAL PRIMARY KEY);\n"
    )
    (root / PG).write_text(PG_GO)
    (root / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {snapshot}\n    rev: {rev}\n    hooks:\n      - id: dbnamelint\n"
    )
    env.git(root, "init", "-q")
    env.git(root, "add", "-A")
    env.git(root, "commit", "-qm", "base")
    assert env.pre_commit(root, "install").returncode == 0
    # (unquoted, PostgreSQL stores badcol: snake_case)
    _add_closure(root, '_, err = db.Exec(`ALTER TABLE accounts ADD COLUMN "BadCol" TEXT`)')
    env.git(root, "add", "-A")
    done = env.git(root, "commit", "-m", "bad column", check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert f"{PG}:12:53: DBN201 column" in output
    path = root / PG
    path.write_text(path.read_text().replace('"BadCol"', "bad_col"))
    env.git(root, "add", "-A")
    done = env.git(root, "commit", "-m", "good column", check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    # a bad name and the config line that would hide it, in one commit
    _add_closure(root, '_, err = db.Exec(`ALTER TABLE accounts ADD COLUMN "OtherCol" TEXT`)')
    (root / "dbnamelint.yaml").write_text(CONFIG + "ignore: [DBN201]\n")
    env.git(root, "add", "-A")
    done = env.git(root, "commit", "-m", "relaxed", check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "dbnamelint.yaml:2:10: DBN909 error: the config change since HEAD hides DBN201" in output


JS = "app/setup.js"
JS_CODE = (
    "export function setup(db) {\n"
    '  db.exec("CREATE TABLE \\"Audit" + "Entries\\" (id INT, " +\n'
    '    "\\"Note" +\n'
    '      "Text\\" TEXT)");\n'
    '  db.exec("CREATE TABLE user_" + "settings (id INT)");\n'
    "}\n"
)


def _created(sql: str) -> set[str]:
    """The table and column names ``sql`` creates in SQLite."""
    db = sqlite3.connect(":memory:")
    try:
        db.executescript(sql)
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {*tables, *(c[1] for t in tables for c in db.execute(f'PRAGMA table_info("{t}")'))}
    finally:
        db.close()


def _where(text: str, needle: str) -> tuple[int, int]:
    """(line, column) of ``needle``'s first character in ``text``."""
    at = text.index(needle)
    return text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_pieces_joined_by_plus_are_one_text_with_nothing_between(shiori: Path) -> None:
    # trial s22 dex: "create table user_" + "settings (id text)" was read with a
    # space between: DBN101 on table "user_" and a DBN004 error.
    (shiori / JS).write_text(JS_CODE)
    git(shiori, "add", JS)  # (a new file: the change lists it once git knows it)
    code, found, diagnostics = _check("--base", "HEAD", "--verbose")
    # the oracle: what JavaScript makes of the strings, run by SQLite
    texts = subprocess.run(
        [
            "node",
            "-e",
            "const db = {exec: s => console.log(s + ';')};\n"
            + JS_CODE.replace("export ", "")
            + "setup(db);",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert _created(texts) == {"AuditEntries", "id", "NoteText", "user_settings"}
    assert (code, diagnostics) == (1, [])
    assert found == [
        ("DBN101", "AuditEntries", JS, *_where(JS_CODE, '"Audit')),
        ("DBN201", "NoteText", JS, *_where(JS_CODE, '"Note')),
    ]


def test_python_adjacent_literals_are_one_text(shiori: Path) -> None:
    added = '    cur.execute("CREATE TABLE \\"Audit" "Entries\\" (id integer)")\n'
    path = shiori / APP
    path.write_text(path.read_text() + added)
    # the oracle: Python's own reading of the literals
    statement = ast.literal_eval(added.strip().removeprefix("cur.execute(")[:-1])
    assert _created(statement) == {"AuditEntries", "id"}
    code, found, _ = _check("--base", "HEAD")
    # at the quote (the backslash escaping it is column 31)
    assert (code, found) == (1, [("DBN101", "AuditEntries", APP, 3, 32)])


def test_a_string_short_of_a_whole_statement_is_dbn013_not_a_read_error(shiori: Path) -> None:
    # trial s22 dex: strings.Join of pieces gave DBN004 "expected a table name
    # before the end" on "create table": the code completes the text when it runs.
    # (A Join written around its literals is read as the text it makes since
    # session 36: tests/test_gate_code_transforms.py; one of a slice named
    # first is not.)
    _add_closure(
        shiori,
        'parts := []string{"create table", "user_settings", "(id text)"}',
        '_, err = db.Exec(strings.Join(parts, " "))',
        '_, err = db.Exec("ALTER TABLE account ADD COLUMN" + " " + col)',
    )
    code, found, diagnostics = _check("--base", "HEAD", "--verbose")
    # new since the base: the gate's DBN013 error (an info note before, trial s34)
    assert (code, found) == (1, [])
    said = [(d["code"], d["line"], d["column"], d["severity"]) for d in diagnostics]
    assert said == [("DBN013", 12, 22, "error"), ("DBN013", 14, 21, "error")]
    assert "ends before its statement does" in str(diagnostics[0]["message"])
    # a string the reader cannot read in its middle stays the reader's error
    _add_closure(shiori, '_, err = db.Exec("CREATE TABLE t_bad (id INT,, x INT)")')
    code, found, diagnostics = _check("--base", "HEAD")
    said = [(d["code"], d["line"], d["severity"]) for d in diagnostics]
    assert (code, said) == (
        1,
        [("DBN004", 12, "error"), ("DBN013", 17, "error"), ("DBN013", 19, "error")],
    )


@pytest.mark.parametrize(
    ("relaxation", "line"),
    [
        ("ignore: [DBN201]\n", 2),
        ("select: [DBN1]\n", 2),
        ('per_path:\n  - paths: ["internal/database/*.go"]\n    ignore: [DBN201]\n', 4),
        ("rules:\n  DBN201: {severity: warning}\n", 3),
    ],
)
def test_a_config_relaxation_does_not_hide_new_code_ddl(
    shiori: Path, relaxation: str, line: int
) -> None:
    # trial s22 dex: the config change made the new bad name in code pass
    # ("All checks passed!", exit 0); a SQL file's got DBN909 already.
    _add_closure(shiori, f"_, err = db.Exec(`{BAD_COLUMN}`)")
    assert _check("--base", "HEAD")[:2] == (1, [("DBN201", "BadCol", PG, 12, 52)])
    (shiori / "dbnamelint.yaml").write_text(CONFIG + relaxation)
    code, found, diagnostics = _check("--base", "HEAD")
    assert (code, found) == (1, [])
    said = [(d["code"], d["path"], d["line"], d["severity"]) for d in diagnostics]
    assert said == [("DBN909", "dbnamelint.yaml", line, "error")]
    message = str(diagnostics[0]["message"])
    assert f"hides DBN201 on column 'account.BadCol' ({PG}:12:52)" in message
    git(shiori, "add", "-A")
    code, found, diagnostics = _check("--pre-commit", "dbnamelint.yaml", PG)
    assert (code, [d["code"] for d in diagnostics]) == (1, ["DBN909"])
    # --allow-whitelist-growth accepts it, as for a SQL file: a warning
    code, _found, diagnostics = _check("--base", "HEAD", "--allow-whitelist-growth")
    assert (code, [d["severity"] for d in diagnostics]) == (0, ["warning"])


def test_a_config_relaxation_hiding_an_unreadable_string_is_refused(shiori: Path) -> None:
    _add_closure(shiori, '_, err = db.Exec(`CREATE TABLE "Bad" (id INT,, x INT)`)')
    code, _found, diagnostics = _check("--base", "HEAD")
    assert (code, [d["code"] for d in diagnostics]) == (1, ["DBN004"])
    (shiori / "dbnamelint.yaml").write_text(CONFIG + "ignore: [DBN004]\n")
    code, _found, diagnostics = _check("--base", "HEAD")
    assert (code, [(d["code"], d["path"]) for d in diagnostics]) == (
        1,
        [("DBN909", "dbnamelint.yaml")],
    )


def test_a_suppression_inside_the_string_does_not_excuse_it(shiori: Path) -> None:
    path = shiori / APP
    path.write_text(
        path.read_text()
        + '    cur.execute("""-- dbnamelint: ignore[DBN105] kept\n'
        + 'CREATE TABLE BadTable (id integer)""")\n'
    )
    assert _check("--base", "HEAD")[:2] == (
        1,
        [("DBN101", "BadTable", APP, 4, 14), ("DBN105", "BadTable", APP, 4, 14)],
    )


def test_the_run_cache_sees_an_edit_of_the_string(shiori: Path) -> None:
    _add_closure(shiori, "_, err = db.Exec(`ALTER TABLE account ADD COLUMN has_content TEXT`)")
    ran = CliRunner().invoke(cli, ["check", "--base", "HEAD"])
    assert ran.exit_code == 0, ran.output
    path = shiori / PG
    path.write_text(path.read_text().replace("has_content", '"HasContent"'))
    again = CliRunner().invoke(cli, ["check", "--base", "HEAD"])
    assert again.exit_code == 1, again.output
    assert f"{PG}:12:52: DBN201" in again.output


def test_a_code_file_named_on_the_command_line_is_one_clear_error(shiori: Path) -> None:
    # trial s22 dex: `check storage/sql/migrate.go` read the Go file as SQL:
    # 64 DBN005 errors "unrecognised statement starting with 'PACKAGE'".
    _add_closure(shiori, f"_, err = db.Exec(`{BAD_COLUMN}`)")
    migrations = "internal/database/migrations"
    handler = "internal/http/handler.go"  # Go, but no migration list
    (shiori / handler).parent.mkdir(parents=True)
    (shiori / handler).write_text(
        'package http\n\nfunc h(db *sql.DB) {\n\tdb.Exec(`CREATE TABLE "X" (id int)`)\n}\n'
    )
    for path, language in ((handler, "Go"), (APP, "Python")):
        code, found, diagnostics = _check(path, migrations)
        assert (code, found) == (3, [])  # DBN003: a file it cannot read (exit 3)
        said = [(d["code"], d["path"], d["line"], d["column"], d["severity"]) for d in diagnostics]
        assert said == [("DBN003", path, 1, 1, "error")]
        message = str(diagnostics[0]["message"])
        assert message.startswith(f"{language} source, not SQL: ")
        assert "judged by `check --base` and the pre-commit hook" in message
    # the SQL named beside it is read: its bad name is found (the list names
    # the file: one it does not name never runs, tests/test_go_list_file_runner.py)
    (shiori / migrations / "postgres/0002_bad.up.sql").write_text('CREATE TABLE "Bad" (id INT);\n')
    listed = shiori / PG
    listed.write_text(
        listed.read_text().replace(
            LIST_END, LIST_END + '\tnewFileMigration("0.1.0", "0.2.0", "postgres/0002_bad"),\n'
        )
    )
    code, found, _ = _check(handler, migrations)
    assert (code, [f[:2] for f in found]) == (3, [("DBN101", "Bad")])
    # A Go file holding a migration list (shiori's newFuncMigration list) is
    # read as the migrations its steps are (tests/test_go_migration_list_source.py).
    code, found, _ = _check(migrations, PG)
    assert (code, [f[:2] for f in found]) == (1, [("DBN101", "Bad"), ("DBN201", "BadCol")])


def test_names_written_in_a_built_statement_are_judged(shiori: Path) -> None:
    """Trial s22 temporal: only the table is a hole, so the literal column is
    judged; the hole keeps its DBN013 note."""
    _add_closure(
        shiori,
        '_, err = db.Exec(fmt.Sprintf("CREATE TABLE %s (\\"camelCol\\" int, ok_col int)", n))',
        '_, err = db.Exec(fmt.Sprintf(`ALTER TABLE %s ADD COLUMN "otherCol" TEXT`, n))',
        "_, err = db.Exec(fmt.Sprintf(`CREATE TABLE %s (good_col int)`, m))",
    )
    code, found, diagnostics = _check("--base", "HEAD", "--verbose")
    assert code == 1
    assert [(c, name, line) for c, name, _p, line, _col in found] == [
        ("DBN201", "camelCol", 12),
        ("DBN201", "otherCol", 13),
    ]
    # the table as the code writes it, not the reader's placeholder
    assert 'column "%s.camelCol"' in CliRunner().invoke(cli, ["check", "--base", "HEAD"]).output
    # (the ALTER's hole is the table it alters, not a name it makes: no note;
    # the built tables are new: refused, trial s34)
    notes = [(d["code"], d["line"], d["severity"]) for d in diagnostics]
    assert notes == [("DBN013", 12, "error"), ("DBN013", 14, "error")]


def test_a_code_file_alone_is_said_once(shiori: Path) -> None:
    """``check handler.go`` alone: the DBN003 error, not also a warning "no
    SQL files found in handler.go" calling the file a folder (trial s24 spicedb)."""
    handler = "internal/http/handler.go"
    (shiori / handler).parent.mkdir(parents=True)
    (shiori / handler).write_text("package http\n")
    ran = CliRunner().invoke(cli, ["check", handler])
    assert ran.exit_code == 3, ran.output
    assert "DBN003" in ran.output
    assert "no SQL files found" not in ran.output


#: Go statements whose string leads with a SQL comment (trial s25 kratos: each
#: passed the hook and ``check --base``): the value Go passes is in the comment
#: -> created names oracle below; ``NotRun``'s raw string keeps ``\n`` as two
#: characters, so its CREATE is inside the comment and runs nowhere.
COMMENTED = {
    '_, err = db.Exec(`/* hooks */ CREATE TABLE "HookLog" (id INT)`)': (
        '/* hooks */ CREATE TABLE "HookLog" (id INT)'
    ),
    '_, err = db.Exec("-- hooks\\nCREATE TABLE \\"HookTwo\\" (id INT)")': (
        '-- hooks\nCREATE TABLE "HookTwo" (id INT)'
    ),
    '_, err = db.Exec("/* a */ -- b\\nALTER TABLE account ADD COLUMN \\"webhookUrl\\" TEXT")': (
        '/* a */ -- b\nALTER TABLE account ADD COLUMN "webhookUrl" TEXT'
    ),
    '_, err = db.Exec(`-- only a comment\\nCREATE TABLE "NotRun" (id INT)`)': (
        '-- only a comment\\nCREATE TABLE "NotRun" (id INT)'
    ),
    '_, err = db.Exec("SELECT \'--\'; CREATE TABLE \\"AfterLiteral\\" (id INT)")': (
        "SELECT '--'; CREATE TABLE \"AfterLiteral\" (id INT)"
    ),
}


def test_a_statement_after_a_comment_in_the_string_is_judged(shiori: Path) -> None:
    _add_closure(shiori, *COMMENTED)
    # What SQLite makes of each string's value (Go's escapes applied: the oracle).
    made = set()
    for value in COMMENTED.values():
        made |= _created(INITIAL + value + ";") - _created(INITIAL)
    assert made == {"HookLog", "HookTwo", "webhookUrl", "AfterLiteral"}
    code, found, _ = _check("--base", "HEAD")
    assert code == 1
    assert {name for _, name, *_ in found} == made
    text = (shiori / PG).read_text()
    where = {name: _where(text, f'"{name}' if name == "HookLog" else f'\\"{name}') for name in made}
    for _, name, _, line, column in found:
        at_line, at_column = where[name]
        # at the quote; an escaped one is a column further, after its backslash
        assert (line, column) == (at_line, at_column + (name != "HookLog"))


def test_a_new_code_file_not_yet_added_is_judged(shiori: Path) -> None:
    """``check --base`` on the working tree: a code file git does not track
    yet is the change's too, as an untracked SQL file in ``paths`` is (closing
    confirmation s25: it passed until ``git add``)."""
    new = "app/seed.py"
    (shiori / new).write_text(
        'def seed(cur):\n    cur.execute("CREATE TABLE \\"SeedRows\\" (id int)")\n'
    )
    code, found, _ = _check("--base", "HEAD")
    assert (code, [(c, n, p) for c, n, p, *_ in found]) == (
        1,
        [("DBN101", "SeedRows", new)],
    )


#: trial s26 zero2prod: Rust's compile-time and String joins (``concat!`` is
#: one literal to rustc; ``String + &str`` appends).
RUST = {
    "concat": (
        'sqlx::query(concat!("ALTER TABLE account ", "ADD COLUMN \\"unsubscribedAt\\" '
        'timestamptz"))',
        "unsubscribedAt",
    ),
    "concat-lines": (
        'sqlx::query(concat!(\n        "CREATE TABLE \\"AuditLog\\" (",\n'
        '        "id integer, \\"entryKind\\" text)"\n    ))',
        "AuditLog",
    ),
    "string-from": (
        'sqlx::query(&(String::from("ALTER TABLE account ") + "ADD COLUMN \\"plusJoined\\" int"))',
        "plusJoined",
    ),
    "to-string": (
        'sqlx::query(&("ALTER TABLE account ".to_string() + "ADD COLUMN \\"viaTo\\" int"))',
        "viaTo",
    ),
}


@pytest.mark.parametrize("case", sorted(RUST))
def test_rust_joined_literals_are_one_text(shiori: Path, case: str) -> None:
    code_text, name = RUST[case]
    path = shiori / "src/startup_ddl.rs"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"pub async fn setup(pool: &PgPool) {{\n    {code_text}\n        .execute(pool);\n}}\n"
    )
    git(shiori, "add", "-A")
    code, found, _ = _check("--base", "HEAD")
    assert name in {n for _c, n, *_ in found}, found
    if case == "concat-lines":  # the column of the later piece too
        assert "entryKind" in {n for _c, n, *_ in found}, found
    assert code == 1


@pytest.mark.parametrize(
    ("name", "code"),
    [
        # Ruby percent literals (Ruby manual, "Literals"), brackets nesting inside
        pytest.param(
            "app/services/report_builder.rb",
            'ActiveRecord::Base.connection.execute(%(CREATE TABLE "PercentParen" (id int)))\n',
            id="percent-paren",
        ),
        pytest.param(
            "app/services/report_builder.rb",
            'connection.execute %Q{CREATE TABLE "PercentParen" (id int)}\n',
            id="percent-Q-brace",
        ),
        pytest.param(
            "app/services/report_builder.rb",
            'connection.execute %q[CREATE TABLE "PercentParen" (id int)]\n',
            id="percent-q-bracket",
        ),
        # a Rake task is Ruby (trial s28 chatwoot: lib/tasks/*.rake passed unread)
        pytest.param(
            "lib/tasks/reports.rake",
            "task :x do\n  ActiveRecord::Base.connection.execute("
            "'CREATE TABLE \"PercentParen\" (id int)')\nend\n",
            id="rake",
        ),
    ],
)
def test_ruby_ddl_strings_in_every_form_are_judged(shiori: Path, name: str, code: str) -> None:
    path = shiori / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(code)
    got, found, _ = _check("--base", "HEAD")
    assert got == 1
    assert [(c, n, p) for c, n, p, _line, _col in found] == [("DBN101", "PercentParen", name)]


@pytest.mark.parametrize(
    "code",
    [
        # a heredoc whose comment holds a lone quote hid the table (trial s28 plausible)
        pytest.param(
            'execute("""\n-- screens wider than 27" get the wide layout\n'
            'CREATE TABLE "PercentParen" (id bigint)\n""")\n',
            id="heredoc",
        ),
        pytest.param('execute ~s|CREATE TABLE "PercentParen" (id bigint)|\n', id="sigil-bar"),
        pytest.param('execute ~S[CREATE TABLE "PercentParen" (id bigint)]\n', id="sigil-bracket"),
    ],
)
def test_elixir_ddl_strings_in_every_form_are_judged(shiori: Path, code: str) -> None:
    """Elixir's heredocs and sigils (Elixir's "Sigils" guide) are strings."""
    name = "lib/app/release.ex"
    path = shiori / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"defmodule App.Release do\n  def setup do\n{code}  end\nend\n")
    got, found, _ = _check("--base", "HEAD")
    assert got == 1
    assert [(c, n, p) for c, n, p, _line, _col in found] == [("DBN101", "PercentParen", name)]


#: A name the code fills in with an expression, by language: an
#: interpolation's hole holds any expression (a call, an attribute, a
#: subscript, a conversion), a format field its argument's attribute or key,
#: a DB-API driver its parameter (trial s36 netbox: ``f'CREATE TABLE
#: {table_name()} ...'`` was DBN004 "found '{'", not DBN013, and
#: ``ADD COLUMN "%s"`` with a parameter list a column named ``%s``).
BUILT = {
    "py-fstring-call": ("app/db.py", 'cur.execute(f"CREATE TABLE {table_name()} (id int)")\n'),
    "py-fstring-attr": (
        "app/db.py",
        'cur.execute(f"ALTER TABLE account ADD COLUMN {self.col} int")\n',
    ),
    "py-fstring-key": (
        "app/db.py",
        "cur.execute(f\"CREATE INDEX {names['idx']} ON account (id)\")\n",
    ),
    "py-fstring-conv": ("app/db.py", 'cur.execute(f"CREATE TABLE {name!s} (id int)")\n'),
    "py-fstring-quoted": (
        "app/db.py",
        "cur.execute(f'CREATE TABLE \"{prefix + name}\" (id int)')\n",
    ),
    "py-format-attr": ("app/db.py", 'cur.execute("CREATE TABLE {0.name} (id int)".format(t))\n'),
    "py-format-key": ("app/db.py", 'cur.execute("CREATE TABLE {t[name]} (id int)".format(t=t))\n'),
    "py-param-s": (
        "app/db.py",
        "cur.execute('ALTER TABLE account ADD COLUMN \"%s\" int', ['x'])\n",
    ),
    "py-param-named": ("app/db.py", "cur.execute('CREATE TABLE %(t)s (id int)', {'t': 'x'})\n"),
    "py-param-qmark": ("app/db.py", "cur.execute('CREATE TABLE ? (id int)', ('x',))\n"),
    "py-param-colon": ("app/db.py", "cur.execute('CREATE TABLE :t (id int)', {'t': 'x'})\n"),
    "py-param-dollar": ("app/db.py", "await conn.execute('CREATE TABLE $1 (id int)', 'x')\n"),
    "py-runsql-params": (
        "app/db.py",
        'ops = [migrations.RunSQL([("ALTER TABLE account ADD COLUMN %s int", ["y"])])]\n',
    ),
    "js-template-call": ("app/db.js", "await knex.raw(`CREATE TABLE ${tableName()} (id int)`);\n"),
    "js-template-key": (
        "app/db.ts",
        "await db.query(`CREATE TABLE \"${names['t']}\" (id int)`);\n",
    ),
    "rs-format-inline": (
        "src/db.rs",
        'fn f() { let q = format!("CREATE TABLE {table} (id int)"); }\n',
    ),
    "rs-format-debug": (
        "src/db.rs",
        'fn f() { let q = format!("CREATE TABLE {:?} (id int)", t); }\n',
    ),
    "rs-format-pos": ("src/db.rs", 'fn f() { let q = format!("CREATE TABLE {0} (id int)", t); }\n'),
    "go-sprintf-q": (
        "app/db.go",
        'package app\nvar q = fmt.Sprintf("CREATE TABLE %q (id int)", t)\n',
    ),
    "go-sprintf-index": (
        "app/db.go",
        'package app\nvar q = fmt.Sprintf("CREATE TABLE %[1]s (id int)", t)\n',
    ),
    "php-brace-call": (
        "app/Db.php",
        '<?php\nDB::statement("CREATE TABLE {$this->table()} (id int)");\n',
    ),
    "php-dollar-prop": (
        "app/Db.php",
        '<?php\nDB::statement("CREATE TABLE $this->table (id int)");\n',
    ),
    "php-sprintf": (
        "app/Db.php",
        "<?php\nDB::statement(sprintf('CREATE TABLE %s (id int)', $t));\n",
    ),
    "cs-interpolated": (
        "App/Db.cs",
        'class A { void F() { Run($"CREATE TABLE {Names.Table()} (id int)"); } }\n',
    ),
    "kt-template": ("app/Db.kt", 'fun f() { exec("CREATE TABLE ${table.name()} (id int)") }\n'),
    "rb-interpolation": ("app/db.rb", 'execute("CREATE TABLE #{names.fetch(:t)} (id int)")\n'),
    "java-format": (
        "app/Db.java",
        'class A { void f() { run(String.format("CREATE TABLE %s (id int)", t)); } }\n',
    ),
}


def test_a_placeholder_like_text_in_a_list_of_statements_is_read(shiori: Path) -> None:
    """``$1`` in a function's body, an item of a list of statements, is SQL
    text (no call passes it parameters): the names beside it are judged."""
    path = shiori / APP
    path.write_text(
        "STATEMENTS = [\n"
        '    "CREATE FUNCTION add_one(integer) RETURNS integer AS '
        "'SELECT $1 + 1' LANGUAGE sql\",\n"
        '    "CREATE TABLE \\"BadList\\" (id int)",\n'
        "]\n"
    )
    git(shiori, "add", "-A")
    code, found, _ = _check("--base", "HEAD")
    assert (code, {n for _c, n, *_ in found}) == (1, {"BadList"})


@pytest.mark.parametrize("case", sorted(BUILT))
def test_a_name_filled_in_at_run_time_is_dbn013_in_every_language(shiori: Path, case: str) -> None:
    name, code_text = BUILT[case]
    path = shiori / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(code_text)
    git(shiori, "add", "-A")
    code, found, diagnostics = _check("--base", "HEAD", "--verbose")
    said = [(d["code"], d["severity"]) for d in diagnostics if d["path"] == name]
    assert (code, found, said) == (1, [], [("DBN013", "error")]), diagnostics
