"""A folder whose file names no known tool gives: its own migrations decide BEGIN/COMMIT,
and the plan says so (trial s22, temporal's tree before its layout was known).

The scripts of such a folder carried ``BEGIN;``/``COMMIT;`` with no note,
although the README promises the choice never goes unexplained. The oracle
runs the forward as a runner that wraps each file in its transaction does
(psql: an outer ``BEGIN``, the file, ``ROLLBACK``): only the old names may be
left, which a script of its own ``COMMIT`` breaks.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer

ORDERS = "CREATE TABLE Orders (id BIGINT PRIMARY KEY);\n"
RELATIONS = (
    "SELECT relname FROM pg_class WHERE relkind IN ('r', 'v') "
    "AND relnamespace = 'public'::regnamespace ORDER BY relname"
)


def _forward(root: Path, monkeypatch: pytest.MonkeyPatch, accounts: str) -> tuple[str, str]:
    (root / "schema").mkdir()
    (root / "schema" / "orders.sql").write_text(ORDERS, encoding="utf-8")
    (root / "schema" / "accounts.sql").write_text(accounts, encoding="utf-8")
    monkeypatch.chdir(root)
    out = root / "out.sql"
    done = CliRunner().invoke(
        cli,
        [
            "migrate",
            "schema",
            "--dialect",
            "postgres",
            "--no-cache",
            "--rename",
            "Orders=customer_orders",
            "--no-views",
            "-o",
            str(out),
        ],
    )
    assert done.exit_code == 0, done.output
    return out.read_text(encoding="utf-8"), done.output


def test_no_transaction_in_the_folder_none_in_the_script(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    forward, output = _forward(
        tmp_path, monkeypatch, "CREATE TABLE accounts (id BIGINT PRIMARY KEY);\n"
    )
    lines = [line.strip().upper() for line in forward.splitlines()]
    assert "BEGIN;" not in lines and "COMMIT;" not in lines
    assert (
        "no migration tool dbnamelint knows names the files of schema/ (--write needs "
        "--layout): its runner is not known; none of its 2 SQL migrations opens a "
        "transaction of its own"
    ) in output
    with pg.fresh_database("templayout_unknown") as db:
        pg.run(files=[tmp_path / "schema" / "orders.sql"], dbname=db)
        pg.run(sql=f"BEGIN;\n{forward}\nROLLBACK;", dbname=db)
        # the runner's rollback undid the renames: nothing committed early
        assert [r["relname"] for r in pg.query_json(RELATIONS, db)] == ["orders"]


def test_a_transaction_in_the_folder_one_in_the_script(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    forward, output = _forward(
        tmp_path, monkeypatch, "BEGIN;\nCREATE TABLE accounts (id BIGINT PRIMARY KEY);\nCOMMIT;\n"
    )
    lines = [line.strip().upper() for line in forward.splitlines()]
    assert "BEGIN;" in lines and "COMMIT;" in lines
    assert "its migrations open transactions of their own (BEGIN)" in output
