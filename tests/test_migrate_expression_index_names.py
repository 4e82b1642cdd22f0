"""An expression index's implicit name follows its table as PostgreSQL names it (s7-t5 #5).

PostgreSQL names an index ``<table>_<column names>_idx`` where an
expression element is named by ``FigureIndexColname`` (``ChooseIndexColumnNames``
in indexcmds.c, ``FigureColnameInternal`` in parse_target.c): a function
call by its name, a cast by what it casts or else its type, ``CASE`` as
``case``, any other expression ``expr``. `migrate` recomputes the name for
the renamed table the same way. Oracle: PostgreSQL 15 itself, creating the
renamed table and its indexes from scratch; after the forward script the
database holds exactly those names, and the rollback restores the old ones.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer

ELEMENTS = [
    'UNIQUE INDEX ON "UserAccounts" (lower("emailAddress"))',  # function call
    'INDEX ON "UserAccounts" (("emailAddress"::varchar(20)))',  # cast of a column
    'INDEX ON "UserAccounts" ((CAST(n + m AS bigint)))',  # cast of an expression
    'INDEX ON "UserAccounts" ((n + m))',  # arithmetic
    'INDEX ON "UserAccounts" ((CASE WHEN n > 0 THEN 1 ELSE 0 END))',
    'INDEX ON "UserAccounts" (upper(lower("emailAddress")))',  # nested call
    'INDEX ON "UserAccounts" (coalesce(n, m))',
    'INDEX ON "UserAccounts" (id, lower("emailAddress"))',  # column + expression
    'INDEX ON "UserAccounts" ((n::text), m)',  # expression + column
    'INDEX ON "UserAccounts" ((n * 2), (m * 2))',  # two expressions
    'INDEX ON "UserAccounts" (n) INCLUDE (m)',  # INCLUDE columns name it too
    'INDEX ON "UserAccounts" (lower("emailAddress")) INCLUDE ("emailAddress")',
]
INIT = (
    'CREATE TABLE "UserAccounts" (id int PRIMARY KEY, "emailAddress" text, n int, m int);\n'
    + "".join(f"CREATE {e};\n" for e in ELEMENTS)
    + 'ALTER TABLE "UserAccounts" ADD UNIQUE (m) INCLUDE ("emailAddress");\n'
)


def _renamed(sql: str) -> str:
    """The same schema written for the renamed table and column."""
    return sql.replace('"UserAccounts"', "user_accounts").replace('"emailAddress"', "email_address")


def _indexes(pg: PgServer, db: str, table: str) -> list[str]:
    """The table's index names (an index-backed key's too), in creation order."""
    rows = pg.query_json(
        "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        f"WHERE i.indrelid = '{table}'::regclass ORDER BY c.oid",
        db,
    )
    return [str(r["relname"]) for r in rows]


def test_expression_index_names_follow_the_table_as_postgres_names_them(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "001.sql").write_text(INIT, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(cli, ["whitelist", "init"]).exit_code == 0
    result = runner.invoke(cli, ["migrate", "--phase", "1", "--write"])
    assert result.exit_code == 0, result.stderr
    planned = dict(
        re.findall(
            r"(?:index|constraint) +user_accounts\.(\S+) -> (\S+) +\(implicit name\)",
            result.output,
        )
    )
    forward, rollback = (
        sorted((tmp_path / "db").glob("*.sql"))[1],
        next((tmp_path / "rollbacks").glob("*.sql")),
    )
    with pg.fresh_database("dbnamelint_expr_index_fresh") as db:
        pg.run(sql=_renamed(INIT), dbname=db)
        fresh = _indexes(pg, db, "user_accounts")
    with pg.fresh_database("dbnamelint_expr_index_names") as db:
        pg.run(files=[tmp_path / "db" / "001.sql"], dbname=db)
        before = _indexes(pg, db, '"UserAccounts"')
        pg.run(files=[forward], dbname=db)
        after = _indexes(pg, db, "user_accounts")
        pg.run(files=[rollback], dbname=db)
        back = _indexes(pg, db, '"UserAccounts"')
    assert after == fresh
    assert back == before
    # every index the model named as PostgreSQL did, then planned as it names them
    assert [planned[old] for old in before if old in planned] == [
        new for old, new in zip(before, fresh, strict=True) if old in planned
    ]
    assert set(planned) == set(before)
    assert {
        "user_accounts_lower_idx",
        "user_accounts_expr_expr1_idx",
        "user_accounts_n_m_idx",
        "user_accounts_lower_email_address_idx",
        "user_accounts_m_email_address_key",
    } <= set(fresh)
    assert runner.invoke(cli, ["whitelist", "prune"]).exit_code == 0
    checked = runner.invoke(cli, ["check"])
    assert checked.exit_code == 0, checked.output
