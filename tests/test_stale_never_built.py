"""DBN900's reason tells a table the files dropped from one they never made
(trial s22).

A whitelist entry for ``user_setting``, a table only the application's code
creates (a Go string's CREATE TABLE), was reported "no table named
user_setting exists any more": it never existed in the schema the files
build. Oracle: sqlite3 runs the same files; ``sqlite_master`` holds the
table between the two migrations of the dropped case and never in the
other.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli

WHITELIST = """\
entries:
  - {kind: table, name: user_setting, rules: [DBN105]}
"""
CREATE = "CREATE TABLE users (id integer PRIMARY KEY);\n"
GO = (
    "package store\n\n"
    "const ddl = `CREATE TABLE IF NOT EXISTS user_setting (user_id integer, value text)`\n"
)


def _tables_after_each(files: dict[str, str]) -> list[set[str]]:
    """The tables sqlite3 holds after each migration, in order."""
    connection = sqlite3.connect(":memory:")
    seen = []
    for _, sql in sorted(files.items()):
        connection.executescript(sql)
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        seen.append({name for (name,) in rows})
    connection.close()
    return seen


def _check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, migrations: dict[str, str]) -> str:
    root = tmp_path / "app"
    (root / "db").mkdir(parents=True)
    (root / "store").mkdir()
    (root / "dbnamelint.yaml").write_text("paths: [db]\ndialect: sqlite\n", encoding="utf-8")
    (root / "whitelist.yaml").write_text(WHITELIST, encoding="utf-8")
    (root / "store" / "settings.go").write_text(GO, encoding="utf-8")
    for name, sql in migrations.items():
        (root / "db" / name).write_text(sql, encoding="utf-8")
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1, result.output
    return result.stdout


def test_a_name_only_code_creates_is_not_said_to_be_gone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    migrations = {"001_users.sql": CREATE}
    assert all("user_setting" not in t for t in _tables_after_each(migrations))
    out = _check(tmp_path, monkeypatch, migrations)
    assert "DBN900" in out
    assert "no table named user_setting is in the schema the files build: delete this entry" in out
    assert "any more" not in out


def test_a_dropped_table_still_exists_no_more(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    migrations = {
        "001_users.sql": CREATE + "CREATE TABLE user_setting (user_id integer);\n",
        "002_drop.sql": "DROP TABLE user_setting;\n",
    }
    first, last = _tables_after_each(migrations)
    assert "user_setting" in first and "user_setting" not in last
    out = _check(tmp_path, monkeypatch, migrations)
    assert "no table named user_setting exists any more: delete this entry" in out
    assert "schema the files build" not in out


def test_a_renamed_away_and_dropped_table_was_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    migrations = {
        "001_users.sql": CREATE + "CREATE TABLE settings (user_id integer);\n",
        "002_rename.sql": "ALTER TABLE settings RENAME TO user_setting;\n",
        "003_drop.sql": "DROP TABLE user_setting;\n",
    }
    seen = _tables_after_each(migrations)
    assert "user_setting" in seen[1] and "user_setting" not in seen[2]
    out = _check(tmp_path, monkeypatch, migrations)
    assert "no table named user_setting exists any more: delete this entry" in out
