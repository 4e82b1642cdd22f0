"""PostgreSQL's Unicode-escaped identifiers (manual, "Identifiers and Key
Words": ``U&"d\\0061ta"``, ``UESCAPE``), read as the names PostgreSQL stores.
Trial s34 ente: ``CREATE TABLE U&"Bad\\0054able"`` got ``DBN004 '&' was not
read``, and a compliant ``U&"d\\0061ta"`` was refused the same way.

Oracle: the real PostgreSQL catalog (``DBNAMELINT_TEST_PG``).
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer

SQL = (
    'CREATE TABLE U&"d\\0061ta" (U&"c\\+00006Fl" int, u&"x\\\\y" int, U&"q""t" int);\n'
    'CREATE TABLE U&"d!0061ta!!2" UESCAPE \'!\' (U&"caf\\00E9" int);\n'
    'CREATE TABLE U&"emoji_\\D83D\\DE00" (id int);\n'
    'CREATE INDEX U&"ix_\\0064ata" ON U&"\\0064ata" (U&"c\\006fl");\n'
    'ALTER TABLE data RENAME COLUMN U&"q\\0022t" TO U&"quot\\0065d";\n'
    'CREATE TABLE U&"' + "\\0061" * 70 + '" (id int);\n'
)


def _catalog(pg: PgServer, db: str) -> set[tuple[str, str]]:
    rows = pg.query_json(
        "SELECT c.relname AS rel, coalesce(a.attname, '') AS att FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND c.relkind = 'r' "
        "WHERE n.nspname = 'public'",
        db,
    )
    found = {(r["rel"], r["att"]) for r in rows}
    return found | {(rel, "") for rel, _ in found}


def _model(path: Path) -> set[tuple[str, str]]:
    result = CliRunner().invoke(
        cli, ["inspect", str(path), "--dialect", "postgres", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    out: set[tuple[str, str]] = set()
    for obj in json.loads(result.stdout)["objects"]:
        if obj["kind"] in ("table", "index"):
            out.add((obj["stored_name"], ""))
        elif obj["kind"] == "column":
            out.add((obj["table"], obj["stored_name"]))
    return out


def test_unicode_escaped_names_are_the_catalogs(pg: PgServer, tmp_path: Path) -> None:
    path = tmp_path / "u.sql"
    path.write_text(SQL)
    with pg.fresh_database("s34_ente_uescape") as db:
        pg.run(files=[path], dbname=db)
        catalog = _catalog(pg, db)
    # Before: DBN004 at the first '&', and no table read.
    assert _model(path) == catalog


def test_a_bad_unicode_escaped_name_is_judged_at_it(tmp_path: Path) -> None:
    path = tmp_path / "u.sql"
    path.write_text('CREATE TABLE U&"Bad\\0054able" (id int);\n')
    result = CliRunner().invoke(
        cli, ["check", "--no-cache", str(path), "--dialect", "postgres", "--format", "json"]
    )
    report = json.loads(result.stdout)
    assert [d["code"] for d in report["diagnostics"] if d["severity"] == "error"] == []
    assert {(f["code"], f["name"], f["line"], f["column"]) for f in report["findings"]} >= {
        ("DBN101", "BadTable", 1, 14)
    }


def test_an_escape_postgresql_refuses_is_still_an_error(tmp_path: Path) -> None:
    path = tmp_path / "u.sql"
    path.write_text('CREATE TABLE U&"bad\\00zz" (id int);\n')
    result = CliRunner().invoke(
        cli, ["check", "--no-cache", str(path), "--dialect", "postgres", "--format", "json"]
    )
    report = json.loads(result.stdout)
    assert "DBN004" in {d["code"] for d in report["diagnostics"]}
