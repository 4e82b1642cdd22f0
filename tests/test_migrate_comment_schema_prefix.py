"""``migrate`` writes names as the files qualify them with a comment template.

river's migrations write every name as ``/* TEMPLATE: schema */river_job``;
its migrator replaces the comment with ``"myschema".`` (or nothing) before
it runs a file (rivermigrate/river_migrate.go, rivershared/sqlctemplate).
A generated ``ALTER TABLE "river_job"`` without it renames nothing in a
custom-schema install (trial s20 river #5). Oracle: PostgreSQL runs the
files and the generated forward, rollback, forward again and cleanup, each
with the comment replaced as river replaces it, in schema ``myschema``
(the session's search_path does not reach it).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer

T = "/* TEMPLATE: schema */"
UP = f"""CREATE TABLE {T}river_job(
  id bigserial PRIMARY KEY,
  kind text NOT NULL,
  CONSTRAINT kind_length CHECK (char_length(kind) > 0)
);

CREATE INDEX river_job_kind ON {T}river_job USING btree(kind);

CREATE TABLE {T}river_leader(
  name text PRIMARY KEY,
  job_id bigint REFERENCES {T}river_job (id)
);
"""
DOWN = f"DROP TABLE {T}river_leader;\nDROP TABLE {T}river_job;\n"


def _scripts(root: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    folder = root / "migration" / "main"
    folder.mkdir(parents=True)
    (folder / "001_create_river_job.up.sql").write_text(UP, encoding="utf-8")
    (folder / "001_create_river_job.down.sql").write_text(DOWN, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text("dialect: postgres\npaths: [migration/main]\n")
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["migrate", "--rename", "river_job=river_jobs"])
    assert result.exit_code == 0, result.output
    parts = re.split(r"^-- ==== (\w+)[^\n]*====\n", result.stdout, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def _rendered(sql: str, schema: str) -> str:
    """``sql`` as river's migrator renders it (``/* TEMPLATE: schema */`` -> ``"s".``)."""
    return re.sub(r"/\* TEMPLATE: (.*?) \*/", f'"{schema}".', sql)


def _relations(pg: PgServer, db: str) -> list[tuple[str, str, str]]:
    rows = pg.query_json(
        "SELECT n.nspname, c.relname, c.relkind::text AS kind FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname IN ('public', 'myschema') ORDER BY 1, 2",
        dbname=db,
    )
    return [(r["nspname"], r["relname"], r["kind"]) for r in rows]


def test_every_script_qualifies_names_with_the_comment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scripts = _scripts(tmp_path, monkeypatch)
    forward, rollback, cleanup = scripts["forward"], scripts["rollback"], scripts["cleanup"]
    assert f'ALTER TABLE {T}"river_job" RENAME TO "river_jobs";' in forward
    assert f'ALTER INDEX {T}"river_job_kind" RENAME TO "river_jobs_kind";' in forward
    assert f'CREATE VIEW {T}"river_job" AS SELECT * FROM {T}"river_jobs";' in forward
    assert f'ALTER TABLE {T}"river_jobs" RENAME TO "river_job";' in rollback
    assert f'DROP VIEW {T}"river_job";' in cleanup


def test_forward_rollback_forward_cleanup_in_a_custom_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    scripts = _scripts(tmp_path, monkeypatch)
    with pg.fresh_database("migsmall_river_schema") as db:
        pg.run(sql="CREATE SCHEMA myschema", dbname=db)
        pg.run(sql=_rendered(UP, "myschema"), dbname=db)
        pg.run(sql="INSERT INTO myschema.river_job (kind) VALUES ('k')", dbname=db)
        before = _relations(pg, db)
        assert ("myschema", "river_job", "r") in before
        assert not [r for r in before if r[0] == "public"]

        pg.run(sql=_rendered(scripts["forward"], "myschema"), dbname=db)
        after = _relations(pg, db)
        assert ("myschema", "river_jobs", "r") in after
        assert ("myschema", "river_job", "v") in after
        assert ("myschema", "river_jobs_kind", "i") in after
        assert ("myschema", "river_jobs_id_seq", "S") in after
        assert not [r for r in after if r[0] == "public"]
        rows = pg.query_json("SELECT kind FROM myschema.river_job", dbname=db)
        assert rows == [{"kind": "k"}]

        pg.run(sql=_rendered(scripts["rollback"], "myschema"), dbname=db)
        assert _relations(pg, db) == before

        pg.run(sql=_rendered(scripts["forward"], "myschema"), dbname=db)
        assert _relations(pg, db) == after
        pg.run(sql=_rendered(scripts["cleanup"], "myschema"), dbname=db)
        done = _relations(pg, db)
        assert ("myschema", "river_job", "v") not in done
        assert ("myschema", "river_jobs", "r") in done
