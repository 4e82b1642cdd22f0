"""Rename migrations: seed plans, SQLite and MariaDB round trips, layouts, exports, refusals."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse

import pytest

import mysql_server
from dbnamelint.frontends.sql.sources import is_down_migration, without_down_section
from dbnamelint.model import ConstraintType, ObjectKind, SourceFile
from dbnamelint.runner.pipeline import load_files, schema_from_sql
from dbnamelint.services.migrate.exports import pgroll_json, plain_map
from dbnamelint.services.migrate.layout import (
    Layout,
    LayoutError,
    NewFile,
    detect,
    plan_files,
    write_files,
)
from dbnamelint.services.migrate.plan import PlanError, plan_renames
from dbnamelint.services.migrate.requests import parse_rename
from dbnamelint.services.migrate.sql import render_cleanup, render_forward, render_rollback

REPO = Path(__file__).resolve().parents[1]


def _plan(sql: str, renames: list[str], dialect: str = "postgres", views: object = True):  # type: ignore[no-untyped-def]
    schema = schema_from_sql(sql, dialect=dialect)
    return plan_renames(schema, [parse_rename(r) for r in renames], dialect=dialect, views=views)  # type: ignore[arg-type]


def test_cora_phase_3_seed_plan() -> None:
    """Seed 000 phase 3: three tables, their keys, the fkey the seed names, three views."""
    files = sorted((REPO / "examples/cora/module-ws/db/schema").glob("*.sql"))
    loaded = load_files([SourceFile(str(f), "postgres", "ws") for f in files])
    plan = plan_renames(
        loaded.schema,
        [
            parse_rename(r)
            for r in (
                "ws_configs=ws_cfg_sys",
                "ws_org_settings=ws_cfg_org",
                "ws_activity_log=ws_log_activity",
            )
        ],
        dialect="postgres",
    )
    pairs = {(s.kind, s.old, s.new) for s in plan.steps}
    assert (
        ObjectKind.CONSTRAINT,
        "ws_activity_log_ws_id_fkey",
        "ws_log_activity_ws_id_fkey",
    ) in pairs
    assert (ObjectKind.INDEX, "idx_ws_activity_log_ws_id", "idx_ws_log_activity_ws_id") in pairs
    assert [v.old for v in plan.views] == ["ws_configs", "ws_org_settings", "ws_activity_log"]


def test_seed_001_six_views_of_nineteen() -> None:
    """Seed 001 phase 1: views for only some renamed tables (--view)."""
    sql = "".join(f"CREATE TABLE t{i} (id int PRIMARY KEY);\n" for i in range(19))
    plan = _plan(sql, [f"t{i}=system_t{i}" for i in range(19)], views=[f"t{i}" for i in range(6)])
    assert len(plan.tables) == 19
    assert [v.old for v in plan.views] == [f"t{i}" for i in range(6)]
    forward = render_forward(plan)
    assert forward.count("CREATE VIEW") == 6


def test_seed_003_index_and_constraint_renames() -> None:
    """Seed 003: quoted PascalCase tables; their prisma-named indexes and keys follow."""
    plan = _plan(
        'CREATE TABLE "User" (id text NOT NULL, email text,\n'
        '  CONSTRAINT "User_pkey" PRIMARY KEY (id));\n'
        'CREATE UNIQUE INDEX "User_email_key" ON "User"(email);\n',
        ['"User"=users'],
    )
    assert {(s.old, s.new) for s in plan.steps} == {
        ("User", "users"),
        ("User_pkey", "users_pkey"),
        ("User_email_key", "users_email_key"),
    }


def test_rollback_is_exact_reverse_views_first() -> None:
    plan = _plan("CREATE TABLE a (id int PRIMARY KEY);", ["a=b"])
    rollback = render_rollback(plan).splitlines()
    body = [line for line in rollback if not line.startswith("--")]
    assert body == [
        "BEGIN;",
        'DROP VIEW "a";',
        'ALTER TABLE "b" RENAME CONSTRAINT "b_pkey" TO "a_pkey";',
        'ALTER TABLE "b" RENAME TO "a";',
        "COMMIT;",
    ]


def test_collision_refused() -> None:
    with pytest.raises(PlanError, match="already taken"):
        _plan("CREATE TABLE a (id int); CREATE TABLE b (id int);", ["a=b"])
    with pytest.raises(PlanError, match="already taken"):  # a dependent's new name is taken
        _plan(
            "CREATE TABLE a (id int); CREATE INDEX idx_a ON a (id); CREATE TABLE idx_b (x int);",
            ["a=b"],
        )
    # An implicit name is chosen as PostgreSQL chooses it: the next free one.
    plan = _plan("CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b_pkey (x int);", ["a=b"])
    assert ("a_pkey", "b_pkey1") in {(s.old, s.new) for s in plan.steps}


def test_too_long_and_unknown_refused() -> None:
    with pytest.raises(PlanError, match="64 bytes"):
        _plan("CREATE TABLE a (id int);", ["a=" + "x" * 64])
    with pytest.raises(PlanError, match="no table named"):
        _plan("CREATE TABLE a (id int);", ["zz=b"])


def test_column_rename_note_and_implicit_names() -> None:
    schema = schema_from_sql("CREATE TABLE p (id int PRIMARY KEY, user_id int UNIQUE);")
    plan = plan_renames(
        schema, [parse_rename("p.user_id=owner_user_id", column=True)], dialect="postgres"
    )
    assert ("p_user_id_key", "p_owner_user_id_key") in {(s.old, s.new) for s in plan.steps}
    assert any("cannot be bridged" in n.message for n in plan.notes)


def test_sqlite_round_trip() -> None:
    sql = (
        'CREATE TABLE "old t" (id INTEGER PRIMARY KEY, code TEXT UNIQUE, n INT);\n'
        'CREATE INDEX "old t_n_idx" ON "old t" (n);\n'
    )
    plan = _plan(sql, ['"old t"=new_t'], dialect="sqlite")
    assert any("INSTEAD OF" in n.message for n in plan.notes)
    assert any(s.recreate for s in plan.steps)
    db = sqlite3.connect(":memory:")
    db.executescript(sql)
    db.execute("INSERT INTO \"old t\" (code, n) VALUES ('a', 1)")
    before = sorted(db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall())
    db.executescript(render_forward(plan))
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
    assert {"new_t", "new_t_n_idx", "sqlite_autoindex_new_t_1", "old t"} <= names
    # sqlite_master holds exactly the model of the tree plus the forward script.
    model = schema_from_sql(sql + render_forward(plan), dialect="sqlite")
    modelled = {
        o.name
        for o in model.objects
        if o.kind in (ObjectKind.TABLE, ObjectKind.VIEW, ObjectKind.INDEX, ObjectKind.TRIGGER)
        or (o.kind is ObjectKind.CONSTRAINT and o.name.startswith("sqlite_autoindex_"))
    }
    assert names == modelled
    assert db.execute("SELECT count(*) FROM new_t").fetchone() == (1,)
    assert db.execute('SELECT count(*) FROM "old t"').fetchone() == (1,)
    db.execute("INSERT INTO \"old t\" (code, n) VALUES ('b', 2)")  # through the view
    assert db.execute("SELECT count(*) FROM new_t").fetchone() == (2,)
    db.execute("DELETE FROM new_t WHERE code = 'b'")
    db.executescript(render_rollback(plan))
    after = sorted(db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall())
    assert [r[:3] for r in after] == [r[:3] for r in before]
    db.executescript(render_forward(plan) + render_cleanup(plan))
    assert not db.execute(
        "SELECT name FROM sqlite_master WHERE type IN ('view', 'trigger')"
    ).fetchall()


def test_mysql_plan_states_limitations() -> None:
    plan = _plan(
        "CREATE TABLE p (id int PRIMARY KEY);\n"
        "CREATE TABLE c (id int, p_id int, KEY c_p_id (p_id), "
        "CONSTRAINT c_p_fk FOREIGN KEY (p_id) REFERENCES p (id));\n"
        "CREATE TRIGGER c_trg BEFORE INSERT ON c FOR EACH ROW SET NEW.id = 1;\n",
        ["c=child", "p=parent"],
        dialect="mysql",
    )
    forward = render_forward(plan)
    assert "RENAME TABLE `c` TO `child`, `p` TO `parent`;" in forward
    assert "ALTER TABLE `child` RENAME INDEX `c_p_id` TO `child_p_id`;" in forward
    # re-created from the server's catalog (tests/test_migrate_mysql_constraints.py)
    assert "'ALTER TABLE `child` DROP FOREIGN KEY `c_p_fk`, ADD CONSTRAINT `child_p_fk` " in forward
    notes = " ".join(n.message for n in plan.notes)
    assert "cannot rename a foreign key or CHECK in place" in notes
    assert "c_trg" in notes and "commits DDL implicitly" in notes


def _mysql_client() -> list[str]:
    url = os.environ.get("DBNAMELINT_TEST_MYSQL")
    if not url:
        pytest.skip("DBNAMELINT_TEST_MYSQL is not set (mysql://user[:password]@host:port/db)")
    client = shutil.which("mariadb") or shutil.which("mysql")
    if client is None:
        pytest.fail("DBNAMELINT_TEST_MYSQL is set but no mariadb/mysql client is installed")
    parts = urlparse(url)
    command = [
        client,
        "-h",
        parts.hostname or "127.0.0.1",
        "-P",
        str(parts.port or 3306),
        "-u",
        parts.username or "root",
        "--batch",
        "--skip-column-names",
    ]
    if parts.password:
        command.append(f"-p{parts.password}")
    return [*command, (parts.path or "/test").lstrip("/") or "test"]


def test_mysql_round_trip() -> None:
    """MariaDB/MySQL: forward, the model equals the catalog, view writes, rollback restores."""
    client = _mysql_client()

    def run(sql: str) -> str:
        return subprocess.run(
            [*client, "-e", sql], capture_output=True, text=True, check=True, timeout=60
        ).stdout

    sql = (
        "CREATE TABLE p (id int PRIMARY KEY);\n"
        "CREATE TABLE `Old T` (id int PRIMARY KEY, code varchar(10) UNIQUE, n int, "
        "p_id int, KEY `Old T_n` (n), FOREIGN KEY (p_id) REFERENCES p (id));\n"
    )
    run("DROP VIEW IF EXISTS `Old T`; DROP TABLE IF EXISTS `Old T`, new_t, p;")
    run(sql)
    shape = (
        "SELECT table_name, index_name FROM information_schema.statistics "
        "WHERE table_schema = DATABASE() UNION ALL "
        "SELECT table_name, constraint_name FROM information_schema.table_constraints "
        "WHERE table_schema = DATABASE() AND constraint_type = 'FOREIGN KEY' ORDER BY 1, 2"
    )
    before = run(shape)
    plan = _plan(sql, ["`Old T`=new_t"], dialect="mysql")
    run("INSERT INTO p VALUES (1); INSERT INTO `Old T` VALUES (1, 'a', 1, 1)")
    forward = render_forward(plan)
    run(forward)
    # The catalog's index and foreign key names are the model's (MariaDB renames
    # <old>_ibfk_1 itself; the plan renames the written index name).
    catalog = {tuple(line.split("\t")) for line in run(shape).splitlines()}
    model = schema_from_sql(sql + forward, dialect="mysql")
    expected = {
        (o.table, o.name)
        for o in model.objects
        if o.table == "new_t"
        and (o.kind is ObjectKind.INDEX or o.constraint_type is not None)
        and o.constraint_type is not ConstraintType.CHECK
    }
    # InnoDB adds an index named after the column for an unnamed foreign key
    # (p_id); the model holds it too.
    assert {row for row in catalog if row[0] == "new_t"} == expected
    assert ("new_t", "p_id") in expected
    assert ("new_t", "new_t_ibfk_1") in catalog and ("new_t", "new_t_n") in catalog
    assert run("SELECT count(*) FROM new_t").strip() == "1"
    run("INSERT INTO `Old T` VALUES (2, 'b', 2, 1)")  # simple views are updatable
    assert run("SELECT count(*) FROM new_t").strip() == "2"
    run("DELETE FROM new_t WHERE id = 2")
    run(render_rollback(plan))
    assert run(shape) == before
    run("DROP TABLE `Old T`, p")


@pytest.mark.parametrize(
    ("name", "text", "layout"),
    [
        ("V3__x.sql", "", Layout.FLYWAY),
        ("migration.sql", "", Layout.PRISMA),
        ("up.sql", "", Layout.DIESEL),
        ("0001_x.up.sql", "", Layout.GOLANG_MIGRATE),
        ("20240101000000_x.sql", "-- +goose Up\n", Layout.GOOSE),
        ("20240101000000_x.sql", "-- migrate:up\n", Layout.DBMATE),
        ("001_x.sql", "--liquibase formatted sql\n", Layout.LIQUIBASE),
        ("20240101000000_x.sql", "", Layout.TIMESTAMPED),
        ("007-x.sql", "", Layout.NUMBERED),
    ],
)
def test_layouts(tmp_path: Path, name: str, text: str, layout: Layout) -> None:
    base = tmp_path / "migrations"
    folder = base / "20240101000000_init" if name in ("migration.sql", "up.sql") else base
    folder.mkdir(parents=True)
    anchor = folder / name
    anchor.write_text(text + "CREATE TABLE a (id int);\n")
    assert detect(anchor) is layout
    files = plan_files(
        layout, anchor, "rename_phase_1", "FWD;\n", "BACK;\n", now=datetime(2030, 1, 2, 3, 4, 5)
    )
    write_files(files)
    texts = {f.path.relative_to(tmp_path).as_posix(): f.path.read_text() for f in files}
    forward_paths = [p for p, f in zip(texts, files, strict=True) if "forward" in f.role]
    assert forward_paths and all(not is_down_migration(Path(p).name) for p in forward_paths)
    for path, body in texts.items():
        if "BACK;" in body and "FWD;" in body:  # one file with both sections
            assert (
                "FWD;" in without_down_section(body) and "BACK;" not in without_down_section(body)
            ) or "-- rollback BACK;" in body
        elif "BACK;" in body:
            assert is_down_migration(Path(path).name) or "rollbacks/" in path
    with pytest.raises(LayoutError, match="already exists"):
        write_files(files)


def test_unknown_layout(tmp_path: Path) -> None:
    anchor = tmp_path / "schema.sql"
    anchor.write_text("CREATE TABLE a (id int);")
    with pytest.raises(LayoutError, match="--layout"):
        detect(anchor)


def test_exports() -> None:
    plan = _plan("CREATE TABLE a (id int PRIMARY KEY, b int);", ['a="A b"'])
    assert plain_map(plan) == 'table a "A b"\nconstraint "A b".a_pkey "A b_pkey"\n'
    ops = json.loads(pgroll_json(plan, "m"))["operations"]
    assert ops[0] == {"rename_table": {"from": "a", "to": "A b"}}
    assert ops[1] == {"rename_constraint": {"table": "A b", "from": "a_pkey", "to": "A b_pkey"}}


def test_routine_bodies_naming_old_tables(tmp_path: Path) -> None:
    """Function and trigger bodies refer to tables by text: listed with file and line."""
    from dbnamelint.runner.pipeline import read_statements
    from dbnamelint.services.migrate.service import build_migrations

    path = tmp_path / "001_schema.sql"
    path.write_text(
        "CREATE TABLE ws_configs (id int PRIMARY KEY);\n"
        "CREATE TABLE ws_configs_extra (id int);\n"
        "CREATE FUNCTION cfg_count() RETURNS bigint LANGUAGE sql AS $$\n"
        "  SELECT count(*) FROM ws_configs_extra;\n"
        "  SELECT count(*) FROM WS_CONFIGS\n"
        "$$;\n"
    )
    files = [SourceFile(str(path), "postgres", None)]
    loaded = load_files(files)
    statements, _ = read_statements(files)
    migration = build_migrations(
        loaded,
        statements,
        [parse_rename("ws_configs=ws_cfg_sys")],
        dialect="postgres",
        root=tmp_path,
    )[0]
    assert [(m.path, m.line, m.what, m.old) for m in migration.mentions] == [
        (str(path), 5, "function", "WS_CONFIGS")
    ]


def test_tracking_rows_and_lint_comments() -> None:
    from dbnamelint.services.migrate.sql import ScriptOptions

    plan = _plan("CREATE TABLE old_name (id int);", ["old_name=prefix_new_name"])
    options = ScriptOptions("t", tracking_table="sys_table_migrations", lint_comments=True)
    forward = render_forward(plan, options)
    assert (
        'INSERT INTO "sys_table_migrations" ("old_name", "new_name", "migrated_at") '
        "VALUES ('old_name', 'prefix_new_name', CURRENT_TIMESTAMP);" in forward
    )
    assert "-- squawk-ignore-file renaming-table" in forward
    assert "-- atlas:nolint BC101 BC102" in forward
    rollback = render_rollback(plan, options)
    assert rollback.index("DELETE FROM") < rollback.index("DROP VIEW")
    assert "squawk" not in render_forward(plan)  # off by default


def test_rename_argument_parsing() -> None:
    request = parse_rename('"a=b"."c d"=new')
    assert request.parts == (("a=b", True), ("c d", True))
    assert request.target == ("new", False)
    with pytest.raises(PlanError, match="OLD=NEW"):
        parse_rename("no_equals")


def test_cli_refuses_with_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from dbnamelint.cli import cli

    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "001_a.sql").write_text("CREATE TABLE a (id int); CREATE TABLE b (x int);")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["migrate", "--rename", "a=b"])
    assert result.exit_code == 2
    assert "cannot rename table 'a' to 'b': that name is already taken" in result.stderr
    result = CliRunner().invoke(cli, ["migrate", "--rename", "a=c", "--write"])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "db" / "002_rename_tables.sql").exists()
    assert (tmp_path / "rollbacks" / "002_rename_tables.sql").exists()
    # The file is named after what is renamed: columns alone, then both.
    result = CliRunner().invoke(cli, ["migrate", "--rename-column", "c.id=c_id", "--write"])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "db" / "003_rename_columns.sql").exists()
    both = ["--rename", "b=d", "--rename-column", "b.x=x_id", "--write"]
    result = CliRunner().invoke(cli, ["migrate", *both])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "db" / "004_rename_tables_and_columns.sql").exists()


def test_seed_001_phase_1_reproduced() -> None:
    """Seed 001 Phase 1, planned on the tree before it: the same renames as the seed's
    hand-written migration (every constraint and index), its six views, plus the
    serial sequences the seed forgot."""
    from dbnamelint.model import EventOp

    root = REPO / "examples/dba-domains/supabase/migrations"
    before = [SourceFile(str(p), "postgres", None) for p in sorted(root.glob("2025*.sql"))]
    seed = load_files(
        [
            SourceFile(
                str(root / "20260117_comprehensive_database_standardization.sql"), "postgres", None
            )
        ]
    )
    written = {(e.kind, e.name, e.new_name) for e in seed.events if e.op is EventOp.RENAME}
    views = [
        e.name or "" for e in seed.events if e.op is EventOp.CREATE and e.kind is ObjectKind.VIEW
    ]
    tables = [(old, new) for kind, old, new in written if kind is ObjectKind.TABLE]
    assert len(tables) == 19 and len(views) == 6
    loaded = load_files(before)
    plan = plan_renames(
        loaded.schema,
        [parse_rename(f"{old}={new}") for old, new in tables],
        dialect="postgres",
        views=views,
    )
    ours = {(s.kind, s.old, s.new) for s in plan.steps if s.kind is not ObjectKind.SEQUENCE}
    # The example's migration now renames the two serial sequences too (DBN504).
    assert ours == {w for w in written if w[0] is not ObjectKind.SEQUENCE}
    assert sorted(v.old for v in plan.views) == sorted(views)
    assert {(s.old, s.new) for s in plan.steps if s.kind is ObjectKind.SEQUENCE} == {
        ("usage_logs_id_seq", "system_usage_logs_id_seq"),
        ("transcript_segments_id_seq", "call_transcript_segments_id_seq"),
    }


def test_seed_003_no_name_keeps_a_pascal_table_name(tmp_path: Path) -> None:
    """Seed 003 (prisma-map example): after the forward script, no index or
    constraint of a renamed table still spells its PascalCase name."""
    from dbnamelint.services.migrate.requests import from_whitelist
    from dbnamelint.whitelist import load_whitelist

    example = REPO / "examples/prisma-map"
    files = [
        SourceFile(str(p), "postgres", None)
        for p in sorted(example.glob("prisma/migrations/*/migration.sql"))
    ]
    loaded = load_files(files)
    requests = from_whitelist(load_whitelist(example / "whitelist.yaml"), {"1"})
    plan = plan_renames(loaded.schema, requests, dialect="postgres")
    forward = tmp_path / "forward.sql"
    forward.write_text(render_forward(plan))
    after = load_files([*files, SourceFile(str(forward), "postgres", None)]).schema
    renamed = {s.new: s.old for s in plan.tables}
    attached = [
        o
        for o in after.objects
        if o.table in renamed and o.kind in (ObjectKind.INDEX, ObjectKind.CONSTRAINT)
    ]
    assert len(attached) >= 10
    for obj in attached:
        assert renamed[obj.table or ""] not in obj.name, obj


def test_every_layout_is_a_choice_of_the_command() -> None:
    """--layout offers exactly the layouts the writer knows (sql-migrate was missing)."""
    import click

    from dbnamelint.cli import cli

    command = cli.commands["migrate"]  # type: ignore[attr-defined]
    (option,) = [p for p in command.params if p.name == "layout"]
    assert isinstance(option.type, click.Choice)
    assert set(option.type.choices) == {layout.value for layout in Layout}


def test_migrate_output_passes_dbn504_when_a_column_spells_the_old_table(
    tmp_path: Path,
) -> None:
    """mattermost's ``status`` table has a ``status`` column: the forward script
    renames ``idx_status_status_dndendtime`` to ``idx_statuses_status_dndendtime``
    and DBN504 must take that as done (the second word is the column)."""
    from click.testing import CliRunner

    from dbnamelint.cli import cli

    sql = (
        "CREATE TABLE status (userid varchar(26) PRIMARY KEY, status varchar(32), "
        "dndendtime bigint);\n"
        "CREATE INDEX idx_status_status_dndendtime ON status (status, dndendtime);\n"
        "CREATE INDEX status_status_idx ON status (status);\n"
    )
    forward = render_forward(_plan(sql, ["status=statuses"], views=False))
    assert '"idx_statuses_status_dndendtime"' in forward
    assert '"statuses_status_idx"' in forward
    path = tmp_path / "schema.sql"
    path.write_text(sql + forward, encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["check", "--no-cache", "--dialect", "postgres", "--select", "DBN504", str(path)]
    )
    assert result.exit_code == 0, result.output
    # Without the rename of the index, the old table name is still found.
    stale = tmp_path / "stale.sql"
    stale.write_text(sql + "ALTER TABLE status RENAME TO statuses;\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["check", "--no-cache", "--dialect", "postgres", "--select", "DBN504", str(stale)]
    )
    assert result.exit_code == 1
    assert "suggestion: idx_statuses_status_dndendtime" in result.output
    assert "suggestion: statuses_status_idx" in result.output


def test_entries_without_a_target_are_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from dbnamelint.cli import cli

    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "001_a.sql").write_text(
        'CREATE TABLE "Alpha" (id int); CREATE TABLE "Beta" (id int); CREATE TABLE "Gamma" (x int);'
    )
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
    (tmp_path / "whitelist.yaml").write_text(
        "phases:\n"
        '  - {id: "1", title: One, status: open}\n'
        '  - {id: "2", title: Two, status: open}\n'
        '  - {id: "3", title: Three, status: open}\n'
        "entries:\n"
        '  - {kind: table, name: \'"Alpha"\', rules: [DBN101], phase: "1", target: alphas}\n'
        '  - {kind: table, name: \'"Beta"\', rules: [DBN101], phase: "1"}\n'
        '  - {kind: table, name: \'"Gamma"\', rules: [DBN101], phase: "2"}\n'
    )
    monkeypatch.chdir(tmp_path)
    half = CliRunner().invoke(cli, ["migrate", "--phase", "1"])
    assert half.exit_code == 0, half.stderr
    assert 'ALTER TABLE "Alpha" RENAME TO "alphas"' in half.stdout
    assert (
        'dbnamelint: note: not renamed, no `target:`: table "Beta" (whitelist.yaml:7)'
        in half.stderr
    )
    none = CliRunner().invoke(cli, ["migrate", "--phase", "2"])
    assert none.exit_code == 2
    assert (
        'no entry of phase 2 has a target to rename to: table "Gamma" (whitelist.yaml:8)'
        in none.stderr
    )
    assert "done already" not in none.stderr
    done = CliRunner().invoke(cli, ["migrate", "--phase", "3"])
    assert done.exit_code == 2
    assert "phase 3 has no entry left (is it done already?)" in done.stderr


def test_a_timestamp_that_cannot_sort_last_names_the_file_in_the_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from dbnamelint.cli import cli

    folder = tmp_path / "db" / "migrations"
    folder.mkdir(parents=True)
    (folder / "20240101000000_init.sql").write_text('CREATE TABLE "Users" (id int);\n')
    (folder / "zz_after.sql").write_text("SELECT 1;\n")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\n")
    monkeypatch.chdir(tmp_path)
    args = ["migrate", "--rename", '"Users"=users', "--layout", "timestamped", "--write"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert "zz_after.sql sorts after 20240101000001_rename_tables.sql" in result.stderr
    assert "rename zz_after.sql to sort before it" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["20240101000000_init.sql", "zz_after.sql"]


@pytest.mark.parametrize(
    "written",
    ["UserAccounts", "'\"UserAccounts\"'", "useraccounts", "public.UserAccounts", "USERACCOUNTS"],
)
def test_migrate_finds_an_entry_s_object_exactly_as_check_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, written: str
) -> None:
    """The table a whitelist entry excuses in `check` is the one its phase renames."""
    import json

    from click.testing import CliRunner

    from dbnamelint.cli import cli

    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "001_init.sql").write_text(
        'CREATE TABLE "UserAccounts" (id bigint PRIMARY KEY, "emailAddress" text);\n'
    )
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
    (tmp_path / "whitelist.yaml").write_text(
        'phases:\n  - {id: "1", title: One, status: open}\nentries:\n'
        f'  - {{kind: table, name: {written}, rules: [DBN101], phase: "1", '
        "target: user_accounts}\n"
    )
    monkeypatch.chdir(tmp_path)
    check = CliRunner().invoke(cli, ["check", "--no-cache", "--format", "json"])
    excused = any(
        f["whitelisted"] for f in json.loads(check.stdout)["findings"] if f["kind"] == "table"
    )
    plan = CliRunner().invoke(cli, ["migrate", "--phase", "1"])
    assert (plan.exit_code == 0) is excused, plan.output
    if excused:
        assert 'ALTER TABLE "UserAccounts" RENAME TO "user_accounts"' in plan.stdout


MYSQL_VIEW_TREE = (
    "CREATE TABLE film (film_id int PRIMARY KEY, title varchar(50));\n"
    "CREATE VIEW film_list AS SELECT f.title FROM film f;\n"
    "CREATE PROCEDURE film_count() LANGUAGE SQL\n"
    "BEGIN\n"
    "  -- counts every film\n"
    "  SELECT count(*) FROM film;\n"
    "END;\n"
)


def _mysql_mentions(tmp_path: Path, text: str) -> list[tuple[int, str, str]]:
    from dbnamelint.runner.pipeline import read_statements
    from dbnamelint.services.migrate.service import build_migrations

    path = tmp_path / "001_schema.sql"
    path.write_text(text, encoding="utf-8")
    files = [SourceFile(str(path), "mysql", None)]
    statements, _ = read_statements(files)
    migration = build_migrations(
        load_files(files), statements, [parse_rename("film=films")], dialect="mysql", root=tmp_path
    )[0]
    return [(m.line, m.what, m.old) for m in migration.mentions]


def test_mysql_views_naming_a_renamed_table_are_listed(tmp_path: Path) -> None:
    """A view keeps its query as text in MySQL; comments and LANGUAGE SQL are no mention."""
    assert _mysql_mentions(tmp_path, MYSQL_VIEW_TREE) == [
        (2, "view", "film"),
        (6, "procedure", "film"),
    ]


def test_mariadb_views_do_not_follow_a_rename(
    maria: mysql_server.MysqlServer, tmp_path: Path
) -> None:
    """Why MySQL views are listed: after RENAME TABLE the view fails (error 1356)."""
    with maria.fresh_database(f"dbn_views_{os.getpid()}") as db:
        maria.run(
            "CREATE TABLE film (film_id int PRIMARY KEY, title varchar(50)); "
            "CREATE VIEW film_list AS SELECT f.title FROM film f; "
            "RENAME TABLE film TO films",
            database=db,
        )
        with pytest.raises(mysql_server.SqlFailed, match="1356"):
            maria.run("SELECT count(*) FROM film_list", database=db)
    assert (2, "view", "film") in _mysql_mentions(tmp_path, MYSQL_VIEW_TREE)


def test_a_phase_of_views_and_functions_says_they_are_renamed_by_hand(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from dbnamelint.cli import cli

    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "001_init.sql").write_text(
        "CREATE TABLE orders (id bigint PRIMARY KEY);\n"
        'CREATE VIEW "OrderSummary" AS SELECT id FROM orders;\n'
    )
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
    (tmp_path / "whitelist.yaml").write_text(
        'phases:\n  - {id: "2", title: Views, status: open}\nentries:\n'
        '  - {kind: view, name: \'"OrderSummary"\', rules: [DBN505], phase: "2", '
        "target: order_summary}\n"
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["migrate", "--phase", "2"])
    assert result.exit_code == 2
    assert "done already" not in result.stderr
    assert 'view "OrderSummary" (whitelist.yaml:4): migrate renames tables' in result.stderr
    assert "rename these by hand (ALTER VIEW ... RENAME TO ...)" in result.stderr


def test_type_entries_beside_tables_are_renamed_and_never_called_targetless(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A phase with tables and types (trial s7-t5 #4): PostgreSQL types are
    # renamed in the same migration; once the tables are done, the type (it
    # has a target) is planned and the entry without one is named.
    from click.testing import CliRunner

    from dbnamelint.cli import cli

    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "001_init.sql").write_text(
        "CREATE TYPE \"Role\" AS ENUM ('a', 'b');\n"
        'CREATE TABLE post (id int PRIMARY KEY, "createdAt" int, role "Role");\n'
    )
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(cli, ["whitelist", "init"]).exit_code == 0
    planned = runner.invoke(cli, ["migrate", "--phase", "1"])
    assert planned.exit_code == 0, planned.stderr
    assert 'ALTER TABLE "post" RENAME TO "posts";' in planned.stdout
    assert 'ALTER TYPE "Role" RENAME TO "role";' in planned.stdout
    assert "not renamed" not in planned.stderr
    # The tables done by hand: only the type (with a target) and a column
    # without one are left in the phase.
    (tmp_path / "whitelist.yaml").write_text(
        'phases:\n  - {id: "1", title: L, status: open}\nentries:\n'
        "  - {kind: type, name: Role, rules: [DBN505], phase: '1', target: role}\n"
        "  - {kind: column, name: post.createdAt, rules: [DBN201], phase: '1'}\n"
    )
    left = runner.invoke(cli, ["migrate", "--phase", "1"])
    assert left.exit_code == 0, left.stderr
    assert 'ALTER TYPE "Role" RENAME TO "role";' in left.stdout
    assert "not renamed, no `target:`: column post.createdAt (whitelist.yaml:5)" in left.stderr


def test_a_phase_of_types_is_renamed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A phase of PostgreSQL types alone is planned (ALTER TYPE ... RENAME TO);
    outside PostgreSQL the advice names the dialect's own way."""
    from click.testing import CliRunner

    from dbnamelint.cli import cli

    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "001_init.sql").write_text("CREATE TYPE \"ReqType\" AS ENUM ('a', 'b');\n")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
    (tmp_path / "whitelist.yaml").write_text(
        'phases:\n  - {id: "3", title: Types, status: open}\nentries:\n'
        '  - {kind: type, name: \'"ReqType"\', phase: "3", target: req_type}\n'
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["migrate", "--phase", "3"])
    assert result.exit_code == 0, result.stderr
    assert 'ALTER TYPE "ReqType" RENAME TO "req_type";' in result.stdout
    assert 'ALTER TYPE "req_type" RENAME TO "ReqType";' in result.stdout
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: tsql\n")
    result = CliRunner().invoke(cli, ["migrate", "--phase", "3"])
    assert result.exit_code == 2
    assert "CREATE TYPE under the new name and move the columns to it" in result.stderr


@pytest.mark.slow
def test_by_hand_advice_speaks_the_copy_s_dialect(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: mysql_server.MysqlServer
) -> None:
    """MySQL/MariaDB have no ALTER VIEW/FUNCTION ... RENAME: the note names
    RENAME TABLE for a view (which the server accepts) and DROP/CREATE for a
    routine (which cannot be renamed). The server is the oracle for both."""
    from click.testing import CliRunner

    from dbnamelint.cli import cli

    (tmp_path / "db").mkdir()
    sql = (
        "CREATE TABLE orders (id int PRIMARY KEY);\n"
        "CREATE VIEW OrderTotals AS SELECT id FROM orders;\n"
        "CREATE PROCEDURE FixOrders() SELECT 1;\n"
    )
    (tmp_path / "db" / "001_init.sql").write_text(sql)
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: mysql\n")
    (tmp_path / "whitelist.yaml").write_text(
        'phases:\n  - {id: "1", title: L, status: open}\nentries:\n'
        '  - {kind: view, name: OrderTotals, phase: "1", target: order_totals}\n'
        '  - {kind: function, name: FixOrders, phase: "1", target: fix_orders}\n'
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["migrate", "--phase", "1"])
    assert result.exit_code == 2
    assert "RENAME TABLE old_view TO new_view" in result.stderr, result.stderr
    assert "DROP and CREATE the FUNCTION or PROCEDURE under the new name" in result.stderr
    assert "ALTER FUNCTION" not in result.stderr and "ALTER VIEW" not in result.stderr
    with maria.fresh_database("dbnl_by_hand") as db:
        maria.run(file=tmp_path / "db" / "001_init.sql", database=db)
        maria.run("RENAME TABLE OrderTotals TO order_totals", database=db)
        with pytest.raises(mysql_server.SqlFailed):
            maria.run("ALTER FUNCTION FixOrders RENAME TO fix_orders", database=db)
        with pytest.raises(mysql_server.SqlFailed):
            maria.run("ALTER PROCEDURE FixOrders RENAME TO fix_orders", database=db)
        views = maria.run(
            f"SELECT table_name FROM information_schema.views WHERE table_schema = '{db}'",
            database=db,
        )
    assert views.split() == ["order_totals"]


def test_two_migrations_aimed_at_one_file_are_refused_naming_it(tmp_path: Path) -> None:
    """Nothing written, the file named, and no advice to pass ``--name``,
    which every migration of a run shares (trial s29)."""
    path = tmp_path / "migrations" / "20300102030405_rename_phase_1.sql"
    files = [NewFile(path, "A;\n", "forward+rollback"), NewFile(path, "B;\n", "forward+rollback")]
    with pytest.raises(LayoutError) as refused:
        write_files(files)
    assert str(refused.value) == (
        f"two migrations would be written to the same file, {path} (or edit the same "
        "changelog); nothing written: plan their renames in runs of their own "
        "(--rename OLD=NEW for each part)"
    )
    assert not path.parent.exists()
