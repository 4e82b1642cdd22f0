"""``dbnamelint impact`` finds the Eloquent models that read a table by convention.

``class Tag extends Model`` (no ``$table``) reads ``tags``: illuminate's
``Model::getTable()`` is ``Str::snake(Str::pluralStudly(class_basename))``.
After BookStack's ``tags`` was renamed, ``impact`` listed one
``whereColumn('tags.entity_type', ...)`` and not the model that reads the
table everywhere (trial s40 BookStack I1). Now each such model is a
high-confidence reference at its class name, through a base class of the
project too (``abstract class BaseModel extends EloquentModel``); a model
declaring ``$table`` is found by that literal instead; ``--diff`` leaves
the class as written and a note says what to add.

Oracle: illuminate/database on PHP (Debian's ``php-illuminate-database``):
``(new X)->getTable()`` of each model class the test writes. Searches run
through the real ``git grep``.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.config import load_settings
from dbnamelint.impact import collect_impact
from git_helpers import commit_all, init_repo, isolated_git_env, write_files
from laravel_oracle import needs_laravel

MODELS = {
    "app/Models/BaseModel.php": """<?php

namespace App\\Models;

use Illuminate\\Database\\Eloquent\\Model as EloquentModel;

abstract class BaseModel extends EloquentModel
{
}
""",
    "app/Models/ActivityLog.php": """<?php

namespace App\\Models;

class ActivityLog extends BaseModel
{
}
""",
    "app/Models/Category.php": """<?php

namespace App\\Models;

use Illuminate\\Database\\Eloquent\\Model;

final class Category extends Model
{
    public function label(): string
    {
        $table = 'not the property';
        return $table;
    }
}
""",
    "app/Models/Legacy.php": """<?php

namespace App\\Models;

class Legacy extends \\Illuminate\\Database\\Eloquent\\Model
{
    protected $table = 'legacy_things';
}
""",
    "app/Models/Box.php": """<?php

namespace App\\Models;

class Box extends Legacy
{
}
""",
    "app/Support/Failure.php": """<?php

namespace App\\Support;

class Failure extends \\RuntimeException
{
}
""",
}
#: Each concrete class, for the oracle.
CLASSES = [
    "App\\Models\\ActivityLog",
    "App\\Models\\Category",
    "App\\Models\\Legacy",
    "App\\Models\\Box",
]
SCHEMA = """\
CREATE TABLE activity_logs (id int);
CREATE TABLE categories (id int);
CREATE TABLE legacy_things (id int);
CREATE TABLE boxes (id int);
CREATE TABLE failures (id int);
ALTER TABLE activity_logs RENAME TO audit_logs;
ALTER TABLE categories RENAME TO groups;
ALTER TABLE legacy_things RENAME TO old_things;
ALTER TABLE boxes RENAME TO crates;
ALTER TABLE failures RENAME TO errors;
"""


def _illuminate_tables(root: Path) -> dict[str, str]:
    """``(new X)->getTable()`` of each class of :data:`CLASSES`, by illuminate/database."""
    files = "".join(
        f"require '{root / p}';\n" for p in sorted(MODELS, key=lambda p: "Base" not in p)
    )
    classes = ", ".join(f"'{c}'" for c in CLASSES).replace("\\", "\\\\")
    script = (
        "<?php\nrequire_once 'Illuminate/Database/autoload.php';\n"
        f"{files}$out = [];\nforeach ([{classes}] as $c) {{ $out[$c] = (new $c)->getTable(); }}\n"
        "echo json_encode($out);\n"
    )
    runner = root.parent / "tables.php"
    runner.write_text(script)
    done = subprocess.run(["php", str(runner)], capture_output=True, text=True, check=True)
    out: dict[str, str] = json.loads(done.stdout)
    return out


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "repo"
    root.mkdir()
    write_files(
        root, {"dbnamelint.yaml": "paths: [db]\ndialect: postgres\n", "db/schema.sql": SCHEMA}
    )
    write_files(root, MODELS)
    init_repo(root)
    commit_all(root, "app")
    monkeypatch.chdir(root)
    return root


def _class_line(path: str, name: str) -> int:
    return next(n for n, one in enumerate(MODELS[path].splitlines(), 1) if f"class {name} " in one)


@needs_laravel
def test_convention_named_models_are_references(repo: Path) -> None:
    tables = _illuminate_tables(repo)
    impact = collect_impact(load_settings(repo, None, (), (), ()), repo)
    found = {
        (r.path, r.line, r.name, tuple(r.target.old_names))
        for r in impact.references
        if r.context == "Eloquent model (convention)" and r.confidence == "high"
    }
    # the models illuminate names by convention, each with the table it gives
    convention = {
        "ActivityLog": "app/Models/ActivityLog.php",
        "Category": "app/Models/Category.php",
    }
    want = {
        (path, _class_line(path, name), name, (tables[f"App\\Models\\{name}"],))
        for name, path in convention.items()
    }
    assert found == want, found ^ want
    # Legacy declares $table and Box inherits it: the literal, no convention
    assert tables["App\\Models\\Box"] == tables["App\\Models\\Legacy"] == "legacy_things"


def test_diff_leaves_the_class_with_a_note(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.stderr
    assert "ActivityLog.php" not in result.stdout
    assert "give it protected $table = 'audit_logs';" in result.stderr
