"""Case rules judge the words an unquoted name was written with (``judge: written``).

PostgreSQL folds an unquoted ``CREATE TABLE apiTokens (userId int)`` to
``apitokens``/``userid`` (the real server's ``pg_class``/``pg_attribute``
below): snake_case letters, but the word boundary the capitals marked is
gone, and the team's "no camelCase, no PascalCase" standard is about the
name as written. DBN101/DBN201 flag it, say what the database folds it to,
and give the words back as the fix (``api_tokens``, ``user_id``), in
``check``, ``whitelist init`` and ``migrate`` alike; the object's identity
stays the folded name. MariaDB and SQLite store the name as written (their
catalogs below), so there the stored name itself is judged, as before. A
whitelist entry written before (for another rule) still excuses the object.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

import mysql_server
from pg_server import PgServer
from test_migrate_dependent_targets import _entries, _init, _phase, _project
from test_migrate_loop import _git, _run

SQL = (
    "CREATE TABLE apiTokens (id int PRIMARY KEY, userId int, CREATED_AT int);\n"
    "CREATE TABLE Accounts (id int PRIMARY KEY);\n"
)
CONFIG = "paths: [db]\ndialect: {dialect}\n"


def _findings(root: Path, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    code, out, err = _run(root, monkeypatch, "check", "--format", "json")
    assert code in (0, 1), out + err
    findings: list[dict[str, object]] = json.loads(out)["findings"]
    return findings


def test_postgres_folded_words_are_flagged_with_the_catalog_name(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pg.fresh_database("dbnl_written_case") as db:
        pg.run(sql=SQL, dbname=db)
        tables = {
            r["relname"]
            for r in pg.query_json(
                "SELECT relname FROM pg_class WHERE relkind = 'r' AND "
                "relnamespace = 'public'::regnamespace",
                db,
            )
        }
        columns = {
            r["attname"]
            for r in pg.query_json(
                "SELECT attname FROM pg_attribute WHERE attrelid = 'apitokens'::regclass "
                "AND attnum > 0",
                db,
            )
        }
    assert tables == {"apitokens", "accounts"}
    assert columns == {"id", "userid", "created_at"}

    root = _project(tmp_path, SQL, CONFIG.format(dialect="postgres"))
    findings = _findings(root, monkeypatch)
    assert {(f["code"], f["name"], f["suggestion"]) for f in findings} == {
        ("DBN101", "apiTokens", "api_tokens"),
        ("DBN201", "userId", "user_id"),
    }  # Accounts, CREATED_AT: the catalog's accounts, created_at keep every word
    messages = {str(f["name"]): str(f["message"]) for f in findings}
    assert "the database folds it to 'apitokens'" in messages["apiTokens"]
    assert "the database folds it to 'userid'" in messages["userId"]

    # identity stays the catalog's name: entries name apitokens, as pg_class does
    _init(root, monkeypatch)
    assert {(e["name"], e.get("target")) for e in _entries(root)} == {
        ("apitokens", "api_tokens"),
        ("apitokens.userid", "user_id"),
    }
    plan = _phase(root, monkeypatch, "1")  # migrate --write, prune, check clean
    assert "apitokens -> api_tokens" in plan
    forward = sorted(p for p in (root / "db").glob("002_*.sql") if ".down." not in p.name)
    with pg.fresh_database("dbnl_written_case_after") as db:
        pg.run(files=[root / "db" / "001_init.sql", *forward], dbname=db)
        after = {
            (r["relname"], r["attname"])
            for r in pg.query_json(
                "SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c "
                "ON c.oid = a.attrelid WHERE c.relkind = 'r' AND a.attnum > 0 AND "
                "c.relnamespace = 'public'::regnamespace",
                db,
            )
        }
    assert ("api_tokens", "user_id") in after
    assert not {t for t, _ in after} & {"apitokens"}


def test_judge_catalog_judges_the_stored_name_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = CONFIG.format(dialect="postgres") + (
        "rules:\n  table-name-wrong-case:\n    options: {judge: catalog}\n"
        "  column-name-wrong-case:\n    options: {judge: catalog}\n"
    )
    root = _project(tmp_path, SQL, config)
    assert _findings(root, monkeypatch) == []


def test_mariadb_keeps_the_spelling_so_the_stored_name_is_judged(
    maria: mysql_server.MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MariaDB (lower_case_table_names=0) stores apiTokens and Accounts as
    written: the stored name is not snake_case, a finding with no fold."""
    with maria.fresh_database("s35_writtencase") as db:
        maria.run(SQL, database=db)
        stored = set(
            maria.run(
                "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
                " UNION ALL SELECT COLUMN_NAME FROM information_schema.COLUMNS"
                " WHERE TABLE_SCHEMA = DATABASE()",
                database=db,
            ).split()
        )
    assert stored == {"apiTokens", "Accounts", "id", "userId", "CREATED_AT"}
    root = _project(tmp_path, SQL, CONFIG.format(dialect="mysql"))
    findings = _findings(root, monkeypatch)
    assert {(f["code"], f["name"], f["suggestion"]) for f in findings} >= {
        ("DBN101", "apiTokens", "api_tokens"),
        ("DBN101", "Accounts", "accounts"),
        ("DBN201", "userId", "user_id"),
        ("DBN201", "CREATED_AT", "created_at"),
    }
    assert all("folds" not in str(f["message"]) for f in findings)


def test_sqlite_keeps_the_spelling_so_the_stored_name_is_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with sqlite3.connect(":memory:") as db:
        db.executescript(SQL)
        stored = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert {"apiTokens", "Accounts"} <= stored
    root = _project(tmp_path, SQL, CONFIG.format(dialect="sqlite"))
    findings = _findings(root, monkeypatch)
    assert {(f["code"], f["name"]) for f in findings} >= {
        ("DBN101", "apiTokens"),
        ("DBN101", "Accounts"),
    }
    assert all("folds" not in str(f["message"]) for f in findings)


#: What ``whitelist init`` wrote for ``CREATE TABLE invoiceLine`` before the
#: words were judged: DBN105 only (the stored invoiceline is singular).
LEGACY_WHITELIST = """\
phases:
  - id: "1"
    title: "Legacy names"
    status: open
entries:
  - kind: table
    name: invoiceline
    rules: [DBN105]
    phase: "1"
    target: invoice_lines
"""
#: An entry for DBN105 alone on a quoted name, whose case finding is no new one.
QUOTED_ENTRY = """\
  - kind: table
    name: '"PaymentLine"'
    rules: [DBN105]
    phase: "1"
    target: payment_lines
"""


def test_existing_whitelist_entries_still_excuse_their_objects(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No whitelist churn: the entry excuses the new written-words finding on
    its object; it does not excuse a case finding it never listed on a quoted
    name (stored ``PaymentLine``), which failed before too."""
    sql = "CREATE TABLE invoiceLine (id int);\n"
    root = _project(tmp_path, sql, CONFIG.format(dialect="postgres"))
    (root / "whitelist.yaml").write_text(LEGACY_WHITELIST, encoding="utf-8")
    findings = _findings(root, monkeypatch)
    assert {(f["code"], f["whitelisted"]) for f in findings} == {
        ("DBN101", True),
        ("DBN105", True),
    }
    code, out, err = _run(root, monkeypatch, "check")
    assert code == 0, out + err

    sql += 'CREATE TABLE "PaymentLine" (id int);\n'
    (root / "db" / "001_init.sql").write_text(sql, encoding="utf-8")
    (root / "whitelist.yaml").write_text(LEGACY_WHITELIST + QUOTED_ENTRY, encoding="utf-8")
    findings = _findings(root, monkeypatch)
    assert {(f["code"], f["name"], f["whitelisted"]) for f in findings} == {
        ("DBN101", "invoiceLine", True),
        ("DBN105", "invoiceLine", True),
        ("DBN101", "PaymentLine", False),
        ("DBN105", "PaymentLine", True),
    }


def test_gate_does_not_report_unchanged_legacy_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``check --base``: a name judged as written since this version, but
    committed before, is no new finding of a change (nothing to whitelist)."""
    root = _project(tmp_path, SQL, CONFIG.format(dialect="postgres"))
    (root / "db" / "002_more.sql").write_text("CREATE TABLE audit_logs (id int);\n", "utf-8")
    _git(root, "add", "-A")
    code, out, err = _run(root, monkeypatch, "check", "--base", "HEAD")
    assert code == 0, out + err
    (root / "db" / "003_new.sql").write_text("CREATE TABLE refreshTokens (id int);\n", "utf-8")
    code, out, err = _run(root, monkeypatch, "check", "--base", "HEAD")
    assert code == 1, out + err
    assert "refreshTokens" in out and "refresh_tokens" in out
    assert "apiTokens" not in out
