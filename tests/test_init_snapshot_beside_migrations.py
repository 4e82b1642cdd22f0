"""``init`` on a full ``schema.sql`` kept beside a numbered ``migrations/`` folder.

Closing confirmation of session 36 (umami): ``db/clickhouse/schema.sql`` is
what a new installation runs, ``db/clickhouse/migrations/NN_name.sql`` what
an older one runs to catch up (their first script alters tables it never
creates). ``init`` read both as one schema: the migrations replayed before
``schema.sql`` (``migrations/`` sorts first) and ``check`` gave ``DBN023``
at once. A numbered folder has no known runner, so the scripts themselves
tell which of the two is the copy: when they build every table of the full
schema from an empty database, the full schema is a snapshot of what they
make and is left out; when they start from tables they never create, they
are upgrades of an older full schema and are left out.

Oracle: PostgreSQL. It refuses the upgrades after the full schema (never
both), and the model ``check`` reads holds the columns PostgreSQL gives
the file(s) ``init`` kept, run alone.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from dbnamelint.cli import cli
from git_helpers import write_files
from pg_server import PgServer, SqlFailed

FULL = (
    "CREATE TABLE website (\n    website_id uuid PRIMARY KEY,\n    domain text\n);\n"
    "CREATE TABLE website_event (\n    event_id uuid PRIMARY KEY,\n"
    "    website_id uuid,\n    visit_id uuid,\n    job_id uuid\n);\n"
    "CREATE TABLE session_data (\n    session_id uuid,\n    data_key text\n);\n"
)
#: upgrades of an older full schema: the first alters a table no script creates
UPGRADES = {
    "01_edit_keys.sql": "ALTER TABLE website_event ADD COLUMN job_id uuid;\n",
    "02_add_visit_id.sql": (
        "CREATE TABLE website_event_new (\n    event_id uuid PRIMARY KEY,\n"
        "    website_id uuid,\n    visit_id uuid,\n    job_id uuid\n);\n"
        "ALTER TABLE website_event RENAME TO website_event_old;\n"
        "ALTER TABLE website_event_new RENAME TO website_event;\n"
        "DROP TABLE website_event_old;\n"
    ),
    "03_session_data.sql": (
        "CREATE TABLE session_data (\n    session_id uuid,\n    data_key text\n);\n"
    ),
}
#: a history from an empty database that builds the full schema
HISTORY = {
    "01_init.sql": (
        "CREATE TABLE website (\n    website_id uuid PRIMARY KEY,\n    domain text\n);\n"
        "CREATE TABLE website_event (\n    event_id uuid PRIMARY KEY,\n    website_id uuid\n);\n"
    ),
    "02_add_visit_id.sql": (
        "ALTER TABLE website_event ADD COLUMN visit_id uuid;\n"
        "ALTER TABLE website_event ADD COLUMN job_id uuid;\n"
    ),
    "03_session_data.sql": UPGRADES["03_session_data.sql"],
}
#: umami's ClickHouse folder, shortened: the full schema and upgrades below it
CLICKHOUSE_FULL = (
    "CREATE TABLE umami.website_event\n(\n    website_id UUID,\n    event_id UUID,\n"
    "    visit_id UUID,\n    job_id Nullable(UUID)\n)\nENGINE = MergeTree\n"
    "ORDER BY (website_id, event_id);\n\n"
    "CREATE TABLE umami.event_data\n(\n    event_id UUID,\n    string_value Nullable(String),\n"
    "    job_id Nullable(UUID)\n)\nENGINE = MergeTree\nORDER BY (event_id);\n"
)
CLICKHOUSE_UPGRADES = {
    "db/clickhouse/migrations/01_edit_keys.sql": (
        'ALTER TABLE "event_data" RENAME COLUMN "event_string_value" TO "string_value";\n'
        'ALTER TABLE "event_data" ADD COLUMN "job_id" Nullable(UUID) AFTER "string_value";\n'
    ),
    "db/clickhouse/migrations/02_add_visit_id.sql": (
        "CREATE TABLE umami.website_event_new\n(\n    website_id UUID,\n    event_id UUID,\n"
        "    visit_id UUID,\n    job_id Nullable(UUID)\n)\nENGINE = MergeTree\n"
        "ORDER BY (website_id, event_id);\n\n"
        "RENAME TABLE umami.website_event TO umami.website_event_old;\n"
        "RENAME TABLE umami.website_event_new TO umami.website_event;\n"
        "DROP TABLE umami.website_event_old;\n"
    ),
}


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _tree(folder: str, scripts: dict[str, str]) -> dict[str, str]:
    return {
        f"{folder}/schema.sql": FULL,
        **{f"{folder}/migrations/{name}": text for name, text in scripts.items()},
    }


def _init(root: Path, files: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    write_files(root, files)
    monkeypatch.chdir(root)
    done = _run("init")
    assert done.exit_code == 0, done.output
    config = yaml.safe_load((root / "dbnamelint.yaml").read_text(encoding="utf-8"))
    assert isinstance(config, dict)
    return config


def _model() -> dict[str, set[str]]:
    listed = _run("inspect", "--format", "json", "--no-cache")
    assert listed.exit_code == 0, listed.output
    out: dict[str, set[str]] = defaultdict(set)
    for o in json.loads(listed.stdout)["objects"]:
        if o["kind"] == "column":
            out[str(o["table"])].add(str(o["name"]))
    return dict(out)


def _pg_columns(pg: PgServer, texts: list[str]) -> dict[str, set[str]]:
    with pg.fresh_database("s37_umami_snapshot") as db:
        pg.run(sql="".join(texts), dbname=db)
        rows = pg.query_json(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = 'public'",
            dbname=db,
        )
    out: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        out[row["table_name"]].add(row["column_name"])
    return dict(out)


def test_the_upgrades_never_run_after_the_full_schema(pg: PgServer) -> None:
    with pg.fresh_database("s37_umami_upgrades") as db:
        pg.run(sql=FULL, dbname=db)
        with pytest.raises(SqlFailed, match="already exists"):
            pg.run(sql="".join(UPGRADES.values()), dbname=db)


def test_upgrades_below_a_full_schema_are_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    config = _init(tmp_path, _tree("db/postgresql", UPGRADES), monkeypatch)
    assert config["exclude"] == ["db/postgresql/migrations"]
    assert config["paths"] == ["db/postgresql"]
    checked = _run("check", "--no-cache")
    assert "DBN023" not in checked.output, checked.output
    assert _model() == _pg_columns(pg, [FULL])


def test_a_full_schema_the_migrations_build_is_the_copy_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    history = list(HISTORY.values())
    assert _pg_columns(pg, history) == _pg_columns(pg, [FULL])  # a snapshot of the history
    config = _init(tmp_path, _tree("db", HISTORY), monkeypatch)
    assert config["exclude"] == ["db/schema.sql"]
    text = (tmp_path / "dbnamelint.yaml").read_text(encoding="utf-8")
    assert "a full schema whose every table the numbered migrations" in text
    checked = _run("check", "--no-cache")
    assert "DBN023" not in checked.output, checked.output
    assert _model() == _pg_columns(pg, history)


def test_umami_clickhouse_schema_beside_its_migrations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {"db/clickhouse/schema.sql": CLICKHOUSE_FULL, **CLICKHOUSE_UPGRADES}
    config = _init(tmp_path, files, monkeypatch)
    assert config["exclude"] == ["db/clickhouse/migrations"]
    checked = _run("check", "--no-cache")
    assert "DBN023" not in checked.output, checked.output
    kept = _model()
    (tmp_path / "dbnamelint.yaml").unlink()
    listed = _run("inspect", "db/clickhouse/schema.sql", "--format", "json", "--no-cache")
    alone: dict[str, set[str]] = defaultdict(set)
    for o in json.loads(listed.stdout)["objects"]:
        if o["kind"] == "column":
            alone[str(o["table"])].add(str(o["name"]))
    assert kept == alone


def test_umami_tree_with_prisma_beside_clickhouse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's umami example with the ClickHouse ``schema.sql`` umami has."""
    from test_init_clickhouse import UMAMI

    prisma = {k: v for k, v in UMAMI.items() if not k.startswith("db/clickhouse/")}
    files = {**prisma, "db/clickhouse/schema.sql": CLICKHOUSE_FULL, **CLICKHOUSE_UPGRADES}
    config = _init(tmp_path / "umami", files, monkeypatch)
    assert config["exclude"] == ["db/clickhouse/migrations"]
    assert config["databases"] == {
        "umami": ["db/postgresql/data-migrations", "prisma/migrations"],
        "clickhouse": ["db/clickhouse"],
    }
    checked = _run("check", "--no-cache")
    assert "DBN023" not in checked.output, checked.output
