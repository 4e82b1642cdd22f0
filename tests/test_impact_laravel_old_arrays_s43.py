"""``impact`` reads a Laravel builder's ``array(...)`` argument as its ``[...]`` one.

PHP's old array literal (LinkAce's migrations write it, trial s43) in a query
builder call, ``->get(array('tag_transaction_journal.tag_id', 'tags.tag'))``,
names the renamed table as ``->get([...])`` does (tests/test_impact_laravel_builder.py,
whose oracle is illuminate/database running such calls): the same high-confidence
place, where it was a plain text match. A cast ``(array) $x`` and a
``function f(array $x)`` stay what they are.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import init_repo, isolated_git_env, write_files

INIT = (
    "CREATE TABLE tags (id INTEGER PRIMARY KEY, tag TEXT);\n"
    "CREATE TABLE tag_transaction_journal (id INTEGER PRIMARY KEY, tag_id INTEGER);\n"
)
RENAME = "ALTER TABLE tag_transaction_journal RENAME TO tag_transaction_journals;\n"
QUERIES = """<?php
use Illuminate\\Support\\Facades\\DB;

function tags(array $ids): array
{
    $rows = DB::table('tags')
        ->leftJoin('tag_transaction_journals', 'tags.id', '=', 'tag_id')
        ->get({open}'tag_transaction_journal.tag_id', 'tags.tag'{close});
    return (array) $rows;
}
"""


@pytest.mark.parametrize(("open_", "close"), [("array(", ")"), ("ARRAY (\n  ", ", // tags\n)")])
def test_an_old_array_argument_is_a_builder_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, open_: str, close: str
) -> None:
    """Before: the array( forms were plain."""
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    queries = QUERIES.replace("{open}", open_).replace("{close}", close)
    line = queries[: queries.index("'tag_transaction_journal.tag_id'")].count("\n") + 1
    files = {
        "dbnamelint.yaml": "paths: [db/migrations]\ndialect: sqlite\n",
        "db/migrations/001_init.sql": INIT,
        "db/migrations/002_rename.sql": RENAME,
        "app/Queries.php": queries,
    }
    root = tmp_path / "project"
    write_files(root, files)
    init_repo(root, "base")
    monkeypatch.chdir(root)
    done = CliRunner().invoke(cli, ["impact", "--format", "json", "--min-confidence", "plain"])
    assert done.exit_code == 0, done.output
    items = [
        (item["path"], item["line"], item["confidence"], item["context"])
        for phase in json.loads(done.stdout)["phases"]
        for obj in phase["objects"]
        for item in obj["items"]
    ]
    assert ("app/Queries.php", line, "high", "Laravel query builder (table.column)") in items
