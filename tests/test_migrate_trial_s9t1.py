"""Rename migrations of trial s9-t1 (findings 16, 12, 11, 8, 15), on the real servers.

Oracles: PostgreSQL 15 (``DBNAMELINT_TEST_PG``) and MariaDB
(``DBNAMELINT_TEST_MYSQL``), each script run through the client as a
developer would (forward, forward again, rollback, rollback again), the
catalog compared before and after; for the layouts, Flyway's documented
rule that two migrations may not share a version (the tool's own DBN016).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import mysql_server
import pg_server
from test_migrate_dependent_targets import _init, _project
from test_migrate_loop import _run
from test_migrate_mysql_constraints import _apply
from test_migrate_trial_s6t2_mysql import _dump, _scripts

pytestmark = pytest.mark.slow


def _pg_apply(pg: pg_server.PgServer, db: str, sql: str, tmp_path: Path) -> None:
    path = tmp_path / "script.sql"
    path.write_text(sql, encoding="utf-8")
    pg.run(files=[path], dbname=db)


def _pg_catalog(pg: pg_server.PgServer, db: str) -> list[dict[str, object]]:
    """Every relation and column outside the system schemas, with its kind."""
    return pg.query_json(
        "SELECT n.nspname, c.relname, c.relkind, a.attname FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 "
        "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') "
        "ORDER BY 1, 2, 4",
        dbname=db,
    )


# -- 16: --tracking-table schema.table ---------------------------------------

APP = (
    "CREATE SCHEMA app;\n"
    "CREATE TABLE app.sys_table_migrations (old_name text, new_name text, "
    "migrated_at timestamptz);\n"
    'CREATE TABLE app."Audit Log" (old_name text, new_name text, migrated_at timestamptz);\n'
    "CREATE TABLE app.poker (id int);\n"
)
PG_CONFIG = "paths: [db]\ndialect: postgres\n"


@pytest.mark.parametrize(
    ("option", "table"),
    [
        ("app.sys_table_migrations", '"app"."sys_table_migrations"'),
        ("APP.Sys_Table_Migrations", '"app"."sys_table_migrations"'),  # folded as PG folds
        ('app."Audit Log"', '"app"."Audit Log"'),
    ],
)
def test_a_schema_qualified_tracking_table_is_two_quoted_parts_on_postgres(
    pg: pg_server.PgServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    option: str,
    table: str,
) -> None:
    root = _project(tmp_path, APP, PG_CONFIG)
    code, plan, err = _run(
        root, monkeypatch, "migrate", "--rename", "app.poker=pokers", "--tracking-table", option
    )
    assert code == 0, plan + err
    assert "--tracking-table" not in err  # a file creates it: no warning
    assert f"INSERT INTO {table} (" in plan
    forward, rollback = _scripts(plan)
    with pg.fresh_database("dbnl_s9_tracking") as db:
        _pg_apply(pg, db, APP, tmp_path)
        before = _pg_catalog(pg, db)
        _pg_apply(pg, db, forward, tmp_path)
        rows = pg.query_json(f"SELECT old_name, new_name FROM {table}", dbname=db)
        assert rows == [{"old_name": "poker", "new_name": "pokers"}]
        _pg_apply(pg, db, rollback, tmp_path)
        assert _pg_catalog(pg, db) == before
        assert pg.query_json(f"SELECT count(*) AS n FROM {table}", dbname=db) == [{"n": 0}]


def test_a_tracking_table_of_another_schema_is_warned_about(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path, APP, PG_CONFIG)
    code, plan, err = _run(
        root,
        monkeypatch,
        "migrate",
        "--rename",
        "app.poker=pokers",
        "--tracking-table",
        "other.sys_table_migrations",
    )
    assert code == 0, plan + err
    assert "no file in the tree creates a table named 'other.sys_table_migrations'" in err
    assert 'INSERT INTO "other"."sys_table_migrations" (' in plan


@pytest.mark.parametrize("option", ["a.b.c", "app.", '""'])
def test_a_tracking_table_that_is_not_schema_dot_table_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, option: str
) -> None:
    root = _project(tmp_path, APP, PG_CONFIG)
    code, out, err = _run(
        root, monkeypatch, "migrate", "--rename", "app.poker=pokers", "--tracking-table", option
    )
    assert code == 2, out + err
    assert f"--tracking-table {option!r}: expected [schema.]table" in err
    assert "Traceback" not in err


MARIA_CONFIG = "paths: [db]\ndialect: mariadb\n"


def test_a_database_qualified_tracking_table_on_mariadb(
    maria: mysql_server.MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with (
        maria.fresh_database("dbnl_s9_trackdb") as other,
        maria.fresh_database("dbnl_s9_track") as db,
    ):
        schema = "CREATE TABLE `Poker` (`id` int);\n"
        root = _project(tmp_path, schema, MARIA_CONFIG)
        code, plan, err = _run(
            root, monkeypatch, "migrate", "--rename", "Poker=pokers", "--tracking-table",
            f"`{other}`.sys_t",
        )  # fmt: skip
        assert code == 0, plan + err
        assert f"INSERT INTO `{other}`.`sys_t` (" in plan
        forward, rollback = _scripts(plan)
        _apply(maria, db, schema, tmp_path)
        before = _dump(maria, db)
        with pytest.raises(mysql_server.SqlFailed, match="nothing renamed: table sys_t"):
            _apply(maria, db, forward, tmp_path)
        assert _dump(maria, db) == before
        _apply(
            maria,
            other,
            "CREATE TABLE sys_t (old_name text, new_name text, migrated_at datetime)",
            tmp_path,
        )
        _apply(maria, db, forward, tmp_path)
        assert maria.run("SELECT old_name, new_name FROM sys_t", database=other) == (
            "Poker\tpokers\n"
        )
        _apply(maria, db, rollback, tmp_path)
        assert _dump(maria, db) == before
        assert maria.run("SELECT count(*) FROM sys_t", database=other) == "0\n"


# -- 12: the MariaDB guard tells the base table from the compatibility view --

ITEM = "CREATE TABLE `Item` (`Id` int PRIMARY KEY, `NamespaceId` int);\n"


@pytest.mark.parametrize("columns", [False, True])
def test_running_a_mariadb_script_twice_stops_before_any_change_saying_so(
    maria: mysql_server.MysqlServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    columns: bool,
) -> None:
    root = _project(tmp_path, ITEM, MARIA_CONFIG)
    more = ["--rename-column", "Item.NamespaceId=namespace_id"] if columns else []
    code, plan, err = _run(root, monkeypatch, "migrate", "--rename", "Item=items", *more)
    assert code == 0, plan + err
    forward, rollback = _scripts(plan)
    with maria.fresh_database("dbnl_s9_twice") as db:
        _apply(maria, db, ITEM, tmp_path)
        before = _dump(maria, db)
        _apply(maria, db, forward, tmp_path)
        after = _dump(maria, db)
        assert after["Item"].startswith("VIEW\n")  # the compatibility view
        with pytest.raises(
            mysql_server.SqlFailed,
            match=r"nothing renamed: table Item \(items is the table: the forward script ran "
            r"already\)'",
        ):
            _apply(maria, db, forward, tmp_path)
        assert _dump(maria, db) == after
        _apply(maria, db, rollback, tmp_path)
        assert _dump(maria, db) == before
        with pytest.raises(
            mysql_server.SqlFailed,
            match=r"nothing renamed: table items \(Item is the table: the forward script has "
            "not run, or was rolled back",
        ):
            _apply(maria, db, rollback, tmp_path)
        assert _dump(maria, db) == before


# -- 15: the servers that run RENAME COLUMN / RENAME INDEX ---------------------
# (MySQL 8.0 manual, ALTER TABLE: RENAME COLUMN is new in 8.0, RENAME INDEX
# in 5.7; MariaDB ALTER TABLE: both from 10.5.2)

KEYED = (
    "CREATE TABLE `Item` (`Id` int PRIMARY KEY, `NamespaceId` int, KEY `IX_Ns` (`NamespaceId`));\n"
)


@pytest.mark.parametrize(
    ("dialect", "args", "line"),
    [
        (
            "mariadb",
            ["--rename-column", "Item.NamespaceId=namespace_id"],
            "-- needs MySQL 8.0 or MariaDB 10.5.2 or later (ALTER TABLE ... RENAME COLUMN)",
        ),
        (
            "mysql",
            ["--rename", "Item=items"],
            None,  # RENAME TABLE: every version
        ),
    ],
)
def test_the_script_header_names_the_oldest_servers_that_run_it(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    dialect: str,
    args: list[str],
    line: str | None,
) -> None:
    root = _project(tmp_path, KEYED, f"paths: [db]\ndialect: {dialect}\n")
    code, plan, err = _run(root, monkeypatch, "migrate", *args)
    assert code == 0, plan + err
    forward, rollback = _scripts(plan)
    for script in (forward, rollback):
        head = [s for s in script.splitlines() if s.startswith("-- needs ")]
        assert head == ([line] if line else [])


def test_an_index_rename_alone_needs_mysql_57(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path, KEYED, MARIA_CONFIG)
    (root / "whitelist.yaml").write_text(
        "entries:\n- name: Item.IX_Ns\n  kind: index\n  rules: [index-name-wrong-case]\n"
        "  target: ix_item_namespace\n",
        encoding="utf-8",
    )
    code, plan, err = _run(root, monkeypatch, "migrate", "--all")
    assert code == 0, plan + err
    assert "RENAME INDEX `IX_Ns` TO `ix_item_namespace`" in plan
    assert "-- needs MySQL 5.7 or MariaDB 10.5.2 or later (ALTER TABLE ... RENAME INDEX)" in plan


# -- 11: names an unread EXECUTE may have renamed ------------------------------

CONNECTOR = """\
CREATE TABLE dirs (id int PRIMARY KEY);
CREATE TABLE "Connector" (id int PRIMARY KEY, dir int);
ALTER TABLE "Connector" ADD CONSTRAINT "Connector_dir_fkey" FOREIGN KEY (dir) REFERENCES dirs (id);
CREATE INDEX "Connector_dir_idx" ON "Connector" (dir);
"""
RENAMED_IN_DO = """\
ALTER TABLE "Connector" RENAME TO "FeedbackSource";
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'Connector_dir_fkey') THEN
    EXECUTE 'ALTER TABLE "FeedbackSource" RENAME CONSTRAINT "Connector_dir_fkey" '
      || 'TO "FeedbackSource_dir_fkey"';
  END IF;
  IF EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'Connector_dir_idx') THEN
    EXECUTE format('ALTER INDEX %I RENAME TO %I', 'Connector_dir_idx', 'FeedbackSource_dir_idx');
  END IF;
END$$;
"""
#: The same renames in text built when the block runs (``concat()`` is
#: evaluated then): not read.
RENAMED_IN_BUILT_TEXT = RENAMED_IN_DO.replace(
    "|| 'TO \"FeedbackSource_dir_fkey\"'", "|| concat('TO \"FeedbackSource_dir_fkey\"')"
).replace("'FeedbackSource_dir_idx')", "concat('FeedbackSource', '_dir_idx'))")


def test_names_an_unread_execute_spells_are_left_out_and_the_forward_runs_on_postgres(
    pg: pg_server.PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert RENAMED_IN_BUILT_TEXT.count("concat(") == 2
    root = _project(tmp_path, CONNECTOR, PG_CONFIG)
    (root / "db" / "002_rename.sql").write_text(RENAMED_IN_BUILT_TEXT, encoding="utf-8")
    code, plan, err = _run(root, monkeypatch, "migrate", "--rename", '"FeedbackSource"=sources')
    assert code == 0, plan + err
    forward, rollback = _scripts(plan)
    statements = "\n".join(line for line in forward.splitlines() if not line.startswith("--"))
    assert "Connector_dir" not in statements
    for name in ("constraint Connector_dir_fkey", "index Connector_dir_idx"):
        assert f"{name} on sources is not renamed: db/002_rename.sql:5 runs DDL" in plan
    # the model follows the primary key: still renamed
    assert 'RENAME CONSTRAINT "Connector_pkey" TO "sources_pkey";' in forward
    with pg.fresh_database("dbnl_s9_unread") as db:
        _pg_apply(pg, db, CONNECTOR + RENAMED_IN_BUILT_TEXT, tmp_path)
        before = _pg_catalog(pg, db)
        _pg_apply(pg, db, forward, tmp_path)
        names = {r["relname"] for r in _pg_catalog(pg, db)}
        assert {"sources", "FeedbackSource_dir_idx", "sources_pkey"} <= names
        _pg_apply(pg, db, rollback, tmp_path)
        assert _pg_catalog(pg, db) == before


def test_renames_a_constant_execute_spells_are_read_and_followed_on_postgres(
    pg: pg_server.PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The trial's own text: ``'...' || '...'`` and ``format()`` of literals
    only are constant, read as the renames they run (trial s9-t1 had them
    unread), so the plan renames the constraint and index they name too.
    Oracle: PostgreSQL runs the block, the forward and the rollback."""
    root = _project(tmp_path, CONNECTOR, PG_CONFIG)
    (root / "db" / "002_rename.sql").write_text(RENAMED_IN_DO, encoding="utf-8")
    code, plan, err = _run(root, monkeypatch, "migrate", "--rename", '"FeedbackSource"=sources')
    assert code == 0, plan + err
    forward, rollback = _scripts(plan)
    assert "runs DDL" not in plan
    assert (
        'ALTER TABLE "sources" RENAME CONSTRAINT "FeedbackSource_dir_fkey" TO "sources_dir_fkey";'
        in forward
    )
    assert 'ALTER INDEX "FeedbackSource_dir_idx" RENAME TO "sources_dir_idx";' in forward
    with pg.fresh_database("dbnl_s9_constant") as db:
        _pg_apply(pg, db, CONNECTOR + RENAMED_IN_DO, tmp_path)
        before = _pg_catalog(pg, db)
        assert {"FeedbackSource_dir_fkey", "FeedbackSource_dir_idx"} <= {
            r["relname"] for r in before
        } | _pg_constraints(pg, db)
        _pg_apply(pg, db, forward, tmp_path)
        names = {r["relname"] for r in _pg_catalog(pg, db)} | _pg_constraints(pg, db)
        assert {"sources", "sources_dir_idx", "sources_dir_fkey", "sources_pkey"} <= names
        _pg_apply(pg, db, rollback, tmp_path)
        assert _pg_catalog(pg, db) == before


def _pg_constraints(pg: pg_server.PgServer, db: str) -> set[str]:
    return {r["conname"] for r in pg.query_json("SELECT conname FROM pg_constraint", db)}


# -- 8: one migration per phase, after every release folder --------------------


def _release_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """s9-t1 #8's minimal apollo: a full schema, then release delta folders."""
    root = _project(
        tmp_path, "CREATE TABLE `Cluster` (id int);\nCREATE TABLE `Item` (id int);\n", ""
    )
    (root / "db" / "001_init.sql").rename(root / "db" / "base.sql")
    for release, sql in (
        ("v0-v1", "CREATE TABLE `audits` (id int);\n"),
        ("v1-v2", "ALTER TABLE `Item` ADD COLUMN c int;\n"),
        ("v2-v3", "CREATE TABLE `others` (id int);\n"),
    ):
        (root / "db" / "delta" / release).mkdir(parents=True)
        (root / "db" / "delta" / release / "001-upgrade.sql").write_text(sql, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(MARIA_CONFIG, encoding="utf-8")
    _init(root, monkeypatch)
    return root


@pytest.mark.parametrize(
    ("layout", "new"),
    [
        ("flyway", ["U1__rename_phase_1.sql", "V1__rename_phase_1.sql"]),
        ("numbered", ["002-rename-phase-1.sql"]),
    ],
)
def test_a_phase_is_one_migration_in_the_newest_release_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, layout: str, new: list[str]
) -> None:
    root = _release_tree(tmp_path, monkeypatch)
    code, plan, err = _run(root, monkeypatch, "migrate", "--phase", "1", "--layout", layout)
    assert code == 0, plan + err
    assert plan.count("Plan (mariadb)") == 1
    assert "RENAME TABLE `Cluster` TO `clusters`, `Item` TO `items`;" in plan
    code, out, err = _run(
        root, monkeypatch, "migrate", "--phase", "1", "--layout", layout, "--write"
    )
    assert code == 0, out + err
    newest = root / "db" / "delta" / "v2-v3"
    assert sorted(p.name for p in newest.iterdir()) == sorted(["001-upgrade.sql", *new])
    for older in ("v0-v1", "v1-v2"):
        assert [p.name for p in (root / "db" / "delta" / older).iterdir()] == ["001-upgrade.sql"]
    assert [p.name for p in (root / "db").iterdir() if p.is_file()] == ["base.sql"]
    # the tool's own check replays it last: both targets reached, no DBN016
    # (Flyway refuses two migrations of one version)
    code, out, _ = _run(root, monkeypatch, "check")
    assert "DBN016" not in out
    assert out.count("renamed to its target") == 2, out


def test_modules_keep_a_migration_each(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path, "", "")
    (root / "db" / "001_init.sql").unlink()
    for module, table in (("a", "Cluster"), ("b", "Item")):
        folder = root / f"module-{module}" / "db"
        folder.mkdir(parents=True)
        (folder / "001_init.sql").write_text(f"CREATE TABLE `{table}` (id int);\n", "utf-8")
    (root / "dbnamelint.yaml").write_text(
        "paths: [module-a/db, module-b/db]\ndialect: mariadb\n", encoding="utf-8"
    )
    _init(root, monkeypatch)
    code, plan, err = _run(root, monkeypatch, "migrate", "--phase", "1")
    assert code == 0, plan + err
    assert plan.count("Plan (mariadb)") == 2


def test_a_system_versioned_table_passes_the_mariadb_guard(
    maria: mysql_server.MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MariaDB lists a system-versioned table as TABLE_TYPE 'SYSTEM VERSIONED'."""
    schema = "CREATE TABLE `Item` (`Id` int) WITH SYSTEM VERSIONING;\n"
    root = _project(tmp_path, schema, MARIA_CONFIG)
    code, plan, err = _run(root, monkeypatch, "migrate", "--rename", "Item=items")
    assert code == 0, plan + err
    forward, rollback = _scripts(plan)
    with maria.fresh_database("dbnl_s9_versioned") as db:
        _apply(maria, db, schema, tmp_path)
        before = _dump(maria, db)
        _apply(maria, db, forward, tmp_path)
        assert _dump(maria, db)["items"].startswith("BASE TABLE\n")
        _apply(maria, db, rollback, tmp_path)
        assert _dump(maria, db) == before


PREPARED = """\
SET @s = IF((SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()
  AND INDEX_NAME = 'IX_ns') > 0, CONCAT('ALTER TABLE `Item` RENAME INDEX `IX_ns` TO `', 'idx_ns`'),
  'DO 0');
PREPARE st FROM @s;
EXECUTE st;
DEALLOCATE PREPARE st;
"""


def test_a_name_a_prepared_mysql_statement_spells_is_left_out_on_mariadb(
    maria: mysql_server.MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schema = "CREATE TABLE `Item` (`Id` int PRIMARY KEY, `ns` int, KEY `IX_ns` (`ns`));\n"
    root = _project(tmp_path, schema, MARIA_CONFIG)
    (root / "db" / "002_idx.sql").write_text(PREPARED, encoding="utf-8")
    (root / "whitelist.yaml").write_text(
        "entries:\n- name: Item.IX_ns\n  kind: index\n  rules: [index-name-wrong-case]\n"
        "  target: ix_items_ns\n",
        encoding="utf-8",
    )
    code, plan, err = _run(root, monkeypatch, "migrate", "--all", "--rename", "Item=items")
    assert code == 0, plan + err
    assert "index IX_ns on items is not renamed: db/002_idx.sql:5 runs DDL" in plan
    forward, rollback = _scripts(plan)
    assert "RENAME INDEX" not in forward.replace("-- needs", "")
    with maria.fresh_database("dbnl_s9_prepared") as db:
        _apply(maria, db, schema + PREPARED, tmp_path)
        before = _dump(maria, db)
        assert "KEY `idx_ns`" in before["Item"]
        _apply(maria, db, forward, tmp_path)
        assert "KEY `idx_ns`" in _dump(maria, db)["items"]
        _apply(maria, db, rollback, tmp_path)
        assert _dump(maria, db) == before


@pytest.mark.parametrize("count", [1, 8])
def test_the_guard_says_how_many_names_are_missing_and_cuts_a_long_list_itself(
    maria: mysql_server.MysqlServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    count: int,
) -> None:
    # The server quotes at most 192 characters of the unknown column in its
    # error: the guard's message leads with how many names are missing, and a
    # longer list is cut by the guard itself, before its backticks are
    # doubled, ending with "...".
    names = [f"Legacy`Customer`Order{i}" for i in range(count)]
    schema = "".join(f"CREATE TABLE `{n.replace('`', '``')}` (`Id` int);\n" for n in names)
    root = _project(tmp_path, schema, MARIA_CONFIG)
    renames = [a for i, n in enumerate(names) for a in ("--rename", f'"{n}"=order_{i}s')]
    code, plan, err = _run(root, monkeypatch, "migrate", *renames)
    assert code == 0, plan + err
    forward, _ = _scripts(plan)
    with maria.fresh_database("dbnl_s9_cut") as db:
        _apply(maria, db, schema, tmp_path)
        _apply(maria, db, forward, tmp_path)
        tables = "SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES "
        tables += "WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1"
        after = maria.run(tables, database=db)
        assert after.count("VIEW") == len(names)
        with pytest.raises(mysql_server.SqlFailed) as failed:
            _apply(maria, db, forward, tmp_path)
        assert maria.run(tables, database=db) == after
    message = str(failed.value)
    start = message.index("Unknown column '") + len("Unknown column '")
    column = message[start : message.index("' in '", start)]
    assert len(column) <= 192
    first = "table Legacy`Customer`Order0 (order_0s is the table: the forward script ran already)"
    assert column.startswith(f"dbnamelint: {count} not found, nothing renamed: {first}")
    if count == 1:
        assert column.endswith(first)
    else:
        assert len(column) == 192
        assert column.endswith("...")


def test_a_phase_of_several_scripts_says_it_is_not_one_transaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trial s32 netbox B3: a phase planned as one script per migration
    folder (a Django project's apps) is that many transactions; the second
    failing leaves the first committed. The plan, the ``-o`` file and
    standard error say so, and in what order to undo them."""
    root = _project(tmp_path, "", "")
    (root / "db" / "001_init.sql").unlink()
    for module, table in (("a", "Cluster"), ("b", "Item")):
        folder = root / f"module-{module}" / "db"
        folder.mkdir(parents=True)
        (folder / "001_init.sql").write_text(f"CREATE TABLE `{table}` (id int);\n", "utf-8")
    (root / "dbnamelint.yaml").write_text(
        "paths: [module-a/db, module-b/db]\ndialect: mariadb\n", encoding="utf-8"
    )
    _init(root, monkeypatch)
    code, plan, err = _run(root, monkeypatch, "migrate", "--phase", "1")
    assert code == 0, plan + err
    assert "-- ==== script 1 of 2 of this phase ====" in plan
    assert "-- ==== script 2 of 2 of this phase ====" in plan
    assert "each its own transaction, not one" in plan
    assert "run their rollback scripts in reverse order" in err
    assert plan.index("script 1 of 2") < plan.index("Plan (mariadb)")
    code, _, err = _run(root, monkeypatch, "migrate", "--phase", "1", "-o", "phase.sql")
    assert code == 0, err
    saved = (root / "phase.sql").read_text(encoding="utf-8")
    assert "script 2 of 2 of this phase" in saved
    assert "not atomic with the scripts before it" in saved
