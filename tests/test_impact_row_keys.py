"""A row read by a renamed column's old name is a medium-confidence use.

After ``ALTER TABLE users RENAME COLUMN full_name TO display_name`` the
query ``impact --diff`` patches returns rows keyed ``display_name``, and so
does ``SELECT *``: ``row["full_name"]`` (Python's ``sqlite3.Row``, a dict
cursor), ``$row['full_name']`` (PDO), ``r[:full_name]`` (Ruby) then fail,
although impact listed them as plain text among prose. They are listed as
medium-confidence places with the reason (kept out of the patch: which
subscript reads a row is not known for sure), and ``--diff`` names them.
The oracle is SQLite running the code itself: the patched query reads, the
row read by the old key fails, and aliasing the column back (``display_name
AS full_name``) makes it run.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import init_repo, isolated_git_env, write_files

INIT = "CREATE TABLE users (id INTEGER PRIMARY KEY, full_name TEXT, mail TEXT);\n"
RENAME = "ALTER TABLE users RENAME COLUMN full_name TO display_name;\n"
PYTHON = """import sqlite3

QUERY = "SELECT id, full_name FROM users"


def names(db: sqlite3.Connection) -> list[str]:
    db.row_factory = sqlite3.Row
    return [row["full_name"] for row in db.execute(QUERY)]


LABELS = {"full_name": "Full name"}
"""
FILES = {
    "dbnamelint.yaml": "paths: [db]\ndialect: sqlite\n",
    "db/001_init.sql": INIT,
    "db/002_rename.sql": RENAME,
    "app/users.py": PYTHON,
    "app/users.php": (
        "<?php\nfunction names(PDO $db): array {\n    $out = [];\n"
        "    foreach ($db->query('SELECT * FROM users') as $row) {\n"
        "        $out[] = $row['full_name'];\n    }\n    return $out;\n}\n"
    ),
    "app/users.rb": (
        'def names(db)\n  db.execute("SELECT * FROM users").map { |r| r[:full_name] }\nend\n'
    ),
    # A request's data, no row: plain.
    "app/request.php": "<?php\n$name = $data['full_name'] ?? '';\n",
    "docs/users.md": 'The `full_name` column; `row["full_name"]` in prose stays prose.\n',
}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "project"
    write_files(root, FILES)
    init_repo(root, "base")
    monkeypatch.chdir(root)
    return root


def test_row_reads_by_old_key_are_medium_with_the_reason(repo: Path) -> None:
    done = CliRunner().invoke(cli, ["impact", "--format", "json"])
    assert done.exit_code == 0, done.output
    (obj,) = json.loads(done.stdout)["phases"][0]["objects"]
    found = {(i["path"], i["line"]): i for i in obj["items"]}
    medium = {place for place, i in found.items() if i["confidence"] == "medium"}
    assert medium == {("app/users.py", 8), ("app/users.php", 5), ("app/users.rb", 2)}
    assert found[("app/users.py", 8)]["reason"].startswith(
        "a row read by the column's name: a query reading the renamed column gives the key "
        "display_name"
    )
    assert found[("app/users.py", 3)]["confidence"] == "high"  # the query itself
    assert found[("app/users.py", 11)]["confidence"] == "plain"  # a dict literal's key
    assert found[("app/request.php", 2)]["confidence"] == "plain"
    assert all(i["confidence"] == "plain" for (p, _l), i in found.items() if p.endswith(".md"))

    text = CliRunner().invoke(cli, ["impact"]).stdout
    assert "app/users.py:8:18: medium [text] return [row" in text
    assert "        ? a row read by the column's name" in text
    assert "(1 high confidence, 3 medium, 4 plain text)" in text

    diff = CliRunner().invoke(cli, ["impact", "--diff", "--renamed-only"])
    assert diff.exit_code == 0, diff.output
    assert (
        "not patched: app/users.php:5 (full_name), app/users.py:8 (full_name), "
        "app/users.rb:2 (full_name): rows read by a column's old name (medium confidence)"
    ) in diff.stderr
    patch = repo.parent / "fix.patch"
    patch.write_text(diff.stdout)
    subprocess.run(["git", "apply", str(patch)], cwd=repo, check=True)

    # The oracle: the patched code on the renamed table.
    db = sqlite3.connect(":memory:")
    db.executescript(INIT + "INSERT INTO users VALUES (1, 'Ada', 'a@x');\n" + RENAME)
    scope: dict[str, object] = {}
    code = (repo / "app/users.py").read_text()
    # The patch aliases the select list's column back (session 43): the row keeps its key.
    assert 'QUERY = "SELECT id, display_name AS full_name FROM users"' in code
    exec(compile(code, "users.py", "exec"), scope)  # the fixture's code, as written
    names = scope["names"]
    assert callable(names)
    assert names(db) == ["Ada"]
    scope["QUERY"] = "SELECT id, display_name FROM users"  # renamed bare, as before
    with pytest.raises(IndexError, match="No item with that key"):
        names(db)  # the medium place: the row has display_name now
