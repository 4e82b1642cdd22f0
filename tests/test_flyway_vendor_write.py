"""migrate --write in Spring Boot's ``db/migration/{common,<vendor>}`` Flyway layout.

nu-final §3: the rename of a table created in ``common/V1__init.sql`` was
written to ``common/V3__...``, but ``common/`` is what every database runs
(``spring.flyway.locations=db/migration/common,db/migration/{vendor}``) and
the forward script is PostgreSQL's own (``DO`` blocks, ``regclass``): it goes
to the folder named for the dialect, ``postgresql/``. The oracle is
PostgreSQL 15 after the files in the order Flyway runs the two locations
(one version sequence): ``drift`` is clean, so ``V3`` in ``postgresql/``
runs after ``common/V1`` and ``postgresql/V2``. The undo script ``U3`` is
Flyway Teams only (documentation.red-gate.com, "Undo": "Flyway Teams"): the
summary says so and how to roll back by hand, and running ``U3`` with psql
gives back the database of the files without ``V3`` (drift clean again).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dbnamelint.frontends.sql.sources import SourceSettings, discover
from dbnamelint.services.migrate.layout import NewFile, flyway_folder, flyway_undo_note
from git_helpers import write_files
from pg_server import PgServer, pg_url
from test_drift_tool_tables import drifted
from test_flyway_common_vendor import _run

FILES = {
    "db/migration/common/V1__init.sql": (
        "CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);\n"
        'CREATE TABLE "OrderItem" (\n'
        "    id bigint PRIMARY KEY,\n"
        "    customer_id bigint REFERENCES customers (id),\n"
        "    qty integer NOT NULL\n"
        ");\n"
    ),
    "db/migration/postgresql/V2__pg.sql": (
        "CREATE INDEX idx_customers_name ON customers (name);\n"
    ),
    "db/migration/common/R__views.sql": (
        'CREATE OR REPLACE VIEW v_order_items AS SELECT id, qty FROM "OrderItem";\n'
    ),
}


def _replay(pg: PgServer, root: Path, db: str) -> tuple[int, list[tuple[str, str, str]], str]:
    found, _ = discover(["db/migration"], SourceSettings(root=Path(), dialect="postgres"))
    pg.run(files=[root / f.path for f in found], dbname=db)
    code, out, err = _run("drift", "--db", pg_url(pg, db), "--format", "json")
    return code, drifted(out), out + err


def test_the_rename_goes_to_the_database_folder_and_replays_as_flyway_runs_it(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(tmp_path, FILES)
    (tmp_path / "dbnamelint.yaml").write_text(
        "paths: [db/migration]\ndialect: postgres\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    code, _, err = _run(
        "migrate", "--rename", '"OrderItem"=order_items', "--write", "--name", "rename"
    )
    assert code == 0, err
    vendor = tmp_path / "db/migration/postgresql"
    assert sorted(p.name for p in vendor.iterdir()) == [
        "U3__rename.sql",
        "V2__pg.sql",
        "V3__rename.sql",
    ]
    assert sorted(p.name for p in (tmp_path / "db/migration/common").iterdir()) == [
        "R__views.sql",
        "V1__init.sql",
    ]
    # The summary says Community does not run U3 and how to roll back by hand.
    assert "only in its Teams and Enterprise editions" in err, err
    assert "psql -f db/migration/postgresql/U3__rename.sql" in err, err
    assert "DELETE FROM flyway_schema_history WHERE version = '3'" in err, err
    with pg.fresh_database("dbn_flyway_vendor_write") as db:
        code, drift, shown = _replay(pg, tmp_path, db)
        assert (code, drift) == (0, []), shown
    # By hand: the undo script, then the tree without V3 matches again. (The
    # R__ view is left out: re-run after V3 it reads the compatibility view,
    # which the plan lists for an edit by hand.)
    (tmp_path / "db/migration/common/R__views.sql").unlink()
    with pg.fresh_database("dbn_flyway_vendor_undo") as db:
        code, drift, shown = _replay(pg, tmp_path, db)
        assert (code, drift) == (0, []), shown
        pg.run(files=[vendor / "U3__rename.sql"], dbname=db)
        (vendor / "V3__rename.sql").unlink()
        (vendor / "U3__rename.sql").unlink()
        code, out, err = _run("drift", "--db", pg_url(pg, db), "--format", "json")
        assert (code, drifted(out)) == (0, []), out + err


def test_no_folder_for_the_dialect_keeps_the_anchor_folder(tmp_path: Path) -> None:
    common = tmp_path / "common"
    for name in ("common", "h2", "mysql", "mariadb"):
        (tmp_path / name).mkdir()
    assert flyway_folder(common, "postgres") == common  # h2/ and mysql/ are other databases
    assert flyway_folder(common, "mariadb") == tmp_path / "mariadb"
    assert flyway_folder(common, "mysql") == tmp_path / "mysql"
    (tmp_path / "mariadb").rmdir()
    assert flyway_folder(common, "mariadb") == tmp_path / "mysql"  # one MySQL-family folder
    assert flyway_folder(tmp_path / "h2", "postgres") == tmp_path / "h2"  # not common/
    assert flyway_folder(common, None) == common


def test_the_undo_note_gives_the_version_as_flyway_records_it() -> None:
    """Flyway stores ``V1_28__`` as version ``1.28`` (``_`` read as ``.``)."""
    files = [
        NewFile(Path("db/V1_28__x.sql"), "", "forward"),
        NewFile(Path("db/U1_28__x.sql"), "", "rollback"),
    ]
    note = flyway_undo_note(files, str)
    assert note is not None
    assert "WHERE version = '1.28'" in note
    assert "applies V1_28__x.sql again" in note
    assert "psql -f db/U1_28__x.sql" in note
    assert flyway_undo_note([NewFile(Path("db/0002_x.down.sql"), "", "rollback")], str) is None


def test_the_undo_note_names_the_databases_own_client() -> None:
    files = [NewFile(Path("db/U3__x.sql"), "", "rollback")]
    assert "mariadb <database> < db/U3__x.sql" in (flyway_undo_note(files, str, "mariadb") or "")
    assert "mysql <database> < db/U3__x.sql" in (flyway_undo_note(files, str, "mysql") or "")
    assert "psql" not in (flyway_undo_note(files, str, "mysql") or "psql")
    assert "sqlcmd -i db/U3__x.sql" in (flyway_undo_note(files, str, "tsql") or "")
