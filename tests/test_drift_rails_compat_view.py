"""``drift`` after ``migrate``'s forward on a Rails app names the
compatibility view it made as such (trial confirm37 P4), and is no drift
until the phase's cleanup (s37 note, Rails item 4).

Rails' schema dumper writes no view, so the schema.rb regenerated after the
forward holds the renamed table and nothing of the view standing in for its
old name: ``drift`` called it a plain ``only_in_database`` view, then
``compatibility_view_left`` (exit 1) between the forward and the cleanup.
The view's comment (``pg_description``) carries ``migrate``'s marker, which
says whose view it is: ``compatibility_view``, exit 0. A view made by hand
(no marker) is still drift; the rename plan (``table-legacy-name``'s names,
the whitelist's targets) names it. Oracle: PostgreSQL loads the old
schema.rb's SQL and runs the forward script ``migrate`` prints (with its
compatibility view and its COMMENT ON VIEW).
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
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
) -> tuple[int, list[dict[str, object]]]:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["drift", "--db", pg.url(db), "--format", "json", "."])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    drift = json.loads(result.stdout)["drift"]
    return result.exit_code, [i for i in drift if i["kind"] == "view"]


def _text(pg: PgServer, db: str, root: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["drift", "--db", pg.url(db), "."])
    return result.stdout


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
        # between the forward and the cleanup: the view is migrate's, no drift
        code, views = _drift(pg, db, new_app, monkeypatch)
        assert [(v["drift"], v["name"]) for v in views] == [("compatibility_view", "bookmarks")]
        assert (code, views[0]["files_name"]) == (0, "saved_statuses"), views
        last = _text(pg, db, new_app, monkeypatch).splitlines()[-1]
        assert last.startswith("No drift: ") and last.endswith(
            "; 1 compatibility view until the phase's cleanup)."
        ), last
        # its marker says whose view it is, with no rename plan in the config
        (new_app / "dbnamelint.yaml").write_text("paths: [db]\n", encoding="utf-8")
        code, views = _drift(pg, db, new_app, monkeypatch)
        assert (code, [(v["drift"], v["name"]) for v in views]) == (
            0,
            [("compatibility_view", "bookmarks")],
        )
        # the same view made by hand (no marker): drift, named by the plan alone
        pg.run(sql="COMMENT ON VIEW bookmarks IS NULL;", dbname=db)
        code, views = _drift(pg, db, new_app, monkeypatch)
        assert (code, [(v["drift"], v["name"]) for v in views]) == (
            1,
            [("only_in_database", "bookmarks")],
        )
        (new_app / "dbnamelint.yaml").write_text(PLAN, encoding="utf-8")
        code, views = _drift(pg, db, new_app, monkeypatch)
        assert (code, [(v["drift"], v["name"]) for v in views]) == (
            1,
            [("compatibility_view_left", "bookmarks")],
        )


def test_sqlite_keeps_the_marker_in_the_view_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite has no comments on objects: ``migrate`` writes its marker inside
    the view's text, which ``sqlite_master.sql`` keeps verbatim (the oracle:
    sqlite3 itself runs the load and the forward)."""
    # no foreign key: on SQLite the forward cannot give Rails' hashed one the
    # name db:schema:load would (that is name_differs, another story)
    before = BEFORE.split("  add_foreign_key")[0] + "end\n"
    after = before.replace('"bookmarks"', '"saved_statuses"').replace(
        "index_bookmarks_on", "index_saved_statuses_on"
    )
    old_app = rails_app(tmp_path / "old", before, "sqlite")
    new_app = rails_app(tmp_path / "new", after, "sqlite")
    monkeypatch.chdir(old_app)
    result = CliRunner().invoke(cli, ["migrate", "--rename", "bookmarks=saved_statuses"])
    assert result.exit_code == 0, result.output
    forward = result.stdout.partition("-- ==== rollback ====")[0].split("-- ==== forward ====")[1]
    assert "/* dbnamelint compatibility view of saved_statuses */" in forward
    path = tmp_path / "app.sqlite3"
    with closing(sqlite3.connect(path)) as db:
        db.executescript(generated_sql(before, "sqlite"))
        db.executescript(forward)
        stored = db.execute("SELECT sql FROM sqlite_master WHERE name = 'bookmarks'").fetchone()
    assert stored is not None and "compatibility view of saved_statuses" in stored[0]

    def drift() -> tuple[int, list[tuple[str, str, str | None]]]:
        monkeypatch.chdir(new_app)
        url = f"sqlite:///{path}"
        got = CliRunner().invoke(cli, ["drift", "--db", url, "--format", "json", "."])
        assert got.exception is None or isinstance(got.exception, SystemExit), got.output
        views = [i for i in json.loads(got.stdout)["drift"] if i["kind"] == "view"]
        return got.exit_code, [(v["drift"], v["name"], v["files_name"]) for v in views]

    assert drift() == (0, [("compatibility_view", "bookmarks", "saved_statuses")])
    # the same view without the marker (made by hand) is drift
    with closing(sqlite3.connect(path)) as db:
        db.executescript(
            "DROP VIEW bookmarks; CREATE VIEW bookmarks AS SELECT * FROM saved_statuses;"
        )
    assert drift() == (1, [("only_in_database", "bookmarks", None)])


def test_sqlite_forward_renames_rails_hashed_foreign_keys_and_drift_agrees(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On SQLite a constraint is renamed by rebuilding its table from the
    CREATE TABLE a database built from the files holds; for db/schema.rb that
    is the SQL db:schema:load runs (the Ruby was split at its semicolons
    instead, no table was found, and the forward left Rails' old
    ``fk_rails_`` hash: drift's name_differs, exit 1). sqlite3 runs the load,
    forward, rollback and forward again; drift compares with schema.rb as
    db:schema:dump writes it after each."""
    old_app = rails_app(tmp_path / "old", BEFORE, "sqlite")
    new_app = rails_app(tmp_path / "new", AFTER_TABLE, "sqlite")
    monkeypatch.chdir(old_app)
    result = CliRunner().invoke(cli, ["migrate", "--rename", "bookmarks=saved_statuses"])
    assert result.exit_code == 0, result.output
    forward, _, rest = result.stdout.partition("-- ==== rollback ====")
    forward = forward.split("-- ==== forward ====")[1]
    rollback = rest.split("-- ==== cleanup")[0]
    assert 'CREATE TABLE "new_bookmarks"' in forward, forward
    # the app is Rails' (config/application.rb): Rails' advice, not a layout's
    assert "bin/rails generate migration RenamePhaseN" in result.stderr, result.stderr
    path = tmp_path / "app.sqlite3"

    def drift(app: Path) -> tuple[int, list[tuple[str, str, str]]]:
        monkeypatch.chdir(app)
        url = f"sqlite:///{path}"
        got = CliRunner().invoke(cli, ["drift", "--db", url, "--format", "json", "."])
        assert got.exception is None or isinstance(got.exception, SystemExit), got.output
        items = json.loads(got.stdout)["drift"]
        return got.exit_code, [(i["drift"], i["kind"], i["name"]) for i in items]

    with closing(sqlite3.connect(path)) as db:
        db.executescript(generated_sql(BEFORE, "sqlite"))
        db.executescript(forward)
    assert drift(new_app) == (0, [("compatibility_view", "view", "bookmarks")])
    with closing(sqlite3.connect(path)) as db:
        db.executescript(rollback)
    assert drift(old_app) == (0, [])
    with closing(sqlite3.connect(path)) as db:
        db.executescript(forward)
    assert drift(new_app) == (0, [("compatibility_view", "view", "bookmarks")])
