"""A Rails app's several databases, each dumped to a file of its own.

Rails 6+ apps with several databases in ``config/database.yml`` (Rails 8's
default app: ``primary`` plus solid_queue's ``queue``, solid_cache's
``cache`` and solid_cable's ``cable``) dump the primary to ``db/schema.rb``
(``db/structure.sql``) and each other one to ``db/<name>_schema.rb``
(``db/<name>_structure.sql``) beside it (ActiveRecord's
``HashConfig#schema_dump``: ``"#{name}_#{schema_file_type(format)}"``).
Before, ``init`` named ``db`` alone and every check left the other dumps out
with a ``DBN007`` note: a bad table a change added to ``db/queue_schema.rb``
passed the hook. Now ``init`` writes one ``databases:`` entry per dump and
each is read as a catalog of its own. Oracle: PostgreSQL 15 runs each
dump's SQL in a database of its own, and ``inspect --db`` of each lists what
``inspect --database NAME`` of the files lists.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer
from test_rails_schema_rb import APPLICATION_RB, generated_sql

DATABASE_YML = """\
default: &default
  adapter: postgresql
  encoding: unicode

production:
  primary:
    <<: *default
    database: shop_production
  queue:
    <<: *default
    database: shop_production_queue
    migrations_paths: db/queue_migrate
"""

PRIMARY = """\
ActiveRecord::Schema[8.0].define(version: 2026_01_01_000000) do
  create_table "users", force: :cascade do |t|
    t.string "email", null: false
    t.index ["email"], name: "index_users_on_email", unique: true
  end
end
"""

QUEUE = """\
ActiveRecord::Schema[7.1].define(version: 1) do
  create_table "solid_queue_jobs", force: :cascade do |t|
    t.string "queue_name", null: false
    t.string "class_name", null: false
    t.datetime "created_at", null: false
    t.index ["queue_name"], name: "index_solid_queue_jobs_for_filtering"
  end
end
"""

BAD_TABLE = """\
  create_table "QueueAudit", force: :cascade do |t|
    t.string "queue_name", null: false
  end
end
"""


def rails_app(root: Path, files: dict[str, str] | None = None) -> Path:
    """A Rails 8 app at ``root`` (config/database.yml with a queue database,
    config/application.rb, db/schema.rb) with ``files`` written over it."""
    for rel, text in {
        "config/database.yml": DATABASE_YML,
        "config/application.rb": APPLICATION_RB,
        "db/schema.rb": PRIMARY,
        **(files or {}),
    }.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def _app(root: Path) -> Path:
    return rails_app(root, {"db/queue_schema.rb": QUEUE})


def _objects(*args: str) -> list[tuple[str, str | None, str]]:
    result = CliRunner().invoke(cli, ["inspect", "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return sorted((o["kind"], o["table"], o["name"]) for o in json.loads(result.stdout)["objects"])


def test_init_names_each_rails_database_and_check_reads_its_dump(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _app(tmp_path / "shop")
    (root / "db/queue_schema.rb").write_text(QUEUE[: QUEUE.rindex("end\n")] + BAD_TABLE)
    monkeypatch.chdir(root)
    said = CliRunner().invoke(cli, ["init"])
    assert said.exit_code == 0, said.output
    assert "Found 1 schema file: db (1 file)" in said.output
    assert "Separate databases: primary, queue: the Rails app's databases" in said.output
    config = (root / "dbnamelint.yaml").read_text()
    assert "databases:\n  primary: [db/schema.rb]\n  queue: [db/queue_schema.rb]\n" in config
    result = CliRunner().invoke(cli, ["check", "--format", "json"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert [(f["code"], f["path"], f["line"]) for f in report["findings"]] == [
        ("DBN101", "db/queue_schema.rb", 8),  # QueueAudit: not snake_case
        ("DBN105", "db/queue_schema.rb", 8),  # nor plural
    ]
    assert not [d for d in report["diagnostics"] if d["code"] == "DBN007"]
    tables = json.loads(CliRunner().invoke(cli, ["inspect", "--format", "json"]).stdout)
    made = tables["objects"]
    assert sorted((o["name"], o["database"]) for o in made if o["kind"] == "table") == [
        ("QueueAudit", "queue"),
        ("solid_queue_jobs", "queue"),
        ("users", "primary"),
    ]
    # without the config's entries the dump is a database of its own, left out as before
    (root / "dbnamelint.yaml").write_text("paths: [db]\n")
    plain = CliRunner().invoke(cli, ["check", "-v"])
    assert plain.exit_code == 0, plain.output
    assert "db/queue_schema.rb:1:1: DBN007 info: not replayed: the dump of the Rails database" in (
        plain.output
    )


def test_the_hook_refuses_a_bad_table_added_to_another_databases_dump(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from git_helpers import git, init_repo, isolated_git_env

    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = _app(tmp_path / "shop")
    monkeypatch.chdir(root)
    assert CliRunner().invoke(cli, ["init"]).exit_code == 0
    init_repo(root, "base")
    (root / "db/queue_schema.rb").write_text(QUEUE[: QUEUE.rindex("end\n")] + BAD_TABLE)
    git(root, "add", "-A")
    hook = CliRunner().invoke(cli, ["check", "--pre-commit", "db/queue_schema.rb"])
    assert hook.exit_code == 1, hook.output
    assert 'db/queue_schema.rb:8:17: DBN101 table "QueueAudit"' in hook.output
    git(root, "commit", "-qm", "queue audit")
    gate = CliRunner().invoke(cli, ["check", "--base", "HEAD~1"])
    assert gate.exit_code == 1, gate.output
    assert 'db/queue_schema.rb:8:17: DBN101 table "QueueAudit"' in gate.output
    # a migration of the queue database (its `migrations_paths:`) newer than its dump's
    # define(version:) was not migrated into it: its DDL was not read
    migration = root / "db/queue_migrate/20270101000000_add_queue_notes.rb"
    migration.parent.mkdir()
    migration.write_text(
        "class AddQueueNotes < ActiveRecord::Migration[8.0]\n"
        "  def change\n    create_table :QueueNotes\n  end\nend\n"
    )
    git(root, "add", "-A")
    hook = CliRunner().invoke(cli, ["check", "--pre-commit", str(migration.relative_to(root))])
    assert hook.exit_code == 1, hook.output
    assert (
        "db/queue_migrate/20270101000000_add_queue_notes.rb:1:1: DBN032 error: this Rails "
        "migration's version 20270101000000 is newer than the version 1 that "
        "db/queue_schema.rb's define(version:) records"
    ) in hook.output


def test_each_rails_database_is_the_database_its_dump_loads(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _app(tmp_path / "shop")
    monkeypatch.chdir(root)
    assert CliRunner().invoke(cli, ["init"]).exit_code == 0
    dumps = (("primary", PRIMARY, "users"), ("queue", QUEUE, "solid_queue_jobs"))
    for name, schema, table in dumps:
        with pg.fresh_database(f"dbn_rails_{name}") as db:
            script = tmp_path / f"{name}.sql"
            script.write_text(generated_sql(schema, "postgres"), encoding="utf-8")
            pg.run(files=[script], dbname=db)
            live = _objects("--db", pg.url(db))
            assert ("table", None, table) in live
            assert live == _objects("--database", name), name
