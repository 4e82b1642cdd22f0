"""``whitelist add '"fooBar"'``: a quoted column's, index's or constraint's own name.

The qualified ``'"BadTable"."Bad_idx"'`` found the index while the own name
alone, quoted as PostgreSQL stores it, found nothing (review s15 #5); the
unquoted ``fooBar`` found it. Now the quoted own name resolves as the
qualified form does: the same entry is written, a name several tables'
objects share is refused as ambiguous, and a quoted name compares exactly
(``"foobar"`` is no column of the table). The oracle is real PostgreSQL:
the names come from its catalog, and it refuses ``"foobar"``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pg_server import PgServer, SqlFailed
from test_migrate_loop import _run

SQL = """\
CREATE TABLE "BadTable" (
    id int PRIMARY KEY,
    "fooBar" int,
    CONSTRAINT "Bad_check" CHECK ("fooBar" > 0)
);
CREATE INDEX "Bad_idx" ON "BadTable" ("fooBar");
"""
#: Another table with a column of the same own name.
OTHER = 'CREATE TABLE "OtherTable" (id int PRIMARY KEY, "fooBar" int);\n'

#: The catalog's own name of the column, the index and the constraint under test.
CATALOG = """\
SELECT 'column' AS kind, attname::text AS name FROM pg_attribute
 WHERE attrelid = '"BadTable"'::regclass AND attnum > 0 AND attname <> 'id'
UNION ALL
SELECT 'index', indexname::text FROM pg_indexes
 WHERE tablename = 'BadTable' AND indexname <> 'BadTable_pkey'
UNION ALL
SELECT 'constraint', conname::text FROM pg_constraint
 WHERE conrelid = '"BadTable"'::regclass AND contype = 'c'
"""


def _project(root: Path, sql: str) -> Path:
    (root / ".git").mkdir(parents=True)
    (root / "db").mkdir()
    (root / "db" / "001.sql").write_text(sql, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n", encoding="utf-8")
    return root


def _catalog_names(pg: PgServer, sql: str) -> list[tuple[str, str]]:
    with pg.fresh_database("wl_add_own_name") as db:
        pg.run(sql=sql, dbname=db)
        rows = pg.query_json(CATALOG, dbname=db)
        pg.run(sql='SELECT "fooBar" FROM "BadTable";', dbname=db)
        with pytest.raises(SqlFailed, match="does not exist"):
            pg.run(sql='SELECT "foobar" FROM "BadTable";', dbname=db)
    return sorted((r["kind"], r["name"]) for r in rows)


def test_a_quoted_own_name_adds_what_the_qualified_name_adds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    names = _catalog_names(pg, SQL)
    assert names == [("column", "fooBar"), ("constraint", "Bad_check"), ("index", "Bad_idx")]
    for kind, name in names:
        own = _project(tmp_path / kind / "own", SQL)
        qualified = _project(tmp_path / kind / "qualified", SQL)
        code, out, err = _run(own, monkeypatch, "whitelist", "add", f'"{name}"')
        assert code == 0, out + err
        assert f"added {kind} BadTable.{name} " in out
        code, out, err = _run(qualified, monkeypatch, "whitelist", "add", f'"BadTable"."{name}"')
        assert code == 0, out + err
        written = (own / "whitelist.yaml").read_text(encoding="utf-8")
        assert written == (qualified / "whitelist.yaml").read_text(encoding="utf-8")
        # The entry excuses the object: its finding is gone from check.
        code, out, err = _run(own, monkeypatch, "check", "--no-cache")
        assert f"BadTable.{name}" not in out, out


def test_a_quoted_own_name_two_tables_share_is_ambiguous(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path, SQL + OTHER)
    code, _, err = _run(root, monkeypatch, "whitelist", "add", '"fooBar"')
    assert code == 2
    assert "names several objects with findings" in err
    assert "column BadTable.fooBar; column OtherTable.fooBar" in err
    assert not (root / "whitelist.yaml").exists()


def test_a_quoted_own_name_compares_exactly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path, SQL)
    code, _, err = _run(root, monkeypatch, "whitelist", "add", '"foobar"')
    assert code == 2
    assert "no object of that name" in err
