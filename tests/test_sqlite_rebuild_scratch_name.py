"""A SQLite table rebuild's scratch name is no earlier name of the table.

SQLite's ALTER TABLE documentation ("Making Other Kinds Of Table Schema
Changes") rebuilds a table: ``CREATE TABLE new_x``, copy, ``DROP TABLE x``,
``ALTER TABLE new_x RENAME TO x``. shiori's migrations do it (``bookmark_temp``)
and so do the scripts ``migrate`` writes for SQLite (``new_account``). To the
user the table is ``x`` all along; ``impact`` listed ``new_account, account ->
accounts`` and searched code for the scratch name (trial s20 shiori #7).

Oracle: sqlite3 runs the files; ``sqlite_master`` holds the tables by their
names only (the rebuilt table's CREATE reads the name it took), and a name
the table really had before (``acct``) is one the model keeps.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli

INIT = (
    "CREATE TABLE acct (id INTEGER PRIMARY KEY, username TEXT NOT NULL);\n"
    "ALTER TABLE acct RENAME TO account;\n"
    "CREATE TABLE bookmark (id INTEGER PRIMARY KEY, url TEXT NOT NULL);\n"
)
REBUILD = (
    "CREATE TABLE new_account (id INTEGER PRIMARY KEY, username TEXT NOT NULL, owner INTEGER);\n"
    "INSERT INTO new_account (id, username) SELECT id, username FROM account;\n"
    "DROP TABLE account;\n"
    "ALTER TABLE new_account RENAME TO account;\n"
    "CREATE TABLE IF NOT EXISTS bookmark_temp (\n"
    "    id INTEGER PRIMARY KEY, url TEXT CONSTRAINT bookmark_url_UQ UNIQUE, title TEXT);\n"
    "INSERT INTO bookmark_temp (id, url) SELECT id, url FROM bookmark;\n"
    "DROP TABLE bookmark;\n"
    "ALTER TABLE bookmark_temp RENAME TO bookmark;\n"
)
# A table renamed in a later file to a name dropped earlier is a rename still.
LATER = "CREATE TABLE draft (id INTEGER PRIMARY KEY);\nDROP TABLE draft;\n"
LATER_RENAME = "CREATE TABLE note (id INTEGER PRIMARY KEY);\nALTER TABLE note RENAME TO draft;\n"

FILES = {
    "0001_init.up.sql": INIT,
    "0002_rebuild.up.sql": REBUILD,
    "0003_draft.up.sql": LATER,
    "0004_note.up.sql": LATER_RENAME,
}


def _tree(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = root / "db"
    folder.mkdir()
    for name, text in FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text("dialect: sqlite\npaths: [db]\n", encoding="utf-8")
    monkeypatch.chdir(root)


def _oracle(path: Path) -> list[tuple[str, str]]:
    db = sqlite3.connect(path)
    try:
        for text in FILES.values():
            db.executescript(text)
        rows = db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name"
        ).fetchall()
        return [(str(n), str(s)) for n, s in rows]
    finally:
        db.close()


def test_the_model_keeps_the_tables_history_but_not_the_scratch_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, monkeypatch)
    master = _oracle(tmp_path / "t.db")
    assert [n for n, _ in master] == ["account", "bookmark", "draft"]
    for scratch in ("new_account", "bookmark_temp"):
        assert all(scratch not in sql for _, sql in master)  # SQLite keeps no trace
    result = CliRunner().invoke(cli, ["inspect", "--format", "json"])
    assert result.exit_code == 0, result.output
    tables = {
        o["name"]: o["previous_names"]
        for o in json.loads(result.output)["objects"]
        if o["kind"] == "table"
    }
    assert sorted(tables) == [n for n, _ in master]
    # acct -> account happened; new_account and bookmark_temp were the rebuilds' scratch
    assert tables == {"account": ["acct"], "bookmark": [], "draft": ["note"]}


def test_impact_names_no_scratch_table_once_migrate_rebuilt_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, monkeypatch)
    runner = CliRunner()
    # migrate's own SQLite script rebuilds bookmark through new_bookmark (for its key's name)
    written = runner.invoke(cli, ["migrate", "--rename", "bookmark=bookmarks", "--write"])
    assert written.exit_code == 0, written.output + written.stderr
    (forward,) = (tmp_path / "db").glob("*rename*.up.sql")
    assert 'ALTER TABLE "new_bookmark" RENAME TO "bookmark"' in forward.read_text()
    app = tmp_path / "app"
    app.mkdir()
    (app / "q.go").write_text('package app\n\nconst q = "SELECT url FROM bookmark"\n')
    result = runner.invoke(cli, ["impact", "app"])
    assert result.exit_code == 0, result.output
    assert "table bookmark -> bookmarks (already renamed in the schema)" in result.output
    assert "new_bookmark" not in result.output and "bookmark_temp" not in result.output
