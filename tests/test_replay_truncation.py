"""Names longer than 63 bytes, as PostgreSQL keeps them (s7-t1 #1).

PostgreSQL cuts every identifier longer than NAMEDATALEN - 1 = 63 bytes to
63, at a character boundary, while it lexes it (scan.l
``truncate_identifier``, ``pg_mbcliplen``; manual 4.1.1 "Identifiers and Key
Words"): the catalog holds the cut name, and a later statement that writes
the long name, or another name with the same first 63 bytes, means that
object. The files' model holds the cut name too, so ``whitelist init``,
``check``, ``check --db`` and ``drift`` agree about one database. The oracle
is PostgreSQL 15's catalog after running the same files; DBN501 still
reports the name as written (its length, and the name the database keeps).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import pg_server
from dbnamelint.cli import cli
from dbnamelint.model import ConstraintType, ObjectKind
from dbnamelint.runner.pipeline import schema_from_sql
from pg_server import pg_url

pytestmark = pytest.mark.slow

COLUMN = "a_very_long_column_name_that_goes_well_past_the_sixty_three_byte_limit"  # 70
INDEX = "an_index_name_that_is_much_longer_than_sixty_three_bytes_in_postgres"  # 68
TRIGGER = "trigger_authenticator_key_updated_time_on_authenticator_entity_updation"  # 71
TABLE = "this_is_a_very_long_table_name_for_testing_postgres_truncation_x"  # 65
UTF8 = "übersicht_der_bestellungen_für_größere_kunden_im_ausland_ñ_zwei"  # 69 bytes

#: The finding's repro, plus a long table with implicit names, multibyte
#: letters, and later statements that write the long names (or other names
#: sharing their first 63 bytes) to reach the objects.
SQL = f"""\
CREATE TABLE t (id int, {COLUMN} int);
CREATE INDEX {INDEX} ON t (id);
CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE TRIGGER {TRIGGER} BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();
CREATE TABLE {TABLE} (id int PRIMARY KEY, ref int REFERENCES {TABLE}, code text UNIQUE);
CREATE TABLE "{UTF8}" (id int);
CREATE VIEW view_of_{TABLE} AS SELECT id FROM {TABLE};
ALTER TABLE {TABLE}_and_more ADD COLUMN added int;
ALTER TABLE t RENAME COLUMN {COLUMN}_written_longer_still TO renamed_column;
ALTER INDEX {INDEX}_other_ending RENAME TO t_id_idx;
"""


def _catalog(pg: pg_server.PgServer, db: str) -> set[tuple[str, str | None, str]]:
    """(kind, table, name) of every relation, column, index, constraint and trigger."""
    rows = pg.query_json(
        """
        SELECT CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view'
               WHEN 'i' THEN 'index' ELSE 'other' END AS kind,
               NULL AS tbl, c.relname AS name
        FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace
          AND c.relkind IN ('r', 'v', 'i')
        UNION ALL
        SELECT 'column', c.relname, a.attname FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'v')
          AND a.attnum > 0 AND NOT a.attisdropped  -- a view's output columns too
        UNION ALL
        SELECT 'constraint', c.relname, k.conname FROM pg_constraint k
        JOIN pg_class c ON c.oid = k.conrelid WHERE c.relnamespace = 'public'::regnamespace
        UNION ALL
        SELECT 'trigger', c.relname, g.tgname FROM pg_trigger g
        JOIN pg_class c ON c.oid = g.tgrelid WHERE NOT g.tgisinternal
        """,
        db,
    )
    return {(r["kind"], r["tbl"], r["name"]) for r in rows}


def _model() -> set[tuple[str, str | None, str]]:
    schema = schema_from_sql(SQL, dialect="postgres")
    keys: set[tuple[str, str | None, str]] = set()
    for o in schema.objects:
        if o.kind is ObjectKind.FUNCTION:
            continue
        if o.kind is ObjectKind.INDEX:
            keys.add(("index", None, o.name))
        elif o.kind is ObjectKind.CONSTRAINT:
            keys.add(("constraint", o.table, o.name))
            if o.constraint_type in (ConstraintType.PRIMARY_KEY, ConstraintType.UNIQUE):
                keys.add(("index", None, o.name))  # the index behind the key
        else:
            keys.add((o.kind.value, o.table, o.name))
    return keys


@pytest.fixture(scope="module")
def database(pg: pg_server.PgServer) -> Iterator[tuple[str, set[tuple[str, str | None, str]]]]:
    with pg.fresh_database("dbnl_truncation") as db:
        pg.run(sql=SQL, dbname=db)
        yield pg_url(pg, db), _catalog(pg, db)


def test_model_names_are_the_names_postgres_keeps(
    database: tuple[str, set[tuple[str, str | None, str]]],
) -> None:
    _, catalog = database
    assert _model() == catalog
    # Spelt out: the catalog's names are the first 63 bytes, whole characters.
    assert ("column", "t", COLUMN[:63]) not in catalog  # renamed through a longer spelling
    assert ("column", "t", "renamed_column") in catalog
    assert ("trigger", "t", TRIGGER[:63]) in catalog
    assert ("column", TABLE[:63], "added") in catalog
    assert ("table", None, "übersicht_der_bestellungen_für_größere_kunden_im_ausland_ñ") in catalog


def test_dbn501_reports_the_written_name() -> None:
    schema = schema_from_sql(f"CREATE TABLE t ({COLUMN} int);", dialect="postgres")
    (column,) = [o for o in schema.objects if o.kind is ObjectKind.COLUMN]
    assert (column.name, column.written_name) == (COLUMN[:63], COLUMN)


def _run(root: Path, *args: str) -> Result:
    old = Path.cwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)


def _project(tmp_path: Path) -> Path:
    (tmp_path / "001_init.sql").write_text(SQL, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [.]\ndialect: postgres\n", encoding="utf-8")
    return tmp_path


def test_init_check_check_db_and_drift_agree(
    database: tuple[str, set[tuple[str, str | None, str]]], tmp_path: Path
) -> None:
    url, _ = database
    root = _project(tmp_path)
    init = _run(root, "whitelist", "init", "--no-cache")
    assert init.exit_code == 0, init.output
    entries = (root / "whitelist.yaml").read_text(encoding="utf-8")
    assert f"name: t.{TRIGGER[:63]}\n" in entries and TRIGGER not in entries
    files = _run(root, "check", "--no-cache", "--format", "json")
    live = _run(root, "check", "--no-cache", "--db", url, "--format", "json")
    assert files.exit_code == 0, files.output
    assert live.exit_code == 0, live.output
    assert json.loads(live.stdout)["stale_whitelist"] == []
    drift = _run(root, "drift", "--no-cache", "--db", url)
    assert drift.exit_code == 0, drift.output

    # Without the whitelist both report the same findings, DBN501 with the
    # written name and the one kept; the kept trigger name's trailing `_` is
    # the cut's doing, DBN501's finding, not a DBN505 (trial s10-t1).
    (root / "whitelist.yaml").unlink()
    findings = {}
    for side, extra in (("files", ()), ("db", ("--db", url))):
        out = _run(root, "check", "--no-cache", "--format", "json", *extra)
        assert out.exit_code == 1, out.output
        findings[side] = sorted((f["code"], f["name"]) for f in json.loads(out.stdout)["findings"])
    assert findings["files"] == findings["db"]
    assert ("DBN501", TRIGGER[:63]) in findings["files"]
    assert ("DBN505", TRIGGER[:63]) not in findings["files"]
    messages = json.loads(_run(root, "check", "--no-cache", "--format", "json").stdout)
    (trigger_501,) = [
        f for f in messages["findings"] if f["code"] == "DBN501" and f["name"] == TRIGGER[:63]
    ]
    assert f"'{TRIGGER}' is 71 bytes; postgres allows 63" in trigger_501["message"]
    assert f"the database keeps '{TRIGGER[:63]}'" in trigger_501["message"]
    # from the written name, as before, now readable (the first
    # "authenticator" abbreviated: 71 - 9 = 62 bytes)
    target = "trigger_auth_key_updated_time_on_authenticator_entity_updation"
    assert trigger_501["suggestion"] == target


def test_an_entry_written_with_the_whole_name_still_matches(tmp_path: Path) -> None:
    root = tmp_path
    (root / "a.sql").write_text(f"CREATE TABLE t ({COLUMN} int);\n", encoding="utf-8")
    (root / "dbnamelint.yaml").write_text("paths: [a.sql]\ndialect: postgres\n", encoding="utf-8")
    (root / "whitelist.yaml").write_text(
        f"entries:\n  - kind: column\n    name: t.{COLUMN}\n    rules: [DBN501]\n",
        encoding="utf-8",
    )
    result = _run(root, "check", "--no-cache", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["stale_whitelist"] == []
    assert [f["whitelisted"] for f in report["findings"]] == [True]
