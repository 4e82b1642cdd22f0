"""A compatibility view keeps only its table's old column names unjudged
(trial s31 windmill).

A view named after a renamed table's old name is that table's compatibility
view; its columns spell the table's old column names on purpose. Any other
output column is a new name in the database: ``CREATE VIEW favorite AS
SELECT username AS "userName", ..., now() AS "addedAt" FROM favorites``
passed ``check``, ``check --base`` and the hook with no finding, and so did
a later ``CREATE OR REPLACE VIEW favorite ... 1 AS "sortOrder"`` and a
``DROP VIEW app; CREATE VIEW app AS SELECT id, path AS "appPath" FROM apps``
replacing the view ``migrate`` wrote. Oracle: PostgreSQL 15 runs the files;
the view's columns are what ``pg_attribute`` holds.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer

BASE = """\
CREATE TABLE favorite (username text, workspace_id text, "favPath" text);
"""

#: The windmill trial's migration, plus a renamed column kept by its old name.
RENAMES = """\
ALTER TABLE favorite RENAME TO favorites;
ALTER TABLE favorites RENAME COLUMN "favPath" TO fav_path;
CREATE VIEW favorite AS SELECT username AS "userName", workspace_id,
  fav_path AS "favPath", now() AS "addedAt" FROM favorites;
"""

LATER = """\
CREATE OR REPLACE VIEW favorite AS SELECT username AS "userName", workspace_id,
  fav_path AS "favPath", now() AS "addedAt", 1 AS "sortOrder" FROM favorites;
"""


def _check(*args: str) -> tuple[int, list[tuple[str, str]]]:
    result = CliRunner().invoke(cli, ["check", "--format", "json", "--no-cache", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    found = json.loads(result.stdout)["findings"]
    return result.exit_code, sorted((f["code"], f["qualified_name"]) for f in found)


def _project(root: Path, *files: str) -> None:
    (root / "db").mkdir(exist_ok=True)
    for i, text in enumerate(files, start=1):
        (root / "db" / f"{i:03d}.sql").write_text(text)
    (root / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, timeout=60)


def test_new_names_on_a_compatibility_view_are_judged(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _project(tmp_path, BASE, RENAMES, LATER)
    with pg.fresh_database("dbn_compat_new_cols") as db:
        pg.run(files=sorted((tmp_path / "db").glob("*.sql")), dbname=db)
        columns = pg.view_columns(db)["favorite"]
    # the database holds the view's new names beside its old ones
    assert columns == ["userName", "workspace_id", "favPath", "addedAt", "sortOrder"]
    code, found = _check()
    assert code == 1
    # "favPath" was a column of the table (renamed to fav_path): kept on purpose;
    # userName, addedAt and sortOrder never were names of favorites' columns
    # (username is, but PostgreSQL folds it: "userName" is another name)
    assert found == [
        ("DBN201", "favorite.addedAt"),
        ("DBN201", "favorite.sortOrder"),
        ("DBN201", "favorite.userName"),
    ]


def test_the_gate_refuses_a_new_name_on_a_compatibility_view(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _project(tmp_path, "CREATE TABLE app (id int, path text);\n")
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base")
    _git(tmp_path, "checkout", "-qb", "feature")
    (tmp_path / "db" / "002.sql").write_text(
        "ALTER TABLE app RENAME TO apps;\n"
        'CREATE VIEW app AS SELECT id, path AS "appPath" FROM apps;\n'
    )
    code, found = _check("--base", "main")
    assert code == 1
    assert found == [("DBN201", "app.appPath")]


def test_migrate_s_own_view_then_a_hand_made_one_in_its_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _project(tmp_path, 'CREATE TABLE app (id int PRIMARY KEY, "appPath" text);\n')
    forward = tmp_path / "db" / "002.sql"
    made = CliRunner().invoke(
        cli,
        [
            "migrate",
            "--rename",
            "app=apps",
            "--rename-column",
            'app."appPath"=app_path',
            "-o",
            str(forward),
            "--no-cache",
        ],
    )
    assert made.exit_code == 0, made.output
    # migrate's view keeps "appPath", the column's old name: not judged
    assert _check() == (0, [])
    (tmp_path / "db" / "003.sql").write_text(
        'DROP VIEW app;\nCREATE VIEW app AS SELECT id, app_path AS "appPath", 1 AS "appRank" '
        "FROM apps;\n"
    )
    assert _check() == (1, [("DBN201", "app.appRank")])


def test_a_dumped_compatibility_view_keeps_only_its_aliases_of_the_table(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a dump (no rename left) a view carrying migrate's marker shows the
    table's columns by their old names (``user_prefs.theme_name AS
    "themeName"``): those stay unjudged; a column added to the view by hand
    (``CREATE OR REPLACE VIEW``, which keeps the view's comment) is judged."""
    monkeypatch.chdir(tmp_path)
    old = 'CREATE TABLE "UserPrefs" (id int PRIMARY KEY, "themeName" text);\n'
    _project(tmp_path, old)
    forward = tmp_path / "forward.sql"
    made = CliRunner().invoke(
        cli,
        [
            "migrate",
            "--rename",
            '"UserPrefs"=user_prefs',
            "--rename-column",
            '"UserPrefs"."themeName"=theme_name',
            "-o",
            str(forward),
            "--no-cache",
        ],
    )
    assert made.exit_code == 0, made.output
    extra = (
        'CREATE OR REPLACE VIEW "UserPrefs" AS SELECT id, theme_name AS "themeName", '
        '1 AS "sortOrder" FROM user_prefs;\n'
    )
    with pg.fresh_database("dbn_compat_new_cols_dump") as db:
        pg.run(sql=old, dbname=db)
        pg.run(files=[forward], dbname=db)
        pg.run(sql=extra, dbname=db)
        assert pg.view_columns(db)["UserPrefs"] == ["id", "themeName", "sortOrder"]
        dump = pg_dump(pg, db)
    assert "dbnamelint compatibility view of" in dump
    (tmp_path / "db" / "001.sql").write_text(dump)
    assert _check() == (1, [("DBN201", "public.UserPrefs.sortOrder")])


def pg_dump(pg: PgServer, db: str) -> str:
    """``pg_dump --schema-only`` of ``db``."""
    binary = shutil.which("pg_dump") or next(
        (str(p) for p in sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_dump"))), "pg_dump"
    )
    command = [binary, "--schema-only", "--no-owner", "-d", pg.database(db)]
    return subprocess.run(command, capture_output=True, text=True, check=True, timeout=120).stdout
