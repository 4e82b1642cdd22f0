"""DDL in a Dart or Rust file importing SQLite's driver is read as SQLite (trial s43, ente).

ente's server keeps PostgreSQL migrations; its mobile apps keep their own
SQLite databases in Dart (``import 'package:sqflite/sqflite.dart';``), its
CLI one in Rust (``use rusqlite::Connection;``). The gate read their DDL
strings as the server's PostgreSQL, replayed onto the server's schema: a
device table named as a server table (``events``) was refused as a second,
skipped definition of the server's (``DBN023``), and ``seenDraft`` was said
to be folded to ``seendraft``, which SQLite never does. A Dart or Rust file
importing SQLite's driver is now read as SQLite, as a Go file's driver
import already told impact (:func:`~dbnamelint.impact.codedialect.driver_family`).

Oracle: the real SQLite (``sqlite3``) running each statement on a new
database, as the device does: the table it makes, under the name it stores.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, committed_repo

SERVER = "CREATE TABLE events (id TEXT NOT NULL, app TEXT NOT NULL);\n"

DART = """\
import 'package:sqflite/sqflite.dart';

class LocalDB {
  Future<void> _onCreate(Database db, int version) async {
    await db.execute('''
{sql}
    ''');
  }
}
"""

RUST = """\
use rusqlite::Connection;

pub fn create_tables(conn: &Connection) -> rusqlite::Result<()> {{
    conn.execute_batch(
        "{sql}",
    )?;
    Ok(())
}}
"""


def _gate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str, template: str, sql: str
) -> dict:
    """``check --base HEAD~1`` of the commit adding ``sql`` to the code file at
    ``path`` (``template`` with no statement at the base)."""
    files = {
        "dbnamelint.yaml": "dialect: postgres\npaths: [server/migrations]\n",
        "server/migrations/1_events.up.sql": SERVER,
        "server/migrations/1_events.down.sql": "DROP TABLE events;\n",
        path: template.replace("{sql}", "SELECT 1"),
    }
    root = committed_repo(tmp_path / "app", files, monkeypatch)
    (root / path).write_text(template.replace("{sql}", sql), encoding="utf-8")
    commit_all(root, "local table")
    result = CliRunner().invoke(
        cli, ["check", "--no-cache", "--base", "HEAD~1", "--format", "json"]
    )
    report: dict = json.loads(result.stdout)
    return report


def _sqlite_tables(sql: str) -> dict[str, list[str]]:
    """Each table a new SQLite database holds after ``sql``, with its columns."""
    db = sqlite3.connect(":memory:")
    try:
        db.executescript(sql)
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {n: [c[1] for c in db.execute(f'PRAGMA table_info("{n}")')] for n in names}
    finally:
        db.close()


def test_a_device_table_named_as_a_server_table_is_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sql = "CREATE TABLE IF NOT EXISTS events (local_id INTEGER PRIMARY KEY, payload TEXT)"
    # the device's database gets this very table: nothing of it is skipped
    assert _sqlite_tables(sql) == {"events": ["local_id", "payload"]}
    report = _gate(tmp_path, monkeypatch, "mobile/lib/db/local_db.dart", DART, sql)
    assert [d["code"] for d in report["diagnostics"]] == [], report["diagnostics"]
    assert [f for f in report["findings"] if f["fails_run"]] == []


@pytest.mark.parametrize(
    ("path", "template"),
    [("mobile/lib/db/memories_db.dart", DART), ("rust/cli/src/storage/schema.rs", RUST)],
)
def test_names_are_judged_as_sqlite_stores_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str, template: str
) -> None:
    sql = "CREATE TABLE IF NOT EXISTS seenDrafts (file_id INTEGER NOT NULL)"
    stored = next(iter(_sqlite_tables(sql)))
    assert stored == "seenDrafts"  # SQLite keeps the name as written
    report = _gate(tmp_path, monkeypatch, path, template, sql)
    failing = [(f["code"], f["name"], f["message"]) for f in report["findings"] if f["fails_run"]]
    assert [(code, name) for code, name, _m in failing] == [("DBN101", stored)], failing
    assert "folds" not in failing[0][2], failing


#: ente's mobile/apps/photos/lib/db/ml/schema.dart: the ML database's
#: statements as top-level constants, no driver imported in the file.
ML_SCHEMA = """\
const facesTable = 'events';

const createFacesTable = '''
{sql}
''';
"""
PUBSPEC = """\
name: photos
dependencies:
  flutter:
    sdk: flutter
  sqflite: 2.4.2
  sqlite_async: 0.11.7
"""
#: ente's rust/crates/ensu/Cargo.toml: rusqlite behind a feature.
CARGO = """\
[package]
name = "ensu"
version = "0.1.0"

[dependencies]
rusqlite = { version = "0.38", features = ["bundled"], optional = true }

[features]
default = ["sqlite"]
sqlite = ["dep:rusqlite"]
"""
RUST_CONSTS = """\
pub const CREATE_SESSIONS: &str = "
{sql}
";
"""


@pytest.mark.parametrize(
    ("manifest", "text", "path", "template"),
    [
        ("mobile/pubspec.yaml", PUBSPEC, "mobile/lib/db/ml/schema.dart", ML_SCHEMA),
        ("rust/crates/ensu/Cargo.toml", CARGO, "rust/crates/ensu/src/db/schema.rs", RUST_CONSTS),
    ],
)
def test_the_package_manifest_tells_sqlite_when_the_file_does_not(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    manifest: str,
    text: str,
    path: str,
    template: str,
) -> None:
    """A file of statements alone (ente's ML schema, ensu's chat schema)
    imports no driver; its package's manifest depends on SQLite's alone."""
    (tmp_path / "app" / manifest).parent.mkdir(parents=True)
    (tmp_path / "app" / manifest).write_text(text, encoding="utf-8")
    sql = "CREATE TABLE IF NOT EXISTS events (local_id INTEGER PRIMARY KEY, payload TEXT)"
    assert _sqlite_tables(sql) == {"events": ["local_id", "payload"]}
    report = _gate(tmp_path, monkeypatch, path, template, sql)
    assert [d["code"] for d in report["diagnostics"]] == [], report["diagnostics"]
    assert [f for f in report["findings"] if f["fails_run"]] == []


def test_a_manifest_naming_another_database_too_tells_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crate depending on sqlx as well may run the statements on PostgreSQL:
    its DDL keeps the tree's dialect, and the server's table stands (DBN023);
    the same crate without sqlx is SQLite's."""
    sql = "CREATE TABLE IF NOT EXISTS events (local_id INTEGER PRIMARY KEY, payload TEXT)"
    both = CARGO.replace("[features]", 'sqlx = { version = "0.8" }\n\n[features]')
    codes = {}
    for name, cargo in (("sqlite_only", CARGO), ("with_sqlx", both)):
        (tmp_path / name / "app" / "rust/crates/ensu").mkdir(parents=True)
        (tmp_path / name / "app" / "rust/crates/ensu/Cargo.toml").write_text(cargo)
        report = _gate(
            tmp_path / name, monkeypatch, "rust/crates/ensu/src/db/schema.rs", RUST_CONSTS, sql
        )
        codes[name] = {d["code"] for d in report["diagnostics"]}
    assert codes == {"sqlite_only": set(), "with_sqlx": {"DBN023"}}, codes
