"""``drift`` and ``inspect`` silence what ``check`` silences, and drift's exit says drift.

The config's ``ignore:``, a ``per_path`` ignore and an inline
``-- dbnamelint: ignore[DBN005]`` silence an unreadable statement in
``check``; the same config must not make ``drift`` (or ``inspect``) print it
again and exit 1 after "No drift" (README: drift exits 0 on no drift, 1 on
drift). The database is a real SQLite file built with the files' own SQL
(``sqlite3`` runs it; ``sqlite_master`` is what drift reads).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli

#: The first statement hides a CREATE behind a word SQLite does not know:
#: DBN005, an error ("the CREATE in it was not read").
FILE = "FOO CREATE TABLE hidden (id int);\nCREATE TABLE t (id integer);\n"
CONFIGS = {
    "ignore": "ignore: [DBN005]\n",
    "per-path": 'per_path:\n  - paths: ["db/**"]\n    ignore: [DBN005]\n',
    "inline": "",
}


def _tree(root: Path, how: str) -> Path:
    (root / "db").mkdir()
    text = FILE
    if how == "inline":
        text = "-- dbnamelint: ignore[DBN005] checked by hand\n" + FILE
    (root / "db" / "001.sql").write_text(text, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(
        "paths: [db]\ndialect: sqlite\n" + CONFIGS[how], encoding="utf-8"
    )
    database = root / "app.db"
    with sqlite3.connect(database) as conn:
        conn.execute("CREATE TABLE t (id integer)")  # what the readable part creates
    conn.close()
    return database


@pytest.mark.parametrize("how", sorted(CONFIGS))
def test_drift_and_inspect_honour_the_silencing_check_honours(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    database = _tree(tmp_path, how)
    monkeypatch.chdir(tmp_path)
    check = CliRunner().invoke(cli, ["check"])
    assert check.exit_code == 0, check.output  # the oracle of what is silenced
    drift = CliRunner().invoke(cli, ["drift", "--db", f"sqlite:///{database}"])
    assert drift.exit_code == 0, drift.output
    assert "No drift" in drift.stdout
    assert "DBN005" not in drift.stderr
    assert "1 silenced unreadable statement" in drift.stderr
    inspect = CliRunner().invoke(cli, ["inspect"])
    assert inspect.exit_code == 0, inspect.output
    assert "DBN005" not in inspect.output
    assert "table t" in inspect.stdout


def test_unsilenced_unreadable_ddl_still_fails_drift_and_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = _tree(tmp_path, "inline")
    (tmp_path / "db" / "001.sql").write_text(FILE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    drift = CliRunner().invoke(cli, ["drift", "--db", f"sqlite:///{database}"])
    assert drift.exit_code == 1
    assert "DBN005 error" in drift.stderr
    assert "could not be read" in drift.stderr
    inspect = CliRunner().invoke(cli, ["inspect"])
    assert inspect.exit_code == 1
    assert "DBN005 error" in inspect.output
