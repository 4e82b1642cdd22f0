"""Laravel's query builder and an Eloquent model's ``$table`` are table uses.

``impact`` listed firefly-iii's ``DB::table('tag_transaction_journal')``,
``->leftJoin('tag_transaction_journal', ...)`` and
``->whereNull('tag_transaction_journal.tag_id')`` as plain text (28 real
uses against 3 found), so the cleanup dropping the compatibility view would
break them; and ``impact --diff`` left ``protected $table =
'configuration';`` as written, searching the word ``table`` in every file as
a Go constant's uses (trial s35 firefly F6). The lines below are firefly's
(``TagRepository``, ``TransactionGroupRepository``, ``ReportsEmptyObjects``,
``TransactionGroupEnrichment``, ``MetaCollection``, ``Models/Configuration``),
beside its dotted keys that name no column (``'configuration.is_demo_site'``,
``str_replace('configuration.', ...)``). The oracle: the patched code, run by
illuminate/database on SQLite after the renames, where it failed before;
and the real ``git apply``.
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
from laravel_oracle import needs_laravel

RUN = Path(__file__).parent / "laravel" / "run_queries.php"

INIT = (
    "CREATE TABLE tags (id INTEGER PRIMARY KEY, tag TEXT);\n"
    "CREATE TABLE tag_transaction_journal (id INTEGER PRIMARY KEY, tag_id INTEGER,"
    " transaction_journal_id INTEGER);\n"
    "CREATE TABLE configuration (id INTEGER PRIMARY KEY, name TEXT, data TEXT);\n"
)
RENAME = (
    "ALTER TABLE tag_transaction_journal RENAME TO tag_transaction_journals;\n"
    "ALTER TABLE configuration RENAME TO configurations;\n"
)
MODEL = """<?php
use Illuminate\\Database\\Eloquent\\Model;

class Configuration extends Model
{
    protected $table = 'configuration';
    public $timestamps = false;
}

class Tag extends Model
{
    public $timestamps = false;
}
"""
QUERIES = """<?php
use Illuminate\\Support\\Facades\\DB;

function queries(): array
{
    $tag = (object) ['id' => 2];
    $journalId = 7;
    DB::table('tag_transaction_journal')->where('tag_id', $tag->id)->delete();
    $result = DB::table('tag_transaction_journal')
        ->leftJoin('tags', 'tag_transaction_journal.tag_id', '=', 'tags.id')
        ->where('tag_transaction_journal.transaction_journal_id', $journalId)
        ->get(['tags.tag']);
    $s = Tag::leftJoin('tag_transaction_journal', 'tags.id', '=', 'tag_transaction_journal.tag_id')
        ->whereIn('tag_transaction_journal.transaction_journal_id', [$journalId])
        ->get(['tag_transaction_journal.transaction_journal_id', 'tags.tag']);
    $e = Tag::leftJoin('tag_transaction_journal', 'tags.id', '=', 'tag_transaction_journal.tag_id')
        ->whereNull('tag_transaction_journal.tag_id')
        ->pluck('tags.tag');
    // delete all from 'tag_transaction_journal'
    return [$result->pluck('tag')->all(), $s->all(), $e->all(), Configuration::count()];
}

function labels(array $data, string $name): array
{
    $shortName = str_replace('configuration.', '', $name);
    $integers  = ['configuration.permission_update_check', 'configuration.last_update_check'];
    return [$shortName, $integers, sprintf('configuration.%s', $name),
        $data['configuration'] ?? null, Arr::get($data, 'tag_transaction_journal.tag_id'),
        $data->get('configuration.is_demo_site'), collect($integers)->join(', ')];
}
"""
FILES = {
    "dbnamelint.yaml": "paths: [db/migrations]\ndialect: sqlite\n",
    "db/migrations/001_init.sql": INIT,
    "db/migrations/002_rename.sql": RENAME,
    "app/Models/Configuration.php": MODEL,
    "app/Queries.php": QUERIES,
    # the same call outside PHP: no Laravel builder there
    # a local variable's table: its uses are in its function, not every `table` word
    "app/Console/Purge.php": (
        "<?php\nuse Illuminate\\Support\\Facades\\DB;\n\nfunction purge(): void\n{\n"
        "    $table = 'tag_transaction_journal';\n    DB::table($table)->delete();\n}\n"
    ),
    "app/Console/Report.php": "<?php\n$this->table(['Tag', 'Count'], $rows);\n",
    "tools/labels.py": "rows = query.leftJoin('tag_transaction_journal', 'a', 'b')\n",
}
#: (path, line, context) of each high-confidence place.
HIGH = {
    ("app/Models/Configuration.php", 6, "Eloquent $table"),
    ("app/Console/Purge.php", 6, "table-name constant"),
    ("app/Queries.php", 8, "Laravel query builder"),
    ("app/Queries.php", 9, "Laravel query builder"),
    ("app/Queries.php", 10, "Laravel query builder (table.column)"),
    ("app/Queries.php", 11, "Laravel query builder (table.column)"),
    ("app/Queries.php", 13, "Laravel query builder"),
    ("app/Queries.php", 13, "Laravel query builder (table.column)"),
    ("app/Queries.php", 14, "Laravel query builder (table.column)"),
    ("app/Queries.php", 15, "Laravel query builder (table.column)"),
    ("app/Queries.php", 16, "Laravel query builder"),
    ("app/Queries.php", 16, "Laravel query builder (table.column)"),
    ("app/Queries.php", 17, "Laravel query builder (table.column)"),
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


def _items(args: list[str]) -> list[dict[str, object]]:
    done = CliRunner().invoke(cli, ["impact", "--format", "json", *args])
    assert done.exit_code == 0, done.output
    return [
        {**item, "object": obj["name"]}
        for phase in json.loads(done.stdout)["phases"]
        for obj in phase["objects"]
        for item in obj["items"]
    ]


def test_builder_calls_and_model_table_are_high(repo: Path) -> None:
    items = _items(["--min-confidence", "plain"])
    high = {(i["path"], i["line"], i["context"]) for i in items if i["confidence"] == "high"}
    assert high == HIGH
    # the comment, the dotted keys and the Python file stay plain
    plain = {(i["path"], i["line"]) for i in items if i["confidence"] == "plain"}
    assert {("app/Queries.php", n) for n in (19, 25, 26, 27, 28, 29)} <= plain
    assert ("tools/labels.py", 1) in plain


def _database(root: Path) -> Path:
    """The SQLite database the migrations make (sqlite3 runs them), with rows."""
    path = root.parent / "app.sqlite"
    with sqlite3.connect(path) as db:
        db.executescript(INIT)
        db.executescript(
            "INSERT INTO tags VALUES (1, 'a'), (2, 'b'), (3, 'c');"
            "INSERT INTO tag_transaction_journal VALUES (1, 1, 7), (2, 2, 7);"
            "INSERT INTO configuration VALUES (1, 'x', 'y');"
        )
        db.executescript(RENAME)
    db.close()
    return path


def _run(root: Path, database: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["php", str(RUN), str(database), "app/Models/Configuration.php", "app/Queries.php"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin"},
    )


@needs_laravel
def test_diff_makes_the_code_run_on_the_renamed_tables(repo: Path) -> None:
    database = _database(repo)
    before = _run(repo, database)
    assert before.returncode != 0
    assert "no such table: tag_transaction_journal" in before.stdout + before.stderr
    done = CliRunner().invoke(cli, ["impact", "--diff", "--renamed-only"])
    assert done.exit_code == 0, done.output
    patch = repo.parent / "rename.patch"
    patch.write_text(done.stdout)
    subprocess.run(["git", "apply", str(patch)], cwd=repo, check=True)
    after = _run(repo, database)
    assert after.returncode == 0, after.stdout + after.stderr
    assert json.loads(after.stdout) == [
        ["a"],  # tag 2's link was deleted
        [{"transaction_journal_id": 7, "tag": "a"}],
        ["b", "c"],
        1,
    ]
    text = (repo / "app/Queries.php").read_text()
    assert "// delete all from 'tag_transaction_journal'" in text
    assert text.split("function labels", 1)[1] == QUERIES.split("function labels", 1)[1]
    assert (
        "protected $table = 'configurations';"
        in (repo / "app/Models/Configuration.php").read_text()
    )
    assert (repo / "tools/labels.py").read_text() == FILES["tools/labels.py"]
    purge = (repo / "app/Console/Purge.php").read_text()
    assert "$table = 'tag_transaction_journals';" in purge
