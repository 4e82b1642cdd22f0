"""``init`` sets ClickHouse's folders apart from the application's database.

Two trials (s28): umami keeps ClickHouse SQL in ``db/clickhouse/`` beside its
Prisma PostgreSQL migrations, and the user had to write ``databases:`` by
hand; plausible keeps a ClickHouse dump, ``priv/ingest_repo/structure.sql``,
beside the PostgreSQL ``priv/repo/structure.sql``, and ``init`` read the
ClickHouse file as MySQL (its backticks). Each folder's dialect now comes
from its name or its content (tests/test_sniff_clickhouse.py), and
ClickHouse's folders are one database, the others another, each named in
``databases:``. Oracle for the PostgreSQL side: the tables real PostgreSQL
holds after running that database's files alone are the model's tables of
that database; the ClickHouse side follows the ClickHouse manual (its
engines and types, and "USE Statement" for the default database).
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from dbnamelint.cli import cli
from pg_server import PgServer

#: A plausible-like tree: an Ecto app's two dumps, no folder named for a dialect.
PLAUSIBLE = {
    "mix.exs": "defmodule Analytics.MixProject do\nend\n",
    "priv/repo/structure.sql": (
        "SET client_encoding = 'UTF8';\n"
        "SET standard_conforming_strings = on;\n"
        "CREATE TABLE public.sites (\n    id bigint NOT NULL,\n"
        "    domain character varying(255) NOT NULL\n);\n"
        "CREATE TABLE public.schema_migrations (\n    version bigint NOT NULL,\n"
        "    inserted_at timestamp(0) without time zone\n);\n"
    ),
    "priv/ingest_repo/structure.sql": (
        "CREATE TABLE analytics_db.sessions\n(\n    `session_id` UInt64,\n    `sign` Int8,\n"
        "    `domain` String,\n    `country_code` LowCardinality(FixedString(2)),\n"
        "    `start` DateTime\n)\nENGINE = CollapsingMergeTree(sign)\n"
        "ORDER BY (domain, session_id)\nSETTINGS index_granularity = 8192;\n\n"
        "CREATE TABLE analytics_db.schema_migrations\n(\n    `version` Int64,\n"
        "    `inserted_at` DateTime\n)\nENGINE = TinyLog;\n"
    ),
}

#: An umami-like tree: Prisma on PostgreSQL, data scripts, ClickHouse migrations.
UMAMI = {
    "prisma/migrations/migration_lock.toml": 'provider = "postgresql"\n',
    "prisma/migrations/01_init/migration.sql": (
        'CREATE TABLE "website_event" (\n    "event_id" UUID NOT NULL,\n'
        '    "url_path" VARCHAR(500),\n'
        '    CONSTRAINT "website_event_pkey" PRIMARY KEY ("event_id")\n);\n'
    ),
    "prisma/migrations/02_event_data/migration.sql": (
        'CREATE TABLE "event_data" (\n    "event_id" UUID NOT NULL,\n'
        '    CONSTRAINT "event_data_pkey" PRIMARY KEY ("event_id")\n);\n'
    ),
    "db/postgresql/data-migrations/fill-url-path.sql": (
        'UPDATE "website_event" SET "url_path" = \'/\' WHERE "url_path" IS NULL;\n'
    ),
    "db/clickhouse/migrations/01_init.sql": (
        "CREATE TABLE umami.website_event\n(\n    event_id UUID,\n    url_path String\n)\n"
        "ENGINE = MergeTree\nORDER BY (event_id);\n\n"
        "CREATE TABLE umami.event_data\n(\n    event_id UUID\n)\n"
        "ENGINE = MergeTree\nORDER BY (event_id);\n"
    ),
    "db/clickhouse/migrations/02_edit_keys.sql": (
        'ALTER TABLE "event_data" ADD COLUMN "job_id" Nullable(UUID);\n'
    ),
}


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _init(root: Path, files: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    _write(root, files)
    monkeypatch.chdir(root)
    done = _run("init")
    assert done.exit_code == 0, done.output
    config: dict[str, object] = yaml.safe_load((root / "dbnamelint.yaml").read_text())
    return config


def _by_database() -> dict[str, list[dict[str, object]]]:
    listed = _run("inspect", "--format", "json", "--no-cache")
    assert listed.exit_code == 0, listed.output
    out: dict[str, list[dict[str, object]]] = defaultdict(list)
    for o in json.loads(listed.stdout)["objects"]:
        out[str(o["database"])].append(o)
    return out


def _pg_tables(pg: PgServer, files: list[Path]) -> dict[str, set[str]]:
    """Each table and its columns after PostgreSQL ran ``files`` in order."""
    with pg.fresh_database("init_clickhouse") as db:
        pg.run(files=files, dbname=db)
        rows = pg.query_json(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = 'public'",
            dbname=db,
        )
    tables: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        tables[row["table_name"]].add(row["column_name"])
    return dict(tables)


def _model_tables(objects: list[dict[str, object]]) -> dict[str, set[str]]:
    tables: dict[str, set[str]] = {str(o["name"]): set() for o in objects if o["kind"] == "table"}
    for o in objects:
        if o["kind"] == "column":
            tables[str(o["table"])].add(str(o["name"]))
    return tables


def test_plausible_ingest_dump_is_a_clickhouse_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    root = tmp_path / "analytics"
    config = _init(root, PLAUSIBLE, monkeypatch)
    assert config["databases"] == {
        "analytics": ["priv/repo"],
        "clickhouse": ["priv/ingest_repo"],
    }
    assert "dialect" not in config  # two dialects: each file as it shows
    text = (root / "dbnamelint.yaml").read_text()
    assert "# Separate databases: the ClickHouse folders (clickhouse)" in text
    checked = _run("check", "-v", "--no-cache")
    assert "dialects: clickhouse (1 file), postgres (1 file)" in checked.stderr, checked.stderr
    assert "mysql" not in checked.stderr
    databases = _by_database()
    assert {str(o["dialect"]) for o in databases["clickhouse"]} == {"clickhouse"}
    assert _model_tables(databases["clickhouse"]) == {
        "sessions": {"session_id", "sign", "domain", "country_code", "start"},
        "schema_migrations": {"version", "inserted_at"},
    }
    assert {str(o["dialect"]) for o in databases["analytics"]} == {"postgres"}
    assert _model_tables(databases["analytics"]) == _pg_tables(
        pg, [root / "priv/repo/structure.sql"]
    )


def test_umami_clickhouse_folder_is_apart_from_prisma(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    root = tmp_path / "umami"
    config = _init(root, UMAMI, monkeypatch)
    assert config["databases"] == {
        "umami": ["db/postgresql/data-migrations", "prisma/migrations"],
        "clickhouse": ["db/clickhouse/migrations"],
    }
    databases = _by_database()
    # ClickHouse: "event_data" and umami.event_data are one table (the client
    # is connected to umami, the one database the files name).
    assert _model_tables(databases["clickhouse"]) == {
        "website_event": {"event_id", "url_path"},
        "event_data": {"event_id", "job_id"},
    }
    assert _model_tables(databases["umami"]) == _pg_tables(
        pg,
        [
            root / "prisma/migrations/01_init/migration.sql",
            root / "prisma/migrations/02_event_data/migration.sql",
            root / "db/postgresql/data-migrations/fill-url-path.sql",
        ],
    )
    # migrate works on one of them, named
    refused = _run("migrate", "--rename", "event_data=event_records")
    assert refused.exit_code == 2
    assert "clickhouse, umami; name one with --database NAME" in refused.output


def test_one_dialect_writes_no_databases(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = {k: v for k, v in UMAMI.items() if not k.startswith("db/clickhouse/")}
    config = _init(tmp_path / "umami", files, monkeypatch)
    assert "databases" not in config
