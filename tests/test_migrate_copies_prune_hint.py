"""A tree kept for several databases: the hint after `--write`, and a prune in between.

flipt (trial s21 #4) keeps one golang-migrate folder per database. Its
column ``key`` is a reserved word in MySQL only (DBN502), so the whitelist
entry is a MySQL finding: once the MySQL copy's migration was written, a
prune removed the entry ("no longer breaks DBN502"), and `migrate --dialect
postgres` had nothing to plan ("phase 1 has no entry left"), while the Go
code both databases share still named ``"key"``. The hint now names the
other copies' runs, and (trial s23) the entry stays until every copy has
its rename: `check` says which copy is left (DBN913) and a prune keeps it.
The databases are the oracle of what following it gives: MariaDB and
PostgreSQL each run their copy.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import mysql_server
from dbnamelint.cli import cli
from pg_server import PgServer


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output + result.stderr


def _tree(root: Path) -> None:
    (root / "db" / "mysql").mkdir(parents=True)
    (root / "db" / "postgres").mkdir(parents=True)
    (root / "db" / "mysql" / "1_init.up.sql").write_text(
        "CREATE TABLE flags (id int PRIMARY KEY, `key` varchar(10));\n", encoding="utf-8"
    )
    (root / "db" / "postgres" / "1_init.up.sql").write_text(
        'CREATE TABLE flags (id int PRIMARY KEY, "key" varchar(10));\n', encoding="utf-8"
    )
    (root / "dbnamelint.yaml").write_text("paths: [db/mysql, db/postgres]\n", encoding="utf-8")


def test_hint_then_both_copies_renamed(
    pg: PgServer,
    maria: mysql_server.MysqlServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert _run("whitelist", "init")[0] == 0
    code, out = _run("migrate", "--phase", "1", "--dialect", "mysql", "--write")
    assert code == 0, out
    assert "next: write the other copies' migrations (--dialect postgres, same phase)" in out
    assert "an entry stays while another copy still has its old name" in out

    # Pruned in between: the entry stays (the postgres copy still has "key"),
    # check names the run left, and that run still has the entry to plan.
    whitelist = (tmp_path / "whitelist.yaml").read_bytes()
    code, out = _run("check")
    assert code == 1 and "DBN913 error: column flags.key was renamed to its target" in out, out
    assert "`dbnamelint migrate --phase 1 --dialect postgres --write` writes its rename" in out
    code, out = _run("whitelist", "prune")
    assert code == 0 and "kept column flags.key (whitelist.yaml:" in out, out
    assert (tmp_path / "whitelist.yaml").read_bytes() == whitelist
    code, out = _run("migrate", "--phase", "1", "--dialect", "postgres", "--write")
    assert code == 0, out
    code, out = _run("whitelist", "prune")
    assert code == 0, out
    assert "removed column flags.key (whitelist.yaml:" in out
    assert "(the mysql copy) and db/postgres/" in out and "(the postgres copy)" in out, out
    code, out = _run("check")
    assert code == 0, out
    with maria.fresh_database("dbnl_copies_prune") as db:
        for f in sorted((tmp_path / "db" / "mysql").glob("*.up.sql")):
            maria.run(file=f, database=db)
        mysql_columns = maria.run(
            "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = "
            "DATABASE() AND TABLE_NAME = 'flags' ORDER BY ORDINAL_POSITION",
            database=db,
        ).split()
    with pg.fresh_database("dbnl_copies_prune") as db:
        pg.run(files=sorted((tmp_path / "db" / "postgres").glob("*.up.sql")), dbname=db)
        rows = pg.query_json(
            "SELECT attname FROM pg_attribute WHERE attrelid = 'flags'::regclass "
            "AND attnum > 0 ORDER BY attnum",
            db,
        )
    assert mysql_columns == ["id", "flag_key"]
    assert [r["attname"] for r in rows] == ["id", "flag_key"]
