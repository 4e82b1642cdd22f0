"""Scripts the migration tool runs again are listed and hold the cleanup back (trial s8-t1 #1).

Flyway applies a repeatable ``R__*.sql`` after the versioned migrations on
every fresh install and again whenever its checksum changes, and runs SQL
callbacks (``afterMigrate.sql``, ``afterMigrate__x.sql``: the ids of
Flyway's ``org.flywaydb.core.api.callback.Event``) at every migrate;
Liquibase re-runs a ``runOnChange:true`` changeset when it is edited and a
``runAlways:true`` one at every update (Liquibase docs, "runOnChange",
"runAlways"). Their text runs again as written, so an old name there breaks
once the cleanup drops the compatibility view. Oracles: the files applied in
Flyway's order to PostgreSQL 15 and MariaDB (``relation "sla_monitor" does
not exist`` / error 1146 after the forced cleanup; clean after the fix).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.services.migrate.bodies import rerun_script
from mysql_server import MysqlServer
from mysql_server import SqlFailed as MysqlFailed
from pg_server import PgServer, SqlFailed

V1 = "CREATE TABLE sla_monitor (id bigint PRIMARY KEY, deadline timestamptz);\n"
VIEW = "CREATE OR REPLACE VIEW v_late AS SELECT id FROM {t} WHERE deadline < now();\n"
GRANT = "GRANT SELECT ON {t} TO PUBLIC;\n"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def _flyway(root: Path, monkeypatch: pytest.MonkeyPatch, dialect: str = "postgres") -> Path:
    folder = root / "db" / "migration"
    folder.mkdir(parents=True)
    v1 = V1 if dialect == "postgres" else V1.replace("timestamptz", "datetime")
    (folder / "V1__init.sql").write_text(v1, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(
        f"paths: [db/migration]\ndialect: {dialect}\n", encoding="utf-8"
    )
    monkeypatch.chdir(root)
    return folder


def _flyway_order(folder: Path) -> list[Path]:
    """What ``flyway migrate`` runs on a fresh database: versioned, repeatables, afterMigrate."""
    versioned = sorted(folder.glob("V*__*.sql"), key=lambda p: int(p.name[1 : p.name.index("_")]))
    return [*versioned, *sorted(folder.glob("R__*.sql")), *sorted(folder.glob("afterMigrate*.sql"))]


def test_the_names_flyway_runs_again() -> None:
    assert rerun_script("db/migration/R__views.sql") == "Flyway repeatable migration"
    assert rerun_script("db/migration/afterMigrate.sql") == "Flyway callback"
    assert rerun_script("db/migration/beforeEachMigrate__set_role.sql") == "Flyway callback"
    assert rerun_script("db/migration/V1__init.sql") is None
    assert rerun_script("db/migration/aftermigrate.sql") is None  # Event.fromId: exact case
    assert rerun_script("db/migration/afterMigrate.txt") is None


def test_postgres_flyway_repeatable_and_callback(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _flyway(tmp_path, monkeypatch)
    (folder / "R__views.sql").write_text(VIEW.format(t="sla_monitor"), encoding="utf-8")
    (folder / "afterMigrate__grants.sql").write_text(GRANT.format(t="sla_monitor"), "utf-8")
    code, out, err = _run("migrate", "--rename", "sla_monitor=sla_monitors", "--write")
    assert code == 0, err
    assert "db/migration/R__views.sql:1: Flyway repeatable migration mentions sla_monitor" in out
    assert "db/migration/afterMigrate__grants.sql:1: Flyway callback mentions sla_monitor" in out

    code, _, err = _run("migrate", "--cleanup", "--write")
    assert code == 2
    assert "2 statements in scripts the tool runs again still read the views" in err
    assert "db/migration/R__views.sql:1 (Flyway repeatable migration reads sla_monitor)" in err
    assert "nothing written (--force drops them anyway)" in err
    assert not list(folder.glob("V3__*"))

    # The oracle: forced through, a fresh `flyway migrate` fails in the R__ script.
    code, _, err = _run("migrate", "--cleanup", "--write", "--force")
    assert code == 0, err
    files = _flyway_order(folder)
    assert [p.name for p in files][:3] == [
        "V1__init.sql",
        "V2__rename_tables.sql",
        "V3__drop_compatibility_views.sql",
    ]
    with pg.fresh_database("dbnamelint_rerun_scripts") as db:
        pg.run(files=files[:3], dbname=db)
        with pytest.raises(SqlFailed, match='relation "sla_monitor" does not exist'):
            pg.run(files=[files[3]], dbname=db)

    # The fix: the scripts edited in place to the new name; the cleanup is written.
    (folder / "V3__drop_compatibility_views.sql").unlink()
    (folder / "U3__drop_compatibility_views.sql").unlink(missing_ok=True)
    (folder / "R__views.sql").write_text(VIEW.format(t="sla_monitors"), encoding="utf-8")
    (folder / "afterMigrate__grants.sql").write_text(GRANT.format(t="sla_monitors"), "utf-8")
    code, _, err = _run("migrate", "--cleanup", "--write")
    assert code == 0, err
    assert "runs again" not in err
    with pg.fresh_database("dbnamelint_rerun_scripts") as db:
        pg.run(files=_flyway_order(folder), dbname=db)
        rows = pg.query_json(
            "SELECT table_name FROM information_schema.views WHERE table_schema = 'public'", db
        )
        assert rows == [{"table_name": "v_late"}]


def test_postgres_liquibase_run_on_change_and_run_always(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "db").mkdir()
    changelog = tmp_path / "db" / "001_init.sql"
    changelog.write_text(
        "-- liquibase formatted sql\n"
        "-- changeset a:1\n" + V1 + "\n"
        "-- changeset a:views runOnChange:true\n" + VIEW.format(t="sla_monitor") + "\n"
        "-- changeset a:grants runAlways:true\n" + GRANT.format(t="sla_monitor") + "\n"
        "-- changeset a:once\n"
        "INSERT INTO sla_monitor VALUES (1, now());\n",
        encoding="utf-8",
    )
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = _run("migrate", "--rename", "sla_monitor=sla_monitors", "--write")
    assert code == 0, err
    assert "db/001_init.sql:6: Liquibase runOnChange changeset mentions sla_monitor" in out
    assert "db/001_init.sql:9: Liquibase runAlways changeset mentions sla_monitor" in out
    assert "db/001_init.sql:12" not in out  # a plain changeset ran once: history
    code, _, err = _run("migrate", "--cleanup", "--write")
    assert code == 2
    assert "(Liquibase runAlways changeset reads sla_monitor)" in err
    # The oracle: forced through, the runAlways changeset fails at the next update.
    code, _, err = _run("migrate", "--cleanup", "--write", "--force")
    assert code == 0, err
    files = sorted((tmp_path / "db").glob("*.sql"))
    assert len(files) == 3
    with pg.fresh_database("dbnamelint_rerun_scripts") as db:
        pg.run(files=files, dbname=db)
        with pytest.raises(SqlFailed, match='relation "sla_monitor" does not exist'):
            pg.run(sql=GRANT.format(t="sla_monitor"), dbname=db)


def test_mariadb_flyway_callback(
    maria: MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _flyway(tmp_path, monkeypatch, dialect="mariadb")
    callback = "UPDATE sla_monitor SET deadline = NULL WHERE id < 0;\n"
    (folder / "afterMigrate.sql").write_text(callback, encoding="utf-8")
    code, out, err = _run("migrate", "--rename", "sla_monitor=sla_monitors", "--write")
    assert code == 0, err
    assert "db/migration/afterMigrate.sql:1: Flyway callback mentions sla_monitor" in out
    code, _, err = _run("migrate", "--cleanup", "--write")
    assert code == 2
    assert "(Flyway callback reads sla_monitor)" in err
    code, _, err = _run("migrate", "--cleanup", "--write", "--force")
    assert code == 0, err
    files = _flyway_order(folder)
    assert len(files) == 4
    with maria.fresh_database("dbnamelint_rerun_scripts") as db:
        for path in files[:3]:
            maria.run(file=path, database=db)
        with pytest.raises(MysqlFailed, match="1146"):
            maria.run(file=files[3], database=db)
    # Edited in place, the cleanup goes through and the callback runs.
    (folder / "V3__drop_compatibility_views.sql").unlink()
    (folder / "U3__drop_compatibility_views.sql").unlink(missing_ok=True)
    (folder / "afterMigrate.sql").write_text(callback.replace("sla_monitor", "sla_monitors"))
    code, _, err = _run("migrate", "--cleanup", "--write")
    assert code == 0, err
    with maria.fresh_database("dbnamelint_rerun_scripts") as db:
        for path in _flyway_order(folder):
            maria.run(file=path, database=db)
