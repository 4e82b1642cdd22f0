"""What a psql script's transactions undo is no part of the model.

psql reads a meta-command's arguments to the end of its line (psql manual,
"Meta-Commands": "Parsing for arguments stops at the end of the line, or
when another unquoted backslash is found"), so in ``BEGIN; \\ir x.sql
COMMIT;`` the ``COMMIT;`` is an extra argument of ``\\ir``, ignored (psql 15:
``warning: \\ir: extra argument "COMMIT;" ignored``): the transaction is
still open when psql exits, and the server rolls it back; nothing of it is
made. dbnamelint modelled every table as created. Likewise ``ROLLBACK`` and
``ROLLBACK TO SAVEPOINT`` undo what ran before them. And the arguments end
earlier where psql says: at ``\\\\`` (the SQL after it runs; dbnamelint
skipped it) or at another meta-command's backslash (``\\ir x.sql \\ir
y.sql`` runs both; dbnamelint followed the first only). Oracle: psql on
PostgreSQL 15 runs each script (``psql -f``): ``inspect`` lists the tables
psql made, no more, ``drift --db`` finds no difference, and a ``DBN036``
warning is at each statement opening what is undone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cli_json import diagnostic_codes, run_cli
from pg_server import PgServer

INCLUDED = "CREATE TABLE included_things (id int);\n"

CASES = {
    # the brief's line: COMMIT is \ir's argument; the line after is in the transaction too
    "commit-swallowed": (
        "BEGIN; \\ir x.sql COMMIT;\nCREATE TABLE after_line (id int);\n",
        [1],
    ),
    # \\ir on a line of its own: COMMIT runs
    "commit-runs": ("BEGIN;\n\\ir x.sql\nCOMMIT;\nCREATE TABLE after_line (id int);\n", []),
    "rollback": (
        "\\set ON_ERROR_STOP on\nBEGIN;\nCREATE TABLE undone (id int);\nROLLBACK;\n"
        "CREATE TABLE kept (id int);\nSTART TRANSACTION;\nCREATE TABLE kept_too (id int);\n"
        "SAVEPOINT s1;\n\\ir x.sql\nCREATE TABLE undone_too (id int);\n"
        "ROLLBACK TO SAVEPOINT s1;\nCREATE TABLE after_savepoint (id int);\nEND;\n",
        [2, 8],
    ),
    # the arguments end at \\ (SQL goes on) or at the next meta-command's
    # backslash; \! takes the whole line, shell and all
    "argument-ends": (
        "\\set a 1 \\\\ CREATE TABLE after_separator (id int);\n"
        "\\ir x.sql \\ir y.sql\n"
        "\\echo hi \\\\ CREATE TABLE after_echo (id int);\n"
        "\\echo 'a \\\\ b' \\\\ CREATE TABLE after_quoted (id int);\n"
        "\\! echo x \\\\ CREATE TABLE shell_words AS SELECT 1 AS id;\n",
        [],
    ),
    "abort-and-chain": (
        "\\ir x.sql\nBEGIN;\nCREATE TABLE undone (id int);\nABORT AND CHAIN;\n"
        "CREATE TABLE chained (id int);\nCOMMIT;\n",
        [2],
    ),
}


def _tables(report: Any) -> list[str]:
    return sorted(o["name"] for o in report["objects"] if o["kind"] == "table")


@pytest.mark.parametrize("case", list(CASES))
def test_the_model_holds_what_psql_keeps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer, case: str
) -> None:
    script, warned = CASES[case]
    monkeypatch.chdir(tmp_path)
    Path("main.sql").write_text(script, encoding="utf-8")
    Path("x.sql").write_text(INCLUDED, encoding="utf-8")
    Path("y.sql").write_text("CREATE TABLE included_others (id int);\n", encoding="utf-8")
    with pg.fresh_database("dbnl_psql_session") as db:
        pg.run(files=[Path("main.sql")], dbname=db)  # psql -f main.sql
        made = pg.public_tables(db)
        _, report, output = run_cli(
            "inspect", "--no-cache", "--dialect", "postgres", "--format", "json", "main.sql"
        )
        assert _tables(report) == made, output
        assert [line for *_, line in diagnostic_codes(report, "DBN036")] == warned, output
        code, report, output = run_cli(
            "drift", "--no-cache", "--dialect", "postgres", "--db", pg.url(db), "--format",
            "json", "main.sql",
        )  # fmt: skip
        assert (code, report["drift"]) == (0, []), output
    if case == "commit-swallowed":
        assert made == []


def test_a_file_without_meta_commands_is_not_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file with no psql meta-command may be run by any tool (one that
    commits for it, or runs it in its own transaction): read as written."""
    monkeypatch.chdir(tmp_path)
    Path("main.sql").write_text("BEGIN;\nCREATE TABLE things (id int);\n", encoding="utf-8")
    _, report, output = run_cli(
        "inspect", "--no-cache", "--dialect", "postgres", "--format", "json", "main.sql"
    )
    assert _tables(report) == ["things"], output
    assert diagnostic_codes(report, "DBN036") == [], output
