"""MySQL/MariaDB: a unique index is one object however it is written (trial s6t2, finding 15).

``CREATE UNIQUE INDEX u ON t (a)`` was modelled as an ``index`` (DBN302,
target ``uq_...``) while ``UNIQUE INDEX u (a)`` inside CREATE TABLE and the
live catalog gave a ``constraint`` (DBN402, target ``..._key``); ``check
--db`` then called the files' whitelist entry stale. The oracle is the real
MariaDB (``DBNAMELINT_TEST_MYSQL``): information_schema.TABLE_CONSTRAINTS
lists both spellings as UNIQUE constraints and STATISTICS as unique
indexes, so the model makes both the constraint, and ``check`` on the files
and ``check --db`` on the loaded database give the same findings.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

import mysql_server
from test_migrate_loop import _run

pytestmark = pytest.mark.slow

SQL = """\
CREATE TABLE users (id int PRIMARY KEY, email varchar(50), nick varchar(50));
CREATE UNIQUE INDEX email_unique ON users (email);
CREATE TABLE teams (id int PRIMARY KEY, slug varchar(50), UNIQUE INDEX slug_unique (slug));
ALTER TABLE users ADD UNIQUE KEY nick_unique (nick);
"""
CONFIG = """\
paths: [db]
select: [DBN3, DBN4]
rules:
  index-name-off-template:
    options: {template: "idx_{table}_{columns}", unique_template: "uq_{table}_{columns}"}
"""
WRITTEN = {("users", "email_unique"), ("teams", "slug_unique"), ("users", "nick_unique")}


def _findings(out: str) -> set[tuple[str, str, str | None, str, str | None]]:
    return {
        (f["code"], f["kind"], f["table"], f["name"], f["suggestion"])
        for f in json.loads(out)["findings"]
    }


@pytest.fixture(scope="module")
def loaded(maria: mysql_server.MysqlServer) -> Iterator[tuple[mysql_server.MysqlServer, str]]:
    with maria.fresh_database("dbnl_unique_spellings") as db:
        maria.run(SQL, database=db)
        yield maria, db


def test_the_catalog_lists_both_spellings_as_unique_constraints(
    loaded: tuple[mysql_server.MysqlServer, str],
) -> None:
    maria, db = loaded
    constraints = {
        tuple(row.split("\t"))
        for row in maria.run(
            "SELECT TABLE_NAME, CONSTRAINT_NAME, CONSTRAINT_TYPE FROM "
            "information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = DATABASE()",
            database=db,
        ).splitlines()
    }
    assert {(t, n) for t, n, kind in constraints if kind == "UNIQUE"} == WRITTEN
    indexes = {
        tuple(row.split("\t"))
        for row in maria.run(
            "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE FROM information_schema.STATISTICS "
            "WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME <> 'PRIMARY'",
            database=db,
        ).splitlines()
    }
    assert indexes == {(t, n, "0") for t, n in WRITTEN}


def test_files_and_database_give_the_same_objects_and_findings(
    loaded: tuple[mysql_server.MysqlServer, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    maria, db = loaded
    url = maria.url(db)
    root = tmp_path / "p"
    (root / "db").mkdir(parents=True)
    (root / "db" / "001.mysql.sql").write_text(SQL, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(CONFIG, encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)

    code, files_out, err = _run(root, monkeypatch, "check", "--no-whitelist", "--format", "json")
    assert code == 1, files_out + err
    code, db_out, err = _run(
        root, monkeypatch, "check", "--db", url, "--no-whitelist", "--format", "json"
    )
    assert code == 1, db_out + err
    assert _findings(files_out) == _findings(db_out)
    # the catalog's kind: every spelling is the UNIQUE constraint DBN402 judges
    assert _findings(files_out) == {
        ("DBN402", "constraint", t, n, f"{t}_{n.split('_')[0]}_key") for t, n in WRITTEN
    }

    code, out, err = _run(root, monkeypatch, "whitelist", "init")
    assert code == 0, out + err
    entries = yaml.safe_load((root / "whitelist.yaml").read_text(encoding="utf-8"))["entries"]
    assert {(e["kind"], e["name"]) for e in entries} == {
        ("constraint", f"{t}.{n}") for t, n in WRITTEN
    }
    code, out, err = _run(root, monkeypatch, "check")
    assert code == 0, out + err
    code, out, err = _run(root, monkeypatch, "check", "--db", url)
    assert code == 0, out + err
    assert "DBN900" not in out + err  # the entry is not called stale
    assert "Not failing: 3 whitelisted (legacy) findings." in out


def test_migrate_renames_every_spelling_on_mariadb(
    maria: mysql_server.MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "m"
    (root / "db").mkdir(parents=True)
    (root / "db" / "001.mysql.sql").write_text(SQL, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(CONFIG, encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    code, out, err = _run(root, monkeypatch, "whitelist", "init")
    assert code == 0, out + err
    code, out, err = _run(root, monkeypatch, "migrate", "--all", "--dialect", "mysql")
    assert code == 0, out + err
    forward = out.split("-- ==== forward ====")[1].split("-- ==== rollback ====", maxsplit=1)[0]
    rollback = out.split("-- ==== rollback ====")[1].split("-- ==== cleanup", maxsplit=1)[0]
    names = (
        "SELECT TABLE_NAME, CONSTRAINT_NAME FROM information_schema.TABLE_CONSTRAINTS "
        "WHERE TABLE_SCHEMA = DATABASE() AND CONSTRAINT_TYPE = 'UNIQUE'"
    )
    with maria.fresh_database("dbnl_unique_migrate") as db:
        maria.run(SQL, database=db)
        maria.run(forward, database=db)
        after = {tuple(r.split("\t")) for r in maria.run(names, database=db).splitlines()}
        maria.run(rollback, database=db)
        back = {tuple(r.split("\t")) for r in maria.run(names, database=db).splitlines()}
    assert after == {
        ("users", "users_email_key"),
        ("teams", "teams_slug_key"),
        ("users", "users_nick_key"),
    }
    assert back == WRITTEN
