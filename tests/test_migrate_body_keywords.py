"""A body's keywords are not mentions of a column spelled the same (trial s7-t5 #3).

`migrate` lists the function and trigger bodies that still spell a renamed
column. A column named ``end`` or ``loop`` (what DBN502 asks to rename)
is spelled like PL/pgSQL's ``END IF;``, ``END;``, ``LOOP`` and SQLite's
trigger ``END``; those are the body's own syntax. Oracles: on PostgreSQL 15
every listed body fails after the forward script and every other one still
runs; on sqlite3 a trigger SQLite does not rewrite on ``RENAME COLUMN`` keeps
its ``sqlite_master`` text, so nothing in it named the column.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer, SqlFailed

PG_INIT = """CREATE TABLE ev (id int PRIMARY KEY, "end" timestamptz, "loop" int);
CREATE FUNCTION f_block() RETURNS int AS $$ BEGIN IF 1 = 1 THEN RETURN 1; END IF;
  RETURN 0; END; $$ LANGUAGE plpgsql;
CREATE FUNCTION f_loops() RETURNS int LANGUAGE plpgsql AS $body$
DECLARE
  n int := 0;
BEGIN
  LOOP
    n := n + 1;
    EXIT WHEN n > 2;
  END LOOP;
  WHILE n < 5 LOOP
    n := n + 1;
  END LOOP;
  RETURN CASE WHEN n = 5 THEN n ELSE 0 END;
END;
$body$;
CREATE FUNCTION f_quoted() RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  RETURN (SELECT count(*) FROM ev WHERE "end" IS NULL);
END;
$$;
CREATE FUNCTION f_qualified() RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  RETURN (SELECT count(e.loop) FROM ev e);
END;
$$;
CREATE FUNCTION f_sql() RETURNS bigint LANGUAGE sql
  AS $$ SELECT count(*) FROM ev WHERE ev.end IS NULL $$;
"""
PG_CALLS = ["f_block", "f_loops", "f_quoted", "f_qualified", "f_sql"]
WHITELIST = """phases: [{id: "1", title: p, status: open}]
entries:
  - {kind: column, name: ev.end, rules: [DBN502], phase: "1", target: end_at}
  - {kind: column, name: ev.loop, phase: "1", target: loop_n}
"""


def _setup(root: Path, dialect: str, init: str, monkeypatch: pytest.MonkeyPatch) -> None:
    (root / "db").mkdir()
    (root / "db" / "001.sql").write_text(init, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(f"paths: [db]\ndialect: {dialect}\n", encoding="utf-8")
    (root / "whitelist.yaml").write_text(WHITELIST, encoding="utf-8")
    monkeypatch.chdir(root)


def _function_at(line: int) -> str:
    """The function whose CREATE statement spans ``line`` of PG_INIT."""
    name = ""
    for number, text in enumerate(PG_INIT.splitlines(), 1):
        if text.startswith("CREATE FUNCTION "):
            name = text.split()[2].split("(")[0]
        if number == line:
            return name
    raise AssertionError(line)


def test_postgres_lists_exactly_the_bodies_that_break(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _setup(tmp_path, "postgres", PG_INIT, monkeypatch)
    result = CliRunner().invoke(cli, ["migrate", "--phase", "1", "--write"])
    assert result.exit_code == 0, result.stderr
    listed = [
        line.split(": function mentions ")
        for line in result.output.splitlines()
        # (the forward script's header repeats them as `-- warning:` lines)
        if ": function mentions " in line and not line.startswith("-- ")
    ]
    assert [m for _, m in listed] == ["end", "loop", "end"]
    named = {_function_at(int(where.rsplit(":", 1)[1])) for where, _ in listed}
    files = sorted((tmp_path / "db").glob("*.sql"))
    assert len(files) == 2
    with pg.fresh_database("dbnamelint_body_keywords") as db:
        pg.run(files=files, dbname=db)
        broken = set()
        for name in PG_CALLS:
            try:
                pg.run(sql=f"SELECT {name}()", dbname=db)
            except SqlFailed as exc:
                assert "does not exist" in str(exc)
                broken.add(name)
    assert named == broken == {"f_quoted", "f_qualified", "f_sql"}


def test_sqlite_trigger_end_is_not_the_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    init = (
        'CREATE TABLE events (id INTEGER PRIMARY KEY, "end" TEXT, "loop" INT, title TEXT);\n'
        "CREATE TRIGGER trg_ev AFTER UPDATE OF title ON events BEGIN\n"
        "  UPDATE events SET title = upper(NEW.title) WHERE id = NEW.id;\n"
        "END;\n"
        "CREATE TRIGGER trg_end AFTER INSERT ON events BEGIN\n"
        '  UPDATE events SET title = NEW."end" WHERE id = NEW.id;\n'
        "END;\n"
    )
    _setup(tmp_path, "sqlite", init.replace("ev.", "events."), monkeypatch)
    (tmp_path / "whitelist.yaml").write_text(WHITELIST.replace("ev.", "events."), encoding="utf-8")
    result = CliRunner().invoke(cli, ["migrate", "--phase", "1"])
    assert result.exit_code == 0, result.stderr
    noted = [line for line in result.output.splitlines() if "nothing to update by hand" in line]
    # the plan's note, repeated in the forward script's header
    assert noted[0].endswith("nothing to update by hand in db/001.sql:6 (trigger)")
    # The oracle: SQLite rewrites the second trigger's text, not the first's.
    con = sqlite3.connect(":memory:")
    con.executescript(init)
    before = dict(con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
    con.execute('ALTER TABLE events RENAME COLUMN "end" TO end_at')
    con.execute('ALTER TABLE events RENAME COLUMN "loop" TO loop_n')
    after = dict(con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
    assert before["trg_ev"] == after["trg_ev"]
    assert before["trg_end"] != after["trg_end"]
