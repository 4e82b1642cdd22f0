"""DBN504 in a tree that keeps one schema per database (sqlc's ondeck example).

Each copy renames ``venues`` to ``venue`` in its own file. PostgreSQL keeps
the names it gave the key, foreign key and sequence (``venues_pkey``...);
SQLite gave them none. A finding is about one copy's object, so it points at
that copy's rename, and an ignore on that statement excuses it. The names
are read back from the real catalogs.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer

CITY = "CREATE TABLE city (slug text PRIMARY KEY, name text NOT NULL);\n"
VENUES = {
    "postgresql": (
        "CREATE TABLE venues (id SERIAL PRIMARY KEY, slug text NOT NULL,"
        " city text NOT NULL REFERENCES city(slug));\n"
    ),
    "sqlite": (
        "CREATE TABLE venues (id integer PRIMARY KEY, slug text NOT NULL,"
        " city text NOT NULL REFERENCES city(slug));\n"
    ),
}
RENAME = "ALTER TABLE venues RENAME TO venue;{comment}\n"


def _tree(root: Path, comment: str = "") -> dict[str, list[Path]]:
    files: dict[str, list[Path]] = {}
    for engine, venues in VENUES.items():
        folder = root / engine / "schema"
        folder.mkdir(parents=True, exist_ok=True)
        texts = (CITY, venues, RENAME.format(comment=comment))
        files[engine] = []
        for number, text in enumerate(texts, 1):
            path = folder / f"000{number}.sql"
            path.write_text(text, encoding="utf-8")
            files[engine].append(path)
    return files


def _check(root: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(
        cli,
        ["check", "--no-cache", "--select", "DBN504", "--format", "json", "postgresql", "sqlite"],
    )
    assert result.exit_code in (0, 1), result.output
    report: dict[str, object] = json.loads(result.stdout)
    return report


def test_a_finding_points_at_its_own_copy_s_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    files = _tree(tmp_path)
    with pg.fresh_database("dbnamelint_renamed_copies") as db:
        pg.run(files=files["postgresql"], dbname=db)
        rows = pg.query_json(
            "SELECT conname AS name FROM pg_constraint WHERE conrelid = 'venue'::regclass "
            "UNION ALL SELECT relname FROM pg_class WHERE relkind = 'S'",
            db,
        )
    kept = sorted(r["name"] for r in rows if "venues" in r["name"])
    assert kept == ["venues_city_fkey", "venues_id_seq", "venues_pkey"]
    with sqlite3.connect(":memory:") as conn:
        for path in files["sqlite"]:
            conn.executescript(path.read_text(encoding="utf-8"))
        named = [
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE name LIKE 'venues%'")
        ]
    assert named == []  # SQLite named nothing after the table

    findings = _check(tmp_path, monkeypatch)["findings"]
    assert isinstance(findings, list)
    assert sorted(f["name"] for f in findings) == kept
    assert {(f["path"], f["line"]) for f in findings} == {("postgresql/schema/0003.sql", 1)}
    assert all("created at postgresql/schema/0002.sql" in f["message"] for f in findings)


def test_an_ignore_on_the_rename_statement_excuses_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, comment=" -- dbnamelint: ignore[DBN504] renamed on purpose")
    report = _check(tmp_path, monkeypatch)
    findings = report["findings"]
    assert isinstance(findings, list)
    assert sorted(f["name"] for f in findings if f["suppressed"]) == [
        "venues_city_fkey",
        "venues_id_seq",
        "venues_pkey",
    ]
    assert [f for f in findings if not f["suppressed"]] == []
    # used in the PostgreSQL copy; the SQLite copy's directive excuses nothing
    unused = report["unused_suppressions"]
    assert isinstance(unused, list)
    assert [u["path"] for u in unused] == ["sqlite/schema/0003.sql"]
