"""A migration tool's bookkeeping table told by its columns, not its name alone.

Trial confirm35: ``inspect --db`` on miniflux's database left out its Go list
runner's ``schema_version (version text not null)`` as "Flyway before 5's own
table". Several tools share that name (Flyway before 5, temporal-sql-tool,
Go list runners), and ``schema_migrations`` (golang-migrate, dbmate, Rails).
The tables are made here as each tool makes them (Flyway's
``createMetaDataTable.sql`` columns; golang-migrate's postgres driver
``ensureVersionTable``; dbmate's ``CreateMigrationsTable``; Rails'
``SchemaMigration`` and ``InternalMetadata``; miniflux's first step), and
the real PostgreSQL catalog is what ``inspect --db`` reads.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer

MINIFLUX = "CREATE TABLE schema_version (version text not null);"
FLYWAY_4 = (
    "CREATE TABLE schema_version (installed_rank INT NOT NULL, version VARCHAR(50), "
    "description VARCHAR(200) NOT NULL, type VARCHAR(20) NOT NULL, "
    "script VARCHAR(1000) NOT NULL, checksum INTEGER, installed_by VARCHAR(100) NOT NULL, "
    "installed_on TIMESTAMP NOT NULL DEFAULT now(), execution_time INTEGER NOT NULL, "
    "success BOOLEAN NOT NULL, CONSTRAINT schema_version_pk PRIMARY KEY (installed_rank));"
)
GOLANG_MIGRATE = (
    "CREATE TABLE schema_migrations (version bigint not null primary key, dirty boolean not null);"
)
DBMATE = "CREATE TABLE schema_migrations (version varchar(128) primary key);"
#: Rails' two tables as ActiveRecord makes them (``SchemaMigration`` and,
#: since Rails 5, ``InternalMetadata``'s ``create_table``): the second tells it.
RAILS = (
    'CREATE TABLE "schema_migrations" ("version" character varying NOT NULL PRIMARY KEY);\n'
    'CREATE TABLE "ar_internal_metadata" ("key" character varying NOT NULL PRIMARY KEY, '
    '"value" character varying, "created_at" timestamp(6) NOT NULL, '
    '"updated_at" timestamp(6) NOT NULL);'
)

#: Ecto's, as ecto_sql's SchemaMigration makes it on PostgreSQL (trial s40).
ECTO = (
    'CREATE TABLE IF NOT EXISTS "schema_migrations" ("version" bigint, '
    '"inserted_at" timestamp(0), PRIMARY KEY ("version"));'
)


@pytest.mark.parametrize(
    ("tool_sql", "said", "not_said"),
    [
        (
            MINIFLUX,
            "schema_version (a migration runner's own table, by its name; no file was read; "
            "its columns are not Flyway before 5's or temporal-sql-tool's)",
            "Flyway before 5's own table",
        ),
        (FLYWAY_4, "schema_version (Flyway before 5's own table, by its columns;", "runner"),
        (
            GOLANG_MIGRATE,
            "schema_migrations (golang-migrate's own table, by its columns;",
            "dbmate",
        ),
        # version alone: either (s37 M1: was always "dbmate/Rails's")
        (DBMATE, "schema_migrations (dbmate's or Rails' own table, by its columns;", "golang"),
        (RAILS, "schema_migrations (Rails' own table, by its columns;", "dbmate"),
        (ECTO, "schema_migrations (Ecto's own table, by its columns;", "dbmate"),
    ],
    ids=["miniflux", "flyway4", "golang-migrate", "dbmate", "rails", "ecto"],
)
def test_inspect_db_names_the_tool_its_columns_say(
    pg: PgServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    tool_sql: str,
    said: str,
    not_said: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("s36_messages_tooltable") as db:
        pg.run(sql=tool_sql + "\nCREATE TABLE feeds (id bigserial primary key);", dbname=db)
        result = CliRunner().invoke(cli, ["inspect", "--db", pg.url(db)])
        assert result.exit_code == 0, result.output
        assert said in result.stderr, result.stderr
        assert not_said not in result.stderr
        assert "feeds" in result.stdout
        assert "schema_version" not in result.stdout and "schema_migrations" not in result.stdout
