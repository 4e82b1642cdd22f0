"""``drift``'s text report: in file and line order, counted as ``check``
counts, and a compatibility view left behind located at the cleanup that
drops it (trial s11 finding 7).

The real PostgreSQL catalog is the oracle: each database is built from the
first migration files (as golang-migrate would, with its version table), then
changed by hand; the files' line numbers are those of the statements written
here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer

INIT = (
    "CREATE TABLE orders (id int PRIMARY KEY, total numeric);\n"  # 1
    "CREATE INDEX orders_total_idx ON orders (total);\n"  # 2
    "CREATE TABLE legacy (id int PRIMARY KEY);\n"  # 3
)
RENAME = (
    "ALTER TABLE legacy RENAME TO shop_legacy;\n"  # 1
    "CREATE VIEW legacy AS SELECT * FROM shop_legacy;\n"  # 2
    "ALTER INDEX orders_total_idx RENAME TO idx_orders_total;\n"  # 3
    "ALTER TABLE orders RENAME COLUMN total TO amount;\n"  # 4
)
CLEANUP = "CREATE TABLE notes (id int);\nDROP VIEW legacy;\n"
VERSIONS = (
    "CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);"
    "INSERT INTO schema_migrations VALUES (2, false);"
)


def project(root: Path, files: dict[str, str]) -> list[Path]:
    (root / "migrations").mkdir()
    for name, sql in files.items():
        (root / "migrations" / name).write_text(sql, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text("paths: [migrations]\ndialect: postgres\n")
    return [root / "migrations" / name for name in files]


def col(sql: str, line: int, word: str) -> str:
    """``line:column`` of ``word`` on 1-based ``line`` of ``sql``: where a reader finds it."""
    return f"{line}:{sql.splitlines()[line - 1].index(word) + 1}"


def drift(pg: PgServer, db: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["drift", "--db", pg.url(db), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout


def test_lines_in_file_order_counted_and_the_view_at_its_cleanup(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    init, rename, _cleanup = project(
        tmp_path,
        {
            "000001_init.up.sql": INIT,
            "000002_rename.up.sql": RENAME,
            "000003_cleanup.up.sql": CLEANUP,
        },
    )
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbn_drift_order") as db:
        pg.run(files=[init, rename], dbname=db)
        # By hand: the index and column renames undone, a table of its own.
        pg.run(
            sql="ALTER INDEX idx_orders_total RENAME TO orders_total_idx;"
            "ALTER TABLE orders RENAME COLUMN amount TO total;"
            "CREATE TABLE scratch (x int);" + VERSIONS,
            dbname=db,
        )
        code, text = drift(pg, db)
        _, report = drift(pg, db, "--format", "json")
    assert code == 1, text
    where = f"postgresql://127.0.0.1:{pg.url(db).rsplit(':', 1)[1]}"
    cleanup = "migrations/000003_cleanup.up.sql"
    # (the version table's own note, said before, is left out here)
    rename = "migrations/000002_rename.up.sql"
    old_name = "the database still has the old name"
    assert [x for x in text.splitlines() if not x.startswith("note: the database is at")] == [
        f"{rename}:{col(RENAME, 3, 'idx_orders_total')}: renamed_in_files: index "
        f"orders.orders_total_idx was renamed to idx_orders_total in the files; {old_name}",
        f"{rename}:{col(RENAME, 4, 'amount')}: renamed_in_files: column orders.total was "
        f"renamed to amount in the files; {old_name}",
        f"{cleanup}:{col(CLEANUP, 1, 'notes')}: only_in_files: table notes is in the files "
        f"but not in the database [not applied yet: {cleanup}]",
        f"{cleanup}:{col(CLEANUP, 2, 'legacy')}: compatibility_view_left: view legacy is a "
        "compatibility view for shop_legacy, dropped here in the files but still in the "
        f"database [not applied yet: {cleanup}]",
        f"{where}#public.scratch:1:1: only_in_database: table scratch is in the database but "
        "not in the files",
        "note: 2 of the 5 differences come from migration files the database has not "
        "applied (marked [not applied yet]): run the migrations",
        f"Drift: 5 differences between {where} and the files "
        # 12: the view legacy's column id is in the database's model too
        "(10 objects in the files, 12 in the database).",
    ]
    [left] = [d for d in json.loads(report)["drift"] if d["drift"] == "compatibility_view_left"]
    assert (left["path"], left["line"], left["not_applied_yet"]) == (cleanup, 2, cleanup)


def test_one_difference_is_one_and_a_view_no_file_drops_says_so(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The files rename the table and never make a view; the database has a
    view of the old name (made by hand): there is no cleanup to point at."""
    init, rename = project(
        tmp_path,
        {
            "000001_init.up.sql": INIT,
            "000002_rename.up.sql": "ALTER TABLE legacy RENAME TO shop_legacy;\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbn_drift_one") as db:
        pg.run(files=[init, rename], dbname=db)
        code, text = drift(pg, db)
        assert code == 0, text
        assert text.splitlines()[-1].endswith("matches the files (8 objects compared).")
        pg.run(sql="CREATE VIEW legacy AS SELECT * FROM shop_legacy;", dbname=db)
        code, text = drift(pg, db)
    assert code == 1, text
    lines = text.splitlines()
    renamed = col("ALTER TABLE legacy RENAME TO shop_legacy;", 1, "shop_legacy")
    assert lines[0] == (
        f"migrations/000002_rename.up.sql:{renamed}: compatibility_view_left: view legacy has "
        "an earlier name of table shop_legacy (renamed here), but no file creates or drops "
        "it: it is in the database only"
    )
    assert lines[-1].startswith("Drift: 1 difference between ")
