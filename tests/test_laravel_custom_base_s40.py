"""A Laravel migration extending the project's own base class is read.

Laravel's migrator ``require``s each ``*_*.php`` of its folder and runs the
``up()`` of the class it holds, whatever that class extends: ``return new
class extends BaseMigration`` (``abstract class BaseMigration extends
Migration`` in ``app/``) runs as any migration. The reader took a file for a
migration only when it named ``Illuminate\\Database\\Migrations\\Migration``,
so such a migration's tables were missing from the model and its names went
unjudged by ``check``, without a word (trial s40 BookStack M1). Now a file
named as ``make:migration`` names them whose class extends another and has
an ``up()`` using Laravel's schema API is one. Oracle: Laravel's own schema
builder in pretend mode (tests/laravel/pretend.php), the base class loaded,
gives the SQL, run on PostgreSQL 15; ``inspect --db`` equals ``inspect`` of
the files.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_json import inspect_objects, run_cli
from laravel_oracle import laravel_sql, needs_laravel
from pg_server import PgServer

BASE = """<?php

namespace App\\Database;

use Illuminate\\Database\\Migrations\\Migration;

abstract class BaseMigration extends Migration
{
}
"""
PATH = "database/migrations/2025_01_01_000000_create_widgets.php"
MIGRATION = """<?php

use App\\Database\\BaseMigration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends BaseMigration
{
    public function up(): void
    {
        Schema::create('widgets', function (Blueprint $table) {
            $table->increments('id');
            $table->string('{column}');
            $table->index('{column}');
        });
    }

    public function down(): void {}
};
"""


def _project(root: Path, column: str) -> Path:
    (root / "app/Database").mkdir(parents=True)
    (root / "app/Database/BaseMigration.php").write_text(BASE)
    migration = root / PATH
    migration.parent.mkdir(parents=True)
    migration.write_text(MIGRATION.replace("{column}", column))
    (root / "dbnamelint.yaml").write_text('paths: ["database/migrations"]\ndialect: postgres\n')
    return migration


@needs_laravel
def test_the_model_has_what_the_migration_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    migration = _project(tmp_path, "label")
    # the oracle runs the file with its base class loaded, as the app's autoloader does
    base = (tmp_path / "app/Database/BaseMigration.php").resolve()
    oracle = tmp_path / "oracle.php"
    oracle.write_text(
        migration.read_text().replace("<?php\n", f"<?php\nrequire_once '{base}';\n", 1)
    )
    sql = laravel_sql(oracle)
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("s40_laravel_custom_base") as db:
        pg.run(sql=";\n".join(sql) + ";", dbname=db)
        made, _ = inspect_objects("--db", pg.url(db))
    files, _said = inspect_objects()
    assert ("index", "widgets", "widgets_label_index") in made, made
    assert files == made, files ^ made


def test_check_judges_its_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: ``check`` passed, the file not read."""
    _project(tmp_path, "WidgetLabel")
    monkeypatch.chdir(tmp_path)
    status, report, output = run_cli("check", "--no-cache", "--format", "json")
    assert status == 1, output
    line = next(n for n, one in enumerate(MIGRATION.splitlines(), 1) if "$table->string(" in one)
    found = {(f["code"], f["path"], f["line"]) for f in report["findings"]}
    assert ("DBN201", PATH, line) in found, found
