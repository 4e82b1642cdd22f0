"""A Rails app's several databases: each ``db/<name>_structure.sql`` is a database of its own.

Rails 6+ (``config/database.yml`` with several databases) dumps the primary
database to ``db/structure.sql`` and every other one to
``db/<name>_structure.sql`` (``ActiveRecord::DatabaseConfigurations::HashConfig
#schema_dump``: ``"#{name}_#{schema_file_type(format)}"``; the Rails guide
"Multiple Databases with Active Record"). Walked together they were replayed
as one schema: the queue database's ``users`` replaced the primary's. The
oracle is PostgreSQL 15: a database built from ``structure.sql`` alone (the
primary) has no drift from the walked tree, and one built from
``queue_structure.sql`` none from that file named alone.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer, pg_url
from test_drift_tool_tables import drifted

PRIMARY = """\
SET statement_timeout = 0;
CREATE TABLE public.users (
    id bigint NOT NULL,
    name character varying
);
CREATE TABLE public.schema_migrations (
    version character varying NOT NULL
);
ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);
CREATE INDEX index_users_on_name ON public.users USING btree (name);
SET search_path TO "$user", public;
INSERT INTO "schema_migrations" (version) VALUES
('20240101000000');
"""

QUEUE = """\
SET statement_timeout = 0;
CREATE TABLE public.solid_queue_jobs (
    id bigint NOT NULL,
    queue_name character varying NOT NULL
);
CREATE TABLE public.users (
    id bigint NOT NULL,
    email character varying
);
CREATE TABLE public.schema_migrations (
    version character varying NOT NULL
);
ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);
SET search_path TO "$user", public;
INSERT INTO "schema_migrations" (version) VALUES
('20240101000001');
"""


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "db").mkdir()
    (tmp_path / "db/structure.sql").write_text(PRIMARY, encoding="utf-8")
    (tmp_path / "db/queue_structure.sql").write_text(QUEUE, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_other_databases_dump_is_left_out_with_a_note(app: Path) -> None:
    code, out, err = _run("check", "--no-cache", "--format", "json", "--select", "DBN007,DBN010")
    assert code == 0, out + err
    found = [(d["code"], d["path"]) for d in json.loads(out)["diagnostics"]]
    assert found == [("DBN007", "db/queue_structure.sql")], out
    assert "dbnamelint check db/queue_structure.sql" in out


def test_each_dump_matches_its_own_database(pg: PgServer, app: Path) -> None:
    with pg.fresh_database("dbn_rails_primary") as db:
        pg.run(files=[app / "db/structure.sql"], dbname=db)
        code, out, err = _run("drift", "--db", pg_url(pg, db), "--format", "json")
        assert (code, drifted(out)) == (0, []), out + err
    with pg.fresh_database("dbn_rails_queue") as db:
        pg.run(files=[app / "db/queue_structure.sql"], dbname=db)
        code, out, err = _run(
            "drift", "--db", pg_url(pg, db), "--format", "json", "db/queue_structure.sql"
        )
        assert (code, drifted(out)) == (0, []), out + err


def test_migrate_write_in_a_rails_app_says_how_to_make_a_rails_migration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trial s9-t2 F16: ``db/structure.sql`` is the dump ``bin/rails db:migrate``
    rewrites (Rails guides, "Active Record Migrations": schema dumping); moving it
    to a numbered name, the generic advice, would break Rails. ``--write``
    refuses (exit 2, nothing written) and says to wrap the SQL in a migration."""
    (tmp_path / "db/migrate").mkdir(parents=True)
    (tmp_path / "db/structure.sql").write_text('CREATE TABLE public."OrderItem" (id bigint);\n')
    (tmp_path / "db/migrate/20240101000000_create_order_items.rb").write_text("# rails\n")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["whitelist", "init"]).exit_code == 0
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    result = CliRunner().invoke(cli, ["migrate", "--phase", "1", "--write"])
    assert result.exit_code == 2, result.output
    assert "Rails' schema dump" in result.stderr
    assert "bin/rails generate migration" in result.stderr
    assert "numbered name" not in result.stderr
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
