"""Laravel Schema builder calls a change adds to an app's own PHP are judged.

``Schema::create('ExtraThing', function (Blueprint $t) {...})`` in an artisan
command, ``Schema::table`` in a controller, ``Schema::create`` in a seeder or
a route closure make names at run time as a migration's calls do. Before,
only a migration's ``up()`` was read, so such a call passed the hook and
``check --base`` in silence (trial s37 BookStack s28, s31, s32, s65) while the
same DDL as ``DB::statement`` in those files was judged. Now their names are
judged as the ``DB::statement``'s, and a call whose name is not read is a
``DBN013`` error unless a comment at the call accepts it. The oracle is real
git (the base commit and the change's staged copy); the names are Laravel's
(``Schema::create``'s first argument, ``$table->string``'s column).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli_json import run_cli
from dbnamelint.cli import cli
from git_helpers import committed_repo, git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

MIGRATION = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{
    public function up(): void
    {
        Schema::create('books', function (Blueprint $table) {
            $table->id();
            $table->string('name');
        });
    }

    public function down(): void {}
};
"""
COMMAND = """<?php

namespace App\\Console\\Commands;

use Illuminate\\Console\\Command;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

class InstallExtra extends Command
{
    public function handle(): void
    {
        if (Schema::hasTable('extra_things')) {
            return;
        }
        Schema::create('ExtraThing', function (Blueprint $table) {
            $table->increments('id');
            $table->string('extraName');
        });
        $this->addFlag('books');
        $this->info('Done');
    }

    private function addFlag(string $on): void
    {
        Schema::table($on, fn (Blueprint $t) => $t->boolean('IsFlagged'));
    }
}
"""
CONTROLLER = """<?php

namespace App\\Http\\Controllers;

use Illuminate\\Support\\Facades\\DB;

class BookController extends Controller
{
    public function show(int $id): array
    {
        return DB::table('books')->where('id', $id)->first();
    }
{added}}
"""
CONTROLLER_ADDED = """
    public function upgrade(): void
    {
        \\Illuminate\\Support\\Facades\\Schema::table('books', function ($table) {
            $table->string('CtrlCol');
        });
        {accept}\\Illuminate\\Support\\Facades\\Schema::create(config('x.t'), function ($t) {
            $t->id();
        });
        \\Illuminate\\Support\\Facades\\Schema::rename('books', 'BookList');
    }
"""
#: A routes file has no namespace: ``Schema`` is Laravel's global alias.
ROUTES = """<?php

Route::get('/install', function () {
    Schema::create('RouteThing', function ($table) {
        $table->id();
    });
});
"""
#: Another library's class named Schema (a GraphQL schema): not Laravel's builder.
GRAPHQL = """<?php

namespace App\\GraphQL;

use GraphQL\\Type\\Schema;

class Build
{
    public function schema(): Schema
    {
        return Schema::build(['query' => 'Query']);
    }
}
"""


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {
        "database/migrations/2024_01_01_000000_create_books.php": MIGRATION,
        "app/Http/Controllers/BookController.php": CONTROLLER.replace("{added}", ""),
        "dbnamelint.yaml": "paths: [database/migrations]\ndialect: mysql\n",
    }
    return committed_repo(tmp_path / "app", files, monkeypatch, message="base")


def _hook(*paths: str) -> tuple[int, list[tuple[str, str, int, str]]]:
    git(Path.cwd(), "add", "-A")
    status, report, _ = run_cli("check", "--pre-commit", "--format", "json", *paths)
    return status, sorted(
        (d["code"], d["path"], d["line"], d["severity"])
        for d in report["findings"] + report["diagnostics"]
    )


def test_a_new_commands_schema_calls_are_judged(app: Path) -> None:
    command = "app/Console/Commands/InstallExtra.php"
    (app / command).parent.mkdir(parents=True)
    (app / command).write_text(COMMAND)
    code, found = _hook(command)
    # the created table and its column, and the column a helper method adds to
    # the table its caller names; hasTable and $this->info() make no name
    assert code == 1
    assert found == [
        ("DBN101", command, 16, "error"),
        ("DBN105", command, 16, "error"),
        ("DBN201", command, 18, "error"),
        ("DBN201", command, 26, "error"),
    ]
    # the same through check --base
    result = CliRunner().invoke(cli, ["check", "--base", "HEAD"])
    assert result.exit_code == 1, result.output
    assert f'{command}:18:28: DBN201 column "ExtraThing.extraName"' in result.output
    assert "DBN013" not in result.output


def test_calls_added_to_a_controller_are_judged_and_one_not_read_is_refused(app: Path) -> None:
    controller = "app/Http/Controllers/BookController.php"
    (app / controller).write_text(
        CONTROLLER.replace("{added}", CONTROLLER_ADDED.replace("{accept}", ""))
    )
    code, found = _hook(controller)
    assert code == 1
    # the added column (on books, renamed after), the renamed table, and the
    # create whose name comes from config() (DBN013); the committed show()
    # is not new
    assert found == [
        ("DBN013", controller, 19, "error"),
        ("DBN101", controller, 22, "error"),
        ("DBN105", controller, 22, "error"),
        ("DBN201", controller, 17, "error"),
    ]


def test_a_comment_at_the_call_accepts_one_not_read(app: Path) -> None:
    controller = "app/Http/Controllers/BookController.php"
    accept = "// dbnamelint: ignore[DBN013] the table name is checked by hand\n        "
    (app / controller).write_text(
        CONTROLLER.replace("{added}", CONTROLLER_ADDED.replace("{accept}", accept))
    )
    code, found = _hook(controller)
    # the comment moved the calls below it one line down
    assert (code, found) == (
        1,
        [
            ("DBN101", controller, 23, "error"),
            ("DBN105", controller, 23, "error"),
            ("DBN201", controller, 17, "error"),
        ],
    )


def test_a_route_closures_call_through_the_global_alias_is_judged(app: Path) -> None:
    (app / "routes").mkdir()
    (app / "routes/web.php").write_text(ROUTES)
    code, found = _hook("routes/web.php")
    assert code == 1
    assert found == [
        ("DBN101", "routes/web.php", 4, "error"),
        ("DBN105", "routes/web.php", 4, "error"),
    ]


def test_another_class_named_schema_is_not_read(app: Path) -> None:
    (app / "app/GraphQL").mkdir(parents=True)
    (app / "app/GraphQL/Build.php").write_text(GRAPHQL)
    assert _hook("app/GraphQL/Build.php") == (0, [])


def test_a_call_committed_before_is_not_new(app: Path) -> None:
    controller = "app/Http/Controllers/BookController.php"
    (app / controller).write_text(
        CONTROLLER.replace("{added}", CONTROLLER_ADDED.replace("{accept}", ""))
    )
    git(app, "add", "-A")
    git(app, "commit", "-q", "-m", "legacy upgrade()")
    # an edit elsewhere in the file: the committed calls are not the change's
    edited = (app / controller).read_text().replace("->first();", "->firstOrFail();")
    (app / controller).write_text(edited)
    assert _hook(controller) == (0, [])


def test_a_service_providers_settings_make_no_name(app: Path) -> None:
    provider = "app/Providers/AppServiceProvider.php"
    (app / provider).parent.mkdir(parents=True)
    (app / provider).write_text(
        "<?php\n\nnamespace App\\Providers;\n\nuse Illuminate\\Support\\Facades\\Schema;\n\n"
        "class AppServiceProvider extends ServiceProvider\n{\n    public function boot(): void\n"
        "    {\n        Schema::defaultStringLength(191);\n        Schema::morphUsingUuids();\n"
        "        Schema::defaultMorphKeyType('uuid');\n    }\n}\n"
    )
    assert _hook(provider) == (0, [])
