"""``t.datetime`` in ``db/schema.rb`` is ``timestamp(6)`` from Rails 7.0 on.

Rails' ``TableDefinition#new_column_definition`` (activerecord/lib/
active_record/connection_adapters/abstract/schema_definitions.rb) gives a
``:datetime`` column (``:timestamp`` is aliased to it first) without a
``precision:`` option precision 6, so the dumper leaves ``precision: 6`` out
and writes ``precision: nil`` for a column without one; ``t.time`` gets no
default; a file loaded as ``Schema[6.1]`` keeps the old default (none).
Oracle: PostgreSQL given the DDL Rails runs for those calls (the types its
source says), then ``drift`` of the database against the schema.rb, also
across a column rename.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer
from test_rails_schema_rb import generated_sql, rails_app

SCHEMA = """\
ActiveRecord::Schema[{version}].define(version: 2024_05_01_120000) do
  create_table "events", force: :cascade do |t|
    t.datetime "{started}", null: false
    t.datetime "ended_at", precision: nil
    t.timestamp "seen_at"
    t.time "opens_at"
    t.datetime "created_at", precision: 3
  end
end
"""

#: What Rails 7+ runs on PostgreSQL for SCHEMA (schema_definitions.rb: datetime -> precision 6).
RAILS_7_DDL = """\
CREATE TABLE "events" ("id" bigserial primary key, "started_at" timestamp(6) NOT NULL,
  "ended_at" timestamp, "seen_at" timestamp(6), "opens_at" time, "created_at" timestamp(3));
"""


def test_datetime_without_precision_is_six_from_rails_7() -> None:
    sql = generated_sql(SCHEMA.format(version="7.1", started="started_at"), "postgres")
    assert '"started_at" timestamp(6) NOT NULL' in sql
    assert '"ended_at" timestamp,' in sql or '"ended_at" timestamp\n' in sql
    assert '"seen_at" timestamp(6)' in sql
    assert '"opens_at" time' in sql and '"opens_at" time(' not in sql
    assert '"created_at" timestamp(3)' in sql
    assert "timestamp(6)" in generated_sql(SCHEMA.format(version="8.0", started="s"), "mysql")


@pytest.mark.parametrize("version", ["6.1", "5.2"])
def test_older_schema_versions_keep_no_precision(version: str) -> None:
    sql = generated_sql(SCHEMA.format(version=version, started="started_at"), "postgres")
    assert "timestamp(6)" not in sql
    plain = (
        "ActiveRecord::Schema.define(version: 2019_01_01_000000) do\n" + SCHEMA.split("\n", 1)[1]
    )
    assert "timestamp(6)" not in generated_sql(plain.format(started="started_at"), "postgres")


def test_drift_pairs_a_renamed_rails_7_datetime_column(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pg.fresh_database("dbn_rails_precision") as db:
        pg.run(sql=RAILS_7_DDL, dbname=db)
        same = rails_app(
            tmp_path / "same", SCHEMA.format(version="7.1", started="started_at"), "postgres"
        )
        monkeypatch.chdir(same)
        clean = CliRunner().invoke(cli, ["drift", "--db", pg.url(db), "."])
        assert clean.exit_code == 0, clean.output
        renamed = rails_app(
            tmp_path / "renamed", SCHEMA.format(version="7.1", started="began_at"), "postgres"
        )
        monkeypatch.chdir(renamed)
        result = CliRunner().invoke(cli, ["drift", "--format", "json", "--db", pg.url(db), "."])
        assert '"renamed_in_database"' in result.stdout, result.output
        assert "only_in_files" not in result.stdout, result.output
