"""``drift`` after ``migrate``'s forward on a Rails app names the
compatibility view it made as such (trial confirm37 P4).

Rails' schema dumper writes no view, so the schema.rb regenerated after the
forward holds the renamed table and nothing of the view standing in for its
old name: ``drift`` called it a plain ``only_in_database`` view. The rename
plan (``table-legacy-name``'s names, the whitelist's targets) says whose view
it is. Oracle: PostgreSQL loads the old schema.rb's SQL and runs the forward
script ``migrate`` prints (with its compatibility view).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer
from test_rails_migrate_hashed_names import AFTER_TABLE, BEFORE
from test_rails_schema_rb import generated_sql, rails_app

PLAN = """\
paths: [db]
rules:
  table-legacy-name:
    options:
      names: {bookmarks: saved_statuses}
"""


def _drift(
    pg: PgServer, db: str, root: Path, monkeypatch: pytest.MonkeyPatch
) -> list[dict[str, object]]:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["drift", "--db", pg.url(db), "--format", "json", "."])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return [i for i in json.loads(result.stdout)["drift"] if i["kind"] == "view"]


def test_the_compatibility_view_is_named_as_such(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old_app = rails_app(tmp_path / "old", BEFORE, "postgres")
    new_app = rails_app(tmp_path / "new", AFTER_TABLE, "postgres", {"dbnamelint.yaml": PLAN})
    monkeypatch.chdir(old_app)
    result = CliRunner().invoke(cli, ["migrate", "--rename", "bookmarks=saved_statuses"])
    assert result.exit_code == 0, result.output
    forward = result.stdout.partition("-- ==== rollback ====")[0]
    assert "CREATE VIEW" in forward
    with pg.fresh_database("dbn_s37_rails_compat") as db:
        load = tmp_path / "load.sql"
        load.write_text(generated_sql(BEFORE, "postgres"), encoding="utf-8")
        pg.run(files=[load], dbname=db)
        pg.run(sql=forward.split("-- ==== forward ====")[1], dbname=db)
        views = _drift(pg, db, new_app, monkeypatch)
        assert [(v["drift"], v["name"]) for v in views] == [
            ("compatibility_view_left", "bookmarks")
        ], views
        # without the plan, nothing says whose view it is
        (new_app / "dbnamelint.yaml").write_text("paths: [db]\n", encoding="utf-8")
        views = _drift(pg, db, new_app, monkeypatch)
        assert [(v["drift"], v["name"]) for v in views] == [("only_in_database", "bookmarks")]
