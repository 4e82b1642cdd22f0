"""``dbnamelint impact`` after trial s11 (atuin).

#2: ``impact --diff`` showed an unchanged blank line between two rewritten
lines as removed and added again (difflib skips lines that recur often, as
blank lines do in a file of 200 lines or more, when it matches lines). The
oracle is git itself: the patch applies with ``git apply`` and is the diff
``git diff`` prints for the change it made.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo, git

BASE = {
    "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
    "db/001_init.sql": "CREATE TABLE store (id int PRIMARY KEY);\n",
    "whitelist.yaml": 'phases:\n  - {id: "1", title: "Plurals", status: open}\nentries:\n'
    '  - {kind: table, name: store, phase: "1", target: stores}\n',
}
QUERY = 'Q = "DELETE FROM store WHERE id = 1"\n'


def _code() -> str:
    """300 lines, every other one blank; queries at lines 151 and 153 (a
    blank line between), 161 (7 lines on: a hunk of its own), 168 (6 lines
    on: the same hunk) and the last line, which has no newline."""
    lines = [f"X{n} = {n}\n" if n % 2 else "\n" for n in range(1, 301)]
    for n in (151, 153, 161, 168):
        lines[n - 1] = QUERY
    lines[-1] = QUERY.rstrip("\n")
    return "".join(lines)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed_repo(tmp_path / "repo", {**BASE, "app/queries.py": _code()}, monkeypatch)


def test_the_patch_changes_only_the_rewritten_lines_as_git_diff_shows(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.stderr
    patch = result.stdout_bytes.decode("utf-8")
    (repo.parent / "fix.patch").write_text(patch, encoding="utf-8")
    git(repo, "apply", "--check", str(repo.parent / "fix.patch"))
    git(repo, "apply", str(repo.parent / "fix.patch"))
    removed = [line for line in patch.splitlines()[2:] if line.startswith("-")]
    assert removed == ['-Q = "DELETE FROM store WHERE id = 1"'] * 5
    # git's own diff of the applied change, without its header and the
    # function context it adds after a hunk's line numbers.
    shown = git(repo, "diff", "--no-color", "--no-ext-diff")
    shown = "".join(shown.splitlines(keepends=True)[2:])
    assert patch == re.sub(r"(?m)^(@@ [^@]* @@).*$", r"\1", shown)


# #4: one schema kept for two databases (the same migrations under two paths,
# the second a per-path SQLite copy) is one set of objects (README, "One
# schema kept for several databases": one identity, one entry). Each copy
# renamed store -> stores; impact listed the rename twice ("table store on 2
# tables (stores, stores)", every place "or 1 other object") and the
# unreferenced store_idx_cache twice.
COPY = (
    "CREATE TABLE store (id int PRIMARY KEY);\nCREATE TABLE store_idx_cache (id int PRIMARY KEY);\n"
)
RENAME = (
    "ALTER TABLE store RENAME TO stores;\nALTER TABLE store_idx_cache RENAME TO store_idx_caches;\n"
)
COPIES = {
    "dbnamelint.yaml": "paths: [db/postgres, db/sqlite]\ndialect: postgres\n"
    'per_path:\n  - paths: ["db/sqlite/**"]\n    dialect: sqlite\n',
    "whitelist.yaml": 'phases:\n  - {id: "1", title: "Plurals", status: done}\nentries: []\n',
    "db/postgres/001_init.sql": COPY + "CREATE TABLE total (id int PRIMARY KEY);\n",
    "db/postgres/002_rename.sql": RENAME + "ALTER TABLE total RENAME TO totals;\n",
    "db/sqlite/001_init.sql": COPY,
    "db/sqlite/002_rename.sql": RENAME,
    "server/queries.py": 'Q = "DELETE FROM store WHERE id = 1"\nT = "SELECT id FROM stores"\n',
}


@pytest.fixture
def copies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed_repo(tmp_path / "copies", COPIES, monkeypatch)


def test_copies_of_one_object_are_one_entry_in_the_text_report(copies: Path) -> None:
    result = CliRunner().invoke(cli, ["impact", "--min-confidence", "high"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[:5] == [
        "Renamed already, or no phase: 1 reference in 1 file",
        "  table store -> stores (already renamed in the schema): 1 reference in 1 file "
        "(1 high confidence)",
        "    server/queries.py (1)",
        '      server/queries.py:1:18: high [SQL] Q = "DELETE FROM store WHERE id = 1"',
        "  not referenced: store_idx_cache, total",
    ]


def test_copies_of_one_object_are_one_object_in_json(copies: Path) -> None:
    result = CliRunner().invoke(cli, ["impact", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    objects = [o for p in json.loads(result.stdout)["phases"] for o in p["objects"]]
    assert [(o["kind"], o["old_names"], o["target"], o["references"]) for o in objects] == [
        ("table", ["store"], "stores", 1),
        ("table", ["store_idx_cache"], "store_idx_caches", 0),
        ("table", ["total"], "totals", 0),
    ]
    assert [r["shared_with"] for r in objects[0]["items"]] == [[]]
