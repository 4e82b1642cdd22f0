"""``inspect --events`` lists a column's type change as a retype, not a
rename of the column to itself (trial s22 temporal: ``ALTER TABLE t ALTER
COLUMN c TYPE VARCHAR(255)`` showed "rename column t.c -> c").

Oracles: PostgreSQL and MariaDB run the statements; the columns they hold
after are exactly those before (no name changed) but for a real ``CHANGE``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from mysql_server import MysqlServer
from pg_server import PgServer

CREATE = "CREATE TABLE t (c INT, d INT);\n"
PG = CREATE + "ALTER TABLE t ALTER COLUMN c TYPE VARCHAR(255);\n"
PG_SET = CREATE + "ALTER TABLE t ALTER COLUMN d SET DATA TYPE BIGINT;\n"
MY = (
    CREATE + "ALTER TABLE t MODIFY c VARCHAR(255);\n"
    "ALTER TABLE t CHANGE d d VARCHAR(255);\n"
    "ALTER TABLE t CHANGE COLUMN d e INT;\n"
)


def _events(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialect: str, sql: str
) -> tuple[list[str], list[tuple[str, str | None, str | None]]]:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "s.sql").write_text(sql)
    text = CliRunner().invoke(cli, ["inspect", "--events", "--dialect", dialect, "s.sql"])
    assert text.exit_code == 0, text.output
    done = CliRunner().invoke(
        cli, ["inspect", "--events", "--dialect", dialect, "--format", "json", "s.sql"]
    )
    assert done.exit_code == 0, done.output
    events = json.loads(done.stdout)["events"]
    altered = [(e["op"], e["name"], e["new_name"]) for e in events if e["op"] != "create"]
    return text.output.splitlines()[3:], altered


def test_postgresql_alter_column_type_is_a_retype(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    lines, altered = _events(tmp_path, monkeypatch, "postgres", PG)
    assert lines == ["s.sql:2:28: retype column t.c to VARCHAR(255)"]
    assert altered == [("retype", "c", "c")]
    assert _events(tmp_path, monkeypatch, "postgres", PG_SET)[1] == [("retype", "d", "d")]
    with pg.fresh_database("tempgate_retype") as db:
        pg.run(sql=PG, dbname=db)
        columns = pg.query_json(
            "SELECT attname, format_type(atttypid, atttypmod) AS type FROM pg_attribute "
            "WHERE attrelid = 't'::regclass AND attnum > 0 ORDER BY attnum",
            dbname=db,
        )
    assert [(c["attname"], c["type"]) for c in columns] == [
        ("c", "character varying(255)"),
        ("d", "integer"),
    ]


def test_mysql_modify_and_change_to_the_same_name_are_retypes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: MysqlServer
) -> None:
    lines, altered = _events(tmp_path, monkeypatch, "mysql", MY)
    assert lines == [
        "s.sql:2:22: retype column t.c to VARCHAR(255)",
        "s.sql:3:22: retype column t.d to VARCHAR(255)",
        "s.sql:4:29: rename column t.d -> e",
    ]
    assert altered == [("retype", "c", "c"), ("retype", "d", "d"), ("rename", "d", "e")]
    with maria.fresh_database("tempgate_retype") as db:
        maria.run(CREATE, database=db)
        names = []
        for statement in MY.splitlines()[1:]:
            maria.run(statement, database=db)
            names.append(
                maria.run(
                    "SELECT GROUP_CONCAT(column_name ORDER BY ordinal_position) FROM "
                    f"information_schema.columns WHERE table_schema = '{db}' AND table_name = 't'",
                    database=db,
                ).strip()
            )
    # the first two keep every name (a retype), the third renames d to e
    assert names == ["c,d", "c,d", "c,e"]
