"""``migrate --write`` puts a rename after the set-up scripts, in the
migrations folder that follows them (trial s23 supabase/postgres: a rename
of a table its ``migrations/db/init-scripts`` create was written there, and
its ``migrate.sh`` runs every init-script on a new database before any
migration). PostgreSQL runs the tree as the runner does: the init-scripts,
then the migrations, in name order.

Trial s29: a phase renaming a table of each folder (one database) got one
plan per folder, both aimed at the same new file, and ``--write`` refused
("two migrations would be written to the same file"); now one migration,
run on PostgreSQL and MariaDB; folders ``databases:`` sets apart keep one each."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo
from mysql_server import MysqlServer
from pg_server import PgServer

INIT = "migrations/db/init-scripts"
MIGRATIONS = "migrations/db/migrations"
FILES = {
    "dbnamelint.yaml": f"paths: [{INIT}, {MIGRATIONS}]\ndialect: postgres\n",
    f"{INIT}/00000000000001-auth-schema.sql": (
        "-- migrate:up\nCREATE TABLE instances (id int PRIMARY KEY, raw_base_config text);\n\n"
        "-- migrate:down\n"
    ),
    f"{MIGRATIONS}/20211115181400_other.sql": (
        "-- migrate:up\nCREATE TABLE other_things (id int);\n\n-- migrate:down\n"
    ),
}


def _up(text: str) -> str:
    return text.split("-- migrate:up", 1)[1].split("-- migrate:down", 1)[0]


def test_a_rename_of_a_set_up_table_goes_after_the_set_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    root = committed_repo(tmp_path / "repo", FILES, monkeypatch)
    result = CliRunner().invoke(cli, ["migrate", "--rename", "instances=auth_instances", "--write"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (root / INIT).iterdir()) == ["00000000000001-auth-schema.sql"]
    written = sorted((root / MIGRATIONS).glob("*_rename_tables.sql"))
    assert len(written) == 1, result.output
    with pg.fresh_database("dbnl_init_scripts") as db:
        for folder in (INIT, MIGRATIONS):
            for path in sorted((root / folder).glob("*.sql")):
                pg.run(sql=_up(path.read_text(encoding="utf-8")), dbname=db)
        tables = pg.query_json("SELECT tablename FROM pg_tables WHERE schemaname = 'public'", db)
    assert {r["tablename"] for r in tables} == {"auth_instances", "other_things"}


#: Trial s29 (supabase/postgres): one database built from both folders (no
#: `databases:` entry sets them apart), a phase renaming a table of each. The
#: init-scripts are plain SQL (``migrate.sh`` runs them with psql); the
#: migrations folder's table and view depend on the init-scripts' table.
BOTH = {
    "dbnamelint.yaml": f"paths: [{INIT}, {MIGRATIONS}]\ndialect: postgres\n",
    "whitelist.yaml": (
        'phases:\n  - {id: "1", title: x, status: open}\nentries:\n'
        '  - {kind: table, name: Instances, rules: [DBN101], phase: "1", target: instances}\n'
        '  - {kind: table, name: OtherThings, rules: [DBN101], phase: "1", target: other_things}\n'
    ),
    f"{INIT}/00000000000000-initial-schema.sql": (
        'CREATE TABLE "Instances" (id int PRIMARY KEY, raw_base_config text);\n'
    ),
    f"{MIGRATIONS}/20211115181400_other.sql": (
        '-- migrate:up\nCREATE TABLE "OtherThings" (id int PRIMARY KEY, '
        'instance_id int REFERENCES "Instances" (id));\n'
        'CREATE VIEW thing_instances AS SELECT o.id, i.raw_base_config FROM "OtherThings" o '
        'JOIN "Instances" i ON i.id = o.instance_id;\n\n-- migrate:down\n'
    ),
}


def _down(text: str) -> str:
    return text.split("-- migrate:down", 1)[1]


def _new_files(root: Path) -> set[str]:
    return {
        str(p.relative_to(root))
        for p in root.rglob("*")
        if p.is_file() and ".git" not in p.parts and str(p.relative_to(root)) not in BOTH
    }


def test_renames_of_both_folders_of_one_database_are_one_migration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    """One plan, not one per folder aimed at the same file ("two migrations
    would be written to the same file", trial s29): every rename of the phase
    in one dbmate migration in the migrations folder, which PostgreSQL runs
    forward, back, forward again and then cleans up, the rows kept."""
    root = committed_repo(tmp_path / "repo", BOTH, monkeypatch)
    done = CliRunner().invoke(cli, ["migrate", "--phase", "1", "--write"])
    assert done.exit_code == 0, done.output
    (forward,) = sorted((root / MIGRATIONS).glob("*_rename_phase_1.sql"))
    assert _new_files(root) == {str(forward.relative_to(root))}
    text = forward.read_text(encoding="utf-8")
    assert 'ALTER TABLE "Instances" RENAME TO "instances";' in _up(text)
    assert 'ALTER TABLE "OtherThings" RENAME TO "other_things";' in _up(text)
    with pg.fresh_database("dbnl_init_both") as db:
        # migrate.sh: the init-scripts whole, then dbmate's migrations (up sections)
        pg.run(files=sorted((root / INIT).glob("*.sql")), dbname=db)
        pg.run(sql=_up(BOTH[f"{MIGRATIONS}/20211115181400_other.sql"]), dbname=db)
        pg.run(
            sql="INSERT INTO \"Instances\" VALUES (1, 'a');"
            'INSERT INTO "OtherThings" VALUES (7, 1);',
            dbname=db,
        )
        for script, tables in (
            (_up(text), ["instances", "other_things"]),
            (_down(text), ["Instances", "OtherThings"]),
            (_up(text), ["instances", "other_things"]),
        ):
            pg.run(sql=script, dbname=db)
            assert pg.public_tables(db) == sorted(tables)
            rows = pg.query_json("SELECT id, raw_base_config FROM thing_instances", db)
            assert rows == [{"id": 7, "raw_base_config": "a"}]
        done = CliRunner().invoke(cli, ["migrate", "--cleanup", "--write"])
        assert done.exit_code == 0, done.output
        (cleanup,) = sorted((root / MIGRATIONS).glob("*_drop_compatibility_views.sql"))
        pg.run(sql=_up(cleanup.read_text(encoding="utf-8")), dbname=db)
        views = pg.query_json("SELECT viewname FROM pg_views WHERE schemaname = 'public'", db)
        assert [r["viewname"] for r in views] == ["thing_instances"]
        rows = pg.query_json(
            "SELECT o.id, i.id AS i FROM other_things o JOIN instances i ON i.id = o.instance_id",
            db,
        )
        assert rows == [{"id": 7, "i": 1}]


def test_folders_the_config_lists_as_two_databases_keep_a_migration_each(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    """With `databases:` setting the folders apart, each database's rename is
    its own migration in its own folder (`--database` picks one), never the
    other database's folder."""
    files = {
        **BOTH,
        "dbnamelint.yaml": (
            f"paths: [{INIT}, {MIGRATIONS}]\ndialect: postgres\n"
            f"databases:\n  setup: [{INIT}]\n  app: [{MIGRATIONS}]\n"
        ),
        "whitelist.yaml": (
            BOTH["whitelist.yaml"]
            .replace("target: instances}", "target: instances, database: setup}")
            .replace("target: other_things}", "target: other_things, database: app}")
        ),
        f"{MIGRATIONS}/20211115181400_other.sql": (
            '-- migrate:up\nCREATE TABLE "OtherThings" (id int PRIMARY KEY);\n\n-- migrate:down\n'
        ),
    }
    root = committed_repo(tmp_path / "repo", files, monkeypatch)
    written: dict[str, set[str]] = {}
    for database in ("setup", "app"):
        before = _new_files(root)
        done = CliRunner().invoke(
            cli, ["migrate", "--phase", "1", "--database", database, "--write"]
        )
        assert done.exit_code == 0, done.output
        written[database] = _new_files(root) - before
    (setup,) = [p for p in written["setup"] if p.startswith(f"{INIT}/")]
    assert all(p.startswith(f"{INIT}/") or "rollbacks" in p for p in written["setup"])
    assert {p.rsplit("/", 1)[0] for p in written["app"]} == {MIGRATIONS}
    (app,) = written["app"]
    setup_sql = (root / setup).read_text(encoding="utf-8")
    app_sql = (root / app).read_text(encoding="utf-8")
    assert "OtherThings" not in setup_sql and "Instances" not in app_sql
    for database, sql, table in (
        ("setup", setup_sql, "instances"),
        ("app", _up(app_sql), "other_things"),
    ):
        with pg.fresh_database(f"dbnl_init_{database}") as db:
            folder = INIT if database == "setup" else MIGRATIONS
            source = files[next(k for k in files if k.startswith(folder + "/"))]
            pg.run(sql=_up(source) if "-- migrate:up" in source else source, dbname=db)
            pg.run(sql=sql, dbname=db)
            assert table in pg.public_tables(db)


def test_one_migration_for_both_folders_on_mariadb(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: MysqlServer
) -> None:
    """The same tree for MariaDB (dbmate runs MySQL too): one migration for
    both folders' tables, run forward, back, forward and cleaned up, the rows
    and the foreign key between the two tables kept."""
    other = (
        "-- migrate:up\nCREATE TABLE `OtherThings` (id int PRIMARY KEY, instance_id int, "
        "FOREIGN KEY (instance_id) REFERENCES `Instances` (id));\n\n-- migrate:down\n"
    )
    files = {
        **BOTH,
        "dbnamelint.yaml": f"paths: [{INIT}, {MIGRATIONS}]\ndialect: mariadb\n",
        f"{INIT}/00000000000000-initial-schema.sql": (
            "CREATE TABLE `Instances` (id int PRIMARY KEY, raw_base_config text);\n"
        ),
        f"{MIGRATIONS}/20211115181400_other.sql": other,
    }
    root = committed_repo(tmp_path / "repo", files, monkeypatch)
    done = CliRunner().invoke(cli, ["migrate", "--phase", "1", "--write"])
    assert done.exit_code == 0, done.output
    (forward,) = sorted((root / MIGRATIONS).glob("*_rename_phase_1.sql"))
    assert _new_files(root) == {str(forward.relative_to(root))}
    text = forward.read_text(encoding="utf-8")
    joined = (
        "SELECT o.id, i.raw_base_config FROM other_things o JOIN instances i "
        "ON i.id = o.instance_id"
    )
    with maria.fresh_database("dbnl_init_both") as db:
        maria.run(files[f"{INIT}/00000000000000-initial-schema.sql"], database=db)
        maria.run(_up(other), database=db)
        maria.run(
            "INSERT INTO `Instances` VALUES (1, 'a'); INSERT INTO `OtherThings` VALUES (7, 1);",
            database=db,
        )
        for script, tables in (
            (_up(text), "instances other_things"),
            (_down(text), "Instances OtherThings"),
            (_up(text), "instances other_things"),
        ):
            maria.run(script, database=db)
            shown = maria.run("SHOW FULL TABLES WHERE Table_type = 'BASE TABLE'", database=db)
            assert sorted(line.split("\t")[0] for line in shown.splitlines()) == tables.split()
        assert maria.run(joined, database=db).split() == ["7", "a"]
        done = CliRunner().invoke(cli, ["migrate", "--cleanup", "--write"])
        assert done.exit_code == 0, done.output
        (cleanup,) = sorted((root / MIGRATIONS).glob("*_drop_compatibility_views.sql"))
        maria.run(_up(cleanup.read_text(encoding="utf-8")), database=db)
        assert maria.run("SHOW FULL TABLES WHERE Table_type = 'VIEW'", database=db) == ""
        assert maria.run(joined, database=db).split() == ["7", "a"]
