"""``init`` names a SQLite database file kept in the tree (trial s40 uptime-kuma).

uptime-kuma's base schema is ``db/kuma.db``, a binary template copied at
first start, before its SQL patches and Knex migrations run: its eleven
tables were in no file read, and ``init`` said nothing of it (``check``
only noted, patch by patch, "table 'monitor' is not created in the files").
Now ``init`` names each SQLite database file (SQLite's header, not the
name alone; dependencies' folders left out) and how to read its schema;
the advice is followed here with the real ``sqlite3`` shell.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli

PATCH = "ALTER TABLE monitor ADD retry_interval INTEGER;\n"


def test_init_names_the_database_and_its_advice_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "db" / "old_migrations").mkdir(parents=True)
    (tmp_path / "db" / "old_migrations" / "patch1.sql").write_text(PATCH)
    with sqlite3.connect(tmp_path / "db" / "kuma.db") as conn:
        conn.execute("CREATE TABLE monitor (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT)")
    conn.close()
    (tmp_path / "db" / "notes.db").write_text("not a database\n")
    (tmp_path / "node_modules" / "x").mkdir(parents=True)
    shutil.copy(tmp_path / "db" / "kuma.db", tmp_path / "node_modules" / "x" / "test.db")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["init"])
    assert result.exit_code == 0, result.output
    said = [line for line in result.output.splitlines() if "SQLite database" in line]
    assert len(said) == 1, result.output
    assert said[0].startswith("Also: db/kuma.db is a SQLite database"), said
    assert "sqlite3 db/kuma.db .schema > <folder>/000_base.sql" in said[0]
    if shutil.which("sqlite3") is None:
        pytest.skip("sqlite3 is not installed")
    (tmp_path / "db" / "base").mkdir()
    schema = subprocess.run(
        ["sqlite3", "db/kuma.db", ".schema"], check=True, capture_output=True, text=True
    ).stdout
    (tmp_path / "db" / "base" / "000_base.sql").write_text(schema)
    (tmp_path / "dbnamelint.yaml").write_text(
        "dialect: sqlite\npaths:\n  - db/base\n  - db/old_migrations\n"
    )
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--select", "DBN011"])
    assert "is not created in the files" not in result.output, result.output
