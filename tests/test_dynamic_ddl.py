"""Dynamic DDL is read where the file spells it out, and loud where it cannot be.

Trials s16 (documenso, vaultwarden): ``EXECUTE format('CREATE TABLE %I
...', 'Audit' || 'Event')`` in a new migration passed the pre-commit hook
and ``check --base`` with no word (DBN013 was an info note, shown only with
``-v``); vaultwarden's MySQL "drop the foreign key if it exists" idiom
(``SET @v = IF(<exists>, 'ALTER TABLE sso_users DROP FOREIGN KEY
sso_users_ibfk_1', 'SELECT 1'); PREPARE ...; EXECUTE ...``) was not read,
so the ``ADD FOREIGN KEY`` after it got the name ``sso_users_ibfk_2`` in
the model where MariaDB has ``sso_users_ibfk_1``.

Now text that may create, rename or drop an object and is not read is a
DBN013 warning, listed by default, and an error in the gate for a statement
the change adds (trial s17, concourse: a rename moved into ``EXECUTE
format`` passed the gate); MySQL's ``IF(condition, '<DDL>', '<no-op>')`` is read as
guarded DDL. Oracles: the real MariaDB (what the server has after the
scripts ran, against ``inspect``/``drift``) and real git (``check --base``,
``check --pre-commit``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import mysql_server
from dbnamelint.cli import cli
from dbnamelint.frontends.sql.parsing import parse_statements
from dbnamelint.model import ObjectKind, ParseResult, Severity, SourceFile
from dbnamelint.runner.pipeline import schema_from_sql, split_statements
from git_helpers import adopted_repo, commit_all, git, git_workdir

USERS = """\
CREATE TABLE users (uuid CHAR(36) NOT NULL PRIMARY KEY);
CREATE TABLE sso_users (
  user_uuid CHAR(36) NOT NULL PRIMARY KEY,
  identifier VARCHAR(255) NOT NULL UNIQUE,
  FOREIGN KEY(user_uuid) REFERENCES users(uuid)
);
"""
# vaultwarden's migrations/mysql/..._sso_fix/up.sql, as the trial ran it.
DROP_FK_IF_EXISTS = """\
SET @drop_sso_fk = IF((SELECT true FROM information_schema.TABLE_CONSTRAINTS WHERE
    CONSTRAINT_SCHEMA = DATABASE() AND
    TABLE_NAME = 'sso_users' AND
    CONSTRAINT_NAME = 'sso_users_ibfk_1' AND
    CONSTRAINT_TYPE = 'FOREIGN KEY') = true,
    'ALTER TABLE sso_users DROP FOREIGN KEY sso_users_ibfk_1',
    'SELECT 1');
PREPARE stmt FROM @drop_sso_fk;
EXECUTE stmt;
DEALLOCATE PREPARE stmt;

ALTER TABLE sso_users ADD FOREIGN KEY(user_uuid) REFERENCES users(uuid)
  ON UPDATE CASCADE ON DELETE CASCADE;
"""
# The idioms' other spellings: the condition false (no key to drop), the
# add-if-missing run twice, SELECT ... INTO, the branches the other way
# round, double quotes, PREPARE FROM a literal with escapes, CASE WHEN.
IDIOMS = """\
CREATE TABLE queue (id int PRIMARY KEY);
CREATE TABLE child (id int PRIMARY KEY, q int);
SET @fk = IF((SELECT COUNT(*) FROM information_schema.TABLE_CONSTRAINTS
  WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = 'child'
  AND CONSTRAINT_NAME = 'child_ibfk_1') > 0,
  'ALTER TABLE child DROP FOREIGN KEY child_ibfk_1', 'SELECT 1');
PREPARE stmt FROM @fk;
EXECUTE stmt;
ALTER TABLE child ADD FOREIGN KEY (q) REFERENCES queue (id);
SET @s = (SELECT IF(COUNT(*) = 0, 'ALTER TABLE queue ADD COLUMN priority int', 'SELECT 1')
  FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()
  AND TABLE_NAME = 'queue' AND COLUMN_NAME = 'priority');
PREPARE `Stmt` FROM @s;
EXECUTE stmt;
SET @s = (SELECT IF(COUNT(*) = 0, 'ALTER TABLE queue ADD COLUMN priority int', 'SELECT 1')
  FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()
  AND TABLE_NAME = 'queue' AND COLUMN_NAME = 'priority');
PREPARE stmt FROM @s;
EXECUTE stmt;
SELECT IF(COUNT(*) > 0, 'SELECT ''index exists''',
  'CREATE INDEX queue_priority_idx ON queue (priority)') INTO @ix
  FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()
  AND TABLE_NAME = 'queue' AND INDEX_NAME = 'queue_priority_idx';
PREPARE ix FROM @ix;
EXECUTE ix;
DEALLOCATE PREPARE ix;
SET @c = IF(EXISTS(SELECT 1 FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()
  AND TABLE_NAME = 'queue' AND COLUMN_NAME = 'state'),
  "DO 0", "ALTER TABLE queue ADD COLUMN state varchar(10) DEFAULT 'new'");
PREPARE c FROM @c;
EXECUTE c;
PREPARE lit FROM 'ALTER TABLE queue ADD COLUMN note varchar(20) DEFAULT ''none'', ADD it_s int';
EXECUTE lit;
SET @k = (SELECT CASE WHEN COUNT(*) = 0 THEN 'ALTER TABLE queue ADD KEY queue_state_idx (state)'
  ELSE 'DO 0' END FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()
  AND TABLE_NAME = 'queue' AND INDEX_NAME = 'queue_state_idx');
PREPARE k FROM @k;
EXECUTE k;
SELECT CASE WHEN COUNT(*) > 0 THEN 'SELECT 1' ELSE 'ALTER TABLE child ADD COLUMN at datetime' END
  FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()
  AND TABLE_NAME = 'child' AND COLUMN_NAME = 'at' INTO @at;
PREPARE at FROM @at;
EXECUTE at;
"""


def _parse(sql: str, dialect: str) -> ParseResult:
    statements, diagnostics = split_statements(sql, SourceFile("f.sql", dialect, None))
    assert not diagnostics
    return parse_statements(statements)


def _dbn013(sql: str, dialect: str) -> list[tuple[int, Severity, str]]:
    return [
        (d.location.line, d.severity, d.message)
        for d in _parse(sql, dialect).diagnostics
        if d.code == "DBN013"
    ]


# -- reading -----------------------------------------------------------------


def test_the_drop_if_exists_idiom_is_read_as_guarded() -> None:
    parsed = _parse(USERS + DROP_FK_IF_EXISTS, "mariadb")
    assert [d.code for d in parsed.diagnostics] == []
    (drop,) = [e for e in parsed.events if e.name == "sso_users_ibfk_1"]
    # located in the literal, where the name is written
    assert (drop.location.line, drop.location.column) == (12, 45)
    assert drop.guarded and drop.if_exists
    constraints = [
        o.name
        for o in schema_from_sql(USERS + DROP_FK_IF_EXISTS, dialect="mariadb").objects
        if o.kind is ObjectKind.CONSTRAINT and "ibfk" in o.name
    ]
    assert constraints == ["sso_users_ibfk_1"]  # was ibfk_1 and ibfk_2


def test_every_spelling_of_the_idiom_is_read() -> None:
    parsed = _parse(IDIOMS, "mariadb")
    assert [d.code for d in parsed.diagnostics] == []
    guarded = sorted({e.name for e in parsed.events if e.guarded and e.if_exists})
    assert guarded == [
        "at",
        "child_ibfk_1",
        "priority",
        "queue_priority_idx",
        "queue_state_idx",
        "state",
    ]
    assert {"note", "it_s"} <= {e.name for e in parsed.events if not e.guarded}


def test_names_after_an_escape_are_located_where_they_are_written() -> None:
    sql = (
        "PREPARE s FROM 'ALTER TABLE t ADD a varchar(3) DEFAULT ''x'', ADD `b\\'c` int';\n"
        "EXECUTE s;"
    )
    events = {e.name: e.location.column for e in _parse(sql, "mariadb").events}
    assert events == {"a": 35, "b'c": 67}
    assert sql[66:72] == "`b\\'c`"  # column 67


@pytest.mark.parametrize(
    ("sql", "severity", "says"),
    [
        pytest.param(
            "SET @s = CONCAT('ALTER TABLE t ADD ', @c, ' int');",
            Severity.WARNING,
            "its text holds ALTER: 'ALTER TABLE t ADD'",
            id="built-alter",
        ),
        pytest.param(
            "SET @s = IF(@x, 'ALTER TABLE t ADD a int', 'ALTER TABLE t ADD b int');",
            Severity.WARNING,
            "its text holds ALTER",
            id="two-ddl-branches",
        ),
        pytest.param("SET @s = @other;", Severity.WARNING, "none of its text is written", id="var"),
        pytest.param(
            "SET @s = CONCAT('UPDATE t SET a = ', @v);",
            Severity.INFO,
            "objects it creates, renames or drops are not in the model",
            id="update",
        ),
    ],
)
def test_mysql_text_not_read_is_a_warning_when_it_may_name_objects(
    sql: str, severity: Severity, says: str
) -> None:
    ((line, got, message),) = _dbn013(sql + "\nPREPARE st FROM @s;\nEXECUTE st;\n", "mysql")
    assert (line, got) == (3, severity)
    assert message.startswith("EXECUTE st: the statement prepared from @s is built")
    assert says in message
    (elsewhere,) = _dbn013("EXECUTE other;\n", "mysql")
    assert elsewhere[1] is Severity.WARNING
    assert "prepared outside this file" in elsewhere[2]


@pytest.mark.parametrize(
    ("body", "severity", "says"),
    [
        pytest.param(
            "EXECUTE format('CREATE TABLE %I (id int)', 'Audit' || 'Event');",
            Severity.WARNING,
            "(its text holds CREATE)",
            id="documenso",
        ),
        pytest.param("EXECUTE stmt;", Severity.WARNING, "(no literal of its text", id="var"),
        pytest.param(
            "EXECUTE $q$DROP TABLE $q$ || quote_ident(t);",
            Severity.WARNING,
            "(its text holds DROP)",
            id="dollar-quoted",
        ),
        pytest.param(
            "EXECUTE 'SELECT * INTO ' || t || ' FROM s';",
            Severity.WARNING,
            "(its text holds SELECT INTO)",
            id="select-into",
        ),
        pytest.param(
            "EXECUTE format('ANALYZE %I', t);",
            Severity.INFO,
            "it is not read: objects it creates",
            id="analyze",
        ),
        pytest.param(
            "EXECUTE 'UPDATE t SET a = ' || quote_literal('x;y');",
            Severity.INFO,
            "it is not read: objects it creates",
            id="update",
        ),
    ],
)
def test_a_do_blocks_built_execute_is_a_warning_when_it_may_name_objects(
    body: str, severity: Severity, says: str
) -> None:
    sql = f"DO $$ DECLARE t text := 'x'; stmt text; BEGIN {body} END $$;\n"
    ((_, got, message),) = _dbn013(sql, "postgres")
    assert got is severity and says in message, message
    shown = body.removeprefix("EXECUTE ").removesuffix(";")[:57]
    assert message.startswith(f"EXECUTE {shown}")  # which one, in the gate too


# -- MariaDB -----------------------------------------------------------------


def _server_names(maria: mysql_server.MysqlServer, db: str) -> set[tuple[str, str, str]]:
    out = maria.run(
        "SELECT 'constraint', TABLE_NAME, CONSTRAINT_NAME FROM information_schema.TABLE_CONSTRAINTS"
        " WHERE TABLE_SCHEMA = DATABASE() UNION SELECT 'column', TABLE_NAME, COLUMN_NAME"
        " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()"
        " UNION SELECT 'index', TABLE_NAME, INDEX_NAME FROM information_schema.STATISTICS"
        " WHERE TABLE_SCHEMA = DATABASE() AND NON_UNIQUE = 1",  # unique: the constraint
        database=db,
    )
    return {(k, t, n) for k, t, n in (line.split("\t") for line in out.splitlines() if line)}


def _model_names(sql: str) -> set[tuple[str, str, str]]:
    kinds = {ObjectKind.CONSTRAINT: "constraint", ObjectKind.COLUMN: "column"}
    kinds[ObjectKind.INDEX] = "index"
    return {
        (kinds[o.kind], str(o.table), o.name)
        for o in schema_from_sql(sql, dialect="mariadb").objects
        if o.kind in kinds
    }


@pytest.mark.slow
@pytest.mark.parametrize(
    "sql",
    [
        pytest.param(USERS + DROP_FK_IF_EXISTS, id="vaultwarden"),
        pytest.param(
            USERS.replace(",\n  FOREIGN KEY(user_uuid) REFERENCES users(uuid)", "")
            + DROP_FK_IF_EXISTS,
            id="no-key-to-drop",
        ),
        pytest.param(IDIOMS, id="idioms"),
    ],
)
def test_the_model_has_what_mariadb_has_after_the_idioms(
    maria: mysql_server.MysqlServer, tmp_path: Path, sql: str
) -> None:
    folder = tmp_path / "migrations"
    folder.mkdir()
    (folder / "001_up.sql").write_text(sql, encoding="utf-8")
    with maria.fresh_database("dbnl_dynamic_ddl") as db:
        maria.run(sql, database=db)
        server = _server_names(maria, db)
        args = ["--no-cache", "--dialect", "mariadb", str(folder)]
        drift = CliRunner().invoke(cli, ["drift", "--db", maria.url(db), *args])
        check = CliRunner().invoke(cli, ["check", "--select", "DBN013", "-v", *args])
    assert _model_names(sql) == server
    assert ("constraint", "sso_users", "sso_users_ibfk_2") not in server
    assert drift.exit_code == 0, drift.output
    assert "DBN013" not in check.output, check.output


# -- the gate (real git) -----------------------------------------------------

FOLDER = "migrations"
EXISTING = "DO $$ BEGIN EXECUTE format('CREATE TABLE %I (id int)', 'legacy_' || 'audit'); END $$;\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = git_workdir(tmp_path / "project", monkeypatch)
    files = {
        f"{FOLDER}/001_init.sql": "CREATE TABLE documents (id int PRIMARY KEY);\n",
        f"{FOLDER}/002_legacy.sql": EXISTING,
    }
    adopted_repo(root, files, f"paths: [{FOLDER}]\ndialect: postgres\n")
    return root


def _gate(*args: str) -> tuple[int, list[tuple[str, str, str, int]], str]:
    result = CliRunner().invoke(cli, ["check", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    found = []
    if "--format" in args:
        report = json.loads(result.output)
        found = [(d["code"], d["severity"], d["path"], d["line"]) for d in report["diagnostics"]]
    return result.exit_code, found, result.output


@pytest.mark.parametrize(
    "sql",
    [
        pytest.param(
            "DO $$ BEGIN\n  EXECUTE format('CREATE TABLE %I (id int)', 'Audit' || 'Event');\n"
            "END $$;\n",
            id="documenso",
        ),
        pytest.param(
            "DO $$ BEGIN\n  EXECUTE format('CREATE TABLE %I (id int)', "
            "current_setting('app.audit_table'));\nEND $$;\n",
            id="vaultwarden",
        ),
    ],
)
def test_the_gate_refuses_new_dynamic_ddl(project: Path, sql: str) -> None:
    """Trial s17 (concourse #7): a new DBN013 warning passed the gate, so a
    rename moved into ``EXECUTE format(...)`` passed whatever it named. New
    since the base it is an error (``check --base`` and the hook); the base's
    own (002_legacy.sql) is not this change's and stays a warning."""
    new = f"{FOLDER}/003_audit.sql"
    (project / new).write_text(sql)
    code, found, output = _gate("--base", "HEAD", "--format", "json")
    assert (code, found) == (1, [("DBN013", "error", new, 2)]), output
    code, _, text = _gate("--base", "HEAD")
    assert code == 1
    assert f"{new}:2:3: DBN013 error: EXECUTE format('CREATE TABLE %I (id int)'" in text
    assert "may create, rename or drop objects (its text holds CREATE)" in text
    assert "new since HEAD, so the gate refuses it" in text
    assert "ignore[DBN013] <reason>" in text
    assert text.splitlines()[-1] == "Found 1 problem: 1 dynamic DDL statement added."
    git(project, "add", "-A")
    code, _, hook = _gate("--pre-commit", new)
    assert code == 1 and f"{new}:2:3: DBN013 error" in hook, hook
    # a full check judges the tree, not the change: a warning, as the base's is
    code, _, full = _gate()
    assert code == 0 and f"{new}:2:3: DBN013 warning" in full, full
    assert f"{FOLDER}/002_legacy.sql:1:13: DBN013 warning" in full, full
    commit_all(project, "audit")
    code, found, output = _gate("--base", "HEAD", "--format", "json")
    assert (code, found) == (0, []), output  # committed: the base's now
    (project / new).write_text(sql.replace("(id int)", "(id int, at int)"))
    code, found, output = _gate("--base", "HEAD", "--format", "json", "--select", "DBN013")
    # an edited statement is judged again (and editing a migration is DBN025, at
    # the first changed token: the DO block's body, which starts on line 1)
    assert (code, found) == (1, [("DBN025", "error", new, 1), ("DBN013", "error", new, 2)])


RENAMES = (
    "DO $$ BEGIN\n"
    "  EXECUTE format('ALTER TABLE %I RENAME TO %I', 'documents', 'Docs' || 'V2');\n"
    "END $$;\n"
)


def test_a_rename_moved_into_dynamic_sql_fails_the_gate_unless_accepted_inline(
    project: Path,
) -> None:
    """The concourse case: the rename spelt out fails (DBN101 on "DocsV2"), moved
    into ``EXECUTE format`` it is not read; both fail the gate. The inline
    ``ignore[DBN013]`` with a reason, written where a reviewer reads it, accepts
    it (no DBN908: that is about findings a suppression hides, and here the
    reader found none)."""
    new = f"{FOLDER}/003_rename.sql"
    (project / new).write_text('ALTER TABLE documents RENAME TO "DocsV2";\n')
    code, _, output = _gate("--base", "HEAD")
    assert code == 1 and "DBN101" in output, output
    (project / new).write_text(RENAMES)
    code, found, output = _gate("--base", "HEAD", "--format", "json")
    assert (code, found) == (1, [("DBN013", "error", new, 2)]), output
    assert "its text holds ALTER" in output or "its text holds RENAME" in output, output
    (project / new).write_text(
        "-- dbnamelint: ignore[DBN013] renamed to docs_v2 by the app's naming, checked by hand\n"
        + RENAMES
    )
    code, found, output = _gate("--base", "HEAD", "--format", "json")
    assert (code, found) == (0, []), output
    git(project, "add", "-A")
    code, _, hook = _gate("--pre-commit", new)
    assert code == 0 and "DBN013" not in hook and "DBN908" not in hook, hook


@pytest.mark.parametrize(
    "config",
    [
        pytest.param("ignore: [DBN013]\n", id="ignore"),
        pytest.param(
            f"per_path:\n  - paths: ['{FOLDER}/003_*.sql']\n    ignore: [DBN013]\n", id="per-path"
        ),
    ],
)
def test_ignoring_dbn013_in_the_config_of_the_same_change_is_a_relaxation(
    project: Path, config: str
) -> None:
    """The config may silence DBN013 (generated SQL), but turning it off in the
    change that adds dynamic DDL is a relaxation like a rule turned off
    (DBN909 on the config). Committed first, the next change passes: the
    base's own config then ignores it, as for DBN025's opt-out."""
    new = f"{FOLDER}/003_rename.sql"
    (project / new).write_text(RENAMES)
    with (project / "dbnamelint.yaml").open("a") as handle:
        handle.write(config)
    # located at the config line that ignores it (the gate's relaxation locator)
    lines = (project / "dbnamelint.yaml").read_text().splitlines()
    line = 1 + max(i for i, text in enumerate(lines) if "DBN013" in text)
    code, found, output = _gate("--base", "HEAD", "--format", "json")
    assert (code, found) == (1, [("DBN909", "error", "dbnamelint.yaml", line)]), output
    code, _, text = _gate("--base", "HEAD")
    assert "the config change since HEAD hides DBN013 on migrations/003_rename.sql:2:3" in text
    assert "accept the statement with an inline `-- dbnamelint: ignore[DBN013] <reason>`" in text
    code, found, output = _gate("--base", "HEAD", "--allow-whitelist-growth", "--format", "json")
    assert (code, found) == (0, [("DBN909", "warning", "dbnamelint.yaml", line)]), output
    (project / new).unlink()
    commit_all(project, "generated SQL is not ours to name")
    (project / new).write_text(RENAMES)
    code, found, output = _gate("--base", "HEAD", "--format", "json")
    assert (code, found) == (0, []), output


def test_the_gate_checks_the_literal_and_keeps_plain_dynamic_sql_quiet(project: Path) -> None:
    (project / f"{FOLDER}/003_audit.sql").write_text(
        "DO $$ BEGIN EXECUTE 'CREATE TABLE \"AuditEvent\" (id int)'; END $$;\n"
    )
    (project / f"{FOLDER}/004_analyze.sql").write_text(
        "DO $$ DECLARE t text; BEGIN FOR t IN SELECT tablename FROM pg_tables LOOP\n"
        "  EXECUTE format('ANALYZE %I', t);\nEND LOOP; END $$;\n"
    )
    code, _, output = _gate("--base", "HEAD")
    assert code == 1 and "AuditEvent" in output, output  # read: its name is judged
    assert "DBN013" not in output.replace("(DBN013 x1)", "")
    assert "1 info note not listed (DBN013 x1)" in output


def test_a_silenced_dynamic_ddl_is_not_listed(project: Path) -> None:
    (project / f"{FOLDER}/003_parts.sql").write_text(
        "-- dbnamelint: ignore[DBN013] partition names come from parts_name(), checked there\n"
        "DO $$ BEGIN EXECUTE format('CREATE TABLE %I PARTITION OF parts', "
        "'parts_' || to_char(now(), 'YYYY')); END $$;\n"
    )
    code, _, output = _gate("--base", "HEAD")
    assert code == 0 and "DBN013" not in output and "DBN020" not in output, output


def test_the_gate_reads_vaultwardens_mysql_idiom(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = git_workdir(tmp_path / "vw", monkeypatch)
    adopted_repo(root, {f"{FOLDER}/001_init.sql": USERS}, f"paths: [{FOLDER}]\ndialect: mariadb\n")
    (root / f"{FOLDER}/002_sso_fix.sql").write_text(DROP_FK_IF_EXISTS)
    code, found, output = _gate("--base", "HEAD", "--format", "json", "--select", "DBN013")
    assert (code, found) == (0, []), output  # read: no note, not even an info one
    (root / f"{FOLDER}/003_built.sql").write_text(
        "SET @s = CONCAT('ALTER TABLE users ADD ', 'lastLogin', ' int');\n"
        "PREPARE st FROM @s;\nEXECUTE st;\n"
    )
    code, found, output = _gate("--base", "HEAD", "--format", "json")
    assert (code, found) == (1, [("DBN013", "error", f"{FOLDER}/003_built.sql", 3)]), output


# -- SQL Server ---------------------------------------------------------------


def test_tsql_exec_of_a_literal_is_read_and_built_text_noted() -> None:
    """``EXEC('<batch>')`` and ``sp_executesql N'<batch>'`` run the literal as
    written (SQL Server migrations wrap ``CREATE VIEW``/``CREATE SCHEMA`` so,
    as each must start its batch): read, names located in the literal."""
    sql = (
        "EXEC('CREATE TABLE [AuditEvent] (id int)');\n"
        "EXEC dbo.sp_executesql @stmt = N'ALTER TABLE t ADD c nvarchar(9) DEFAULT ''x'', "
        "[Bad] int', N'@x int', @x = 1;\n"
        "IF NOT EXISTS (SELECT 1 FROM sys.schemas WHERE name = 'audit') "
        "EXEC('CREATE SCHEMA audit');\n"
        "EXEC(@sql);\n"
        "EXEC('UPDATE t SET a = ' + @v);\n"
        "EXEC dbo.make_tables;\n"
        "EXEC sp_rename 't.c', 'd', 'COLUMN';\n"
    )
    parsed = _parse(sql, "tsql")
    read = [(e.name, e.location.line, e.location.column, e.guarded) for e in parsed.events]
    assert read == [
        ("AuditEvent", 1, 20, False),
        ("id", 1, 34, False),
        ("c", 2, 52, False),
        ("Bad", 2, 81, False),
        ("audit", 3, 84, True),  # under the IF
        ("c", 7, 16, False),  # sp_rename, as before
    ]
    assert [(d.location.line, d.severity) for d in parsed.diagnostics] == [
        (4, Severity.WARNING),
        (5, Severity.INFO),
    ]
    assert parsed.diagnostics[0].message.startswith("EXEC(@sql): runs text built when")
    assert "(no literal of its text is written)" in parsed.diagnostics[0].message
