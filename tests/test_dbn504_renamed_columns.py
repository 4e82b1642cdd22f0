"""Derived names spell the columns as they are now (trial s18, stash).

stash renamed ``movies_scenes`` to ``groups_scenes`` and its column
``movie_id`` to ``group_id``; DBN504 suggested
``index_groups_scenes_on_movie_id``, a name spelling a column that is gone,
and ``whitelist init`` wrote it as the target. Its partial indexes
``unique_index_images_files_on_primary ... WHERE primary = 1`` kept the
column's old name after ``primary`` became ``is_primary``, and neither
DBN504 nor ``migrate`` said a word. The oracle is the database: the index's
column as sqlite3 (``PRAGMA index_info``) and PostgreSQL (``pg_index``)
report it after the files or the forward script ran.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

import pg_server
from dbnamelint.cli import cli

MOVIES = (
    "CREATE TABLE movies_scenes (movie_id integer, scene_id integer);\n"
    "CREATE INDEX index_movies_scenes_on_movie_id ON movies_scenes (movie_id);\n"
)
COLUMN_RENAMED = "ALTER TABLE movies_scenes RENAME COLUMN movie_id TO group_id;\n"
TABLE_RENAMED = "ALTER TABLE movies_scenes RENAME TO groups_scenes;\n"
FILES = (
    "CREATE TABLE `images_files` (`image_id` integer not null, `primary` boolean not null);\n"
    "CREATE UNIQUE INDEX `unique_index_images_files_on_primary` on `images_files` "
    "(`image_id`) WHERE `primary` = 1;\n"
)
PRIMARY_RENAMED = "ALTER TABLE `images_files` RENAME COLUMN `primary` TO `is_primary`;\n"


def _tree(root: Path, dialect: str, *files: str) -> None:
    (root / ".git").mkdir(exist_ok=True)
    (root / "db").mkdir(exist_ok=True)
    for number, text in enumerate(files, 1):
        (root / "db" / f"{number:03}.sql").write_text(text, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(f"paths: [db]\ndialect: {dialect}\n", "utf-8")


def _run(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _dbn504(root: Path, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    _, out, _ = _run(
        root, monkeypatch, "check", "--no-cache", "--select", "DBN504", "--format", "json"
    )
    return [f for f in json.loads(out)["findings"] if f["code"] == "DBN504"]


def _sqlite_index(db: sqlite3.Connection, table: str) -> dict[str, list[str]]:
    """Index name -> its columns, as sqlite3 reports them."""
    out = {}
    for row in db.execute(f'PRAGMA index_list("{table}")'):
        name = str(row[1])
        out[name] = [str(c[2]) for c in db.execute(f'PRAGMA index_info("{name}")')]
    return out


def test_dbn504_spells_the_column_as_it_is_now(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, "sqlite", MOVIES, TABLE_RENAMED + COLUMN_RENAMED.replace("movies_", "groups_"))
    db = sqlite3.connect(":memory:")
    db.executescript(MOVIES + TABLE_RENAMED + COLUMN_RENAMED.replace("movies_", "groups_"))
    now = _sqlite_index(db, "groups_scenes")
    assert now == {"index_movies_scenes_on_movie_id": ["group_id"]}
    expected = f"index_groups_scenes_on_{now['index_movies_scenes_on_movie_id'][0]}"
    (found,) = _dbn504(tmp_path, monkeypatch)
    assert found["rule_fix"] == found["suggestion"] == expected
    assert _run(tmp_path, monkeypatch, "whitelist", "init")[0] == 0
    assert f"target: {expected}" in (tmp_path / "whitelist.yaml").read_text("utf-8")


def test_migrate_and_dbn504_agree_and_sqlite_runs_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The column was renamed earlier; migrate renames the table now. The
    index is created under the name DBN504 gives once the table rename is
    in the files, on the column sqlite3 reports."""
    _tree(tmp_path, "sqlite", MOVIES, COLUMN_RENAMED)
    code, _, err = _run(
        tmp_path, monkeypatch, "migrate", "--rename", "movies_scenes=groups_scenes", "-o", "f.sql"
    )
    assert code == 0, err
    assert (
        "index  groups_scenes.index_movies_scenes_on_movie_id -> index_groups_scenes_on_group_id"
    ) in err
    db = sqlite3.connect(":memory:")
    db.executescript(MOVIES + COLUMN_RENAMED)
    db.executescript((tmp_path / "f.sql").read_text(encoding="utf-8"))
    assert _sqlite_index(db, "groups_scenes") == {"index_groups_scenes_on_group_id": ["group_id"]}
    (tmp_path / "db" / "003.sql").write_text(TABLE_RENAMED, encoding="utf-8")
    (found,) = _dbn504(tmp_path, monkeypatch)
    assert found["suggestion"] == "index_groups_scenes_on_group_id"


def test_postgres_migrate_names_the_index_on_the_column_it_has(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: pg_server.PgServer
) -> None:
    _tree(tmp_path, "postgres", MOVIES, COLUMN_RENAMED)
    code, _, err = _run(
        tmp_path, monkeypatch, "migrate", "--rename", "movies_scenes=groups_scenes", "-o", "f.sql"
    )
    assert code == 0, err
    with pg.fresh_database("stashmig_dbn504_columns") as db:
        pg.run(sql=MOVIES + COLUMN_RENAMED, dbname=db)
        pg.run(files=[tmp_path / "f.sql"], dbname=db)
        rows = pg.query_json(
            "SELECT i.relname AS index, a.attname AS column FROM pg_index x "
            "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
            "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(x.indkey) "
            "WHERE t.relname = 'groups_scenes'",
            db,
        )
    assert rows == [{"index": "index_groups_scenes_on_group_id", "column": "group_id"}]
    (tmp_path / "db" / "003.sql").write_text(TABLE_RENAMED, encoding="utf-8")
    (found,) = _dbn504(tmp_path, monkeypatch)
    assert found["suggestion"] == "index_groups_scenes_on_group_id"


def test_a_name_spelling_a_renamed_predicate_column_is_flagged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, "sqlite", FILES, PRIMARY_RENAMED)
    (found,) = _dbn504(tmp_path, monkeypatch)
    assert found["message"] == (
        "index name 'unique_index_images_files_on_primary' still contains the old column "
        "name 'primary' (now 'is_primary'); the index was created at db/001.sql:2:21"
    )
    assert (found["path"], found["line"]) == ("db/002.sql", 1)  # the rename that left it behind
    assert found["suggestion"] == "unique_index_images_files_on_is_primary"


def test_migrate_renames_a_name_spelling_the_predicate_column_it_renames(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, "sqlite", FILES)
    code, _, err = _run(
        tmp_path,
        monkeypatch,
        "migrate",
        "--rename-column",
        "images_files.primary=is_primary",
        "--layout",
        "numbered",
        "--write",
    )
    assert code == 0, err
    forward = (tmp_path / "db" / "002-rename-columns.sql").read_text(encoding="utf-8")
    db = sqlite3.connect(":memory:")
    db.executescript(FILES)
    db.executescript(forward)
    (sql,) = db.execute("SELECT sql FROM sqlite_master WHERE type = 'index'").fetchone()
    assert sql == (
        'CREATE UNIQUE INDEX "unique_index_images_files_on_is_primary" on `images_files` '
        '(`image_id`) WHERE "is_primary" = 1'
    )
    assert _dbn504(tmp_path, monkeypatch) == []
