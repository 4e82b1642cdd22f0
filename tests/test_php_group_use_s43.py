"""PHP's grouped and listed ``use`` imports are read as PHP reads them.

PHP imports a class three ways: one a declaration (``use App\\Profile;``),
several in one (``use Auth, Cache, DB;``) and a group under a prefix
(``use Illuminate\\Database\\Eloquent\\{Model, SoftDeletes};``). Only the
first was read (trial s43 pixelfed), so:

- ``impact``: pixelfed's ``Profile`` model imports its base class in a group,
  was taken for no Eloquent model, and every use of the renamed
  ``profiles.sharedInbox`` was plain text (0 high; 12 now); callers importing
  their models in a group (60 of pixelfed's files) were not followed either;
- the gate: a migration importing the Schema facade under an alias in a group
  (``use Illuminate\\Support\\Facades\\{DB, Schema as S};``, then
  ``S::create('StoryVotes', ...)``) passed unread, and app code importing the
  facade in a group was not taken for Laravel's.

Oracles: PHP itself: ``X::class`` is the class an import makes ``X`` name
(php.net "Using namespaces: Aliasing/Importing"); Laravel's schema builder
(tests/laravel/pretend.php) runs the migration and creates ``StoryVotes``;
real git for the gate.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.php_uses import imports
from git_helpers import committed_repo, git
from laravel_oracle import laravel_sql, needs_laravel

needs_php = pytest.mark.skipif(shutil.which("php") is None, reason="php is not installed")
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

USES = """<?php

namespace App\\Jobs;

use Auth, Cache, DB;
use App\\{Profile, Status as Post};
use Illuminate\\Database\\Eloquent\\{
    Model,
    SoftDeletes,
    Relations\\Pivot as Base,
};
use \\GuzzleHttp\\Client as Http;
use function App\\Util\\helper;
use const App\\Util\\LIMIT;

class Fanout
{
    use SoftDeletes, Queueable;
}
"""
SHORT = ["Auth", "Cache", "DB", "Profile", "Post", "Model", "SoftDeletes", "Base", "Http"]


def _php_class_names(code: str, shorts: list[str], tmp_path: Path) -> dict[str, str]:
    """What PHP resolves each short name of ``shorts`` to in ``code``'s scope."""
    body = code.partition("\nclass ")[0]
    echo = "".join(f"echo '{s}=', {s}::class, PHP_EOL;\n" for s in shorts)
    script = tmp_path / "resolve.php"
    script.write_text(body + echo)
    done = subprocess.run(["php", str(script)], capture_output=True, text=True, check=True)
    return dict(line.split("=", 1) for line in done.stdout.splitlines())


@needs_php
def test_imports_are_the_classes_php_resolves(tmp_path: Path) -> None:
    """Before: Profile, Post, Model, SoftDeletes, Base, Auth, Cache and DB
    were missing (only ``Http`` was read), and the trait use ``SoftDeletes,
    Queueable`` in the class body was no import to be read."""
    assert imports(USES) == _php_class_names(USES, SHORT, tmp_path)


MIGRATION = """<?php

use Illuminate\\Database\\{Migrations\\Migration, Schema\\Blueprint};
use Illuminate\\Support\\Facades\\{DB, Schema as S};

return new class extends Migration
{
    public function up(): void
    {
        S::create('StoryVotes', function (Blueprint $table) {
            $table->id();
            $table->bigInteger('storyId')->unsigned()->index();
        });
    }

    public function down(): void
    {
        S::dropIfExists('StoryVotes');
    }
};
"""
BASE_MIGRATION = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

class CreateProfilesTable extends Migration
{
    public function up()
    {
        Schema::create('profiles', function (Blueprint $table) {
            $table->bigIncrements('id');
            $table->string('sharedInbox')->nullable()->index();
            $table->string('inbox_url')->nullable();
        });
    }
}
"""
APP_CODE = """<?php

namespace App\\Services;

use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\{Cache, Schema};

class StoryVoteService
{
    public function install(): void
    {
        Schema::create('StoryVoteCache', function (Blueprint $table) {
            $table->id();
        });
    }
}
"""
CONFIG = "paths: [database/migrations]\ndialect: mysql\n"


@needs_laravel
@needs_git
def test_the_gate_reads_schema_imported_in_a_group(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: the migration passed (exit 0) and the service was not judged."""
    # the oracle: Laravel's schema builder runs the aliased call
    copy = tmp_path / "2024_04_01_000000_create_story_votes_table.php"
    copy.write_text(MIGRATION)
    sql = laravel_sql(copy, "mysql")
    assert sql[0].startswith("create table `StoryVotes` (`id` bigint unsigned"), sql
    files = {
        "dbnamelint.yaml": CONFIG,
        "database/migrations/2018_04_16_000000_create_profiles_table.php": BASE_MIGRATION.replace(
            "sharedInbox", "shared_inbox"
        ),
    }
    root = committed_repo(tmp_path / "app", files, monkeypatch, message="base")
    new = "database/migrations/2024_04_01_000000_create_story_votes_table.php"
    (root / new).write_text(MIGRATION)
    (root / "app/Services").mkdir(parents=True)
    (root / "app/Services/StoryVoteService.php").write_text(APP_CODE)
    git(root, "add", "-A")
    result = CliRunner().invoke(cli, ["check", "--pre-commit"])
    assert result.exit_code == 1, result.output
    # the line of Laravel's create (the column of a short alias's call is not the name's)
    created = [line for line in result.output.splitlines() if 'DBN101 table "StoryVotes"' in line]
    assert [line.split(":")[:2] for line in created] == [[new, "10"]], result.output
    assert f'{new}:12:32: DBN201 column "StoryVotes.storyId"' in result.output
    assert 'app/Services/StoryVoteService.php:12:24: DBN101 table "StoryVoteCache"' in (
        result.output
    )


MODEL = """<?php

namespace App;

use Auth, Cache, DB;
use Illuminate\\Database\\Eloquent\\{Model, SoftDeletes};

class Profile extends Model
{
    use SoftDeletes;

    public function sharedInbox()
    {
        return $this->sharedInbox ?? $this->inbox_url;
    }
}
"""
JOB = """<?php

namespace App\\Jobs\\DeletePipeline;

use App\\{
    Profile,
    Status
};

class FanoutDeletePipeline
{
    public function handle()
    {
        return Profile::whereNotNull('sharedInbox')->groupBy('sharedInbox')->pluck('sharedInbox');
    }
}
"""


@needs_php
@needs_git
def test_impact_follows_models_imported_in_a_group(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: 0 high-confidence references (all plain text)."""
    whitelist = (
        'phases:\n  - id: "1"\n    title: "Legacy names"\n    status: open\n'
        "entries:\n  - kind: column\n    name: profiles.sharedInbox\n    rules: [DBN201]\n"
        '    phase: "1"\n    target: shared_inbox\n'
    )
    files = {
        "dbnamelint.yaml": CONFIG,
        "whitelist.yaml": whitelist,
        "database/migrations/2018_04_16_000000_create_profiles_table.php": BASE_MIGRATION,
        "app/Profile.php": MODEL,
        "app/Jobs/DeletePipeline/FanoutDeletePipeline.php": JOB,
    }
    committed_repo(tmp_path / "app", files, monkeypatch)
    # PHP's own reading: the model extends Eloquent's Model; the job names App\Profile
    model = {"Model": "Illuminate\\Database\\Eloquent\\Model"}
    assert _php_class_names(MODEL, ["Model"], tmp_path) == model
    assert _php_class_names(JOB, ["Profile"], tmp_path) == {"Profile": "App\\Profile"}
    done = CliRunner().invoke(cli, ["impact", "--format", "json", "--min-confidence", "plain"])
    assert done.exit_code == 0, done.output
    high = sorted(
        (item["path"], item["line"], item["column"])
        for phase in json.loads(done.stdout)["phases"]
        for obj in phase["objects"]
        for item in obj["items"]
        if item["confidence"] == "high"
    )
    job = "app/Jobs/DeletePipeline/FanoutDeletePipeline.php"
    assert high == [(job, 14, 39), (job, 14, 63), (job, 14, 85), ("app/Profile.php", 14, 23)], high
