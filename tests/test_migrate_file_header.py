"""Every file ``migrate --write`` writes carries its header once, in every layout.

goose, dbmate and sql-migrate keep the forward and the rollback in one file;
the rollback section repeated the file's title (``-- dbnamelint migrate:
...``) and its file-wide lint directives (``-- squawk-ignore-file``, which
squawk reads for the whole file). The oracle is the written files
themselves: the title and each directive once per file, and each section
still saying what it does.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.services.migrate.layout import Layout

CREATE = 'CREATE TABLE "UserAccounts" (id int);\n'
#: The first migration of a tree in each layout's own shape.
FIRST = {
    Layout.FLYWAY: "db/migrations/V1__init.sql",
    Layout.GOLANG_MIGRATE: "db/migrations/001_init.up.sql",
    Layout.POP: "migrations/20200101000000_init.up.sql",
    Layout.POSTGRES_MIGRATIONS: "migrations/0001-init.sql",
    Layout.DIESEL: "migrations/2020-01-01-000000_init/up.sql",
    Layout.PRISMA: "prisma/migrations/20200101000000_init/migration.sql",
    Layout.GOOSE: "db/migrations/00001_init.sql",
    Layout.DBMATE: "db/migrations/20200101000000_init.sql",
    Layout.SQL_MIGRATE: "db/migrations/20200101000000-init.sql",
    Layout.LIQUIBASE: "db/changelog/001_init.sql",
    Layout.SQLX: "server/migrations/20200101000000_init.up.sql",
    Layout.SQITCH: "db/deploy/init.sql",
    Layout.TIMESTAMPED: "supabase/migrations/20200101000000_init.sql",
    Layout.NUMBERED: "db/schema/001-init.sql",
    Layout.ZDB: "db/migrate/2020-01-01-1-init.sql",
    Layout.TEMPORAL: "schema/postgresql/v12/temporal/versioned/v1.0/schema.sql",
    Layout.SYNAPSE: "synapse/storage/schema/main/full_schemas/1/full.sql.postgres",
    Layout.DRIZZLE: "drizzle/0000_init.sql",
    Layout.UPGRADES: "schema/pgsql/schema.sql",
}
ONE_FILE = {
    Layout.GOOSE: ("-- +goose Up", "-- +goose Down"),
    Layout.DBMATE: ("-- migrate:up", "-- migrate:down"),
    Layout.SQL_MIGRATE: ("-- +migrate Up", "-- +migrate Down"),
}
DIRECTIVES = (
    "-- squawk-ignore-file renaming-table",
    "-- squawk-ignore-file renaming-column",
    "-- atlas:nolint BC101 BC102",
)


def _body(layout: Layout) -> str:
    if layout in ONE_FILE:
        up, down = ONE_FILE[layout]
        return f'{up}\n{CREATE}{down}\nDROP TABLE "UserAccounts";\n'
    if layout is Layout.LIQUIBASE:
        return f"-- liquibase formatted sql\n-- changeset dev:init\n{CREATE}"
    return CREATE


def _migrate(tree: Path, *args: str) -> list[Path]:
    """Run ``migrate --write``; the files it wrote."""
    before = {p for p in tree.rglob("*") if p.is_file()}
    result = CliRunner().invoke(
        cli,
        ["migrate", *args, "--lint-comments", "--write", "--no-cache", str(tree)],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return sorted(p for p in tree.rglob("*") if p.is_file() and p not in before)


#: Layouts whose migration is code, not a SQL file: an Alembic revision's
#: docstring and a Django, Knex, Sequelize, Laravel, TypeORM or Kysely migration's
#: comment say "Written by dbnamelint migrate", and squawk and Atlas lint SQL
#: files, not Python, JavaScript or PHP (tests/test_migrate_alembic_write_s40.py,
#: tests/test_migrate_django_write_s41.py, tests/test_migrate_knex_write_s41.py,
#: tests/test_migrate_sequelize_write_s41.py, tests/test_migrate_laravel_write_s42.py,
#: tests/test_migrate_typeorm_write_s43.py, tests/test_migrate_kysely_write_s43.py).
NOT_SQL = frozenset(
    {
        Layout.ALEMBIC,
        Layout.DJANGO,
        Layout.KNEX,
        Layout.SEQUELIZE,
        Layout.LARAVEL,
        Layout.TYPEORM,
        Layout.KYSELY,
    }
)


@pytest.mark.parametrize("layout", [v for v in Layout if v not in NOT_SQL], ids=lambda v: v.value)
def test_each_written_file_has_one_header(
    layout: Layout, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert set(FIRST) | NOT_SQL == set(Layout)  # a new layout gets a tree here
    monkeypatch.chdir(tmp_path)
    first = tmp_path / FIRST[layout]
    first.parent.mkdir(parents=True)
    first.write_text(_body(layout))
    if layout is Layout.SQITCH:
        plan = "%project=x\ninit 2020-01-01T00:00:00Z A <a@b> # init\n"
        (first.parent.parent / "sqitch.plan").write_text(plan)
    if layout is Layout.TEMPORAL:  # temporal-sql-tool runs the files its manifest lists
        manifest: dict[str, object] = {"CurrVersion": "1.0", "MinCompatibleVersion": "1.0"}
        manifest.update(Description="init", SchemaUpdateCqlFiles=["schema.sql"])
        (first.parent / "manifest.json").write_text(json.dumps(manifest))
    if layout is Layout.SYNAPSE:  # a store (full_schemas/ and delta/), SCHEMA_VERSION beside it
        schema = first.parents[3]
        (schema / "main" / "delta").mkdir()
        (schema / "__init__.py").write_text("SCHEMA_VERSION = 2\n")
    if layout is Layout.UPGRADES:  # a full schema with its upgrade scripts below it
        (first.parent / "upgrades").mkdir()
        (first.parent / "upgrades" / "1.0.0.sql").write_text("SELECT 1;\n")
    if layout is Layout.DRIZZLE:  # drizzle's migrator runs what its journal lists
        entry = {"idx": 0, "version": "7", "when": 1, "tag": "0000_init", "breakpoints": True}
        (first.parent / "meta").mkdir()
        (first.parent / "meta/_journal.json").write_text(json.dumps({"entries": [entry]}))
    flags = ["--layout", layout.value, "--rename", '"UserAccounts"=user_accounts']
    written = _migrate(tmp_path, *flags)
    if layout is not Layout.UPGRADES:  # its cleanup goes in a later upgrade script, by hand
        written += _migrate(tmp_path, "--cleanup", "--layout", layout.value)
    assert written
    for path in written:
        if layout is Layout.SQITCH and path.parent.name == "verify":
            continue  # sqitch's own verify template, no script of ours
        if path.name == "manifest.json":  # temporal's list of a version's files
            assert path.stem and json.loads(path.read_text())["SchemaUpdateCqlFiles"]
            continue
        text = path.read_text()
        assert text.count("-- dbnamelint migrate:") == 1, (path, text)
        for directive in DIRECTIVES:
            assert text.count(directive) == 1, (path, directive, text)
    if layout in ONE_FILE:
        (rename, cleanup) = written
        up, down = ONE_FILE[layout]
        for path, sections in (
            (rename, ("-- forward: renames", "-- rollback: drops the compatibility views")),
            (cleanup, ("-- cleanup: drops", "-- rollback: re-creates")),
        ):
            text = path.read_text()
            head, _, tail = text.partition(down)
            assert head.startswith(up) and sections[0] in head and sections[1] in tail, text
            assert "-- dbnamelint migrate:" in head, text
