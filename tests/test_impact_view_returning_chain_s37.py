"""An INSERT whose code adds ``RETURNING`` after a computed part (trial s37 memos).

memos' SQLite driver builds ``"INSERT INTO `memo_share` (" +
strings.Join(fields, ", ") + ") VALUES (" + strings.Join(placeholders, ", ")
+ ") RETURNING `id`, `created_ts`"`` and scans the id. Through the
compatibility view ``migrate`` leaves under the old name, SQLite returns what
the INSERT wrote (NULL for the id). ``impact`` read the statement up to the
first computed part (``INSERT INTO memo_share (``), saw no ``RETURNING`` and
left the place unmarked; the same statement in one string was marked.

Oracle: sqlite3 runs the statement the code builds, through the view and
through the table: the ids differ. A chain with no ``RETURNING`` and one whose
``RETURNING`` is another call's string stay unmarked.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import pytest

from cli_json import run_streams
from git_helpers import isolated_git_env
from impact_json import impact_items

SCHEMA = "CREATE TABLE player (id integer PRIMARY KEY, name varchar(50) NOT NULL);\n"
#: What each function builds when ``fields`` is ``["name"]``.
BUILT = "INSERT INTO {t} (name) VALUES ('m') RETURNING id"
CODE = """package store

func oneLine(fields []string) string {
	return "INSERT INTO player (" + strings.Join(fields, ", ") + ") VALUES (?) RETURNING id"
}

func twoLines(fields, marks []string) string {
	return "INSERT INTO player (" + strings.Join(fields, ", ") + ") VALUES (" +
		strings.Join(marks, ", ") + ") RETURNING id"
}

func noReturning(fields []string) string {
	return "INSERT INTO player (" + strings.Join(fields, ", ") + ") VALUES (?)"
}

func anotherArgument(fields []string) (string, string) {
	return "INSERT INTO player (" + strings.Join(fields, ", ") + ") VALUES (?)", "RETURNING"
}
"""
MARKED = {4: True, 8: True, 13: False, 17: False}
#: The same in JavaScript's style, the next line opening with ``+``.
JS = """export function add(db, cols) {
  return db.query("INSERT INTO player (" + cols.join(", ") + ") VALUES (?)"
    + " RETURNING id");
}

export function plain(db, cols) {
  db.query("INSERT INTO player (" + cols.join(", ") + ") VALUES (?)");
  return db.query("SELECT 1 AS returning");
}
"""
JS_MARKED = {2: True, 7: False}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "app"
    (root / "db").mkdir(parents=True)
    (root / "db" / "001_init.sql").write_text(SCHEMA)
    (root / "store").mkdir()
    (root / "store" / "player.go").write_text(CODE)
    (root / "web").mkdir()
    (root / "web" / "player.js").write_text(JS)
    (root / "dbnamelint.yaml").write_text("paths: [db]\ndialect: sqlite\nselect: [DBN105]\n")
    monkeypatch.chdir(root)
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    assert run_streams("whitelist", "init")[0] == 0
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "commit", "-qm", "legacy"], cwd=root, check=True)
    return root


def test_returning_after_a_computed_part_is_marked(project: Path) -> None:
    code, out, err = run_streams("impact", "--format", "json")
    assert code == 0, out + err
    items = [item for _obj, item in impact_items(json.loads(out), "player")]
    marks = {i["line"]: i["refused"] for i in items if i["path"] == "store/player.go"}
    assert {line: bool(mark) for line, mark in marks.items()} == MARKED
    js = {i["line"]: bool(i["refused"]) for i in items if i["path"] == "web/player.js"}
    assert js == JS_MARKED
    assert "RETURNING through the view" in str(marks[4])
    # sqlite3, the statement the code builds: the view gives back no id
    code, plan, err = run_streams("migrate", "--all")
    assert code == 0, plan + err
    forward = plan.split("-- ==== forward ====")[1].split("-- ==== rollback ====", 1)[0]
    answers = []
    for table in ("player", "players"):
        db = sqlite3.connect(":memory:")
        try:
            db.executescript(SCHEMA + forward)
            answers.append(db.execute(BUILT.format(t=table)).fetchall())
        finally:
            db.close()
    assert answers == [[(None,)], [(1,)]]
