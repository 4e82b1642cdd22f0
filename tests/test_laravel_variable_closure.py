"""A builder closure held in a variable and passed to ``Schema::table`` is read.

BookStack's ``2022_10_08`` and ``2023_12_17`` migrations write
``$addColumn = fn (Blueprint $table) => $table->text('description_html');
Schema::table('books', $addColumn);`` (and a ``$dropRestrictedColumn =
function (...) {...}`` dropping a column and its index): the reader took only a
closure written in the call, so each was a ``DBN013`` warning (an error in the
gate) and ``drift`` found 11 differences, all from these (trial s37 BookStack
L1). Now a variable assigned a closure once in the method, before the call,
is read as that closure; one assigned twice (a branch) or passed in stays
unread. Oracle: Laravel's own schema builder in pretend mode
(tests/laravel/pretend.php) gives the SQL, run on PostgreSQL 15; ``inspect
--db`` of that database equals ``inspect`` of the files. Real git for the gate.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import new_file_errors
from cli_json import inspect_objects
from git_helpers import committed_repo
from laravel_oracle import laravel_sql, needs_laravel
from pg_server import PgServer

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

PATH = "database/migrations/2022_10_08_000000_add_description_html.php"
MIGRATION = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{
    public function up(): void
    {
        Schema::create('books', function (Blueprint $table) {
            $table->increments('id');
            $table->boolean('restricted');
            $table->index('restricted');
        });
        Schema::create('chapters', function (Blueprint $table) {
            $table->increments('id');
        });
        $addColumn = fn (Blueprint $table) => $table->text('{column}');
        Schema::table('books', $addColumn);
        Schema::table('chapters', $addColumn);
        $dropRestrictedColumn = function (Blueprint $table) {
            $table->dropIndex('books_restricted_index');
            $table->dropColumn('restricted');
        };
        Schema::table('books', $dropRestrictedColumn);
    }

    public function down(): void {}
};
"""
#: The closure chosen in a branch: which one runs is known only at run time.
BRANCHED = MIGRATION.replace(
    "        Schema::table('books', $addColumn);\n",
    "        if (random_int(0, 1) > 0) {\n"
    "            $addColumn = fn (Blueprint $table) => $table->text('OtherColumn');\n"
    "        }\n"
    "        Schema::table('books', $addColumn);\n",
)


@needs_laravel
def test_the_model_has_what_the_variables_closures_make(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    migration = tmp_path / PATH
    migration.parent.mkdir(parents=True)
    migration.write_text(MIGRATION.replace("{column}", "description_html"))
    (tmp_path / "dbnamelint.yaml").write_text('paths: ["database/migrations"]\ndialect: postgres\n')
    sql = laravel_sql(migration)
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("s37_laravel_var_closure") as db:
        pg.run(sql=";\n".join(sql) + ";", dbname=db)
        made, _ = inspect_objects("--db", pg.url(db))
    files, said = inspect_objects()
    assert ("column", "chapters", "description_html") in made
    assert ("column", "books", "restricted") not in made
    assert files == made, files ^ made
    assert not [d for d in said if d["code"] == "DBN013"], said


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    schema = "CREATE TABLE users (id INT NOT NULL, PRIMARY KEY(id));\n"
    files = {"dbnamelint.yaml": 'paths: ["."]\ndialect: postgres\n', "schema.sql": schema}
    return committed_repo(tmp_path / "app", files, monkeypatch)


def test_the_gate_judges_the_variables_closure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: a DBN013 error at each call, the name never judged."""
    root = _repo(tmp_path, monkeypatch)
    text = MIGRATION.replace("{column}", "DescriptionHtml")
    # a column of books and one of chapters, each at the call making it (as a
    # Blueprint passed to a helper is laid on its Schema:: call)
    lines = [
        i + 1
        for i, one in enumerate(text.splitlines())
        if one.strip().startswith("Schema::table(") and "$addColumn" in one
    ]
    assert len(lines) == 2
    assert new_file_errors(root, PATH, text) == [("DBN201", n) for n in lines]


def test_a_closure_chosen_in_a_branch_stays_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    text = BRANCHED.replace("{column}", "description_html")
    # both calls passing $addColumn: not read, the gate's DBN013 error
    lines = [
        i + 1
        for i, one in enumerate(text.splitlines())
        if one.strip().startswith("Schema::table(") and "$addColumn" in one
    ]
    assert new_file_errors(root, PATH, text) == [("DBN013", n) for n in lines]
