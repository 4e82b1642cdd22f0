"""Dart or Rust code running SQLite is another database's for a PostgreSQL schema (trial s43).

ente's mobile app keeps its own SQLite database through sqflite
(``mobile/apps/photos/lib/db/trash_db.dart``: ``static const tableName =
'trash';``), beside the server's PostgreSQL table of the same name. With the
server's ``trash`` planned for a rename, ``impact`` counted the Dart constant
as a high-confidence use and ``impact --diff`` renamed it: the app would then
query a table its devices' databases do not have. A Dart or Rust file whose
driver import (``package:sqflite/``, ``use rusqlite``) or package manifest
(``pubspec.yaml``, ``Cargo.toml``) says SQLite, in a tree whose schema is not
SQLite's, is now another database's code: listed apart, never counted or
patched (as a file named for another database already was).

Oracle: sqflite's and rusqlite's documentation (each opens a SQLite database
file of the app's own), and real git applying the ``--diff``.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from impact_json import impact_items
from test_migrate_dependent_targets import _init, _project
from test_migrate_loop import _run

CONFIG = "paths: [server/migrations]\ndialect: postgres\nselect: [DBN105]\n"
SCHEMA = "CREATE TABLE task_lock (task_name TEXT PRIMARY KEY, lock_until BIGINT);\n"

FILES = {
    # the server's code: the schema's use, patched
    "server/pkg/repo/tasklock.go": (
        "package repo\n\nconst q = `DELETE FROM task_lock WHERE task_name = $1`\n"
    ),
    # the mobile app's own database (sqflite imported)
    "mobile/lib/db/locks_db.dart": (
        "import 'package:sqflite/sqflite.dart';\n\n"
        "class LocksDB {\n  static const tableName = 'task_lock';\n}\n"
    ),
    # a file of statements in a package depending on sqlite_async
    "mobile/lib/db/ml/schema.dart": (
        "const createLocks = '''CREATE TABLE IF NOT EXISTS task_lock (id INTEGER)''';\n"
    ),
    "mobile/pubspec.yaml": "name: photos\ndependencies:\n  sqlite_async: 0.11.7\n",
    # the CLI's store
    "rust/cli/src/store.rs": (
        "use rusqlite::Connection;\n\n"
        'pub fn clear(c: &Connection) { c.execute("DELETE FROM task_lock", []).unwrap(); }\n'
    ),
    # a Dart HTTP client of the server: no SQLite, the server's name in its API
    "web/lib/api/locks.dart": (
        "import 'package:http/http.dart';\n\nconst lockQuery = 'SELECT * FROM task_lock';\n"
    ),
}


def test_sqlite_app_code_is_another_databases(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path, "", CONFIG)
    (root / "db" / "001_init.sql").unlink()
    (root / "server/migrations").mkdir(parents=True)
    (root / "server/migrations/1_create_tables.up.sql").write_text(SCHEMA, encoding="utf-8")
    for path, text in FILES.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    _init(root, monkeypatch)

    code, out, err = _run(root, monkeypatch, "impact", "--format", "json")
    assert code == 0, out + err
    report = json.loads(out)
    counted = {item["path"] for _o, item in impact_items(report, "task_lock")}
    assert counted == {"server/pkg/repo/tasklock.go", "web/lib/api/locks.dart"}, counted
    other = {item["path"] for item in report["other_database"]}
    assert other == {
        "mobile/lib/db/locks_db.dart",
        "mobile/lib/db/ml/schema.dart",
        "rust/cli/src/store.rs",
    }, report["other_database"]

    code, diff, err = _run(root, monkeypatch, "impact", "--diff")
    assert code == 0, diff + err
    (tmp_path / "fix.patch").write_text(diff, encoding="utf-8")
    subprocess.run(["git", "apply", str(tmp_path / "fix.patch")], cwd=root, check=True)
    assert "task_locks" in (root / "server/pkg/repo/tasklock.go").read_text()
    for path in ("mobile/lib/db/locks_db.dart", "rust/cli/src/store.rs"):
        assert (root / path).read_text() == FILES[path], path
