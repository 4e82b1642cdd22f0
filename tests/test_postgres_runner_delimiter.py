"""A ``delimiter d//`` line in a PostgreSQL file (trial s40 dolphinscheduler, F4).

dolphinscheduler's upgrade scripts for PostgreSQL wrap each guarded rename
in a function between ``delimiter d//`` and a ``d//`` line, then call it and
drop it. Its runner (``ClasspathSqlScriptParser``, Java) sends the lines of
such a block as one statement and goes back to ``;`` after it. dbnamelint
read ``DELIMITER`` as an unknown statement: a ``DBN005`` error on every new
upgrade script written in the project's own idiom, and the function's DDL
unread. Now the block is one statement and the DDL the called function
runs is read at the call, as for any PL/pgSQL function the file makes.
Oracle: PostgreSQL fed each statement as that runner cuts them (a port of
its ``parseNextSql`` below), then ``drift --db``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer


def _script(column: str, after: str) -> str:
    return (
        'CREATE TABLE rule_inputs (id int PRIMARY KEY, "value" text);\n'
        "\n"
        "delimiter d//\n"
        "CREATE OR REPLACE FUNCTION rename_rule_input_value() RETURNS void AS $$\n"
        "BEGIN\n"
        "      IF EXISTS (SELECT 1 FROM information_schema.columns\n"
        "                  WHERE table_name = 'rule_inputs' AND column_name = 'value')\n"
        "      THEN\n"
        "ALTER TABLE rule_inputs\n"
        f'    RENAME COLUMN "value" TO "{column}";\n'
        "END IF;\n"
        "END;\n"
        "$$ LANGUAGE plpgsql;\n"
        "d//\n"
        "\n"
        "select rename_rule_input_value();\n"
        "DROP FUNCTION IF EXISTS rename_rule_input_value();\n"
        f'ALTER TABLE rule_inputs ADD COLUMN "{after}" int;\n'
    )


def _runner_statements(text: str) -> list[str]:
    """The statements dolphinscheduler's ClasspathSqlScriptParser cuts
    ``text`` into (dolphinscheduler-common, ``parseNextSql``): blank and
    ``--``/``//`` lines skipped; after a ``delimiter X`` line (X not ``;``)
    the lines up to one opening with X are one statement; otherwise lines up
    to one ending in ``;``."""
    lines = text.split("\n")
    out: list[str] = []
    at = 0
    while at < len(lines):
        trimmed = lines[at].strip()
        at += 1
        if not trimmed or trimmed.startswith(("--", "//")):
            continue
        if trimmed.startswith("delimiter"):
            mark = trimmed.split(" ")[1]
            if mark == ";":
                continue
            block = []
            while at < len(lines) and not lines[at].strip().startswith(mark):
                if lines[at].strip():
                    block.append(lines[at])
                at += 1
            at += 1  # the line opening with the mark
            out.append("\n".join(block))
            continue
        pieces = [lines[at - 1]]
        while not pieces[-1].endswith(";") and at < len(lines):
            if lines[at].strip():
                pieces.append(lines[at])
            at += 1
        out.append("\n".join(pieces))
    return out


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_the_block_is_one_statement_and_its_ddl_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "x.sql").write_text(_script("DataBad", "AfterBad"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out = _run("check", "--no-cache", "--dialect", "postgres", "x.sql")
    assert code == 1, out
    assert "DBN005" not in out, out
    assert 'x.sql:10:30: DBN201 column "rule_inputs.DataBad"' in out, out
    assert 'x.sql:18:36: DBN201 column "rule_inputs.AfterBad"' in out, out


def test_the_model_is_what_the_runner_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    text = _script("data", "after_rename")
    (tmp_path / "x.sql").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    statements = _runner_statements(text)
    assert len(statements) == 5  # the table, the function, its call and drop, the column
    with pg.fresh_database("runner_delimiter") as db:
        for statement in statements:
            pg.run(sql=statement, dbname=db)
        code, out = _run(
            "drift", "--no-cache", "--dialect", "postgres", "--db", pg.url(db),
            "--format", "json", "x.sql",
        )  # fmt: skip
    assert (code, json.loads(out)["drift"]) == (0, []), out
