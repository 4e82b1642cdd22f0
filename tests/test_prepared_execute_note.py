"""MySQL dynamic DDL run by PREPARE/EXECUTE is read or noted (DBN013), never silent.

Trial 5 findings 08 (conductor's V3__queue_add_priority.sql, the "add
column if not exists" idiom): the column the EXECUTE adds was missing from
the model with no word. Text built by CONCAT is not read: a DBN013 warning
(its text holds ALTER), and the real MariaDB shows the column there, not
in the model. The idiom's ``IF(..., 'ALTER TABLE ...', 'SELECT 1')`` is
read since (tests/test_dynamic_ddl.py): the server and the model have the
column. The text ``migrate`` writes to rename a foreign key is read and
gets no note.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import mysql_server
from dbnamelint.cli import cli
from dbnamelint.frontends.sql.parsing import parse_statements
from dbnamelint.model import ObjectKind, ParseResult, SourceFile
from dbnamelint.runner.pipeline import schema_from_sql, split_statements
from dbnamelint.services.migrate.plan import plan_renames
from dbnamelint.services.migrate.requests import parse_rename
from dbnamelint.services.migrate.sql import render_forward, render_rollback

TRIAL = """\
CREATE TABLE queue_message (id int PRIMARY KEY, message_id varchar(64));
SET @s = CONCAT("ALTER TABLE queue_message ADD ", "priorityLevel", " TINYINT DEFAULT 0");
PREPARE addCol FROM @s;
EXECUTE addCol;
DEALLOCATE PREPARE addCol;
"""
IDIOM = """\
CREATE TABLE queue (id int PRIMARY KEY);
SET @s = (SELECT IF(COUNT(*) = 0, 'ALTER TABLE queue ADD COLUMN priority int', 'SELECT 1')
  FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()
  AND TABLE_NAME = 'queue' AND COLUMN_NAME = 'priority');
PREPARE `Stmt` FROM @s;
EXECUTE stmt;
"""


def _parse(sql: str, dialect: str = "mysql") -> ParseResult:
    statements, diagnostics = split_statements(sql, SourceFile("f.sql", dialect, None))
    assert not diagnostics
    return parse_statements(statements)


def _notes(sql: str, dialect: str = "mysql") -> list[tuple[int, str]]:
    return [
        (d.location.line, d.message) for d in _parse(sql, dialect).diagnostics if d.code == "DBN013"
    ]


def test_trial_execute_is_noted_where_it_runs() -> None:
    notes = _notes(TRIAL)
    assert [line for line, _ in notes] == [4]
    assert "EXECUTE addCol: the statement prepared from @s" in notes[0][1]
    assert "not in the model" in notes[0][1]
    assert "its text holds ALTER: 'ALTER TABLE queue_message ADD'" in notes[0][1]


def test_if_not_exists_idiom_is_read_names_compare_without_case() -> None:
    """``PREPARE `Stmt` ... EXECUTE stmt``: one statement to the server, so
    the EXECUTE runs the idiom's ALTER, which is read (no note)."""
    for dialect in ("mariadb", "mysql"):
        assert _notes(IDIOM, dialect) == []
        added = [e for e in _parse(IDIOM, dialect).events if e.name == "priority"]
        assert [(e.location.line, e.guarded) for e in added] == [(2, True)]
    # PREPARE FROM a literal: read too
    sql = "PREPARE s FROM 'ALTER TABLE t ADD c int';\nEXECUTE s;\n"
    assert _notes(sql) == [] and [e.name for e in _parse(sql).events] == ["c"]


def test_other_dialects_have_no_such_note() -> None:
    sql = "PREPARE s AS SELECT 1;\nEXECUTE s;\n"
    assert _notes(sql, "postgres") == []


def test_migrates_own_rename_text_is_read_and_not_noted() -> None:
    sql = (
        "CREATE TABLE p (id int PRIMARY KEY);\n"
        "CREATE TABLE c (id int PRIMARY KEY, p_id int,"
        " CONSTRAINT c_p_fk FOREIGN KEY (p_id) REFERENCES p (id));\n"
    )
    schema = schema_from_sql(sql, dialect="mariadb")
    plan = plan_renames(schema, [parse_rename("c=kids")], dialect="mariadb")
    for script in (render_forward(plan), render_rollback(plan)):
        assert "EXECUTE dbnamelint_ddl;" in script
        assert _notes(script, "mariadb") == []
    # the same variable set again to text not read: its EXECUTE is noted
    again = render_forward(plan) + "SET @dbnamelint_ddl = CONCAT('ALTER TABLE ', 'kids');\n"
    again += "PREPARE dbnamelint_ddl FROM @dbnamelint_ddl;\nEXECUTE dbnamelint_ddl;\n"
    assert len(_notes(again, "mariadb")) == 1


def test_check_lists_the_warning(tmp_path: Path) -> None:
    (tmp_path / "V1__init.sql").write_text(TRIAL, encoding="utf-8")
    runner = CliRunner()
    args = ["check", "--no-cache", "--dialect", "mysql", str(tmp_path)]
    listed = runner.invoke(cli, args, catch_exceptions=False)
    # a warning (its text holds ALTER): listed without --verbose, not failing
    assert "V1__init.sql:4:1: DBN013 warning: EXECUTE addCol" in listed.output
    assert "warnings, not failing the run: dynamic-ddl-not-read" in listed.output
    described = runner.invoke(cli, ["rules", "DBN013"], catch_exceptions=False)
    assert described.exit_code == 0 and "dynamic-ddl-not-read" in described.output


@pytest.mark.slow
def test_the_server_has_what_the_note_says_is_not_read_and_what_was_read(
    maria: mysql_server.MysqlServer,
) -> None:
    with maria.fresh_database("dbnl_t5_execute") as db:
        maria.run(TRIAL + IDIOM, database=db)
        columns = set(
            maria.run(
                "SELECT CONCAT(TABLE_NAME, '.', COLUMN_NAME) FROM information_schema.COLUMNS"
                " WHERE TABLE_SCHEMA = DATABASE()",
                database=db,
            ).split()
        )
    model = {
        f"{o.table}.{o.name}"
        for o in schema_from_sql(TRIAL + IDIOM, dialect="mariadb").objects
        if o.kind is ObjectKind.COLUMN
    }
    # the idiom's column is read; the one CONCAT builds is not, and noted
    assert columns - model == {"queue_message.priorityLevel"}
    assert "queue.priority" in model
    assert [line for line, _ in _notes(TRIAL + IDIOM, "mariadb")] == [4]


IMMEDIATE = """\
EXECUTE IMMEDIATE 'CREATE TABLE `ImmBad` (id int)';
SET @q = 'CREATE TABLE imm_var (id int, `BadCol` int)';
EXECUTE IMMEDIATE @q;
EXECUTE IMMEDIATE CONCAT('CREATE TABLE imm_', 'built', ' (id int)');
"""


def test_execute_immediate_reads_its_literal_and_variable(
    maria: mysql_server.MysqlServer,
) -> None:
    """MariaDB's ``EXECUTE IMMEDIATE`` (10.2: PREPARE and EXECUTE in one;
    trial s21 flipt #8): a literal or a variable the file sets is read, so
    its names are checked; text CONCAT builds gets the note, which names
    ``EXECUTE IMMEDIATE`` (it took ``IMMEDIATE`` for a prepared statement's
    name and said none of its text was in the file). The server's catalog
    is the oracle of what each creates."""
    with maria.fresh_database("dbnl_execute_immediate") as db:
        maria.run(IMMEDIATE, database=db)
        server = set(
            maria.run(
                "SELECT CONCAT(TABLE_NAME, '.', COLUMN_NAME) FROM information_schema.COLUMNS"
                " WHERE TABLE_SCHEMA = DATABASE()",
                database=db,
            ).split()
        )
    model = {
        f"{o.table}.{o.name}"
        for o in schema_from_sql(IMMEDIATE, dialect="mariadb").objects
        if o.kind is ObjectKind.COLUMN
    }
    assert server - model == {"imm_built.id"}
    assert model <= server and {"ImmBad.id", "imm_var.BadCol"} <= model
    notes = _notes(IMMEDIATE, "mariadb")
    assert [line for line, _ in notes] == [4]
    assert notes[0][1].startswith("EXECUTE IMMEDIATE: the statement prepared from its expression")


def test_the_former_name_still_selects_it(tmp_path: Path) -> None:
    """DBN013 was ``prepared-statement-not-read``, a name trials found
    misleading on PostgreSQL's ``EXECUTE`` in a DO block (trials s25 rudder,
    hatchet); the old name still works where a name does."""
    (tmp_path / "V1__init.sql").write_text(TRIAL, encoding="utf-8")
    runner = CliRunner()
    for name in ("dynamic-ddl-not-read", "prepared-statement-not-read", "DBN013"):
        args = ["check", "--no-cache", "--dialect", "mysql", "--ignore", name, str(tmp_path)]
        quiet = runner.invoke(cli, args, catch_exceptions=False)
        assert "DBN013" not in quiet.output, name
