"""``whitelist init`` over dialect copies that store one name in different case.

hawkbit keeps per-dialect Flyway folders (``db/migration/MYSQL``,
``db/migration/POSTGRESQL``) that both write ``CREATE TABLE SP_LOCK``:
MySQL/MariaDB keep a table name's case (``SP_LOCK``), PostgreSQL folds an
unquoted name to lower case (``sp_lock``). ``whitelist init`` wrote two
unquoted entries, ``SP_LOCK`` and ``sp_lock``, that the whitelist's own loader
refused as a duplicate (an unquoted entry name matches without case), so it
wrote no file (trial s33 hawkbit). The stored names come from the real
servers (``information_schema.tables`` / ``pg_class``); the written file must
load, and ``check`` must pass on every copy with it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import dbnamelint.commands.whitelist as whitelist_command
import mysql_server
import pg_server
from dbnamelint.cli import cli

CONFIG = """\
extends: [recommended]
paths: [db]
per_path:
  - paths: ["db/MYSQL/**"]
    dialect: mysql
  - paths: ["db/POSTGRESQL/**"]
    dialect: postgres
  - paths: ["db/SQLITE/**"]
    dialect: sqlite
"""
COPIES = {
    "MYSQL": "CREATE TABLE SP_LOCK (LOCK_KEY varchar(10) NOT NULL) ENGINE=InnoDB;\n",
    "POSTGRESQL": "CREATE TABLE SP_LOCK (LOCK_KEY varchar(10) NOT NULL);\n",
    "SQLITE": "CREATE TABLE SP_LOCK (LOCK_KEY varchar(10) NOT NULL);\n",
}


def _tree(tmp_path: Path, dialects: tuple[str, ...]) -> Path:
    (tmp_path / "dbnamelint.yaml").write_text(CONFIG, encoding="utf-8")
    for folder in dialects:
        path = tmp_path / "db" / folder / f"V1__a__{folder}.sql"
        path.parent.mkdir(parents=True)
        path.write_text(COPIES[folder], encoding="utf-8")
    return tmp_path


def _run(tmp_path: Path, *args: str) -> tuple[int, str]:
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(cli, list(args))
    finally:
        os.chdir(old)
    return result.exit_code, result.output


@pytest.mark.parametrize(
    "dialects", [("MYSQL", "POSTGRESQL"), ("MYSQL", "POSTGRESQL", "SQLITE"), ("MYSQL", "SQLITE")]
)
def test_case_copies_get_one_entry_that_loads(tmp_path: Path, dialects: tuple[str, ...]) -> None:
    tree = _tree(tmp_path, dialects)
    code, out = _run(tree, "whitelist", "init")
    assert code == 0, out
    data = yaml.safe_load((tree / "whitelist.yaml").read_text(encoding="utf-8"))
    tables = [e for e in data["entries"] if e["kind"] == "table"]
    # one entry for the one table, holding every rule any copy breaks
    assert [e["name"].casefold() for e in tables] == ["sp_lock"]
    assert "DBN105" in tables[0]["rules"]
    code, out = _run(tree, "check")
    assert code == 0, out


def test_stored_names_differ_by_case(
    pg: pg_server.PgServer, maria: mysql_server.MysqlServer
) -> None:
    """The oracle for why the copies' references differ: each server's catalog."""
    with maria.fresh_database("wl_case_copies") as db:
        maria.run(COPIES["MYSQL"], database=db)
        stored = maria.run(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()",
            database=db,
        )
        assert stored.split() == ["SP_LOCK"]
    with pg.fresh_database("wl_case_copies") as db:
        pg.run(sql=COPIES["POSTGRESQL"], dbname=db)
        rows = pg.query_json("SELECT relname FROM pg_class WHERE relname ILIKE 'sp_lock'", db)
        assert [r["relname"] for r in rows] == ["sp_lock"]


def test_two_tables_differing_in_case_in_one_mysql_database(
    tmp_path: Path, maria: mysql_server.MysqlServer
) -> None:
    """MySQL on Linux keeps ``Item`` and ``item`` as two tables (the server
    says so); their entries are written quoted, which compare exactly, so the
    loader takes both and each excuses its own table."""
    sql = "CREATE TABLE Item (id int);\nCREATE TABLE item (id int);\n"
    with maria.fresh_database("wl_case_tables") as db:
        maria.run(sql, database=db)
        stored = maria.run(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()",
            database=db,
        )
        assert sorted(stored.split()) == ["Item", "item"]
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "V1__a.sql").write_text(sql, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("dialect: mysql\npaths: [db]\n", encoding="utf-8")
    code, out = _run(tmp_path, "whitelist", "init")
    assert code == 0, out
    data = yaml.safe_load((tmp_path / "whitelist.yaml").read_text(encoding="utf-8"))
    assert sorted(e["name"] for e in data["entries"]) == ['"Item"', '"item"']
    code, out = _run(tmp_path, "check")
    assert code == 0, out


def test_init_never_writes_a_file_its_loader_refuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever the writer makes, the loader reads it back before the write:
    a text it refuses is a located error, and no file is written."""
    tree = _tree(tmp_path, ("POSTGRESQL",))
    real = whitelist_command.init_whitelist

    def doubled(*args: object, **kwargs: object) -> str:
        text = real(*args, **kwargs)  # type: ignore[arg-type]
        entries = text.split("entries:\n", 1)[1]
        return text + entries  # every entry twice

    monkeypatch.setattr(whitelist_command, "init_whitelist", doubled)
    code, out = _run(tree, "whitelist", "init")
    assert code == 4, out
    assert "refused by its own loader: whitelist.yaml:" in out
    assert "duplicate entry for" in out
    assert "db/POSTGRESQL/V1__a__POSTGRESQL.sql:1:" in out
    assert "nothing written" in out
    assert not (tree / "whitelist.yaml").exists()
